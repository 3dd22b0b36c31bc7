// Buffer's number readers and writers: every method and alias, both byte orders, sign handling,
// value range errors, offset bounds errors (codes and messages), and the offsets they return.
const { Buffer } = require('buffer');

function attempt(label, fn) {
  try {
    const result = fn();
    console.log(`${label}: ${typeof result === 'bigint' ? `${result}n` : Object.is(result, -0) ? '-0' : result}`);
  } catch (err) {
    console.log(`${label}: threw ${err.name} ${err.code} | ${err.message}`);
  }
}

const hex = (buf) => buf.toString('hex') || '(empty)';
const sample = Buffer.from([0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x80, 0xff, 0x7f, 0xfe, 0x00, 0x10]);
const allOnes = Buffer.alloc(8, 0xff);

// --- fixed-width readers at every valid offset, and just past the end
const readers = [
  ['readUInt8', 1], ['readInt8', 1], ['readUInt16LE', 2], ['readUInt16BE', 2], ['readInt16LE', 2],
  ['readInt16BE', 2], ['readUInt32LE', 4], ['readUInt32BE', 4], ['readInt32LE', 4], ['readInt32BE', 4],
  ['readFloatLE', 4], ['readFloatBE', 4], ['readDoubleLE', 8], ['readDoubleBE', 8],
  ['readBigUInt64LE', 8], ['readBigUInt64BE', 8], ['readBigInt64LE', 8], ['readBigInt64BE', 8],
];
for (const [name, size] of readers) {
  const values = [];
  for (let offset = 0; offset + size <= sample.length; offset++) {
    const v = sample[name](offset);
    values.push(typeof v === 'bigint' ? `${v}n` : String(v));
  }
  console.log(name, values.join(' '));
  attempt(`${name} ones`, () => allOnes[name](0));
  attempt(`${name} default offset`, () => sample[name]());
  attempt(`${name} past end`, () => sample[name](sample.length - size + 1));
  attempt(`${name} negative`, () => sample[name](-1));
  attempt(`${name} fraction`, () => sample[name](1.5));
  attempt(`${name} NaN`, () => sample[name](NaN));
  attempt(`${name} Infinity`, () => sample[name](Infinity));
  attempt(`${name} string`, () => sample[name]('1'));
  attempt(`${name} null`, () => sample[name](null));
  attempt(`${name} big`, () => sample[name](2 ** 40));
  attempt(`${name} on short`, () => Buffer.alloc(size - 1)[name](0));
  attempt(`${name} on empty`, () => Buffer.alloc(0)[name](0));
}

// --- lowercase aliases are the same functions
const aliasPairs = Object.getOwnPropertyNames(Buffer.prototype).filter((n) => n.includes('Uint'));
console.log('aliases', aliasPairs.length, aliasPairs.every((n) => Buffer.prototype[n] === Buffer.prototype[n.replace('Uint', 'UInt')]));
console.log('alias names', Buffer.prototype.readUint8.name, Buffer.prototype.writeBigUint64LE.name);

// --- variable-width readers
for (const name of ['readUIntLE', 'readUIntBE', 'readIntLE', 'readIntBE']) {
  for (let byteLength = 1; byteLength <= 6; byteLength++) {
    attempt(`${name}(0, ${byteLength})`, () => sample[name](0, byteLength));
    attempt(`${name}(7, ${byteLength})`, () => sample[name](7, byteLength));
    attempt(`${name} ones ${byteLength}`, () => allOnes[name](0, byteLength));
    attempt(`${name} past end ${byteLength}`, () => sample[name](sample.length - byteLength + 1, byteLength));
  }
  for (const byteLength of [0, 7, 1.5, '2', undefined, null, NaN, -1]) {
    attempt(`${name}(0, ${String(byteLength)})`, () => sample[name](0, byteLength));
  }
  attempt(`${name}() no offset`, () => sample[name]());
  attempt(`${name}(undefined, 2)`, () => sample[name](undefined, 2));
  attempt(`${name}(-1, 2)`, () => sample[name](-1, 2));
  attempt(`${name}(0.5, 2)`, () => sample[name](0.5, 2));
}

