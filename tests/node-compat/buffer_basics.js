// Buffer basics: the module's exports, how Buffers are made (from/alloc/allocUnsafe/of/copyBytesFrom/
// concat, Buffer() and new Buffer() with the DEP0005 warning), the class shape, memory sharing,
// copy/fill/equals/compare/swap/toJSON, iteration, inspect output, isUtf8/isAscii and transcode.
const buffer = require('buffer');
const { inspect } = require('util');

const { Buffer } = buffer;

function attempt(label, fn) {
  try {
    console.log(`${label}: ${fn()}`);
  } catch (err) {
    console.log(`${label}: threw ${err.name} ${err.code} | ${err.message}`);
  }
}

const hex = (buf) => Array.from(buf, (b) => b.toString(16).padStart(2, '0')).join(' ') || '(empty)';

process.on('warning', (w) => console.log(`warning event: ${w.name} ${w.code} ${w.message}`));

// --- the module
console.log('same as global', buffer.Buffer === globalThis.Buffer, require('node:buffer') === buffer);
for (const name of ['Buffer', 'SlowBuffer', 'transcode', 'isUtf8', 'isAscii', 'kMaxLength', 'kStringMaxLength', 'btoa',
  'atob', 'constants', 'INSPECT_MAX_BYTES']) {
  const desc = Object.getOwnPropertyDescriptor(buffer, name);
  console.log(`export ${name}: ${typeof buffer[name]} enumerable=${desc.enumerable} writable=${desc.writable}`);
}
console.log('constants', JSON.stringify(buffer.constants), buffer.kMaxLength === buffer.constants.MAX_LENGTH);
console.log('atob/btoa are the globals', buffer.atob === atob, buffer.btoa === btoa);
console.log('INSPECT_MAX_BYTES', buffer.INSPECT_MAX_BYTES);

// --- the class
console.log('Buffer.name/length', Buffer.name, Buffer.length, typeof Buffer);
console.log('proto chain', Object.getPrototypeOf(Buffer) === Uint8Array, Object.getPrototypeOf(Buffer.prototype) === Uint8Array.prototype);
console.log('species', Buffer[Symbol.species] !== Buffer, typeof Buffer[Symbol.species]);
console.log('statics', Object.keys(Buffer).join(' '));
console.log('poolSize', Buffer.poolSize);
for (const name of ['from', 'alloc', 'allocUnsafe', 'allocUnsafeSlow', 'concat', 'byteLength', 'compare', 'isBuffer',
  'isEncoding', 'of', 'copyBytesFrom']) {
  console.log(`Buffer.${name}`, Buffer[name].name, Buffer[name].length);
}
const protoNames = Object.getOwnPropertyNames(Buffer.prototype);
console.log('prototype names', protoNames.length, protoNames.join(' '));
for (const name of ['toString', 'write', 'fill', 'copy', 'slice', 'subarray', 'indexOf', 'compare', 'equals', 'toJSON',
  'readUIntLE', 'writeUInt8', 'swap16', 'inspect']) {
  console.log(`prototype.${name}`, Buffer.prototype[name].name, Buffer.prototype[name].length);
}
const parentDesc = Object.getOwnPropertyDescriptor(Buffer.prototype, 'parent');
console.log('parent/offset', typeof parentDesc.get, parentDesc.enumerable, parentDesc.configurable, Buffer.prototype.parent, Buffer.prototype.offset);
const someBuf = Buffer.alloc(4);
console.log('instance', someBuf instanceof Buffer, someBuf instanceof Uint8Array, someBuf.constructor === Buffer, Buffer.isBuffer(someBuf));
console.log('parent', someBuf.parent === someBuf.buffer, someBuf.offset === someBuf.byteOffset);
console.log('tag', Object.prototype.toString.call(someBuf), ArrayBuffer.isView(someBuf));
console.log('isBuffer', [new Uint8Array(2), [], 'a', null, undefined, {}, Buffer.from('a').subarray(0)].map((v) => Buffer.isBuffer(v)).join(' '));
const enumerated = [];
for (const key in Buffer.from('ab')) enumerated.push(key);
console.log('for-in', enumerated.length, enumerated.slice(0, 4).join(' '));
console.log('keys', Object.keys(Buffer.from('abc')).join(' '));

