'use strict';

const FormData = require('form-data');
const fs = require('fs');
const { Readable, Writable } = require('stream');

function build() {
  const form = new FormData();
  form.setBoundary('kvm-fixed-boundary-1234');
  form.append('login', 'ada');
  form.append('amount', 61.2);
  form.append('note', 'déjà payé ✓');
  form.append('bill', Buffer.from('%PDF-1.4 fake'), { filename: 'facture janvier.pdf', contentType: 'application/pdf' });
  form.append('data', JSON.stringify({ a: [1, 2] }), { contentType: 'application/json' });
  form.append('guess', Buffer.from('a,b\n1,2\n'), { filename: 'export.csv' });
  return form;
}

// The first 100 bytes of this bundle, read directly.
function bundleStart() {
  const fd = fs.openSync(__filename, 'r');
  try {
    const bytes = Buffer.alloc(100);
    return bytes.subarray(0, fs.readSync(fd, bytes, 0, 100, 0)).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

function readAll(form) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    form.on('error', reject);
    form.pipe(new Writable({
      write(chunk, _enc, cb) { chunks.push(Buffer.from(chunk)); cb(); },
      final(cb) { resolve(Buffer.concat(chunks)); cb(); },
    }));
  });
}

module.exports = async function formData(print) {
  const form = build();
  const body = form.getBuffer();
  print('headers', form.getHeaders({ 'x-extra': '1' }));
  print('length', [body.length, form.getLengthSync()]);
  print('body', body.toString('utf8').split('\r\n'));
  const streamed = build();
  streamed.append('stream', Readable.from([Buffer.from('chunk one '), Buffer.from('chunk two')]), {
    filename: 'parts.txt', knownLength: 19,
  });
  const length = await new Promise((resolve, reject) =>
    streamed.getLength((err, n) => (err ? reject(err) : resolve(n))));
  const piped = await readAll(streamed);
  print('streamed', [length, piped.length, piped.toString('utf8').split('\r\n').slice(-6)]);
  print('same prefix', piped.subarray(0, body.length - 29).equals(body.subarray(0, body.length - 29)));
  // A file part, as konnectors upload bills: its length comes from fs.stat and the range.
  const withFile = build();
  withFile.append('self', fs.createReadStream(__filename, { start: 0, end: 99 }));
  const fileLength = await new Promise((resolve, reject) =>
    withFile.getLength((err, n) => (err ? reject(err) : resolve(n))));
  const fileBody = await readAll(withFile);
  const [disposition, type, , content] = fileBody.toString('utf8').split('\r\n').slice(-6);
  print('file part', [fileLength, fileBody.length, disposition, type, content.length, content === bundleStart()]);
};
