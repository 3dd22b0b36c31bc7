'use strict';
// Node 20's `dns/promises` (also `dns.promises`): `lookup` answers IP literals and refuses to
// resolve host names (they are resolved by fetch under the network policy, DESIGN §4); the
// DNS queries are denied (the promises reject with ERR_ACCESS_DENIED).

const shared = require('internal/dns');
const { deniedAsync, deniedConstructor, deniedFunction } = require('internal/denied');

const CAPABILITY = 'dns';

function lookup(hostname, options) {
  shared.checkHostname(hostname);
  const result = shared.answer(hostname, shared.lookupOptions(options));
  return result.error ? Promise.reject(result.error) : Promise.resolve(result.value);
}

const QUERIES = ['resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCaa', 'resolveCname',
  'resolveMx', 'resolveNaptr', 'resolveNs', 'resolvePtr', 'resolveSoa', 'resolveSrv',
  'resolveTxt', 'reverse'];

const queries = {};
for (const name of QUERIES) queries[name] = deniedAsync(`dns.promises.${name}`, CAPABILITY, 2);

module.exports = {
  lookup,
  lookupService: deniedAsync('dns.promises.lookupService', CAPABILITY, 2),
  Resolver: deniedConstructor('dns.promises.Resolver', CAPABILITY),
  getDefaultResultOrder: shared.getDefaultResultOrder,
  setDefaultResultOrder: shared.setDefaultResultOrder,
  getServers: () => [],
  setServers: deniedFunction('dns.promises.setServers', CAPABILITY, 1),
  ...queries,
  ...shared.ERROR_CODES,
};
