// fs callback and promise forms, FileHandle and opendir, run one after the other in a folder
// of its own under os.tmpdir(): results, error codes, and what throws at once.
const fs = require('fs');
const fsp = require('fs/promises');
const os = require('os');
const path = require('path');
const { promisify } = require('util');

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'kvm-'));
const at = (...names) => path.join(base, ...names);
const show = (e) => `${e.code} ${e.syscall} ${e.message.split(base).join('<tmp>')}`;

console.log('same object', fs.promises === fsp, require('node:fs/promises') === fsp);
console.log('names', fs.readFile.name, fs.writeFileSync.name, typeof fsp.readFile);

function callbacks(done) {
  fs.writeFile(at('a.txt'), 'one', (err) => {
    console.log('writeFile', err);
    fs.appendFile(at('a.txt'), ' two', 'utf8', (err) => {
      console.log('appendFile', err);
      fs.readFile(at('a.txt'), 'utf8', (err, data) => {
        console.log('readFile', err, data);
        fs.stat(at('a.txt'), (err, st) => {
          console.log('stat', err, st.size, st.isFile());
          fs.readFile(at('nope'), (err, data) => {
            console.log('readFile missing', show(err), data);
            fs.mkdir(at('d', 'e'), { recursive: true }, (err, first) => {
              console.log('mkdir', err, path.relative(base, first));
              fs.readdir(base, (err, names) => {
                console.log('readdir', err, names.sort());
                fs.exists(at('a.txt'), (found) => {
                  console.log('exists', found);
                  fs.open(at('a.txt'), 'r', (err, fd) => {
                    fs.read(fd, Buffer.alloc(3), 0, 3, 0, (err, n, buf) => {
                      console.log('read', err, n, buf.toString());
                      fs.close(fd, (err) => {
                        console.log('close', err);
                        fs.rm(at('d'), { recursive: true }, (err) => {
                          console.log('rm', err, fs.existsSync(at('d')));
                          done();
                        });
                      });
                    });
                  });
                });
              });
            });
          });
        });
      });
    });
  });
}

async function promises() {
  await fsp.writeFile(at('p.txt'), 'promised');
  console.log('readFile', await fsp.readFile(at('p.txt'), 'utf8'));
  await fsp.appendFile(at('p.txt'), Buffer.from('!'));
  console.log('stat', (await fsp.stat(at('p.txt'))).size);
  await fsp.mkdir(at('q'));
  await fsp.rename(at('p.txt'), at('q', 'p.txt'));
  console.log('readdir', await fsp.readdir(at('q')));
  await fsp.copyFile(at('q', 'p.txt'), at('q', 'copy.txt'));
  console.log('access', await fsp.access(at('q', 'copy.txt')));
  try {
    await fsp.readFile(at('nope'));
  } catch (e) {
    console.log('rejects', show(e));
  }
  try {
    await fsp.readFile(42.5);
  } catch (e) {
    console.log('bad argument rejects', e.code);
  }
  const handle = await fsp.open(at('h.txt'), 'w+');
  console.log('handle', typeof handle.fd);
  await handle.writeFile('handle data');
  console.log('handle write', (await handle.write('!', 11)).bytesWritten);
  const { bytesRead, buffer } = await handle.read(Buffer.alloc(6), 0, 6, 0);
  console.log('handle read', bytesRead, buffer.toString());
  console.log('handle stat', (await handle.stat()).size);
  await handle.truncate(6);
  console.log('handle readFile', await fsp.readFile(handle, 'utf8'));
  await handle.close();
  await fsp.writeFile(at('iter.txt'), ['a', 'b', Buffer.from('c')]);
  console.log('iterable', await fsp.readFile(at('iter.txt'), 'utf8'));
  const dir = await fsp.opendir(base);
  const names = [];
  for await (const entry of dir) names.push(`${entry.name}:${entry.isDirectory()}`);
  console.log('opendir', names.sort());
  const sync = fs.opendirSync(at('q'));
  const first = sync.readSync();
  console.log('dir', path.relative(base, sync.path), typeof first.name);
  sync.closeSync();
  try {
    sync.readSync();
  } catch (e) {
    console.log('closed dir', e.code);
  }
  console.log('promisify', await promisify(fs.readFile)(at('h.txt'), 'utf8'));
  await fsp.rm(at('q'), { recursive: true });
  console.log('mkdtemp', path.dirname(await fsp.mkdtemp(at('t-'))) === base);
}

try {
  fs.readFile(at('a.txt'));
} catch (e) {
  console.log('no callback', e.code);
}
try {
  fs.readFile(12.5, () => {});
} catch (e) {
  console.log('bad path throws', e.code);
}

callbacks(() => promises().then(() => {
  fs.rmSync(base, { recursive: true });
  console.log('cleaned', fs.existsSync(base));
}));
