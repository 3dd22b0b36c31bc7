// zlib errors: invalid and truncated data (message, code, errno, own keys) in sync, callback and
// stream forms, dictionaries, brotli's decoder codes, maxOutputLength, option validation, input
// types, crc32 arguments, closed handles.
const zlib = require('zlib');

const { constants } = zlib;

function describe(err) {
  return `${err.name} ${err.code} ${err.errno} [${Object.keys(err).join(',')}] | ${err.message}`;
}

function attempt(label, fn) {
  try {
    const result = fn();
    console.log(`${label}: ${Buffer.isBuffer(result) ? `Buffer(${result.length})` : result}`);
  } catch (err) {
    console.log(`${label}: threw ${describe(err)}`);
  }
}

const text = 'hello world hello world';
const gz = zlib.gzipSync(text);
const df = zlib.deflateSync(text);
const br = zlib.brotliCompressSync(text);

console.log('-- invalid data');
attempt('gunzip garbage', () => zlib.gunzipSync(Buffer.from('hello there')));
attempt('inflate garbage', () => zlib.inflateSync(Buffer.from('hello there')));
attempt('unzip garbage', () => zlib.unzipSync(Buffer.from('hello there')));
attempt('inflateRaw invalid block type', () => zlib.inflateRawSync(Buffer.from([0xff, 0xff])));
attempt('gunzip of zlib data', () => zlib.gunzipSync(df));
attempt('inflate of gzip data', () => zlib.inflateSync(gz));
attempt('inflate bad adler32', () => {
  const bad = Buffer.from(df);
  bad[bad.length - 1] ^= 1;
  return zlib.inflateSync(bad);
});
attempt('gunzip bad crc', () => {
  const bad = Buffer.from(gz);
  bad[bad.length - 5] ^= 1;
  return zlib.gunzipSync(bad);
});
attempt('gunzip bad length', () => {
  const bad = Buffer.from(gz);
  bad[bad.length - 1] ^= 1;
  return zlib.gunzipSync(bad);
});
attempt('gunzip trailing garbage', () => zlib.gunzipSync(Buffer.concat([gz, Buffer.from('garbage')])));
attempt('gunzip trailing 0x1f', () => zlib.gunzipSync(Buffer.concat([gz, Buffer.from([0x1f])])));
attempt('inflate window too small', () => zlib.inflateSync(df, { windowBits: 9 }));
attempt('inflate header window above 8', () => zlib.inflateSync(zlib.deflateSync('hello', { windowBits: 8 }), { windowBits: 8 }));

console.log('-- truncated data, default finishFlush');
attempt('gunzip cut', () => zlib.gunzipSync(gz.subarray(0, 15)));
attempt('gunzip header only', () => zlib.gunzipSync(gz.subarray(0, 5)));
attempt('gunzip empty', () => zlib.gunzipSync(Buffer.alloc(0)));
attempt('inflate empty', () => zlib.inflateSync(''));
attempt('inflateRaw empty', () => zlib.inflateRawSync(Buffer.alloc(0)));
attempt('unzip one byte', () => zlib.unzipSync(Buffer.from([0x1f])));
attempt('brotli empty', () => zlib.brotliDecompressSync(Buffer.alloc(0)));
attempt('brotli cut', () => zlib.brotliDecompressSync(br.subarray(0, br.length - 2)));
attempt('brotli cut with flush', () => zlib.brotliDecompressSync(br.subarray(0, br.length - 2),
  { finishFlush: constants.BROTLI_OPERATION_FLUSH }));
attempt('inflate cut, Z_BLOCK', () => zlib.inflateSync(df.subarray(0, 6), { finishFlush: constants.Z_BLOCK }).toString());
attempt('inflate cut, Z_NO_FLUSH', () => zlib.inflateSync(df.subarray(0, 6), { finishFlush: constants.Z_NO_FLUSH }).toString());

console.log('-- brotli decoder codes');
attempt('brotli padding', () => zlib.brotliDecompressSync(Buffer.from([0xff, 0xff, 0xff, 0xff])));
attempt('brotli window bits', () => zlib.brotliDecompressSync(Buffer.from([0x11, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde])));
attempt('brotli code lengths', () => zlib.brotliDecompressSync(Buffer.from([0x44, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde])));
attempt('brotli unfinished', () => zlib.brotliDecompressSync(Buffer.from([0x22, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde])));

console.log('-- dictionaries');
const withDict = zlib.deflateSync('hello', { dictionary: Buffer.from('hello') });
attempt('missing dictionary', () => zlib.inflateSync(withDict));
attempt('bad dictionary', () => zlib.inflateSync(withDict, { dictionary: Buffer.from('xx') }));
attempt('raw without its dictionary', () => zlib.inflateRawSync(zlib.deflateRawSync('hello', { dictionary: Buffer.from('hello') })));

