// zlib, one-shot forms: round trips of every format at several levels (sync and callback), what
// Node wrote decodes the same, options (windowBits, memLevel, strategy, dictionary, chunkSize,
// info), input types, gzip members, Z_SYNC_FLUSH on truncated input, crc32, the module's shape.
// Compressed bytes may legitimately differ between zlib builds, so this prints decompressed
// results, round-trip equality and only the compressed lengths every deflate agrees on.
const zlib = require('zlib');

const { constants } = zlib;

// Inputs made the same way under both runtimes.
const short = 'The quick brown fox jumps over the lazy dog. '
  + Array.from({ length: 40 }, (_, i) => `Bill #${i}: ${(i * 17.31).toFixed(2)} EUR`).join('; ');
const rows = Array.from({ length: 1500 }, (_, i) => `row ${i},${(i * i) % 1009},${['alpha', 'beta', 'gamma'][i % 3]}`)
  .join('\n');
let seed = 42;
const noise = Buffer.alloc(20000);
for (let i = 0; i < noise.length; i++) {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  noise[i] = seed >>> 16;
}
const inputs = { empty: Buffer.alloc(0), short: Buffer.from(short), rows: Buffer.from(rows), noise };

function attempt(label, fn) {
  try {
    console.log(`${label}: ${fn()}`);
  } catch (err) {
    console.log(`${label}: threw ${err.name} ${err.code} | ${err.message}`);
  }
}

const FORMATS = [
  ['gzip', 'gunzip'], ['deflate', 'inflate'], ['deflateRaw', 'inflateRaw'],
  ['gzip', 'unzip'], ['deflate', 'unzip'],
];

console.log('-- sync round trips');
for (const [pack, unpack] of FORMATS) {
  for (const level of [undefined, 0, 1, 9]) {
    const results = Object.entries(inputs).map(([name, input]) => {
      const packed = zlib[`${pack}Sync`](input, { level });
      const back = zlib[`${unpack}Sync`](packed);
      return `${name}=${Buffer.isBuffer(back) && back.equals(input) ? back.length : 'MISMATCH'}`;
    });
    console.log(`${pack}/${unpack} level ${level}: ${results.join(' ')}`);
  }
}
// Quality 11 (the default) is slow everywhere: small inputs only.
for (const quality of [0, 4, 11]) {
  const results = Object.entries(inputs).filter(([name]) => quality < 11 || name === 'empty' || name === 'short').map(([name, input]) => {
    const packed = zlib.brotliCompressSync(input, { params: { [constants.BROTLI_PARAM_QUALITY]: quality } });
    const back = zlib.brotliDecompressSync(packed);
    return `${name}=${back.equals(input) ? back.length : 'MISMATCH'}`;
  });
  console.log(`brotli quality ${quality}: ${results.join(' ')}`);
}

console.log('-- what every implementation writes alike');
console.log('gzip of nothing:', zlib.gzipSync('').toString('hex'));
console.log('deflate of nothing:', zlib.deflateSync('').toString('hex'));
console.log('raw deflate of nothing:', zlib.deflateRawSync('').toString('hex'));
console.log('brotli of nothing:', zlib.brotliCompressSync('').toString('hex'));
console.log('stored (level 0):', zlib.deflateSync('abc', { level: 0 }).toString('hex'));
console.log('gzip header:', zlib.gzipSync('abc').subarray(0, 10).toString('hex'),
  zlib.gzipSync('abc', { level: 9 }).subarray(0, 10).toString('hex'),
  zlib.gzipSync('abc', { level: 1 }).subarray(0, 10).toString('hex'));
console.log('gzip trailer:', zlib.gzipSync(short).subarray(-8).toString('hex'));
console.log('zlib header and adler32:', zlib.deflateSync(short).subarray(0, 2).toString('hex'),
  zlib.deflateSync(short).subarray(-4).toString('hex'));

