// Legacy url.resolve and resolveObject: RFC 3986's examples and Node's own answers for
// protocols without slashes, hosts, dot segments, auth and queries, over several bases.
const url = require('url');

function attempt(f) {
  try {
    return f();
  } catch (e) {
    return `${e.name} ${e.code} ${e.message}`;
  }
}

const BASES = ['http://a/b/c/d;p?q', 'http://u:p@a.com:8/b/c?q#f', 'https://a/', 'http://a', 'http://a/b/',
  'file:///etc/x', 'mailto:u@h.com', 'mailto:u@h.com/x/y', 'urn:a:b', 'javascript:void(0)', '/a/b', 'a/b', '', '//h/p/q',
  'ftp://f/x/y', 'http://[::1]:3/a/b', 'foo://h/p', 'foo:p/q', 'http://a/b/c/', '?x', '#y', '../a'];
const RELATIVES = ['g:h', 'g', './g', 'g/', '/g', '//g', '?y', 'g?y', '#s', 'g#s', 'g?y#s', ';x', 'g;x', '', '.', './',
  '..', '../', '../g', '../..', '../../', '../../g', '../../../g', '../../../../g', '/./g', '/../g', 'g.', '.g', 'g..',
  '..g', './../g', './g/.', 'g/./h', 'g/../h', 'g;x=1/./y', 'g;x=1/../y', 'g?y/./x', 'g#s/../x', 'http:g', 'http:',
  'https:g', 'https://x/y', 'ftp:z', 'file:z', 'file:/z', 'mailto:m@n', 'javascript:x', 'HTTP://X/Y', '//u@v/w',
  'a/b/../../..', '/a/b/../../..', '.../x', 'x/..', 'x/../', '#', '?', '//', '///x', 'u@h', 'http://a/b\\c d',
  '\\x', '  /sp ', 'http:/p', 'foo:bar', 'foo://h2/p2'];

for (const base of BASES) {
  // One line per base: every relative's answer, in order.
  console.log(JSON.stringify([base, RELATIVES.map((rel) => attempt(() => url.resolve(base, rel)))]));
}

// Whole objects for some pairs: which fields each step keeps, drops or nulls.
const PAIRS = [['http://u:p@a.com:8/b/c?q#f', '//x/y'], ['http://a/b', 'https:c'], ['mailto:u@h', 'x'],
  ['mailto:u@h', '?q'], ['http://a/b', '#h'], ['http://a/b', ''], ['http://a', '?q'], ['foo:a@b/c', '../d'],
  ['http://a/b/c', 'foo:x'], ['http://a/b/c', 'ftp://u@f/'], ['file:///a', 'file:b'], ['http://a/b?q', '/c'],
  ['urn:x', 'urn:y'], ['mailto:a@b/c', 'mailto:d'], ['http://a/b', '//'], ['http://a/b', 'http://']];
for (const [base, rel] of PAIRS) {
  console.log(JSON.stringify([base, rel, attempt(() => url.resolveObject(base, rel))]));
  console.log(JSON.stringify([base, rel, attempt(() => url.parse(base).resolveObject(url.parse(rel)))]));
}

// The methods on Url objects, and that they leave their receiver alone.
const base = url.parse('http://u@a.com/b/c?q#f');
const before = JSON.stringify(base);
console.log(base.resolve('../d'), base.resolve('//x'), base.format());
console.log(JSON.stringify(base.resolveObject('e?f')), JSON.stringify(base) === before);
console.log(url.resolveObject('', 'x'), url.resolveObject(null, 'y'), JSON.stringify(url.resolveObject('http://a/b', { pathname: 'c' })));
console.log(attempt(() => url.resolve(5, 'x')), attempt(() => url.resolve('http://a/', 5)));
