'use strict';
// Node 20's `util/types`: the same object as `require('util').types`.

module.exports = require('util').types;