console.log('-- decoding what node 20 wrote');
const FIXTURES = {
  gzip9: 'H4sIAAAAAAACA1XSSW5VQRBE0a2ExDxU2VZVMkNiAwgWQGOw4ZsPBtOtHj3E4OX0jvIo8uXtDb4+3r39hDcP15+f8f76Cx8f7798w/XHzQO+397g8vrPb7y7fiCe3V0ueDIKg2Pg+asXT/8nKcikyblpwZyp52aFEG47Ny/kpvq5RWElI84tCzKMK89xFkSFMs9xFcQWfZ3jLkgE5253j+Nwo3TNwdmD3jyiBR2Ts4nECqrB0UziBXWlNZVEQWMzm0uyoDO5G0xmQbdTm0xWwUQYjSa7YLq4mk3HMUBSm02lYGmMvtUx1hpczaZWsL0ozaZecAl6s2kU3JSz2TQLHoOj2XQWPCet2XQVfDmz2XQXYgh3s9k4HmnTms2kEJbMZjMtRBh3/8TjFadQm828EGsxms2ikCO4ms2ykGqUZrNZSB/0ZrNVyJiczWa7kDM4/tn+AjnGyfyKAwAA',
  deflate1: 'eAFV0kluVUEQRNGthMQ8VNlWVTJDYgMIFkBjsOGbDwbTrR49xODl9I7yKPLl7Q2+Pt69/YQ3D9efn/H++gsfH++/fMP1x80Dvt/e4PL6z2+8u34gnt1dLngyCoNj4PmrF0//JynIpMm5acGcqedmhRBuOzcv5Kb6uUVhJSPOLQsyjCvPcRZEhTLPcRXEFn2d4y5IBOc+RxnH4UbpmoOzB715RAs6JmcTiRVUg6OZxAvqSmsqiYLGZjaXZEFncjeYzIJupzaZrIKJMBpNdsF0cTWbjmOApDabSsHSGM2mx1hrcDWbWsH2ojSbesEl6M2mUXBTzmbTLHgMjmbTWfCctGbTVfDlzGbTXYgh3M1m43ikTWs2k0JYMpvNtBBh3M1mxytOoTabeSHWYjSbRSFHcDWbZSHVKM1ms5A+6M1mq5AxOZvNdiFncPyz/QWgltmI',
  rawHuffman: 'BcFJriA1EEDBqzzJ+5RnV9k7S75ACh+AoYGEhA8NzXR6Ir768RO/f7Fvf+abzx9//8r3H//w05dffvuDj78+febPHz/hX//3L999/CBscyfESZQYOVcX29wJaZKGlMS5utjmTsiTUqVnztXFNndCmbQkb+FcXWxzJ9RJfyVXztXFNndCmzxdWuNcXWxzJ/RJikWezrm62OZOGJOUk6TBubrY5k54Jqk8Uh/O1cU2d8I7Sa3JeDlXF9vcCSlO0iiSIufqYps7IaVJeqPUxLm62OZOSHmS45CROVcX29wJqUxybhIL5+pimzsh1UmuWUrlXF1scyekNsntld44Vxfb3AmpT/Lo8nbO1cU2d0Iak/xWyYNzdbHNnZCeSUlJ2sO5utjmTkjvpORHnpdzdbHNnZDjpNQuOXKuLra5E3KalF6kJc7VxTZ3Qs6T8kR5MufqYps7IZdJeR9JhXN1sc2dkOukpia1cq4utrkTcpvUkmU0ztXFNndC7pPaosTOubrY5k7IY1L7kDI4Vxfb3An5mdSnSn84Vxfb3An5nbSY5H05Vxfb3AklTlp6pUTO1cU2d0JJk1a69MS5utjmTih50lqRN3OuLra5E0qZtJEkF87VxTZ3QqmT9jzSKufqYps7obRJj02exrm62OZOKH3Sc5HUOVcX29wJZUx6jVIH5+pimzuhPJPehoyHc3WxzZ1Q3kkfTeLLufo/',
  rawFixedWindow9: 'CslIVSgszUzOVkgqyi/PU0jLr1DIKs0tKFbIL0stUijJSFXISayqVEjJT9dTcMrMyVFQNrBSMNAzMFBwDQ2yhgoZWikYmusZGyKLGVkpGJvomRkhixlbKZga6lkaI4uZWCmYWeoZmSCLmVopWJjpmZoii5lZKRgaGOtZmCELmlspGBoZ6hkCZI4saGGlYGhsoWdigSxoaaVgaGqqZ26J4m4DkMON9QxRfQPyjqWBngmKfwyNrBSMDMz1zFF8ZGhspWBkZKpngOInQxMrBSMTIz1jFF8ZmlopGJla6pmh+MvQzErByNxMzxLFY4bmVgpGliZ6Rig+M7SwUjA2NNQzRfGaoaWVgrGRhZ4Fit+MDKwUjE3M9IxQ/GZkaAWQgrGZsZ4pit+MjKwUjC0M9CxQ/GZkbKVgbGmhZ4jiNyMTKwUTQ1M9ExS/GZlaKZgYG+mZo/jNyMxKwcTUQM8AxW9G5lYKJmbmesYofjOysFIwsTDRM0Pxm5GllYKpgaGeJYrfjA2sFEwNLfWMUfxmbGilYGpspmeG4jdjIysFU1NjPUsUvxkbWymYmhvqGaH4DTBjEysFUwsLPVMUvxmbWimYGZjqWaD4zdjMSsHMyFjPEMVvxuZWCmYmBnomKH4ztrBSMDM11zNH8ZuxpZWCmbmpngHYbwA=',
  brotli: 'G4kDoCyPd5ntSPbUovhVmMk/pHyjKnKqen4Rw3i0OUJmliAucwhzS9WQPhBRTKkqtDrD4//xD6bvYqKxHfzAbXkL8jC2MIGgJUcnkLQk6/fPPzZ0q8T3ivCawf1X1Y9oH/0fPnjAKr8yfnGYTLi0ZkLnFX1UC9uS9Q+ibNOgxGnxqO1Im3sQOIWIXihOR+EZZdXgytpcxXyd2rmuG+/QbI9mynZo7F0E6xKiXcLkhlX2Br06FltV0dukNgHd2I+ndY/e3SFIdxdDfkbUVzOZcspOkit3pJZjo21qVdiNFWpa88x212k4',
  brotliText5: 'G4kDAMS0MUrZJucnbae0e46EoXjkf+af4mK6n/iYnugBHtDNpFQWhuEahB7idEE0UzgMXMg/Lh7vZOd/5fr748+73H/8ledfb58/5OP33fcfGH96vfr/T24/HiBHT6+vcqBbFKpyenl2OB77sAbNOAyUD0nD4gS14DHJFDKnvpgSU2rcYN3AQUyLTPS6TI9/QdiLTu9LEXbzLa6Nzm7c4p7Q3BZb6tnB3i23eC5Udqst3oVlt97iK+B2my00Q9ptbaEPRi6j4LksInM5isnlGlhuWCJyg47OjVRoblSDuTGByk01rGjaAqPJQkUziRXNNng0Z5DR0sREywmLVigiWtnoeFQnFA==',
  dict: 'eLsiewTNVdJLblUxEEXRqRyJ/pHra7vSYwyZAIgHUZTkRQHCZ/ToJjRu9awt2fJS1e3d5f2Azy/XX0/4ev2N+5+Pz99xfb284MfdBQ+f/v7Bl+s34uNx9cMoDI5xvHHzP0lBJk3OTQvmTD03K4Rw27l5ITfVzy0KKxlxblmQYVx5jrMgKpR5jqsgtujrHHdBIjh3+/c4Pm6Urjk4e9CbR7SgY3I2kVhBNTiaSbygrrSmkihobGZzSRZ0JneDySzodmqTySqYCKPRZBdMF1ez6TgGkNRmUylYGqPP6hjWGlzNplawvSjNpl5wCXqzaRTclLPZNAseg6PZdBY8J63ZdBV8ObPZdBdiCHez2TgWadOazaQQlsxmMy1EGHffxGMVp1CbzbwQazGazaKQI7iazbKQapRms1lIH/Rms1XImJzNZruQMzjebP8AoJbZiA==',
  gnuGzipWithName: 'H4sICJW7CGsCA2hlbGxvLnR4dADzSM3JyVdIK8rPVXD3C1VIr8os4AIAmnDkpxQAAAA=',
};
const decoders = {
  gzip9: (b) => zlib.gunzipSync(b),
  deflate1: (b) => zlib.inflateSync(b),
  rawHuffman: (b) => zlib.inflateRawSync(b),
  rawFixedWindow9: (b) => zlib.inflateRawSync(b, { windowBits: 9 }),
  brotli: (b) => zlib.brotliDecompressSync(b),
  brotliText5: (b) => zlib.brotliDecompressSync(b),
  dict: (b) => zlib.inflateSync(b, { dictionary: Buffer.from('Bill EUR quick') }),
  gnuGzipWithName: (b) => zlib.unzipSync(b),
};
for (const [name, data] of Object.entries(FIXTURES)) {
  attempt(name, () => {
    const text = decoders[name](Buffer.from(data, 'base64')).toString();
    return name === 'gnuGzipWithName' ? JSON.stringify(text) : `${text.length} ${text === short}`;
  });
}
attempt('unzip of node deflate', () => zlib.unzipSync(Buffer.from(FIXTURES.deflate1, 'base64')).toString() === short);
// A gzip member with every optional header field (FEXTRA, FNAME, FCOMMENT, FHCRC) around node's
// raw deflate data, its trailer computed with crc32.
attempt('gzip with all header fields', () => {
  const body = Buffer.from(FIXTURES.rawHuffman, 'base64');
  const head = Buffer.concat([
    Buffer.from([0x1f, 0x8b, 8, 0x1e, 0, 0, 0, 0, 0, 3]),
    Buffer.from([4, 0, 0x41, 0x42, 0, 0]), // XLEN 4: subfield "AB", empty
    Buffer.from('bills.txt\0latin1 comment\0', 'latin1'),
  ]);
  const hcrc = Buffer.alloc(2);
  hcrc.writeUInt16LE(zlib.crc32(head) & 0xffff);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(zlib.crc32(short), 0);
  trailer.writeUInt32LE(short.length, 4);
  return zlib.gunzipSync(Buffer.concat([head, hcrc, body, trailer])).toString() === short;
});