// --- Buffer.from
attempt('from string', () => hex(Buffer.from('hi')));
attempt('from array', () => hex(Buffer.from([1, 255, 256, -1, 1.7, '3', 'x', null, true])));
attempt('from array-like', () => hex(Buffer.from({ length: 3, 0: 9, 1: '8', 5: 1 })));
attempt('from array-like bad length', () => hex(Buffer.from({ length: 'x', 0: 1 })));
attempt('from array-like negative length', () => hex(Buffer.from({ length: -1 })));
attempt('from JSON shape', () => hex(Buffer.from({ type: 'Buffer', data: [1, 2, 3] })));
attempt('from JSON round trip', () => hex(Buffer.from(JSON.parse(JSON.stringify(Buffer.from('ok'))))));
attempt('from Uint16Array', () => hex(Buffer.from(new Uint16Array([1, 0x1234, 0xffff]))));
attempt('from Float64Array', () => hex(Buffer.from(new Float64Array([1.5, -1, 300]))));
attempt('from DataView', () => hex(Buffer.from(new DataView(new ArrayBuffer(4)))));
attempt('from String object', () => hex(Buffer.from(new String('str'))));
attempt('from String object with encoding', () => hex(Buffer.from(new String('6869'), 'hex')));
attempt('from valueOf', () => hex(Buffer.from({ valueOf: () => 'vo' })));
attempt('from valueOf array', () => hex(Buffer.from({ valueOf: () => [7, 8] })));
attempt('from toPrimitive', () => hex(Buffer.from({ [Symbol.toPrimitive]: (hint) => `tp-${hint}` })));
attempt('from toPrimitive hex', () => hex(Buffer.from({ [Symbol.toPrimitive]: () => 'abcd' }, 'hex')));
attempt('from toPrimitive number', () => hex(Buffer.from({ [Symbol.toPrimitive]: () => 5 })));
{
  const src = Buffer.from('copy');
  const copy = Buffer.from(src);
  copy[0] = 0x43;
  console.log('from buffer copies', src.toString(), copy.toString());
}
{
  const ab = new ArrayBuffer(8);
  const whole = Buffer.from(ab);
  const part = Buffer.from(ab, 2, 3);
  new Uint8Array(ab)[2] = 0x7a;
  console.log('from arrayBuffer shares', whole.length, part.length, part[0], whole.buffer === ab, part.byteOffset);
  attempt('from ab offset only', () => Buffer.from(ab, 6).length);
  attempt('from ab offset NaN', () => Buffer.from(ab, 'x').length);
  attempt('from ab offset string', () => Buffer.from(ab, '4', '2').length);
  attempt('from ab offset 1.5', () => Buffer.from(ab, 1.5, 2).byteOffset);
  attempt('from ab length -1', () => Buffer.from(ab, 0, -1).length);
  attempt('from ab length NaN', () => Buffer.from(ab, 0, NaN).length);
  attempt('from ab length 0', () => Buffer.from(ab, 8, 0).length);
  attempt('from ab offset past end', () => Buffer.from(ab, 9));
  attempt('from ab length past end', () => Buffer.from(ab, 4, 5));
  attempt('from SharedArrayBuffer', () => Buffer.from(new SharedArrayBuffer(3)).length);
}

// --- the pool: small buffers share an 8 KiB ArrayBuffer, big ones get their own
{
  const small = Buffer.from('tiny');
  const unsafe = Buffer.allocUnsafe(10);
  const big = Buffer.allocUnsafe(5000);
  const safe = Buffer.alloc(10);
  const slow = Buffer.allocUnsafeSlow(10);
  console.log('pool', small.buffer.byteLength, unsafe.buffer.byteLength, big.buffer.byteLength, safe.buffer.byteLength, slow.buffer.byteLength);
  console.log('pool alignment', Buffer.allocUnsafe(3).byteOffset % 8, Buffer.allocUnsafe(1).byteOffset % 8);
  console.log('pool concat', Buffer.concat([small, small]).buffer.byteLength, Buffer.concat([big, big]).buffer.byteLength);
  console.log('pool zero', Buffer.allocUnsafe(0).buffer.byteLength, Buffer.from('').buffer.byteLength);
  console.log('pool from array', Buffer.from([1, 2, 3]).buffer.byteLength, Buffer.from(new Array(4096).fill(1)).buffer.byteLength);
  console.log('pool from string', Buffer.from('x'.repeat(4095)).buffer.byteLength, Buffer.from('x'.repeat(4096)).buffer.byteLength);
  console.log('pool from base64', Buffer.from('YWJj', 'base64').buffer.byteLength, Buffer.from('YWJj'.repeat(2000), 'base64').buffer.byteLength);
}

