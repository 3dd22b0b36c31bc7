// fs on the script's own folder (the konnector's, read-only under kvm): relative paths resolve
// against process.cwd(), which is the script's folder here; reads, listings, stats, streams.
const fs = require('fs');
const path = require('path');

console.log('cwd', process.cwd() === __dirname, fs.realpathSync('.') === fs.realpathSync(__dirname));
console.log('json', JSON.parse(fs.readFileSync('fixtures/cjs/data.json', 'utf8')));
console.log('same file', fs.readFileSync(path.join(__dirname, 'fixtures/cjs/data.json'))
  .equals(fs.readFileSync('./fixtures/../fixtures/cjs/data.json')));
console.log('listing', fs.readdirSync('fixtures/cjs').sort());
console.log('tree', fs.readdirSync('fixtures/cjs/node_modules', { recursive: true }).sort());
console.log('stat', fs.statSync(__filename).isFile(), fs.statSync('fixtures').isDirectory());
console.log('exists', fs.existsSync(__filename), fs.existsSync('fixtures/none.json'));
console.log('access', fs.accessSync(__filename, fs.constants.R_OK));
const fd = fs.openSync(__filename, 'r');
const head = Buffer.alloc(14);
fs.readSync(fd, head, 0, 14, 3);
console.log('head', head.toString());
fs.closeSync(fd);
fs.createReadStream(__filename, { end: 29, encoding: 'utf8' })
  .on('data', (chunk) => console.log('stream', JSON.stringify(chunk)))
  .on('close', () => {
    fs.promises.readFile('fixtures/cjs/a.js', 'utf8')
      .then((text) => console.log('promise', text.split('\n').length > 1));
  });
