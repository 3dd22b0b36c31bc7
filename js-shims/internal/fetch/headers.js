'use strict';
// WHATWG Headers as Node 20's fetch (undici) has it: case-insensitive names, repeated values joined
// with ', ' except through getSetCookie(), iteration sorted by lower-case name with each set-cookie
// on its own, and the 'immutable' guard of fetched and static responses.

const {
  illegalInvocation, checkArgCount, toByteString, isToken, makePairIterator, makeEnumerable,
  defineToStringTag, inspectCustom,
} = require('internal/fetch/util');

// Leading and trailing HTTP whitespace is dropped from values; these may not appear inside.
const VALUE_EDGES = /^[\t\n\r ]+|[\t\n\r ]+$/g;
const FORBIDDEN_IN_VALUE = /[\0\r\n]/;

function normalizeValue(value) {
  return value.replace(VALUE_EDGES, '');
}

function checkName(name, prefix) {
  if (!isToken(name)) throw new TypeError(`${prefix}: "${name}" is an invalid header name.`);
}

function checkValue(value, prefix) {
  if (FORBIDDEN_IN_VALUE.test(value)) throw new TypeError(`${prefix}: "${value}" is an invalid header value.`);
}

// The "sort and combine" list: [lowerName, value] pairs, one per set-cookie value.
function sortAndCombine(entries) {
  const byName = new Map();
  for (const { lower, value } of entries) {
    const values = byName.get(lower);
    if (values === undefined) byName.set(lower, [value]);
    else values.push(value);
  }
  const names = [...byName.keys()].sort();
  const out = [];
  for (const name of names) {
    const values = byName.get(name);
    if (name === 'set-cookie') {
      for (const value of values) out.push([name, value]);
    } else {
      out.push([name, values.join(', ')]);
    }
  }
  return out;
}

