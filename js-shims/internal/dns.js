'use strict';
// What `dns` and `dns/promises` share: lookup's argument checks and answer, the default result
// order, and the error codes.
//
// A konnector never resolves names itself (DESIGN §4: kvm's fetch resolves and checks every
// address against the network policy, once, right before connecting). So `lookup` answers IP
// literals as Node does, without DNS, and fails any host name with an ENOTFOUND error saying
// where resolution happens; the query functions (resolve*, reverse, lookupService) are denied.

const { isIP } = require('net');
// `util` is loaded on first use only (for error messages).
const inspect = (value) => require('util').inspect(value);
const { codedError, invalidArgType } = require('internal/errors');

const ERROR_CODES = {
  NODATA: 'ENODATA', FORMERR: 'EFORMERR', SERVFAIL: 'ESERVFAIL', NOTFOUND: 'ENOTFOUND',
  NOTIMP: 'ENOTIMP', REFUSED: 'EREFUSED', BADQUERY: 'EBADQUERY', BADNAME: 'EBADNAME',
  BADFAMILY: 'EBADFAMILY', BADRESP: 'EBADRESP', CONNREFUSED: 'ECONNREFUSED',
  TIMEOUT: 'ETIMEOUT', EOF: 'EOF', FILE: 'EFILE', NOMEM: 'ENOMEM', DESTRUCTION: 'EDESTRUCTION',
  BADSTR: 'EBADSTR', BADFLAGS: 'EBADFLAGS', NONAME: 'ENONAME', BADHINTS: 'EBADHINTS',
  NOTINITIALIZED: 'ENOTINITIALIZED', LOADIPHLPAPI: 'ELOADIPHLPAPI',
  ADDRGETNETWORKPARAMS: 'EADDRGETNETWORKPARAMS', CANCELLED: 'ECANCELLED',
};

// getaddrinfo flags (Linux values).
const HINTS = { ADDRCONFIG: 32, V4MAPPED: 8, ALL: 16 };

const ORDERS = ['verbatim', 'ipv4first', 'ipv6first'];
let defaultOrder = 'verbatim';

function notOneOf(name, allowed, value) {
  const kind = name.includes('.') ? 'property' : 'argument';
  const shown = allowed.map((v) => (typeof v === 'string' ? `'${v}'` : String(v))).join(', ');
  return codedError(TypeError, 'ERR_INVALID_ARG_VALUE',
    `The ${kind} '${name}' must be one of: ${shown}. Received ${inspect(value)}`);
}

function checkOneOf(value, name, allowed) {
  if (!allowed.includes(value)) throw notOneOf(name, allowed, value);
}

function getDefaultResultOrder() {
  return defaultOrder;
}

function setDefaultResultOrder(order) {
  checkOneOf(order, 'dnsOrder', ORDERS);
  defaultOrder = order;
}

function checkBoolean(value, name) {
  if (typeof value !== 'boolean') throw invalidArgType(name, 'of type boolean', value);
}

// lookup's options object or family number -> { family, all }; throws Node's errors.
function lookupOptions(options) {
  if (typeof options === 'number') {
    checkOneOf(options, 'family', [0, 4, 6]);
    return { family: options, all: false };
  }
  if (options === undefined || options === null) return { family: 0, all: false };
  if (typeof options !== 'object') {
    throw invalidArgType('options', 'of type object or integer', options);
  }
  let family = 0;
  let all = false;
  if (options.hints != null) {
    if (typeof options.hints !== 'number') {
      throw invalidArgType('options.hints', 'of type number', options.hints);
    }
    const hints = options.hints >>> 0;
    if ((hints & ~(HINTS.ADDRCONFIG | HINTS.V4MAPPED | HINTS.ALL)) !== 0) {
      throw codedError(TypeError, 'ERR_INVALID_ARG_VALUE',
        `The argument 'hints' is invalid. Received ${inspect(hints)}`);
    }
  }
  if (options.family != null) {
    if (options.family === 'IPv4') family = 4;
    else if (options.family === 'IPv6') family = 6;
    else {
      checkOneOf(options.family, 'options.family', [0, 4, 6]);
      family = options.family;
    }
  }
  if (options.all != null) {
    checkBoolean(options.all, 'options.all');
    all = options.all;
  }
  if (options.verbatim != null) checkBoolean(options.verbatim, 'options.verbatim');
  if (options.order != null) checkOneOf(options.order, 'options.order', ORDERS);
  return { family, all };
}

function checkHostname(hostname) {
  if (hostname && typeof hostname !== 'string') {
    throw invalidArgType('hostname', 'of type string', hostname);
  }
}

function notResolvedHere(hostname) {
  const error = new Error(`getaddrinfo ENOTFOUND ${hostname} (kvm does not resolve host names ` +
    'for scripts: fetch and http/https requests resolve them under the network policy)');
  Object.assign(error, { errno: -3008, code: 'ENOTFOUND', syscall: 'getaddrinfo', hostname });
  return error;
}

// The answer to a checked lookup: { error } or { value } with `value` what the promise API
// resolves to (the callback API spreads { address, family }).
function answer(hostname, { family, all }) {
  if (!hostname) {
    process.emitWarning(`The provided hostname "${hostname}" is not a valid hostname, and is ` +
      'supported in the dns module solely for compatibility.', 'DeprecationWarning', 'DEP0118');
    return { value: all ? [] : { address: null, family: family === 6 ? 6 : 4 } };
  }
  const literalFamily = isIP(hostname);
  if (literalFamily) {
    const entry = { address: hostname, family: literalFamily };
    return { value: all ? [entry] : entry };
  }
  return { error: notResolvedHere(hostname) };
}

module.exports = {
  ERROR_CODES,
  HINTS,
  getDefaultResultOrder,
  setDefaultResultOrder,
  lookupOptions,
  checkHostname,
  answer,
};
