// Blob, File and FormData: construction, slicing, reading, entries, multipart serialisation.
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

const encode = (text) => new TextEncoder().encode(text);
const byteList = async (blob) => [...new Uint8Array(await blob.arrayBuffer())].join();
const describeBlob = async (blob) => `${Object.prototype.toString.call(blob)} size=${blob.size} type=${JSON.stringify(blob.type)} text=${JSON.stringify(await blob.text())}`;
// The multipart boundary is random: keep its shape, drop the digits.
const normalize = (text) => text.replace(/----formdata-undici-0\d{11}/g, '----formdata-undici-0<digits>');

async function main() {
  // --- Blob construction
  await attempt('empty', () => describeBlob(new Blob()));
  await attempt('parts', () => describeBlob(new Blob(['a', encode('b'), new Blob(['c']), encode('d').buffer, new DataView(encode('xe').buffer, 1), 5, null, { toString: () => 'f' }])));
  await attempt('iterable parts', () => describeBlob(new Blob(new Set(['s', 'e', 't']))));
  await attempt('unicode', () => describeBlob(new Blob(['\u00e9\ud83d\ude00'])));
  await attempt('lone surrogate', () => byteList(new Blob(['\ud800'])));
  await attempt('type lower-cased', () => new Blob([], { type: 'Text/HTML; Charset=UTF-8' }).type);
  await attempt('type non-ascii', () => JSON.stringify(new Blob([], { type: 't\u00e9xt/plain' }).type));
  await attempt('type control char', () => JSON.stringify(new Blob([], { type: 'a\u0001b' }).type));
  await attempt('endings native', async () => JSON.stringify(await new Blob(['a\r\nb\nc\rd'], { endings: 'native' }).text()));
  await attempt('endings transparent', async () => JSON.stringify(await new Blob(['a\r\nb'], { endings: 'transparent' }).text()));
  await attempt('endings invalid', () => new Blob([], { endings: 'windows' }));
  await attempt('string sources', () => new Blob('abc'));
  await attempt('null sources', () => new Blob(null));
  await attempt('object sources', () => new Blob({}));
  await attempt('number options', () => new Blob([], 5));
  await attempt('null options', () => new Blob(['x'], null).size);
  await attempt('copies buffers', async () => {
    const source = encode('AB');
    const blob = new Blob([source]);
    source[0] = 0x5a;
    return blob.text();
  });

  // --- slice
  {
    const blob = new Blob(['0123', '4567', '89'], { type: 'text/plain' });
    const cases = [[], [2], [2, 6], [-3], [-3, -1], [5, 2], [0, 100], [-100, 3], [3, 3]];
    for (const args of cases) {
      const part = blob.slice(...args);
      console.log(`slice(${args.join(', ')})`, JSON.stringify(await part.text()), part.size, JSON.stringify(part.type));
    }
    console.log('slice type', JSON.stringify(blob.slice(0, 1, 'A/B').type), JSON.stringify(blob.slice(0, 1, '\u00e9').type));
    console.log('slice of slice', await blob.slice(2, 9).slice(1, -1).text());
  }

  // --- reading
  await attempt('arrayBuffer', async () => {
    const ab = await new Blob(['ab', 'c']).arrayBuffer();
    return `${Object.prototype.toString.call(ab)} ${ab.byteLength}`;
  });
  await attempt('text invalid utf-8', async () => JSON.stringify(await new Blob([new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0xff])]).text()));
  await attempt('stream', async () => {
    const stream = new Blob(['str', 'eam']).stream();
    const chunks = [];
    for await (const chunk of stream) chunks.push(Object.prototype.toString.call(chunk), new TextDecoder().decode(chunk));
    return `${Object.prototype.toString.call(stream)} ${chunks.filter((_, i) => i % 2 === 1).join('')} ${chunks[0]}`;
  });
  await attempt('stream chunks are copies', async () => {
    const blob = new Blob(['xyz']);
    const { value } = await blob.stream().getReader().read();
    value.fill(0x21);
    return blob.text();
  });
  await attempt('foreign this size', () => Object.getOwnPropertyDescriptor(Blob.prototype, 'size').get.call({}));
  await attempt('foreign this text', () => Blob.prototype.text.call({}));
  console.log('blob tag', Object.prototype.toString.call(new Blob()));
  console.log('blob prototype', Object.keys(Blob.prototype).join());

  // --- File
  {
    const file = new File(['con', 'tent'], 'name.txt', { type: 'Text/Plain', lastModified: 1700000000000 });
    console.log('file', await describeBlob(file), file.name, file.lastModified, file instanceof Blob);
    const now = Date.now();
    const fresh = new File([], 'fresh');
    console.log('file default lastModified', Math.abs(fresh.lastModified - now) < 5000, fresh.size, JSON.stringify(fresh.type));
    console.log('file lastModified string', new File([], 'x', { lastModified: '42' }).lastModified);
    console.log('file lastModified NaN', new File([], 'x', { lastModified: 'soon' }).lastModified);
    console.log('file name coerced', new File([], 123).name, new File([], 'a/b:c').name);
    const part = file.slice(0, 3);
    console.log('file slice', Object.prototype.toString.call(part), part.name, await part.text());
    console.log('file from blob', await new File([new Blob(['inner'])], 'outer').text());
  }
  await attempt('file one argument', () => new File(['x']));
  await attempt('file no arguments', () => new File());
  console.log('file tag', Object.prototype.toString.call(new File([], 'f')));
  console.log('file prototype', Object.keys(File.prototype).join());

  // --- FormData entries
  {
    const fd = new FormData();
    fd.append('a', '1');
    fd.append('a', 2);
    fd.append('b', null);
    fd.append('c', { toString: () => 'obj' });
    console.log('get', fd.get('a'), 'getAll', JSON.stringify(fd.getAll('a')), 'has', fd.has('a'), fd.has('z'), 'missing', fd.get('z'));
    console.log('entries', JSON.stringify([...fd]));
    fd.set('a', 'only');
    console.log('after set', JSON.stringify([...fd]));
    fd.set('new', 'appended');
    fd.delete('b');
    console.log('after delete', JSON.stringify([...fd]));
    console.log('keys', JSON.stringify([...fd.keys()]), 'values', JSON.stringify([...fd.values()]));
    const seen = [];
    fd.forEach(function (value, name, target) {
      seen.push(`${name}=${value}:${target === fd}:${this}`);
    }, 'self');
    console.log('forEach', seen.join(' '));
  }
  {
    const fd = new FormData();
    fd.append('\ud800name', 'value\udc00');
    console.log('lone surrogates', JSON.stringify([...fd]));
  }
  {
    const fd = new FormData();
    fd.append('a', '1');
    fd.append('b', '2');
    fd.append('c', '3');
    const seen = [];
    for (const [name] of fd) {
      seen.push(name);
      if (name === 'a') fd.delete('b');
    }
    console.log('delete while iterating', seen.join());
  }

  // --- FormData files
  {
    const fd = new FormData();
    const blob = new Blob(['blob data'], { type: 'text/x-b' });
    const file = new File(['file data'], 'orig.txt', { type: 'text/x-f', lastModified: 1000 });
    fd.append('blob', blob);
    fd.append('named blob', blob, 'given.txt');
    fd.append('file', file);
    fd.append('renamed file', file, 'renamed.txt');
    for (const [name, value] of fd) {
      console.log('file entry', name, Object.prototype.toString.call(value), value.name, value.type, value.size,
        value.lastModified === 1000, value === file, await value.text());
    }
  }
  await attempt('string with filename', () => new FormData().append('a', 'text', 'name.txt'));
  await attempt('object with filename', () => new FormData().set('a', {}, 'name.txt'));
  await attempt('append one argument', () => new FormData().append('a'));
  await attempt('get no argument', () => new FormData().get());
  await attempt('form argument', () => new FormData({}));
  await attempt('undefined argument', () => new FormData(undefined).has('x'));
  await attempt('forEach non-function', () => new FormData().forEach(1));
  await attempt('foreign this', () => FormData.prototype.has.call({}, 'a'));
  console.log('formdata tags', Object.prototype.toString.call(new FormData()), Object.prototype.toString.call(new FormData().keys()));
  console.log('formdata prototype', Object.keys(FormData.prototype).join());

  // --- multipart serialisation
  {
    const fd = new FormData();
    fd.append('plain', 'value');
    fd.append('lines', 'a\nb\rc\r\nd');
    fd.append('quote"and\nnewline', 'x');
    fd.append('file', new File(['data'], 'we"ird\nname.txt', { type: 'text/plain' }));
    fd.append('untyped', new Blob([new Uint8Array([0, 1, 2])]));
    fd.append('empty', '');
    const r = new Response(fd);
    const type = r.headers.get('content-type');
    console.log('multipart type', normalize(type));
    const text = await r.text();
    for (const line of normalize(text).split('\r\n')) console.log('multipart line', JSON.stringify(line));
    const boundary = type.slice(type.indexOf('boundary=') + 9);
    console.log('boundary shape', /^----formdata-undici-0\d{11}$/.test(boundary), text.startsWith(`--${boundary}\r\n`), text.endsWith(`--${boundary}--\r\n`));
    const again = new Response(fd).headers.get('content-type');
    console.log('boundaries differ', again !== type);
  }
  await attempt('empty form', async () => normalize(await new Response(new FormData()).text()));
}

main();
