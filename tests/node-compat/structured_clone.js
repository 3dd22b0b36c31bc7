// structuredClone: supported types, identity (cycles, shared references), what is dropped, and errors.
function describeError(err) {
  return `${err.name} | ${err.message} | ${err.code} | DOMException=${err instanceof DOMException}`;
}

function attempt(label, fn) {
  try {
    console.log(`${label}: ok ${fn()}`);
  } catch (err) {
    console.log(`${label}: threw ${describeError(err)}`);
  }
}

const tag = (v) => Object.prototype.toString.call(v);
const sortedNames = (o) => Object.getOwnPropertyNames(o).sort().join(',');

// --- primitives
for (const v of [1, -0, NaN, Infinity, 'str', '', true, false, null, undefined, 12345678901234567890n]) {
  const c = structuredClone(v);
  console.log(`primitive ${typeof v}`, Object.is(c, v), String(c));
}

// --- plain objects and arrays
{
  const obj = { a: 1, b: 'two', nested: { deep: [1, { x: null }] }, 2: 'index first', z: undefined };
  const c = structuredClone(obj);
  console.log('object', JSON.stringify(c), c !== obj, c.nested !== obj.nested, Object.keys(c).join(','), 'z' in c);
  const sym = Symbol('s');
  const withHidden = { visible: 1, [sym]: 2 };
  Object.defineProperty(withHidden, 'hidden', { value: 3, enumerable: false });
  Object.defineProperty(withHidden, 'computed', { get: () => 'from getter', enumerable: true });
  const h = structuredClone(withHidden);
  console.log('symbol/non-enumerable dropped, getter read', JSON.stringify(h), Object.getOwnPropertySymbols(h).length,
    Object.getOwnPropertyDescriptor(h, 'computed').value);
  const arr = [1, , 3];
  arr.extra = 'prop';
  const ca = structuredClone(arr);
  console.log('array', Array.isArray(ca), ca.length, 1 in ca, ca.extra, JSON.stringify(ca));
  console.log('empty', JSON.stringify(structuredClone({})), JSON.stringify(structuredClone([])));
}

// --- prototypes are not kept
{
  class Point {
    constructor() {
      this.x = 1;
      this.y = 2;
    }

    get sum() {
      return this.x + this.y;
    }
  }
  const c = structuredClone(new Point());
  console.log('class instance', JSON.stringify(c), c instanceof Point, Object.getPrototypeOf(c) === Object.prototype, c.sum);
  const nullProto = Object.assign(Object.create(null), { k: 'v' });
  const cn = structuredClone(nullProto);
  console.log('null prototype', JSON.stringify(cn), Object.getPrototypeOf(cn) === Object.prototype);
}

// --- cycles and shared references
{
  const shared = { name: 'shared' };
  const root = { a: shared, b: shared, list: [shared] };
  root.self = root;
  root.list.push(root.list);
  const c = structuredClone(root);
  console.log('shared refs', c.a === c.b, c.list[0] === c.a, c.a !== shared);
  console.log('cycles', c.self === c, c.list[1] === c.list);
}

// --- built-in types
{
  const d = structuredClone(new Date(Date.UTC(2020, 1, 29, 12, 0, 0)));
  console.log('Date', d instanceof Date, d.toISOString());
  console.log('Invalid Date', String(structuredClone(new Date(NaN))));
  const re = /ab+c/gi;
  re.lastIndex = 3;
  re.extra = 1;
  const r = structuredClone(re);
  console.log('RegExp', r instanceof RegExp, r.source, r.flags, r.lastIndex, r.extra, r !== re);
  console.log('RegExp sticky/unicode', structuredClone(/x/suy).flags);
  const key = { k: 1 };
  const m = new Map([[key, { v: 1 }], ['s', key]]);
  m.extra = 1;
  const cm = structuredClone(m);
  const [ck] = cm.keys();
  console.log('Map', cm instanceof Map, cm.size, JSON.stringify(ck), cm.get('s') === ck, cm.extra);
  const set = new Set([1, 'a', key, key]);
  const cs = structuredClone(set);
  console.log('Set', cs instanceof Set, cs.size, JSON.stringify([...cs]));
  const mapCycle = new Map();
  mapCycle.set('me', mapCycle);
  const cmc = structuredClone(mapCycle);
  console.log('Map cycle', cmc.get('me') === cmc);
  for (const boxed of [new Number(3), new String('str'), new Boolean(false), Object(7n)]) {
    const c = structuredClone(boxed);
    console.log('boxed', tag(c), typeof c, String(c.valueOf()), c !== boxed);
  }
}

