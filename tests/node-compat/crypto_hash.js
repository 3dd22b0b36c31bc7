// crypto.createHash / crypto.hash / getHashes: every digest kvm implements, output and input
// encodings, update chaining, copy(), the stream interface, and the errors.
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

const ALGORITHMS = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'sha512-224', 'sha512-256'];
const INPUTS = ['', 'abc', 'The quick brown fox jumps over the lazy dog', 'héllo wörld €😀',
  'a'.repeat(1000)];

// --- digests of fixed inputs, in every output encoding
for (const algorithm of ALGORITHMS) {
  for (const input of INPUTS) {
    console.log(algorithm, JSON.stringify(input.slice(0, 12)), crypto.createHash(algorithm).update(input).digest('hex'));
  }
  const h = () => crypto.createHash(algorithm).update('kvm');
  console.log(algorithm, 'base64', h().digest('base64'));
  console.log(algorithm, 'base64url', h().digest('base64url'));
  console.log(algorithm, 'latin1', JSON.stringify(h().digest('latin1')));
  console.log(algorithm, 'binary', JSON.stringify(h().digest('binary')));
  const buf = h().digest();
  console.log(algorithm, 'buffer', Buffer.isBuffer(buf), buf.length, buf.toString('hex'));
  console.log(algorithm, 'buffer name', h().digest('buffer').toString('base64'));
}

// --- a megabyte, in many updates and in one
{
  const chunk = Buffer.alloc(4096, 0x5a);
  const many = crypto.createHash('sha256');
  for (let i = 0; i < 256; i++) many.update(chunk);
  console.log('1 MiB in pieces', many.digest('hex'));
  console.log('1 MiB at once', crypto.createHash('sha256').update(Buffer.alloc(1 << 20, 0x5a)).digest('hex'));
}

// --- names are OpenSSL's, without case
for (const name of ['SHA256', 'Sha1', 'MD5', 'RSA-SHA256', 'sha256WithRSAEncryption', 'sha-256',
  'sha2-512', 'RSA-SHA512/256', 'ssl3-md5', '2.16.840.1.101.3.4.2.1', 'sha512/256', 'sha256 ',
  'nope', '']) {
  attempt(`createHash(${JSON.stringify(name)})`, () => crypto.createHash(name).update('x').digest('hex'));
}
const hashes = crypto.getHashes();
console.log('getHashes', Array.isArray(hashes), hashes !== crypto.getHashes(),
  ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'RSA-SHA256', 'sha512-256'].every((n) => hashes.includes(n)));

// --- input kinds and encodings
const sha1 = (data, encoding) => crypto.createHash('sha1').update(data, encoding).digest('hex');
console.log('utf8 default', sha1('é€'), sha1('é€', 'utf8'), sha1('é€', 'utf-8'), sha1('é€', 'UTF8'));
console.log('latin1', sha1('é€', 'latin1'), sha1('é€', 'binary'));
console.log('hex', sha1('00ff10', 'hex'), sha1('00FF10', 'HEX'));
console.log('base64', sha1('AP8Q', 'base64'), sha1('AP8Q', 'base64url'));
console.log('utf16le', sha1('ab', 'utf16le'), sha1('ab', 'ucs2'));
console.log('ascii', sha1('abc', 'ascii'));
console.log('unknown encoding is utf8', sha1('abc', 'nope') === sha1('abc'));
console.log('Buffer', sha1(Buffer.from([1, 2, 3])));
console.log('Uint8Array', sha1(new Uint8Array([1, 2, 3])));
console.log('Uint16Array', sha1(new Uint16Array([0x201, 0x3])));
console.log('DataView', sha1(new DataView(new Uint8Array([9, 1, 2, 3, 9]).buffer, 1, 3)));
console.log('subarray', sha1(Buffer.from([9, 1, 2, 3, 9]).subarray(1, 4)));
attempt('odd hex', () => sha1('abc', 'hex'));
attempt('odd HEX', () => sha1('a', 'HEX'));
attempt('number data', () => sha1(5));
attempt('ArrayBuffer data', () => sha1(new ArrayBuffer(2)));
attempt('null data', () => sha1(null));
attempt('object data', () => sha1({}));
attempt('algorithm number', () => crypto.createHash(5));
attempt('algorithm undefined', () => crypto.createHash());

// --- chaining, copy, finalization
{
  const h = crypto.createHash('sha256');
  console.log('update returns this', h.update('a') === h);
  h.update('b').update(Buffer.from('c'));
  const copy = h.copy();
  console.log('copy is a Hash', copy instanceof crypto.Hash, copy !== h);
  copy.update('d');
  console.log('original', h.digest('hex'));
  console.log('copy', copy.digest('hex'));
  attempt('digest twice', () => h.digest('hex'));
  attempt('update after digest', () => h.update('x'));
  attempt('copy after digest', () => h.copy());
  console.log('Hash without new', crypto.Hash('md5').update('a').digest('hex'));
}

// --- unknown output encodings give a Buffer
attempt('digest("nope")', () => crypto.createHash('md5').update('a').digest('nope'));
attempt('digest("HEX")', () => crypto.createHash('md5').update('a').digest('HEX'));
attempt('digest("ucs2") length', () => crypto.createHash('md5').update('a').digest('ucs2').length);

// --- crypto.hash (Node 20.12)
console.log('hash hex', crypto.hash('sha1', 'abc'));
console.log('hash base64', crypto.hash('sha256', 'abc', 'base64'));
console.log('hash buffer', crypto.hash('md5', Buffer.from('abc'), 'buffer').toString('hex'));
console.log('hash BUFFER', Buffer.isBuffer(crypto.hash('md5', 'abc', 'BUFFER')));
console.log('hash SHA512 latin1', JSON.stringify(crypto.hash('SHA512', 'abc', 'latin1').slice(0, 8)));
attempt('hash(5)', () => crypto.hash(5, 'a'));
attempt('hash input number', () => crypto.hash('sha1', 5));
attempt('hash unknown', () => crypto.hash('nope', 'a'));
attempt('hash bad encoding', () => crypto.hash('sha1', 'a', 'nope'));
attempt('hash encoding number', () => crypto.hash('sha1', 'a', 5));

// --- the stream interface
{
  const h = crypto.createHash('sha256');
  h.setEncoding('hex');
  h.on('data', (digest) => console.log('stream digest', digest));
  h.on('end', () => console.log('stream end'));
  h.write('ab');
  h.write(Buffer.from('c'));
  h.end();
}
