'use strict';
// createCipheriv/createDecipheriv (and the deprecated password-based createCipher/createDecipher)
// for AES in ECB, CBC, CTR and GCM modes, getCiphers and getCipherInfo. The ciphers run in the
// host (runtime/src/ops/crypto/cipher.rs), which reports failures by name; this file turns them
// into Node's errors and gives the objects Node's methods, string encodings and stream interface.

const ops = require('internal/ops');
const {
  codedError, invalidArgType, nativeError, opensslError, invalidState, validateString, validateObject,
  validateInt32, stringOption, uintOption, dataBytes, bufferSourceBytes, toBuffer, getBuffer,
  normalizeEncoding, LazyTransform,
} = require('internal/crypto/util');
const { secretKeyBytes } = require('internal/crypto/keys');

const kHandle = Symbol('kHandle');
const kState = Symbol('kState');

// GCM tags may be cut to these lengths.
const GCM_TAG_LENGTHS = [4, 8, 12, 13, 14, 15, 16];

function invalidAuthTag(length) {
  return nativeError(TypeError, 'ERR_CRYPTO_INVALID_AUTH_TAG', `Invalid authentication tag length: ${length}`);
}

// Failures the host reports by name.
function failure(kind) {
  switch (kind) {
    case 'bad-decrypt':
    case 'wrong-final-block-length':
      return opensslError(kind);
    case 'unauthenticated':
      return new Error('Unsupported state or unable to authenticate data');
    default:
      return new Error('Trying to add data in unsupported state');
  }
}

function setUp(cipher, key, iv, options, decrypt) {
  validateString(cipher, 'cipher');
  const keyBytes = secretKeyBytes(key, stringOption(options, 'encoding'));
  const ivBytes = iv === null ? new Uint8Array(0) : bufferSourceBytes(iv, 'iv');
  const authTagLength = uintOption(options, 'authTagLength');
  const handle = ops.cipherCreate(cipher, keyBytes, ivBytes, decrypt);
  if (handle === 'unknown') throw nativeError(Error, 'ERR_CRYPTO_UNKNOWN_CIPHER', 'Unknown cipher');
  if (handle === 'iv') throw nativeError(TypeError, 'ERR_CRYPTO_INVALID_IV', 'Invalid initialization vector');
  if (handle === 'key') throw nativeError(RangeError, 'ERR_CRYPTO_INVALID_KEYLEN', 'Invalid key length');
  const gcm = ops.cipherInfo(cipher).mode === 'gcm';
  if (gcm && authTagLength !== undefined && !GCM_TAG_LENGTHS.includes(authTagLength)) {
    throw invalidAuthTag(authTagLength);
  }
  return {
    handle,
    state: { gcm, decrypt, authTagLength, finalized: false, tagSet: false, tag: undefined },
  };
}

// The string decoder of `update`/`final` output, a StringDecoder as in Node (a character or
// base64 group split across calls is held back), and one encoding per cipher.
function decoderFor(cipher, encoding) {
  const normalized = normalizeEncoding(encoding);
  if (cipher._decoder === null) {
    if (normalized === undefined) {
      throw codedError(TypeError, 'ERR_UNKNOWN_ENCODING', `Unknown encoding: ${encoding}`);
    }
    const { StringDecoder } = require('string_decoder');
    cipher._decoder = new StringDecoder(normalized);
  } else if (cipher._decoder.encoding !== normalized) {
    if (normalized === undefined) {
      throw codedError(TypeError, 'ERR_UNKNOWN_ENCODING', `Unknown encoding: ${encoding}`);
    }
    throw codedError(Error, 'ERR_INTERNAL_ASSERTION', 'Cannot change encoding\nThis is caused ' +
      'by either a bug in Node.js or incorrect usage of Node.js internals.\nPlease open an ' +
      'issue with this stack trace at https://github.com/nodejs/node/issues\n');
  }
  return cipher._decoder;
}

function Cipheriv(cipher, key, iv, options) {
  if (!(this instanceof Cipheriv)) return new Cipheriv(cipher, key, iv, options);
  init(this, setUp(cipher, key, iv, options, false), options);
}

