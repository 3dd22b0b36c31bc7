// Buffer#indexOf, #lastIndexOf and #includes: numbers, strings in every encoding, buffers, empty
// needles, byteOffset handling (negative, out of range, non-numeric, encoding in its place).
const { Buffer } = require('buffer');

function attempt(label, fn) {
  try {
    console.log(`${label}: ${fn()}`);
  } catch (err) {
    console.log(`${label}: threw ${err.name} ${err.code} | ${err.message}`);
  }
}

const show = (v) => (typeof v === 'string' ? JSON.stringify(v) : Buffer.isBuffer(v) ? `<${v.toString('hex')}>`
  : v instanceof Uint8Array ? `u8<${Buffer.from(v).toString('hex')}>` : String(v));

const hay = Buffer.from('abcabc\u00e9\u20acab\u0000\u00ffa');
const needles = ['a', 'b', 'ab', 'abc', 'bca', 'é', '€', 'ab\u0000', '', 'zz', 'abcabcé€abx', 0x61, 0x62, 0, 255, 256, 353,
  -1, -159, 97.9, Buffer.from('ca'), Buffer.alloc(0), new Uint8Array([0xc3, 0xa9]), Buffer.from('abcabcé€ab\u0000ÿaX')];
const offsets = [undefined, 0, 1, 3, 4, 7, 14, 15, 16, 17, 100, -1, -3, -17, -18, -100, 2.5, -2.5, NaN, null, '2', 'x',
  {}, [], [3], true, Infinity, -Infinity, 2 ** 31, -(2 ** 31) - 5, 2 ** 53];
for (const needle of needles) {
  const results = offsets.map((offset) => {
    try {
      return `${hay.indexOf(needle, offset)}/${hay.lastIndexOf(needle, offset)}`;
    } catch (err) {
      return err.code;
    }
  });
  console.log(`${show(needle)}: ${results.join(' ')} includes=${hay.includes(needle)}`);
}

// --- encodings of string needles
const text = Buffer.from('héllo wörld, hello world', 'latin1');
for (const [needle, enc] of [['wörld', 'latin1'], ['wörld', 'binary'], ['wörld', 'utf8'], ['68656c6c6f', 'hex'], ['6c6c', 'HEX'],
  ['aGVsbG8=', 'base64'], ['aGVsbG8', 'base64url'], ['hello', 'ascii'], ['hello', 'ucs2'], ['world', 'utf16le'],
  ['zz', 'hex'], ['', 'hex'], ['hello', 'bogus'], ['ö', 'latin1']]) {
  attempt(`indexOf(${JSON.stringify(needle)}, ${enc})`, () => `${text.indexOf(needle, enc)} ${text.lastIndexOf(needle, enc)} ${text.indexOf(needle, 5, enc)} ${text.lastIndexOf(needle, 5, enc)} ${text.includes(needle, enc)}`);
}

// --- UTF-16LE haystacks: matches only at even offsets
const wide = Buffer.from('abcabc€a', 'utf16le');
for (const [needle, offset] of [['a', undefined], ['b', undefined], ['c', 3], ['c', 5], ['bc', 0], ['€', 0], ['a', -2],
  ['a', -3], ['abc', 1], ['', 3], ['x', 0], ['\u6100', 0]]) {
  attempt(`ucs2 indexOf(${JSON.stringify(needle)}, ${offset})`, () => `${wide.indexOf(needle, offset, 'ucs2')} ${wide.lastIndexOf(needle, offset, 'ucs2')}`);
}
attempt('ucs2 buffer needle', () => wide.indexOf(Buffer.from('bc', 'utf16le'), 0, 'ucs2'));
attempt('ucs2 odd needle', () => wide.indexOf(Buffer.from([0x62]), 0, 'ucs2'));
attempt('ucs2 odd haystack', () => Buffer.from([0x61, 0, 0x62, 0, 0x63]).indexOf('b', 0, 'ucs2'));
attempt('ucs2 odd haystack miss', () => Buffer.from([0x61, 0, 0x62, 0, 0x63]).indexOf('x', 0, 'ucs2'));

// --- repeated patterns, overlaps, long haystacks
const rep = Buffer.from('aaaaabaaaab');
for (const needle of ['aab', 'aaaab', 'ba', 'aaaaaa', 'b']) {
  attempt(`rep ${needle}`, () => `${rep.indexOf(needle)} ${rep.lastIndexOf(needle)} ${rep.indexOf(needle, 5)} ${rep.lastIndexOf(needle, 5)}`);
}
const long = Buffer.alloc(100000, 'abcdefghij');
long.write('NEEDLE', 77777);
attempt('long', () => `${long.indexOf('NEEDLE')} ${long.lastIndexOf('NEEDLE')} ${long.indexOf('j', 99990)} ${long.lastIndexOf('a', 50)} ${long.indexOf('NEEDLE', 77778)}`);
attempt('long boundary', () => long.indexOf(Buffer.from('\r\n\r\n')));

// --- errors and odd arguments
attempt('indexOf({})', () => hay.indexOf({}));
attempt('indexOf(null)', () => hay.indexOf(null));
attempt('indexOf(undefined)', () => hay.indexOf(undefined));
attempt('indexOf([97])', () => hay.indexOf([97]));
attempt('indexOf(true)', () => hay.indexOf(true));
attempt('indexOf(97n)', () => hay.indexOf(97n));
attempt('indexOf("a", 0, "nope")', () => hay.indexOf('a', 0, 'nope'));
attempt('indexOf(buf, 0, "nope")', () => hay.indexOf(Buffer.from('b'), 0, 'nope'));
attempt('indexOf(97, 0, "nope")', () => hay.indexOf(97, 0, 'nope'));
attempt('indexOf("a", "nope")', () => hay.indexOf('a', 'nope'));
attempt('includes("a", "latin1")', () => hay.includes('a', 'latin1'));
attempt('empty haystack', () => `${Buffer.alloc(0).indexOf('a')} ${Buffer.alloc(0).indexOf('')} ${Buffer.alloc(0).lastIndexOf('')} ${Buffer.alloc(0).indexOf(0)} ${Buffer.alloc(0).indexOf(Buffer.alloc(0), 5)}`);
attempt('needle longer', () => `${Buffer.from('ab').indexOf('abc')} ${Buffer.from('ab').lastIndexOf('abc')}`);
attempt('Uint8Array via prototype', () => Buffer.prototype.indexOf.call(new Uint8Array([1, 2, 3]), 2));
