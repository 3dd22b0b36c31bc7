'use strict';
// Node 20's `net`, denied (DESIGN §3): konnectors reach the network only through fetch and
// http/https, which apply the network policy. Sockets and servers cannot be created; the pure
// parts work as in Node: isIP/isIPv4/isIPv6, SocketAddress, BlockList and the
// autoSelectFamily defaults.
//
// Socket and Server inherit from EventEmitter (Node's Socket is a stream.Duplex); no instance
// can exist, so only `instanceof EventEmitter` checks on the classes themselves could tell.

const EventEmitter = require('events');
// `util` is large and loaded on first use only: most runs never print these values.
const inspect = (...args) => require('util').inspect(...args);
const kInspect = Symbol.for('nodejs.util.inspect.custom');
const { codedError, invalidArgType } = require('internal/errors');
const {
  internals: { describeReceived, outOfRange },
} = require('internal/event_target');
const { deniedConstructor, deniedFunction } = require('internal/denied');

const CAPABILITY = 'net';

// ---------------------------------------------------------------------------------------------
// IP address syntax (Node accepts dotted quads without leading zeros, and IPv6 with a zone)

const IPV4_PART = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]\\d|\\d)';
const IPV4 = new RegExp(`^${IPV4_PART}(?:\\.${IPV4_PART}){3}$`);
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;
const ZONE = /^[0-9a-zA-Z\-.:]+$/;

function parseIPv4(text) {
  if (!IPV4.test(text)) return null;
  return text.split('.').map(Number);
}

// The eight 16-bit groups of an IPv6 address (its zone dropped), or null.
function parseIPv6(text) {
  const zoneAt = text.indexOf('%');
  if (zoneAt !== -1) {
    if (!ZONE.test(text.slice(zoneAt + 1))) return null;
    text = text.slice(0, zoneAt);
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groupsOf = (part, last) => {
    if (part === '') return [];
    const pieces = part.split(':');
    const groups = [];
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i];
      if (last && i === pieces.length - 1 && piece.includes('.')) {
        const quad = parseIPv4(piece);
        if (quad === null) return null;
        groups.push((quad[0] << 8) | quad[1], (quad[2] << 8) | quad[3]);
      } else if (HEX_GROUP.test(piece)) {
        groups.push(parseInt(piece, 16));
      } else {
        return null;
      }
    }
    return groups;
  };
  if (halves.length === 1) {
    const groups = groupsOf(text, true);
    return groups !== null && groups.length === 8 ? groups : null;
  }
  const head = groupsOf(halves[0], false);
  const tail = groupsOf(halves[1], true);
  if (head === null || tail === null || head.length + tail.length > 7) return null;
  return [...head, ...new Array(8 - head.length - tail.length).fill(0), ...tail];
}

function isIPv4(input) {
  return parseIPv4(`${input}`) !== null;
}

function isIPv6(input) {
  return parseIPv6(`${input}`) !== null;
}

function isIP(input) {
  if (isIPv4(input)) return 4;
  if (isIPv6(input)) return 6;
  return 0;
}

// As libuv prints it: the longest run of two or more zero groups becomes `::`, and an
// IPv4-compatible or IPv4-mapped address ends in a dotted quad.
function formatIPv6(groups) {
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let end = i;
    while (end < 8 && groups[end] === 0) end++;
    if (end - i > best.length) best = { start: i, length: end - i };
    i = end;
  }
  if (best.length < 2) best = { start: -1, length: 0 };
  const hex = (from, to) => groups.slice(from, to).map((g) => g.toString(16)).join(':');
  if (best.start === 0 && (best.length === 6 || (best.length === 5 && groups[5] === 0xffff))) {
    const quad = [groups[6] >> 8, groups[6] & 255, groups[7] >> 8, groups[7] & 255].join('.');
    return best.length === 6 ? `::${quad}` : `::ffff:${quad}`;
  }
  if (best.start === -1) return hex(0, 8);
  return `${hex(0, best.start)}::${hex(best.start + best.length, 8)}`;
}

// ---------------------------------------------------------------------------------------------
// SocketAddress

const FAMILIES = { ipv4: 4, ipv6: 6 };

// Reads an address's comparison value (set inside the class, where `#value` is visible).
let valueOf;