function describeInitEntry(value) {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function invalidInit() {
  return new TypeError('Headers constructor: Argument 1 could not be converted to one of: ' +
    'sequence<sequence<ByteString>>, record<ByteString, ByteString>.');
}

// HeadersInit: a sequence of [name, value] pairs, or a record of names to values.
function initPairs(init) {
  if (init === null || (typeof init !== 'object' && typeof init !== 'function')) throw invalidInit();
  const pairs = [];
  if (typeof init[Symbol.iterator] === 'function') {
    let index = 0;
    for (const pair of init) {
      if (pair === null || typeof pair !== 'object' || typeof pair[Symbol.iterator] !== 'function') {
        throw new TypeError(`Headers contructor: init[${index}] (${describeInitEntry(pair)}) is not iterable.`);
      }
      const items = [...pair];
      if (items.length !== 2) {
        throw new TypeError(`Headers constructor: expected name/value pair to be length 2, found ${items.length}.`);
      }
      pairs.push([toByteString(items[0], 'Headers contructor', 'init'), toByteString(items[1], 'Headers contructor', 'init')]);
      index++;
    }
    return pairs;
  }
  for (const key of Reflect.ownKeys(init)) {
    const desc = Reflect.getOwnPropertyDescriptor(init, key);
    if (desc === undefined || !desc.enumerable) continue;
    const name = toByteString(key, 'Headers contructor', 'init');
    pairs.push([name, toByteString(init[key], 'Headers contructor', 'init')]);
  }
  return pairs;
}

let headersRecord;

class Headers {
  #entries = []; // { name, lower, value } in insertion order, names as given
  #guard = 'none';
  #sorted = null; // cached sortAndCombine(#entries), dropped on change

  constructor(init = undefined) {
    if (init !== undefined) {
      for (const [name, value] of initPairs(init)) this.#append(name, value, 'Headers.append');
    }
  }

  #changed() {
    this.#sorted = null;
  }

  #checkMutable() {
    if (this.#guard === 'immutable') throw new TypeError('immutable');
  }

  #append(name, value, prefix) {
    value = normalizeValue(value);
    checkName(name, prefix);
    checkValue(value, prefix);
    this.#checkMutable();
    this.#entries.push({ name, lower: name.toLowerCase(), value });
    this.#changed();
  }

  append(name, value) {
    if (!(#entries in this)) throw illegalInvocation();
    checkArgCount(arguments.length, 2, 'Headers.append');
    this.#append(toByteString(name, 'Headers.append', 'name'), toByteString(value, 'Headers.append', 'value'), 'Headers.append');
  }

  delete(name) {
    if (!(#entries in this)) throw illegalInvocation();
    checkArgCount(arguments.length, 1, 'Headers.delete');
    name = toByteString(name, 'Headers.delete', 'name');
    checkName(name, 'Headers.delete');
    this.#checkMutable();
    const lower = name.toLowerCase();
    const kept = this.#entries.filter((entry) => entry.lower !== lower);
    if (kept.length !== this.#entries.length) {
      this.#entries = kept;
      this.#changed();
    }
  }

  get(name) {
    if (!(#entries in this)) throw illegalInvocation();
    checkArgCount(arguments.length, 1, 'Headers.get');
    name = toByteString(name, 'Headers.get', 'name');
    checkName(name, 'Headers.get');
    return this.#get(name.toLowerCase());
  }

  #get(lower) {
    let combined = null;
    for (const entry of this.#entries) {
      if (entry.lower !== lower) continue;
      combined = combined === null ? entry.value : `${combined}, ${entry.value}`;
    }
    return combined;
  }

  has(name) {
    if (!(#entries in this)) throw illegalInvocation();
    checkArgCount(arguments.length, 1, 'Headers.has');
    name = toByteString(name, 'Headers.has', 'name');
    checkName(name, 'Headers.has');
    const lower = name.toLowerCase();
    return this.#entries.some((entry) => entry.lower === lower);
  }

  set(name, value) {
    if (!(#entries in this)) throw illegalInvocation();
    checkArgCount(arguments.length, 2, 'Headers.set');
    name = toByteString(name, 'Headers.set', 'name');
    value = normalizeValue(toByteString(value, 'Headers.set', 'value'));
    checkName(name, 'Headers.set');
    checkValue(value, 'Headers.set');
    this.#checkMutable();
    this.#set(name, value);
  }

  // The first entry of that name takes the value; the others go.
  #set(name, value) {
    const lower = name.toLowerCase();
    const first = this.#entries.findIndex((entry) => entry.lower === lower);
    if (first === -1) {
      this.#entries.push({ name, lower, value });
    } else {
      this.#entries[first].value = value;
      this.#entries = this.#entries.filter((entry, i) => entry.lower !== lower || i === first);
    }
    this.#changed();
  }

  getSetCookie() {
    if (!(#entries in this)) throw illegalInvocation();
    return this.#entries.filter((entry) => entry.lower === 'set-cookie').map((entry) => entry.value);
  }

  keys() {
    if (!(#entries in this)) throw illegalInvocation();
    return headersIterator(this, 'key');
  }

  values() {
    if (!(#entries in this)) throw illegalInvocation();
    return headersIterator(this, 'value');
  }

  entries() {
    if (!(#entries in this)) throw illegalInvocation();
    return headersIterator(this, 'key+value');
  }

  forEach(callback, thisArg = undefined) {
    if (!(#entries in this)) throw illegalInvocation();
    checkArgCount(arguments.length, 1, 'Headers.forEach');
    if (typeof callback !== 'function') {
      throw new TypeError("Failed to execute 'forEach' on 'Headers': parameter 1 is not of type 'Function'.");
    }
    for (let i = 0; i < this.#list().length; i++) {
      const [name, value] = this.#list()[i];
      callback.call(thisArg, value, name, this);
    }
  }

  #list() {
    this.#sorted ??= sortAndCombine(this.#entries);
    return this.#sorted;
  }

  [inspectCustom](depth, options, inspect) {
    const shown = {};
    for (const [name, value] of this.#list()) {
      shown[name] = name in shown ? [].concat(shown[name], value) : value;
    }
    return `Headers ${inspect(shown, options)}`;
  }

  static {
    headersRecord = {
      isHeaders: (value) => value !== null && typeof value === 'object' && #entries in value,
      sorted: (headers) => headers.#list(),
      // For the other fetch modules: no validation, no guard.
      entries: (headers) => headers.#entries.map(({ name, value }) => [name, value]),
      get: (headers, lower) => headers.#get(lower),
      has: (headers, lower) => headers.#entries.some((entry) => entry.lower === lower),
      appendUnchecked: (headers, name, value) => {
        headers.#entries.push({ name, lower: name.toLowerCase(), value });
        headers.#changed();
      },
      setUnchecked: (headers, name, value) => headers.#set(name, value),
      setGuard: (headers, guard) => {
        headers.#guard = guard;
      },
      guard: (headers) => headers.#guard,
      copy: (headers) => {
        const copy = new Headers();
        copy.#entries = headers.#entries.map((entry) => ({ ...entry }));
        copy.#guard = headers.#guard;
        return copy;
      },
    };
  }
}

const headersIterator = makePairIterator('Headers Iterator', (headers) => headersRecord.sorted(headers));

Object.defineProperty(Headers.prototype, Symbol.iterator, {
  value: Headers.prototype.entries, writable: true, configurable: true,
});
makeEnumerable(Headers.prototype, [
  'append', 'delete', 'get', 'has', 'set', 'getSetCookie', 'keys', 'values', 'entries', 'forEach',
]);
defineToStringTag(Headers, 'Headers');

// Headers over a list of [name, value] pairs that are already valid (from the host or this module).
function headersFromList(list, guard) {
  const headers = new Headers();
  for (const [name, value] of list) headersRecord.appendUnchecked(headers, name, value);
  headersRecord.setGuard(headers, guard);
  return headers;
}

module.exports = { Headers };

Object.defineProperty(module.exports, 'internals', {
  value: { ...headersRecord, headersFromList },
});
