// assert: which calls throw, and the AssertionError each makes (name, code, operator,
// generatedMessage, message), including Node 20's `a !== b` and line-diff messages.
const assert = require('assert');
const strict = require('assert/strict');

function show(label, fn) {
  try {
    fn();
    console.log(`${label}: ok`);
  } catch (e) {
    const parts = [e.name, e.code, e.operator, e.generatedMessage];
    console.log(`${label}: ${parts.join(' ')} ${JSON.stringify(e.message)}`);
  }
}

// ok / assert, and the quoted source of the failing call
show('ok true', () => assert.ok(1));
show('ok false', () => assert.ok(false));
show('assert 0', () => assert(0));
show('ok no arg', () => assert.ok());
show('ok message', () => assert.ok(false, 'boom'));
show('ok error message', () => assert.ok(null, new TypeError('custom')));
show('ok expression', () => assert(typeof 123 === 'string'));
show('ok multiline', () => assert.ok(
  1 === 2,
));
show('strict ok', () => strict.ok(''));
show('strict call', () => strict(NaN));

// equal and friends
show('equal', () => assert.equal(1, '1'));
show('equal fail', () => assert.equal(1, 2));
show('equal NaN', () => assert.equal(NaN, NaN));
show('equal strings', () => assert.equal('a', 'b'));
show('notEqual', () => assert.notEqual(1, '1'));
show('equal missing', () => assert.equal(1));
show('strictEqual', () => assert.strictEqual(1, 2));
show('strictEqual types', () => assert.strictEqual(1, '1'));
show('strictEqual zero', () => assert.strictEqual(0, -0));
show('strictEqual NaN', () => assert.strictEqual(NaN, NaN));
show('strictEqual long', () => assert.strictEqual('hello world', 'hello there'));
show('strictEqual same start', () => assert.strictEqual('ab', 'ac'));
show('strictEqual objects', () => assert.strictEqual({ a: 1 }, { a: 1 }));
show('strictEqual diff', () => assert.strictEqual({ a: 1 }, { a: 2 }));
show('strictEqual arrays', () => assert.strictEqual([1, 2, 3], [1, 2, 4]));
show('strictEqual message', () => assert.strictEqual(1, 2, 'custom'));
show('notStrictEqual', () => assert.notStrictEqual(1, 1));
show('notStrictEqual long', () => assert.notStrictEqual('abcdefgh', 'abcdefgh'));
show('notStrictEqual object', () => {
  const o = { a: 1, b: 2 };
  assert.notStrictEqual(o, o);
});
show('strict equal', () => strict.equal(1, '1'));

// deep equality messages
show('deepEqual', () => assert.deepEqual({ a: 1 }, { a: 2 }));
show('deepEqual arrays', () => assert.deepEqual([1], [2]));
show('notDeepEqual same', () => assert.notDeepEqual({ a: 1 }, { a: 1 }));
show('notDeepEqual loose', () => assert.notDeepEqual({ a: 1 }, { a: '1' }));
show('deepStrictEqual', () => assert.deepStrictEqual({ a: 1 }, { a: '1' }));
show('deepStrictEqual nested', () => assert.deepStrictEqual(
  { a: 1, b: [1, 2, 3], c: 'x' }, { a: 1, b: [1, 2, 4], c: 'x' }));
show('deepStrictEqual skipped', () => assert.deepStrictEqual(
  [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 2, 3, 4, 5, 6, 7, 8, 9, 11]));
show('deepStrictEqual extra key', () => assert.deepStrictEqual({ a: 1, b: 2 }, { a: 1 }));
show('deepStrictEqual missing key', () => assert.deepStrictEqual({ a: 1 }, { a: 1, b: 2 }));
show('deepStrictEqual longer array', () => assert.deepStrictEqual([1, 2, 3, 4, 5, 6, 7], [1, 2]));
show('deepStrictEqual context', () => assert.deepStrictEqual(
  { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8 },
  { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 9 }));
show('deepStrictEqual two changes', () => assert.deepStrictEqual(
  { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9 },
  { a: 0, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 10 }));
show('deepStrictEqual NaN 0', () => assert.deepStrictEqual(NaN, 0));
show('deepStrictEqual zeros', () => assert.deepStrictEqual(0, -0));
show('deepStrictEqual protos', () => assert.deepStrictEqual(Object.create(null), {}));
show('deepStrictEqual symbols', () => assert.deepStrictEqual({ a: Symbol('s') }, { a: Symbol('s') }));
show('deepStrictEqual errors', () => assert.deepStrictEqual(new Error('a'), new Error('b')));
show('notDeepStrictEqual', () => assert.notDeepStrictEqual({ a: 1 }, { a: 1 }));
show('notDeepStrictEqual short', () => assert.notDeepStrictEqual(1, 1));