function badPort(name, port) {
  return codedError(RangeError, 'ERR_SOCKET_BAD_PORT',
    `${name} should be >= 0 and < 65536. Received ${describeReceived(port)}.`);
}

function checkPort(port, name) {
  const valid = (typeof port === 'number' || (typeof port === 'string' && port.trim() !== '')) &&
    +port === +port >>> 0 && port <= 0xffff;
  if (!valid) throw badPort(name, port);
  return port | 0;
}

function invalidAddress() {
  return codedError(Error, 'ERR_INVALID_ADDRESS', 'Invalid socket address');
}

class SocketAddress {
  #address;
  #port;
  #family;
  #flowlabel;
  #value; // 128-bit BigInt, IPv4 as IPv4-mapped IPv6, for BlockList comparisons

  static isSocketAddress(value) {
    return value instanceof SocketAddress;
  }

  constructor(options = {}) {
    if (options === null || typeof options !== 'object') {
      throw invalidArgType('options', 'of type object', options);
    }
    const family = typeof options.family === 'string' ? options.family.toLowerCase() : options.family ?? 'ipv4';
    if (!Object.prototype.hasOwnProperty.call(FAMILIES, family)) {
      throw codedError(TypeError, 'ERR_INVALID_ARG_VALUE',
        `The property 'options.family' is invalid. Received ${inspect(options.family)}`);
    }
    const { address = family === 'ipv4' ? '127.0.0.1' : '::', port = 0, flowlabel = 0 } = options;
    if (typeof address !== 'string') throw invalidArgType('options.address', 'of type string', address);
    this.#port = checkPort(port, 'options.port');
    if (typeof flowlabel !== 'number') throw invalidArgType('options.flowlabel', 'of type number', flowlabel);
    if (!Number.isInteger(flowlabel) || flowlabel < 0 || flowlabel > 4294967295) {
      throw outOfRange('options.flowlabel', '>= 0 && <= 4294967295', flowlabel);
    }
    const parsed = family === 'ipv4' ? parseIPv4(address) : parseIPv6(address);
    if (parsed === null) throw invalidAddress();
    const groups = family === 'ipv4'
      ? [0, 0, 0, 0, 0, 0xffff, (parsed[0] << 8) | parsed[1], (parsed[2] << 8) | parsed[3]]
      : parsed;
    this.#value = groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
    this.#address = family === 'ipv4' ? parsed.join('.') : formatIPv6(parsed);
    this.#family = family;
    this.#flowlabel = flowlabel;
  }

  get address() {
    return this.#address;
  }

  get port() {
    return this.#port;
  }

  get family() {
    return this.#family;
  }

  get flowlabel() {
    return this.#flowlabel;
  }

  toJSON() {
    return { address: this.address, port: this.port, family: this.family, flowlabel: this.flowlabel };
  }

  [kInspect](depth, options) {
    if (depth < 0) return this;
    const nested = { ...options, depth: options.depth == null ? null : options.depth - 1 };
    return `SocketAddress ${inspect(this.toJSON(), nested)}`;
  }

  static {
    valueOf = (address) => address.#value;
  }
}

// ---------------------------------------------------------------------------------------------
// BlockList: rules over addresses, ranges and subnets. IPv4 addresses compare as their
// IPv4-mapped IPv6 form, so an IPv4 rule also matches `::ffff:a.b.c.d` and the reverse, as in
// Node.

function toSocketAddress(address, family, name) {
  if (SocketAddress.isSocketAddress(address)) return address;
  if (typeof address !== 'string') throw invalidArgType(name, 'of type string', address);
  if (typeof family !== 'string') throw invalidArgType('family', 'of type string', family);
  return new SocketAddress({ address, family });
}

const familyLabel = (address) => (address.family === 'ipv4' ? 'IPv4' : 'IPv6');

class BlockList {
  #rules = []; // newest first: { text, test(value) }

