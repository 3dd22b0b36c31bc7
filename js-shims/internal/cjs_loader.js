// CommonJS modules as Node loads them: resolution (relative files, folders with
// package.json `main` or index.js, node_modules up to the konnector's folder), the module
// cache (cycles see partial exports), `require.resolve`, `require.cache`, `createRequire`.
// `cozy-konnector-libs` and `cheerio` fall back to kvm's own (konnector-lib/) when the
// konnector has no copy.
// Files are read through the host, which refuses anything outside the konnector's folder.
'use strict';

const ops = require('internal/ops');
const data = require('internal/run_data');
const path = require('path');
const builtins = require('internal/builtins');
const loadedShim = require.loaded;

const EXTENSIONS = ['.js', '.json', '.node', '.cjs'];

class Module {
  constructor(id = '', parent) {
    this.id = id;
    this.path = path.dirname(id);
    this.exports = {};
    this.filename = null;
    this.loaded = false;
    this.children = [];
    this.paths = nodeModulePaths(this.path);
    Object.defineProperty(this, 'parent', { value: parent, writable: true, enumerable: false });
    if (parent) parent.children.push(this);
  }

  require(request) {
    if (typeof request !== 'string' || request === '') {
      const error = new TypeError(`The "id" argument must be of type string. Received ${
        request === '' ? "''" : typeof request}`);
      error.code = request === '' ? 'ERR_INVALID_ARG_VALUE' : 'ERR_INVALID_ARG_TYPE';
      throw error;
    }
    return Module._load(request, this, false);
  }

  _compile(source, filename) {
    const wrapper = ops.compileFunction(source, filename);
    const require = makeRequire(this);
    return wrapper.call(this.exports, this.exports, require, this, filename, path.dirname(filename));
  }
}

Module._cache = Object.create(null);
Module.builtinModules = builtins.builtinModules;
Module.isBuiltin = builtins.isBuiltin;
Module.wrapper = ['(function (exports, require, module, __filename, __dirname) { ', '\n});'];
Module.wrap = (source) => Module.wrapper[0] + source + Module.wrapper[1];

