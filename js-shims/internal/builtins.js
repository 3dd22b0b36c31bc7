// The one table of Node built-ins the isolate offers (DESIGN §3): a name here is what
// `require('x')` and `require('node:x')` serve; anything else is "Cannot find module".
'use strict';

const requireShim = require('internal/require_shim');

// name -> shim file (under js-shims/) implementing it.
const BUILTINS = {
  buffer: 'buffer',
  console: 'console',
  events: 'events',
  path: 'path',
  'path/posix': 'path',
  module: 'module',
  perf_hooks: 'perf_hooks',
  process: 'process',
  stream: 'stream',
  'stream/promises': 'stream/promises',
  timers: 'timers',
  url: 'url',
  util: 'util',
};

function canonical(name) {
  return name.startsWith('node:') ? name.slice(5) : name;
}

function isBuiltin(name) {
  return Object.prototype.hasOwnProperty.call(BUILTINS, canonical(name));
}

function requirePublic(name) {
  const shim = BUILTINS[canonical(name)];
  if (shim === undefined) {
    const error = new Error(`Cannot find module '${name}'`);
    error.code = 'MODULE_NOT_FOUND';
    throw error;
  }
  return requireShim(shim);
}

// Node's globals are writable and configurable; the Web ones are enumerable.
function setGlobal(name, value, enumerable) {
  Object.defineProperty(globalThis, name, {
    value, writable: true, configurable: true, enumerable,
  });
}

module.exports = {
  builtinModules: Object.keys(BUILTINS).sort(),
  isBuiltin,
  requirePublic,
  setGlobal,
};
