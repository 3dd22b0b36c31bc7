// zlib streams, one scenario after another: pipeline through createGzip/createGunzip, chunked
// writes, flush() and params() mid-stream, unzip through pipe(), backpressure on a large brotli
// round trip, async iteration, close(), reset(), bytesWritten, and the end of a truncated stream
// under finishFlush Z_SYNC_FLUSH (how `request` and node-fetch read gzip bodies).
const zlib = require('zlib');
const { pipeline, Readable, Writable, PassThrough } = require('stream');

const text = Array.from({ length: 5000 }, (_, i) => `line ${i} ${'abc'.repeat(i % 7)}`).join('\n');

function sink(onDone) {
  const parts = [];
  return new Writable({
    write(chunk, encoding, done) {
      parts.push(chunk);
      done();
    },
    final(done) {
      onDone(Buffer.concat(parts));
      done();
    },
  });
}

const scenarios = [
  function gzipPipeline(next) {
    const source = Readable.from([text.slice(0, 1000), text.slice(1000, 30000), text.slice(30000)]);
    const gzip = zlib.createGzip({ level: 9 });
    pipeline(source, gzip, zlib.createGunzip(), sink((out) => {
      console.log('gzip pipeline:', out.length, out.toString() === text, gzip.bytesWritten);
    }), (err) => {
      console.log('gzip pipeline done:', err);
      next();
    });
  },

  function everyFormatThroughPipe(next) {
    const pairs = [
      ['createDeflate', 'createInflate'], ['createDeflateRaw', 'createInflateRaw'],
      ['createGzip', 'createUnzip'], ['createDeflate', 'createUnzip'],
      ['createBrotliCompress', 'createBrotliDecompress'],
    ];
    let left = pairs.length;
    const results = [];
    pairs.forEach(([pack, unpack], i) => {
      const source = new PassThrough();
      // Brotli at quality 5: the default 11 is slow everywhere.
      const options = pack.includes('Brotli') ? { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } } : {};
      source.pipe(zlib[pack](options)).pipe(zlib[unpack]()).pipe(sink((out) => {
        results[i] = `${pack}/${unpack}=${out.toString() === text}`;
        if (--left === 0) {
          console.log('formats:', results.join(' '));
          next();
        }
      }));
      for (let at = 0; at < text.length; at += 7000) source.write(text.slice(at, at + 7000));
      source.end();
    });
  },

  function unzipChunkByChunk(next) {
    const packed = zlib.gzipSync(text);
    const unzip = zlib.createUnzip();
    const parts = [];
    unzip.on('data', (chunk) => parts.push(chunk));
    unzip.on('end', () => {
      console.log('unzip byte chunks:', Buffer.concat(parts).toString() === text, unzip.bytesWritten === packed.length);
      next();
    });
    // The gzip magic arrives split across writes.
    unzip.write(packed.subarray(0, 1));
    for (let at = 1; at < packed.length; at += 333) unzip.write(packed.subarray(at, at + 333));
    unzip.end();
  },

  function flushAndParams(next) {
    const deflate = zlib.createDeflate({ level: 1 });
    const parts = [];
    deflate.on('data', (chunk) => parts.push(chunk));
    deflate.write('hello ');
    deflate.flush(() => {
      const sofar = zlib.inflateSync(Buffer.concat(parts), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
      console.log('after flush():', JSON.stringify(sofar.toString()));
      deflate.params(9, zlib.constants.Z_DEFAULT_STRATEGY, () => {
        console.log('params applied:', deflate._level, deflate._strategy);
        deflate.write('big ');
        deflate.flush(zlib.constants.Z_FULL_FLUSH, () => {
          deflate.end('world');
        });
      });
    });
    deflate.on('end', () => {
      console.log('flushed stream:', zlib.inflateSync(Buffer.concat(parts)).toString(), deflate.bytesWritten);
      next();
    });
  },

  function brotliFlush(next) {
    const compress = zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } });
    const parts = [];
    compress.on('data', (chunk) => parts.push(chunk));
    compress.write('brotli ');
    compress.flush(() => {
      const sofar = zlib.brotliDecompressSync(Buffer.concat(parts), { finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
      console.log('brotli after flush():', JSON.stringify(sofar.toString()));
      compress.end('done');
    });
    compress.on('end', () => {
      console.log('brotli flushed stream:', zlib.brotliDecompressSync(Buffer.concat(parts)).toString());
      next();
    });
  },

  function backpressure(next) {
    const big = Buffer.alloc(1024 * 1024, 'kvm zlib 0123456789 ');
    const compress = zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 3 } });
    const decompress = zlib.createBrotliDecompress({ chunkSize: 4096 });
    let received = 0;
    let maxBuffered = 0;
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk, encoding, done) {
        received += chunk.length;
        maxBuffered = Math.max(maxBuffered, decompress.readableLength);
        setImmediate(done);
      },
    });
    pipeline(compress, decompress, slow, (err) => {
      console.log('backpressure:', err, received === big.length, compress.bytesWritten, maxBuffered <= 65536);
      next();
    });
    compress.end(big);
  },

  function asyncIteration(next) {
    (async () => {
      const gzip = zlib.createGzip();
      gzip.end('async iteration works');
      const parts = [];
      for await (const chunk of gzip) parts.push(chunk);
      console.log('async iteration:', zlib.gunzipSync(Buffer.concat(parts)).toString());
      const gunzip = zlib.createGunzip();
      gunzip.end(zlib.gzipSync(text));
      let length = 0;
      for await (const chunk of gunzip) length += chunk.length;
      console.log('async iteration gunzip:', length);
    })().then(next, (err) => {
      console.log('async iteration failed:', err);
      next();
    });
  },

  function truncatedTolerated(next) {
    const packed = zlib.gzipSync(text);
    const gunzip = zlib.createGunzip({
      flush: zlib.constants.Z_SYNC_FLUSH,
      finishFlush: zlib.constants.Z_SYNC_FLUSH,
    });
    const parts = [];
    gunzip.on('data', (chunk) => parts.push(chunk));
    gunzip.on('error', (err) => console.log('truncated tolerated error:', err.message));
    gunzip.on('end', () => {
      const out = Buffer.concat(parts).toString();
      console.log('truncated tolerated:', out.length > 0, text.startsWith(out));
      next();
    });
    gunzip.write(packed.subarray(0, 2000));
    gunzip.end(packed.subarray(2000, packed.length - 100));
  },

  function closeAndReset(next) {
    const gzip = zlib.createGzip();
    gzip.write('abc');
    gzip.close(() => {
      console.log('close callback:', gzip._closed, gzip.destroyed);
      const raw = zlib.createDeflateRaw();
      const parts = [];
      raw.on('data', (chunk) => parts.push(chunk));
      raw.write('first stream');
      raw.flush(() => {
        raw.reset();
        const fresh = parts.length;
        raw.end('second');
        raw.on('end', () => {
          // After reset the codec started over: what follows decodes on its own.
          console.log('after reset:', zlib.inflateRawSync(Buffer.concat(parts.slice(fresh))).toString());
          next();
        });
      });
    });
  },

  function zeroLengthAndStrings(next) {
    const gunzip = zlib.createGunzip();
    const inflate = zlib.createInflate({ encoding: 'utf8', objectMode: true });
    const parts = [];
    inflate.on('data', (chunk) => parts.push(chunk));
    inflate.on('end', () => {
      console.log('string chunks come back as bytes:', parts.every(Buffer.isBuffer), Buffer.concat(parts).toString());
      gunzip.on('data', () => {});
      gunzip.on('end', () => {
        console.log('empty input gunzip ended');
        next();
      });
      gunzip.on('error', (err) => {
        console.log('empty input gunzip:', err.code, err.message);
        next();
      });
      gunzip.end();
    });
    inflate.end(zlib.deflateSync('plain text'));
  },
];

function run(i) {
  if (i < scenarios.length) scenarios[i](() => run(i + 1));
  else console.log('all scenarios ran');
}
run(0);
