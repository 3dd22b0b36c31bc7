'use strict';
// pbkdf2 and pbkdf2Sync (PBKDF2-HMAC, host op `pbkdf2`). The derivation runs synchronously in
// both forms: the callback form calls back on a later turn, as Node's thread pool would.

const ops = require('internal/ops');
const {
  nativeError, validateString, validateFunction, validateInt32, bufferSourceBytes, getBuffer,
} = require('internal/crypto/util');

function check(password, salt, iterations, keylen, digest) {
  validateString(digest, 'digest');
  password = bufferSourceBytes(password, 'password');
  salt = bufferSourceBytes(salt, 'salt');
  validateInt32(iterations, 'iterations', 1);
  validateInt32(keylen, 'keylen', 0);
  return { password, salt, iterations, keylen, digest };
}

function derive({ password, salt, iterations, keylen, digest }) {
  // The key is allocated on the JS heap (under the isolate's memory cap) and filled by the host.
  const key = getBuffer().alloc(keylen);
  const out = new Uint8Array(key.buffer, key.byteOffset, key.byteLength);
  if (!ops.pbkdf2(digest, password, salt, iterations, out)) {
    throw nativeError(TypeError, 'ERR_CRYPTO_INVALID_DIGEST', `Invalid digest: ${digest}`);
  }
  return key;
}

function pbkdf2Sync(password, salt, iterations, keylen, digest) {
  return derive(check(password, salt, iterations, keylen, digest));
}

function pbkdf2(password, salt, iterations, keylen, digest, callback) {
  if (typeof digest === 'function') {
    callback = digest;
    digest = undefined;
  }
  const args = check(password, salt, iterations, keylen, digest);
  validateFunction(callback, 'callback');
  const key = derive(args);
  setImmediate(callback, null, key);
}

module.exports = { pbkdf2, pbkdf2Sync };