// --- alloc, allocUnsafe, of, copyBytesFrom
attempt('alloc(3)', () => hex(Buffer.alloc(3)));
attempt('alloc(3, 1)', () => hex(Buffer.alloc(3, 1)));
attempt('alloc(5, "ab")', () => hex(Buffer.alloc(5, 'ab')));
attempt('alloc(5, "YWI=", "base64")', () => hex(Buffer.alloc(5, 'YWI=', 'base64')));
attempt('alloc(4, "é", "latin1")', () => hex(Buffer.alloc(4, 'é', 'latin1')));
attempt('alloc(4, buffer)', () => hex(Buffer.alloc(4, Buffer.from([1, 2, 3]))));
attempt('alloc(4, 257)', () => hex(Buffer.alloc(4, 257)));
attempt('alloc(0, "x")', () => hex(Buffer.alloc(0, 'x')));
attempt('alloc(2.7)', () => Buffer.alloc(2.7).length);
attempt('allocUnsafe(3).length', () => Buffer.allocUnsafe(3).length);
attempt('allocUnsafeSlow(3)', () => Buffer.allocUnsafeSlow(3).length);
attempt('SlowBuffer(3)', () => `${buffer.SlowBuffer(3).length} ${buffer.SlowBuffer(3) instanceof Buffer}`);
attempt('new SlowBuffer(2)', () => new buffer.SlowBuffer(2).length);
attempt('of', () => hex(Buffer.of(1, 2, 300, -1, '7')));
attempt('of()', () => hex(Buffer.of()));
attempt('copyBytesFrom', () => hex(Buffer.copyBytesFrom(new Uint16Array([0x0102, 0x0304, 0x0506]))));
attempt('copyBytesFrom(view, 1)', () => hex(Buffer.copyBytesFrom(new Uint16Array([0x0102, 0x0304, 0x0506]), 1)));
attempt('copyBytesFrom(view, 1, 1)', () => hex(Buffer.copyBytesFrom(new Uint16Array([0x0102, 0x0304, 0x0506]), 1, 1)));
attempt('copyBytesFrom(view, 0, 10)', () => hex(Buffer.copyBytesFrom(new Uint8Array([1, 2]), 0, 10)));
attempt('copyBytesFrom(view, 5)', () => hex(Buffer.copyBytesFrom(new Uint8Array([1, 2]), 5)));
attempt('copyBytesFrom(empty)', () => hex(Buffer.copyBytesFrom(new Uint8Array(0))));
attempt('copyBytesFrom copies', () => {
  const src = new Uint8Array([1, 2]);
  const out = Buffer.copyBytesFrom(src);
  src[0] = 9;
  return hex(out);
});

// --- Buffer() and new Buffer(): deprecated, but working
attempt('Buffer(3)', () => hex(Buffer(3)));
attempt('new Buffer(3)', () => hex(new Buffer(3)));
attempt('new Buffer("abc")', () => hex(new Buffer('abc')));
attempt('new Buffer("6869", "hex")', () => hex(new Buffer('6869', 'hex')));
attempt('Buffer([1, 2])', () => hex(Buffer([1, 2])));
attempt('new Buffer(ab, 1, 2)', () => new Buffer(new ArrayBuffer(4), 1, 2).length);
attempt('new Buffer(3, "utf8")', () => new Buffer(3, 'utf8'));
attempt('new Buffer(-1)', () => new Buffer(-1));
attempt('instances', () => `${Buffer(1) instanceof Buffer} ${new Buffer(1).constructor === Buffer}`);