function Decipheriv(cipher, key, iv, options) {
  if (!(this instanceof Decipheriv)) return new Decipheriv(cipher, key, iv, options);
  init(this, setUp(cipher, key, iv, options, true), options);
}

function init(self, { handle, state }, options) {
  self[kHandle] = handle;
  self[kState] = state;
  self._decoder = null;
  LazyTransform.call(self, options);
}

// Methods both directions share.
const common = {
  update(data, inputEncoding, outputEncoding) {
    const bytes = dataBytes(data, inputEncoding);
    if (this[kState].finalized) throw failure('finalized');
    const out = this[kHandle].update(bytes);
    if (typeof out === 'string') throw failure(out);
    if (outputEncoding && outputEncoding !== 'buffer') {
      return decoderFor(this, outputEncoding).write(toBuffer(out));
    }
    return toBuffer(out);
  },

  final(outputEncoding) {
    const state = this[kState];
    if (state.finalized) throw nativeError(Error, 'ERR_CRYPTO_INVALID_STATE', 'Invalid state');
    state.finalized = true;
    const out = this[kHandle].final();
    if (typeof out === 'string') throw failure(out);
    if (state.gcm && !state.decrypt) state.tag = this[kHandle].getAuthTag();
    if (outputEncoding && outputEncoding !== 'buffer') {
      return decoderFor(this, outputEncoding).end(toBuffer(out));
    }
    return toBuffer(out);
  },

  setAutoPadding(ap) {
    if (this[kState].finalized) throw invalidState('setAutoPadding');
    this[kHandle].setAutoPadding(ap === undefined ? true : Boolean(ap));
    return this;
  },

  setAAD(buffer, options) {
    const encoding = stringOption(options, 'encoding');
    uintOption(options, 'plaintextLength'); // CCM's; checked, unused by GCM
    const bytes = bufferSourceBytes(buffer, 'buffer', encoding);
    if (this[kState].finalized || !this[kHandle].setAAD(bytes)) throw invalidState('setAAD');
    return this;
  },

  _transform(chunk, encoding, callback) {
    try {
      this.push(this.update(chunk, encoding));
    } catch (error) {
      callback(error);
      return;
    }
    callback();
  },

  _flush(callback) {
    try {
      this.push(this.final());
    } catch (error) {
      callback(error);
      return;
    }
    callback();
  },
};

function getAuthTag() {
  const { tag, authTagLength } = this[kState];
  if (tag === undefined) throw invalidState('getAuthTag');
  return toBuffer(tag.subarray(0, authTagLength ?? 16));
}

function setAuthTag(tagbuf, encoding) {
  const bytes = bufferSourceBytes(tagbuf, 'buffer', encoding);
  const state = this[kState];
  if (!state.gcm || state.tagSet || state.finalized) throw invalidState('setAuthTag');
  const fits = state.authTagLength === undefined
    ? GCM_TAG_LENGTHS.includes(bytes.length)
    : bytes.length === state.authTagLength;
  if (!fits) throw invalidAuthTag(bytes.length);
  state.tagSet = true;
  this[kHandle].setAuthTag(bytes);
  return this;
}

// Each class is its own LazyTransform subclass, as in Node (a Cipher is no Cipheriv).
function defineClass(Ctor, methods) {
  Object.setPrototypeOf(Ctor.prototype, LazyTransform.prototype);
  Object.setPrototypeOf(Ctor, LazyTransform);
  for (const [name, method] of Object.entries(methods)) {
    Object.defineProperty(Ctor.prototype, name, { value: method, writable: true, configurable: true });
  }
}

defineClass(Cipheriv, { ...common, getAuthTag });
defineClass(Decipheriv, { ...common, setAuthTag });

function createCipheriv(cipher, key, iv, options) {
  return new Cipheriv(cipher, key, iv, options);
}

function createDecipheriv(cipher, key, iv, options) {
  return new Decipheriv(cipher, key, iv, options);
}

// ---------------------------------------------------------------------------------------------------
// Deprecated password-based ciphers (removed in Node 22): key and IV from OpenSSL's
// EVP_BytesToKey with MD5, one round, no salt.

