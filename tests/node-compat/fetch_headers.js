// Headers: case-insensitive names, combined values, set-cookie, sorted iteration, validation errors.
// Messages are JSON-quoted: some hold the invalid value, control characters included.
function describeError(err) {
  return `${err.name}: ${JSON.stringify(err.message)}${err.code ? ` [${err.code}]` : ''}`;
}

function attempt(label, fn) {
  try {
    const value = fn();
    console.log(`${label}: ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`);
  } catch (err) {
    console.log(`${label}: threw ${describeError(err)}`);
  }
}

const list = (headers) => JSON.stringify([...headers]);

// --- construction
attempt('from record', () => list(new Headers({ B: '2', a: '1', 'Content-Type': 'text/plain' })));
attempt('from pairs', () => list(new Headers([['x-b', '1'], ['X-A', '2'], ['x-b', '3']])));
attempt('from Headers', () => list(new Headers(new Headers([['set-cookie', 'a=1'], ['set-cookie', 'b=2'], ['k', 'v']]))));
attempt('from Map', () => list(new Headers(new Map([['m', '1']]))));
attempt('from undefined', () => list(new Headers(undefined)));
attempt('from getter record', () => list(new Headers({ get lazy() { return 'computed'; } })));
attempt('non-string values', () => list(new Headers({ n: 42, b: true, o: { toString: () => 'obj' } })));
attempt('pair of 1', () => new Headers([['a']]));
attempt('pair of 3', () => new Headers([['a', 'b', 'c']]));
attempt('string init', () => new Headers('a: b'));
attempt('number init', () => new Headers(5));
attempt('null init', () => new Headers(null));
attempt('bad name in record', () => new Headers({ 'a b': 'c' }));

// --- get/has/set/append/delete
{
  const h = new Headers();
  h.append('Accept', 'text/html');
  h.append('accept', 'application/json');
  h.append('X-Empty', '');
  h.set('Content-Type', 'a/b');
  h.set('content-type', 'c/d');
  console.log('get combined', JSON.stringify(h.get('ACCEPT')));
  console.log('get empty', JSON.stringify(h.get('x-empty')));
  console.log('get missing', h.get('nope'));
  console.log('has', h.has('content-TYPE'), h.has('nope'));
  console.log('after set', list(h));
  h.delete('ACCEPT');
  h.delete('not-there');
  console.log('after delete', list(h));
}
{
  const h = new Headers([['a', '1'], ['b', '2'], ['A', '3']]);
  h.set('a', 'x');
  console.log('set replaces all', list(h));
}
attempt('value trimmed', () => new Headers({ a: ' \t padded \r\n' }).get('a'));
attempt('inner tab kept', () => new Headers({ a: 'b\tc' }).get('a'));
attempt('latin1 value', () => new Headers({ a: 'caf\u00e9' }).get('a'));

// --- set-cookie
{
  const h = new Headers();
  h.append('Set-Cookie', 'a=1; Path=/');
  h.append('set-cookie', 'b=2, c=3');
  h.append('X-Other', 'o');
  console.log('getSetCookie', JSON.stringify(h.getSetCookie()));
  console.log('get set-cookie', JSON.stringify(h.get('set-cookie')));
  console.log('iteration', list(h));
  console.log('none', JSON.stringify(new Headers().getSetCookie()));
}

// --- iteration
{
  const h = new Headers({ 'Zeta': 'z', alpha: 'a', Beta: 'b' });
  console.log('keys', JSON.stringify([...h.keys()]));
  console.log('values', JSON.stringify([...h.values()]));
  console.log('entries', JSON.stringify([...h.entries()]));
  console.log('iterator is entries', Headers.prototype[Symbol.iterator] === Headers.prototype.entries);
  const it = h.keys();
  console.log('next', JSON.stringify(it.next()), JSON.stringify(it.next()), JSON.stringify(it.next()), JSON.stringify(it.next()));
  const seen = [];
  h.forEach(function (value, name, target) {
    seen.push(`${name}=${value}:${target === h}:${this}`);
  }, 'self');
  console.log('forEach', seen.join(' '));
}
{
  const h = new Headers({ a: '1', b: '2', c: '3' });
  const seen = [];
  for (const [name] of h) {
    seen.push(name);
    if (name === 'a') h.delete('b');
  }
  console.log('delete while iterating', seen.join());
  const h2 = new Headers({ a: '1', c: '3' });
  const seen2 = [];
  for (const [name] of h2) {
    seen2.push(name);
    if (name === 'a') h2.append('b', '2');
  }
  console.log('append while iterating', seen2.join());
}

// --- validation
attempt('append bad name', () => new Headers().append('bad name', 'v'));
attempt('append empty name', () => new Headers().append('', 'v'));
attempt('append non-token name', () => new Headers().append('caf\u00e9', 'v'));
attempt('append newline value', () => new Headers().append('a', 'b\nc'));
attempt('set CR value', () => new Headers().set('a', 'b\rc'));
attempt('append NUL value', () => new Headers().append('a', 'b\0c'));
attempt('non-latin1 value', () => new Headers().append('a', '\u20ac'));
attempt('get bad name', () => new Headers().get('a:b'));
attempt('has bad name', () => new Headers().has('(x)'));
attempt('delete bad name', () => new Headers().delete('x y'));
attempt('symbol value', () => new Headers().append('a', Symbol('s')));
attempt('append 1 arg', () => new Headers().append('a'));
attempt('append 0 args', () => new Headers().append());
attempt('set 1 arg', () => new Headers().set('a'));
attempt('get 0 args', () => new Headers().get());
attempt('forEach non-function', () => new Headers().forEach('nope'));
attempt('foreign this', () => Headers.prototype.get.call({}, 'a'));
attempt('iterator foreign this', () => new Headers().keys().next.call({}));

// --- shape
console.log('tags', Object.prototype.toString.call(new Headers()), Object.prototype.toString.call(new Headers().entries()));
console.log('prototype', Object.keys(Headers.prototype).join());
console.log('lengths', Headers.length, Headers.prototype.append.length, Headers.prototype.get.length, Headers.prototype.forEach.length);

// --- guards: a Response's headers
attempt('Response.error headers', () => Response.error().headers.set('a', 'b'));
attempt('Response.redirect headers', () => Response.redirect('http://example.com/').headers.append('a', 'b'));
attempt('new Response headers mutable', () => {
  const r = new Response('x');
  r.headers.set('X-Mine', 'yes');
  return list(r.headers);
});
