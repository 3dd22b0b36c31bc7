'use strict';
// Node 20's `inspector/promises`, denied like `inspector`: the same exports, with its own
// (promise-based in Node) Session class, which cannot be created either.

const inspector = require('inspector');
const { deniedConstructor } = require('internal/denied');

module.exports = {
  ...inspector,
  Session: deniedConstructor('inspector/promises.Session', 'inspector',
    Object.getPrototypeOf(inspector.Session)),
};
