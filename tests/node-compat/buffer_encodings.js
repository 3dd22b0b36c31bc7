// Buffer encodings both ways: utf8, utf16le, latin1, ascii, hex, base64, base64url (and every
// alias, any case), with multibyte, surrogate and invalid inputs; toString ranges, write() in all
// its argument orders, the xxxSlice/xxxWrite methods and byteLength.
const { Buffer } = require('buffer');

function attempt(label, fn) {
  try {
    console.log(`${label}: ${fn()}`);
  } catch (err) {
    console.log(`${label}: threw ${err.name} ${err.code} | ${err.message}`);
  }
}

const hex = (buf) => Array.from(buf, (b) => b.toString(16).padStart(2, '0')).join(' ') || '(empty)';
// Code units in hex, so lone surrogates and U+FFFD are visible.
const units = (s) => Array.from({ length: s.length }, (_, i) => s.charCodeAt(i).toString(16)).join(' ') || '(empty)';

const ENCODINGS = ['utf8', 'utf16le', 'latin1', 'ascii', 'hex', 'base64', 'base64url'];
const ALIASES = ['utf8', 'utf-8', 'UTF8', 'Utf-8', 'ucs2', 'UCS2', 'ucs-2', 'UCS-2', 'utf16le', 'UTF16LE', 'utf-16le',
  'UTF-16LE', 'latin1', 'LATIN1', 'binary', 'Binary', 'ascii', 'ASCII', 'hex', 'HEX', 'Hex', 'base64', 'BASE64',
  'base64url', 'Base64Url', 'BASE64URL'];

// --- strings to bytes
const strings = ['', 'abc', 'é', 'ÿ\u0000\u007f\u0080', '€', '😀', 'a😀b', '\ud800', '\udc00', 'x\ud800y', '\udc00\ud800',
  '\ud83d\ude00\ud83d', 'Ā', 'mixé€😀\ud800', 'A'.repeat(70)];
for (const enc of ENCODINGS) {
  for (const s of strings) {
    attempt(`from ${units(s)} ${enc}`, () => hex(Buffer.from(s, enc)));
  }
}
for (const s of ['YQ', 'YQ=', 'YQ==', 'YWJj', 'YWJjZA', 'Y', 'YWJ', 'YW Jj\nZA==', '\tYQ = = ', 'YQ==YQ==', 'YW=Jj',
  'a-b_', 'a+b/', '-_-_', '+/+/', '!!!', 'YW*Jj', '====', '=YQ', 'Zm9vYmFy', 'Zm9vYmE', 'Zm9vYg', 'SGVsbG8sIOS4lueVjA',
  'é', 'YQ\u0100Jj', 'YQ\ud800', 'YQ\u0141Jj', 'Y\u0151Jj', 'YQ\u3d3dJj', 'YW\u00ff\u00ffJj', 'YQ\u0000Jj', 'Y=Q',
  'YQ\ud841Jj', 'YQ\udc3dJj']) {
  attempt(`from ${JSON.stringify(s)} base64`, () => hex(Buffer.from(s, 'base64')));
  attempt(`from ${JSON.stringify(s)} base64url`, () => hex(Buffer.from(s, 'base64url')));
}
for (const s of ['00ff', 'ABcd', 'abc', 'a', 'zz', 'abzz12', '0g', ' ab', 'ab ', '1234567', 'é1', '\u0130a']) {
  attempt(`from ${JSON.stringify(s)} hex`, () => hex(Buffer.from(s, 'hex')));
}
for (const alias of ALIASES) {
  attempt(`alias ${alias}`, () => `${hex(Buffer.from('é€', alias))} ${Buffer.isEncoding(alias)} ${Buffer.from('é€').toString(alias)}`);
}

// --- bytes to strings
const byteSets = [
  [], [0x61, 0x62, 0x63], [0xc3, 0xa9], [0xe2, 0x82, 0xac], [0xf0, 0x9f, 0x98, 0x80],
  [0x80], [0xbf], [0xc3], [0xc3, 0x28], [0xe2, 0x82], [0xe2, 0x28, 0xa1], [0xf0, 0x9f, 0x98], [0xf0, 0x9f, 0x98, 0x41],
  [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf], [0xc0, 0x80], [0xc1, 0xbf], [0xe0, 0x80, 0x80], [0xe0, 0x9f, 0xbf],
  [0xf0, 0x8f, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80], [0xf5, 0x80], [0xfe], [0xff, 0xfe], [0xef, 0xbb, 0xbf, 0x41],
  [0x00, 0x7f, 0x80, 0xff], [0x3d, 0xd8, 0x00, 0xde], [0x00, 0xd8], [0x00, 0xdc, 0x41], [0x41, 0x00, 0x42],
];
for (const enc of ENCODINGS) {
  for (const bytes of byteSets) {
    attempt(`toString ${hex(bytes)} ${enc}`, () => units(Buffer.from(bytes).toString(enc)));
  }
}
const allBytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
for (const enc of ENCODINGS) {
  attempt(`all bytes ${enc}`, () => units(allBytes.toString(enc)));
}
attempt('all bytes latin1 round trip', () => Buffer.from(allBytes.toString('latin1'), 'latin1').equals(allBytes));
attempt('all bytes hex round trip', () => Buffer.from(allBytes.toString('hex'), 'hex').equals(allBytes));
attempt('all bytes base64 round trip', () => Buffer.from(allBytes.toString('base64'), 'base64').equals(allBytes));
attempt('all bytes base64url round trip', () => Buffer.from(allBytes.toString('base64url'), 'base64url').equals(allBytes));
for (let n = 0; n <= 7; n++) {
  const buf = allBytes.subarray(250 - n, 250);
  attempt(`base64 of ${n} bytes`, () => `${buf.toString('base64')} ${buf.toString('base64url')}`);
}

