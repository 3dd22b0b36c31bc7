// Request built locally: URL and method handling, RequestInit members and their validation, bodies,
// building from another Request, clone, signal.
function describeError(err) {
  if (err === null || typeof err !== 'object') return `non-error ${String(err)}`;
  const cause = err.cause instanceof Error ? ` (cause ${err.cause.name})` : '';
  return `${err.name}: ${JSON.stringify(err.message)}${err.code ? ` [${err.code}]` : ''}${cause}`;
}

async function attempt(label, fn) {
  try {
    const value = await fn();
    console.log(`${label}: ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`);
  } catch (err) {
    console.log(`${label}: threw ${describeError(err)}`);
  }
}

const list = (headers) => JSON.stringify([...headers]);
const encode = (text) => new TextEncoder().encode(text);

async function main() {
  // --- defaults
  {
    const r = new Request('HTTPS://Example.COM:443/a/../b?q=1#frag');
    const fields = ['method', 'url', 'destination', 'referrer', 'referrerPolicy', 'mode', 'credentials', 'cache',
      'redirect', 'integrity', 'keepalive', 'isReloadNavigation', 'isHistoryNavigation', 'bodyUsed', 'duplex'];
    for (const field of fields) console.log(`default ${field}: ${JSON.stringify(r[field])}`);
    console.log('default body', r.body, 'headers', list(r.headers), 'signal', r.signal instanceof AbortSignal, r.signal.aborted);
  }

  // --- URL
  await attempt('URL object', () => new Request(new URL('http://host/p?x=\u00e9')).url);
  await attempt('stringifiable', () => new Request({ toString: () => 'http://str/' }).url);
  await attempt('relative', () => new Request('/relative'));
  await attempt('invalid', () => new Request('http://'));
  await attempt('credentials in URL', () => new Request('http://user:pass@host/'));
  await attempt('no arguments', () => new Request());
  await attempt('number input', () => new Request(5));
  await attempt('data URL', () => new Request('data:,hi').url);

  // --- methods
  for (const method of ['get', 'post', 'put', 'delete', 'head', 'options', 'Patch', 'propfind', 'X-Custom']) {
    await attempt(`method ${method}`, () => new Request('http://host/', { method }).method);
  }
  for (const method of ['CONNECT', 'trace', 'Track', 'bad method', '', 'm\u00e9thode']) {
    await attempt(`method ${JSON.stringify(method)}`, () => new Request('http://host/', { method }));
  }

  // --- RequestInit members
  await attempt('mode same-origin', () => new Request('http://host/', { mode: 'same-origin' }).mode);
  await attempt('mode navigate', () => new Request('http://host/', { mode: 'navigate' }));
  await attempt('mode invalid', () => new Request('http://host/', { mode: 'sideways' }));
  await attempt('credentials include', () => new Request('http://host/', { credentials: 'include' }).credentials);
  await attempt('credentials invalid', () => new Request('http://host/', { credentials: 'all' }));
  await attempt('cache no-store', () => new Request('http://host/', { cache: 'no-store' }).cache);
  await attempt('cache only-if-cached', () => new Request('http://host/', { cache: 'only-if-cached' }));
  await attempt('cache only-if-cached same-origin', () => new Request('http://host/', { cache: 'only-if-cached', mode: 'same-origin' }).cache);
  await attempt('redirect manual', () => new Request('http://host/', { redirect: 'manual' }).redirect);
  await attempt('redirect invalid', () => new Request('http://host/', { redirect: 'never' }));
  await attempt('referrer empty', () => new Request('http://host/', { referrer: '' }).referrer);
  await attempt('referrer about:client', () => new Request('http://host/', { referrer: 'about:client' }).referrer);
  await attempt('referrer absolute', () => new Request('http://host/', { referrer: 'http://other/page' }).referrer);
  await attempt('referrer relative', () => new Request('http://host/', { referrer: 'page' }));
  await attempt('referrerPolicy', () => new Request('http://host/', { referrerPolicy: 'no-referrer' }).referrerPolicy);
  await attempt('referrerPolicy invalid', () => new Request('http://host/', { referrerPolicy: 'never' }));
  await attempt('integrity', () => new Request('http://host/', { integrity: 'sha256-abc' }).integrity);
  await attempt('keepalive', () => new Request('http://host/', { keepalive: 1 }).keepalive);
  await attempt('window null', () => new Request('http://host/', { window: null }).url);
  await attempt('window object', () => new Request('http://host/', { window: {} }));
  await attempt('duplex invalid', () => new Request('http://host/', { duplex: 'full' }));
  await attempt('init number', () => new Request('http://host/', 5));
  await attempt('init null', () => new Request('http://host/', null).method);
  await attempt('headers', () => list(new Request('http://host/', { headers: { 'X-B': '2', 'x-a': '1' } }).headers));
  await attempt('headers mutable', () => {
    const r = new Request('http://host/');
    r.headers.append('x-late', 'yes');
    return r.headers.get('x-late');
  });
  await attempt('headers invalid', () => new Request('http://host/', { headers: [['bad name', 'v']] }));

  // --- bodies
  await attempt('GET with body', () => new Request('http://host/', { body: 'x' }));
  await attempt('HEAD with body', () => new Request('http://host/', { method: 'HEAD', body: 'x' }));
  await attempt('GET with null body', () => String(new Request('http://host/', { body: null }).body));
  await attempt('POST text', async () => {
    const r = new Request('http://host/', { method: 'POST', body: 'payload' });
    return `${r.headers.get('content-type')} ${Object.prototype.toString.call(r.body)} ${await r.text()} ${r.bodyUsed}`;
  });
  await attempt('POST json', async () => JSON.stringify(await new Request('http://host/', { method: 'POST', body: '{"k":[1]}' }).json()));
  await attempt('POST URLSearchParams', async () => {
    const r = new Request('http://host/', { method: 'POST', body: new URLSearchParams('a=1&b=2') });
    return `${r.headers.get('content-type')} ${await r.text()}`;
  });
  await attempt('POST blob', async () => {
    const r = new Request('http://host/', { method: 'POST', body: new Blob(['b'], { type: 'image/png' }) });
    const blob = await r.blob();
    return `${r.headers.get('content-type')} ${blob.type} ${blob.size}`;
  });
  await attempt('POST formData', async () => {
    const fd = new FormData();
    fd.append('a', '1');
    const r = new Request('http://host/', { method: 'POST', body: fd });
    const back = await r.formData();
    return `${r.headers.get('content-type').replace(/\d{11}$/, '<digits>')} ${JSON.stringify([...back])}`;
  });
  await attempt('POST bytes', async () => [...new Uint8Array(await new Request('http://host/', { method: 'POST', body: encode('hi') }).arrayBuffer())].join());
  await attempt('stream without duplex', () => new Request('http://host/', { method: 'POST', body: new ReadableStream() }));
  await attempt('stream with duplex', async () => {
    const body = new ReadableStream({ start(c) { c.enqueue(encode('streamed')); c.close(); } });
    const r = new Request('http://host/', { method: 'POST', body, duplex: 'half' });
    return `${r.headers.get('content-type')} ${r.body === body} ${await r.text()}`;
  });
  await attempt('locked stream', () => {
    const body = new ReadableStream();
    body.getReader();
    return new Request('http://host/', { method: 'POST', body, duplex: 'half' });
  });
  await attempt('content-type kept', () => new Request('http://host/', { method: 'POST', body: 'x', headers: { 'content-type': 'text/csv' } }).headers.get('content-type'));

  // --- from another Request
  {
    const ac = new AbortController();
    const original = new Request('http://host/orig', {
      method: 'PUT', body: 'original body', headers: { 'x-orig': '1' }, redirect: 'manual', signal: ac.signal,
    });
    const copy = new Request(original);
    console.log('copy fields', copy.method, copy.url, copy.redirect, copy.headers.get('x-orig'), copy.headers.get('content-type'));
    console.log('copy took the body', original.bodyUsed, copy.bodyUsed);
    console.log('copy body', await copy.text());
    console.log('copy signal follows', copy.signal !== ac.signal, copy.signal.aborted);
    ac.abort('stop');
    console.log('copy signal aborted', copy.signal.aborted, copy.signal.reason, original.signal.reason);
  }
  await attempt('from used Request', async () => {
    const used = new Request('http://host/', { method: 'POST', body: 'x' });
    await used.text();
    return new Request(used);
  });
  await attempt('from used Request, new body', async () => {
    const used = new Request('http://host/', { method: 'POST', body: 'x' });
    await used.text();
    return new Request(used, { body: 'fresh' }).text();
  });
  await attempt('override body keeps original', async () => {
    const original = new Request('http://host/', { method: 'POST', body: 'kept' });
    const copy = new Request(original, { body: 'replaced' });
    return `${await copy.text()} ${original.bodyUsed} ${await original.text()}`;
  });
  await attempt('override method to GET', () => new Request(new Request('http://host/', { method: 'POST', body: 'x' }), { method: 'GET' }));
  await attempt('override headers', () => list(new Request(new Request('http://host/', { headers: { a: '1' } }), { headers: { b: '2' } }).headers));
  await attempt('override url is not possible', () => new Request(new Request('http://host/a'), { url: 'http://other/' }).url);

  // --- clone
  {
    const r = new Request('http://host/', { method: 'POST', body: 'twice', headers: { h: 'v' } });
    const c = r.clone();
    console.log('clone', c.method, c.url, c.headers.get('h'), c.headers !== r.headers, await c.text(), await r.text());
  }
  await attempt('clone used', async () => {
    const r = new Request('http://host/', { method: 'POST', body: 'x' });
    await r.text();
    return r.clone();
  });
  {
    const ac = new AbortController();
    const r = new Request('http://host/', { signal: ac.signal });
    const c = r.clone();
    ac.abort();
    console.log('clone signal', c.signal !== r.signal, c.signal.aborted, c.signal.reason.name);
  }

  // --- signal
  await attempt('signal already aborted', () => {
    const r = new Request('http://host/', { signal: AbortSignal.abort('early') });
    return `${r.signal.aborted} ${r.signal.reason}`;
  });
  await attempt('signal invalid', () => new Request('http://host/', { signal: {} }));
  await attempt('signal null', () => new Request('http://host/', { signal: null }).signal.aborted);

  // --- shape
  console.log('tag', Object.prototype.toString.call(new Request('http://host/')));
  console.log('prototype', Object.keys(Request.prototype).filter((key) => key !== 'bytes' && key !== 'attribute').join());
  await attempt('foreign this', () => Object.getOwnPropertyDescriptor(Request.prototype, 'url').get.call({}));
  await attempt('foreign this json', () => Request.prototype.json.call({}));
}

main();
