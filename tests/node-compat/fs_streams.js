// fs.createReadStream / createWriteStream in a folder of their own under os.tmpdir(): events,
// chunking by highWaterMark, start/end, encodings, append, pipe and pipeline, errors.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { pipeline } = require('stream/promises');

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'kvm-'));
const at = (...names) => path.join(base, ...names);
const show = (e) => `${e.code} ${e.syscall} ${e.message.split(base).join('<tmp>')}`;

function writeSome() {
  return new Promise((resolve) => {
    const ws = fs.createWriteStream(at('w.txt'));
    console.log('pending', ws.pending, ws instanceof fs.WriteStream, path.relative(base, ws.path));
    ws.on('open', (fd) => console.log('open', typeof fd));
    ws.on('ready', () => console.log('ready'));
    ws.on('finish', () => console.log('finish', ws.bytesWritten));
    ws.on('close', () => {
      console.log('close', fs.readFileSync(at('w.txt'), 'utf8'));
      resolve();
    });
    console.log('write returns', ws.write('abc'), ws.write(Buffer.from('def')));
    ws.end('ghi');
  });
}

function readSome(options) {
  return new Promise((resolve) => {
    const chunks = [];
    const rs = fs.createReadStream(at('w.txt'), options);
    rs.on('data', (chunk) => chunks.push(typeof chunk === 'string' ? chunk : `<${chunk.length}>${chunk}`));
    rs.on('end', () => console.log('end', rs.bytesRead));
    rs.on('close', () => {
      console.log('chunks', JSON.stringify(options), chunks);
      resolve();
    });
  });
}

function failing() {
  return new Promise((resolve) => {
    const rs = fs.createReadStream(at('nope'));
    rs.on('error', (e) => console.log('read error', show(e)));
    rs.on('close', () => {
      const ws = fs.createWriteStream(at('no', 'such', 'dir.txt'));
      ws.on('error', (e) => console.log('write error', show(e)));
      ws.on('close', resolve);
    });
  });
}

async function main() {
  await writeSome();
  await readSome({ highWaterMark: 4 });
  await readSome({ start: 2, end: 5, encoding: 'utf8' });
  await readSome({ start: 7 });
  await new Promise((resolve) => {
    const ws = fs.createWriteStream(at('w.txt'), { flags: 'a' });
    ws.end('+appended', resolve);
  });
  await readSome({ encoding: 'hex', highWaterMark: 64 });
  await pipeline(fs.createReadStream(at('w.txt')), fs.createWriteStream(at('copy.txt')));
  console.log('pipeline', fs.readFileSync(at('copy.txt'), 'utf8'));
  await new Promise((resolve) => {
    fs.createReadStream(at('copy.txt'), { start: 3 })
      .pipe(fs.createWriteStream(at('piped.txt')))
      .on('finish', resolve);
  });
  console.log('pipe', fs.readFileSync(at('piped.txt'), 'utf8'));
  const big = Buffer.alloc(200000, 'x');
  fs.writeFileSync(at('big.bin'), big);
  let count = 0;
  let total = 0;
  for await (const chunk of fs.createReadStream(at('big.bin'))) {
    count++;
    total += chunk.length;
  }
  console.log('async iteration', count, total);
  await failing();
  fs.rmSync(base, { recursive: true });
  console.log('cleaned', fs.existsSync(base));
}

main();