console.log('-- options');
attempt('windowBits 9', () => zlib.inflateSync(zlib.deflateSync(rows, { windowBits: 9 }), { windowBits: 9 }).toString() === rows);
attempt('windowBits 8 raw', () => zlib.inflateRawSync(zlib.deflateRawSync(rows, { windowBits: 8 }), { windowBits: 8 }).toString() === rows);
attempt('windowBits 0 inflate', () => zlib.inflateSync(zlib.deflateSync(rows), { windowBits: 0 }).toString() === rows);
for (const memLevel of [1, 9]) {
  attempt(`memLevel ${memLevel}`, () => zlib.gunzipSync(zlib.gzipSync(rows, { memLevel })).toString() === rows);
}
for (const strategy of [0, 1, 2, 3, 4]) {
  attempt(`strategy ${strategy}`, () => zlib.inflateRawSync(zlib.deflateRawSync(rows, { strategy })).toString() === rows);
}
attempt('dictionary', () => {
  const dictionary = Buffer.from('row alpha beta gamma');
  const packed = zlib.deflateSync(rows, { dictionary });
  return zlib.inflateSync(packed, { dictionary }).toString() === rows;
});
attempt('raw dictionary', () => {
  const dictionary = new Uint8Array(Buffer.from('row alpha beta gamma'));
  return zlib.inflateRawSync(zlib.deflateRawSync(rows, { dictionary }), { dictionary: dictionary.buffer }).toString() === rows;
});
attempt('chunkSize 64', () => zlib.gunzipSync(zlib.gzipSync(rows, { chunkSize: 64 }), { chunkSize: 64 }).toString() === rows);
attempt('chunkSize 1 MiB', () => zlib.inflateSync(zlib.deflateSync(rows), { chunkSize: 1 << 20 }).length);
attempt('maxOutputLength just enough', () => zlib.gunzipSync(zlib.gzipSync(rows), { maxOutputLength: rows.length }).length);
attempt('finishFlush Z_SYNC_FLUSH compresses a prefix', () => {
  const partial = zlib.deflateSync(short, { finishFlush: constants.Z_SYNC_FLUSH });
  return [partial.subarray(-4).toString('hex'),
    zlib.inflateSync(partial, { finishFlush: constants.Z_SYNC_FLUSH }).toString() === short].join(' ');
});
attempt('info', () => {
  const { buffer, engine } = zlib.deflateRawSync(short, { info: true });
  return [zlib.inflateRawSync(buffer).toString() === short, engine.constructor.name,
    engine instanceof zlib.DeflateRaw, engine.bytesWritten, engine._closed].join(' ');
});
attempt('brotli params', () => {
  const params = {
    [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    [constants.BROTLI_PARAM_QUALITY]: 7,
    [constants.BROTLI_PARAM_LGWIN]: 16,
    [constants.BROTLI_PARAM_SIZE_HINT]: rows.length,
    [constants.BROTLI_PARAM_DISABLE_LITERAL_CONTEXT_MODELING]: true,
  };
  return zlib.brotliDecompressSync(zlib.brotliCompressSync(rows, { params })).toString() === rows;
});
attempt('brotli decoder params', () => zlib.brotliDecompressSync(zlib.brotliCompressSync(short),
  { params: { [constants.BROTLI_DECODER_PARAM_DISABLE_RING_BUFFER_REALLOCATION]: true } }).toString() === short);

console.log('-- input types');
attempt('string', () => zlib.inflateSync(zlib.deflateSync('héllo ✓')).toString());
attempt('Uint16Array', () => zlib.inflateSync(zlib.deflateSync(new Uint16Array([1, 2, 513]))).toString('hex'));
attempt('DataView', () => zlib.inflateSync(zlib.deflateSync(new DataView(new ArrayBuffer(4), 1, 2))).toString('hex'));
attempt('ArrayBuffer', () => zlib.inflateSync(zlib.deflateSync(new Uint8Array([7, 8, 9]).buffer)).toString('hex'));
attempt('subarray', () => zlib.gunzipSync(zlib.gzipSync(Buffer.from('xxABCxx').subarray(2, 5))).toString());
attempt('output is a Buffer', () => [Buffer.isBuffer(zlib.gzipSync('a')), Buffer.isBuffer(zlib.gunzipSync(zlib.gzipSync(''))),
  zlib.gunzipSync(zlib.gzipSync('')).length].join(' '));

console.log('-- gzip members and trailing bytes');
const member = zlib.gzipSync('first;');
attempt('two members', () => zlib.gunzipSync(Buffer.concat([member, zlib.gzipSync('second')])).toString());
attempt('two members unzip', () => zlib.unzipSync(Buffer.concat([member, zlib.gzipSync('second')])).toString());
attempt('zero padding', () => zlib.gunzipSync(Buffer.concat([member, Buffer.alloc(7)])).toString());
attempt('inflate ignores trailing bytes', () => zlib.inflateSync(Buffer.concat([zlib.deflateSync('z'), Buffer.from('tail')])).toString());
attempt('brotli ignores trailing bytes', () => zlib.brotliDecompressSync(Buffer.concat([zlib.brotliCompressSync('b'), Buffer.from('tail')])).toString());

console.log('-- truncated input with finishFlush Z_SYNC_FLUSH (what `request` does)');
const gz = zlib.gzipSync(rows);
for (const cut of [12, 400, gz.length - 8, gz.length - 1]) {
  attempt(`gunzip cut at ${cut < 1000 ? cut : `length-${gz.length - cut}`}`, () => {
    const text = zlib.gunzipSync(gz.subarray(0, cut), { finishFlush: constants.Z_SYNC_FLUSH }).toString();
    return `${text.length > 0} ${rows.startsWith(text)} ${cut >= gz.length - 8 ? text === rows : ''}`;
  });
}
attempt('brotli cut with flush', () => {
  const br = zlib.brotliCompressSync(rows, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } });
  const text = zlib.brotliDecompressSync(br.subarray(0, br.length >> 1), { finishFlush: constants.BROTLI_OPERATION_FLUSH }).toString();
  return rows.startsWith(text);
});

