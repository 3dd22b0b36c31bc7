'use strict';
// Node 20's deprecated `constants` module: the dlopen, errno, priority and signal constants
// of `os.constants`, then `fs.constants` and `crypto.constants`, merged into one object in
// Node's order (Linux values).

const tables = require('internal/constants');

module.exports = Object.freeze(Object.assign({}, tables.dlopen, tables.errno, tables.priority,
  tables.signals, tables.fs, tables.crypto));