// --- binary data
{
  const buf = new ArrayBuffer(8);
  new Uint8Array(buf).set([1, 2, 3, 4, 5, 6, 7, 8]);
  const cb = structuredClone(buf);
  console.log('ArrayBuffer', tag(cb), cb.byteLength, Array.from(new Uint8Array(cb)).join(','), cb !== buf);
  const u8 = new Uint8Array(buf, 2, 4);
  const u16 = new Uint16Array(buf);
  const pair = structuredClone({ u8, u16 });
  console.log('views share one cloned buffer', pair.u8.buffer === pair.u16.buffer, pair.u8.buffer !== buf,
    pair.u8.byteOffset, pair.u8.length, pair.u8.buffer.byteLength, Array.from(pair.u8).join(','));
  pair.u16[1] = 0xffff;
  console.log('writes through the shared clone', Array.from(pair.u8).join(','), Array.from(u8).join(','));
  for (const View of [Int8Array, Uint8ClampedArray, Int16Array, Int32Array, Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array]) {
    const src = new View(3);
    src[1] = View.name.startsWith('Big') ? 5n : 5;
    const c = structuredClone(src);
    console.log('typed array', tag(c), c.length, String(c[1]));
  }
  const dv = structuredClone(new DataView(buf, 1, 3));
  console.log('DataView', tag(dv), dv.byteOffset, dv.byteLength, dv.getUint8(0));
  const extra = new Uint8Array([9]);
  extra.prop = 'dropped';
  console.log('typed array extra prop', structuredClone(extra).prop);
}

// --- errors
{
  const te = new TypeError('bad type', { cause: { why: 'nested' } });
  te.extra = 'dropped';
  const c = structuredClone(te);
  console.log('TypeError', c instanceof TypeError, c.name, c.message, JSON.stringify(c.cause), c.extra, c !== te, typeof c.stack);
  for (const E of [Error, EvalError, RangeError, ReferenceError, SyntaxError, URIError]) {
    const ce = structuredClone(new E('m'));
    console.log('error type', ce.constructor.name, ce.name, ce.message, tag(ce));
  }
  class MyError extends Error {
    constructor(m) {
      super(m);
      this.name = 'MyError';
    }
  }
  const custom = structuredClone(new MyError('mine'));
  console.log('custom error', custom.constructor.name, custom.name, custom.message, custom instanceof MyError);
  const renamed = new Error('x');
  renamed.name = 'RangeError';
  console.log('renamed to RangeError', structuredClone(renamed).constructor.name);
  const noMessage = structuredClone(new Error());
  console.log('no message', JSON.stringify(noMessage.message), Object.prototype.hasOwnProperty.call(noMessage, 'message'));
  const numMessage = new Error('x');
  numMessage.message = 5;
  console.log('message stringified', typeof structuredClone(numMessage).message);
  const inObject = structuredClone({ err: new RangeError('inside') });
  console.log('error in object', inObject.err instanceof RangeError, inObject.err.message);
  console.log('error own props', sortedNames(structuredClone(new Error('p', { cause: 1 }))));
}

// --- what cannot be cloned
attempt('function declaration', () => structuredClone(function named() { return 1; }));
attempt('arrow function', () => structuredClone(() => 1));
attempt('nested function', () => structuredClone({ a: [1, { f: (x) => x }] }));
attempt('class', () => structuredClone(class Foo {}));
attempt('method', () => structuredClone({ m() {} }.m));
attempt('symbol', () => structuredClone(Symbol('desc')));
attempt('symbol without description', () => structuredClone(Symbol()));
attempt('symbol in Map', () => structuredClone(new Map([[1, Symbol('v')]])));
attempt('symbol cause', () => structuredClone(new Error('x', { cause: Symbol('c') })));
attempt('WeakMap', () => structuredClone(new WeakMap()));
attempt('WeakSet', () => structuredClone(new WeakSet()));
attempt('Promise', () => structuredClone(Promise.resolve(1)));
attempt('getter that throws', () => structuredClone({ get boom() { throw new RangeError('from getter'); } }));

// --- arguments and transfer
attempt('no arguments', () => structuredClone());
attempt('explicit undefined', () => String(structuredClone(undefined)));
attempt('options null', () => structuredClone(1, null));
attempt('options number', () => structuredClone(1, 5));
attempt('transfer not iterable', () => structuredClone(1, { transfer: 5 }));
attempt('transfer undefined', () => structuredClone(1, { transfer: undefined }));
attempt('transfer typed array', () => structuredClone(1, { transfer: [new Uint8Array(2)] }));
attempt('transfer duplicate', () => {
  const b = new ArrayBuffer(2);
  return structuredClone(1, { transfer: [b, b] });
});
attempt('transfer detaches', () => {
  const b = new ArrayBuffer(4);
  new Uint8Array(b)[0] = 42;
  const c = structuredClone({ b }, { transfer: [b] });
  return `${b.byteLength} ${c.b.byteLength} ${new Uint8Array(c.b)[0]}`;
});
attempt('transfer of unreferenced buffer still detaches', () => {
  const b = new ArrayBuffer(4);
  const c = structuredClone('v', { transfer: [b] });
  return `${b.byteLength} ${c}`;
});
