// path (posix).
const path = require('path');
const cases = [
  ['normalize', '/a//b/../c/.'], ['normalize', 'a/../../b'], ['normalize', ''], ['normalize', './x/'],
  ['join', 'a', '../b', 'c/'], ['join', '/a', '', 'b'], ['join'],
  ['dirname', '/a/b/c'], ['dirname', 'a'], ['dirname', '/'], ['dirname', '/a/'],
  ['basename', '/a/b.txt'], ['basename', '/a/b.txt', '.txt'], ['basename', 'dir/'],
  ['extname', 'a.tar.gz'], ['extname', '.bashrc'], ['extname', 'a.'], ['extname', 'a'],
  ['isAbsolute', '/x'], ['isAbsolute', 'x'],
  ['relative', '/a/b/c', '/a/d'], ['relative', '/a', '/a/b/c'],
  ['resolve', '/a', 'b', '../c'], ['resolve', '/x', '/y', 'z'],
];
for (const [fn, ...args] of cases) console.log(fn, JSON.stringify(args), JSON.stringify(path[fn](...args)));
console.log(JSON.stringify(path.parse('/home/u/file.txt')), JSON.stringify(path.parse('rel/x')));
console.log(path.format({ dir: '/a', name: 'b', ext: '.c' }), path.sep, path.delimiter);
console.log(path.posix === path, require('node:path') === path);
try { path.join(1); } catch (e) { console.log(e.code, e.message); }
