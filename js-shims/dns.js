'use strict';
// Node 20's `dns`: `lookup` answers IP literals and refuses to resolve host names (fetch and
// http/https resolve them under the network policy, DESIGN §4), calling back with an
// ENOTFOUND error that says so. The DNS queries (resolve*, reverse, lookupService,
// setServers, Resolver) throw ERR_ACCESS_DENIED; there are no configured servers.

const shared = require('internal/dns');
const promises = require('dns/promises');
const { invalidArgType } = require('internal/errors');
const { deniedConstructor, deniedFunction } = require('internal/denied');

const CAPABILITY = 'dns';

function checkCallback(callback) {
  if (typeof callback !== 'function') throw invalidArgType('callback', 'of type function', callback);
}

// Node's request object (a GetAddrInfoReqWrap) is opaque; an empty object stands for it.
function lookup(hostname, options, callback) {
  shared.checkHostname(hostname);
  if (typeof options === 'function') {
    callback = options;
    options = undefined;
  } else if (options !== undefined && options !== null && typeof options !== 'object' &&
             typeof options !== 'number') {
    checkCallback(arguments.length === 2 ? options : callback);
  } else {
    checkCallback(callback);
  }
  const settings = shared.lookupOptions(options);
  const result = shared.answer(hostname, settings);
  if (result.error) process.nextTick(callback, result.error);
  else if (settings.all) process.nextTick(callback, null, result.value);
  else process.nextTick(callback, null, result.value.address, result.value.family);
  return {};
}

const QUERIES = ['resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCaa', 'resolveCname',
  'resolveMx', 'resolveNaptr', 'resolveNs', 'resolvePtr', 'resolveSoa', 'resolveSrv',
  'resolveTxt', 'reverse'];

const queries = {};
for (const name of QUERIES) queries[name] = deniedFunction(`dns.${name}`, CAPABILITY, 2);

module.exports = {
  lookup,
  lookupService: deniedFunction('dns.lookupService', CAPABILITY, 3),
  Resolver: deniedConstructor('dns.Resolver', CAPABILITY),
  getDefaultResultOrder: shared.getDefaultResultOrder,
  setDefaultResultOrder: shared.setDefaultResultOrder,
  setServers: deniedFunction('dns.setServers', CAPABILITY, 1),
  ...queries,
  ...shared.HINTS,
  ...shared.ERROR_CODES,
  getServers: () => [],
  promises,
};