  addAddress(address, family = 'ipv4') {
    const target = toSocketAddress(address, family, 'address');
    const value = valueOf(target);
    this.#rules.unshift({
      text: `Address: ${familyLabel(target)} ${target.address}`,
      test: (candidate) => candidate === value,
    });
  }

  addRange(start, end, family = 'ipv4') {
    const from = toSocketAddress(start, family, 'start');
    const to = toSocketAddress(end, family, 'end');
    const low = valueOf(from);
    const high = valueOf(to);
    if (low > high) {
      throw codedError(TypeError, 'ERR_INVALID_ARG_VALUE',
        `The argument 'start' must come before end. Received ${inspect(from)}`);
    }
    this.#rules.unshift({
      text: `Range: ${familyLabel(from)} ${from.address}-${to.address}`,
      test: (candidate) => candidate >= low && candidate <= high,
    });
  }

  addSubnet(network, prefix, family = 'ipv4') {
    const base = toSocketAddress(network, family, 'network');
    const max = base.family === 'ipv4' ? 32 : 128;
    if (typeof prefix !== 'number') throw invalidArgType('prefix', 'of type number', prefix);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) {
      throw outOfRange('prefix', `>= 0 && <= ${max}`, prefix);
    }
    const bits = BigInt(base.family === 'ipv4' ? prefix + 96 : prefix);
    const shift = 128n - bits;
    const masked = valueOf(base) >> shift;
    this.#rules.unshift({
      text: `Subnet: ${familyLabel(base)} ${base.address}/${prefix}`,
      test: (candidate) => (candidate >> shift) === masked,
    });
  }

  check(address, family = 'ipv4') {
    let target;
    if (SocketAddress.isSocketAddress(address)) {
      target = address;
    } else {
      if (typeof address !== 'string') throw invalidArgType('address', 'of type string', address);
      if (typeof family !== 'string') throw invalidArgType('family', 'of type string', family);
      try {
        target = new SocketAddress({ address, family });
      } catch {
        return false;
      }
    }
    const value = valueOf(target);
    return this.#rules.some((rule) => rule.test(value));
  }

  get rules() {
    return this.#rules.map((rule) => rule.text);
  }

  [kInspect](depth, options) {
    if (depth < 0) return this;
    const nested = { ...options, depth: options.depth == null ? null : options.depth - 1 };
    return `BlockList ${inspect({ rules: this.rules }, nested)}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Happy-eyeballs defaults: settable, used by nothing in kvm (fetch connects on its own).

let autoSelectFamily = true;
let autoSelectFamilyAttemptTimeout = 250;

function setDefaultAutoSelectFamily(value) {
  if (typeof value !== 'boolean') throw invalidArgType('value', 'of type boolean', value);
  autoSelectFamily = value;
}

function setDefaultAutoSelectFamilyAttemptTimeout(value) {
  if (typeof value !== 'number') throw invalidArgType('value', 'of type number', value);
  if (!Number.isInteger(value) || value < 1 || value > 4294967295) {
    throw outOfRange('value', '>= 1 && <= 4294967295', value);
  }
  // Node raises anything below 10 ms to 10.
  autoSelectFamilyAttemptTimeout = Math.max(value, 10);
}

// connect()'s argument shapes, normalized as Node does: [options, callback].
function normalizeArgs(args) {
  if (args.length === 0) return [{}, null];
  const [first, second] = args;
  let options = {};
  if (first !== null && typeof first === 'object') {
    options = first;
  } else if (typeof first === 'string' && !(Number(first) >= 0)) {
    // A string that is not a port number is a pipe path.
    options.path = first;
  } else {
    options.port = first;
    if (args.length > 1 && typeof second === 'string') options.host = second;
  }
  const callback = args[args.length - 1];
  return [options, typeof callback === 'function' ? callback : null];
}

// ---------------------------------------------------------------------------------------------

const Socket = deniedConstructor('net.Socket', CAPABILITY, EventEmitter);
const Server = deniedConstructor('net.Server', CAPABILITY, EventEmitter);
const connect = deniedFunction('net.connect', CAPABILITY);

module.exports = {
  _createServerHandle: deniedFunction('net._createServerHandle', CAPABILITY, 5),
  _normalizeArgs: normalizeArgs,
  _setSimultaneousAccepts() {},
  BlockList,
  SocketAddress,
  connect,
  createConnection: connect,
  createServer: deniedFunction('net.createServer', CAPABILITY, 2),
  isIP,
  isIPv4,
  isIPv6,
  Server,
  Socket,
  Stream: Socket,
  getDefaultAutoSelectFamily: () => autoSelectFamily,
  setDefaultAutoSelectFamily,
  getDefaultAutoSelectFamilyAttemptTimeout: () => autoSelectFamilyAttemptTimeout,
  setDefaultAutoSelectFamilyAttemptTimeout,
};