console.log('-- crc32');
attempt('crc32', () => [zlib.crc32('hello'), zlib.crc32(Buffer.from('hello')), zlib.crc32(''),
  zlib.crc32('world', zlib.crc32('hello ')), zlib.crc32('hello world'), zlib.crc32(noise),
  zlib.crc32(new Uint16Array([1, 2])), zlib.crc32('é'), zlib.crc32('x', 4294967295)].join(' '));

console.log('-- module shape');
console.log(Object.keys(zlib).join(','));
console.log(JSON.stringify(zlib.codes));
console.log(Object.keys(constants).length, constants.Z_MAX_CHUNK, constants.ZLIB_VERNUM, Object.getPrototypeOf(constants));
console.log(zlib.Z_SYNC_FLUSH, zlib.Z_DEFAULT_CHUNK, zlib.BROTLI_OPERATION_FINISH, Object.keys(zlib).includes('Z_FINISH'));
console.log(Object.isFrozen(zlib.codes), Object.getOwnPropertyDescriptor(zlib, 'constants').writable);
for (const name of ['Gzip', 'Gunzip', 'Deflate', 'Inflate', 'DeflateRaw', 'InflateRaw', 'Unzip', 'BrotliCompress', 'BrotliDecompress']) {
  const chain = [];
  for (let p = zlib[name].prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) chain.push(p.constructor.name);
  const viaFactory = zlib[`create${name}`]();
  const withoutNew = zlib[name]();
  console.log(name, zlib[name].length, chain.join('>'), viaFactory instanceof zlib[name], withoutNew instanceof zlib[name],
    viaFactory._closed, viaFactory.bytesWritten, viaFactory._chunkSize, viaFactory._defaultFlushFlag,
    viaFactory._finishFlushFlag, viaFactory._defaultFullFlushFlag, viaFactory._maxOutputLength, viaFactory._level);
  viaFactory.close();
  withoutNew.close();
}

