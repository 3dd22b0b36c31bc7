// fs descriptors: open flags, positioned and sequential reads and writes, fstat, ftruncate,
// readv/writev, closed descriptors; all in a folder of its own under os.tmpdir().
const fs = require('fs');
const os = require('os');
const path = require('path');

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'kvm-'));
const at = (...names) => path.join(base, ...names);
const show = (e) => `${e.code} ${e.syscall} ${e.errno} ${e.message.split(base).join('<tmp>')}`;
function attempt(label, f) {
  try {
    console.log(label, f());
  } catch (e) {
    console.log(label, show(e));
  }
}

const fd = fs.openSync(at('f.txt'), 'w+');
console.log('fd', typeof fd, Number.isInteger(fd));
console.log('write', fs.writeSync(fd, 'hello world'));
console.log('write at', fs.writeSync(fd, 'W', 6));
console.log('write buffer', fs.writeSync(fd, Buffer.from('--!!--'), 2, 2));
const buf = Buffer.alloc(20);
console.log('read at 0', fs.readSync(fd, buf, 0, 20, 0), buf.toString('utf8', 0, 13));
console.log('read options', fs.readSync(fd, buf, { offset: 1, length: 3, position: 6 }), buf.subarray(0, 4));
console.log('read at end', fs.readSync(fd, buf, 0, 5, null));
console.log('fstat', fs.fstatSync(fd).size, fs.fstatSync(fd).isFile());
fs.ftruncateSync(fd, 5);
console.log('ftruncate', fs.readFileSync(at('f.txt'), 'utf8'));
console.log('writev', fs.writevSync(fd, [Buffer.from('ab'), Buffer.from('cd')], 0));
const parts = [Buffer.alloc(2), Buffer.alloc(3)];
console.log('readv', fs.readvSync(fd, parts, 0), parts.map(String));
fs.fsyncSync(fd);
fs.fdatasyncSync(fd);
fs.closeSync(fd);
attempt('closed read', () => fs.readSync(fd, buf, 0, 1, 0));
attempt('closed close', () => fs.closeSync(fd));
attempt('closed fstat', () => fs.fstatSync(fd));

// Flags.
const append = fs.openSync(at('f.txt'), 'a');
fs.writeSync(append, 'Z', 0);
fs.closeSync(append);
console.log('append ignores position', fs.readFileSync(at('f.txt'), 'utf8'));
attempt('wx existing', () => fs.openSync(at('f.txt'), 'wx'));
attempt('r missing', () => fs.openSync(at('nope'), 'r'));
attempt('bad flag', () => fs.openSync(at('f.txt'), 'rw'));
const ro = fs.openSync(at('f.txt'), fs.constants.O_RDONLY);
attempt('write read-only', () => fs.writeSync(ro, 'x'));
console.log('readFile fd', fs.readFileSync(ro, 'utf8'));
fs.closeSync(ro);
const rw = fs.openSync(at('g.txt'), fs.constants.O_CREAT | fs.constants.O_RDWR, 0o600);
fs.writeFileSync(rw, 'via fd');
fs.appendFileSync(rw, ' and more');
console.log('writeFile fd', fs.readFileSync(at('g.txt'), 'utf8'), (fs.fstatSync(rw).mode & 0o777).toString(8));
fs.closeSync(rw);
attempt('bad fd', () => fs.closeSync(-1));
attempt('fd type', () => fs.fstatSync('3'));

fs.rmSync(base, { recursive: true });
console.log('cleaned', fs.existsSync(base));