// --- views share memory
{
  const base = Buffer.from('abcdef');
  const sub = base.subarray(1, 4);
  const sliced = base.slice(2);
  sub[0] = 0x42;
  sliced[1] = 0x44;
  console.log('shared', base.toString(), sub.toString(), sliced.toString(), sub instanceof Buffer, sliced instanceof Buffer);
  for (const [s, e] of [[undefined, undefined], [-2, undefined], [2, -1], [4, 2], [-100, 100], [1.5, 3.5], ['1', '3'],
    [NaN, 2], [null, 3], [0, NaN], [2 ** 40, 3], [-(2 ** 40), 2]]) {
    console.log(`slice(${String(s)}, ${String(e)})`, base.slice(s, e).toString(), base.subarray(s, e).toString());
  }
  console.log('typed-array slice copies', Uint8Array.prototype.slice.call(base, 0, 2).constructor.name);
  const mapped = base.map((b) => b + 1);
  console.log('map', mapped instanceof Buffer, mapped.toString());
  console.log('filter', base.filter((b) => b > 0x63).toString());
  console.log('reverse', Buffer.from('abc').reverse().toString());
  console.log('sort', Buffer.from('cab').sort().toString());
}

// --- iteration
{
  const buf = Buffer.from('xyz');
  console.log('spread', [...buf].join(','));
  console.log('keys', [...buf.keys()].join(','), 'values', [...buf.values()].join(','));
  console.log('entries', [...buf.entries()].map((e) => e.join(':')).join(' '));
  console.log('for-of', Array.from(buf).join(','), 'Array.from', Array.isArray(Array.from(buf)));
}

// --- concat
attempt('concat', () => hex(Buffer.concat([Buffer.from('ab'), new Uint8Array([0x63]), Buffer.alloc(0)])));
attempt('concat total', () => hex(Buffer.concat([Buffer.from('ab'), Buffer.from('cd')], 3)));
attempt('concat total larger', () => hex(Buffer.concat([Buffer.from('ab')], 5)));
attempt('concat total 0', () => hex(Buffer.concat([Buffer.from('ab')], 0)));
attempt('concat empty list', () => hex(Buffer.concat([])));
attempt('concat empty list with length', () => hex(Buffer.concat([], 5)));
attempt('concat big', () => Buffer.concat([Buffer.alloc(5000, 1), Buffer.alloc(5000, 2)]).reduce((a, b) => a + b, 0));
attempt('concat subarrays', () => hex(Buffer.concat([Buffer.from('abcdef').subarray(2, 4), Buffer.from('xyz').subarray(1)])));

// --- copy
function tryCopy(label, ...args) {
  const source = Buffer.from('abcdef');
  const target = Buffer.alloc(4, 0x2e);
  attempt(`copy ${label}`, () => `${source.copy(target, ...args)} ${target.toString()}`);
}
tryCopy('()');
tryCopy('(1)', 1);
tryCopy('(0, 2)', 0, 2);
tryCopy('(0, 2, 3)', 0, 2, 3);
tryCopy('(3, 0, 6)', 3, 0, 6);
tryCopy('(4)', 4);
tryCopy('(10)', 10);
tryCopy('(0, 6)', 0, 6);
tryCopy('(0, 4, 2)', 0, 4, 2);
tryCopy('(0, 1, 100)', 0, 1, 100);
tryCopy('("1", "1")', '1', '1');
tryCopy('(1.7, 0.5)', 1.7, 0.5);
tryCopy('(NaN, NaN, NaN)', NaN, NaN, NaN);
tryCopy('(null)', null);
tryCopy('(-1)', -1);
tryCopy('(0, -1)', 0, -1);
tryCopy('(0, 7)', 0, 7);
tryCopy('(0, 0, -1)', 0, 0, -1);
tryCopy('(0, "x", "y")', 0, 'x', 'y');
tryCopy('(Infinity)', Infinity);
attempt('copy overlapping forward', () => {
  const buf = Buffer.from('abcdefgh');
  buf.copy(buf, 2, 0, 5);
  return buf.toString();
});
attempt('copy overlapping backward', () => {
  const buf = Buffer.from('abcdefgh');
  buf.copy(buf, 0, 3);
  return buf.toString();
});
attempt('copy to Uint8Array', () => {
  const target = new Uint8Array(3);
  return `${Buffer.from('xyz').copy(target)} ${Array.from(target)}`;
});
attempt('copy from Uint8Array via prototype', () => {
  const target = Buffer.alloc(2);
  return `${Buffer.prototype.copy.call(new Uint8Array([5, 6, 7]), target)} ${hex(target)}`;
});
attempt('copy bad target', () => Buffer.from('a').copy([]));
attempt('copy bad source', () => Buffer.prototype.copy.call([], Buffer.alloc(1)));

