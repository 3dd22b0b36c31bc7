// CommonJS: relative files, .json, folders (index.js, package.json main), node_modules,
// cycles, module/exports/__filename/__dirname, require.resolve and require.cache.
const path = require('path');
const base = path.join(__dirname, 'fixtures/cjs');
const a = require('./fixtures/cjs/a');
console.log(a.name, a.seenB, a.bSawPartialA);
console.log(require('./fixtures/cjs/data.json').value, require('./fixtures/cjs/lib').index);
console.log(require('./fixtures/cjs/pkg').main, require('./fixtures/cjs/entry').dep);
console.log(path.relative(base, require.resolve('./fixtures/cjs/lib')));
console.log(path.basename(__filename), path.basename(__dirname), module.id, require.main === module);
// `process` loads after the main module started, and still knows it.
console.log('mainModule', process.mainModule === module, process.mainModule === require.main);
console.log(typeof module.exports, typeof exports, this === module.exports);
console.log(Object.keys(require.cache).length > 3, module.children.length > 0);
try { require('./fixtures/cjs/missing'); } catch (e) { console.log(e.code, e.message.split('\n')[0].replace(__dirname, '.')); }
try { require('no-such-package'); } catch (e) { console.log(e.code); }
console.log(require('module').builtinModules.includes('path'), typeof require('module').createRequire);
const req = require('module').createRequire(path.join(base, 'x.js'));
console.log(req('./data.json').value);
