// crypto's random functions (sizes, ranges and formats only, never values), timingSafeEqual,
// the Web Crypto entry points, the module's surface and its argument errors.
const crypto = require('crypto');

function describeError(err) {
  return `${err.name} | ${err.code} | ${err.message}`;
}

function attempt(label, fn) {
  try {
    console.log(`${label}: ok ${JSON.stringify(fn())}`);
  } catch (err) {
    console.log(`${label}: threw ${describeError(err)}`);
  }
}

// --- the surface: every name Node exports exists (bundles reference them at load time)
console.log('keys', Object.keys(crypto).join(' '));
// `subtle` is left out: kvm has no SubtleCrypto (crypto.subtle is undefined).
console.log('types', Object.keys(crypto).filter((k) => k !== 'subtle').map((k) => typeof crypto[k]).join(' '));
console.log('hidden', ['createCipher', 'createDecipher', 'prng', 'pseudoRandomBytes', 'rng', 'fips']
  .map((k) => `${k}:${typeof crypto[k]}`).join(' '));
console.log('node: prefix', require('node:crypto') === crypto);
console.log('webcrypto', crypto.webcrypto === globalThis.crypto, typeof crypto.getRandomValues);
console.log('constants', crypto.constants.RSA_PKCS1_PADDING, crypto.constants.POINT_CONVERSION_COMPRESSED,
  typeof crypto.constants.defaultCipherList, Object.keys(crypto.constants).length);
console.log('fips', crypto.getFips(), crypto.fips);
console.log('secureHeapUsed', JSON.stringify(crypto.secureHeapUsed()));
console.log('prng is randomBytes', crypto.pseudoRandomBytes(4).length, crypto.rng(3).length);

// --- randomBytes
for (const n of [0, 1, 16, 1000, 65537, 1.9]) {
  const buf = crypto.randomBytes(n);
  console.log('randomBytes', n, Buffer.isBuffer(buf), buf.length);
}
{
  const big = crypto.randomBytes(4096);
  console.log('randomBytes not all zero', big.some((b) => b !== 0));
  console.log('randomBytes differ', !crypto.randomBytes(32).equals(crypto.randomBytes(32)));
}
attempt('randomBytes(-1)', () => crypto.randomBytes(-1));
attempt('randomBytes("a")', () => crypto.randomBytes('a'));
attempt('randomBytes(NaN)', () => crypto.randomBytes(NaN));
attempt('randomBytes(2**31)', () => crypto.randomBytes(2 ** 31));
attempt('randomBytes(1, 5)', () => crypto.randomBytes(1, 5));

// --- randomFillSync: only the requested range changes
{
  const buf = Buffer.alloc(64);
  console.log('randomFillSync returns its argument', crypto.randomFillSync(buf, 8, 16) === buf);
  const outside = [...buf.subarray(0, 8), ...buf.subarray(24)].every((b) => b === 0);
  console.log('randomFillSync range', outside);
  const u32 = new Uint32Array(8);
  crypto.randomFillSync(u32, 2, 3);
  console.log('typed array offsets count elements', u32[0] === 0 && u32[1] === 0 && u32[5] === 0 && u32[7] === 0);
  const ab = new ArrayBuffer(8);
  console.log('ArrayBuffer', crypto.randomFillSync(ab) === ab, ab.byteLength);
  console.log('DataView', crypto.randomFillSync(new DataView(new ArrayBuffer(4))).byteLength);
  console.log('Float64Array', crypto.randomFillSync(new Float64Array(2)).length);
  console.log('empty', crypto.randomFillSync(Buffer.alloc(0)).length);
}
attempt('randomFillSync(5)', () => crypto.randomFillSync(5));
attempt('randomFillSync offset 5 of 4', () => crypto.randomFillSync(Buffer.alloc(4), 5));
attempt('randomFillSync size past end', () => crypto.randomFillSync(Buffer.alloc(4), 1, 5));
attempt('randomFillSync offset -1', () => crypto.randomFillSync(Buffer.alloc(4), -1));
attempt('randomFillSync offset string', () => crypto.randomFillSync(Buffer.alloc(4), '1'));
attempt('randomFillSync u16 offset', () => crypto.randomFillSync(new Uint16Array(4), 5));
attempt('randomFill no callback', () => crypto.randomFill(Buffer.alloc(4)));
attempt('randomFill bad offset', () => crypto.randomFill(Buffer.alloc(4), 9, () => {}));