// --- fill
function tryFill(label, size, ...args) {
  const buf = Buffer.alloc(size, 0x2e);
  attempt(`fill ${label}`, () => {
    const ret = buf.fill(...args);
    // Long results are summarised: kvm's log protocol cuts a line at 4000 characters.
    const shown = buf.length > 64 ? `${hex(buf.subarray(0, 12))} … ${hex(buf.subarray(-12))}` : hex(buf);
    return `${ret === buf} ${shown}`;
  });
}
tryFill('(1)', 4, 1);
tryFill('(0x101)', 4, 0x101);
tryFill('(-1)', 4, -1);
tryFill('(1.9)', 4, 1.9);
tryFill('(NaN)', 4, NaN);
tryFill('("a")', 4, 'a');
tryFill('("ab")', 5, 'ab');
tryFill('("")', 3, '');
tryFill('("é")', 5, 'é');
tryFill('("é", "latin1")', 3, 'é', 'latin1');
tryFill('("Ā", "latin1")', 3, 'Ā', 'latin1');
tryFill('("€", "ascii")', 3, '€', 'ascii');
tryFill('("€", "utf16le")', 5, '€', 'utf16le');
tryFill('("a", "utf16le")', 5, 'a', 'utf16le');
tryFill('("😀")', 6, '😀');
tryFill('("\\ud800")', 4, '\ud800');
tryFill('("abcd", "hex")', 5, 'abcd', 'hex');
tryFill('("abzz", "hex")', 5, 'abzz', 'hex');
tryFill('("zz", "hex")', 5, 'zz', 'hex');
tryFill('("YWJj", "base64")', 7, 'YWJj', 'base64');
tryFill('("a", 1)', 4, 'a', 1);
tryFill('("a", 1, 3)', 4, 'a', 1, 3);
tryFill('("ab", 1, 3, "latin1")', 5, 'ab', 1, 3, 'latin1');
tryFill('("6162", 1, "hex")', 5, '6162', 1, 'hex');
tryFill('("a", "HEX")', 4, 'aa', 'HEX');
tryFill('(1, 1)', 4, 1, 1);
tryFill('(1, 1, 3)', 4, 1, 1, 3);
tryFill('(1, 3, 1)', 4, 1, 3, 1);
tryFill('(1, 4)', 4, 1, 4);
tryFill('(1, 0, 4)', 4, 1, 0, 4);
tryFill('(buffer)', 5, Buffer.from([1, 2]));
tryFill('(Uint16Array)', 5, new Uint16Array([0x0102]));
tryFill('(DataView)', 3, new DataView(new Uint8Array([9, 8]).buffer));
tryFill('(true)', 3, true);
tryFill('({})', 3, {});
tryFill('(null)', 3, null);
tryFill('("1")', 3, '1');
tryFill('([5])', 3, [5]);
tryFill('(1, undefined, 2)', 4, 1, undefined, 2);
tryFill('("a", undefined, 2)', 4, 'a', undefined, 2);
tryFill('("ab", 0, 4, null)', 4, 'ab', 0, 4, null);
tryFill('("ab", 0, 4, "")', 4, 'ab', 0, 4, '');
tryFill('long pattern', 3, 'abcdef');
tryFill('big', 20000, 'xyz');
attempt('fill big pattern ok', () => {
  const buf = Buffer.alloc(10007).fill('0123456789');
  return buf.toString().slice(-12) + ' ' + buf.toString() === '0123456789'.repeat(1001).slice(0, 10007);
});

