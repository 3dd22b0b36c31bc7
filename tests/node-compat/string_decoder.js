// StringDecoder: every encoding, characters split across writes at every position, invalid UTF-8
// across chunk boundaries, surrogate pairs, base64 groups, end() flushing, the legacy
// lastChar/lastNeed/lastTotal/text API, argument errors, and a seeded fuzz of random chunkings.
const { StringDecoder } = require('string_decoder');
const { Buffer } = require('buffer');

// Code units in hex, so U+FFFD and lone surrogates are visible.
const units = (s) => Array.from({ length: s.length }, (_, i) => s.charCodeAt(i).toString(16)).join(' ') || '-';

function attempt(label, fn) {
  try {
    console.log(`${label}: ${fn()}`);
  } catch (err) {
    console.log(`${label}: threw ${err.name} ${err.code} | ${err.code ? err.message : '(engine message)'}`);
  }
}

// Feeds the chunks one write at a time; prints each result and the decoder state, then end().
function feed(encoding, chunks) {
  const decoder = new StringDecoder(encoding);
  const parts = chunks.map((chunk) => {
    const out = decoder.write(Buffer.from(chunk));
    return `[${units(out)}]${decoder.lastNeed}/${decoder.lastTotal}`;
  });
  parts.push(`end[${units(decoder.end())}]`);
  return parts.join(' ');
}

const hexOf = (bytes) => Buffer.from(bytes).toString('hex') || '-';

// --- construction
for (const enc of [undefined, null, '', 'utf8', 'UTF-8', 'ucs2', 'UCS-2', 'utf16le', 'UTF-16LE', 'latin1', 'binary',
  'ascii', 'hex', 'HEX', 'base64', 'base64url', 'Base64URL']) {
  attempt(`encoding ${JSON.stringify(enc)}`, () => new StringDecoder(enc).encoding);
}
for (const enc of ['utf-16', 'utf32', 'bogus', 5, {}, true, 'utf 8']) {
  attempt(`encoding ${JSON.stringify(enc)}`, () => new StringDecoder(enc).encoding);
}
{
  const decoder = new StringDecoder();
  console.log('keys', Object.keys(decoder).join(','), Object.keys(StringDecoder.prototype).join(','));
  console.log('state', decoder.lastChar.toString('hex'), decoder.lastNeed, decoder.lastTotal, Buffer.isBuffer(decoder.lastChar));
  console.log('lengths', StringDecoder.length, StringDecoder.prototype.write.length, StringDecoder.prototype.end.length);
  console.log('inspect', require('util').inspect(decoder));
  console.log('inspect utf16le', require('util').inspect(new StringDecoder('ucs2')));
  console.log('inspect base64url', require('util').inspect(new StringDecoder('base64url')));
}
attempt('write(5)', () => new StringDecoder().write(5));
attempt('write([1])', () => new StringDecoder().write([1]));
attempt('write(null)', () => new StringDecoder().write(null));
attempt('write({})', () => new StringDecoder().write({}));
attempt('write on a non-decoder', () => StringDecoder.prototype.write.call({}, Buffer.from('a')));
attempt('write(string)', () => new StringDecoder('hex').write('as is'));
attempt('end(string)', () => new StringDecoder('hex').end('as is'));
attempt('write()', () => new StringDecoder().write());
attempt('end()', () => units(new StringDecoder().end()));
attempt('write(Uint16Array)', () => new StringDecoder().write(new Uint16Array([0x6261])));
attempt('write(DataView)', () => new StringDecoder('hex').write(new DataView(new Uint8Array([1, 2, 3]).buffer, 1)));
attempt('write(Float64Array)', () => new StringDecoder('hex').write(new Float64Array([1])));
attempt('write(Uint8Array)', () => new StringDecoder('latin1').write(new Uint8Array([0xe9])));

// --- whole inputs split at every position (and byte by byte)
const samples = {
  utf8: [[0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0x62]],
  utf16le: [[0x61, 0x00, 0x3d, 0xd8, 0x00, 0xde, 0xac, 0x20, 0x62]],
  base64: [[0x01, 0x02, 0x03, 0x04, 0x05, 0xfb, 0xff]],
  base64url: [[0x01, 0x02, 0x03, 0x04, 0x05, 0xfb, 0xff]],
  hex: [[0x00, 0xab, 0xff]],
  latin1: [[0x61, 0xe9, 0xff]],
  ascii: [[0x61, 0xe9, 0xff, 0x7f]],
};
for (const [encoding, inputs] of Object.entries(samples)) {
  for (const input of inputs) {
    console.log(`${encoding} ${hexOf(input)} whole: ${feed(encoding, [input])}`);
    for (let cut = 1; cut < input.length; cut++) {
      console.log(`${encoding} cut ${cut}: ${feed(encoding, [input.slice(0, cut), input.slice(cut)])}`);
    }
    console.log(`${encoding} bytewise: ${feed(encoding, input.map((b) => [b]))}`);
  }
}

