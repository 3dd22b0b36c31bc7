'use strict';
// createHash, createHmac, crypto.hash() and getHashes(). The digests run in the host
// (runtime/src/ops/crypto/hash.rs); this file gives them Node's arguments, encodings, errors and
// stream interface.

const ops = require('internal/ops');
const {
  codedError, invalidArgType, invalidArgValue, nativeError, validateString, stringOption,
  normalizeEncoding, dataBytes, encodeOutput, getBuffer, LazyTransform,
} = require('internal/crypto/util');
const { secretKeyBytes } = require('internal/crypto/keys');

const kHandle = Symbol('kHandle');
const kFinalized = Symbol('kFinalized');

function hashFinalized() {
  return codedError(Error, 'ERR_CRYPTO_HASH_FINALIZED', 'Digest already called');
}

function Hash(algorithm, options) {
  if (!(this instanceof Hash)) return new Hash(algorithm, options);
  let handle;
  if (algorithm instanceof Hash) {
    handle = algorithm[kHandle].copy(); // from hash.copy()
  } else {
    validateString(algorithm, 'algorithm');
    handle = ops.hashCreate(algorithm);
    if (handle === undefined) throw new Error('Digest method not supported');
  }
  this[kHandle] = handle;
  this[kFinalized] = false;
  LazyTransform.call(this, options);
}
Object.setPrototypeOf(Hash.prototype, LazyTransform.prototype);
Object.setPrototypeOf(Hash, LazyTransform);

Hash.prototype.copy = function copy(options) {
  if (this[kFinalized]) throw hashFinalized();
  return new Hash(this, options);
};

Hash.prototype.update = function update(data, encoding) {
  if (this[kFinalized]) throw hashFinalized();
  this[kHandle].update(dataBytes(data, encoding));
  return this;
};

// The host writes the common text encodings itself; the others go through a Buffer.
function finish(handle, outputEncoding) {
  const name = normalizeEncoding(outputEncoding);
  if (name === 'hex' || name === 'base64' || name === 'base64url') return handle.digest(name);
  return encodeOutput(handle.digest(), outputEncoding);
}

Hash.prototype.digest = function digest(outputEncoding) {
  if (this[kFinalized]) throw hashFinalized();
  this[kFinalized] = true;
  return finish(this[kHandle], outputEncoding);
};

Hash.prototype._transform = function _transform(chunk, encoding, callback) {
  this[kHandle].update(dataBytes(chunk, encoding));
  callback();
};

Hash.prototype._flush = function _flush(callback) {
  this[kFinalized] = true;
  this.push(encodeOutput(this[kHandle].digest()));
  callback();
};

function Hmac(hmac, key, options) {
  if (!(this instanceof Hmac)) return new Hmac(hmac, key, options);
  validateString(hmac, 'hmac');
  const bytes = secretKeyBytes(key, stringOption(options, 'encoding'));
  const handle = ops.hmacCreate(hmac, bytes);
  if (handle === undefined) {
    throw nativeError(TypeError, 'ERR_CRYPTO_INVALID_DIGEST', `Invalid digest: ${hmac}`);
  }
  this[kHandle] = handle;
  this[kFinalized] = false;
  LazyTransform.call(this, options);
}
Object.setPrototypeOf(Hmac.prototype, LazyTransform.prototype);
Object.setPrototypeOf(Hmac, LazyTransform);

Hmac.prototype.update = Hash.prototype.update;

// A second digest() answers an empty result instead of throwing, as Node's does.
Hmac.prototype.digest = function digest(outputEncoding) {
  const encoding = outputEncoding || 'buffer';
  if (this[kFinalized]) {
    const empty = getBuffer().alloc(0);
    return encoding === 'buffer' ? empty : empty.toString(encoding);
  }
  this[kFinalized] = true;
  return finish(this[kHandle], encoding);
};

Hmac.prototype._transform = Hash.prototype._transform;
Hmac.prototype._flush = Hash.prototype._flush;

function createHash(algorithm, options) {
  return new Hash(algorithm, options);
}

function createHmac(hmac, key, options) {
  return new Hmac(hmac, key, options);
}

// Node 20.12's one-shot digest: hex by default, 'buffer' for a Buffer.
function hash(algorithm, input, outputEncoding = 'hex') {
  validateString(algorithm, 'algorithm');
  if (typeof input !== 'string' && !ArrayBuffer.isView(input)) {
    throw invalidArgType('input', 'of type string or an instance of Buffer, TypedArray, or DataView', input);
  }
  let encoding = outputEncoding;
  if (outputEncoding !== 'hex') {
    validateString(outputEncoding, 'outputEncoding');
    encoding = normalizeEncoding(outputEncoding);
    if (encoding === undefined) {
      if (outputEncoding.toLowerCase() !== 'buffer') throw invalidArgValue('outputEncoding', outputEncoding);
      encoding = 'buffer';
    }
  }
  const handle = ops.hashCreate(algorithm);
  if (handle === undefined) throw new Error(`Digest method ${algorithm} is not supported`);
  handle.update(dataBytes(input));
  return finish(handle, encoding);
}

function getHashes() {
  return ops.hashNames.slice();
}

module.exports = { Hash, Hmac, createHash, createHmac, hash, getHashes };