Module._extensions = {
  '.js'(module, filename) {
    module._compile(ops.readFile(filename), filename);
  },
  '.json'(module, filename) {
    const text = ops.readFile(filename);
    try {
      module.exports = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch (error) {
      error.message = filename + ': ' + error.message;
      throw error;
    }
  },
  '.node'(module, filename) {
    const error = new Error(`Cannot load native addon ${filename}: kvm runs no native code ` +
      '(capability "native addons" is not granted)');
    error.code = 'ERR_ACCESS_DENIED';
    throw error;
  },
};
Module._extensions['.cjs'] = Module._extensions['.js'];

// The konnector's folder: node_modules lookup never goes above it.
const ROOT = data.cwd;

function nodeModulePaths(from) {
  const paths = [];
  let dir = from;
  while (dir === ROOT || dir.startsWith(ROOT === '/' ? '/' : ROOT + '/')) {
    if (path.basename(dir) !== 'node_modules') paths.push(path.join(dir, 'node_modules'));
    if (dir === ROOT) break;
    dir = path.dirname(dir);
  }
  return paths;
}

function isFile(p) {
  return ops.statKind(p) === 'file';
}

function tryExtensions(base) {
  if (isFile(base)) return base;
  for (const ext of EXTENSIONS) {
    if (isFile(base + ext)) return base + ext;
  }
  return null;
}

function readPackage(dir) {
  const file = path.join(dir, 'package.json');
  if (!isFile(file)) return null;
  try {
    return JSON.parse(ops.readFile(file));
  } catch (error) {
    error.message = `Error parsing ${file}: ${error.message}`;
    throw error;
  }
}

// The `require` target of a package.json "exports" for the package's root entry.
function exportsTarget(exports, subpath) {
  if (typeof exports === 'string') return subpath === '.' ? exports : null;
  if (Array.isArray(exports)) {
    for (const item of exports) {
      const target = exportsTarget(item, subpath);
      if (target) return target;
    }
    return null;
  }
  if (exports === null || typeof exports !== 'object') return null;
  const keys = Object.keys(exports);
  if (keys.length > 0 && keys[0].startsWith('.')) {
    if (Object.prototype.hasOwnProperty.call(exports, subpath)) {
      return exportsTarget(exports[subpath], '.');
    }
    for (const key of keys) {
      const star = key.indexOf('*');
      if (star !== -1 && subpath.startsWith(key.slice(0, star)) &&
          subpath.endsWith(key.slice(star + 1))) {
        const middle = subpath.slice(star, subpath.length - (key.length - star - 1));
        const target = exportsTarget(exports[key], '.');
        return target && target.split('*').join(middle);
      }
    }
    return null;
  }
  for (const condition of ['require', 'node', 'default']) {
    if (Object.prototype.hasOwnProperty.call(exports, condition)) {
      const target = exportsTarget(exports[condition], subpath);
      if (target) return target;
    }
  }
  return null;
}

function tryDirectory(dir) {
  const pkg = readPackage(dir);
  if (pkg && typeof pkg.main === 'string' && pkg.main !== '') {
    const main = path.resolve(dir, pkg.main);
    const found = tryExtensions(main) || tryIndex(main);
    if (found) return found;
  }
  return tryIndex(dir);
}

function tryIndex(dir) {
  for (const ext of EXTENSIONS) {
    const file = path.join(dir, 'index' + ext);
    if (isFile(file)) return file;
  }
  return null;
}

function tryPath(p) {
  return tryExtensions(p) || (ops.statKind(p) === 'dir' ? tryDirectory(p) : null);
}

function resolvePackage(request, paths) {
  const parts = request.split('/');
  const nameLength = request.startsWith('@') ? 2 : 1;
  const name = parts.slice(0, nameLength).join('/');
  const subpath = parts.length > nameLength ? './' + parts.slice(nameLength).join('/') : '.';
  for (const dir of paths) {
    const packageDir = path.join(dir, name);
    if (ops.statKind(packageDir) !== 'dir') continue;
    const pkg = readPackage(packageDir);
    if (pkg && pkg.exports !== undefined) {
      const target = exportsTarget(pkg.exports, subpath);
      if (target) {
        const file = path.resolve(packageDir, target);
        if (isFile(file)) return file;
      }
      continue;
    }
    const found = tryPath(path.join(dir, request));
    if (found) return found;
  }
  return null;
}

function notFound(request, parent) {
  const stack = [];
  for (let m = parent; m && m.filename; m = m.parent) stack.push(m.filename);
  let message = `Cannot find module '${request}'`;
  if (stack.length > 0) message += '\nRequire stack:\n- ' + stack.join('\n- ');
  const error = new Error(message);
  error.code = 'MODULE_NOT_FOUND';
  error.requireStack = stack;
  return error;
}

Module._resolveFilename = function (request, parent) {
  if (builtins.isBuiltin(request)) return request;
  if (request.startsWith('node:')) throw notFound(request, parent);
  const base = parent && parent.filename ? path.dirname(parent.filename) : data.cwd;
  let found;
  if (request.startsWith('./') || request.startsWith('../') || request.startsWith('/') ||
      request === '.' || request === '..') {
    found = tryPath(path.resolve(base, request));
  } else {
    found = resolvePackage(request, parent ? parent.paths : nodeModulePaths(base)) ||
      builtins.packageId(request);
  }
  if (!found) throw notFound(request, parent);
  return found;
};

Module._load = function (request, parent, isMain) {
  const filename = Module._resolveFilename(request, parent);
  if (builtins.isBuiltin(filename)) return builtins.requirePublic(filename);
  if (builtins.isPackageId(filename)) return builtins.requirePackage(filename);
  const cached = Module._cache[filename];
  if (cached) {
    if (parent && !parent.children.includes(cached)) parent.children.push(cached);
    return cached.exports;
  }
  const module = new Module(filename, parent);
  module.filename = filename;
  if (isMain) {
    module.id = '.';
    Module._main = module;
    // `process` loads on first use and then takes `_main` itself: set it only if it is here.
    const process = loadedShim('process');
    if (process) process.mainModule = module;
  }
  Module._cache[filename] = module;
  let ok = false;
  try {
    const ext = path.extname(filename);
    (Module._extensions[ext] || Module._extensions['.js'])(module, filename);
    ok = true;
  } finally {
    if (!ok) delete Module._cache[filename];
  }
  module.loaded = true;
  return module.exports;
};

function makeRequire(module) {
  const require = (request) => module.require(request);
  require.resolve = (request) => Module._resolveFilename(request, module);
  require.resolve.paths = (request) =>
    builtins.isBuiltin(request) ? null : module.paths.slice();
  require.cache = Module._cache;
  require.extensions = Module._extensions;
  Object.defineProperty(require, 'main', { get: () => Module._main, enumerable: true });
  return require;
}

Module.createRequire = function (filename) {
  const file = String(filename).startsWith('file:')
    ? require('url').fileURLToPath(filename) : String(filename);
  const module = new Module(file, null);
  module.filename = file;
  return makeRequire(module);
};

Module.Module = Module;

function runMain(filename) {
  Module._load(filename, null, true);
}

module.exports = { Module, runMain };
