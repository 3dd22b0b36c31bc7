// WHATWG URL and URLSearchParams.
const u = new URL('https://user:pw@Example.COM:443/a/../b/./c?x=1&y=a+b#frag');
console.log(u.href, u.origin, u.protocol, u.username, u.password);
console.log(u.host, u.hostname, u.port, u.pathname, u.search, u.hash);
console.log(u.searchParams.get('y'), [...u.searchParams.keys()].join(','));
u.searchParams.append('z', 'é &=');
console.log(u.search, u.href);
u.pathname = '/new path';
u.port = '8443';
u.hash = '';
console.log(u.toString(), JSON.stringify({ u }));
console.log(new URL('../up?q', 'http://h.com/a/b/c').href);
console.log(new URL('HTTP://xn--nxasmq6b.com').hostname, new URL('http://ñ.com').hostname);
try { new URL('not a url'); } catch (e) { console.log(e.name, e.code, e.message); }
console.log(URL.canParse('http://x'), URL.canParse('x'));
const p = new URLSearchParams({ b: '2', a: '1 1', c: 'ü' });
p.sort();
console.log(p.toString(), p.size, p.has('a'), p.getAll('b'));
p.set('b', 'x'); p.delete('c');
console.log(String(p), [...p].length);
console.log(new URLSearchParams('?a=1&a=2&b=%20&c=%zz').getAll('a'), new URLSearchParams('b=%20').get('b'));
console.log(new URLSearchParams([['x', 'y']]).toString());
console.log(new URL('http://127.1/').hostname, new URL('http://0x7f.1/').hostname);
const url = require('url');
console.log(url.fileURLToPath('file:///tmp/a%20b.txt'), url.pathToFileURL('/tmp/a b#.txt').href);
