// fs, synchronous calls, in a folder of its own under os.tmpdir() (the run's scratch folder
// under kvm): files, encodings, folders, renames, copies, removal. Prints paths relative to
// that folder so node and kvm print the same.
const fs = require('fs');
const os = require('os');
const path = require('path');

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'kvm-'));
const at = (...names) => path.join(base, ...names);
const show = (e) => `${e.name} ${e.code} ${e.syscall} ${e.errno} ${e.message.split(base).join('<tmp>')}`;
function attempt(label, f) {
  try {
    console.log(label, f());
  } catch (e) {
    console.log(label, show(e));
  }
}

console.log('mkdtemp', path.basename(base).length, path.dirname(base) === os.tmpdir());

// Files and encodings.
fs.writeFileSync(at('a.txt'), 'héllo');
console.log(fs.readFileSync(at('a.txt')));
console.log(fs.readFileSync(at('a.txt'), 'utf8'), fs.readFileSync(at('a.txt'), { encoding: 'hex' }));
fs.appendFileSync(at('a.txt'), ' wörld');
console.log(fs.readFileSync(at('a.txt'), 'latin1'));
fs.writeFileSync(at('b.bin'), 'aGVsbG8=', 'base64');
console.log(fs.readFileSync(at('b.bin'), 'utf8'));
fs.writeFileSync(at('c.bin'), new Uint16Array([0x6968, 0x2121]));
console.log(fs.readFileSync(at('c.bin'), 'ascii'));
fs.writeFileSync(at('d.txt'), Buffer.from('buffer data'), { flag: 'w' });
console.log(fs.readFileSync(at('d.txt'), { encoding: 'utf8', flag: 'r' }));
attempt('wx on existing', () => fs.writeFileSync(at('d.txt'), 'x', { flag: 'wx' }));
fs.writeFileSync(at('empty'), '');
console.log('empty', fs.readFileSync(at('empty')).length);

// Metadata.
const st = fs.statSync(at('a.txt'));
console.log('stat', st.isFile(), st.isDirectory(), st.isSymbolicLink(), st.size, st instanceof fs.Stats);
console.log('mtime', st.mtime instanceof Date, typeof st.mtimeMs, st.mtime.getTime() === Math.round(st.mtimeMs));
console.log('dir', fs.statSync(base).isDirectory(), fs.lstatSync(base).isDirectory());
console.log('bigint', typeof fs.statSync(at('a.txt'), { bigint: true }).size);
console.log('no entry', fs.statSync(at('nope'), { throwIfNoEntry: false }));
attempt('stat missing', () => fs.statSync(at('nope')));
attempt('lstat missing', () => fs.lstatSync(at('nope', 'deeper')));
console.log('exists', fs.existsSync(at('a.txt')), fs.existsSync(at('nope')), fs.existsSync(''));
attempt('access', () => fs.accessSync(at('a.txt'), fs.constants.R_OK | fs.constants.W_OK));
attempt('access missing', () => fs.accessSync(at('nope')));
fs.chmodSync(at('d.txt'), 0o600);
console.log('mode', (fs.statSync(at('d.txt')).mode & 0o777).toString(8));
fs.chmodSync(at('d.txt'), '644');
console.log('mode', (fs.statSync(at('d.txt')).mode & 0o777).toString(8));
fs.utimesSync(at('d.txt'), 1000, new Date(2000000));
console.log('utimes', fs.statSync(at('d.txt')).mtimeMs, fs.statSync(at('d.txt')).atimeMs);
fs.truncateSync(at('d.txt'), 6);
console.log('truncate', fs.readFileSync(at('d.txt'), 'utf8'));
fs.truncateSync(at('d.txt'));
console.log('truncate', fs.statSync(at('d.txt')).size);

// Folders.
console.log('mkdir -p', fs.mkdirSync(at('x', 'y', 'z'), { recursive: true }).slice(base.length));
console.log('mkdir -p again', fs.mkdirSync(at('x', 'y'), { recursive: true }));
console.log('mkdir', fs.mkdirSync(at('w')));
attempt('mkdir existing', () => fs.mkdirSync(at('w')));
attempt('mkdir under a file', () => fs.mkdirSync(at('a.txt', 'sub'), { recursive: true }));
attempt('mkdir no parent', () => fs.mkdirSync(at('q', 'r')));
fs.writeFileSync(at('x', 'y', 'f.txt'), 'f');
console.log('readdir', fs.readdirSync(base).sort());
console.log('types', fs.readdirSync(at('x', 'y'), { withFileTypes: true })
  .map((d) => `${d.name}:${d.isDirectory() ? 'd' : d.isFile() ? 'f' : '?'}:${d.parentPath === at('x', 'y')}`)
  .sort());
console.log('recursive', fs.readdirSync(at('x'), { recursive: true }).sort());
console.log('buffer names', fs.readdirSync(at('x', 'y'), 'buffer').map((b) => Buffer.isBuffer(b)));
attempt('readdir file', () => fs.readdirSync(at('a.txt')));
attempt('readdir missing', () => fs.readdirSync(at('nope')));
attempt('read dir', () => fs.readFileSync(base));
attempt('write dir', () => fs.writeFileSync(base, 'x'));

// Renames, copies, links.
fs.renameSync(at('b.bin'), at('w', 'moved.bin'));
console.log('renamed', fs.existsSync(at('b.bin')), fs.readFileSync(at('w', 'moved.bin'), 'utf8'));
attempt('rename missing', () => fs.renameSync(at('nope'), at('other')));
fs.copyFileSync(at('a.txt'), at('copy.txt'));
console.log('copied', fs.readFileSync(at('copy.txt'), 'utf8'));
attempt('copy excl', () => fs.copyFileSync(at('a.txt'), at('copy.txt'), fs.constants.COPYFILE_EXCL));
attempt('copy missing', () => fs.copyFileSync(at('nope'), at('copy2.txt')));
fs.cpSync(at('x'), at('x2'), { recursive: true });
console.log('cp', fs.readdirSync(at('x2'), { recursive: true }).sort());
attempt('cp dir', () => fs.cpSync(at('x'), at('x3')));
console.log('realpath', path.relative(fs.realpathSync(base), fs.realpathSync(at('x', '..', 'a.txt'))));
attempt('realpath missing', () => fs.realpathSync.native(at('nope')));
attempt('readlink file', () => fs.readlinkSync(at('a.txt')));

// Removal.
attempt('rmdir not empty', () => fs.rmdirSync(at('x')));
attempt('rmdir file', () => fs.rmdirSync(at('a.txt')));
attempt('unlink dir', () => fs.unlinkSync(at('w')));
attempt('rm dir', () => fs.rmSync(at('w')));
attempt('rm missing', () => fs.rmSync(at('nope')));
console.log('rm force', fs.rmSync(at('nope'), { force: true }));
fs.unlinkSync(at('copy.txt'));
fs.rmSync(at('x'), { recursive: true });
fs.rmdirSync(at('x2'), { recursive: true });
console.log('left', fs.readdirSync(base).sort());

fs.rmSync(base, { recursive: true, force: true });
console.log('cleaned', fs.existsSync(base));
