// The one table of Node built-ins the isolate offers (DESIGN §3): a name here is what
// `require('x')` and `require('node:x')` serve; anything else is "Cannot find module".
'use strict';

const requireShim = require('internal/require_shim');

// name -> shim file (under js-shims/) implementing it.
const BUILTINS = {
  assert: 'assert',
  'assert/strict': 'assert/strict',
  async_hooks: 'async_hooks',
  buffer: 'buffer',
  child_process: 'child_process',
  cluster: 'cluster',
  console: 'console',
  constants: 'constants',
  crypto: 'crypto',
  dgram: 'dgram',
  diagnostics_channel: 'diagnostics_channel',
  dns: 'dns',
  'dns/promises': 'dns/promises',
  domain: 'domain',
  events: 'events',
  fs: 'fs',
  'fs/promises': 'fs/promises',
  http: 'http',
  http2: 'http2',
  https: 'https',
  inspector: 'inspector',
  'inspector/promises': 'inspector/promises',
  module: 'module',
  net: 'net',
  os: 'os',
  path: 'path',
  'path/posix': 'path',
  perf_hooks: 'perf_hooks',
  process: 'process',
  punycode: 'punycode',
  querystring: 'querystring',
  sqlite: 'sqlite',
  stream: 'stream',
  'stream/promises': 'stream/promises',
  string_decoder: 'string_decoder',
  timers: 'timers',
  'timers/promises': 'timers/promises',
  tls: 'tls',
  url: 'url',
  util: 'util',
  'util/types': 'util/types',
  v8: 'v8',
  vm: 'vm',
  worker_threads: 'worker_threads',
  zlib: 'zlib',
};

// Packages kvm serves itself (konnector-lib/) when the konnector has no copy of its own in
// node_modules: resolved as `kvm:<package>`, never shadowing one the konnector ships.
const PACKAGES = {
  'cozy-konnector-libs': 'konnector-lib/index',
  cheerio: 'konnector-lib/cheerio',
};
const PACKAGE_SCHEME = 'kvm:';

// The id a bare `require(request)` resolves to when no node_modules holds it, or null.
function packageId(request) {
  return Object.prototype.hasOwnProperty.call(PACKAGES, request) ? PACKAGE_SCHEME + request : null;
}

function isPackageId(id) {
  return id.startsWith(PACKAGE_SCHEME);
}

function requirePackage(id) {
  return requireShim(PACKAGES[id.slice(PACKAGE_SCHEME.length)]);
}

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
  isPackageId,
  packageId,
  requirePackage,
  requirePublic,
  setGlobal,
};
