'use strict';
// Reference script for js-shims/util.js: prints util.inspect / util.format results.
// Run it under node (real `util`) and under the shim (`require('util')` redirected to
// js-shims/util.js); the two outputs must be identical. Everything printed is deterministic:
// error stacks are replaced by fixed strings, promises are left pending.

const util = require('util');
const { inspect, format } = util;

let section = '';
function title(name) {
  section = name;
  console.log(`=== ${name}`);
}
let counter = 0;
function show(value, opts) {
  counter++;
  console.log(`${section}#${counter}: ${opts === undefined ? inspect(value) : inspect(value, opts)}`);
}
function fmt(...args) {
  counter++;
  console.log(`${section}#${counter}: ${format(...args)}`);
}

function fixedError(ErrorClass, message, stack, extra) {
  const err = new ErrorClass(message);
  err.stack = stack;
  return Object.assign(err, extra);
}

title('primitives');
show(1);
show(-0);
show(0);
show(1.5e300);
show(NaN);
show(-Infinity);
show(123n);
show(-5n);
show(true);
show(undefined);
show(null);
show(Symbol('sym'));
show(Symbol());
show(Symbol.iterator);
show(1234567.891, { numericSeparator: true });
show(-1234567, { numericSeparator: true });
show(12345678901234567890n, { numericSeparator: true });

title('strings');
show('hello');
show("it's");
show('it\'s "quoted"');
show('it\'s "quoted" `too`');
show('${x} and \'y\' and "z"');
show('tab\there\nnewline\\backslash');
show('\x00\x01\x1b\x7f\x85\u00a0é');
show('lone \ud800 surrogate and pair \ud83d\ude00');
show('x'.repeat(30), { maxStringLength: 10 });
show('ab', { maxStringLength: 1 });
show('line one\nline two\nline three\nline four\nline five\nline six\nline seven\nline eight\n');
show({ text: 'first line of text\nsecond line of text\nthird line of text\nfourth line here' });
show(['a short\nstring']);

title('functions');
show(function named() {});
show(function () {});
show(() => {});
show(async function asyncFn() {});
show(async () => {});
show(function* gen() {});
show(async function* agen() {});
show(class Foo {});
show(class {});
show(class Bar extends Error {});
show(Object.assign(function withProps() {}, { a: 1, b: 'two' }));
show(Math.max);
show({ method() {}, class() {}, classify() {} });
const nullProtoFn = function np() {};
Object.setPrototypeOf(nullProtoFn, null);
show(nullProtoFn);

title('objects');
show({});
show({ a: 1, b: 'string', c: [1, 2, 3], d: { e: { f: { g: 1 } } } });
show({ a: { b: { c: { d: {} } } } });
show({ a: { b: { c: [] } } });
show({ 'key-with-dash': 1, valid_id: 2, $dollar: 3, '0': 4, 'with space': 5, "it's": 6 });
show({ ['__proto__']: 1 });
show(Object.create(null));
show(Object.assign(Object.create(null), { x: 1 }));
show(Object.create(Object.create(null)));
show({ [Symbol('s')]: 1, [Symbol.iterator]: 2, regular: 3 });
show({ [Symbol('it\'s\n')]: 1 });
show(Object.defineProperty({ visible: 1 }, 'hidden', { value: 2, enumerable: false }));
show(Object.defineProperty({}, 'hidden', { value: 2, enumerable: false }), { showHidden: true });
show({ [Symbol.toStringTag]: 'own' });
class Tagged { get [Symbol.toStringTag]() { return 'custom-tag'; } }
show(new Tagged());
show(Object.assign(new Tagged(), { x: 1 }));
show({ a: 1 }, { depth: 0 });
show({ a: { b: 1 } }, { depth: 0 });
show({ a: { b: { c: { d: { e: 1 } } } } }, { depth: Infinity });
show({ a: { b: { c: { d: { e: 1 } } } } }, { depth: null });
show({ b: 2, a: 1, c: { z: 1, y: 2 } }, { sorted: true });
show(new Map([['b', 1], ['a', 2]]), { sorted: true });
show((function () { return arguments; })(1, 'two'));

