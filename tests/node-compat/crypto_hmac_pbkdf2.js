// crypto.createHmac (RFC 4231 vectors, key kinds, finalization), createSecretKey/KeyObject, and
// pbkdf2/pbkdf2Sync (RFC 6070 vectors, digests, callbacks, argument errors).
const crypto = require('crypto');

function describeError(err) {
  return `${err.name} | ${err.code} | ${err.message}`;
}

function attempt(label, fn) {
  try {
    const result = fn();
    console.log(`${label}: ok ${Buffer.isBuffer(result) ? `<Buffer ${result.toString('hex')}>` : JSON.stringify(result)}`);
  } catch (err) {
    console.log(`${label}: threw ${describeError(err)}`);
  }
}

const hmac = (alg, key, data, enc = 'hex') => crypto.createHmac(alg, key).update(data).digest(enc);

// --- RFC 4231 test cases 1, 2, 3, 4, 6, 7 for every SHA-2, plus MD5 and SHA-1
const CASES = [
  [Buffer.alloc(20, 0x0b), Buffer.from('Hi There')],
  [Buffer.from('Jefe'), Buffer.from('what do ya want for nothing?')],
  [Buffer.alloc(20, 0xaa), Buffer.alloc(50, 0xdd)],
  [Buffer.from('0102030405060708090a0b0c0d0e0f10111213141516171819', 'hex'), Buffer.alloc(50, 0xcd)],
  [Buffer.alloc(131, 0xaa), Buffer.from('Test Using Larger Than Block-Size Key - Hash Key First')],
  [Buffer.alloc(131, 0xaa), Buffer.from('This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.')],
];
for (const alg of ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'sha512-256']) {
  CASES.forEach(([key, data], i) => console.log('hmac', alg, i + 1, hmac(alg, key, data)));
}

// --- keys: strings (with an encoding option), views, ArrayBuffers, KeyObjects, empty keys
console.log('string key', hmac('sha256', 'secret', 'message'));
console.log('Buffer key', hmac('sha256', Buffer.from('secret'), 'message'));
console.log('Uint8Array key', hmac('sha256', new Uint8Array(Buffer.from('secret')), 'message'));
console.log('ArrayBuffer key', hmac('sha256', new Uint8Array(Buffer.from('secret')).buffer, 'message'));
console.log('DataView key', hmac('sha256', new DataView(new Uint8Array(Buffer.from('xsecretx')).buffer, 1, 6), 'message'));
console.log('hex key option', crypto.createHmac('sha256', '736563726574', { encoding: 'hex' }).update('message').digest('hex'));
console.log('latin1 key option', crypto.createHmac('sha256', 'é', { encoding: 'latin1' }).update('m').digest('hex'));
console.log('utf8 key', hmac('sha256', 'é', 'm'));
console.log('empty key', hmac('sha1', '', ''));
const secret = crypto.createSecretKey(Buffer.from('secret'));
console.log('KeyObject key', hmac('sha256', secret, 'message'));
console.log('encodings', hmac('sha256', 'k', 'd', 'base64'), hmac('sha256', 'k', 'd', 'base64url'));
console.log('buffer digest', crypto.createHmac('md5', 'k').update('d').digest().toString('hex'));
console.log('data encodings', crypto.createHmac('md5', 'k').update('6869', 'hex').update('aGk=', 'base64').digest('hex'));
attempt('unknown digest', () => crypto.createHmac('nope', 'k'));
attempt('digest name number', () => crypto.createHmac(5, 'k'));
attempt('missing key', () => crypto.createHmac('sha1'));
attempt('number key', () => crypto.createHmac('sha1', 5));
attempt('null key', () => crypto.createHmac('sha1', null));
attempt('RSA-SHA256 name', () => hmac('RSA-SHA256', 'k', 'd'));
attempt('SHA256 name', () => hmac('SHA256', 'k', 'd'));
{
  const h = crypto.createHmac('sha256', 'k');
  console.log('update returns this', h.update('a') === h, h instanceof crypto.Hmac);
  console.log('first digest', h.digest('hex'));
  attempt('second digest hex', () => h.digest('hex'));
  attempt('second digest buffer', () => h.digest());
  attempt('update after digest', () => h.update('x'));
  console.log('Hmac without new', crypto.Hmac('md5', 'k').update('a').digest('hex'));
}