// deep equality semantics: [label, a, b]; prints loose then strict result
const cycleA = { name: 'x' };
cycleA.self = cycleA;
const cycleB = { name: 'x' };
cycleB.self = cycleB;
const sparse = [1, , 3]; // eslint-disable-line no-sparse-arrays
const pairs = [
  ['numbers', 1, '1'],
  ['null undefined', null, undefined],
  ['zero false', 0, false],
  ['boxed', new Number(1), new Number(1)],
  ['boxed vs prim', new Number(1), 1],
  ['array vs object', [1, 2], { 0: 1, 1: 2 }],
  ['date', new Date(0), new Date(0)],
  ['dates differ', new Date(0), new Date(1)],
  ['date vs object', new Date(0), {}],
  ['null proto', Object.create(null), {}],
  ['regexps', /a/g, /a/g],
  ['regexp flags', /a/g, /a/i],
  ['set loose', new Set([1]), new Set(['1'])],
  ['set objects', new Set([{ a: 1 }, { b: 2 }]), new Set([{ b: 2 }, { a: 1 }])],
  ['set extra', new Set([1, 2]), new Set([1, 3])],
  ['map loose keys', new Map([[1, 'a']]), new Map([['1', 'a']])],
  ['map object keys', new Map([[{ k: 1 }, 'v']]), new Map([[{ k: 1 }, 'v']])],
  ['map values', new Map([['a', 1]]), new Map([['a', 2]])],
  ['nested loose', [1, [2]], ['1', ['2']]],
  ['undefined key', { a: undefined }, {}],
  ['float zeros', new Float64Array([0]), new Float64Array([-0])],
  ['float NaN', new Float64Array([NaN]), new Float64Array([NaN])],
  ['typed kinds', new Uint8Array([1]), new Int8Array([1])],
  ['buffers', new Uint8Array([1, 2]).buffer, new Uint8Array([1, 2]).buffer],
  ['error cause', new Error('a', { cause: 1 }), new Error('a', { cause: 2 })],
  ['error names', new TypeError('a'), new RangeError('a')],
  ['cycles', cycleA, cycleB],
  ['sparse', sparse, [1, undefined, 3]],
  ['symbol keys', { [Symbol.for('k')]: 1 }, { [Symbol.for('k')]: 2 }],
  ['zeros', 0, -0],
  ['NaN', NaN, NaN],
];
for (const [label, a, b] of pairs) {
  let loose;
  let strictResult;
  try {
    assert.deepEqual(a, b);
    loose = true;
  } catch {
    loose = false;
  }
  try {
    assert.deepStrictEqual(a, b);
    strictResult = true;
  } catch {
    strictResult = false;
  }
  console.log(`deep ${label}: loose ${loose} strict ${strictResult}`);
}

// fail, ifError, match
show('fail', () => assert.fail());
show('fail message', () => assert.fail('msg'));
show('fail error', () => assert.fail(new TypeError('x')));
show('ifError null', () => assert.ifError(null));
show('ifError error', () => assert.ifError(new Error('inner')));
show('ifError string', () => assert.ifError('str'));
show('ifError empty message', () => assert.ifError(new TypeError('')));
show('match', () => assert.match('abc', /x/));
show('match ok', () => assert.match('abc', /b/));
show('match not string', () => assert.match(123, /x/));
show('match bad regexp', () => assert.match('a', 'a'));
show('doesNotMatch', () => assert.doesNotMatch('abc', /b/));

// throws and doesNotThrow
const thrower = (error) => () => {
  throw error;
};
class MyError extends Error {}
show('throws nothing', () => assert.throws(() => {}));
show('throws nothing class', () => assert.throws(() => {}, TypeError));
show('throws nothing message', () => assert.throws(() => {}, /x/, 'msg'));
show('throws ok', () => assert.throws(thrower(new TypeError('x')), TypeError));
show('throws wrong class', () => assert.throws(thrower(new Error('e1')), TypeError));
show('throws subclass expected', () => assert.throws(thrower(new Error('x')), MyError));
show('throws primitive', () => assert.throws(thrower(5), TypeError));
show('throws regexp', () => assert.throws(thrower(new Error('e1')), /x/));
show('throws regexp ok', () => assert.throws(thrower(new Error('e1')), /e1/));
show('throws object', () => assert.throws(thrower(new Error('e1')), { message: 'e2' }));
show('throws object name', () => assert.throws(thrower(new Error('e1')), { message: 'e1', name: 'TypeError' }));
show('throws object regexp', () => assert.throws(thrower(new Error('e1')), { message: /e/ }));
show('throws object code', () => assert.throws(
  thrower(Object.assign(new TypeError('y'), { code: 'A' })), { code: 'B', message: /y/ }));