// Every 997th code point through UTF-8 and UTF-16 and back.
let wide = '';
for (let cp = 0; cp <= 0x10ffff; cp += 997) {
  if (cp < 0xd800 || cp > 0xdfff) wide += String.fromCodePoint(cp);
}
attempt('wide utf8 round trip', () => Buffer.from(wide).toString() === wide);
attempt('wide utf8 length', () => `${Buffer.byteLength(wide)} ${Buffer.from(wide).length}`);
attempt('wide utf16le round trip', () => Buffer.from(wide, 'utf16le').toString('utf16le') === wide);
attempt('wide latin1', () => Buffer.from(wide, 'latin1').toString('base64').slice(0, 80));

// Large inputs (PDF-sized payloads go through base64).
const large = Buffer.alloc(300000);
for (let i = 0; i < large.length; i++) large[i] = (i * 7 + (i >> 8)) & 0xff;
const large64 = large.toString('base64');
attempt('large base64', () => `${large64.length} ${large64.slice(0, 40)} ${large64.slice(-40)}`);
attempt('large base64 back', () => Buffer.from(large64, 'base64').equals(large));
attempt('large base64 with newlines', () => Buffer.from(large64.replace(/.{76}/g, '$&\r\n'), 'base64').equals(large));
attempt('large hex back', () => Buffer.from(large.toString('hex'), 'hex').equals(large));
attempt('large utf16le', () => large.toString('utf16le').length);
attempt('large utf8', () => `${large.toString('utf8').length} ${Buffer.byteLength(large.toString('utf8'))}`);
attempt('large latin1 back', () => Buffer.from(large.toString('latin1'), 'latin1').equals(large));
attempt('large ascii', () => large.toString('ascii').length);
attempt('unaligned utf16le', () => units(Buffer.from([0, 0x41, 0, 0x42, 0]).subarray(1).toString('utf16le')));

// --- toString(encoding, start, end)
const text = Buffer.from('abcdéf€');
for (const [start, end] of [[undefined, undefined], [0, 3], [2, undefined], [-1, 2], [3, 100], [100, 200],
  [2, 1], [1.9, 3.9], ['1', '3'], [NaN, 4], [null, null], [0, null], [undefined, 5], [4, 5], [5, 6], [0, -1],
  [2 ** 32 + 1, undefined], [0, Infinity], [-Infinity, 2], [true, 3], ['x', 'y']]) {
  attempt(`toString utf8 ${String(start)} ${String(end)}`, () => units(text.toString('utf8', start, end)));
  attempt(`toString hex ${String(start)} ${String(end)}`, () => text.toString('hex', start, end));
}
attempt('toString()', () => text.toString());
attempt('toString(undefined, 1)', () => text.toString(undefined, 1));
attempt('toLocaleString', () => `${text.toLocaleString('hex')} ${Buffer.prototype.toLocaleString === Buffer.prototype.toString}`);
attempt('String()', () => String(Buffer.from('xyz')));
attempt('template', () => `${Buffer.from('xyz')}`);
attempt('concat +', () => Buffer.from('ab') + Buffer.from('cd'));

