// querystring: parse (separators, maxKeys, decoders, malformed escapes, arrays), stringify
// (arrays, non-string values, custom encoders), escape/unescape and unescapeBuffer.
const qs = require('querystring');

const show = (value) => JSON.stringify(value, (key, v) => (typeof v === 'bigint' ? `${v}n` : v));

function parse(...args) {
  let result;
  try {
    const parsed = qs.parse(...args);
    result = `${Object.getPrototypeOf(parsed) === null ? 'null-proto ' : ''}${show(Object.entries(parsed))}`;
  } catch (e) {
    result = `throws ${e.name}: ${e.message}`;
  }
  console.log(`parse ${show(args.map((a) => (typeof a === 'function' ? 'fn' : a)))} -> ${result}`);
}

parse('a=1&b=2&c=3');
parse('a=1&a=2&a=3&b');
parse('');
parse(5);
parse('&&a=1&&b=2&');
parse('=&a&&=x&y=');
parse('a=1=2&b==3');
parse('a+b=c+d&e=%20%2B');
parse('name=J%C3%A9r%C3%B4me&city=Paris');
parse('emoji=%F0%9F%98%80&cjk=%E4%B8%AD');
parse('bad=%zz&worse=%e9&mixed=%41%zz%C3%A9');
parse('raw=\u00e9%zz&raw2=\u00e9%41%zz');
parse('pct=%&pct2=%4&pct3=%%41');
parse('__proto__=1&constructor=2&hasOwnProperty=3&toString=4');
parse('a=1;b=2', ';');
parse('a:1;b:2', ';', ':');
parse('a==1&&b==2', '&&', '==');
parse('aab', 'ab');
parse('xaabyab', 'ab');
parse('k=v==w', '&', '==');
parse('a=1&b=2', null, null);
parse('a=1&b=2', '', '');
parse('a=1&b=2&c=3&d=4', null, null, { maxKeys: 2 });
parse('a=1&b=2&c=3&d=4', null, null, { maxKeys: 0 });
parse('a=1&b=2&c=3&d=4', null, null, { maxKeys: -1 });
parse('a=1&b=2&c=3&d=4', null, null, { maxKeys: 1.5 });
parse('&&a=1&&b=2', null, null, { maxKeys: 2 });
parse('a+b=c+d%20e', null, null, { decodeURIComponent: (s) => `<${s}>` });
parse('a=%41&b=c', null, null, { decodeURIComponent: (s) => s.toUpperCase() });
parse('a=%41&bb=c', null, null, {
  decodeURIComponent: (s) => {
    if (s.length > 1) throw new Error('no');
    return s;
  },
});
const many = qs.parse(`${'k=v&'.repeat(1005)}last=1`);
console.log('maxKeys default:', many.k.length, 'last' in many);

function stringify(...args) {
  let result;
  try {
    result = show(qs.stringify(...args));
  } catch (e) {
    result = `throws ${e.name}: ${e.message}`;
  }
  console.log(`stringify -> ${result}`);
}

stringify({ a: 1, b: 'two', c: true, d: false });
stringify({ arr: ['x', 'y', 'z'], empty: [], one: ['only'] });
stringify({ n: NaN, inf: Infinity, neg: -0, big: 10n, huge: 1e21, small: 1e-7 });
stringify({ nil: null, undef: undefined, obj: { x: 1 }, fn() {}, sym: Symbol('s') });
stringify({ 'key with space': 'val&ue=', é: 'ü€😀', '': '' });
stringify({ reserved: "!'()*-._~", other: '#$%+,/:;=?@[]' });
stringify({ a: 1, b: 2 }, ';', ':');
stringify({ a: [1, 2] }, '', '');
stringify({ a: 'x y', b: [1, 'é'] }, null, null, { encodeURIComponent: (s) => `[${s}]` });
stringify('not an object');
stringify(null);
stringify([1, 2]);
stringify({ lone: '\ud800' });

for (const value of ['a b', 'é€😀', "!'()*", '\ud83d\ude00', '\ud800', 42, null, undefined, { toString: () => 'obj' }, [1, 2]]) {
  let result;
  try {
    result = show(qs.escape(value));
  } catch (e) {
    result = `throws ${e.name} ${e.code}: ${e.message}`;
  }
  console.log(`escape ${show(String(value))} -> ${result}`);
}

for (const value of ['a%20b', 'a+b', '%zz', '%E9', '%C3%A9%zz', '%', '%4', '\u00e9%zz', '%F0%9F%98%80']) {
  console.log(`unescape ${show(value)} -> ${show(qs.unescape(value))} / spaces ${show(qs.unescape(value, true))}`);
  console.log(`unescapeBuffer ${show(value)} -> ${show(Array.from(qs.unescapeBuffer(value)))}`);
}
console.log('unescapeBuffer spaces:', show(Array.from(qs.unescapeBuffer('a+b%2', true))));
console.log('aliases:', qs.decode === qs.parse, qs.encode === qs.stringify);

// Libraries replace escape/unescape; parse and stringify follow.
const { escape, unescape } = qs;
qs.escape = (s) => `E(${s})`;
qs.unescape = (s) => `U(${s})`;
stringify({ a: 'b c', n: 1 });
parse('a=%41+b&c=d');
qs.escape = escape;
qs.unescape = unescape;
stringify({ a: 'b c' });