show('throws object message', () => assert.throws(
  thrower(Object.assign(new TypeError('y'), { code: 'A' })), { code: 'B' }, 'custom'));
show('throws object vs string', () => assert.throws(thrower('x'), { a: 1 }));
show('throws empty object', () => assert.throws(thrower(new Error('x')), {}));
show('throws error instance', () => assert.throws(
  thrower(new TypeError('')), Object.assign(new TypeError('y'), { code: 5 })));
show('throws validator false', () => assert.throws(thrower(new Error('e1')), () => false));
show('throws validator named', () => assert.throws(thrower(new Error('x')), function named() {
  return 'yes';
}));
show('throws validator true', () => assert.throws(thrower(new Error('e1')), (e) => e instanceof Error));
show('throws ambiguous', () => assert.throws(thrower(new Error('e1')), 'e1'));
show('throws ambiguous string', () => assert.throws(thrower('x'), 'x'));
show('throws string message', () => assert.throws(thrower(new Error('e1')), 'other'));
show('throws bad error', () => assert.throws(thrower(new Error('x')), 5));
show('throws string and message', () => assert.throws(thrower(new Error('x')), 'x', 'y'));
show('throws not fn', () => assert.throws('notfn'));
show('doesNotThrow', () => assert.doesNotThrow(thrower(new Error('e1'))));
show('doesNotThrow message', () => assert.doesNotThrow(thrower(new Error('e1')), 'msg'));
show('doesNotThrow other class', () => assert.doesNotThrow(thrower(new Error('e1')), TypeError));
show('doesNotThrow bad expected', () => assert.doesNotThrow(thrower(new Error('x')), 5));
show('doesNotThrow ok', () => assert.doesNotThrow(() => 1));

// AssertionError itself
const made = new assert.AssertionError({ actual: 1, expected: 2, operator: 'strictEqual' });
console.log('made:', made.name, made.code, made.generatedMessage, made.actual, made.expected,
  made.operator, JSON.stringify(made.message));
console.log('keys:', Object.keys(made).join(','));
console.log('toString:', String(new assert.AssertionError({ message: 'hi' })));
console.log('stack head:', made.stack.split('\n')[0]);
console.log('instanceof Error:', made instanceof Error, 'strict has same class:', strict.AssertionError === assert.AssertionError);
show('AssertionError options', () => new assert.AssertionError(1));
show('AssertionError message', () => {
  throw new assert.AssertionError({ message: 42, actual: 'a', expected: 'b', operator: 'x' });
});

// rejects / doesNotReject (async), printed in order at the end
const asyncCases = [
  ['rejects ok', () => assert.rejects(Promise.reject(new TypeError('r')), TypeError)],
  ['rejects fn', () => assert.rejects(async () => {
    throw new Error('r');
  }, { message: 'r' })],
  ['rejects nothing', () => assert.rejects(Promise.resolve(1))],
  ['rejects nothing class', () => assert.rejects(async () => 1, TypeError)],
  ['rejects wrong', () => assert.rejects(Promise.reject(new Error('r')), /x/)],
  ['rejects bad return', () => assert.rejects(() => 5)],
  ['rejects bad arg', () => assert.rejects(5)],
  ['rejects sync throw', () => assert.rejects(() => {
    throw new Error('sync');
  })],
  ['doesNotReject ok', () => assert.doesNotReject(Promise.resolve(1))],
  ['doesNotReject fails', () => assert.doesNotReject(Promise.reject(new Error('r')))],
  ['doesNotReject message', () => assert.doesNotReject(async () => {
    throw new Error('r');
  }, 'msg')],
];
(async () => {
  for (const [label, run] of asyncCases) {
    try {
      await run();
      console.log(`${label}: ok`);
    } catch (e) {
      console.log(`${label}: ${e.name} ${e.code} ${e.operator} ${e.generatedMessage} ${JSON.stringify(e.message)}`);
    }
  }
})();
