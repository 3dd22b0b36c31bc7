'use strict';
// Secret keys: `createSecretKey` and the KeyObject classes, as far as symmetric keys go, plus the
// key argument every HMAC and cipher takes (string, bytes or secret KeyObject). Asymmetric keys
// (createPrivateKey, createPublicKey) are not implemented.

const {
  codedError, invalidArgType, invalidArgValue, bytesView, isAnyArrayBuffer, stringBytes,
  toBuffer, getBuffer,
} = require('internal/crypto/util');

const kKeyType = Symbol('kKeyType');
const kKeyBytes = Symbol('kKeyBytes');
const kConstruct = Symbol('kConstruct'); // only this module makes KeyObjects

class KeyObject {
  constructor(type, handle) {
    if (type !== 'secret' && type !== 'public' && type !== 'private') {
      throw invalidArgValue('type', type);
    }
    if (handle !== kConstruct) throw invalidArgType('handle', 'of type object', handle);
    this[kKeyType] = type;
  }

  get type() {
    return this[kKeyType];
  }

  static from() {
    throw codedError(TypeError, 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM',
      'The feature KeyObject.from is unavailable on the current platform, which is being used ' +
      'to run Node.js (kvm has no Web Crypto keys)');
  }
}

class SecretKeyObject extends KeyObject {
  constructor(bytes) {
    super('secret', kConstruct);
    Object.defineProperty(this, kKeyBytes, { value: bytes }); // hidden from inspect, as in Node
  }

  get symmetricKeySize() {
    return this[kKeyBytes].length;
  }

  get asymmetricKeyType() {
    return undefined;
  }

  export(options) {
    const format = options?.format;
    if (format === 'jwk') return { kty: 'oct', k: toBuffer(this[kKeyBytes]).toString('base64url') };
    if (format !== undefined && format !== 'buffer') {
      throw invalidArgValue('options.format', format, "must be one of: undefined, 'buffer', 'jwk'");
    }
    return getBuffer().from(this[kKeyBytes]);
  }

  equals(otherKeyObject) {
    if (!(otherKeyObject instanceof KeyObject)) {
      throw invalidArgType('otherKeyObject', 'an instance of KeyObject', otherKeyObject);
    }
    const a = this[kKeyBytes];
    const b = otherKeyObject[kKeyBytes];
    if (otherKeyObject.type !== 'secret' || a.length !== b.length) return false;
    let diff = 0;
    for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
    return diff === 0;
  }
}

Object.defineProperty(SecretKeyObject.prototype, Symbol.toStringTag, {
  value: 'KeyObject', configurable: true,
});

function createSecretKey(key, encoding) {
  let bytes;
  if (typeof key === 'string') bytes = stringBytes(key, encoding);
  else if (isAnyArrayBuffer(key) || ArrayBuffer.isView(key)) bytes = bytesView(key);
  else throw invalidArgType('key', 'an instance of ArrayBuffer, Buffer, TypedArray, or DataView', key);
  return new SecretKeyObject(bytes.slice());
}

// The bytes of an HMAC or cipher key.
function secretKeyBytes(key, encoding) {
  if (key instanceof KeyObject) {
    if (key.type !== 'secret') {
      throw codedError(TypeError, 'ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE',
        `Invalid key object type ${key.type}, expected secret.`);
    }
    return key[kKeyBytes];
  }
  if (typeof key === 'string') return bytesView(stringBytes(key, encoding));
  if (isAnyArrayBuffer(key) || ArrayBuffer.isView(key)) return bytesView(key);
  throw invalidArgType('key', 'of type string or an instance of ArrayBuffer, Buffer, TypedArray, ' +
    'DataView, KeyObject, or CryptoKey', key);
}

module.exports = { KeyObject, SecretKeyObject, createSecretKey, secretKeyBytes };
