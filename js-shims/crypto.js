'use strict';
// Node 20's `crypto` module, for what konnectors use: hashes, HMAC, PBKDF2, random values, AES
// ciphers (ECB, CBC, CTR, GCM), secret keys and the Web Crypto random functions, computed by the
// host over RustCrypto (runtime/src/ops/crypto/). The rest of Node's surface (asymmetric keys,
// signatures, Diffie-Hellman, scrypt, HKDF, primes, X.509) is present, since bundles name it at
// load time, but throws ERR_FEATURE_UNAVAILABLE_ON_PLATFORM when called.

const hash = require('internal/crypto/hash');
const random = require('internal/crypto/random');
const { pbkdf2, pbkdf2Sync } = require('internal/crypto/pbkdf2');
const cipher = require('internal/crypto/cipher');
const { KeyObject, createSecretKey } = require('internal/crypto/keys');
const { unavailable, nativeError, bytesView, isAnyArrayBuffer } = require('internal/crypto/util');
const webcrypto = require('internal/web_crypto');
const tables = require('internal/constants');

// Node's `crypto.constants`: read-only numbers, and the TLS cipher list (settable).
function cryptoConstants() {
  const constants = {};
  for (const [name, value] of Object.entries(tables.crypto)) {
    Object.defineProperty(constants, name, { value, enumerable: true });
  }
  let cipherList = tables.DEFAULT_CIPHER_LIST;
  Object.defineProperty(constants, 'defaultCipherList', {
    get: () => cipherList,
    set: (value) => { cipherList = value; },
    enumerable: true,
    configurable: true,
  });
  return constants;
}

function timingSafeEqual(buf1, buf2) {
  for (const [name, value] of [['buf1', buf1], ['buf2', buf2]]) {
    if (!isAnyArrayBuffer(value) && !ArrayBuffer.isView(value)) {
      throw nativeError(TypeError, 'ERR_INVALID_ARG_TYPE',
        `The "${name}" argument must be an instance of ArrayBuffer, Buffer, TypedArray, or DataView.`);
    }
  }
  const a = bytesView(buf1);
  const b = bytesView(buf2);
  if (a.length !== b.length) {
    throw nativeError(RangeError, 'ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH',
      'Input buffers must have the same byte length');
  }
  // Every byte is visited whatever the contents, so the time says nothing about where they differ.
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

// Node without FIPS: getFips() is 0, enabling it fails.
function getFips() {
  return 0;
}

function setFips(enabled) {
  if (enabled) {
    throw nativeError(Error, 'ERR_CRYPTO_FIPS_FORCED', 'Cannot set FIPS mode in a non-FIPS build.');
  }
}

function secureHeapUsed() {
  return { total: 0, used: 0, utilization: 0, min: 0 };
}

// Curves are used only by ECDH and signatures, which kvm lacks: none is listed.
function getCurves() {
  return [];
}

const UNAVAILABLE = ['checkPrime', 'checkPrimeSync', 'createDiffieHellman',
  'createDiffieHellmanGroup', 'createECDH', 'createPrivateKey', 'createPublicKey', 'createSign',
  'createVerify', 'diffieHellman', 'generatePrime', 'generatePrimeSync', 'getDiffieHellman',
  'hkdf', 'hkdfSync', 'generateKeyPair', 'generateKeyPairSync', 'generateKey', 'generateKeySync',
  'privateDecrypt', 'privateEncrypt', 'publicDecrypt', 'publicEncrypt', 'scrypt', 'scryptSync',
  'sign', 'setEngine', 'verify', 'Certificate', 'DiffieHellman', 'DiffieHellmanGroup', 'ECDH',
  'Sign', 'Verify', 'X509Certificate'];
const missing = Object.fromEntries(UNAVAILABLE.map((name) => [name, unavailable(name)]));

// Node's key order, so Object.keys(crypto) reads as under node.
module.exports = {
  checkPrime: missing.checkPrime,
  checkPrimeSync: missing.checkPrimeSync,
  createCipheriv: cipher.createCipheriv,
  createDecipheriv: cipher.createDecipheriv,
  createDiffieHellman: missing.createDiffieHellman,
  createDiffieHellmanGroup: missing.createDiffieHellmanGroup,
  createECDH: missing.createECDH,
  createHash: hash.createHash,
  createHmac: hash.createHmac,
  createPrivateKey: missing.createPrivateKey,
  createPublicKey: missing.createPublicKey,
  createSecretKey,
  createSign: missing.createSign,
  createVerify: missing.createVerify,
  diffieHellman: missing.diffieHellman,
  generatePrime: missing.generatePrime,
  generatePrimeSync: missing.generatePrimeSync,
  getCiphers: cipher.getCiphers,
  getCipherInfo: cipher.getCipherInfo,
  getCurves,
  getDiffieHellman: missing.getDiffieHellman,
  getHashes: hash.getHashes,
  hkdf: missing.hkdf,
  hkdfSync: missing.hkdfSync,
  pbkdf2,
  pbkdf2Sync,
  generateKeyPair: missing.generateKeyPair,
  generateKeyPairSync: missing.generateKeyPairSync,
  generateKey: missing.generateKey,
  generateKeySync: missing.generateKeySync,
  privateDecrypt: missing.privateDecrypt,
  privateEncrypt: missing.privateEncrypt,
  publicDecrypt: missing.publicDecrypt,
  publicEncrypt: missing.publicEncrypt,
  randomBytes: random.randomBytes,
  randomFill: random.randomFill,
  randomFillSync: random.randomFillSync,
  randomInt: random.randomInt,
  randomUUID: random.randomUUID,
  scrypt: missing.scrypt,
  scryptSync: missing.scryptSync,
  sign: missing.sign,
  setEngine: missing.setEngine,
  timingSafeEqual,
  getFips,
  setFips,
  verify: missing.verify,
  hash: hash.hash,
  Certificate: missing.Certificate,
  Cipher: cipher.Cipher,
  Cipheriv: cipher.Cipheriv,
  Decipher: cipher.Decipher,
  Decipheriv: cipher.Decipheriv,
  DiffieHellman: missing.DiffieHellman,
  DiffieHellmanGroup: missing.DiffieHellmanGroup,
  ECDH: missing.ECDH,
  Hash: hash.Hash,
  Hmac: hash.Hmac,
  KeyObject,
  Sign: missing.Sign,
  Verify: missing.Verify,
  X509Certificate: missing.X509Certificate,
  secureHeapUsed,
};

// Deprecated names Node keeps non-enumerable.
function hidden(name, descriptor) {
  Object.defineProperty(module.exports, name, { enumerable: false, configurable: true, ...descriptor });
}

hidden('createCipher', { value: cipher.createCipher, writable: true });
hidden('createDecipher', { value: cipher.createDecipher, writable: true });
hidden('fips', { get: getFips, set: setFips });
module.exports.constants = cryptoConstants();
for (const [name, get] of [
  ['webcrypto', () => webcrypto],
  ['subtle', () => webcrypto.subtle],
  ['getRandomValues', () => webcrypto.getRandomValues],
]) {
  Object.defineProperty(module.exports, name, { get, enumerable: true, configurable: true });
}
for (const name of ['prng', 'pseudoRandomBytes', 'rng']) {
  hidden(name, { get: () => random.randomBytes, set: undefined });
}