// --- randomInt
{
  let ok = true;
  const seen = new Set();
  for (let i = 0; i < 2000; i++) {
    const n = crypto.randomInt(10);
    seen.add(n);
    ok = ok && Number.isInteger(n) && n >= 0 && n < 10;
    const m = crypto.randomInt(-5, -2);
    ok = ok && m >= -5 && m < -2;
  }
  console.log('randomInt ranges', ok, seen.size);
  const wide = crypto.randomInt(2 ** 48 - 1);
  console.log('randomInt wide', Number.isSafeInteger(wide), wide >= 0);
  console.log('randomInt single value', crypto.randomInt(7, 8));
}
attempt('randomInt(5, 2)', () => crypto.randomInt(5, 2));
attempt('randomInt(0)', () => crypto.randomInt(0));
attempt('randomInt(1.5)', () => crypto.randomInt(1.5));
attempt('randomInt("1")', () => crypto.randomInt('1'));
attempt('randomInt(0.5, 3)', () => crypto.randomInt(0.5, 3));
attempt('randomInt(2**48+1)', () => crypto.randomInt(2 ** 48 + 1));
attempt('randomInt(0, 2**48+1)', () => crypto.randomInt(0, 2 ** 48 + 1));
attempt('randomInt(1, 2, "x")', () => crypto.randomInt(1, 2, 'x'));

// --- randomUUID, getRandomValues
{
  const id = crypto.randomUUID();
  console.log('randomUUID', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id),
    id !== crypto.randomUUID(), typeof crypto.randomUUID({ disableEntropyCache: true }));
  console.log('webcrypto.randomUUID', /^[0-9a-f-]{36}$/.test(crypto.webcrypto.randomUUID()));
  const arr = new Uint32Array(4);
  console.log('getRandomValues', crypto.getRandomValues(arr) === arr, crypto.webcrypto.getRandomValues(new Uint8Array(65536)).length);
}
attempt('randomUUID(5)', () => crypto.randomUUID(5));
attempt('randomUUID bad option', () => crypto.randomUUID({ disableEntropyCache: 5 }));
try {
  crypto.webcrypto.getRandomValues(new Uint8Array(65537));
} catch (err) {
  console.log('getRandomValues too big', err.name);
}

// --- timingSafeEqual
console.log('timingSafeEqual', crypto.timingSafeEqual(Buffer.from('abc'), Buffer.from('abc')),
  crypto.timingSafeEqual(Buffer.from('abc'), Buffer.from('abd')),
  crypto.timingSafeEqual(new Uint16Array([1]), Buffer.from([1, 0])),
  crypto.timingSafeEqual(new ArrayBuffer(3), new DataView(new ArrayBuffer(3))),
  crypto.timingSafeEqual(Buffer.alloc(0), Buffer.alloc(0)));
attempt('timingSafeEqual lengths', () => crypto.timingSafeEqual(Buffer.alloc(2), Buffer.alloc(3)));
attempt('timingSafeEqual string', () => crypto.timingSafeEqual('a', Buffer.alloc(1)));
attempt('timingSafeEqual second', () => crypto.timingSafeEqual(Buffer.alloc(1), null));

// --- what kvm leaves out exists, as functions
for (const name of ['createSign', 'createVerify', 'generateKeyPair', 'generateKeyPairSync', 'publicEncrypt',
  'privateDecrypt', 'scrypt', 'scryptSync', 'createECDH', 'diffieHellman', 'createDiffieHellman',
  'hkdf', 'hkdfSync', 'sign', 'verify', 'createPrivateKey', 'createPublicKey', 'X509Certificate',
  'Sign', 'Verify', 'ECDH', 'Certificate', 'generatePrime', 'checkPrime', 'setEngine']) {
  console.log('present', name, typeof crypto[name]);
}
console.log('getCurves is an array', Array.isArray(crypto.getCurves()));

// --- callbacks come on a later turn, in call order
console.log('before callbacks');
crypto.randomBytes(8, (err, buf) => {
  console.log('randomBytes callback', err, buf.length);
  const target = Buffer.alloc(10);
  crypto.randomFill(target, 2, 3, (err2, filled) => {
    console.log('randomFill callback', err2, filled === target, target[0], target[1], target[5]);
    crypto.randomFill(new Uint8Array(0), (err3, empty) => {
      console.log('randomFill empty', err3, empty.length);
      crypto.randomInt(3, 4, (err4, n) => console.log('randomInt callback', err4, n));
    });
  });
});
console.log('after callbacks');