// --- invalid and truncated UTF-8 across chunks
const utf8Cases = [
  [[0xe2], [0x82], [0xac]], [[0xe2, 0x82], [0x41]], [[0xe2], [0x41, 0x42]], [[0xe2, 0x82]], [[0xf0, 0x9f], [0x98]],
  [[0xf0, 0x9f], [0x98], [0x80, 0x41]], [[0xf0], [0x41]], [[0xc3], [0xc3], [0xa9]], [[0x80], [0x80]],
  [[0x41, 0x80, 0x80, 0x80, 0x80]], [[0x80, 0x80, 0x80]], [[0xc3, 0xa9, 0x80]], [[0xe2, 0x82, 0xac, 0xe2]],
  [[0xff], [0xfe]], [[0xf8, 0x80]], [[0xed, 0xa0], [0x80]], [[0xc0], [0x80]], [[0xe0], [0x80, 0x80]],
  [[0xf4, 0x90], [0x80, 0x80]], [[0xe2], [], [0x82], [], [0xac]], [[0xe2, 0x82], [0xac, 0xe2, 0x82], [0xac]],
  [[0xf0, 0x9f, 0x98], [0x80], [0xf0], [0x9f, 0x98, 0x80]], [[0xc3], [0x41], [0xa9]], [[0xe2], [0x82, 0xc3], [0xa9]],
  [[0xef, 0xbb, 0xbf, 0x41]], [[0xef], [0xbb, 0xbf]], [[0x41, 0xe2]], [[0xf0, 0x80, 0x80]], [[0xf0, 0x9f, 0x98, 0x80, 0x80]],
];
for (const chunks of utf8Cases) {
  console.log(`utf8 ${chunks.map(hexOf).join('|')}: ${feed('utf8', chunks)}`);
}

// --- UTF-16LE: odd bytes, surrogates split or unmatched
const utf16Cases = [
  [[0x61], [0x00]], [[0x3d, 0xd8], [0x00, 0xde]], [[0x3d], [0xd8, 0x00], [0xde]], [[0x3d, 0xd8], [0x41, 0x00]],
  [[0x3d, 0xd8]], [[0x00, 0xde, 0x61, 0x00]], [[0x3d, 0xd8, 0x3d, 0xd8], [0x00, 0xde]], [[0x61, 0x00, 0x62]],
  [[0x3d, 0xd8, 0x00]], [[0x3d], [0xd8]], [[0x3d], [0xd8], [0x00], [0xde]], [[0xff, 0xdb], [0xff, 0xdf]],
];
for (const chunks of utf16Cases) {
  console.log(`utf16le ${chunks.map(hexOf).join('|')}: ${feed('utf16le', chunks)}`);
}

// --- base64: groups of 3 bytes across writes
for (const chunks of [[[1], [2], [3]], [[1, 2], [3, 4]], [[1, 2, 3, 4]], [[1]], [[1, 2]], [[1], [2, 3, 4, 5, 6, 7]], [[], [1]]]) {
  console.log(`base64 ${chunks.map(hexOf).join('|')}: ${feed('base64', chunks)}`);
  console.log(`base64url ${chunks.map(hexOf).join('|')}: ${feed('base64url', chunks)}`);
}

// --- end(buf), lastChar, text()
{
  const decoder = new StringDecoder('utf8');
  console.log('pending', units(decoder.write(Buffer.from([0x61, 0xe2, 0x82]))), decoder.lastChar.toString('hex'), decoder.lastNeed, decoder.lastTotal);
  console.log('inspect pending', require('util').inspect(decoder));
  console.log('end with buf', units(decoder.end(Buffer.from([0xac, 0x62]))), decoder.lastNeed, decoder.lastTotal);
  console.log('after end', units(decoder.write(Buffer.from([0x63]))));
  console.log('end leaves pending', units(decoder.write(Buffer.from([0xe2]))), units(decoder.end(Buffer.from([0x41]))));
  console.log('text', units(decoder.text(Buffer.from([0xe2, 0x82, 0xac, 0x41, 0xe2]), 3)), decoder.lastNeed);
  console.log('text resets', units(new StringDecoder().text(Buffer.from('héllo'), 1)));
}
{
  const decoder = new StringDecoder('utf16le');
  console.log('utf16 pending', units(decoder.write(Buffer.from([0x61, 0x00, 0x3d, 0xd8, 0x00]))), decoder.lastChar.toString('hex'), decoder.lastNeed, decoder.lastTotal);
  console.log('utf16 end', units(decoder.end()), decoder.lastNeed, decoder.lastTotal);
}

// --- seeded fuzz: random bytes, random chunk sizes, compared as one string per case
let seed = 12345;
const random = (n) => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
};
const interesting = [0x00, 0x41, 0x7f, 0x80, 0xbf, 0xc2, 0xc3, 0xdf, 0xe0, 0xe2, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 0x3d, 0xd8, 0xdc, 0xde];
for (const encoding of ['utf8', 'utf16le', 'base64', 'base64url', 'hex']) {
  const lines = [];
  for (let n = 0; n < 40; n++) {
    const bytes = Array.from({ length: 1 + random(24) }, () => interesting[random(interesting.length)]);
    const chunks = [];
    for (let i = 0; i < bytes.length;) {
      const size = random(5);
      chunks.push(bytes.slice(i, i + size));
      i += size;
    }
    const decoder = new StringDecoder(encoding);
    const out = chunks.map((c) => decoder.write(Buffer.from(c))).join('|') + '|' + decoder.end();
    lines.push(units(out));
  }
  console.log(`fuzz ${encoding}: ${lines.join(' / ')}`);
}

// --- a long stream in small pieces equals decoding it whole
{
  const text = 'héllo wörld €😀 '.repeat(500);
  const bytes = Buffer.from(text);
  for (const encoding of ['utf8', 'utf16le', 'base64', 'hex']) {
    const input = encoding === 'utf8' ? bytes : Buffer.from(text, encoding === 'utf16le' ? 'utf16le' : 'utf8');
    const decoder = new StringDecoder(encoding);
    let out = '';
    for (let i = 0; i < input.length; i += 7) out += decoder.write(input.subarray(i, i + 7));
    out += decoder.end();
    console.log(`stream ${encoding}`, out === input.toString(encoding), out.length);
  }
}
