'use strict';
// Node 20's deep equality for `assert`: the strict comparison (`deepStrictEqual`,
// `util.isDeepStrictEqual`) and the loose one (`deepEqual`: `==` between primitives, prototypes
// ignored, symbol keys ignored).
//
// Set and Map entries without an identical partner are paired greedily with a deep-equal one, as
// Node does. Cycles: a pair already being compared further up is taken as equal.

// Loaded on first comparison: requiring assert alone should not load `util`.
let types;

const hasOwn = (obj, key) => Object.prototype.hasOwnProperty.call(obj, key);
const isEnumerable = (obj, key) => Object.prototype.propertyIsEnumerable.call(obj, key);
const tagOf = (value) => Object.prototype.toString.call(value);
const isObject = (value) => value !== null && typeof value === 'object';
const isIndex = (key) => /^(?:0|[1-9]\d*)$/.test(key) && Number(key) < 2 ** 32 - 1;

function isDeepStrictEqual(a, b) {
  return deepEqual(a, b, true, new Map());
}

function isDeepLooseEqual(a, b) {
  return deepEqual(a, b, false, new Map());
}

function deepEqual(a, b, strict, stack) {
  types ??= require('util').types;
  if (a === b) return a !== 0 || !strict || Object.is(a, b);
  if (!isObject(a) || !isObject(b)) {
    if (isObject(a) || isObject(b)) return false;
    if (strict) return typeof a === 'number' && Number.isNaN(a) && Number.isNaN(b);
    // eslint-disable-next-line eqeqeq
    return a == b || (Number.isNaN(a) && Number.isNaN(b));
  }
  if (strict && Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (tagOf(a) !== tagOf(b)) return false;
  const pairs = stack.get(a);
  if (pairs !== undefined && pairs.has(b)) return true;
  if (pairs === undefined) stack.set(a, new Set([b]));
  else pairs.add(b);
  try {
    return sameKind(a, b, strict, stack) && sameProperties(a, b, strict, stack);
  } finally {
    stack.get(a).delete(b);
  }
}

// What a built-in object holds beyond its own properties.
function sameKind(a, b, strict, stack) {
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length;
  if (types.isDate(a)) return types.isDate(b) && a.getTime() === b.getTime();
  if (types.isRegExp(a)) {
    return types.isRegExp(b) && a.source === b.source && a.flags === b.flags &&
      a.lastIndex === b.lastIndex;
  }
  if (isErrorLike(a)) return isErrorLike(b) && sameError(a, b, strict, stack);
  if (ArrayBuffer.isView(a)) return ArrayBuffer.isView(b) && sameView(a, b, strict);
  if (types.isSet(a)) return types.isSet(b) && a.size === b.size && sameSet(a, b, strict, stack);
  if (types.isMap(a)) return types.isMap(b) && a.size === b.size && sameMap(a, b, strict, stack);
  if (types.isAnyArrayBuffer(a)) {
    return types.isAnyArrayBuffer(b) && sameBytes(new Uint8Array(a), new Uint8Array(b));
  }
  if (types.isBoxedPrimitive(a)) return sameBoxed(a, b);
  // A plain object never equals a built-in of another kind that hides behind the same tag.
  return !(Array.isArray(b) || ArrayBuffer.isView(b) || types.isSet(b) || types.isMap(b) ||
    types.isDate(b) || types.isRegExp(b) || types.isAnyArrayBuffer(b) ||
    types.isBoxedPrimitive(b) || isErrorLike(b));
}

function isErrorLike(value) {
  return types.isNativeError(value) || value instanceof Error;
}

// The stack is ignored: two equal errors are usually thrown from different places.
function sameError(a, b, strict, stack) {
  if (a.message !== b.message || a.name !== b.name) return false;
  for (const key of ['cause', 'errors']) {
    if (hasOwn(a, key) !== hasOwn(b, key)) return false;
    if (hasOwn(a, key) && !deepEqual(a[key], b[key], strict, stack)) return false;
  }
  return true;
}

function sameView(a, b, strict) {
  if (a.byteLength !== b.byteLength || tagOf(a) !== tagOf(b)) return false;
  // Loosely, float arrays compare element values (0 equals -0, NaN differs from itself).
  if (!strict && (types.isFloat32Array(a) || types.isFloat64Array(a))) {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  return sameBytes(new Uint8Array(a.buffer, a.byteOffset, a.byteLength),
    new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
}

function sameBytes(x, y) {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

function sameBoxed(a, b) {
  const unbox = (value) => {
    for (const Ctor of [Number, String, Boolean, BigInt, Symbol]) {
      try {
        return { kind: Ctor, value: Ctor.prototype.valueOf.call(value) };
      } catch {
        // Not this kind of box.
      }
    }
    return { kind: null, value };
  };
  const x = unbox(a);
  const y = unbox(b);
  return x.kind === y.kind && Object.is(x.value, y.value);
}

// Enumerable own keys that take part in the comparison: array indices are compared by
// sameIndices, symbols only in strict mode.
function comparedKeys(obj, strict) {
  let keys = Object.keys(obj);
  if (Array.isArray(obj) || ArrayBuffer.isView(obj)) keys = keys.filter((key) => !isIndex(key));
  if (strict) {
    for (const symbol of Object.getOwnPropertySymbols(obj)) {
      if (isEnumerable(obj, symbol)) keys.push(symbol);
    }
  }
  return keys;
}

function sameProperties(a, b, strict, stack) {
  const keys = comparedKeys(a, strict);
  if (keys.length !== comparedKeys(b, strict).length) return false;
  for (const key of keys) {
    if (!isEnumerable(b, key)) return false;
  }
  if (Array.isArray(a) && !sameIndices(a, b, strict, stack)) return false;
  for (const key of keys) {
    if (!deepEqual(a[key], b[key], strict, stack)) return false;
  }
  return true;
}

// Holes only match holes.
function sameIndices(a, b, strict, stack) {
  for (let i = 0; i < a.length; i++) {
    if (hasOwn(a, i) !== hasOwn(b, i)) return false;
    if (hasOwn(a, i) && !deepEqual(a[i], b[i], strict, stack)) return false;
  }
  return true;
}

// Pairs each leftover of `a` with a deep-equal leftover of `b`, each used once.
function pairLeftovers(leftA, leftB, equal) {
  if (leftA.length !== leftB.length) return false;
  for (const x of leftA) {
    const index = leftB.findIndex((y) => equal(x, y));
    if (index === -1) return false;
    leftB.splice(index, 1);
  }
  return true;
}

function sameSet(a, b, strict, stack) {
  const leftA = [];
  for (const value of a) {
    if (b.has(value)) continue;
    // Strictly, a primitive has no partner other than itself.
    if (strict && !isObject(value)) return false;
    leftA.push(value);
  }
  if (leftA.length === 0) return true;
  const leftB = [...b].filter((value) => !a.has(value) && (isObject(value) || !strict));
  return pairLeftovers(leftA, leftB, (x, y) => deepEqual(x, y, strict, stack));
}

function sameMap(a, b, strict, stack) {
  const leftA = [];
  const matchedKeys = new Set();
  for (const [key, value] of a) {
    if (b.has(key) && deepEqual(value, b.get(key), strict, stack)) {
      matchedKeys.add(key);
      continue;
    }
    if (strict && (!isObject(key) || b.has(key))) return false;
    leftA.push([key, value]);
  }
  if (leftA.length === 0) return true;
  const leftB = [...b].filter(([key]) => !matchedKeys.has(key));
  return pairLeftovers(leftA, leftB, ([k1, v1], [k2, v2]) =>
    deepEqual(k1, k2, strict, stack) && deepEqual(v1, v2, strict, stack));
}

module.exports = { isDeepStrictEqual, isDeepLooseEqual };