title('classes');
class Foo {
  constructor() {
    this.a = 1;
    this.nested = { b: [1, 2] };
  }
}
class Empty {}
class Child extends Foo {}
show(new Foo());
show(new Empty());
show(new Child());
show([new Foo(), new Empty()]);
show({ inner: new Foo() }, { depth: 0 });
class NullProtoClass {}
Object.setPrototypeOf(NullProtoClass.prototype, null);
show(new NullProtoClass());

title('getters');
show({ get a() { return 1; }, set b(v) {}, get c() { return 2; }, set c(v) {} });
show({ get a() { return 1; }, get o() { return { x: 1 }; }, get n() { return null; } }, { getters: true });
show({ get a() { return 1; }, get b() { return 2; }, set b(v) {} }, { getters: 'set' });
show({ get boom() { throw new Error('nope'); } }, { getters: true });
class WithGetter {
  constructor() { this.x = 1; }
  get y() { return 2; }
}
show(new WithGetter());

title('arrays');
show([]);
show([1, 2, 3]);
show([1, , 3]);
show([, , 1]);
show(new Array(5));
show([1, , , , 5, , 7]);
const sparse = [];
sparse[10] = 1;
sparse.x = 2;
show(sparse);
const bigHole = [];
bigHole[1e9] = 'end';
show(bigHole);
show(Object.assign([1, 2], { foo: 'bar', [Symbol('s')]: 1 }));
show([[1, [2, [3, [4, [5]]]]]]);
show(Array.from({ length: 26 }, (_, i) => i));
show(Array.from({ length: 120 }, (_, i) => i * 3));
show(Array.from({ length: 30 }, (_, i) => `item${i}`));
show(Array.from({ length: 10 }, (_, i) => 'x'.repeat(i)));
show(Array.from({ length: 7 }, (_, i) => i), { compact: 1 });
show(Array.from({ length: 12 }, (_, i) => i), { compact: false });
show(Array.from({ length: 12 }, (_, i) => i), { compact: true });
show([1.5, -2, 300000, 4, 5, 6, 7, 8, 9, 10, 11, 12n]);
show(Array.from({ length: 8 }, (_, i) => ({ id: i })));
show(Array.from({ length: 200 }, (_, i) => i), { maxArrayLength: 10 });
show([1, 2, 3], { maxArrayLength: 0 });
show(['a', 'b', 'c'], { maxArrayLength: 2 });
show(Array.from({ length: 7 }, (_, i) => '字'.repeat(i + 1)));
show([{ a: 1, b: 2 }, { a: 3, b: 4 }, 'a fairly long string to push things over the edge of the line']);
class MyArray extends Array {}
show(MyArray.from([1, 2]));
const nullProtoArray = [1, 2];
Object.setPrototypeOf(nullProtoArray, null);
show(nullProtoArray);

title('long objects');
show({
  alpha: 'the first property value',
  beta: 'the second property value',
  gamma: 'the third property value',
  delta: [1, 2, 3],
});
show({ list: [{ name: 'one', value: 1 }, { name: 'two', value: 2 }, { name: 'three', value: 3 }] });
show({ a: { b: { c: { d: 1 } } }, e: 'x'.repeat(60) }, { depth: 5 });
show({ a: 1, b: 2 }, { compact: false });
show({ a: { b: 1 }, c: 'x'.repeat(90) }, { compact: true });
show({ a: { b: 1 }, c: 'x'.repeat(90) }, { breakLength: Infinity });
show({ a: 'x'.repeat(20), b: 'y'.repeat(20), c: 'z'.repeat(20) }, { breakLength: 40 });

title('circular');
const circ = { name: 'root' };
circ.self = circ;
show(circ);
const a = { name: 'a' };
const b = { name: 'b', a };
a.b = b;
show(a);
const arr = [1];
arr.push(arr);
show(arr);
const two = { x: {}, y: {} };
two.x.parent = two;
two.y.parent = two.y;
show(two);
const circMap = new Map();
circMap.set('me', circMap);
show(circMap);
const circArr = [{}];
circArr[0].up = circArr;
show({ list: circArr });

title('maps and sets');
show(new Map());
show(new Set());
show(new Map([['a', 1], [{ k: 1 }, [1, 2]]]));
show(new Set([1, 'two', { three: 3 }]));
show(Object.assign(new Map([[1, 2]]), { extra: true }));
show(new Set(Array.from({ length: 120 }, (_, i) => i)));
show(new Map(Array.from({ length: 30 }, (_, i) => [`key${i}`, i])));
show(new Set([1, 2, 3]), { maxArrayLength: 1 });
show({ m: { n: { o: new Map([[1, 2]]) } } });
class MyMap extends Map {}
show(new MyMap([[1, 2]]));
show(new WeakMap());
show(new WeakSet());

