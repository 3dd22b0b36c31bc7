'use strict';
// Node 20's `buffer` module: Buffer (a Uint8Array subclass), SlowBuffer, transcode, isUtf8, isAscii,
// atob/btoa and the constants, with Node's observable behaviour, error codes and messages included.
//
// The heavy conversions (UTF-8 both ways, base64 both ways, latin1 decoding) are host ops working on
// whole byte ranges; everything else is plain JS over the bytes. Like Node, small buffers are carved
// out of a shared 8 KiB pool (so `buf.byteOffset`/`buf.buffer` look the same as under node), and
// `new Buffer()`/`Buffer()` warn once with DEP0005. Not covered: Blob, File, resolveObjectURL.

const ops = require('internal/ops');
const { atob, btoa } = require('internal/encoding');
const { internals: { nodeError, describeReceived, outOfRange } } = require('internal/event_target');

const kMaxLength = 2 ** 32; // what node 20 (V8, 64-bit) reports; the engine's real limit is lower
const kStringMaxLength = 2 ** 29 - 24;
let INSPECT_MAX_BYTES = 50;
const customInspectSymbol = Symbol.for('nodejs.util.inspect.custom');

// ---------------------------------------------------------------------------------------------------
// Errors, worded as Node's.

// util is loaded on first use: it looks Buffer up itself.
let util;
function inspect(value, options) {
  util ??= require('util');
  return util.inspect(value, options);
}

// Node 20 describes any function by name, an anonymous one too ("Received function ").
function describeValue(value) {
  return typeof value === 'function' ? `function ${value.name}` : describeReceived(value);
}

// `expected` is the sentence tail: 'of type number', 'an instance of Buffer or Uint8Array'...
function invalidArgType(name, expected, value) {
  const subject = name.endsWith(' argument') ? name : `"${name}" argument`;
  return nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
    `The ${subject} must be ${expected}. Received ${describeValue(value)}`);
}

