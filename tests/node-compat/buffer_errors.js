// Buffer's argument validation: error classes, codes and messages (with node's "Received ..."
// descriptions) for construction, encodings, ranges, copies, fills, writes and comparisons.
const { Buffer, SlowBuffer } = require('buffer');

function attempt(label, fn) {
  try {
    const result = fn();
    console.log(`${label}: ok ${Buffer.isBuffer(result) ? result.toString('hex') : result}`);
  } catch (err) {
    const kind = err instanceof RangeError ? 'RangeError' : err instanceof TypeError ? 'TypeError' : 'Error';
    // The engine's own messages (BigInt conversions...) are worded differently by each engine.
    const message = err.code ? err.message : '(engine message)';
    console.log(`${label}: ${kind} ${err.name} ${err.code} ${Object.keys(err).join(',')} | ${message}`);
  }
}

class Custom {}
const values = {
  number: 5, negative: -1, fraction: 1.5, nan: NaN, infinity: Infinity, bigint: 10n, string: 'abc',
  longString: 'x'.repeat(40), quoted: "it's", bool: true, nul: null, undef: undefined, symbol: Symbol('s'),
  object: {}, nullProto: Object.create(null), nullProtoKeys: Object.assign(Object.create(null), { a: 1 }),
  array: [1, 2], fn: function named() {}, anon: (() => () => {})(), klass: Custom, instance: new Custom(),
  date: new Date(0), map: new Map(), regexp: /x/, u16: new Uint16Array(1),
};

// --- Buffer.from with what it refuses
for (const [name, value] of Object.entries(values)) {
  if (name === 'date') continue; // converts through Date#toString, whose text differs between engines
  attempt(`from ${name}`, () => Buffer.from(value));
}
attempt('from() no args', () => Buffer.from());
attempt('from string bad encoding', () => Buffer.from('x', 'utf9'));
attempt('from empty string bad encoding', () => Buffer.from('', 'utf9'));
attempt('from string numeric encoding', () => Buffer.from('x', 8));
attempt('from string null encoding', () => Buffer.from('x', null));
attempt('from ab bad offset', () => Buffer.from(new ArrayBuffer(2), 3));
attempt('from ab bad length', () => Buffer.from(new ArrayBuffer(2), 1, 2));
attempt('from ab negative offset', () => Buffer.from(new ArrayBuffer(2), -1));

// --- sizes
for (const fn of ['alloc', 'allocUnsafe', 'allocUnsafeSlow']) {
  for (const [name, value] of Object.entries(values)) {
    if (['number', 'fraction'].includes(name)) continue;
    attempt(`${fn} ${name}`, () => Buffer[fn](value));
  }
  attempt(`${fn} too big`, () => Buffer[fn](2 ** 32 + 1));
  attempt(`${fn} 2 ** 53`, () => Buffer[fn](2 ** 53));
}
attempt('SlowBuffer(-1)', () => SlowBuffer(-1));
attempt('SlowBuffer("1")', () => SlowBuffer('1'));
attempt('Buffer(5, "utf8")', () => Buffer(5, 'utf8'));
attempt('new Buffer(null)', () => new Buffer(null));
attempt('new Buffer({})', () => new Buffer({}));
attempt('alloc fill bad encoding', () => Buffer.alloc(2, 'a', 'nope'));
attempt('alloc fill numeric encoding', () => Buffer.alloc(2, 'a', 5));
attempt('alloc fill bad hex', () => Buffer.alloc(2, 'zz', 'hex'));
attempt('alloc fill empty buffer', () => Buffer.alloc(2, Buffer.alloc(0)));
attempt('alloc fill empty Uint8Array', () => Buffer.alloc(2, new Uint8Array(0)));
attempt('alloc fill bad base64', () => Buffer.alloc(2, '!!!', 'base64'));
attempt('alloc fill long bad value', () => Buffer.alloc(2, '#'.repeat(200), 'hex'));

// --- concat
attempt('concat no list', () => Buffer.concat());
attempt('concat string', () => Buffer.concat('ab'));
attempt('concat array-like', () => Buffer.concat({ length: 0 }));
attempt('concat bad item', () => Buffer.concat([Buffer.from('a'), 'b']));
attempt('concat bad item number', () => Buffer.concat([Buffer.from('a'), 5]));
attempt('concat Uint16Array item', () => Buffer.concat([new Uint16Array(1)]));
attempt('concat bad length', () => Buffer.concat([Buffer.from('a')], '1'));
attempt('concat negative length', () => Buffer.concat([Buffer.from('a')], -1));
attempt('concat fraction length', () => Buffer.concat([Buffer.from('a')], 1.5));
attempt('concat huge length', () => Buffer.concat([Buffer.from('a')], 2 ** 33));