title('dates and regexps');
show(new Date(0));
show(new Date('2024-02-29T12:34:56.789Z'));
show(new Date(NaN));
show(Object.assign(new Date(0), { extra: 1 }));
show(/abc/gi);
show(new RegExp('a/b', 'u'));
show(Object.assign(/x/, { extra: 1 }));
class MyDate extends Date {}
show(new MyDate(0));
class MyRegExp extends RegExp {}
show(new MyRegExp('x', 'g'));

title('errors');
show(fixedError(Error, 'boom', 'Error: boom\n    at fn (file.js:1:2)\n    at other (file.js:3:4)'));
show(fixedError(TypeError, 'bad type', 'TypeError: bad type\n    at fn (file.js:1:2)'));
show(fixedError(Error, 'no frames', 'Error: no frames'));
show(fixedError(Error, 'with code', 'Error: with code\n    at fn (file.js:1:2)', { code: 'E_CODE', errno: -2 }));
show(fixedError(Error, 'frameless code', 'Error: frameless code', { code: 'X' }));
show({ nested: fixedError(RangeError, 'inner', 'RangeError: inner\n    at deep (file.js:9:9)') });
show([fixedError(Error, 'in array', 'Error: in array')]);
class CustomError extends Error {}
show(fixedError(CustomError, 'custom', 'Error: custom\n    at x (y.js:1:1)'));
class NamedError extends Error {
  constructor(msg) {
    super(msg);
    this.name = 'NamedError';
  }
}
show(fixedError(NamedError, 'named', 'NamedError: named\n    at x (y.js:1:1)'));
const renamed = fixedError(Error, 'renamed', 'Error: renamed\n    at x (y.js:1:1)');
renamed.name = 'SomethingElse';
show(renamed);
const noStack = new Error('stackless');
noStack.stack = '';
show(noStack);
const shared = '\n    at a (f.js:1:1)\n    at b (f.js:2:2)\n    at c (f.js:3:3)\n    at d (f.js:4:4)\n    at e (f.js:5:5)';
const cause = fixedError(Error, 'the cause', `Error: the cause\n    at cause (f.js:0:0)${shared}`);
const withCause = new Error('outer', { cause });
withCause.stack = `Error: outer\n    at outer (f.js:9:9)${shared}`;
show(withCause);
const primitiveCause = new Error('p', { cause: 'just a string' });
primitiveCause.stack = 'Error: p\n    at x (y.js:1:1)';
show(primitiveCause);
const agg = new AggregateError([fixedError(Error, 'one', 'Error: one')], 'many');
agg.stack = 'AggregateError: many\n    at x (y.js:1:1)';
show(agg);
const errMessageInStack = fixedError(Error, 'a\n    at fake', 'Error: a\n    at fake\n    at real (z.js:1:1)');
show(errMessageInStack);

title('typed arrays and buffers');
show(new Uint8Array([1, 2, 3]));
show(new Uint8Array(0));
show(new Float64Array([1.5, -0, NaN]));
show(new BigInt64Array([1n, -2n]));
show(new Int16Array(30));
show(new Uint8Array(150));
show(Object.assign(new Uint8Array(2), { extra: 'yes' }));
show(new ArrayBuffer(4));
show(new Uint8Array([0xde, 0xad, 0xbe, 0xef]).buffer);
show(new ArrayBuffer(120));
show(new DataView(new ArrayBuffer(3), 1));
show({ buf: new Uint16Array([1, 2]) });
show(new Uint8Array([1, 2]), { showHidden: true });

title('boxed primitives');
show(new Number(3));
show(new Number(-0));
show(new String('abc'));
show(Object.assign(new String('ab'), { extra: 1 }));
show(new Boolean(false));
show(Object(1n));
show(Object(Symbol('boxed')));
class MyNumber extends Number {}
show(new MyNumber(7));

title('promises');
show(new Promise(() => {}));
show({ p: new Promise(() => {}) });
show(Object.assign(new Promise(() => {}), { extra: 1 }));

