// Legacy url.parse: hand-picked inputs for each quirk of Node's lenient parser, then a
// deterministic batch built from the same pieces. Each line: the input, then the parsed fields
// without and with parseQueryString, and with slashesDenoteHost (or the error thrown).
const url = require('url');

const FIELDS = ['protocol', 'slashes', 'auth', 'host', 'port', 'hostname', 'hash', 'search',
  'query', 'pathname', 'path', 'href'];

function fields(u) {
  return FIELDS.map((k) => (u[k] !== null && typeof u[k] === 'object'
    ? [Object.getPrototypeOf(u[k]) === null ? 'null-proto' : 'object', { ...u[k] }] : u[k]));
}

function attempt(f) {
  try {
    return fields(f());
  } catch (e) {
    return `${e.name} ${e.code} ${e.message}`;
  }
}

const HAND_PICKED = [
  // The documented example and ordinary URLs.
  'https://user:pass@sub.example.com:8080/p/a/t/h?query=string#hash',
  'http://example.com', 'http://example.com/', 'HTTP://EXAMPLE.COM/A/B?C=D#E', 'http://x.com/a?b=c&b=d&e',
  'https://www.vendor.example/login?next=%2Fbills', 'ftp://ftp.example.org/pub/file.txt',
  'gopher://g.example/1', 'ws://socket.example/chat', 'wss://socket.example:443/', 'git+ssh://git@github.com:org/repo.git',
  // Paths only: the fast path, which escapes nothing.
  '/', '/a/b?c=d', '//a/b', '///a', '/a"b', "/a'b", '/a<b>', '/a b', '/a?b c', '/a#b', '?q=1', '?', '#', '#h', '',
  'a/b/c', 'a', '.', '..', '../a', './a', 'a?b', 'a#b', '/p/a/t/h?x=1&y=%20&z', '/a\\b', '\\\\server\\share',
  // Whitespace and backslashes.
  '  http://a.com/ ', '\t\nhttp://a.com/x\r\n', '\u00a0http://a.com/\ufeff', '\u2028http://a.com/', '\u3000/x',
  '\x01http://a.com/\x0b', 'http://a.com/ b\\c?d\\e#f g', 'http:\\\\a.com\\b\\c', 'http://a.com\\b?c\\d#e\\f',
  'http://a.com/p\tq?r\ns#t\ru', 'ht\ttp://a.com/', 'http://a\t.com/', 'http://u\n@a.com/', 'http:\t//a.com',
  'http://a.com/p\x01q', 'http://a.com/p\x7fq', 'http://a.com/\u2028', 'http://a.com/p\u00a0q',
  // Protocols: slashed, hostless, unknown, upper case, without slashes.
  'javascript:alert(1)', 'JavaScript:a b', 'javascript://x/y z', 'javascript:/x', 'mailto:a@b.com', 'mailto:a@b.com?subject=hi',
  'MAILTO:A@B.COM', 'xmpp:u@h/r', 'urn:isbn:0451450523', 'data:text/plain,hello world', 'tel:+1-555', 'news:comp.lang',
  'http:x', 'http:/x', 'HTTP:x', 'Http:/x', 'file:x', 'file:/x', 'file:///etc/passwd', 'file://host/share', 'file:///C:/dir',
  'FILE:///X', 'foo://a/b', 'foo:a/b', 'a+b.c-d://h/p', '1a://h', 'x:', 'http:', 'http://', 'http:///x', 'https:////x',
  // Auth.
  'http://user@host/', 'http://user:@host/', 'http://:pw@host/', 'http://@host/', 'http://a@b@c/', 'http://a:b@c:d@e/',
  'http://a%40b@c/', 'http://a%3Ab@c/', 'http://a b@c/', 'http://%zz@c/', 'http://%C3%A9@c/', 'http://u@/', 'http://@/',
  'http://a@b/c@d', 'http://a"b@c/', '//u@h/p', '//u:p@h', 'http://u\x01@h/', 'http://é@h/',
  // Hosts: case, IDNA, lengths, invalid characters, ports.
  'http://Ex.AMPLE.com/', 'http://ñ.com/', 'http://ÄÖ.com/', 'http://straße.de/', 'http://STRASSE.de/', 'http://ẞ.de/',
  'http://😀.com/', 'http://xn--ida.com/', 'http://XN--IDA.COM/', 'http://xn--a.com/', 'http://a½b/', 'http://afb.com/',
  'http://a\u00adb.com/', 'http://ab\u200b.com/', 'http://a．b。c/', 'http://a！b/', 'http://a％b/', 'http://a／b/',
  'http://\u00a0x/', 'http://a..b/', 'http://.a/', 'http://a./', 'http://-x-.com/', 'http://a_b.com/', 'http://0x7f.1/',
  'http://127.0.0.1:8080/', 'http://2130706433/', 'http://1.2.3.4.5/', `http://${'a'.repeat(63)}.com/`,
  `http://${'a'.repeat(64)}.com/`, `http://${'a'.repeat(255)}/`, `http://${'a'.repeat(256)}/`,
  'http://a b/', 'http://a%b/', 'http://a%41/', 'http://a<b/', 'http://a>b/', 'http://a^b/', 'http://a|b/', 'http://a"b/',
  "http://a'b/", 'http://a;b/', 'http://a{b}/', 'http://a`b/', 'http://a[b/', 'http://a]b/', 'http://a!$&()*+,=~b/',
  'http://a\x01b/', 'http://a\x7fb/', 'http://a\0b/', 'http://A.com:/x', 'http://a.com:', 'http://:80/', 'http://a:1:2/',
  'http://a:x/', 'foo://a:x/', 'http://a:80x/', 'http://a.com:99999/', 'http://a.com:0/', 'http://a.com:008/',
  'http://a.com?x', 'http://a.com#x', 'http://a.com?#', 'http://a.com/?#', 'http://a.com#?', 'http://a.com/p?q#h?i#j',
  // IPv6.
  'http://[::1]/', 'http://[::1]:3000/x', 'http://[::1]', 'http://[::1]?q', 'http://[::FFFF:1.2.3.4]/', 'http://[fe80::1]:8/p',
  'http://[::1/', 'http://[::1]x/', 'http://[::1]:x/', 'http://[fe80::1%25eth0]/', 'http://[a b]/', 'http://[a!b]/',
  'http://[a[b]/', 'http://u:p@[::1]:8/a?b#c', '//[::1]/x',
  // Query and fragment forms.
  'http://a/?a=1&a=2&b', 'http://a/?a[]=1&a[]=2', 'http://a/?%zz=%41', 'http://a/?a=b=c', 'http://a/?=x&y=', 'http://a/?q=a+b%20c',
  'http://a/?__proto__=1&constructor=2', 'http://a/#a#b', 'http://a/#a?b', 'http://a/?#', 'http://a/??', 'http://a/?a#',
  'http://a/p#h\\i', 'http://a/p?q\\r', 'http://a/p#{}|^`',
];

