// fs's surface and argument checks: export names and types, constants, Stats and Dirent
// shapes, and the errors Node throws for bad paths, flags, encodings, modes and callbacks.
const fs = require('fs');
const fsp = require('fs/promises');
const os = require('os');
const path = require('path');

function attempt(label, f) {
  try {
    console.log(label, f());
  } catch (e) {
    console.log(label, `${e.name} ${e.code} ${e.message}`);
  }
}

const kind = (value) => (value === undefined ? 'u' : typeof value === 'function' ? 'f' : typeof value[0]);
console.log(Object.keys(fs).map((k) => `${k}:${kind(fs[k])}`).join(' '));
console.log(Object.keys(fsp).map((k) => `${k}:${kind(fsp[k])}`).join(' '));
console.log(fs.constants.O_CREAT, fs.constants.O_APPEND, fs.constants.S_IFDIR, fs.F_OK, fs.R_OK,
  fs.W_OK, fs.X_OK, fs.constants.COPYFILE_EXCL, fsp.constants === fs.constants);
console.log(typeof fs.Stats, fs.Stats.length, typeof fs.Dirent, typeof fs.ReadStream,
  typeof fs.realpathSync.native, typeof fs.realpath.native, fs.lchmod);

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'kvm-'));
const file = path.join(base, 'f.txt');
fs.writeFileSync(file, 'x');

const dirent = fs.readdirSync(base, { withFileTypes: true })[0];
console.log(Object.keys(dirent), dirent instanceof fs.Dirent, dirent.isFile());
console.log(Object.keys(fs.statSync(file)).join(' '));
console.log(Object.keys(fs.statSync(file, { bigint: true })).join(' '));

attempt('path number', () => fs.readFileSync(12.5));
attempt('path object', () => fs.statSync({}));
attempt('path null byte', () => fs.existsSync('a\u0000b') || fs.statSync('a\u0000b'));
attempt('path URL', () => fs.readFileSync(new URL(`file://${file}`), 'utf8'));
attempt('path Buffer', () => fs.readFileSync(Buffer.from(file), 'utf8'));
attempt('URL scheme', () => fs.readFileSync(new URL('http://example.com/')));
attempt('encoding', () => fs.readFileSync(file, 'utf9'));
attempt('options type', () => fs.readFileSync(file, 42));
attempt('flag', () => fs.readFileSync(file, { flag: 'q' }));
attempt('data type', () => fs.writeFileSync(file, 42));
attempt('data object', () => fs.writeFileSync(file, { toString: () => 'y' }));
attempt('mode', () => fs.chmodSync(file, 'rwx'));
attempt('mkdir recursive', () => fs.mkdirSync(path.join(base, 'd'), { recursive: 'yes' }));
attempt('rm options', () => fs.rmSync(file, { force: 1 }));
attempt('access mode', () => fs.accessSync(file, 8));
attempt('copy mode', () => fs.copyFileSync(file, file + '2', 1.5));
attempt('callback', () => fs.stat(file));
attempt('exists callback', () => fs.exists(file));
attempt('read buffer', () => fs.readSync(fs.openSync(file), 'nope'));
attempt('write data', () => fs.writeSync(1, 42));
attempt('empty path', () => fs.readFileSync(''));
attempt('openAsBlob type', () => fs.openAsBlob(file, { type: 1 }));
attempt('start > end', () => fs.createReadStream(file, { start: 5, end: 2 }));

fs.openAsBlob(file, { type: 'text/plain' }).then(async (blob) => {
  console.log('blob', blob.size, blob.type, await blob.text());
  fs.rmSync(base, { recursive: true });
  console.log('cleaned', fs.existsSync(base));
});
