// `path` (POSIX, as on the Linux hosts konnectors run on).
'use strict';

function checkString(value, name) {
  if (typeof value !== 'string') {
    const error = new TypeError(`The "${name}" argument must be of type string.` +
      ` Received ${value === null ? 'null' : typeof value === 'object' ? 'an instance of ' +
      (value.constructor?.name || 'Object') : `type ${typeof value} (${String(value)})`}`);
    error.code = 'ERR_INVALID_ARG_TYPE';
    throw error;
  }
}

// Resolves '.' and '..' segments; `absolute` paths cannot go above '/'.
function normalizeSegments(path, absolute) {
  const out = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
    } else {
      out.push(segment);
    }
  }
  return out.join('/');
}

function normalize(path) {
  checkString(path, 'path');
  if (path === '') return '.';
  const absolute = path.startsWith('/');
  const trailing = path.endsWith('/');
  let body = normalizeSegments(path, absolute);
  if (body === '' && !absolute) body = '.';
  if (body !== '' && trailing) body += '/';
  return (absolute ? '/' : '') + body;
}

function join(...parts) {
  for (const part of parts) checkString(part, 'path');
  const joined = parts.filter((p) => p !== '').join('/');
  return joined === '' ? '.' : normalize(joined);
}

function resolve(...parts) {
  let resolved = '';
  for (let i = parts.length - 1; i >= -1 && !resolved.startsWith('/'); i--) {
    const part = i >= 0 ? parts[i] : process.cwd();
    checkString(part, `paths[${i}]`);
    if (part !== '') resolved = resolved === '' ? part : part + '/' + resolved;
  }
  const body = normalizeSegments(resolved, true);
  return '/' + body;
}

function isAbsolute(path) {
  checkString(path, 'path');
  return path.startsWith('/');
}

function relative(from, to) {
  checkString(from, 'from');
  checkString(to, 'to');
  if (from === to) return '';
  const a = resolve(from).split('/').filter(Boolean);
  const b = resolve(to).split('/').filter(Boolean);
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return [...Array(a.length - common).fill('..'), ...b.slice(common)].join('/');
}

function dirname(path) {
  checkString(path, 'path');
  if (path === '') return '.';
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  const slash = trimmed.lastIndexOf('/');
  if (slash === -1) return '.';
  if (slash === 0) return '/';
  return trimmed.slice(0, slash).replace(/\/+$/, '') || '/';
}

function basename(path, ext) {
  checkString(path, 'path');
  if (ext !== undefined) checkString(ext, 'ext');
  const trimmed = path.replace(/\/+$/, '');
  let base = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  if (ext !== undefined && ext !== base && base.endsWith(ext)) base = base.slice(0, -ext.length);
  return base;
}

function extname(path) {
  checkString(path, 'path');
  const base = basename(path);
  const dot = base.lastIndexOf('.');
  if (dot <= 0 || base === '..') return '';
  return base.slice(dot);
}

function parse(path) {
  checkString(path, 'path');
  const root = path.startsWith('/') ? '/' : '';
  if (path === '' || path === '/') return { root, dir: root, base: '', ext: '', name: '' };
  const base = basename(path);
  const ext = extname(path);
  let dir = dirname(path);
  if (dir === '.' && !path.startsWith('./')) dir = '';
  return { root, dir, base, ext, name: ext ? base.slice(0, -ext.length) : base };
}

function format(object) {
  if (object === null || typeof object !== 'object') {
    const error = new TypeError('The "pathObject" argument must be of type object');
    error.code = 'ERR_INVALID_ARG_TYPE';
    throw error;
  }
  const dir = object.dir || object.root || '';
  const base = object.base || `${object.name || ''}${object.ext ? (object.ext.startsWith('.') ? '' : '.') + object.ext : ''}`;
  if (!dir) return base;
  return dir === object.root ? dir + base : dir + '/' + base;
}

const posix = {
  sep: '/',
  delimiter: ':',
  normalize,
  join,
  resolve,
  isAbsolute,
  relative,
  dirname,
  basename,
  extname,
  parse,
  format,
  toNamespacedPath: (path) => path,
};
posix.posix = posix;
// Windows paths never occur on the hosts: win32 answers as posix does.
posix.win32 = posix;

module.exports = posix;