let seed = 20240601;
function random(n) {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
}
const PIECES = ['http:', 'https:', 'HTTP:', 'file:', 'mailto:', 'javascript:', 'foo:', '//', '/', '\\', 'user', ':',
  'pw', '@', 'Example.COM', 'a.b', 'ñ', '[::1]', ':80', ':x', '.', '..', '../', 'a', 'b/', '?', '#', '?a=1&b=2', '%',
  '%20', ' ', '\t', '"', '<', '^', '|', ';', 'é', '\u00a0'];
const GENERATED = [];
for (let i = 0; i < 300; i++) {
  let input = '';
  for (let n = 1 + random(7); n > 0; n--) input += PIECES[random(PIECES.length)];
  GENERATED.push(input);
}

for (const input of [...HAND_PICKED, ...GENERATED]) {
  console.log(JSON.stringify([input, attempt(() => url.parse(input)),
    attempt(() => url.parse(input, true)), attempt(() => url.parse(input, false, true))]));
}

// What console.log shows: the class name, field order, nulls and the query's null prototype.
console.log(url.parse('http://user:pw@Example.COM:8080/p?q=1#h'));
console.log(url.parse('/a?x=1&x=2', true));
console.log(url.parse('mailto:a@b'));
const parsed = url.parse('http://a/');
console.log(parsed instanceof url.Url, Object.keys(parsed).join(), Object.keys(url.Url.prototype).join());
console.log(url.parse(parsed) === parsed, typeof url.Url, url.Url.name, url.parse.length);
console.log(JSON.stringify(new url.Url()));
for (const bad of [undefined, null, 5, {}, ['http://a/'], new URL('http://a/')]) {
  try {
    url.parse(bad);
  } catch (e) {
    console.log(e.name, e.code, e.message);
  }
}