function bytesToKey(password, keyLength, ivLength) {
  const Buffer = getBuffer();
  const blocks = [];
  let total = 0;
  let previous = Buffer.alloc(0);
  while (total < keyLength + ivLength) {
    const md5 = ops.hashCreate('md5');
    md5.update(previous);
    md5.update(password);
    previous = md5.digest();
    blocks.push(previous);
    total += previous.length;
  }
  const all = Buffer.concat(blocks);
  return { key: all.subarray(0, keyLength), iv: all.subarray(keyLength, keyLength + ivLength) };
}

let warnedCreateCipher = false;
function passwordCipher(self, cipher, password, options, decrypt) {
  if (!warnedCreateCipher) {
    warnedCreateCipher = true;
    process.emitWarning('crypto.createCipher is deprecated.', 'DeprecationWarning', 'DEP0106');
  }
  validateString(cipher, 'cipher');
  const bytes = secretKeyBytes(password, stringOption(options, 'encoding'));
  const info = ops.cipherInfo(cipher);
  if (info === undefined) throw nativeError(Error, 'ERR_CRYPTO_UNKNOWN_CIPHER', 'Unknown cipher');
  const { key, iv } = bytesToKey(bytes, info.keyLength, info.ivLength);
  init(self, setUp(cipher, key, info.ivLength === 0 ? null : iv, options, decrypt), options);
}

function Cipher(cipher, password, options) {
  if (!(this instanceof Cipher)) return new Cipher(cipher, password, options);
  passwordCipher(this, cipher, password, options, false);
}
defineClass(Cipher, { ...common, getAuthTag });

function Decipher(cipher, password, options) {
  if (!(this instanceof Decipher)) return new Decipher(cipher, password, options);
  passwordCipher(this, cipher, password, options, true);
}
defineClass(Decipher, { ...common, setAuthTag });

function createCipher(cipher, password, options) {
  return new Cipher(cipher, password, options);
}

function createDecipher(cipher, password, options) {
  return new Decipher(cipher, password, options);
}

// ---------------------------------------------------------------------------------------------------

function getCiphers() {
  return ops.cipherNames.slice();
}

// `{ mode, name, nid, blockSize, ivLength, keyLength }`, or undefined when the cipher is unknown
// or the given lengths do not fit it.
function getCipherInfo(nameOrNid, options) {
  if (typeof nameOrNid !== 'string' && typeof nameOrNid !== 'number') {
    throw invalidArgType('nameOrNid', 'one of type string or number', nameOrNid);
  }
  if (typeof nameOrNid === 'number') validateInt32(nameOrNid, 'nameOrNid');
  if (options !== undefined) validateObject(options, 'options');
  const { keyLength, ivLength } = options ?? {};
  if (keyLength !== undefined) validateInt32(keyLength, 'options.keyLength');
  if (ivLength !== undefined) validateInt32(ivLength, 'options.ivLength');
  const name = typeof nameOrNid === 'number'
    ? ops.cipherNames.find((n) => ops.cipherInfo(n).nid === nameOrNid)
    : nameOrNid;
  const info = name === undefined ? undefined : ops.cipherInfo(name);
  if (info === undefined) return undefined;
  if (keyLength !== undefined && keyLength !== info.keyLength) return undefined;
  if (ivLength !== undefined && (info.mode === 'gcm' ? ivLength <= 0 : ivLength !== info.ivLength)) {
    return undefined;
  }
  const result = {
    mode: info.mode,
    // OpenSSL's short names, which Node reports lower-cased.
    name: info.mode === 'gcm' ? `id-aes${info.keyLength * 8}-gcm` : info.name,
    nid: info.nid,
    blockSize: info.blockSize,
  };
  // GCM takes any IV length, and reports the one asked about.
  if (info.ivLength !== 0) result.ivLength = info.mode === 'gcm' ? ivLength ?? info.ivLength : info.ivLength;
  result.keyLength = info.keyLength;
  return result;
}

module.exports = {
  Cipher, Cipheriv, Decipher, Decipheriv, createCipher, createCipheriv, createDecipher,
  createDecipheriv, getCiphers, getCipherInfo,
};