// --- equals and compare
const a = Buffer.from('abc');
const b = Buffer.from('abd');
console.log('equals', a.equals(Buffer.from('abc')), a.equals(b), a.equals(a), a.equals(new Uint8Array([0x61, 0x62, 0x63])), Buffer.alloc(0).equals(new Uint8Array(0)));
console.log('Buffer.compare', Buffer.compare(a, b), Buffer.compare(b, a), Buffer.compare(a, a), Buffer.compare(a, Buffer.from('ab')), Buffer.compare(Buffer.from('ab'), a));
console.log('sort with compare', [b, a, Buffer.from('a'), Buffer.from('')].sort(Buffer.compare).map(String).join(','));
console.log('compare', a.compare(b), b.compare(a), a.compare(Buffer.from('abc')), a.compare(new Uint8Array([0x61])));
for (const args of [[0, 2], [1, 3], [1, 3, 1, 3], [0, 3, 0, 3], [0, 0], [2, 2, 0, 0], [3], [0, 3, 3], [0, 1, 0, 2],
  [undefined, undefined, 1], [0, 2, 0, 2]]) {
  attempt(`compare(b, ${args.map(String).join(', ')})`, () => a.compare(b, ...args));
}
attempt('compare targetEnd too big', () => a.compare(b, 0, 4));
attempt('compare sourceEnd too big', () => a.compare(b, 0, 3, 0, 4));
attempt('compare negative', () => a.compare(b, -1));
attempt('compare fraction', () => a.compare(b, 0.5));
attempt('compare string', () => a.compare(b, '1'));
attempt('compare bad target', () => a.compare('abc'));
attempt('equals bad', () => a.equals('abc'));
attempt('Buffer.compare bad', () => Buffer.compare(a, 'x'));
attempt('Buffer.compare bad first', () => Buffer.compare([1], a));

// --- swaps
for (const [name, size] of [['swap16', 16], ['swap32', 32], ['swap64', 64]]) {
  for (const length of [0, 2, 4, 8, 16, 3, 6, 200]) {
    attempt(`${name} ${length}`, () => {
      const buf = Buffer.from(Array.from({ length }, (_, i) => i));
      const ret = buf[name]();
      return `${ret === buf} ${hex(buf.subarray(0, 16))}`;
    });
  }
  console.log(`${name} bits`, size);
}

// --- toJSON
console.log('toJSON', JSON.stringify(Buffer.from('hi')), JSON.stringify(Buffer.alloc(0)), JSON.stringify({ b: Buffer.from([1]) }));
console.log('toJSON shape', Object.keys(Buffer.from('a').toJSON()).join(','), Array.isArray(Buffer.from('a').toJSON().data));

// --- inspect
console.log(inspect(Buffer.from('hello')));
console.log(inspect(Buffer.alloc(0)));
console.log(inspect(Buffer.alloc(50, 1)));
console.log(inspect(Buffer.alloc(51, 2)));
console.log(inspect(Buffer.alloc(52, 3)));
console.log(inspect(Buffer.alloc(1000)));
console.log(inspect({ nested: { buf: Buffer.from('x') }, list: [Buffer.from('y')] }));
console.log(inspect({ deep: { deeper: { buf: Buffer.from('x') } } }, { depth: 0 }));
console.log(`${inspect(Buffer.from('ab').subarray(1))} ${inspect(Buffer.from('abc').slice(1, 2))}`);
{
  const extra = Buffer.from('ab');
  extra.foo = 'bar';
  extra[Symbol('sym')] = 1;
  Object.defineProperty(extra, 'hidden', { value: 2, enumerable: false });
  console.log(inspect(extra));
  console.log(inspect(extra, { showHidden: true }));
  const emptyExtra = Buffer.alloc(0);
  emptyExtra.x = [1, 2];
  console.log(inspect(emptyExtra));
  const longExtra = Buffer.alloc(60);
  longExtra.name = 'long';
  console.log(inspect(longExtra));
}
class SubBuffer extends Buffer {}
console.log(inspect(Object.setPrototypeOf(Buffer.from('sub'), SubBuffer.prototype)));
console.log('direct inspect', Buffer.from('ab').inspect(), Buffer.prototype.inspect === Buffer.prototype[inspect.custom]);
buffer.INSPECT_MAX_BYTES = 4;
console.log('max 4', inspect(Buffer.from('abcdef')), inspect(Buffer.from('abcde')), inspect(Buffer.from('abcd')));
buffer.INSPECT_MAX_BYTES = 0;
console.log('max 0', inspect(Buffer.from('ab')), inspect(Buffer.from('a')), inspect(Buffer.alloc(0)));
buffer.INSPECT_MAX_BYTES = 2.5;
console.log('max 2.5', inspect(Buffer.from('abcdef')));
attempt('INSPECT_MAX_BYTES = -1', () => { buffer.INSPECT_MAX_BYTES = -1; });
attempt('INSPECT_MAX_BYTES = "3"', () => { buffer.INSPECT_MAX_BYTES = '3'; });
buffer.INSPECT_MAX_BYTES = 50;
console.log('restored', buffer.INSPECT_MAX_BYTES, inspect(Buffer.alloc(51)).length);
console.log('console.log', Buffer.from('log'));
console.log('format %s', require('util').format('%s', Buffer.from('fmt')), require('util').format('%j', Buffer.from('j')));

