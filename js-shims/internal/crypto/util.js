'use strict';
// What the crypto shims share: Node's crypto errors and validators, byte conversions, and the
// lazy Transform base (`LazyTransform`) that Hash, Hmac and the ciphers are streams through.
//
// Node raises two kinds of errors here: those built in JS (`Error [CODE]: message` from
// toString) and those thrown by its C++ half, which carry a `code` but print as plain errors.

const ops = require('internal/ops');
const { codedError, invalidArgType } = require('internal/errors');
const { internals } = require('internal/event_target');

let BufferClass;
// `buffer` is loaded on first use: crypto must load (bundles require it at top level) even where
// no Buffer is needed.
function getBuffer() {
  BufferClass ??= require('buffer').Buffer;
  return BufferClass;
}

// ---------------------------------------------------------------------------------------------------
// Errors.

// An error as Node's C++ half throws it: a code, but no `[CODE]` in its message line.
function nativeError(Ctor, code, message) {
  const error = new Ctor(message);
  if (code !== undefined) error.code = code;
  return error;
}

// OpenSSL's failures, as Node reports them (`error:<packed code>:<library>::<reason>`).
const OPENSSL_ERRORS = {
  'bad-decrypt': ['1C800064', 'Provider routines', 'bad decrypt', 'ERR_OSSL_BAD_DECRYPT'],
  'wrong-final-block-length': ['1C80006B', 'Provider routines', 'wrong final block length',
    'ERR_OSSL_WRONG_FINAL_BLOCK_LENGTH'],
};

function opensslError(kind) {
  const [packed, library, reason, code] = OPENSSL_ERRORS[kind];
  const error = new Error(`error:${packed}:${library}::${reason}`);
  Object.assign(error, { library, reason, code });
  return error;
}

// ERR_OUT_OF_RANGE, worded (and its number formatted) by the shared helper.
function outOfRange(name, range, value) {
  return codedError(RangeError, 'ERR_OUT_OF_RANGE', internals.outOfRange(name, range, value).message);
}

function invalidState(operation) {
  return codedError(Error, 'ERR_CRYPTO_INVALID_STATE', `Invalid state for operation ${operation}`);
}

let inspect;
function invalidArgValue(name, value, reason = 'is invalid') {
  inspect ??= require('util').inspect;
  const kind = name.includes('.') ? 'property' : 'argument';
  return codedError(TypeError, 'ERR_INVALID_ARG_VALUE',
    `The ${kind} '${name}' ${reason}. Received ${inspect(value)}`);
}

// Functions kvm does not implement (asymmetric keys, Diffie-Hellman, scrypt...): they exist,
// since bundles reference them at load time, and fail when called.
function unavailable(name) {
  const fail = function () {
    throw codedError(TypeError, 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM',
      `The feature crypto.${name} is unavailable on the current platform, which is being used ` +
      'to run Node.js (kvm implements hashes, HMAC, PBKDF2, random values and AES ciphers)');
  };
  Object.defineProperty(fail, 'name', { value: name });
  return fail;
}

// ---------------------------------------------------------------------------------------------------
// Validators, worded as Node's internal/validators.

function validateString(value, name) {
  if (typeof value !== 'string') throw invalidArgType(name, 'of type string', value);
}

function validateFunction(value, name) {
  if (typeof value !== 'function') throw invalidArgType(name, 'of type function', value);
}

function validateObject(value, name) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidArgType(name, 'of type object', value);
  }
}

function validateInt32(value, name, min = -2147483648, max = 2147483647) {
  if (typeof value !== 'number') throw invalidArgType(name, 'of type number', value);
  if (!Number.isInteger(value)) throw outOfRange(name, 'an integer', value);
  if (value < min || value > max) throw outOfRange(name, `>= ${min} && <= ${max}`, value);
}

// `options.<name>` when given: a string (`encoding`) or an unsigned 32-bit integer.
function stringOption(options, name) {
  const value = options?.[name];
  if (value !== undefined && value !== null && typeof value !== 'string') {
    throw invalidArgValue(`options.${name}`, value);
  }
  return value ?? undefined;
}

function uintOption(options, name) {
  const value = options?.[name];
  if (value === undefined || value === null) return undefined;
  if (value >>> 0 !== value) throw invalidArgValue(`options.${name}`, value);
  return value;
}

// ---------------------------------------------------------------------------------------------------
// Bytes.

