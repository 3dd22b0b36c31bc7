// Response built locally: BodyInit conversions, the body mixin (text/json/arrayBuffer/blob/formData,
// body, bodyUsed), clone, Response.json/error/redirect, and their errors.
function describeError(err) {
  if (err === null || typeof err !== 'object') return `non-error ${String(err)}`;
  return `${err.name}: ${JSON.stringify(err.message)}${err.code ? ` [${err.code}]` : ''}`;
}

async function attempt(label, fn) {
  try {
    const value = await fn();
    console.log(`${label}: ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`);
  } catch (err) {
    console.log(`${label}: threw ${describeError(err)}`);
  }
}

const bytes = (...values) => new Uint8Array(values);
const encode = (text) => new TextEncoder().encode(text);
const list = (headers) => JSON.stringify([...headers]);
// The multipart boundary is random: keep its shape, drop the digits.
const normalize = (text) => text.replace(/----formdata-undici-0\d{11}/g, '----formdata-undici-0<digits>');
const streamOf = (...chunks) => new ReadableStream({
  start(controller) {
    for (const chunk of chunks) controller.enqueue(chunk);
    controller.close();
  },
});

async function main() {
  // --- defaults
  {
    const r = new Response();
    console.log('defaults', r.status, JSON.stringify(r.statusText), r.ok, r.type, JSON.stringify(r.url),
      r.redirected, r.body, r.bodyUsed, list(r.headers));
    console.log('empty text', JSON.stringify(await r.text()), r.bodyUsed);
    console.log('empty again', JSON.stringify(await r.text()));
  }

  // --- BodyInit conversions: text and implied Content-Type
  const inits = [
    ['string', () => 'h\u00e9llo \ud83d\ude00'],
    ['lone surrogate', () => 'a\ud800b'],
    ['URLSearchParams', () => new URLSearchParams({ q: 'a b', r: '\u00e9&' })],
    ['ArrayBuffer', () => encode('buffer').buffer],
    ['Uint8Array', () => encode('typed')],
    ['subarray', () => encode('0123456789').subarray(3, 6)],
    ['Uint16Array', () => new Uint16Array([0x6968])],
    ['DataView', () => new DataView(encode('dataview').buffer, 4)],
    ['Blob typed', () => new Blob(['blob ', 'parts'], { type: 'Text/Markdown' })],
    ['Blob untyped', () => new Blob(['raw'])],
    ['ReadableStream', () => streamOf(encode('str'), encode('eam'))],
    ['async iterable', () => (async function* () { yield encode('gen'); yield 'erated'; })()],
    ['number', () => 42],
    ['object', () => ({ toString: () => 'custom' })],
    ['array', () => [1, 2]],
    ['null', () => null],
    ['undefined', () => undefined],
  ];
  for (const [label, make] of inits) {
    await attempt(`body ${label}`, async () => {
      const r = new Response(make());
      return `type=${r.headers.get('content-type')} text=${JSON.stringify(await r.text())}`;
    });
  }
  await attempt('body FormData', async () => {
    const fd = new FormData();
    fd.append('field', 'value\nline');
    fd.append('file', new Blob(['content'], { type: 'text/plain' }), 'a.txt');
    const r = new Response(fd);
    return normalize(`type=${r.headers.get('content-type')} text=${JSON.stringify(await r.text())}`);
  });
  await attempt('body symbol', () => new Response(Symbol('s')));
  await attempt('explicit content-type kept', () => new Response('x', { headers: { 'Content-Type': 'a/b' } }).headers.get('content-type'));
  await attempt('bytes are copied', async () => {
    const source = encode('AB');
    const r = new Response(source);
    source[0] = 0x5a;
    return r.text();
  });

  // --- reading
  await attempt('json', async () => JSON.stringify(await new Response('{"a":[1,{"b":null}]}').json()));
  await attempt('json with BOM', async () => JSON.stringify(await new Response(bytes(0xef, 0xbb, 0xbf, 0x31)).json()));
  await attempt('json invalid', () => new Response('{"a":').json().then(() => 'parsed', (err) => err.name));
  await attempt('text invalid utf-8', async () => JSON.stringify(await new Response(bytes(0x61, 0xff, 0xc3)).text()));
  await attempt('text BOM dropped', async () => JSON.stringify(await new Response(bytes(0xef, 0xbb, 0xbf, 0x68, 0x69)).text()));
  await attempt('text ignores charset', async () => JSON.stringify(await new Response(bytes(0xe9), { headers: { 'content-type': 'text/plain; charset=latin1' } }).text()));
  await attempt('arrayBuffer', async () => {
    const ab = await new Response('abc').arrayBuffer();
    return `${Object.prototype.toString.call(ab)} ${ab.byteLength} ${[...new Uint8Array(ab)]}`;
  });
  await attempt('arrayBuffer from stream', async () => {
    const ab = await new Response(streamOf(bytes(1, 2), bytes(3))).arrayBuffer();
    return [...new Uint8Array(ab)].join();
  });
  await attempt('blob', async () => {
    const blob = await new Response('blob!', { headers: { 'content-type': 'Text/HTML ; Charset="UTF-8" ; x=y' } }).blob();
    return `${Object.prototype.toString.call(blob)} ${blob.size} ${JSON.stringify(blob.type)} ${await blob.text()}`;
  });
  await attempt('blob no type', async () => JSON.stringify((await new Response(bytes(1)).blob()).type));
  await attempt('blob bad type', async () => JSON.stringify((await new Response('x', { headers: { 'content-type': 'nonsense' } }).blob()).type));
  await attempt('blob repeated type', async () => JSON.stringify((await new Response('x', { headers: [['content-type', 'text/html;charset=gbk'], ['content-type', 'text/html']] }).blob()).type));
  await attempt('blob last type wins', async () => JSON.stringify((await new Response('x', { headers: [['content-type', 'text/html'], ['content-type', 'text/plain']] }).blob()).type));
  await attempt('stream of strings', () => new Response(streamOf('not bytes')).text());
  await attempt('erroring stream', () => new Response(new ReadableStream({ start(c) { c.error(new RangeError('source failed')); } })).text());

  // --- body and bodyUsed
  {
    const r = new Response('chunky');
    console.log('body tag', Object.prototype.toString.call(r.body), r.body === r.body, r.body instanceof ReadableStream);
    const reader = r.body.getReader();
    console.log('locked not used', r.bodyUsed, r.body.locked);
    const first = await reader.read();
    console.log('read chunk', Object.prototype.toString.call(first.value), new TextDecoder().decode(first.value), first.done);
    console.log('used after read', r.bodyUsed);
    console.log('end', JSON.stringify(await reader.read()));
    await attempt('text after read', () => r.text());
  }
  {
    const r = new Response('x');
    r.body.getReader();
    await attempt('text while locked', () => r.text());
  }
  {
    const r = new Response('released');
    r.body.getReader().releaseLock();
    await attempt('text after releaseLock', () => r.text());
  }
  {
    const r = new Response('once');
    await r.text();
    console.log('used', r.bodyUsed, 'body still there', r.body !== null, 'locked', r.body.locked);
    for (const method of ['text', 'json', 'arrayBuffer', 'blob', 'formData']) await attempt(`second ${method}`, () => r[method]());
  }
  {
    const r = new Response('cancelled');
    await r.body.cancel();
    console.log('used after cancel', r.bodyUsed);
  }
  {
    const r = new Response('for await');
    const pieces = [];
    for await (const chunk of r.body) pieces.push(new TextDecoder().decode(chunk));
    console.log('for await body', JSON.stringify(pieces), r.bodyUsed);
  }

  // --- clone
  {
    const r = new Response('shared', { status: 201, statusText: 'Made', headers: { 'x-a': '1' } });
    const c = r.clone();
    console.log('clone fields', c.status, c.statusText, c.headers.get('x-a'), c.headers !== r.headers, c.type);
    console.log('clone texts', await c.text(), await r.text(), c.bodyUsed, r.bodyUsed);
  }
  {
    const r = new Response(streamOf(encode('te'), encode('e')));
    const c = r.clone();
    console.log('clone stream', await r.text(), await c.text());
  }
  {
    const r = new Response('x');
    const c = r.clone();
    c.headers.set('x-only-clone', '1');
    console.log('clone headers independent', r.headers.has('x-only-clone'));
  }
  await attempt('clone after use', async () => {
    const r = new Response('x');
    await r.text();
    return r.clone();
  });
  await attempt('clone while locked', () => {
    const r = new Response('x');
    r.body.getReader();
    return r.clone();
  });
  await attempt('clone null body', () => String(new Response(null).clone().body));

  // --- formData()
  const form = (body, type) => new Response(body, { headers: { 'content-type': type } }).formData();
  const showForm = async (fd) => {
    const out = [];
    for (const [name, value] of fd) {
      out.push(typeof value === 'string' ? [name, value]
        : [name, Object.prototype.toString.call(value), value.name, value.type, value.size, await value.text()]);
    }
    return JSON.stringify(out);
  };
  await attempt('formData urlencoded', async () => showForm(await form('a=1&b=x+y%21&a=%C3%A9&&c', 'application/x-www-form-urlencoded')));
  await attempt('formData urlencoded charset', async () => showForm(await form('k=v', 'application/x-www-form-urlencoded; charset=UTF-8')));
  await attempt('formData multipart', async () => showForm(await form(
    '--XYZ\r\nContent-Disposition: form-data; name="t"\r\n\r\nline1\r\nline2\r\n' +
    '--XYZ\r\nContent-Disposition: form-data; name="f"; filename="n.txt"\r\nContent-Type: text/x-thing\r\n\r\nfile data\r\n' +
    '--XYZ\r\nContent-Disposition: form-data; name="untyped"; filename="u.bin"\r\n\r\n\r\n' +
    '--XYZ\r\nContent-Disposition: form-data; name="a%22b"\r\n\r\n\u00e9\r\n' +
    '--XYZ--\r\n', 'multipart/form-data; boundary=XYZ')));
  await attempt('formData quoted boundary', async () => showForm(await form(
    '--a b\r\nContent-Disposition: form-data; name="k"\r\n\r\nv\r\n--a b--', 'multipart/form-data; boundary="a b"')));
  await attempt('formData round trip', async () => {
    const fd = new FormData();
    fd.append('text', 'v\r\nw');
    fd.append('blob', new Blob([bytes(0, 255, 10)], { type: 'application/x-bin' }), 'b.bin');
    fd.append('name "quoted"', 'q');
    return showForm(await new Response(fd).formData());
  });
  await attempt('formData empty multipart', async () => showForm(await form('--B--\r\n', 'multipart/form-data; boundary=B')));
  await attempt('formData no boundary', () => form('--B--\r\n', 'multipart/form-data'));
  await attempt('formData unterminated', () => form('--B\r\nContent-Disposition: form-data; name="a"\r\n\r\nx', 'multipart/form-data; boundary=B'));
  await attempt('formData no name', () => form('--B\r\nContent-Disposition: form-data\r\n\r\nx\r\n--B--', 'multipart/form-data; boundary=B'));
  await attempt('formData wrong type', () => form('a=1', 'text/plain'));
  await attempt('formData no type', () => new Response('a=1').formData().catch((err) => `${describeError(err)}`));
  await attempt('formData consumes on error', async () => {
    const r = new Response('a=1', { headers: { 'content-type': 'text/plain' } });
    await r.formData().catch(() => {});
    return r.bodyUsed;
  });

  // --- status, statusText, headers
  await attempt('status 201', () => new Response('x', { status: 201 }).status);
  await attempt('status string', () => new Response('x', { status: '202' }).status);
  await attempt('status fraction', () => new Response('x', { status: 203.9 }).status);
  await attempt('status 599 ok', () => { const r = new Response(null, { status: 599 }); return `${r.status} ${r.ok}`; });
  await attempt('ok range', () => [200, 299, 300, 404].map((status) => new Response(null, { status }).ok).join());
  await attempt('status 199', () => new Response('x', { status: 199 }));
  await attempt('status 600', () => new Response('x', { status: 600 }));
  await attempt('status NaN', () => new Response('x', { status: NaN }));
  await attempt('status 101', () => new Response(null, { status: 101 }));
  for (const status of [204, 205, 304]) {
    await attempt(`status ${status} with body`, () => new Response('', { status }));
    await attempt(`status ${status} null body`, () => new Response(null, { status }).status);
  }
  await attempt('statusText', () => new Response('x', { statusText: 'All \u00e9 good' }).statusText);
  await attempt('statusText newline', () => new Response('x', { statusText: 'a\nb' }));
  await attempt('statusText non-latin1', () => new Response('x', { statusText: '\u20ac' }));
  await attempt('headers array', () => list(new Response('x', { headers: [['X-One', '1']] }).headers));
  await attempt('headers invalid', () => new Response('x', { headers: 5 }));
  await attempt('init number', () => new Response('x', 5));
  await attempt('init null', () => new Response('x', null).status);

  // --- static methods
  {
    const r = Response.json({ a: 1, b: [true, null] }, { status: 202, headers: { 'x-extra': 'e' } });
    console.log('json static', r.status, r.type, list(r.headers), await r.text());
    console.log('json keeps content-type', Response.json('s', { headers: { 'Content-Type': 'application/vnd+json' } }).headers.get('content-type'));
    console.log('json string', await Response.json('text').text(), await Response.json(null).text());
  }
  await attempt('json undefined', () => Response.json(undefined));
  await attempt('json function', () => Response.json(() => {}));
  await attempt('json no args', () => Response.json());
  await attempt('json bad status', () => Response.json(1, { status: 100 }));
  {
    const r = Response.error();
    console.log('error', r.type, r.status, JSON.stringify(r.statusText), r.ok, r.body, r.url === '', list(r.headers));
  }
  {
    const r = Response.redirect('http://example.com/a b?c=\u00e9', 307);
    console.log('redirect', r.type, r.status, r.headers.get('location'), r.body, JSON.stringify(r.url));
    console.log('redirect default status', Response.redirect(new URL('https://example.org/')).status);
  }
  await attempt('redirect relative', () => Response.redirect('/relative'));
  await attempt('redirect bad status', () => Response.redirect('http://example.com/', 200));
  await attempt('redirect no args', () => Response.redirect());

  // --- shape
  console.log('tag', Object.prototype.toString.call(new Response()));
  // bytes() is left out: Node 20 only has it from 20.16 on, and kvm follows the earlier surface.
  console.log('prototype', Object.keys(Response.prototype).filter((key) => key !== 'bytes').join());
  console.log('statics', ['error', 'json', 'redirect'].map((name) => typeof Response[name]).join());
  await attempt('foreign this getter', () => Object.getOwnPropertyDescriptor(Response.prototype, 'status').get.call({}));
  await attempt('foreign this text', () => Response.prototype.text.call({}));
}

main();