// --- isUtf8 / isAscii
const utf8Cases = [[], [0x41], [0xc3, 0xa9], [0xe2, 0x82, 0xac], [0xf0, 0x9f, 0x98, 0x80], [0x80], [0xc3], [0xc0, 0x80],
  [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xef, 0xbf, 0xbf], [0xf4, 0x8f, 0xbf, 0xbf], [0xe0, 0x9f, 0x80], [0xff]];
for (const bytes of utf8Cases) {
  console.log(`isUtf8 ${hex(bytes)}: ${buffer.isUtf8(Buffer.from(bytes))} isAscii: ${buffer.isAscii(Buffer.from(bytes))}`);
}
console.log('isUtf8 views', buffer.isUtf8(new Uint16Array([0x4141])), buffer.isUtf8(new ArrayBuffer(2)), buffer.isAscii(new Float32Array([1])));
attempt('isUtf8 bad', () => buffer.isUtf8('abc'));
attempt('isAscii bad', () => buffer.isAscii(new DataView(new ArrayBuffer(1))));

// --- transcode
const transcodeInputs = [[0x41, 0xe9, 0x80], [0xe2, 0x82, 0xac, 0x41], [0x3d, 0xd8, 0x00, 0xde, 0xff], [0xe9, 0x00, 0x41, 0x00],
  [0x00, 0xd8, 0x41, 0x00], [0x00, 0xdc], [0xc3, 0xa9], [0xed, 0xa0, 0x80], [0xf0, 0x9f, 0x98, 0x80]];
for (const from of ['utf8', 'ucs2', 'utf16le', 'latin1', 'binary', 'ascii']) {
  for (const to of ['utf8', 'UTF-8', 'ucs2', 'latin1', 'ascii']) {
    for (const bytes of transcodeInputs) {
      attempt(`transcode ${from}->${to} ${hex(bytes)}`, () => hex(buffer.transcode(Buffer.from(bytes), from, to)));
    }
  }
}
for (const [from, to] of [['hex', 'utf8'], ['utf8', 'base64'], ['bogus', 'utf8'], ['utf8', undefined]]) {
  attempt(`transcode ${from}->${to}`, () => hex(buffer.transcode(Buffer.from('a'), from, to)));
}
attempt('transcode empty', () => hex(buffer.transcode(Buffer.alloc(0), 'utf8', 'bogus')));
attempt('transcode Uint8Array', () => hex(buffer.transcode(new Uint8Array([0x61]), 'utf8', 'ucs2')));
attempt('transcode string', () => buffer.transcode('a', 'utf8', 'ucs2'));
attempt('transcode error keys', () => {
  try {
    buffer.transcode(Buffer.from([0xff]), 'utf8', 'ucs2');
  } catch (err) {
    return `${err.name} ${Object.keys(err).join(',')} ${err.errno} ${err instanceof Error}`;
  }
  return 'no error';
});