console.log('-- maxOutputLength');
const zeros = zlib.gzipSync(Buffer.alloc(100000));
attempt('gunzip past max', () => zlib.gunzipSync(zeros, { maxOutputLength: 1000 }));
attempt('brotli past max', () => zlib.brotliDecompressSync(zlib.brotliCompressSync(Buffer.alloc(100000)), { maxOutputLength: 1000 }));
attempt('max exactly', () => zlib.gunzipSync(zeros, { maxOutputLength: 100000 }).length);

console.log('-- option validation');
const badOptions = [
  ['gzipSync', { level: 12 }], ['gzipSync', { level: '3' }], ['gzipSync', { level: null }],
  ['gzipSync', { level: Infinity }], ['gzipSync', { level: -2 }], ['gzipSync', { level: NaN }],
  ['gzipSync', { windowBits: 8 }], ['deflateSync', { windowBits: 16 }], ['deflateSync', { windowBits: 0 }],
  ['inflateRawSync', { windowBits: 0 }], ['gunzipSync', { windowBits: null }],
  ['gzipSync', { memLevel: 0 }], ['gzipSync', { strategy: 5 }], ['gzipSync', { chunkSize: 10 }],
  ['gzipSync', { chunkSize: 'a' }], ['gzipSync', { chunkSize: Infinity }], ['gzipSync', { flush: 'a' }],
  ['gzipSync', { finishFlush: 7 }], ['gzipSync', { maxOutputLength: 0 }], ['gzipSync', { maxOutputLength: 2 ** 33 }],
  ['gzipSync', { dictionary: 'abc' }], ['gzipSync', { level: 99, chunkSize: 1 }],
  ['brotliCompressSync', { flush: 4 }], ['brotliCompressSync', { params: { 99: 4 } }],
  ['brotliCompressSync', { params: { 1: 'x' } }], ['brotliCompressSync', { params: { 1.5: 3 } }],
  ['brotliCompressSync', { params: { 1: 1, '1.0': 3 } }], ['brotliCompressSync', { params: { '-1': 3 } }],
  ['brotliDecompressSync', { params: { 2: 22 } }],
];
for (const [method, options] of badOptions) {
  attempt(`${method} ${JSON.stringify(options)}`, () => zlib[method](method.includes('Decompress') ? br : 'x', options));
}

console.log('-- input types');
for (const input of [42, null, undefined, {}, [1, 2], () => 1, Symbol('s')]) {
  attempt(`gzipSync(${typeof input})`, () => zlib.gzipSync(input));
}
attempt('gzip without callback', () => zlib.gzip('x'));
attempt('gzip(42, cb)', () => zlib.gzip(42, () => console.log('never')));
attempt('gzip bad level and no callback', () => zlib.gzip('x', { level: 99 }));

console.log('-- crc32 arguments');
for (const args of [[5], [new ArrayBuffer(3)], ['x', 'y'], ['x', 1.5], ['x', -1], ['x', 2 ** 32]]) {
  attempt(`crc32(${args.map((a) => typeof a).join(', ')})`, () => zlib.crc32(...args));
}

console.log('-- closed handles');
attempt('reset after close', () => {
  const deflate = zlib.createDeflate();
  deflate.close();
  deflate.reset();
});
attempt('params range', () => zlib.createDeflate().params(99, 0));
attempt('params type', () => zlib.createDeflate().params('1', 0));

console.log('-- async forms');
zlib.gunzip(gz.subarray(0, 8), (err, result) => {
  console.log(`callback cut: ${describe(err)} ${result}`);
  zlib.inflate(Buffer.from('not zlib'), (err2) => {
    console.log(`callback garbage: ${describe(err2)}`);
    zlib.gunzip(zeros, { maxOutputLength: 100 }, (err3) => {
      console.log(`callback max: ${describe(err3)}`);
      zlib.brotliDecompress(Buffer.from([0xff, 0xff, 0xff, 0xff]), (err4) => {
        console.log(`callback brotli: ${describe(err4)}`);
        streams();
      });
    });
  });
});

function streams() {
  const inflate = zlib.createInflate();
  inflate.on('error', (err) => {
    console.log(`stream garbage: ${describe(err)} destroyed=${inflate.destroyed}`);
    inflate.on('close', () => {
      console.log(`stream closed: ${inflate._closed}`);
      const gunzip = zlib.createGunzip();
      let seen = 0;
      gunzip.on('data', (chunk) => { seen += chunk.length; });
      gunzip.on('error', (err) => {
        console.log(`stream cut: ${describe(err)} got data=${seen > 0}`);
        const tolerant = zlib.createGunzip({ finishFlush: constants.Z_SYNC_FLUSH });
        const parts = [];
        tolerant.on('data', (chunk) => parts.push(chunk));
        tolerant.on('error', (e) => console.log(`tolerant error: ${describe(e)}`));
        tolerant.on('end', () => console.log(`tolerant end: ${JSON.stringify(Buffer.concat(parts).toString())}`));
        tolerant.end(gz.subarray(0, gz.length - 6));
      });
      const big = zlib.gzipSync(Buffer.alloc(50000, 'abc'));
      gunzip.end(big.subarray(0, big.length - 10));
    });
  });
  inflate.write('definitely not zlib');
}