// --- fixed-width writers: value, bytes written, return value
const writers = [
  ['writeUInt8', 1, [0, 1, 127, 128, 255, 3.7, -0, '42', true, null, NaN]],
  ['writeInt8', 1, [0, -1, -128, 127, 5.9, -5.9, '-3']],
  ['writeUInt16LE', 2, [0, 1, 0x1234, 0xffff, 300.7, '0x10']],
  ['writeUInt16BE', 2, [0, 1, 0x1234, 0xffff, 300.7]],
  ['writeInt16LE', 2, [-1, -0x8000, 0x7fff, 0x1234, -2.5]],
  ['writeInt16BE', 2, [-1, -0x8000, 0x7fff, 0x1234]],
  ['writeUInt32LE', 4, [0, 0xdeadbeef, 0xffffffff, 1.9, 2 ** 31]],
  ['writeUInt32BE', 4, [0, 0xdeadbeef, 0xffffffff, 65536.5]],
  ['writeInt32LE', 4, [-1, -0x80000000, 0x7fffffff, -123456789]],
  ['writeInt32BE', 4, [-1, -0x80000000, 0x7fffffff, -123456789]],
  ['writeFloatLE', 4, [0, -0, 1.5, -2.25, 3.4e38, 1e40, -1e40, 1e-46, NaN, Infinity, -Infinity, 0.1, '2.5', 'x']],
  ['writeFloatBE', 4, [1.5, -2.25, NaN, 0.1]],
  ['writeDoubleLE', 8, [0, -0, 1.5, Math.PI, -1e308, 5e-324, NaN, Infinity, -Infinity, '7']],
  ['writeDoubleBE', 8, [1.5, Math.PI, NaN, -Infinity]],
  ['writeBigUInt64LE', 8, [0n, 1n, 0x0102030405060708n, 0xffffffffffffffffn]],
  ['writeBigUInt64BE', 8, [0n, 1n, 0x0102030405060708n, 0xffffffffffffffffn]],
  ['writeBigInt64LE', 8, [-1n, -(2n ** 63n), 2n ** 63n - 1n, 0x0102030405060708n, -0x0102030405060708n]],
  ['writeBigInt64BE', 8, [-1n, -(2n ** 63n), 2n ** 63n - 1n, -0x0102030405060708n]],
];
for (const [name, size, values] of writers) {
  for (const value of values) {
    const buf = Buffer.alloc(size + 2, 0xaa);
    attempt(`${name}(${typeof value === 'bigint' ? `${value}n` : JSON.stringify(value)}, 1)`, () => {
      const ret = buf[name](value, 1);
      return `${ret} ${hex(buf)}`;
    });
  }
  const buf = Buffer.alloc(size + 2);
  attempt(`${name} default offset`, () => `${buf[name](typeof values[0] === 'bigint' ? 5n : 5)} ${hex(buf)}`);
  const v = typeof values[0] === 'bigint' ? 1n : 1;
  attempt(`${name} past end`, () => buf[name](v, 3));
  attempt(`${name} negative offset`, () => buf[name](v, -1));
  attempt(`${name} fraction offset`, () => buf[name](v, 0.5));
  attempt(`${name} string offset`, () => buf[name](v, '0'));
  attempt(`${name} NaN offset`, () => buf[name](v, NaN));
  attempt(`${name} on short`, () => Buffer.alloc(size - 1)[name](v, 0));
  attempt(`${name} on empty`, () => Buffer.alloc(0)[name](v, 0));
}

// --- range errors: the value is checked before the offset (except for 1-byte writes)
const outOfRange = [
  ['writeUInt8', [256, -1, 1e10]], ['writeInt8', [128, -129]],
  ['writeUInt16LE', [65536, -1]], ['writeUInt16BE', [65536]], ['writeInt16LE', [32768, -32769]],
  ['writeInt16BE', [-32769]],
  ['writeUInt32LE', [2 ** 32, -1, 2 ** 53]], ['writeUInt32BE', [2 ** 32]],
  ['writeInt32LE', [2 ** 31, -(2 ** 31) - 1]], ['writeInt32BE', [-(2 ** 40)]],
  ['writeBigUInt64LE', [2n ** 64n, -1n]], ['writeBigUInt64BE', [2n ** 70n]],
  ['writeBigInt64LE', [2n ** 63n, -(2n ** 63n) - 1n]], ['writeBigInt64BE', [-(2n ** 64n)]],
];
for (const [name, values] of outOfRange) {
  for (const value of values) {
    attempt(`${name}(${typeof value === 'bigint' ? `${value}n` : value})`, () => Buffer.alloc(8)[name](value, 0));
    attempt(`${name}(${typeof value === 'bigint' ? `${value}n` : value}) bad offset`, () => Buffer.alloc(8)[name](value, 100));
  }
}

// --- variable-width writers
for (const name of ['writeUIntLE', 'writeUIntBE', 'writeIntLE', 'writeIntBE']) {
  const signed = name.startsWith('writeInt');
  for (let byteLength = 1; byteLength <= 6; byteLength++) {
    const max = 2 ** (8 * byteLength - (signed ? 1 : 0)) - 1;
    const min = signed ? -max - 1 : 0;
    for (const value of [max, min, signed ? -2 : 0x12, max + 1, min - 1, 0x123456789a % (max + 1), 1.5]) {
      const buf = Buffer.alloc(byteLength + 1);
      attempt(`${name}(${value}, 1, ${byteLength})`, () => `${buf[name](value, 1, byteLength)} ${hex(buf)}`);
    }
    attempt(`${name} past end ${byteLength}`, () => Buffer.alloc(byteLength)[name](0, 1, byteLength));
  }
  for (const byteLength of [0, 7, 2.5, '2', undefined]) {
    attempt(`${name}(1, 0, ${String(byteLength)})`, () => Buffer.alloc(8)[name](1, 0, byteLength));
  }
  attempt(`${name}(1) no offset`, () => Buffer.alloc(8)[name](1, undefined, 2));
}

// --- round trips through random-ish values
let seed = 7;
const next = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed;
};
const roundTrip = [];
for (let i = 0; i < 50; i++) {
  const buf = Buffer.alloc(8);
  const u32 = next() * 2 % 2 ** 32;
  buf.writeUInt32BE(u32, 2);
  const s16 = (next() % 65536) - 32768;
  buf.writeInt16LE(s16, 0);
  const u48 = next() * 65536 + (next() % 65536);
  const buf6 = Buffer.alloc(6);
  buf6.writeUIntBE(u48, 0, 6);
  roundTrip.push(buf.readUInt32BE(2) === u32 && buf.readInt16LE(0) === s16 && buf6.readUIntBE(0, 6) === u48);
}
console.log('round trips', roundTrip.every(Boolean));

// --- methods work on views with a byteOffset, and on Buffer.prototype called with a subarray
const big = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
const view = big.subarray(5, 13);
console.log('view reads', view.readUInt32BE(0), view.readInt16LE(6), view.readBigUInt64LE(0), view.readDoubleBE(0));
view.writeUInt16BE(0xbeef, 2);
console.log('view write shares memory', hex(big));
