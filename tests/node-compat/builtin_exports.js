// Export surface of the built-ins kvm mocks or implements in JS (unenv's node-coverage check,
// DESIGN §7): one line group per module, `name: key:type ...` sorted, for the module and for
// the nested objects scripts read (os.constants, http2.constants, dns.promises, ...).
//
// Under kvm the intended differences listed in builtin_exports.expected-diff.json are applied
// first (extra names removed, missing ones added), so the output must equal node's. Types are
// one letter: f function, o object, n number, s string, b boolean, y symbol, u undefined,
// l null.

const MODULES = [
  'assert', 'assert/strict', 'async_hooks', 'child_process', 'cluster', 'constants', 'dgram',
  'diagnostics_channel', 'dns', 'dns/promises', 'domain', 'http', 'http2', 'https', 'inspector',
  'inspector/promises', 'net', 'os',
  'punycode', 'querystring', 'timers/promises', 'tls', 'util/types', 'v8', 'vm',
  'worker_threads',
];

// Nested objects whose keys are part of the surface: [module, path].
const NESTED = [
  ['assert', 'strict'],
  ['dns', 'promises'],
  ['http2', 'constants'],
  ['inspector', 'console'],
  ['inspector', 'Network'],
  ['os', 'constants'],
  ['os', 'constants.dlopen'],
  ['os', 'constants.errno'],
  ['os', 'constants.priority'],
  ['os', 'constants.signals'],
  ['punycode', 'ucs2'],
  ['v8', 'promiseHooks'],
  ['v8', 'startupSnapshot'],
  ['vm', 'constants'],
];

const inKvm = typeof process.versions.kvm === 'string';
const expectations = inKvm ? require('./builtin_exports.expected-diff.json') : {};

function typeLetter(value) {
  if (value === null) return 'l';
  return { function: 'f', object: 'o', number: 'n', string: 's', boolean: 'b', symbol: 'y',
    undefined: 'u', bigint: 'i' }[typeof value];
}

// Sorted `key:type` entries, after applying the expectations for `label`.
function surface(label, object) {
  const entries = new Map(Object.keys(object).map((key) => [key, typeLetter(object[key])]));
  const expected = expectations[label] || {};
  for (const { name } of expected.extra || []) entries.delete(name);
  for (const { name, type } of expected.missing || []) entries.set(name, type);
  return [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, t]) => `${k}:${t}`);
}

// Lines stay short (kvm cuts log messages at 4000 characters): 12 entries per line.
function print(label, object) {
  const entries = surface(label, object);
  if (entries.length === 0) console.log(`${label}: (none)`);
  for (let i = 0; i < entries.length; i += 12) {
    console.log(`${label}${i === 0 ? '' : ` (${i / 12 + 1})`}: ${entries.slice(i, i + 12).join(' ')}`);
  }
}

for (const name of MODULES) {
  const mod = require(name);
  console.log(`${name} is node:${name}: ${mod === require(`node:${name}`)}`);
  print(name, mod);
}

for (const [name, path] of NESTED) {
  const value = path.split('.').reduce((object, key) => object[key], require(name));
  print(`${name}.${path}`, value);
}

// Identities Node guarantees between modules.
console.log('assert.strict is assert/strict:', require('assert').strict === require('assert/strict'));
console.log('util.types is util/types:', require('util').types === require('util/types'));
console.log('dns.promises is dns/promises:', require('dns').promises === require('dns/promises'));
console.log('net.Stream is net.Socket:', require('net').Stream === require('net').Socket);
console.log('inspector/promises shares console:', require('inspector/promises').console === require('inspector').console,
  'but not Session:', require('inspector/promises').Session === require('inspector').Session);
