// Legacy url.format: strings (parsed, then formatted), Url-shaped objects field by field,
// WHATWG URLs with { auth, fragment, search, unicode }, and the argument errors.
const url = require('url');

function attempt(f) {
  try {
    return f();
  } catch (e) {
    return `${e.name} ${e.code} ${e.message}`;
  }
}

const STRINGS = ['http://user:pass@Host.com:8080/p/a/t/h?query=string#hash', 'HTTP://A B/c d', 'http://a/p?q#h',
  '/a/b?c', 'mailto:a@b.com', 'javascript:alert(1)', 'file:///x', '//h/p', 'http://[::1]:80/', 'http://ñ.com/é?é#é',
  'http://a@b@c/', 'x:y', '', '?', '#', 'http://a.com:/'];
for (const s of STRINGS) console.log(JSON.stringify([s, attempt(() => url.format(s))]));

// Every combination of a few values per field, in a fixed order.
const VALUES = {
  protocol: [undefined, 'http', 'https:', 'file', 'file:', 'mailto', 'FILE:', 'x:'],
  slashes: [undefined, true, false],
  auth: [undefined, '', 'u', 'u:p', 'a b@c:d!*()~\'é'],
  host: [undefined, '', 'h.com', 'h:8', '[::1]:3'],
  hostname: [undefined, 'h.com', '::1', '[::1]', 'a:b'],
  port: [undefined, '8', 80, 0],
  pathname: [undefined, '', '/', 'a', '/a#b?c', '//x'],
  search: [undefined, '', '?', '?a=1', 'a=1', '?a#b'],
  query: [undefined, null, 'x=1', {}, { a: '1', b: ['2', '3'], 'é': ' ' }],
  hash: [undefined, '', '#', 'h', '#h'],
};
let seed = 7;
function random(n) {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
}
for (let i = 0; i < 400; i++) {
  const object = {};
  for (const [key, values] of Object.entries(VALUES)) {
    const value = values[random(values.length)];
    if (value !== undefined) object[key] = value;
  }
  console.log(JSON.stringify([object, attempt(() => url.format(object))]));
}
console.log(url.format({ protocol: 'http', host: 'a', pathname: 'b' }), url.format({ href: 'http://a/b', protocol: 'http:' }));
console.log(url.format({ host: 0, hostname: 'h', port: 0 }), url.format({ pathname: 5 }), url.format(Object.create(null)));
console.log(url.format([]), url.format({ query: 'a=b' }), url.format({ query: { a: [1, 2] }, search: '' }));
console.log(attempt(() => url.format({ auth: '\ud800', host: 'a' })));
const parsed = url.parse('http://u@h/p?q#f');
parsed.search = null;
parsed.query = { z: 'x y' };
console.log(parsed.format(), url.format(parsed));

const WHATWG = ['http://u:p@xn--ida.com:8/a?b#c', 'https://ñ.com/', 'file:///x', 'http://[::1]/', 'mailto:a@b',
  'http://1.2.3.4/?q', 'https://xn--e28h.example/p#f', 'http://u@h/'];
const OPTIONS = [undefined, null, {}, { unicode: true }, { auth: false }, { search: 0 }, { fragment: '' },
  { fragment: null }, { auth: false, search: false, fragment: false, unicode: 1 }, false, 0, '', [], 'x', 5, true];
for (const href of WHATWG) {
  console.log(JSON.stringify([href, ...OPTIONS.map((o) => attempt(() => url.format(new URL(href), o)))]));
}
for (const bad of [undefined, null, 5, true, Symbol.iterator === undefined]) {
  console.log(attempt(() => url.format(bad)));
}