title('custom inspect');
show({ [inspect.custom]() { return 'custom string'; } });
show({ [inspect.custom]() { return { replaced: true }; } });
show({ [inspect.custom](depth, options) { return `depth=${depth} compact=${options.compact}`; } });
show({ outer: { [inspect.custom]() { return 'multi\nline'; } } });
show({ [inspect.custom](depth, options, insp) { return insp(this.x, options); }, x: [1, 2] });
show({ [inspect.custom]: 'not a function', y: 1 });
show({ a: { [inspect.custom]() { return 'hidden'; } } }, { customInspect: false });
show({ [inspect.custom](depth, options) { return options.myOption; } }, { myOption: 'passed through' });
class Custom {
  [inspect.custom]() { return 'Custom!'; }
}
show([new Custom()]);
show(Custom.prototype);

title('legacy signature');
console.log(inspect({ a: { b: { c: { d: 1 } } } }, false, 0));
console.log(inspect({ a: { b: { c: { d: 1 } } } }, false, null));
console.log(inspect({ a: 1 }, true));

title('format');
fmt('plain string');
fmt('%s', 'str');
fmt('%s %s', 'only one');
fmt('%s', 42, 'extra', { a: 1 });
fmt('%s', -0);
fmt('%s', 5n);
fmt('%s', Symbol('s'));
fmt('%s', null, undefined);
fmt('%s', { a: { b: { c: 1 } } });
fmt('%s', [1, [2, [3]]]);
fmt('%s', new Empty());
fmt('%s', { toString() { return 'own toString'; } });
class WithToString { toString() { return 'class toString'; } }
fmt('%s', new WithToString());
fmt('%s', fixedError(Error, 'fmt err', 'Error: fmt err\n    at x (y.js:1:1)'));
fmt('%s', new Date(0));
fmt('%s', function f() { return 1; });
fmt('%d', '42');
fmt('%d', 1.5);
fmt('%d', 7n);
fmt('%d', Symbol('x'));
fmt('%d', {});
fmt('%d', '');
fmt('%i', '42.9abc');
fmt('%i', 3n);
fmt('%i', Symbol('x'));
fmt('%f', '1.5e3');
fmt('%f', 'abc');
fmt('%f', Symbol('x'));
fmt('%j', { a: [1, 'two'] });
fmt('%j', circ);
fmt('%j', undefined);
fmt('%o', { a: 1 });
fmt('%o', [1, 2]);
fmt('%O', { a: { b: { c: { d: 1 } } } });
fmt('%c styled', 'color: red');
fmt('100%% sure %s', 'yes');
fmt('%% no args');
fmt('%%');
fmt('%x unknown %s', 'arg');
fmt('trailing %');
fmt('%s%s', 'a', 'b', 'c');
fmt(1, 2, 'three', { four: 4 });
fmt({ a: 1 }, 'str');
fmt();
fmt('a', 'b');
counter++;
console.log(`format#${counter}: ${util.formatWithOptions({ compact: false }, '%O and', { a: 1 }, { b: 2 })}`);
counter++;
console.log(`format#${counter}: ${util.formatWithOptions({ depth: 0 }, { a: { b: 1 } })}`);

