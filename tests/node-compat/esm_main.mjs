// An ES module main: relative imports and built-ins by bare and node: names.
import path from 'path';
import { join } from 'node:path';
import { double } from './fixtures/esm/double.mjs';
console.log(path.basename('/x/y.mjs'), join('a', 'b'), double(21));
console.log(typeof require, typeof import.meta);
await new Promise((resolve) => setTimeout(resolve, 5));
console.log('after top-level await');
