// console.log formatting: util.format specifiers and object printing.
console.log('%s is %d years and %i days', 'Ada', 36.6, 12.9);
console.log('%j', { a: 1, b: [1, 2] });
console.log('%o', { a: 1 });
console.log('%O', { nested: { deep: { deeper: { deepest: 1 } } } });
console.log('%f %%', 1.5);
console.log('%s', null, undefined, 3n, Symbol('s'));
console.log({ a: 1, b: 'two', c: [1, 2, 3], d: { e: null } });
console.log([1, 'a', { b: 2 }], new Map([['k', 'v']]), new Set([1]));
console.log('extra', 'args', 1, true, null);
console.log(new Error('shown').message);
console.log([undefined, null, NaN, -0, 1e21]);
console.info('info'); console.debug('debug');
console.log(Array.from({ length: 30 }, (_, i) => i));
console.log('a'.repeat(100));
class Bill { constructor() { this.amount = 12.5; this.vendor = 'acme'; } }
console.log(new Bill());
console.group('group');
console.log('indented');
console.groupEnd();
console.log('%c styled', 'color: red');
console.count(); console.count(); console.count('x');
console.dir({ dir: { a: { b: { c: {} } } } }, { depth: 0 });