console.log('-- callback forms');
const jobs = [
  ['gzip', rows], ['gunzip', zlib.gzipSync(rows)], ['deflate', short], ['inflate', zlib.deflateSync(short)],
  ['deflateRaw', short], ['inflateRaw', zlib.deflateRawSync(short)], ['unzip', zlib.gzipSync(short)],
  ['brotliCompress', short], ['brotliDecompress', zlib.brotliCompressSync(rows, { params: { 1: 5 } })],
];
function next(i) {
  if (i === jobs.length) {
    zlib.gzip('with options', { level: 1, info: true }, (err, res) => {
      console.log('info:', err, Object.keys(res).join(), res.engine.constructor.name, res.engine.bytesWritten,
        zlib.gunzipSync(res.buffer).toString());
      zlib.inflate(zlib.deflateSync(short), { chunkSize: 100 }, (err2, res2) => {
        console.log('chunkSize 100:', err2, res2.toString() === short);
      });
    });
    return;
  }
  const [method, input] = jobs[i];
  let sync = true;
  zlib[method](input, (err, result) => {
    const back = method.startsWith('gzip') ? zlib.gunzipSync(result)
      : method.startsWith('deflateRaw') ? zlib.inflateRawSync(result)
        : method.startsWith('deflate') ? zlib.inflateSync(result)
          : method === 'brotliCompress' ? zlib.brotliDecompressSync(result) : result;
    console.log(`${method}: ${err} async=${!sync} ${Buffer.isBuffer(result)} ${back.length}`);
    next(i + 1);
  });
  sync = false;
}
next(0);
