'use strict';

const iconv = require('iconv-lite');

const text = 'Facture n°42 — 61,20 € « payée » à Zürich';

module.exports = async function iconvLite(print) {
  for (const encoding of ['windows-1252', 'latin1', 'utf16le', 'utf-16', 'utf16be', 'cp850', 'iso-8859-15', 'shift_jis']) {
    const bytes = iconv.encode(text, encoding);
    print(encoding, [bytes.toString('hex'), iconv.decode(bytes, encoding)]);
  }
  print('decode 1252', iconv.decode(Buffer.from([0x80, 0x93, 0x48, 0xe9, 0x94, 0x9c, 0x81]), 'win1252'));
  print('bom', [iconv.decode(Buffer.from('fffe41004200', 'hex'), 'utf-16'), iconv.decode(Buffer.from('feff00410042', 'hex'), 'utf-16'),
    iconv.encode('ok', 'utf-16').toString('hex'), iconv.encode('ok', 'utf8', { addBOM: true }).toString('hex')]);
  print('exists', ['win1252', 'latin1', 'gbk', 'utf7', 'nope'].map((e) => iconv.encodingExists(e)));
  const decoded = await new Promise((resolve, reject) => {
    let out = '';
    const stream = iconv.decodeStream('windows-1252');
    stream.on('data', (s) => { out += s; });
    stream.on('end', () => resolve(out));
    stream.on('error', reject);
    const bytes = iconv.encode(text, 'windows-1252');
    stream.write(bytes.subarray(0, 7));
    stream.end(bytes.subarray(7));
  });
  print('stream', decoded);
  const encoded = await new Promise((resolve, reject) => {
    const chunks = [];
    const stream = iconv.encodeStream('utf16le', { addBOM: true });
    stream.on('data', (b) => chunks.push(b));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
    stream.write('élan ');
    stream.end('vital');
  });
  print('encodeStream', encoded.toString('hex'));
};
