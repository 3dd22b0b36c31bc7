// TextEncoder / TextDecoder: UTF-8 (WHATWG error handling, streaming), UTF-16LE, latin1 labels, options.
function describeError(err) {
  return `${err.name} | ${err.message} | ${err.code}`;
}

function attempt(label, fn) {
  try {
    console.log(`${label}: ok ${JSON.stringify(fn())}`);
  } catch (err) {
    console.log(`${label}: threw ${describeError(err)}`);
  }
}

// Code points in hex, so replacement characters and BOMs are visible.
const hex = (s) => Array.from(s, (c) => c.codePointAt(0).toString(16)).join(' ') || '(empty)';
const bytes = (...b) => new Uint8Array(b);

// --- TextEncoder
{
  const enc = new TextEncoder();
  console.log('encoding', enc.encoding, Object.prototype.toString.call(enc));
  for (const s of ['', 'abc', 'é', '€', '😀', 'a\u0000b', '\ud800', '\udc00x', '\ud83d\ude00\ud83d', 'mixé€😀']) {
    const out = enc.encode(s);
    console.log(`encode ${hex(s)} ->`, Array.from(out).join(','), out instanceof Uint8Array, out.buffer.byteLength === out.length);
  }
  console.log('encode()', enc.encode().length, 'encode(undefined)', enc.encode(undefined).length, 'encode(null)', Array.from(enc.encode(null)).join(','));
  console.log('encode(123)', Array.from(enc.encode(123)).join(','), 'encode({})', enc.encode({}).length);
  for (const [s, size] of [['a€😀\ud800b', 6], ['a€😀\ud800b', 3], ['a€😀\ud800b', 20], ['😀', 3], ['', 2], ['abc', 0]]) {
    const dest = new Uint8Array(size);
    const result = enc.encodeInto(s, dest);
    console.log(`encodeInto ${hex(s)} [${size}] ->`, JSON.stringify(result), Array.from(dest).join(','));
  }
  const view = new Uint8Array(new ArrayBuffer(8), 2, 4);
  console.log('encodeInto subarray', JSON.stringify(enc.encodeInto('hey', view)), Array.from(new Uint8Array(view.buffer)).join(','));
  attempt('encodeInto(5, dest)', () => enc.encodeInto(5, new Uint8Array(2)));
  attempt('encodeInto(s, Uint16Array)', () => enc.encodeInto('a', new Uint16Array(2)));
  attempt('encodeInto(s, [])', () => enc.encodeInto('a', []));
}

// --- TextDecoder construction
{
  for (const label of ['utf-8', 'UTF8', ' utf-8\n', 'unicode-1-1-utf-8', 'utf-16le', 'utf-16', 'UCS-2', 'latin1', 'iso-8859-1', 'ascii', 'us-ascii', 'windows-1252', 'cp1252']) {
    console.log(`label ${JSON.stringify(label)} ->`, new TextDecoder(label).encoding);
  }
  const d = new TextDecoder();
  console.log('defaults', d.encoding, d.fatal, d.ignoreBOM, Object.prototype.toString.call(d));
  const f = new TextDecoder('utf-8', { fatal: 1, ignoreBOM: 'yes' });
  console.log('options', f.fatal, f.ignoreBOM);
  attempt('unknown label', () => new TextDecoder('klingon'));
  attempt('empty label', () => new TextDecoder(''));
  attempt('nbsp label', () => new TextDecoder('\u00a0utf-8'));
  attempt('null label', () => new TextDecoder(null));
  attempt('undefined label', () => new TextDecoder(undefined).encoding);
  attempt('bad options', () => new TextDecoder('utf-8', 5));
  attempt('null options', () => new TextDecoder('utf-8', null).encoding);
  attempt('encoding on wrong this', () => Object.getOwnPropertyDescriptor(TextDecoder.prototype, 'encoding').get.call({}));
}

// --- UTF-8 decoding, including the WHATWG replacement rules
{
  const d = new TextDecoder();
  const cases = {
    ascii: [0x68, 0x69],
    twoByte: [0xc3, 0xa9],
    threeByte: [0xe2, 0x82, 0xac],
    fourByte: [0xf0, 0x9f, 0x98, 0x80],
    overlong2: [0xc0, 0x80],
    overlong3: [0xe0, 0x80, 0x80],
    surrogate: [0xed, 0xa0, 0x80],
    tooBig: [0xf4, 0x90, 0x80, 0x80],
    fiveByte: [0xf8, 0x88, 0x80, 0x80, 0x80],
    badContinuation: [0xe2, 0x28, 0xa1],
    truncated4: [0xf0, 0x9f, 0x98],
    loneContinuations: [0x80, 0xbf],
    loneLead: [0xc2],
    f5: [0xf5, 0x41],
    truncated3: [0xe0, 0xa0],
    truncatedThenAscii: [0xf1, 0x80, 0x80, 0x41],
    ff: [0xff, 0xfe, 0x41],
    bomOnly: [0xef, 0xbb, 0xbf],
    bomTwice: [0xef, 0xbb, 0xbf, 0x41, 0xef, 0xbb, 0xbf],
    nul: [0x00, 0x41],
  };
  for (const [name, b] of Object.entries(cases)) console.log(`utf-8 ${name}:`, hex(d.decode(new Uint8Array(b))));
  const keep = new TextDecoder('utf-8', { ignoreBOM: true });
  console.log('ignoreBOM keeps it:', hex(keep.decode(bytes(0xef, 0xbb, 0xbf, 0x41))));
  const fatal = new TextDecoder('utf-8', { fatal: true });
  attempt('fatal invalid', () => fatal.decode(bytes(0x41, 0xff)));
  attempt('fatal truncated', () => fatal.decode(bytes(0xe2, 0x82)));
  attempt('fatal valid', () => hex(fatal.decode(bytes(0xe2, 0x82, 0xac))));
  attempt('fatal after error starts fresh', () => hex(fatal.decode(bytes(0x42))));
}