// --- byteLength, compare, isEncoding, copyBytesFrom
for (const name of ['number', 'nul', 'undef', 'object', 'array', 'symbol', 'bool']) {
  attempt(`byteLength ${name}`, () => Buffer.byteLength(values[name]));
}
for (const name of ['number', 'string', 'nul', 'array', 'u16', 'object']) {
  attempt(`compare ${name}`, () => Buffer.compare(values[name], Buffer.alloc(1)));
  attempt(`compare second ${name}`, () => Buffer.compare(Buffer.alloc(1), values[name]));
  attempt(`proto.compare ${name}`, () => Buffer.alloc(1).compare(values[name]));
  attempt(`equals ${name}`, () => Buffer.alloc(1).equals(values[name]));
}
attempt('copyBytesFrom array', () => Buffer.copyBytesFrom([1, 2]));
attempt('copyBytesFrom DataView', () => Buffer.copyBytesFrom(new DataView(new ArrayBuffer(1))));
attempt('copyBytesFrom offset -1', () => Buffer.copyBytesFrom(new Uint8Array(2), -1));
attempt('copyBytesFrom offset 1.5', () => Buffer.copyBytesFrom(new Uint8Array(2), 1.5));
attempt('copyBytesFrom offset "1"', () => Buffer.copyBytesFrom(new Uint8Array(2), '1'));
attempt('copyBytesFrom length -1', () => Buffer.copyBytesFrom(new Uint8Array(2), 0, -1));
attempt('copyBytesFrom length 2 ** 60', () => Buffer.copyBytesFrom(new Uint8Array(2), 0, 2 ** 60));

// --- compare ranges
const six = Buffer.from('abcdef');
for (const args of [[-1], [0, -1], [0, 7], [0, 6, -1], [0, 6, 0, 7], [1.5], [0, 2.5], ['1'], [null], [0, null],
  [0, 6, '1'], [0, 6, 0, NaN], [2 ** 40], [0, 6, 2 ** 33]]) {
  attempt(`compare(six, ${args.map(String).join(', ')})`, () => six.compare(six, ...args));
}

// --- copy ranges
for (const args of [[-1], [0, -1], [0, 7], [0, 0, -1], [-0.5], [0, -0.5], [0, 6.5], ['-1'], [0, '-1'], [0, 0, '-2'],
  [-(2 ** 60)], [0, 2 ** 60], [0, 0, -(2 ** 60)]]) {
  attempt(`copy(target, ${args.map(String).join(', ')})`, () => six.copy(Buffer.alloc(6), ...args));
}
for (const name of ['number', 'string', 'nul', 'array', 'object']) {
  attempt(`copy to ${name}`, () => six.copy(values[name]));
}

// --- fill
for (const args of [[1, -1], [1, 0, 7], [1, 0, -1], [1, 1.5], [1, 0, 2.5], [1, '1'], [1, 0, '2'], [1, null], [1, 0, null],
  ['a', 'nope'], ['a', 0, 'nope'], ['a', 0, 6, 'nope'], ['a', 0, 6, 5], ['a', 0, 6, {}], ['zz', 'hex'],
  [Buffer.alloc(0)], [new Uint8Array(0)], [10n], [Symbol('f')], [1, 2 ** 33], ['a', -1], ['a', 0, 7]]) {
  attempt(`fill(${args.map((a) => (typeof a === 'symbol' ? 'symbol' : typeof a === 'bigint' ? `${a}n` : Buffer.isBuffer(a) ? 'buffer' : String(a))).join(', ')})`,
    () => Buffer.alloc(6).fill(...args));
}

// --- write
for (const args of [[5], [{}], [null], [undefined], ['a', -1], ['a', 7], ['a', 1.5], ['a', '1'], ['a', null],
  ['a', 0, -1], ['a', 0, 7], ['a', 0, 1.5], ['a', 0, null], ['a', 'nope'], ['a', 0, 'nope'], ['a', 0, 1, 'nope'],
  ['a', 0, 1, 5], ['a', NaN], ['a', 0, NaN], ['a', Infinity]]) {
  attempt(`write(${args.map((a) => (typeof a === 'string' ? JSON.stringify(a) : String(a))).join(', ')})`, () => Buffer.alloc(6).write(...args));
}

// --- toString
for (const enc of ['nope', null, 5, '', {}, [1, 'a'], -0, 5n, 'utf 8', 'UTF_8']) {
  const label = typeof enc === 'bigint' ? `${enc}n` : JSON.stringify(enc);
  attempt(`toString(${label})`, () => six.toString(enc));
  attempt(`toString(${label}, 0, 0)`, () => six.toString(enc, 0, 0));
  attempt(`toString(${label}, 10)`, () => six.toString(enc, 10));
  attempt(`from("a", ${label})`, () => Buffer.from('a', enc));
  attempt(`write("a", 0, ${label})`, () => Buffer.alloc(1).write('a', 0, enc));
}

// --- swaps
for (const [name, length] of [['swap16', 3], ['swap32', 6], ['swap64', 12], ['swap16', 1], ['swap64', 4]]) {
  attempt(`${name} on ${length}`, () => Buffer.alloc(length)[name]());
}

// --- error objects look like node's
try {
  Buffer.alloc(-1);
} catch (err) {
  console.log('class', err instanceof RangeError, err instanceof Error);
  console.log('toString', String(err));
  console.log('name', err.name, Object.prototype.hasOwnProperty.call(err, 'name'));
}
try {
  Buffer.from(5);
} catch (err) {
  console.log('toString', String(err));
  console.log('instanceof', err instanceof TypeError, err instanceof Error);
}