function invalidArgValue(name, value) {
  let shown = inspect(value);
  if (shown.length > 128) shown = `${shown.slice(0, 128)}...`;
  return nodeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument '${name}' is invalid. Received ${shown}`);
}

function unknownEncoding(encoding) {
  util ??= require('util');
  return nodeError(TypeError, 'ERR_UNKNOWN_ENCODING', util.format('Unknown encoding: %s', encoding));
}

function bufferOutOfBounds(name) {
  return nodeError(RangeError, 'ERR_BUFFER_OUT_OF_BOUNDS',
    name ? `"${name}" is outside of buffer bounds` : 'Attempt to access memory outside buffer bounds');
}

// What the C++ half of node's Buffer throws for a bad index.
function indexOutOfRange() {
  return nodeError(RangeError, 'ERR_OUT_OF_RANGE', 'Index out of range');
}

const BUFFER_OR_UINT8ARRAY = 'an instance of Buffer or Uint8Array';

// ---------------------------------------------------------------------------------------------------
// Validators (node's internal/validators, as far as Buffer uses them).

function validateNumber(value, name, min, max) {
  if (typeof value !== 'number') throw invalidArgType(name, 'of type number', value);
  const hasMin = min !== undefined;
  const hasMax = max !== undefined;
  if ((hasMin && value < min) || (hasMax && value > max) || ((hasMin || hasMax) && Number.isNaN(value))) {
    const range = `${hasMin ? `>= ${min}` : ''}${hasMin && hasMax ? ' && ' : ''}${hasMax ? `<= ${max}` : ''}`;
    throw outOfRange(name, range, value);
  }
}

function validateInteger(value, name, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) {
  if (typeof value !== 'number') throw invalidArgType(name, 'of type number', value);
  if (!Number.isInteger(value)) throw outOfRange(name, 'an integer', value);
  if (value < min || value > max) throw outOfRange(name, `>= ${min} && <= ${max}`, value);
}

// Offsets and lengths given to Buffer methods: integers within [min, max].
function validateOffset(value, name, min = 0, max = kMaxLength) {
  validateInteger(value, name, min, max);
}

// ---------------------------------------------------------------------------------------------------
// Brand checks: internal slots, not prototypes.

const typedArrayTag = Object.getOwnPropertyDescriptor(
  Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag).get;
const arrayBufferByteLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength').get;
const sharedByteLength = typeof SharedArrayBuffer === 'function'
  ? Object.getOwnPropertyDescriptor(SharedArrayBuffer.prototype, 'byteLength').get
  : null;

function isUint8Array(value) {
  return typedArrayTag.call(value) === 'Uint8Array';
}

function isTypedArray(value) {
  return typedArrayTag.call(value) !== undefined;
}

function passesBrandCheck(getter, value) {
  try {
    getter.call(value);
    return true;
  } catch {
    return false;
  }
}

// The tag picks the candidate without throwing (exceptions are slow in QuickJS); the brand check
// confirms it.
function isAnyArrayBuffer(value) {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return false;
  const tag = Object.prototype.toString.call(value);
  if (tag === '[object ArrayBuffer]') return passesBrandCheck(arrayBufferByteLength, value);
  if (tag === '[object SharedArrayBuffer]') return passesBrandCheck(sharedByteLength, value);
  return false;
}

// A Uint8Array over bytes[start, end) (`bytes` itself when that is all of it).
function byteView(bytes, start, end) {
  if (start === 0 && end === bytes.length) return bytes;
  return new Uint8Array(bytes.buffer, bytes.byteOffset + start, end - start);
}

// Bytes of any ArrayBuffer view (a Uint16Array's included), without copying.
function viewBytes(view) {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

const littleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const typedFill = Uint8Array.prototype.fill; // Buffer#fill overrides it

// ---------------------------------------------------------------------------------------------------
// Codecs: one per normalized encoding name. Each has
//   byteLength(str)                  node's (sometimes estimated) size of str in that encoding,
//   write(buf, str, offset, max)     writes at most `max` bytes, whole characters only; returns the count,
//   slice(buf, start, end)           decodes bytes [start, end) (already validated).

// Code units -> string, in chunks so huge inputs do not overflow the argument list.
function unitsToString(units) {
  const CHUNK = 8192;
  if (units.length <= CHUNK) return String.fromCharCode.apply(null, units);
  let out = '';
  for (let i = 0; i < units.length; i += CHUNK) {
    out += String.fromCharCode.apply(null, units.subarray(i, i + CHUNK));
  }
  return out;
}

function isHighSurrogate(code) {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code) {
  return code >= 0xdc00 && code <= 0xdfff;
}

// UTF-8 size of a string, lone surrogates counting as U+FFFD (3 bytes).
function utf8ByteLength(str) {
  if (str.length > 256) return ops.utf8Encode(str).length; // the op beats an interpreted loop
  let n = str.length;
  for (let i = 0; i < str.length; i++) {
    const c = str.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) {
      n += 1;
    } else if (isHighSurrogate(c) && isLowSurrogate(str.charCodeAt(i + 1))) {
      n += 2; // 4 bytes for 2 units
      i++;
    } else {
      n += 2;
    }
  }
  return n;
}

// Longest prefix of valid UTF-8 `bytes` that fits in `max` bytes without splitting a character.
function utf8FitLength(bytes, max) {
  if (bytes.length <= max) return bytes.length;
  let n = max;
  while (n > 0 && (bytes[n] & 0xc0) === 0x80) n--;
  return n;
}

const utf8 = {
  byteLength: utf8ByteLength,
  write(buf, str, offset, max) {
    const bytes = ops.utf8Encode(str);
    const n = utf8FitLength(bytes, max);
    buf.set(n === bytes.length ? bytes : bytes.subarray(0, n), offset);
    return n;
  },
  slice: (buf, start, end) => ops.utf8Decode(byteView(buf, start, end)),
};

// Whether a string has only chars below 0x80 (its UTF-8 is then one byte a char). Native, unlike a
// loop or a regular expression under QuickJS.
function isAsciiString(str) {
  return ops.utf8Encode(str).length === str.length;
}

function writeLatin1(buf, str, offset, max) {
  const n = Math.min(str.length, max);
  if (n > 64) {
    const bytes = ops.utf8Encode(n === str.length ? str : str.slice(0, n));
    if (bytes.length === n) { // ASCII: the UTF-8 bytes are the latin1 bytes
      buf.set(bytes, offset);
      return n;
    }
  }
  for (let i = 0; i < n; i++) buf[offset + i] = str.charCodeAt(i); // the store keeps the low byte
  return n;
}

const latin1 = {
  byteLength: (str) => str.length,
  write: writeLatin1,
  slice: (buf, start, end) => ops.latin1Decode(byteView(buf, start, end)),
};

// A copy of the bytes with the high bit of each cleared, four at a time.
function clearHighBits(bytes) {
  const copy = new Uint8Array(bytes);
  const words = new Uint32Array(copy.buffer, 0, copy.length >>> 2);
  for (let i = 0; i < words.length; i++) words[i] &= 0x7f7f7f7f;
  for (let i = words.length * 4; i < copy.length; i++) copy[i] &= 0x7f;
  return copy;
}

// Node 20 decodes ASCII by clearing the high bit of every byte (and encodes it as latin1).
const ascii = {
  byteLength: (str) => str.length,
  write: writeLatin1,
  slice(buf, start, end) {
    const bytes = byteView(buf, start, end);
    const text = ops.latin1Decode(bytes);
    return isAsciiString(text) ? text : ops.latin1Decode(clearHighBits(bytes));
  },
};

// The first `count` UTF-16LE code units of `bytes`, as a Uint16Array (a view when aligned).
function unitsOf(bytes, count) {
  if (!littleEndianHost) return Uint16Array.from({ length: count }, (_, i) => bytes[2 * i] | (bytes[2 * i + 1] << 8));
  let view = byteView(bytes, 0, count * 2);
  if (view.byteOffset % 2 !== 0) view = new Uint8Array(view); // a 16-bit view must be aligned
  return new Uint16Array(view.buffer, view.byteOffset, count);
}

const utf16le = {
  byteLength: (str) => str.length * 2,
  write(buf, str, offset, max) {
    const units = Math.min(str.length, max >>> 1);
    for (let i = 0, at = offset; i < units; i++, at += 2) {
      const c = str.charCodeAt(i);
      buf[at] = c;
      buf[at + 1] = c >>> 8;
    }
    return units * 2;
  },
  slice: (buf, start, end) => unitsToString(unitsOf(byteView(buf, start, end), (end - start) >>> 1)),
};

// char code -> nibble value, -1 when not a hex digit.
const HEX_VALUES = new Int8Array(256).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX_VALUES['0123456789abcdef'.charCodeAt(i)] = i;
  HEX_VALUES['0123456789ABCDEF'.charCodeAt(i)] = i;
}
const HEX_DIGITS = new Uint8Array(16).map((_, i) => '0123456789abcdef'.charCodeAt(i));

const hex = {
  byteLength: (str) => str.length >>> 1,
  // Stops at the first pair that is not two hex digits (a trailing odd digit is ignored). Like node,
  // only the low byte of each char counts ('\u0130' reads as '0').
  write(buf, str, offset, max) {
    const n = Math.min(str.length >>> 1, max);
    for (let i = 0; i < n; i++) {
      const hi = HEX_VALUES[str.charCodeAt(2 * i) & 0xff];
      const lo = HEX_VALUES[str.charCodeAt(2 * i + 1) & 0xff];
      if (hi < 0 || lo < 0) return i;
      buf[offset + i] = (hi << 4) | lo;
    }
    return n;
  },
  // Digits as bytes, then one latin1 decode: cheaper than growing a string two chars at a time.
  slice(buf, start, end) {
    const digits = new Uint8Array((end - start) * 2);
    for (let i = start, at = 0; i < end; i++, at += 2) {
      const byte = buf[i];
      digits[at] = HEX_DIGITS[byte >>> 4];
      digits[at + 1] = HEX_DIGITS[byte & 15];
    }
    return ops.latin1Decode(digits);
  },
};

// Node sizes base64 by its length minus up to two trailing '=', times 3/4 (an upper bound).
function base64ByteLength(str) {
  let n = str.length;
  if (n > 0 && str.charCodeAt(n - 1) === 0x3d) n--;
  if (n > 1 && str.charCodeAt(n - 1) === 0x3d) n--;
  return (n * 3) >>> 2;
}

// Node reads only the low byte of each char. A string the host cannot take as UTF-8 (lone
// surrogates) is retried with those chars replaced by their low byte.
function decodeBase64(str) {
  try {
    return ops.base64Decode(str);
  } catch (err) {
    const lowBytes = str.replace(/[\ud800-\udfff]/g, (c) => String.fromCharCode(c.charCodeAt(0) & 0xff));
    if (lowBytes === str) throw err;
    return ops.base64Decode(lowBytes);
  }
}

function writeDecodedBase64(buf, str, offset, max) {
  const bytes = decodeBase64(str);
  const n = Math.min(bytes.length, max);
  buf.set(n === bytes.length ? bytes : bytes.subarray(0, n), offset);
  return n;
}

const base64 = {
  byteLength: base64ByteLength,
  write: writeDecodedBase64,
  slice: (buf, start, end) => ops.base64Encode(byteView(buf, start, end), false),
};

const base64url = {
  byteLength: base64ByteLength,
  write: writeDecodedBase64,
  slice: (buf, start, end) => ops.base64Encode(byteView(buf, start, end), true),
};

// Each codec's normalized name, and the prefix of its xxxSlice/xxxWrite methods.
const CODEC_NAMES = [
  [utf8, 'utf8', 'utf8'], [utf16le, 'utf16le', 'ucs2'], [latin1, 'latin1', 'latin1'], [ascii, 'ascii', 'ascii'],
  [base64, 'base64', 'base64'], [base64url, 'base64url', 'base64url'], [hex, 'hex', 'hex'],
];
for (const [codec, name, prefix] of CODEC_NAMES) {
  codec.name = name;
  codec.methodPrefix = prefix;
}

// Spellings node accepts, matched as written or lowercased.
const CODECS = {
  __proto__: null,
  'utf8': utf8,
  'utf-8': utf8,
  'ucs2': utf16le,
  'ucs-2': utf16le,
  'utf16le': utf16le,
  'utf-16le': utf16le,
  'latin1': latin1,
  'binary': latin1,
  'ascii': ascii,
  'base64': base64,
  'base64url': base64url,
  'hex': hex,
};

// The codec for an encoding argument (converted to a string as node does), or undefined.
function codecFor(encoding) {
  const name = typeof encoding === 'string' ? encoding : `${encoding}`;
  return CODECS[name] ?? CODECS[name.toLowerCase()];
}

// Node's normalizeEncoding: a missing or empty encoding means utf8; non-strings are unknown.
function normalizeEncoding(encoding) {
  if (encoding === undefined || encoding === null || encoding === '') return 'utf8';
  if (typeof encoding !== 'string') return undefined;
  return codecFor(encoding)?.name;
}

// ---------------------------------------------------------------------------------------------------
// Buffer objects and the allocation pool.

// The class every Buffer really is; `Buffer` itself is a plain function so it can be called without
// `new`. The explicit constructor avoids spreading arguments through the (user-mutable) array iterator.
class FastBuffer extends Uint8Array {
  constructor(bufferOrLength, byteOffset, length) {
    super(bufferOrLength, byteOffset, length);
  }
}

let poolSize;
let pool;
let poolOffset;

function createPool() {
  poolSize = Buffer.poolSize;
  pool = new ArrayBuffer(poolSize);
  poolOffset = 0;
}

// Allocations from the pool start on 8-byte boundaries.
function alignPool() {
  if (poolOffset & 0x7) {
    poolOffset |= 0x7;
    poolOffset++;
  }
}

function usesPool(size) {
  return size < (Buffer.poolSize >>> 1);
}

// `size` bytes of the pool (a fresh pool when the current one is too full).
function takeFromPool(size) {
  if (size > poolSize - poolOffset) createPool();
  const buf = new FastBuffer(pool, poolOffset, size);
  poolOffset += size;
  alignPool();
  return buf;
}

// allocUnsafe's allocation (memory is zeroed anyway: the engine has no uninitialised buffers).
function allocate(size) {
  if (size <= 0) return new FastBuffer();
  return usesPool(size) ? takeFromPool(size) : new FastBuffer(size);
}

// A Buffer over freshly produced bytes: copied into the pool when small, else wrapped as they are.
function fromFreshBytes(bytes) {
  const length = bytes.length;
  if (length === 0) return new FastBuffer();
  if (!usesPool(length)) return new FastBuffer(bytes.buffer, bytes.byteOffset, length);
  const buf = takeFromPool(length);
  buf.set(bytes);
  return buf;
}

function fromStringWith(string, codec) {
  if (codec === utf8) return fromFreshBytes(ops.utf8Encode(string));
  const length = codec.byteLength(string);
  if (!usesPool(length)) {
    if (codec.write === writeDecodedBase64) return fromFreshBytes(decodeBase64(string));
    const buf = new FastBuffer(length);
    const written = codec.write(buf, string, 0, length);
    return written === length ? buf : new FastBuffer(buf.buffer.slice(0, written));
  }
  if (length > poolSize - poolOffset) createPool();
  const buf = new FastBuffer(pool, poolOffset, length);
  const written = codec.write(buf, string, 0, length);
  poolOffset += written;
  alignPool();
  return written === length ? buf : new FastBuffer(pool, buf.byteOffset, written);
}

function fromString(string, encoding) {
  let codec = utf8;
  if (typeof encoding === 'string' && encoding.length !== 0) {
    codec = codecFor(encoding);
    if (codec === undefined) throw unknownEncoding(encoding);
  }
  if (string.length === 0) return new FastBuffer();
  return fromStringWith(string, codec);
}

function fromArrayBuffer(arrayBuffer, byteOffset, length) {
  if (byteOffset === undefined) {
    byteOffset = 0;
  } else {
    byteOffset = +byteOffset;
    if (Number.isNaN(byteOffset)) byteOffset = 0;
  }
  const maxLength = arrayBuffer.byteLength - byteOffset;
  if (maxLength < 0) throw bufferOutOfBounds('offset');
  if (length === undefined) {
    length = maxLength;
  } else {
    length = +length;
    if (length > 0) {
      if (length > maxLength) throw bufferOutOfBounds('length');
    } else {
      length = 0; // negative and NaN lengths mean empty
    }
  }
  return new FastBuffer(arrayBuffer, byteOffset, length);
}

// A copy of an array-like's elements, each converted to a byte.
function fromArrayLike(arrayLike) {
  const length = arrayLike.length;
  if (length <= 0) return new FastBuffer();
  if (!usesPool(length)) return new FastBuffer(arrayLike);
  const buf = takeFromPool(length);
  buf.set(arrayLike);
  return buf;
}

// Array-likes, views, and the `{ type: 'Buffer', data }` shape of Buffer#toJSON.
function fromObject(obj) {
  if (obj.length !== undefined || isAnyArrayBuffer(obj.buffer)) {
    return typeof obj.length === 'number' ? fromArrayLike(obj) : new FastBuffer();
  }
  if (obj.type === 'Buffer' && Array.isArray(obj.data)) return fromArrayLike(obj.data);
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Buffer and its static methods.

const DEP0005 = 'Buffer() is deprecated due to security and usability issues. Please use the ' +
  'Buffer.alloc(), Buffer.allocUnsafe(), or Buffer.from() methods instead.';
let deprecationWarned = false;
let nodeModulesChecks = 0;

// The current call sites, whatever the script did to Error (Reflect.set never throws).
function callSites() {
  const { prepareStackTrace, stackTraceLimit } = Error;
  try {
    Reflect.set(Error, 'prepareStackTrace', (_, sites) => sites);
    Reflect.set(Error, 'stackTraceLimit', 20);
    return new Error().stack;
  } finally {
    Reflect.set(Error, 'prepareStackTrace', prepareStackTrace);
    Reflect.set(Error, 'stackTraceLimit', stackTraceLimit);
  }
}

// Whether the first stack frame outside the built-ins (named `node:...`) is a file under node_modules.
function callerIsInNodeModules() {
  const sites = callSites();
  if (!Array.isArray(sites)) return false;
  for (const site of sites) {
    const file = site.getFileName();
    if (typeof file !== 'string' || !/^\/|\\/.test(file)) continue;
    return /(?:^|[\\/])node_modules[\\/]/.test(file);
  }
  return false;
}

// Like node: once per run, and not for calls made by dependencies under node_modules (checked for
// the first 10000 calls only, it is slow).
function warnDeprecatedConstructor() {
  if (deprecationWarned || ++nodeModulesChecks > 10000 || callerIsInNodeModules()) return;
  deprecationWarned = true;
  const proc = globalThis.process;
  if (proc && typeof proc.emitWarning === 'function') proc.emitWarning(DEP0005, 'DeprecationWarning', 'DEP0005');
}

function Buffer(arg, encodingOrOffset, length) {
  warnDeprecatedConstructor();
  if (typeof arg === 'number') {
    if (typeof encodingOrOffset === 'string') throw invalidArgType('string', 'of type string', arg);
    return Buffer.alloc(arg);
  }
  return Buffer.from(arg, encodingOrOffset, length);
}

FastBuffer.prototype.constructor = Buffer;
Buffer.prototype = FastBuffer.prototype;
Object.setPrototypeOf(Buffer, Uint8Array);

// map/filter/subarray of the typed array built-ins create plain FastBuffers (no deprecation warning).
Object.defineProperty(Buffer, Symbol.species, {
  get() {
    return FastBuffer;
  },
  enumerable: false,
  configurable: true,
});

Buffer.poolSize = 8 * 1024;

Buffer.from = function from(value, encodingOrOffset, length) {
  if (typeof value === 'string') return fromString(value, encodingOrOffset);
  if (typeof value === 'object' && value !== null) {
    if (isAnyArrayBuffer(value)) return fromArrayBuffer(value, encodingOrOffset, length);
    const primitive = value.valueOf && value.valueOf();
    if (primitive != null && primitive !== value && (typeof primitive === 'string' || typeof primitive === 'object')) {
      return from(primitive, encodingOrOffset, length);
    }
    const buf = fromObject(value);
    if (buf) return buf;
    if (typeof value[Symbol.toPrimitive] === 'function') {
      const str = value[Symbol.toPrimitive]('string');
      if (typeof str === 'string') return fromString(str, encodingOrOffset);
    }
  }
  throw invalidArgType('first argument',
    'of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object', value);
};

Buffer.copyBytesFrom = function copyBytesFrom(view, offset, length) {
  if (!isTypedArray(view)) throw invalidArgType('view', 'an instance of TypedArray', view);
  const viewLength = view.length;
  if (viewLength === 0) return Buffer.alloc(0);
  if (offset !== undefined || length !== undefined) {
    if (offset !== undefined) {
      validateInteger(offset, 'offset', 0);
      if (offset >= viewLength) return Buffer.alloc(0);
    } else {
      offset = 0;
    }
    let end = viewLength;
    if (length !== undefined) {
      validateInteger(length, 'length', 0);
      end = offset + length;
    }
    view = view.subarray(offset, Math.min(end, viewLength));
  }
  return fromArrayLike(viewBytes(view));
};

Buffer.of = function of(...items) {
  const buf = new FastBuffer(items.length);
  for (let i = 0; i < items.length; i++) buf[i] = items[i];
  return buf;
};

Buffer.alloc = function alloc(size, fill, encoding) {
  validateNumber(size, 'size', 0, kMaxLength);
  if (fill !== undefined && fill !== 0 && size > 0) {
    const buf = new FastBuffer(size);
    return fillBuffer(buf, fill, 0, buf.length, encoding);
  }
  return new FastBuffer(size);
};

Buffer.allocUnsafe = function allocUnsafe(size) {
  validateNumber(size, 'size', 0, kMaxLength);
  return allocate(size);
};

Buffer.allocUnsafeSlow = function allocUnsafeSlow(size) {
  validateNumber(size, 'size', 0, kMaxLength);
  return new FastBuffer(size);
};

function SlowBuffer(size) {
  validateNumber(size, 'size', 0, kMaxLength);
  return new FastBuffer(size);
}
Object.setPrototypeOf(SlowBuffer.prototype, Uint8Array.prototype);
Object.setPrototypeOf(SlowBuffer, Uint8Array);

Buffer.isBuffer = function isBuffer(b) {
  return b instanceof Buffer;
};

// memcmp-like order: first differing byte, then length. Long runs compare as latin1 strings, whose
// code units are the bytes: a native comparison instead of an interpreted loop.
function compareBytes(a, b) {
  const aLength = a.length;
  const bLength = b.length;
  const n = Math.min(aLength, bLength);
  if (n > 128) {
    const left = ops.latin1Decode(byteView(a, 0, n));
    const right = ops.latin1Decode(byteView(b, 0, n));
    if (left !== right) return left < right ? -1 : 1;
  } else {
    for (let i = 0; i < n; i++) {
      if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    }
  }
  return aLength < bLength ? -1 : aLength > bLength ? 1 : 0;
}

Buffer.compare = function compare(buf1, buf2) {
  if (!isUint8Array(buf1)) throw invalidArgType('buf1', BUFFER_OR_UINT8ARRAY, buf1);
  if (!isUint8Array(buf2)) throw invalidArgType('buf2', BUFFER_OR_UINT8ARRAY, buf2);
  if (buf1 === buf2) return 0;
  return compareBytes(buf1, buf2);
};

Buffer.isEncoding = function isEncoding(encoding) {
  return typeof encoding === 'string' && encoding.length !== 0 && normalizeEncoding(encoding) !== undefined;
};

// Copies what fits of source[sourceStart, sourceEnd) to target at targetStart; returns the count.
function copyBytes(source, target, targetStart, sourceStart, sourceEnd) {
  if (sourceEnd - sourceStart > target.byteLength - targetStart) {
    sourceEnd = sourceStart + target.byteLength - targetStart;
  }
  let count = sourceEnd - sourceStart;
  const available = source.byteLength - sourceStart;
  if (count > available) count = available;
  if (count <= 0) return 0;
  const from = byteView(source, sourceStart, sourceStart + count);
  target.set(from, targetStart); // handles overlapping ranges of one ArrayBuffer
  return count;
}

Buffer.concat = function concat(list, length) {
  if (!Array.isArray(list)) throw invalidArgType('list', 'an instance of Array', list);
  if (list.length === 0) return new FastBuffer();
  if (length === undefined) {
    length = 0;
    for (let i = 0; i < list.length; i++) {
      if (list[i].length) length += list[i].length;
    }
  } else {
    validateOffset(length, 'length');
  }
  const buffer = Buffer.allocUnsafe(length);
  let pos = 0;
  for (let i = 0; i < list.length; i++) {
    const buf = list[i];
    if (!isUint8Array(buf)) throw invalidArgType(`list[${i}]`, BUFFER_OR_UINT8ARRAY, buf);
    pos += copyBytes(buf, buffer, pos, 0, buf.length);
  }
  if (pos < length) typedFill.call(buffer, 0, pos, length); // a pooled buffer may hold old bytes
  return buffer;
};

Buffer.byteLength = function byteLength(string, encoding) {
  if (typeof string !== 'string') {
    if (ArrayBuffer.isView(string) || isAnyArrayBuffer(string)) return string.byteLength;
    throw invalidArgType('string', 'of type string or an instance of Buffer or ArrayBuffer', string);
  }
  if (string.length === 0) return 0;
  const codec = encoding ? codecFor(encoding) : undefined;
  return (codec ?? utf8).byteLength(string);
};

// ---------------------------------------------------------------------------------------------------
// Reading and writing numbers. The methods are written out per width because QuickJS interprets:
// every call and loop saved shows in binary parsers. A read looks up its first and last byte; an
// undefined one means the offset is out of range or not an integer, and boundsError tells which.

function boundsError(value, last, type) {
  if (Math.floor(value) !== value) {
    validateNumber(value, type);
    throw outOfRange(type || 'offset', 'an integer', value);
  }
  if (last < 0) throw bufferOutOfBounds();
  throw outOfRange(type || 'offset', `>= ${type ? 1 : 0} and <= ${last}`, value);
}

function offsetTypeError(offset) {
  return invalidArgType('offset', 'of type number', offset);
}

// Throws unless `size` bytes can be read or written at `offset`.
function checkBounds(buf, offset, size) {
  if (typeof offset !== 'number') throw offsetTypeError(offset);
  if (buf[offset] === undefined || buf[offset + size - 1] === undefined) boundsError(offset, buf.length - size);
}

function readUInt8(offset = 0) {
  if (typeof offset !== 'number') throw offsetTypeError(offset);
  const value = this[offset];
  if (value === undefined) boundsError(offset, this.length - 1);
  return value;
}

function readInt8(offset = 0) {
  return (readUInt8.call(this, offset) << 24) >> 24;
}

function readUInt16LE(offset = 0) {
  checkBounds(this, offset, 2);
  return this[offset] | (this[offset + 1] << 8);
}

function readUInt16BE(offset = 0) {
  checkBounds(this, offset, 2);
  return (this[offset] << 8) | this[offset + 1];
}

function readInt16LE(offset = 0) {
  checkBounds(this, offset, 2);
  return ((this[offset] | (this[offset + 1] << 8)) << 16) >> 16;
}

function readInt16BE(offset = 0) {
  checkBounds(this, offset, 2);
  return (((this[offset] << 8) | this[offset + 1]) << 16) >> 16;
}

function readInt32LE(offset = 0) {
  checkBounds(this, offset, 4);
  return this[offset] | (this[offset + 1] << 8) | (this[offset + 2] << 16) | (this[offset + 3] << 24);
}

function readInt32BE(offset = 0) {
  checkBounds(this, offset, 4);
  return (this[offset] << 24) | (this[offset + 1] << 16) | (this[offset + 2] << 8) | this[offset + 3];
}

function readUInt32LE(offset = 0) {
  return readInt32LE.call(this, offset) >>> 0;
}

function readUInt32BE(offset = 0) {
  return readInt32BE.call(this, offset) >>> 0;
}

// Unsigned integers of 1 to 6 bytes (at most 48 bits: exact as doubles), for the variable-width
// methods.
function uintLE(buf, offset, size) {
  let value = 0;
  for (let i = size - 1; i >= 0; i--) value = value * 256 + buf[offset + i];
  return value;
}

function uintBE(buf, offset, size) {
  let value = 0;
  for (let i = 0; i < size; i++) value = value * 256 + buf[offset + i];
  return value;
}

// Two's complement of an unsigned value of `size` bytes.
function toSigned(value, size) {
  const limit = 2 ** (size * 8);
  return value >= limit / 2 ? value - limit : value;
}

// byteLength of the variable-width methods must be an integer in 1..6.
function checkByteLength(byteLength) {
  if (!(byteLength >= 1 && byteLength <= 6 && Number.isInteger(byteLength))) boundsError(byteLength, 6, 'byteLength');
}

function checkVariableRead(buf, offset, byteLength) {
  if (offset === undefined) throw offsetTypeError(offset);
  checkByteLength(byteLength);
  checkBounds(buf, offset, byteLength);
}

function readUIntLE(offset, byteLength) {
  checkVariableRead(this, offset, byteLength);
  return uintLE(this, offset, byteLength);
}

function readUIntBE(offset, byteLength) {
  checkVariableRead(this, offset, byteLength);
  return uintBE(this, offset, byteLength);
}

function readIntLE(offset, byteLength) {
  checkVariableRead(this, offset, byteLength);
  return toSigned(uintLE(this, offset, byteLength), byteLength);
}

function readIntBE(offset, byteLength) {
  checkVariableRead(this, offset, byteLength);
  return toSigned(uintBE(this, offset, byteLength), byteLength);
}

function readBigUInt64LE(offset = 0) {
  checkBounds(this, offset, 8);
  return (BigInt(uintLE(this, offset + 4, 4)) << 32n) + BigInt(uintLE(this, offset, 4));
}

function readBigUInt64BE(offset = 0) {
  checkBounds(this, offset, 8);
  return (BigInt(uintBE(this, offset, 4)) << 32n) + BigInt(uintBE(this, offset + 4, 4));
}

function readBigInt64LE(offset = 0) {
  checkBounds(this, offset, 8);
  return (BigInt(uintLE(this, offset + 4, 4) | 0) << 32n) + BigInt(uintLE(this, offset, 4));
}

function readBigInt64BE(offset = 0) {
  checkBounds(this, offset, 8);
  return (BigInt(uintBE(this, offset, 4) | 0) << 32n) + BigInt(uintBE(this, offset + 4, 4));
}

// Floats go through a scratch typed array, whose bytes are in the host's order.
const float32 = new Float32Array(1);
const float32Bytes = new Uint8Array(float32.buffer);
const float64 = new Float64Array(1);
const float64Bytes = new Uint8Array(float64.buffer);

// Copies `scratch.length` bytes between buf[offset...] and the scratch, reversing them when the
// buffer's byte order is not the host's.
function loadScratch(scratch, buf, offset, bigEndian) {
  const last = scratch.length - 1;
  if (bigEndian === littleEndianHost) {
    for (let i = 0; i <= last; i++) scratch[last - i] = buf[offset + i];
  } else {
    for (let i = 0; i <= last; i++) scratch[i] = buf[offset + i];
  }
}

function storeScratch(scratch, buf, offset, bigEndian) {
  const last = scratch.length - 1;
  if (bigEndian === littleEndianHost) {
    for (let i = 0; i <= last; i++) buf[offset + i] = scratch[last - i];
  } else {
    for (let i = 0; i <= last; i++) buf[offset + i] = scratch[i];
  }
  return offset + last + 1;
}

function readFloat(buf, offset, bigEndian) {
  checkBounds(buf, offset, 4);
  loadScratch(float32Bytes, buf, offset, bigEndian);
  return float32[0];
}

function readDouble(buf, offset, bigEndian) {
  checkBounds(buf, offset, 8);
  loadScratch(float64Bytes, buf, offset, bigEndian);
  return float64[0];
}

function readFloatLE(offset = 0) {
  return readFloat(this, offset, false);
}

function readFloatBE(offset = 0) {
  return readFloat(this, offset, true);
}

function readDoubleLE(offset = 0) {
  return readDouble(this, offset, false);
}

function readDoubleBE(offset = 0) {
  return readDouble(this, offset, true);
}

// Node words the range by size: "<= max" up to 32 bits, powers of two above.
function valueRangeError(value, min, max, size) {
  const n = typeof min === 'bigint' ? 'n' : '';
  let range;
  if (size > 4) {
    const bits = size * 8;
    range = min === 0 || min === 0n
      ? `>= 0${n} and < 2${n} ** ${bits}${n}`
      : `>= -(2${n} ** ${bits - 1}${n}) and < 2${n} ** ${bits - 1}${n}`;
  } else {
    range = `>= ${min}${n} and <= ${max}${n}`;
  }
  return outOfRange('value', range, value);
}

// Integer writes check the value's range, then the offset (1-byte writes: the offset's type first).
// Typed array stores keep the low 8 bits of each value, so no masking is needed.

function writeByte(buf, value, offset, min, max) {
  value = +value;
  if (typeof offset !== 'number') throw offsetTypeError(offset);
  if (value > max || value < min) throw valueRangeError(value, min, max, 1);
  if (buf[offset] === undefined) boundsError(offset, buf.length - 1);
  buf[offset] = value;
  return offset + 1;
}

function writeUInt8(value, offset = 0) {
  return writeByte(this, value, offset, 0, 0xff);
}

function writeInt8(value, offset = 0) {
  return writeByte(this, value, offset, -0x80, 0x7f);
}

function write16(buf, value, offset, min, max, bigEndian) {
  value = +value;
  if (value > max || value < min) throw valueRangeError(value, min, max, 2);
  checkBounds(buf, offset, 2);
  buf[offset + (bigEndian ? 1 : 0)] = value;
  buf[offset + (bigEndian ? 0 : 1)] = value >>> 8;
  return offset + 2;
}

function write32(buf, value, offset, min, max, bigEndian) {
  value = +value;
  if (value > max || value < min) throw valueRangeError(value, min, max, 4);
  checkBounds(buf, offset, 4);
  if (bigEndian) {
    buf[offset] = value >>> 24;
    buf[offset + 1] = value >>> 16;
    buf[offset + 2] = value >>> 8;
    buf[offset + 3] = value;
  } else {
    buf[offset] = value;
    buf[offset + 1] = value >>> 8;
    buf[offset + 2] = value >>> 16;
    buf[offset + 3] = value >>> 24;
  }
  return offset + 4;
}

function writeUInt16LE(value, offset = 0) {
  return write16(this, value, offset, 0, 0xffff, false);
}

function writeUInt16BE(value, offset = 0) {
  return write16(this, value, offset, 0, 0xffff, true);
}

function writeInt16LE(value, offset = 0) {
  return write16(this, value, offset, -0x8000, 0x7fff, false);
}

function writeInt16BE(value, offset = 0) {
  return write16(this, value, offset, -0x8000, 0x7fff, true);
}

function writeUInt32LE(value, offset = 0) {
  return write32(this, value, offset, 0, 0xffffffff, false);
}

function writeUInt32BE(value, offset = 0) {
  return write32(this, value, offset, 0, 0xffffffff, true);
}

function writeInt32LE(value, offset = 0) {
  return write32(this, value, offset, -0x80000000, 0x7fffffff, false);
}

function writeInt32BE(value, offset = 0) {
  return write32(this, value, offset, -0x80000000, 0x7fffffff, true);
}

// Little-endian bytes of an integral double of up to 6 bytes; `>>>` only sees the low 32 bits, so
// bytes 5 and 6 come from the high part.
function storeLE(buf, value, offset, size) {
  const high = Math.floor(value * 2 ** -32);
  for (let i = 0; i < size && i < 4; i++) buf[offset + i] = value >>> (8 * i);
  if (size > 4) buf[offset + 4] = high;
  if (size > 5) buf[offset + 5] = high >>> 8;
}

function storeBE(buf, value, offset, size) {
  const high = Math.floor(value * 2 ** -32);
  for (let i = 0; i < size && i < 4; i++) buf[offset + size - 1 - i] = value >>> (8 * i);
  if (size > 4) buf[offset + size - 5] = high;
  if (size > 5) buf[offset] = high >>> 8;
}

const UINT_MAX = [0, 0xff, 0xffff, 0xffffff, 0xffffffff, 0xffffffffff, 0xffffffffffff];
const INT_MAX = [0, 0x7f, 0x7fff, 0x7fffff, 0x7fffffff, 0x7fffffffff, 0x7fffffffffff];

function writeVariable(buf, value, offset, byteLength, signed, bigEndian) {
  checkByteLength(byteLength);
  const max = signed ? INT_MAX[byteLength] : UINT_MAX[byteLength];
  const min = signed ? -max - 1 : 0;
  if (byteLength === 1) return writeByte(buf, value, offset, min, max);
  value = +value;
  if (value > max || value < min) throw valueRangeError(value, min, max, byteLength);
  checkBounds(buf, offset, byteLength);
  (bigEndian ? storeBE : storeLE)(buf, value, offset, byteLength);
  return offset + byteLength;
}

function writeUIntLE(value, offset, byteLength) {
  return writeVariable(this, value, offset, byteLength, false, false);
}

function writeUIntBE(value, offset, byteLength) {
  return writeVariable(this, value, offset, byteLength, false, true);
}

function writeIntLE(value, offset, byteLength) {
  return writeVariable(this, value, offset, byteLength, true, false);
}

function writeIntBE(value, offset, byteLength) {
  return writeVariable(this, value, offset, byteLength, true, true);
}

function writeFloat(buf, value, offset, bigEndian) {
  value = +value;
  checkBounds(buf, offset, 4);
  float32[0] = value;
  return storeScratch(float32Bytes, buf, offset, bigEndian);
}

function writeDouble(buf, value, offset, bigEndian) {
  value = +value;
  checkBounds(buf, offset, 8);
  float64[0] = value;
  return storeScratch(float64Bytes, buf, offset, bigEndian);
}

function writeFloatLE(value, offset = 0) {
  return writeFloat(this, value, offset, false);
}

function writeFloatBE(value, offset = 0) {
  return writeFloat(this, value, offset, true);
}

function writeDoubleLE(value, offset = 0) {
  return writeDouble(this, value, offset, false);
}

function writeDoubleBE(value, offset = 0) {
  return writeDouble(this, value, offset, true);
}

function writeBigInt64(buf, value, offset, min, max, bigEndian) {
  if (value > max || value < min) throw valueRangeError(value, min, max, 8);
  checkBounds(buf, offset, 8);
  const low = Number(value & 0xffffffffn);
  const high = Number((value >> 32n) & 0xffffffffn);
  if (bigEndian) {
    storeBE(buf, high, offset, 4);
    storeBE(buf, low, offset + 4, 4);
  } else {
    storeLE(buf, low, offset, 4);
    storeLE(buf, high, offset + 4, 4);
  }
  return offset + 8;
}

function writeBigUInt64LE(value, offset = 0) {
  return writeBigInt64(this, value, offset, 0n, 0xffffffffffffffffn, false);
}

function writeBigUInt64BE(value, offset = 0) {
  return writeBigInt64(this, value, offset, 0n, 0xffffffffffffffffn, true);
}

function writeBigInt64LE(value, offset = 0) {
  return writeBigInt64(this, value, offset, -(2n ** 63n), 2n ** 63n - 1n, false);
}

function writeBigInt64BE(value, offset = 0) {
  return writeBigInt64(this, value, offset, -(2n ** 63n), 2n ** 63n - 1n, true);
}

const numberMethods = {
  readBigUInt64LE, readBigUInt64BE, readBigInt64LE, readBigInt64BE,
  writeBigUInt64LE, writeBigUInt64BE, writeBigInt64LE, writeBigInt64BE,
  readUIntLE, readUInt32LE, readUInt16LE, readUInt8, readUIntBE, readUInt32BE, readUInt16BE,
  readIntLE, readInt32LE, readInt16LE, readInt8, readIntBE, readInt32BE, readInt16BE,
  writeUIntLE, writeUInt32LE, writeUInt16LE, writeUInt8, writeUIntBE, writeUInt32BE, writeUInt16BE,
  writeIntLE, writeInt32LE, writeInt16LE, writeInt8, writeIntBE, writeInt32BE, writeInt16BE,
  readFloatLE, readFloatBE, readDoubleLE, readDoubleBE,
  writeFloatLE, writeFloatBE, writeDoubleLE, writeDoubleBE,
};

// Node's order; each `Uint` name is an alias of the `UInt` method (the same function).
const NUMBER_METHOD_ORDER = [
  'readBigUInt64LE', 'readBigUInt64BE', 'readBigUint64LE', 'readBigUint64BE', 'readBigInt64LE', 'readBigInt64BE',
  'writeBigUInt64LE', 'writeBigUInt64BE', 'writeBigUint64LE', 'writeBigUint64BE', 'writeBigInt64LE',
  'writeBigInt64BE',
  'readUIntLE', 'readUInt32LE', 'readUInt16LE', 'readUInt8', 'readUIntBE', 'readUInt32BE', 'readUInt16BE',
  'readUintLE', 'readUint32LE', 'readUint16LE', 'readUint8', 'readUintBE', 'readUint32BE', 'readUint16BE',
  'readIntLE', 'readInt32LE', 'readInt16LE', 'readInt8', 'readIntBE', 'readInt32BE', 'readInt16BE',
  'writeUIntLE', 'writeUInt32LE', 'writeUInt16LE', 'writeUInt8', 'writeUIntBE', 'writeUInt32BE', 'writeUInt16BE',
  'writeUintLE', 'writeUint32LE', 'writeUint16LE', 'writeUint8', 'writeUintBE', 'writeUint32BE', 'writeUint16BE',
  'writeIntLE', 'writeInt32LE', 'writeInt16LE', 'writeInt8', 'writeIntBE', 'writeInt32BE', 'writeInt16BE',
  'readFloatLE', 'readFloatBE', 'readDoubleLE', 'readDoubleBE',
  'writeFloatLE', 'writeFloatBE', 'writeDoubleLE', 'writeDoubleBE',
];

// ---------------------------------------------------------------------------------------------------
// Buffer.prototype

const proto = Buffer.prototype;
for (const name of NUMBER_METHOD_ORDER) proto[name] = numberMethods[name.replace('Uint', 'UInt')];

// Node's C++ index parsing for the xxxSlice/xxxWrite methods: integer conversion, negatives refused.
function toArrayIndex(value, fallback) {
  if (value === undefined) return fallback;
  const n = Math.trunc(+value) || 0;
  if (n < 0) throw indexOutOfRange();
  return n;
}

function sliceMethod(codec) {
  return function slice(start, end) {
    const length = this.length;
    const from = toArrayIndex(start, 0);
    let to = toArrayIndex(end, length);
    if (to < from) to = from;
    if (to > length) throw indexOutOfRange();
    return from === to ? '' : codec.slice(this, from, to);
  };
}

function writeMethod(codec) {
  return function write(string, offset, length) {
    if (typeof string !== 'string') throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', 'argument must be a string');
    const bufLength = this.length;
    const at = toArrayIndex(offset, 0);
    if (at > bufLength) throw bufferOutOfBounds('offset');
    const max = Math.min(bufLength - at, toArrayIndex(length, bufLength - at));
    return max === 0 ? 0 : codec.write(this, string, at, max);
  };
}

function named(fn, name) {
  return Object.defineProperty(fn, 'name', { value: name });
}

const METHOD_CODECS = [ascii, base64, base64url, latin1, hex, utf16le, utf8]; // node's order
for (const codec of METHOD_CODECS) {
  proto[`${codec.methodPrefix}Slice`] = named(sliceMethod(codec), `${codec.methodPrefix}Slice`);
}
for (const codec of METHOD_CODECS) {
  proto[`${codec.methodPrefix}Write`] = named(writeMethod(codec), `${codec.methodPrefix}Write`);
}

Object.defineProperty(proto, 'parent', {
  enumerable: true,
  get() {
    return this instanceof Buffer ? this.buffer : undefined;
  },
});

Object.defineProperty(proto, 'offset', {
  enumerable: true,
  get() {
    return this instanceof Buffer ? this.byteOffset : undefined;
  },
});

// A Number integer for copy's positions: NaN and unsafe values fall back to `fallback`.
function toInteger(value, fallback) {
  if (Number.isInteger(value)) return value;
  const n = +value;
  if (Number.isNaN(n) || n < Number.MIN_SAFE_INTEGER || n > Number.MAX_SAFE_INTEGER) return fallback;
  return n % 1 === 0 ? n : Math.floor(n);
}

proto.copy = function copy(target, targetStart, sourceStart, sourceEnd) {
  if (!isUint8Array(this)) throw invalidArgType('source', BUFFER_OR_UINT8ARRAY, this);
  if (!isUint8Array(target)) throw invalidArgType('target', BUFFER_OR_UINT8ARRAY, target);
  if (targetStart === undefined) {
    targetStart = 0;
  } else {
    targetStart = toInteger(targetStart, 0);
    if (targetStart < 0) throw outOfRange('targetStart', '>= 0', targetStart);
  }
  if (sourceStart === undefined) {
    sourceStart = 0;
  } else {
    sourceStart = toInteger(sourceStart, 0);
    if (sourceStart < 0 || sourceStart > this.byteLength) {
      throw outOfRange('sourceStart', `>= 0 && <= ${this.byteLength}`, sourceStart);
    }
  }
  if (sourceEnd === undefined) {
    sourceEnd = this.byteLength;
  } else {
    sourceEnd = toInteger(sourceEnd, 0);
    if (sourceEnd < 0) throw outOfRange('sourceEnd', '>= 0', sourceEnd);
  }
  if (targetStart >= target.byteLength || sourceStart >= sourceEnd) return 0;
  return copyBytes(this, target, targetStart, sourceStart, sourceEnd);
};

proto.toString = function toString(encoding, start, end) {
  const length = this.length;
  if (encoding === undefined && start === undefined && end === undefined) return utf8.slice(this, 0, length);
  if (start <= 0) start = 0;
  else if (start >= length) return '';
  else start = Math.trunc(start) || 0;
  if (end === undefined || end > length) end = length;
  else end = Math.trunc(end) || 0;
  if (end <= start) return '';
  if (encoding === undefined) return utf8.slice(this, start, end);
  const codec = codecFor(encoding);
  if (codec === undefined) throw unknownEncoding(encoding);
  return codec.slice(this, start, end);
};

proto.equals = function equals(otherBuffer) {
  if (!isUint8Array(otherBuffer)) throw invalidArgType('otherBuffer', BUFFER_OR_UINT8ARRAY, otherBuffer);
  if (this === otherBuffer) return true;
  if (this.byteLength !== otherBuffer.byteLength) return false;
  return compareBytes(this, otherBuffer) === 0;
};

function hexPairs(buf, count) {
  return count <= 0 ? '' : hex.slice(buf, 0, count).replace(/(.{2})(?!$)/g, '$1 ');
}

const kMaxExtrasScan = 1 << 16;

// `<Buffer 01 02 ... 46 more bytes>`, followed by the buffer's own non-index properties if any.
function inspectBuffer(recurseTimes, ctx) {
  const max = INSPECT_MAX_BYTES;
  const shown = Math.trunc(Math.min(max, this.length));
  const remaining = this.length - max;
  let str = hexPairs(this, shown);
  if (remaining > 0) str += ` ... ${remaining} more byte${remaining > 1 ? 's' : ''}`;
  // Listing own keys lists every index first: skipped for large buffers, as util.inspect does.
  if (ctx && this.length <= kMaxExtrasScan) {
    const extras = Object.create(null);
    let hasExtras = false;
    for (const key of Reflect.ownKeys(this).slice(this.length)) {
      if (!ctx.showHidden && !Object.prototype.propertyIsEnumerable.call(this, key)) continue;
      hasExtras = true;
      extras[key] = this[key];
    }
    if (hasExtras) {
      if (this.length !== 0) str += ', ';
      // Drop the '[Object: null prototype] {' opening and ' }' closing.
      str += inspect(extras, { ...ctx, breakLength: Infinity, compact: true }).slice(27, -2);
    }
  }
  return `<${this.constructor.name} ${str}>`;
}
proto.inspect = named(inspectBuffer, 'inspect');

proto.compare = function compare(target, targetStart, targetEnd, sourceStart, sourceEnd) {
  if (!isUint8Array(target)) throw invalidArgType('target', BUFFER_OR_UINT8ARRAY, target);
  if (arguments.length === 1) return compareBytes(this, target);
  if (targetStart === undefined) targetStart = 0;
  else validateOffset(targetStart, 'targetStart');
  if (targetEnd === undefined) targetEnd = target.length;
  else validateOffset(targetEnd, 'targetEnd', 0, target.length);
  if (sourceStart === undefined) sourceStart = 0;
  else validateOffset(sourceStart, 'sourceStart');
  if (sourceEnd === undefined) sourceEnd = this.length;
  else validateOffset(sourceEnd, 'sourceEnd', 0, this.length);
  if (sourceStart >= sourceEnd) return targetStart >= targetEnd ? 0 : -1;
  if (targetStart >= targetEnd) return 1;
  return compareBytes(byteView(this, sourceStart, sourceEnd), byteView(target, targetStart, targetEnd));
};

// ---------------------------------------------------------------------------------------------------
// Searching. Offsets follow node's C++ rules (IndexOfOffset): negative ones count from the end, and
// what happens past either end depends on the direction and on whether the needle is empty.

function searchStart(length, offset, needleLength, forward) {
  if (offset < 0) {
    if (offset + length >= 0) return length + offset;
    return forward || needleLength === 0 ? 0 : -1;
  }
  if (offset + needleLength <= length) return offset;
  if (needleLength === 0) return length;
  return forward ? -1 : length - 1;
}

const typedIndexOf = Uint8Array.prototype.indexOf;
const typedLastIndexOf = Uint8Array.prototype.lastIndexOf;

// First (or last) index i of `needle` in `haystack` (typed arrays of one kind), i >= start (or
// i <= start); -1 when absent. The engine's native indexOf finds each candidate first element.
function findSequence(haystack, needle, start, forward) {
  const n = needle.length;
  const first = needle[0];
  const lastStart = haystack.length - n;
  if (lastStart < 0) return -1;
  let i = forward ? start : Math.min(start, lastStart);
  while (forward ? i <= lastStart : i >= 0) {
    i = forward ? typedIndexOf.call(haystack, first, i) : typedLastIndexOf.call(haystack, first, i);
    if (i < 0 || (forward && i > lastStart)) return -1;
    let k = 1;
    while (k < n && haystack[i + k] === needle[k]) k++;
    if (k === n) return i;
    i += forward ? 1 : -1;
  }
  return -1;
}

function indexOfBytes(buf, needle, offset, ucs2, forward) {
  const length = buf.length;
  const start = searchStart(length, offset, needle.length, forward);
  if (needle.length === 0) return start;
  if (length === 0 || start <= -1) return -1;
  if ((forward && needle.length + start > length) || needle.length > length) return -1;
  if (!ucs2) return findSequence(buf, needle, start, forward);
  // UTF-16: whole code units only, at even offsets.
  if (length < 2 || needle.length < 2) return -1;
  const found = findSequence(unitsOf(buf, length >>> 1), unitsOf(needle, needle.length >>> 1), start >>> 1, forward);
  return found === -1 ? -1 : found * 2;
}

// The bytes to look for when searching for a string.
function needleBytes(value, codec) {
  if (codec === utf8) return ops.utf8Encode(value);
  if (codec === utf16le || codec === latin1) {
    const bytes = new Uint8Array(codec.byteLength(value));
    codec.write(bytes, value, 0, bytes.length);
    return bytes;
  }
  return fromStringWith(value, codec); // ascii, hex, base64: through the pool, as node does
}

function bidirectionalIndexOf(buf, value, byteOffset, encoding, forward) {
  if (typeof byteOffset === 'string') {
    encoding = byteOffset;
    byteOffset = undefined;
  } else if (byteOffset > 0x7fffffff) {
    byteOffset = 0x7fffffff;
  } else if (byteOffset < -0x80000000) {
    byteOffset = -0x80000000;
  }
  byteOffset = +byteOffset; // null and [] become 0; undefined, 'foo' and {} NaN: the whole buffer
  if (Number.isNaN(byteOffset)) byteOffset = forward ? 0 : (buf.length || buf.byteLength);
  byteOffset = Math.trunc(byteOffset);

  if (typeof value === 'number') {
    const start = searchStart(buf.length, byteOffset, 1, forward);
    if (start <= -1 || buf.length === 0) return -1;
    const byte = (value >>> 0) & 0xff;
    return forward ? typedIndexOf.call(buf, byte, start) : typedLastIndexOf.call(buf, byte, start);
  }

  const codec = encoding === undefined ? utf8 : codecFor(encoding);
  if (typeof value === 'string') {
    if (codec === undefined) throw unknownEncoding(encoding);
    return indexOfBytes(buf, needleBytes(value, codec), byteOffset, codec === utf16le, forward);
  }
  if (isUint8Array(value)) return indexOfBytes(buf, value, byteOffset, codec === utf16le, forward);
  throw invalidArgType('value', 'one of type number or string or an instance of Buffer or Uint8Array', value);
}

proto.indexOf = function indexOf(val, byteOffset, encoding) {
  return bidirectionalIndexOf(this, val, byteOffset, encoding, true);
};

proto.lastIndexOf = function lastIndexOf(val, byteOffset, encoding) {
  return bidirectionalIndexOf(this, val, byteOffset, encoding, false);
};

proto.includes = function includes(val, byteOffset, encoding) {
  return this.indexOf(val, byteOffset, encoding) !== -1;
};

// ---------------------------------------------------------------------------------------------------
// fill

// The byte (a number) or bytes a non-number fill value repeats.
function fillPattern(value, encoding, maxLength) {
  if (ArrayBuffer.isView(value)) return viewBytes(value);
  if (typeof value !== 'string') return +value >>> 0; // like node's Uint32 conversion (throws for BigInt)
  const codec = CODECS[encoding];
  if (codec === utf8) return ops.utf8Encode(value);
  const bytes = new Uint8Array(codec === utf16le ? value.length * 2 : Math.min(codec.byteLength(value), maxLength));
  const written = codec.write(bytes, value, 0, bytes.length);
  return bytes.subarray(0, written);
}

function fillBuffer(buf, value, offset, end, encoding) {
  let normalized;
  if (typeof value === 'string') {
    if (offset === undefined || typeof offset === 'string') {
      encoding = offset;
      offset = 0;
      end = buf.length;
    } else if (typeof end === 'string') {
      encoding = end;
      end = buf.length;
    }
    normalized = normalizeEncoding(encoding);
    if (normalized === undefined) {
      if (typeof encoding !== 'string') throw invalidArgType('encoding', 'of type string', encoding);
      throw unknownEncoding(encoding);
    }
    if (value.length === 0) {
      value = 0; // an empty string fills with zeros
    } else if (value.length === 1) {
      // A single char that is a single byte fills as a number.
      const code = value.charCodeAt(0);
      if (normalized === 'utf8' && code < 128) value = code;
      else if (normalized === 'latin1') value = code;
    }
  }

  if (offset === undefined) {
    offset = 0;
    end = buf.length;
  } else {
    validateOffset(offset, 'offset');
    if (end === undefined) end = buf.length;
    else validateOffset(end, 'end', 0, buf.length);
    if (offset >= end) return buf;
  }

  const pattern = typeof value === 'number' ? value : fillPattern(value, normalized, end - offset);
  if (typeof pattern === 'number') {
    typedFill.call(buf, pattern, offset, end);
    return buf;
  }
  if (pattern.length === 0) throw invalidArgValue('value', value);
  repeatPattern(buf, pattern, offset, end);
  return buf;
}

// Writes the pattern once, then doubles the filled run with copyWithin.
function repeatPattern(buf, pattern, offset, end) {
  const total = end - offset;
  const first = Math.min(pattern.length, total);
  buf.set(first === pattern.length ? pattern : pattern.subarray(0, first), offset);
  let filled = first;
  while (filled < total) {
    const n = Math.min(filled, total - filled);
    buf.copyWithin(offset + filled, offset, offset + n);
    filled += n;
  }
}

proto.fill = function fill(value, offset, end, encoding) {
  return fillBuffer(this, value, offset, end, encoding);
};

// ---------------------------------------------------------------------------------------------------
// write, toJSON, subarray/slice, swaps

proto.write = function write(string, offset, length, encoding) {
  if (offset === undefined) return this.utf8Write(string, 0, this.length);
  if (length === undefined && typeof offset === 'string') {
    // write(string, encoding)
    encoding = offset;
    length = this.length;
    offset = 0;
  } else {
    // write(string, offset[, length][, encoding])
    validateOffset(offset, 'offset', 0, this.length);
    const remaining = this.length - offset;
    if (length === undefined) {
      length = remaining;
    } else if (typeof length === 'string') {
      encoding = length;
      length = remaining;
    } else {
      validateOffset(length, 'length', 0, this.length);
      if (length > remaining) length = remaining;
    }
  }
  if (!encoding || encoding === 'utf8') return this.utf8Write(string, offset, length);
  const codec = codecFor(encoding);
  if (codec === undefined) throw unknownEncoding(encoding);
  return this[`${codec.methodPrefix}Write`](string, offset, length);
};

proto.toJSON = function toJSON() {
  const length = this.length;
  const data = new Array(length);
  for (let i = 0; i < length; i++) data[i] = this[i];
  return { type: 'Buffer', data };
};

// An integer position within [0, length]; negative counts from the end.
function adjustOffset(offset, length) {
  offset = Math.trunc(offset);
  if (offset === 0 || Number.isNaN(offset)) return 0;
  if (offset < 0) {
    offset += length;
    return offset > 0 ? offset : 0;
  }
  return offset < length ? offset : length;
}

proto.subarray = function subarray(start, end) {
  const length = this.length;
  start = adjustOffset(start, length);
  end = end !== undefined ? adjustOffset(end, length) : length;
  return new FastBuffer(this.buffer, this.byteOffset + start, end > start ? end - start : 0);
};

// Unlike Uint8Array#slice, Buffer#slice shares memory.
proto.slice = function slice(start, end) {
  return this.subarray(start, end);
};

function invalidBufferSize(bits) {
  return nodeError(RangeError, 'ERR_INVALID_BUFFER_SIZE', `Buffer size must be a multiple of ${bits}`);
}

// Reverses each group of `size` bytes in place.
function swapGroups(buf, size) {
  const length = buf.length;
  if (length % size !== 0) throw invalidBufferSize(`${size * 8}-bits`);
  for (let i = 0; i < length; i += size) {
    for (let a = i, b = i + size - 1; a < b; a++, b--) {
      const t = buf[a];
      buf[a] = buf[b];
      buf[b] = t;
    }
  }
  return buf;
}

proto.swap16 = function swap16() {
  return swapGroups(this, 2);
};

proto.swap32 = function swap32() {
  return swapGroups(this, 4);
};

proto.swap64 = function swap64() {
  return swapGroups(this, 8);
};

proto.toLocaleString = proto.toString;
proto[customInspectSymbol] = inspectBuffer;

// ---------------------------------------------------------------------------------------------------
// Module functions: isUtf8, isAscii, transcode.

function bytesToCheck(input) {
  if (isTypedArray(input)) return viewBytes(input);
  if (isAnyArrayBuffer(input)) return new Uint8Array(input);
  throw invalidArgType('input', 'an instance of ArrayBuffer, Buffer, or TypedArray', input);
}

function checkNotDetached(bytes) {
  if (bytes.buffer.detached === true) {
    throw nodeError(Error, 'ERR_INVALID_STATE', 'Invalid state: Cannot validate on a detached buffer');
  }
}

// Length of the valid UTF-8 sequence starting at i, 0 if invalid (overlongs, surrogates, > U+10FFFF).
function utf8SequenceLength(bytes, i) {
  const lead = bytes[i];
  const next = bytes[i + 1];
  if (lead >= 0xc2 && lead <= 0xdf) return (next & 0xc0) === 0x80 ? 2 : 0;
  let min = 0x80;
  let max = 0xbf;
  let length;
  if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead === 0xe0) min = 0xa0;
    if (lead === 0xed) max = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead === 0xf0) min = 0x90;
    if (lead === 0xf4) max = 0x8f;
  } else {
    return 0;
  }
  if (!(next >= min && next <= max)) return 0;
  for (let k = 2; k < length; k++) {
    if ((bytes[i + k] & 0xc0) !== 0x80) return 0;
  }
  return length;
}

function isValidUtf8(bytes) {
  // Decoding replaces anything invalid with U+FFFD: without one, the bytes were valid.
  if (!ops.utf8Decode(bytes).includes('\ufffd')) return true;
  for (let i = 0; i < bytes.length;) {
    if (bytes[i] < 0x80) {
      i++;
      continue;
    }
    const length = utf8SequenceLength(bytes, i);
    if (length === 0) return false;
    i += length;
  }
  return true;
}

function isUtf8(input) {
  const bytes = bytesToCheck(input);
  checkNotDetached(bytes);
  return isValidUtf8(bytes);
}

function isAscii(input) {
  const bytes = bytesToCheck(input);
  checkNotDetached(bytes);
  return isAsciiString(ops.latin1Decode(bytes));
}

// ICU's failures, as node reports them.
const ICU_ERRORS = { U_ILLEGAL_ARGUMENT_ERROR: 1, U_INVALID_CHAR_FOUND: 10 };

function transcodeError(code) {
  const err = new Error(`Unable to transcode Buffer [${code}]`);
  err.code = code;
  err.errno = ICU_ERRORS[code];
  return err;
}

// Code points of UTF-16LE bytes (a trailing odd byte dropped); lone surrogates are kept as is.
function* ucs2CodePoints(bytes) {
  const end = bytes.length - (bytes.length % 2);
  for (let i = 0; i < end; i += 2) {
    const unit = bytes[i] | (bytes[i + 1] << 8);
    const next = i + 2 < end ? bytes[i + 2] | (bytes[i + 3] << 8) : -1;
    if (isHighSurrogate(unit) && isLowSurrogate(next)) {
      yield 0x10000 + ((unit - 0xd800) << 10) + (next - 0xdc00);
      i += 2;
    } else {
      yield unit;
    }
  }
}

const QUESTION_MARK = 0x3f;

// Code points -> single bytes up to `max`, '?' for anything else (surrogates included).
function toSingleBytes(codePoints, max) {
  const out = [];
  for (const cp of codePoints) out.push(cp <= max && !(cp >= 0xd800 && cp <= 0xdfff) ? cp : QUESTION_MARK);
  return Buffer.from(out);
}

function codePointsOfString(str) {
  return Array.from(str, (ch) => ch.codePointAt(0));
}

function bytesAsUcs2(bytes) {
  const out = Buffer.allocUnsafe(bytes.length * 2);
  for (let i = 0; i < bytes.length; i++) {
    out[2 * i] = bytes[i];
    out[2 * i + 1] = 0;
  }
  return out;
}

// Node converts with ICU; this mirrors its results for the encodings it supports (utf8, ucs2,
// latin1, ascii), including ICU's substitutions ('?', U+FFFD) and the cases it rejects.
const transcoders = {
  latin1: {
    utf8: (bytes) => fromFreshBytes(ops.utf8Encode(ops.latin1Decode(bytes))),
    ucs2: bytesAsUcs2,
    latin1: (bytes) => Buffer.from(bytes),
    ascii: (bytes) => toSingleBytes(bytes, 0x7f),
  },
  ascii: {
    utf8: (bytes) => fromFreshBytes(ops.utf8Encode(ops.latin1Decode(bytes).replace(/[\x80-\xff]/g, '\ufffd'))),
    ucs2: bytesAsUcs2,
    latin1: (bytes) => toSingleBytes(bytes, 0x7f),
    ascii: (bytes) => toSingleBytes(bytes, 0x7f),
  },
  utf8: {
    utf8: (bytes) => fromFreshBytes(ops.utf8Encode(ops.utf8Decode(bytes))),
    ucs2(bytes) {
      if (!isValidUtf8(bytes)) throw transcodeError('U_INVALID_CHAR_FOUND');
      return fromString(ops.utf8Decode(bytes), 'utf16le');
    },
    latin1: (bytes) => toSingleBytes(codePointsOfString(ops.utf8Decode(bytes)), 0xff),
    ascii: (bytes) => toSingleBytes(codePointsOfString(ops.utf8Decode(bytes)), 0x7f),
  },
  ucs2: {
    utf8(bytes) {
      const text = utf16le.slice(bytes, 0, bytes.length);
      if (!text.isWellFormed()) throw transcodeError('U_INVALID_CHAR_FOUND'); // a lone surrogate
      return fromFreshBytes(ops.utf8Encode(text));
    },
    ucs2(bytes) {
      const text = utf16le.slice(bytes, 0, bytes.length).toWellFormed();
      return fromString(bytes.length % 2 === 1 ? `${text}\ufffd` : text, 'utf16le');
    },
    latin1: (bytes) => toSingleBytes(ucs2CodePoints(bytes), 0xff),
    ascii: (bytes) => toSingleBytes(ucs2CodePoints(bytes), 0x7f),
  },
};

const TRANSCODE_NAMES = { utf8: 'utf8', utf16le: 'ucs2', latin1: 'latin1', ascii: 'ascii' };

function transcode(source, fromEncoding, toEncoding) {
  if (!isUint8Array(source)) throw invalidArgType('source', BUFFER_OR_UINT8ARRAY, source);
  if (source.length === 0) return Buffer.alloc(0);
  const from = TRANSCODE_NAMES[normalizeEncoding(fromEncoding)];
  const to = TRANSCODE_NAMES[normalizeEncoding(toEncoding)];
  if (from === undefined || to === undefined) throw transcodeError('U_ILLEGAL_ARGUMENT_ERROR');
  return transcoders[from][to](viewBytes(source));
}

// ---------------------------------------------------------------------------------------------------

createPool();

module.exports = {
  Buffer,
  SlowBuffer,
  transcode,
  isUtf8,
  isAscii,
  kMaxLength,
  kStringMaxLength,
  btoa,
  atob,
};

Object.defineProperties(module.exports, {
  constants: {
    value: { MAX_LENGTH: kMaxLength, MAX_STRING_LENGTH: kStringMaxLength },
    enumerable: true,
  },
  INSPECT_MAX_BYTES: {
    enumerable: true,
    configurable: true,
    get() {
      return INSPECT_MAX_BYTES;
    },
    set(value) {
      validateNumber(value, 'INSPECT_MAX_BYTES', 0);
      INSPECT_MAX_BYTES = value;
    },
  },
});
