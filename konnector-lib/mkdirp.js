// mkdirp(...pathComponents): the Cozy directory at that path, made with its missing
// ancestors (a leading `/` added when missing). Confined, like every files operation of
// kvm, to the run's folder.
'use strict';

const { posix } = require('path');
const { files } = require('konnector-lib/internal/cozy');

function mkdirp(...pathComponents) {
  return files.mkdirp(posix.join('/', ...pathComponents));
}

module.exports = mkdirp;
