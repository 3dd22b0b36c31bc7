'use strict';
// Node 20's `tls`, denied (DESIGN §3): HTTPS goes through kvm's fetch, which does its own TLS
// and certificate checks. Sockets, servers and secure contexts cannot be created. The
// constants and pure helpers answer as in Node, except `rootCertificates`, which is empty:
// kvm's trust store lives in the host, not in the isolate.

const net = require('net');
const { DEFAULT_CIPHER_LIST } = require('internal/constants');
const { invalidArgType } = require('internal/errors');
const { deniedConstructor, deniedFunction } = require('internal/denied');

const CAPABILITY = 'tls';

// The cipher names OpenSSL 3 offers to Node 20, lowercase as tls.getCiphers() lists them.
const CIPHERS = [
  'aes128-gcm-sha256', 'aes128-sha', 'aes128-sha256', 'aes256-gcm-sha384', 'aes256-sha',
  'aes256-sha256', 'dhe-psk-aes128-cbc-sha', 'dhe-psk-aes128-cbc-sha256',
  'dhe-psk-aes128-gcm-sha256', 'dhe-psk-aes256-cbc-sha', 'dhe-psk-aes256-cbc-sha384',
  'dhe-psk-aes256-gcm-sha384', 'dhe-psk-chacha20-poly1305', 'dhe-rsa-aes128-gcm-sha256',
  'dhe-rsa-aes128-sha', 'dhe-rsa-aes128-sha256', 'dhe-rsa-aes256-gcm-sha384',
  'dhe-rsa-aes256-sha', 'dhe-rsa-aes256-sha256', 'dhe-rsa-chacha20-poly1305',
  'ecdhe-ecdsa-aes128-gcm-sha256', 'ecdhe-ecdsa-aes128-sha', 'ecdhe-ecdsa-aes128-sha256',
  'ecdhe-ecdsa-aes256-gcm-sha384', 'ecdhe-ecdsa-aes256-sha', 'ecdhe-ecdsa-aes256-sha384',
  'ecdhe-ecdsa-chacha20-poly1305', 'ecdhe-psk-aes128-cbc-sha', 'ecdhe-psk-aes128-cbc-sha256',
  'ecdhe-psk-aes256-cbc-sha', 'ecdhe-psk-aes256-cbc-sha384', 'ecdhe-psk-chacha20-poly1305',
  'ecdhe-rsa-aes128-gcm-sha256', 'ecdhe-rsa-aes128-sha', 'ecdhe-rsa-aes128-sha256',
  'ecdhe-rsa-aes256-gcm-sha384', 'ecdhe-rsa-aes256-sha', 'ecdhe-rsa-aes256-sha384',
  'ecdhe-rsa-chacha20-poly1305', 'psk-aes128-cbc-sha', 'psk-aes128-cbc-sha256',
  'psk-aes128-gcm-sha256', 'psk-aes256-cbc-sha', 'psk-aes256-cbc-sha384',
  'psk-aes256-gcm-sha384', 'psk-chacha20-poly1305', 'rsa-psk-aes128-cbc-sha',
  'rsa-psk-aes128-cbc-sha256', 'rsa-psk-aes128-gcm-sha256', 'rsa-psk-aes256-cbc-sha',
  'rsa-psk-aes256-cbc-sha384', 'rsa-psk-aes256-gcm-sha384', 'rsa-psk-chacha20-poly1305',
  'srp-aes-128-cbc-sha', 'srp-aes-256-cbc-sha', 'srp-rsa-aes-128-cbc-sha',
  'srp-rsa-aes-256-cbc-sha', 'tls_aes_128_ccm_8_sha256', 'tls_aes_128_ccm_sha256',
  'tls_aes_128_gcm_sha256', 'tls_aes_256_gcm_sha384', 'tls_chacha20_poly1305_sha256',
];

function toBytes(bytes) {
  const B = globalThis.Buffer;
  return typeof B === 'function' ? B.from(bytes) : Uint8Array.from(bytes);
}

// ALPN wire format: each protocol name prefixed by its length; a buffer is taken as is.
function convertALPNProtocols(protocols, out) {
  if (Array.isArray(protocols)) {
    const bytes = [];
    for (const protocol of protocols) {
      const encoded = new TextEncoder().encode(protocol);
      bytes.push(encoded.length, ...encoded);
    }
    out.ALPNProtocols = toBytes(bytes);
  } else if (ArrayBuffer.isView(protocols)) {
    out.ALPNProtocols = toBytes(new Uint8Array(protocols.buffer, protocols.byteOffset, protocols.byteLength));
  } else if (protocols !== undefined && protocols !== null) {
    throw invalidArgType('protocols', 'an instance of Array, Buffer, TypedArray, or DataView', protocols);
  }
}

const TLSSocket = deniedConstructor('tls.TLSSocket', CAPABILITY, net.Socket);
const Server = deniedConstructor('tls.Server', CAPABILITY, net.Server);
const SecureContext = deniedConstructor('tls.SecureContext', CAPABILITY);

module.exports = {
  CLIENT_RENEG_LIMIT: 3,
  CLIENT_RENEG_WINDOW: 600,
  DEFAULT_CIPHERS: DEFAULT_CIPHER_LIST,
  DEFAULT_ECDH_CURVE: 'auto',
  DEFAULT_MIN_VERSION: 'TLSv1.2',
  DEFAULT_MAX_VERSION: 'TLSv1.3',
  getCiphers: () => CIPHERS.slice(),
  rootCertificates: Object.freeze([]),
  convertALPNProtocols,
  // Certificates are checked by kvm's fetch; a script has no peer certificate to check.
  checkServerIdentity: deniedFunction('tls.checkServerIdentity', CAPABILITY, 2),
  createSecureContext: deniedFunction('tls.createSecureContext', CAPABILITY, 1),
  SecureContext,
  TLSSocket,
  Server,
  createServer: deniedFunction('tls.createServer', CAPABILITY, 2),
  connect: deniedFunction('tls.connect', CAPABILITY),
  createSecurePair: deniedFunction('tls.createSecurePair', CAPABILITY),
};