// --- input kinds
{
  const d = new TextDecoder();
  const buf = new Uint8Array([0x61, 0x62, 0x63, 0x64]).buffer;
  console.log('ArrayBuffer', d.decode(buf));
  console.log('DataView', d.decode(new DataView(buf, 1, 2)));
  console.log('Uint8Array view', d.decode(new Uint8Array(buf, 2)));
  console.log('Uint16Array', d.decode(new Uint16Array([0x6261])));
  console.log('no input', JSON.stringify(d.decode()), JSON.stringify(d.decode(undefined)));
  console.log('empty', JSON.stringify(d.decode(new Uint8Array(0))));
  attempt('decode(null)', () => d.decode(null));
  attempt('decode("abc")', () => d.decode('abc'));
  attempt('decode(5)', () => d.decode(5));
  attempt('decode([])', () => d.decode([]));
  attempt('utf-16le decode(5)', () => new TextDecoder('utf-16le').decode(5));
  attempt('latin1 decode(5)', () => new TextDecoder('latin1').decode(5));
  attempt('utf-16le bad options', () => new TextDecoder('utf-16le').decode(bytes(0x41, 0), 5));
  attempt('utf-8 options ignored', () => d.decode(bytes(0x41), 5));
}

// --- streaming: multi-byte sequences split across chunks
{
  const split = (label, chunks, options) => {
    const d = new TextDecoder(label, options);
    const parts = chunks.map((c, i) => d.decode(new Uint8Array(c), { stream: i < chunks.length - 1 }));
    console.log(`stream ${label} ${JSON.stringify(chunks)} ->`, parts.map(hex).join(' | '));
  };
  split('utf-8', [[0xe2], [0x82], [0xac]]);
  split('utf-8', [[0xf0, 0x9f], [0x98], [0x80, 0x41]]);
  split('utf-8', [[0xf0, 0x9f], [0x41]]);
  split('utf-8', [[0xe2, 0x82], []]);
  split('utf-8', [[0xef], [0xbb], [0xbf, 0x41]]);
  split('utf-8', [[], [0xef, 0xbb, 0xbf], [0xef, 0xbb, 0xbf]]);
  split('utf-8', [[0xc3], [0xc3], [0xa9]]);
  split('utf-16le', [[0x3d], [0xd8, 0x00], [0xde]]);
  split('utf-16le', [[0xff], [0xfe, 0x41], [0x00]]);
  split('utf-16le', [[0x41], []]);

  // A non-stream call flushes and resets: the next call starts a new stream (and may strip a BOM again).
  const d = new TextDecoder();
  console.log('flush then new stream', hex(d.decode(bytes(0xe2, 0x82), { stream: true })), hex(d.decode()),
    hex(d.decode(bytes(0xef, 0xbb, 0xbf, 0x42))));
  const f = new TextDecoder('utf-8', { fatal: true });
  f.decode(bytes(0xe2), { stream: true });
  attempt('fatal truncated at end of stream', () => f.decode(bytes(0x82)));
  attempt('fatal decoder reset after error', () => hex(f.decode(bytes(0x43))));
}

// --- UTF-16LE
{
  const d = new TextDecoder('utf-16le');
  const cases = {
    ascii: [0x41, 0x00, 0x42, 0x00],
    pair: [0x3d, 0xd8, 0x00, 0xde],
    bom: [0xff, 0xfe, 0x41, 0x00],
    loneLead: [0x00, 0xd8, 0x41, 0x00],
    loneTrail: [0x00, 0xdc, 0x41, 0x00],
    leadLead: [0x00, 0xd8, 0x00, 0xd8, 0x00, 0xdc],
    leadAtEnd: [0x41, 0x00, 0x00, 0xd8],
    oddLength: [0x41, 0x00, 0x42],
  };
  for (const [name, b] of Object.entries(cases)) console.log(`utf-16le ${name}:`, hex(d.decode(new Uint8Array(b))));
  attempt('utf-16le fatal', () => new TextDecoder('utf-16le', { fatal: true }).decode(bytes(0x00, 0xd8)));
}

// --- latin1 / windows-1252 (bytes outside 0x80-0x9F, where every label agrees)
{
  const d = new TextDecoder('latin1');
  const all = [];
  for (let b = 0; b < 256; b++) if (b < 0x80 || b > 0x9f) all.push(b);
  const text = d.decode(new Uint8Array(all));
  console.log('latin1 length', text.length, 'identity', Array.from(text).every((c, i) => c.charCodeAt(0) === all[i]));
  console.log('latin1 BOM bytes kept', hex(d.decode(bytes(0xef, 0xbb, 0xbf))), hex(d.decode(bytes(0xff, 0xfe))));
  console.log('latin1 fatal never throws', hex(new TextDecoder('latin1', { fatal: true }).decode(bytes(0xff, 0x00))));
}

// --- round trips
{
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  const samples = ['', 'plain', 'accents éèà', 'symbols €£¥', 'emoji 😀👍🏽', 'cjk 漢字', '\u0000\u007f\u0080\u07ff\u0800\uffff'];
  console.log('round trips', samples.every((s) => dec.decode(enc.encode(s)) === s));
  let big = '';
  for (let i = 0; i < 20000; i++) big += String.fromCodePoint(i % 3 === 0 ? 0x1f600 + (i % 50) : 0x41 + (i % 26));
  const encoded = enc.encode(big);
  console.log('big round trip', encoded.length, dec.decode(encoded) === big);
}