title('misc util');
console.log(typeof inspect.custom, inspect.custom === Symbol.for('nodejs.util.inspect.custom'));
console.log(util.promisify.custom === Symbol.for('nodejs.util.promisify.custom'));
console.log(inspect(inspect.defaultOptions));
console.log(util.isArray([]), util.isArray({}));
console.log(util.types.isDate(new Date()), util.types.isRegExp(/x/), util.types.isRegExp(RegExp.prototype));
console.log(util.types.isMap(new Map()), util.types.isSet(new Set()), util.types.isPromise(Promise.resolve()));
console.log(util.types.isTypedArray(new Int8Array(1)), util.types.isUint8Array(new Uint8Array(1)), util.types.isUint8Array(new Int8Array(1)));
console.log(util.types.isArrayBuffer(new ArrayBuffer(1)), util.types.isAnyArrayBuffer(new ArrayBuffer(1)), util.types.isArrayBuffer(new Uint8Array(1)));
console.log(util.types.isNativeError(new TypeError()), util.types.isNativeError({ name: 'Error', message: '' }));
console.log(util.types.isAsyncFunction(async () => {}), util.types.isAsyncFunction(() => {}));
console.log(util.types.isGeneratorFunction(function* () {}), util.types.isGeneratorFunction(() => {}));
console.log(util.types.isBoxedPrimitive(new String('')), util.types.isBoxedPrimitive('')); // eslint-disable-line no-new-wrappers
console.log(util.types.isProxy({}), util.types.isDataView(new DataView(new ArrayBuffer(1))));
console.log(util.isDeepStrictEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), util.isDeepStrictEqual({ a: 1 }, { a: '1' }));
console.log(util.isDeepStrictEqual(new Map([[{ k: 1 }, 1]]), new Map([[{ k: 1 }, 1]])), util.isDeepStrictEqual(new Set([1, 2]), new Set([2, 1])));
console.log(util.isDeepStrictEqual([1, , 3], [1, undefined, 3]), util.isDeepStrictEqual(NaN, NaN), util.isDeepStrictEqual(0, -0));
console.log(util.isDeepStrictEqual(circ, circ), util.isDeepStrictEqual(new Date(1), new Date(1)), util.isDeepStrictEqual(new Date(1), new Date(2)));
console.log(util.isDeepStrictEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2])), util.isDeepStrictEqual(new Uint8Array([1]), new Int8Array([1])));
console.log(util.isDeepStrictEqual(Object.create(null), {}), util.isDeepStrictEqual([1, 2], { 0: 1, 1: 2, length: 2 }));
const dbg = util.debuglog('kvm-test');
console.log(typeof dbg, dbg.enabled);
function Parent() {}
Parent.prototype.hello = function () { return 'hello'; };
function Kid() {}
util.inherits(Kid, Parent);
console.log(new Kid().hello(), Kid.super_ === Parent);
try {
  util.promisify(42);
} catch (err) {
  console.log(err.name, err.code, err.message);
}
try {
  util.formatWithOptions(null, 'x');
} catch (err) {
  console.log(err.name, err.code, err.message);
}

// deprecate: capture what goes to process.emitWarning (a stub where there is no process).
const proc = typeof process === 'object' ? process : (globalThis.process = {});
const realEmitWarning = proc.emitWarning;
const warnings = [];
proc.emitWarning = (msg, type, codeOrFn) => {
  warnings.push(`${msg} | ${type} | ${typeof codeOrFn === 'function' ? 'function' : codeOrFn}`);
};
const oldApi = util.deprecate((x) => x * 2, 'oldApi() is deprecated', 'DEP_TEST1');
console.log(oldApi(1), oldApi(2));
const sameCode = util.deprecate(() => 'same', 'shares the code', 'DEP_TEST1');
console.log(sameCode());
const noCode = util.deprecate(function OldCtor() { this.made = true; }, 'OldCtor is deprecated');
console.log(new noCode().made, noCode.name);
proc.emitWarning = realEmitWarning;
console.log(warnings.join('\n'));

// defaultOptions changes apply to later calls.
inspect.defaultOptions.depth = 0;
console.log(inspect({ a: { b: 1 } }));
inspect.defaultOptions = { depth: 2, breakLength: 20 };
console.log(inspect({ first: 1, second: 2, third: 3 }));
inspect.defaultOptions.breakLength = 80;

// Asynchronous checks last, so that their output follows everything synchronous.
const cbStyle = (x, cb) => cb(null, x * 2);
const failing = (cb) => cb(new Error('failed'));
const withCustom = () => {};
withCustom[util.promisify.custom] = () => Promise.resolve('custom promisified');
(async () => {
  console.log(await util.promisify(cbStyle)(21));
  console.log(await util.promisify(failing)().catch((err) => `rejected: ${err.message}`));
  console.log(util.promisify(withCustom) === withCustom[util.promisify.custom], await util.promisify(withCustom)());
  const cbified = util.callbackify(async (x) => x + 1);
  console.log(cbified.name, cbified.length);
  await new Promise((resolve) => cbified(1, (err, value) => { console.log(err, value); resolve(); }));
  const cbRejected = util.callbackify(() => Promise.reject(null)); // eslint-disable-line prefer-promise-reject-errors
  await new Promise((resolve) => cbRejected((err) => { console.log(err.message, err.code, err.reason); resolve(); }));
  console.log('done');
})();
