'use strict';
// Node 20's `assert/strict`: the strict-mode assert, the same object as `assert.strict`.

module.exports = require('assert').strict;