// --- write(string[, offset[, length]][, encoding])
function tryWrite(label, size, ...args) {
  const buf = Buffer.alloc(size, 0x2e);
  attempt(`write ${label}`, () => `${buf.write(...args)} ${hex(buf)}`);
}
tryWrite('(s)', 6, 'abc');
tryWrite('(s) too long', 2, 'abc');
tryWrite('(s, enc)', 6, '6869', 'hex');
tryWrite('(s, off)', 6, 'abc', 2);
tryWrite('(s, off, enc)', 6, 'YWJj', 1, 'base64');
tryWrite('(s, off, len)', 6, 'abcdef', 1, 2);
tryWrite('(s, off, len, enc)', 6, 'abcdef', 1, 4, 'utf16le');
tryWrite('(s, off, len > rest)', 6, 'abcdef', 4, 6);
tryWrite('(s, off = len)', 6, 'abc', 6);
tryWrite('(s, undefined, len)', 6, 'abc', undefined, 2);
tryWrite('(s, 0, undefined, enc)', 6, 'ff', 0, undefined, 'hex');
tryWrite('(s, off, enc) latin1', 6, 'éĀ', 0, 'latin1');
tryWrite('(s, off, len, ascii)', 6, 'é€a', 0, 6, 'ascii');
tryWrite('(s, "BINARY")', 4, 'ÿ', 'BINARY');
tryWrite('utf8 no split €', 4, 'ab€', 0);
tryWrite('utf8 no split 😀', 5, 'a😀', 0, 4);
tryWrite('utf8 no split 😀 in 3', 5, 'a😀', 1, 3);
tryWrite('utf8 lone surrogate', 5, 'a\ud800b');
tryWrite('utf8 lone surrogate cut', 3, 'a\ud800b');
tryWrite('utf16le odd room', 5, 'abc', 0, 'utf16le');
tryWrite('utf16le odd length', 6, 'abc', 0, 3, 'ucs2');
tryWrite('hex partial', 6, 'aabbzzcc', 'hex');
tryWrite('hex odd', 6, 'abc', 'hex');
tryWrite('hex no room', 2, 'aabbcc', 'hex');
tryWrite('base64 lenient', 6, 'Y W\nJj', 'base64');
tryWrite('base64url', 6, '_-8', 'base64url');
tryWrite('base64 no room', 2, 'YWJjZA==', 'base64');
tryWrite('empty string', 3, '');
tryWrite('bad encoding', 3, 'a', 'nope');
tryWrite('bad encoding with offset', 3, 'a', 0, 'nope');
tryWrite('encoding null', 3, 'a', 0, 3, null);
tryWrite('encoding empty', 3, 'a', 0, 3, '');

// --- the encoding-specific slice and write methods
const mix = Buffer.from('aé€😀');
for (const name of ['ascii', 'base64', 'base64url', 'latin1', 'hex', 'ucs2', 'utf8']) {
  attempt(`${name}Slice()`, () => units(mix[`${name}Slice`]()));
  attempt(`${name}Slice(1, 4)`, () => units(mix[`${name}Slice`](1, 4)));
  attempt(`${name}Slice('2')`, () => units(mix[`${name}Slice`]('2')));
  attempt(`${name}Slice(4, 2)`, () => units(mix[`${name}Slice`](4, 2)));
  attempt(`${name}Slice(20)`, () => mix[`${name}Slice`](20));
  attempt(`${name}Slice(0, 20)`, () => mix[`${name}Slice`](0, 20));
  attempt(`${name}Slice(-1)`, () => mix[`${name}Slice`](-1));
  const input = name === 'hex' ? 'a1b2c3' : name.startsWith('base64') ? 'YWJjZGVm' : 'aé€';
  for (const args of [[], [1], [1, 2], [6], [7], [-1], [0, -1], [0, 100], [2, 0]]) {
    const buf = Buffer.alloc(6);
    attempt(`${name}Write(${[input, ...args].join(', ')})`, () => `${buf[`${name}Write`](input, ...args)} ${hex(buf)}`);
  }
  attempt(`${name}Write(5)`, () => Buffer.alloc(2)[`${name}Write`](5));
  attempt(`${name}Slice name`, () => `${Buffer.prototype[`${name}Slice`].name} ${Buffer.prototype[`${name}Write`].name}`);
}

// --- byteLength
for (const enc of [undefined, ...ENCODINGS, 'UCS-2', 'BINARY', 'bogus', '', 5, null]) {
  const lengths = ['', 'abc', 'é€😀', '\ud800', 'YQ==', 'YQ=', 'a=', '==', 'Y W\nJ=', 'abcde', 'zz'].map((s) => Buffer.byteLength(s, enc));
  console.log(`byteLength ${String(enc)}: ${lengths.join(' ')}`);
}
attempt('byteLength long utf8', () => Buffer.byteLength('é€😀\ud800x'.repeat(100)));
for (const value of [Buffer.from('abc'), new Uint16Array(3), new ArrayBuffer(5), new DataView(new ArrayBuffer(7)),
  new Float64Array(2), new SharedArrayBuffer(4)]) {
  attempt(`byteLength ${Object.prototype.toString.call(value)}`, () => Buffer.byteLength(value));
}
for (const value of [5, null, undefined, {}, [1, 2], true]) {
  attempt(`byteLength ${JSON.stringify(value)}`, () => Buffer.byteLength(value));
}

// --- isEncoding
for (const value of [...ALIASES, 'utf16', 'utf-16', 'base-64', 'latin-1', 'binary ', '', 'UTF8\u0000', null, undefined, 5, {}, ['hex']]) {
  console.log(`isEncoding ${JSON.stringify(value)}: ${Buffer.isEncoding(value)}`);
}