const ENCODINGS = {
  utf8: 'utf8', 'utf-8': 'utf8', hex: 'hex', base64: 'base64', base64url: 'base64url',
  latin1: 'latin1', binary: 'latin1', ascii: 'ascii',
  ucs2: 'utf16le', 'ucs-2': 'utf16le', utf16le: 'utf16le', 'utf-16le': 'utf16le',
};

// The canonical name of a string encoding, or undefined (`buffer` and unknown names).
function normalizeEncoding(encoding) {
  return typeof encoding === 'string' ? ENCODINGS[encoding.toLowerCase()] : undefined;
}

// A Uint8Array over the same bytes as any ArrayBuffer or view: what the host ops take.
function bytesView(value) {
  if (value instanceof Uint8Array && value.constructor === Uint8Array) return value;
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return new Uint8Array(value);
}

function isAnyArrayBuffer(value) {
  const tag = Object.prototype.toString.call(value);
  return tag === '[object ArrayBuffer]' || tag === '[object SharedArrayBuffer]';
}

// Text as bytes; UTF-8 (the default, and the common case) straight from the host.
function stringBytes(text, encoding) {
  const name = normalizeEncoding(encoding) ?? 'utf8';
  return name === 'utf8' ? ops.utf8Encode(text) : getBuffer().from(text, name);
}

// Node's `update(data, inputEncoding)` input: a string or a view (not an ArrayBuffer).
const DATA_TYPES = 'of type string or an instance of Buffer, TypedArray, or DataView';

function dataBytes(data, encoding, name = 'data') {
  if (typeof data === 'string') {
    validateEncoding(data, encoding);
    return bytesView(stringBytes(data, encoding));
  }
  if (!ArrayBuffer.isView(data)) throw invalidArgType(name, DATA_TYPES, data);
  return bytesView(data);
}

// Hex text must come in whole bytes.
function validateEncoding(data, encoding) {
  if (normalizeEncoding(encoding) === 'hex' && data.length % 2 !== 0) {
    throw invalidArgValue('encoding', encoding, `is invalid for data of length ${data.length}`);
  }
}

// Passwords, salts, IVs: also ArrayBuffers.
function bufferSourceBytes(value, name, encoding) {
  if (isAnyArrayBuffer(value) || ArrayBuffer.isView(value)) return bytesView(value);
  if (typeof value === 'string') return bytesView(stringBytes(value, encoding));
  throw invalidArgType(name,
    'of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView', value);
}

// A Buffer over the bytes a host op returned (no copy).
function toBuffer(bytes) {
  return getBuffer().from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

// A digest or ciphertext in `encoding`: a string for the string encodings Node knows, else a
// Buffer (Node's C++ treats unknown names as 'buffer').
function encodeOutput(bytes, encoding) {
  const buffer = toBuffer(bytes);
  const name = normalizeEncoding(encoding);
  return name === undefined ? buffer : buffer.toString(name);
}

// ---------------------------------------------------------------------------------------------------
// LazyTransform: Hash, Hmac, Cipheriv and Decipheriv are Transform streams in Node, but most
// callers only use update()/digest(). As in Node, the stream state is built on first access; the
// `stream` module itself is loaded then too (and the prototype chain linked at the first
// instance), so `require('crypto')` costs no stream set-up.

let streamLinked = false;
function LazyTransform(options) {
  this._options = options;
  if (!streamLinked) {
    streamLinked = true;
    Object.setPrototypeOf(LazyTransform.prototype, require('stream').Transform.prototype);
  }
}

for (const name of ['_readableState', '_writableState']) {
  Object.defineProperty(LazyTransform.prototype, name, {
    get() {
      require('stream').Transform.call(this, this._options);
      // Strings written to the stream reach _transform with their encoding, as update() takes them.
      this._writableState.decodeStrings = false;
      return this[name];
    },
    set(value) {
      Object.defineProperty(this, name, {
        value, enumerable: true, configurable: true, writable: true,
      });
    },
    configurable: true,
    enumerable: true,
  });
}

module.exports = {
  getBuffer,
  nativeError,
  opensslError,
  invalidState,
  invalidArgValue,
  invalidArgType,
  codedError,
  outOfRange,
  unavailable,
  validateString,
  validateFunction,
  validateObject,
  validateInt32,
  stringOption,
  uintOption,
  normalizeEncoding,
  bytesView,
  isAnyArrayBuffer,
  dataBytes,
  bufferSourceBytes,
  stringBytes,
  toBuffer,
  encodeOutput,
  LazyTransform,
};