// --- createSecretKey / KeyObject
console.log('secret type', secret.type, secret.symmetricKeySize, secret instanceof crypto.KeyObject);
console.log('export', secret.export().toString(), JSON.stringify(secret.export({ format: 'jwk' })));
console.log('export is a copy', secret.export() !== secret.export());
console.log('equals', secret.equals(crypto.createSecretKey(Buffer.from('secret'))),
  secret.equals(crypto.createSecretKey('secreT')), secret.equals(crypto.createSecretKey('secret2')));
console.log('hex secret', crypto.createSecretKey('616263', 'hex').export().toString());
console.log('toStringTag', Object.prototype.toString.call(secret));
attempt('export pem', () => secret.export({ format: 'pem' }));
attempt('equals(5)', () => secret.equals(5));
attempt('createSecretKey(5)', () => crypto.createSecretKey(5));
attempt('new KeyObject', () => new crypto.KeyObject('secret', {}));
attempt('new KeyObject bad type', () => new crypto.KeyObject('foo', {}));

// --- PBKDF2: RFC 6070 (SHA-1), then the other digests
const RFC6070 = [
  ['password', 'salt', 1, 20],
  ['password', 'salt', 2, 20],
  ['password', 'salt', 4096, 20],
  ['passwordPASSWORDpassword', 'saltSALTsaltSALTsaltSALTsaltSALTsalt', 4096, 25],
  ['pass\0word', 'sa\0lt', 4096, 16],
];
for (const [password, salt, iterations, keylen] of RFC6070) {
  console.log('pbkdf2 sha1', iterations, keylen, crypto.pbkdf2Sync(password, salt, iterations, keylen, 'sha1').toString('hex'));
}
for (const digest of ['md5', 'sha224', 'sha256', 'sha384', 'sha512', 'SHA256', 'sha512-256']) {
  console.log('pbkdf2', digest, crypto.pbkdf2Sync('pw', 'salt', 1000, 48, digest).toString('hex'));
}
console.log('pbkdf2 views', crypto.pbkdf2Sync(Buffer.from('pw'), new Uint8Array(Buffer.from('salt')), 3, 8, 'sha256').toString('hex'),
  crypto.pbkdf2Sync(new Uint8Array(Buffer.from('pw')).buffer, 'salt', 3, 8, 'sha256').toString('hex'));
console.log('pbkdf2 keylen 0', crypto.pbkdf2Sync('a', 'b', 1, 0, 'sha1').length);
console.log('pbkdf2 long key', crypto.pbkdf2Sync('a', 'b', 2, 100, 'sha1').toString('base64'));
attempt('pbkdf2 bad digest', () => crypto.pbkdf2Sync('a', 'b', 1, 10, 'nope'));
attempt('pbkdf2 no digest', () => crypto.pbkdf2Sync('a', 'b', 1, 10));
attempt('pbkdf2 iterations 0', () => crypto.pbkdf2Sync('a', 'b', 0, 10, 'sha1'));
attempt('pbkdf2 iterations 1.5', () => crypto.pbkdf2Sync('a', 'b', 1.5, 10, 'sha1'));
attempt('pbkdf2 iterations string', () => crypto.pbkdf2Sync('a', 'b', '1', 10, 'sha1'));
attempt('pbkdf2 keylen -1', () => crypto.pbkdf2Sync('a', 'b', 1, -1, 'sha1'));
attempt('pbkdf2 keylen 2**31', () => crypto.pbkdf2Sync('a', 'b', 1, 2 ** 31, 'sha1'));
attempt('pbkdf2 password number', () => crypto.pbkdf2Sync(5, 'b', 1, 10, 'sha1'));
attempt('pbkdf2 salt null', () => crypto.pbkdf2Sync('a', null, 1, 10, 'sha1'));
attempt('pbkdf2 no callback', () => crypto.pbkdf2('a', 'b', 1, 10, 'sha1'));
attempt('pbkdf2 callback as digest', () => crypto.pbkdf2('a', 'b', 1, 10, () => {}));
attempt('pbkdf2 async bad digest', () => crypto.pbkdf2('a', 'b', 1, 10, 'nope', () => {}));

// Callbacks come later, one after the other.
console.log('before pbkdf2 callback');
crypto.pbkdf2('password', 'salt', 4096, 20, 'sha256', (err, key) => {
  console.log('pbkdf2 callback', err, Buffer.isBuffer(key), key.toString('hex'));
  crypto.pbkdf2(Buffer.from('x'), 'y', 1, 4, 'md5', (err2, key2) => {
    console.log('pbkdf2 second callback', err2, key2.toString('hex'));
  });
});
console.log('after pbkdf2 call');
