'use strict';
// The synchronous half of `fs`, over the host's calls (runtime/src/ops/fs/): the callback,
// promise and stream forms are built on these. Paths go to the host as the script wrote them
// (relative ones are relative to the konnector's folder, `process.cwd()`); the host resolves
// and checks them, and its errors carry the script's path.

const ops = require('internal/ops');
const pathModule = require('path');
const u = require('internal/fs/utils');
const { toStats, Dirent } = require('internal/fs/stats');

const { constants, getBuffer, toPath, getOptions, validateFd, validateInteger } = u;
const { F_OK, S_IFMT, S_IFREG, S_IFDIR, COPYFILE_EXCL, UV_DIRENT_DIR, UV_DIRENT_LINK } = constants;
const READ_CHUNK = 64 * 1024;

function validateBoolean(value, name) {
  if (typeof value !== 'boolean') throw u.invalidArgType(name, 'of type boolean', value);
  return value;
}

function validateObject(value, name) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw u.invalidArgType(name, 'of type object', value);
  }
  return value;
}

function validateView(value, name = 'buffer') {
  if (!ArrayBuffer.isView(value)) {
    throw u.invalidArgType(name, 'an instance of Buffer, TypedArray, or DataView', value);
  }
}

// Any ArrayBufferView as the bytes it covers.
const bytesOf = (view) => (view instanceof Uint8Array ? view
  : new Uint8Array(view.buffer, view.byteOffset, view.byteLength));

// A file position for the host: -1 means "where the file is".
function toPosition(position) {
  if (position == null) return -1;
  if (typeof position === 'bigint') position = Number(position);
  if (typeof position !== 'number') throw u.invalidArgType('position', 'of type number', position);
  if (!Number.isInteger(position) || position < -1) {
    throw u.outOfRange('position', 'an integer >= -1', position);
  }
  return position;
}

const encodeName = (name, encoding) =>
  (encoding === 'buffer' ? getBuffer().from(name) : name);

// --- Metadata ------------------------------------------------------------------------------

function existsSync(path) {
  try {
    ops.fsAccess(toPath(path), F_OK);
    return true;
  } catch {
    return false;
  }
}

function accessSync(path, mode) {
  path = toPath(path);
  ops.fsAccess(path, u.validateMode(mode, F_OK));
}

function statPath(path, options, follow) {
  path = toPath(path);
  const bigint = options != null && options.bigint === true;
  try {
    return toStats(ops.fsStat(path, follow), bigint);
  } catch (error) {
    const quiet = options != null && options.throwIfNoEntry === false;
    if (quiet && (error.code === 'ENOENT' || error.code === 'ENOTDIR')) return undefined;
    throw error;
  }
}

const statSync = (path, options) => statPath(path, options, true);
const lstatSync = (path, options) => statPath(path, options, false);

function fstatSync(fd, options) {
  return toStats(ops.fsFstat(validateFd(fd)), options != null && options.bigint === true);
}

// The run's disk quota, as a file system of 4 KiB blocks.
function statfsSync(path, options) {
  ops.fsStat(toPath(path), true);
  const [limit, used] = ops.fsQuota();
  const blocks = Math.floor(limit / 4096);
  const free = Math.floor(Math.max(0, limit - used) / 4096);
  const values = { type: 0x01021994, bsize: 4096, blocks, bfree: free, bavail: free,
    files: blocks, ffree: free };
  const bigint = options != null && options.bigint === true;
  const statfs = Object.create(StatFs.prototype);
  for (const [key, value] of Object.entries(values)) statfs[key] = bigint ? BigInt(value) : value;
  return statfs;
}

function StatFs() {}

function realpathSync(path, options) {
  const { encoding } = getOptions(options);
  return u.encodeResult(ops.fsRealpath(toPath(path)), encoding);
}
realpathSync.native = realpathSync;

function readlinkSync(path, options) {
  const { encoding } = getOptions(options);
  return u.encodeResult(ops.fsReadlink(toPath(path, 'path')), encoding);
}

function chmodSync(path, mode) {
  ops.fsChmod(toPath(path), u.parseMode(mode, 'mode'));
}

function fchmodSync(fd, mode) {
  ops.fsFchmod(validateFd(fd), u.parseMode(mode, 'mode'));
}

function utimesSync(path, atime, mtime) {
  ops.fsUtimes(toPath(path), u.toUnixTimestamp(atime, 'atime'), u.toUnixTimestamp(mtime, 'mtime'));
}

function futimesSync(fd, atime, mtime) {
  ops.fsFutimes(validateFd(fd), u.toUnixTimestamp(atime, 'atime'),
    u.toUnixTimestamp(mtime, 'mtime'));
}

function validateIds(uid, gid) {
  validateInteger(uid, 'uid', -1, 4294967295);
  validateInteger(gid, 'gid', -1, 4294967295);
}

function chownSync(path, uid, gid) {
  path = toPath(path);
  validateIds(uid, gid);
  ops.fsStat(path, true);
  throw u.chownDenied('chown', path);
}

function lchownSync(path, uid, gid) {
  path = toPath(path);
  validateIds(uid, gid);
  ops.fsStat(path, false);
  throw u.chownDenied('lchown', path);
}

function fchownSync(fd, uid, gid) {
  validateIds(uid, gid);
  ops.fsFstat(validateFd(fd));
  throw u.chownDenied('fchown');
}

function symlinkSync(target, path) {
  throw u.linkDenied('symlink', toPath(target, 'target'), toPath(path));
}

function linkSync(existingPath, newPath) {
  throw u.linkDenied('link', toPath(existingPath, 'existingPath'), toPath(newPath, 'newPath'));
}

// --- Folders -------------------------------------------------------------------------------

function readdirSync(path, options) {
  path = toPath(path);
  options = getOptions(options);
  if (options.recursive) return readdirRecursive(path, options);
  return ops.fsReaddir(path).map(([name, type]) => (options.withFileTypes
    ? new Dirent(encodeName(name, options.encoding), type, path)
    : encodeName(name, options.encoding)));
}

// Breadth first, as Node lists: each folder's entries, then its subfolders'.
function readdirRecursive(base, options) {
  const results = [];
  const queue = [base];
  for (let i = 0; i < queue.length; i++) {
    const dir = queue[i];
    for (const [name, type] of ops.fsReaddir(dir)) {
      const full = pathModule.join(dir, name);
      if (options.withFileTypes) {
        results.push(new Dirent(encodeName(name, options.encoding), type, dir));
        if (type === UV_DIRENT_DIR) queue.push(full);
      } else {
        results.push(encodeName(pathModule.relative(base, full), options.encoding));
        // Node follows a symlink to a folder here (and only here).
        if (type === UV_DIRENT_DIR || (type === UV_DIRENT_LINK && isDirectory(full))) {
          queue.push(full);
        }
      }
    }
  }
  return results;
}

function isDirectory(path) {
  try {
    return (ops.fsStat(path, true)[1] & S_IFMT) === S_IFDIR;
  } catch {
    return false;
  }
}

function mkdirSync(path, options) {
  let mode = 0o777;
  let recursive = false;
  if (typeof options === 'number' || typeof options === 'string') {
    mode = u.parseMode(options, 'mode');
  } else if (options != null) {
    if (options.recursive !== undefined) {
      recursive = validateBoolean(options.recursive, 'options.recursive');
    }
    if (options.mode !== undefined) mode = u.parseMode(options.mode, 'options.mode');
  }
  path = toPath(path);
  const created = ops.fsMkdir(path, recursive, mode);
  if (!recursive || created === 0) return undefined;
  // The first folder made, written as the script wrote the path.
  let first = path;
  for (let i = 1; i < created; i++) first = pathModule.dirname(first);
  return first;
}

function mkdtempSync(prefix, options) {
  const { encoding } = getOptions(options);
  return u.encodeResult(ops.fsMkdtemp(toPath(prefix, 'prefix')), encoding);
}

function rmdirSync(path, options) {
  path = toPath(path);
  if (options != null && options.recursive === true) ops.fsRmTree(path);
  else ops.fsRmdir(path);
}

function rmOptions(options) {
  if (options == null) return { recursive: false, force: false };
  validateObject(options, 'options');
  return {
    recursive: options.recursive === undefined ? false
      : validateBoolean(options.recursive, 'options.recursive'),
    force: options.force === undefined ? false : validateBoolean(options.force, 'options.force'),
  };
}

function rmSync(path, options) {
  path = toPath(path);
  const { recursive, force } = rmOptions(options);
  let fields;
  try {
    fields = ops.fsStat(path, false);
  } catch (error) {
    if (force && error.code === 'ENOENT') return;
    throw error;
  }
  if ((fields[1] & S_IFMT) === S_IFDIR && !recursive) {
    throw u.isDirectoryError('rm', path);
  }
  ops.fsRmTree(path);
}

function unlinkSync(path) {
  ops.fsUnlink(toPath(path));
}

function renameSync(oldPath, newPath) {
  ops.fsRename(toPath(oldPath, 'oldPath'), toPath(newPath, 'newPath'));
}

function copyFileSync(src, dest, mode) {
  src = toPath(src, 'src');
  dest = toPath(dest, 'dest');
  mode = u.validateMode(mode, 0);
  ops.fsCopyFile(src, dest, (mode & COPYFILE_EXCL) !== 0);
}

// `cp -r` over copyFile (symlinks are copied as what they point to).
function cpSync(src, dest, options) {
  src = toPath(src, 'src');
  dest = toPath(dest, 'dest');
  const opts = { force: true, recursive: false, errorOnExist: false,
    ...(options == null ? {} : validateObject(options, 'options')) };
  copyEntry(src, dest, opts);
}

function copyEntry(src, dest, opts) {
  if (typeof opts.filter === 'function' && !opts.filter(src, dest)) return;
  const stats = statSync(src);
  if (stats.isDirectory()) {
    if (!opts.recursive) {
      throw u.isDirectoryError('cp', src, `${src} is a directory (not copied)`, 22);
    }
    mkdirSync(dest, { recursive: true });
    for (const name of readdirSync(src)) {
      copyEntry(pathModule.join(src, name), pathModule.join(dest, name), opts);
    }
    return;
  }
  if (existsSync(dest)) {
    if (!opts.force && opts.errorOnExist) {
      throw u.codedError(Error, 'ERR_FS_CP_EEXIST',
        `Target already exists: cp returned EEXIST (${dest} already exists) ${dest}`);
    }
    if (!opts.force) return;
  }
  copyFileSync(src, dest);
  if (opts.preserveTimestamps) utimesSync(dest, stats.atime, stats.mtime);
}

// --- Descriptors ---------------------------------------------------------------------------

function openSync(path, flags, mode) {
  return ops.fsOpen(toPath(path), u.stringToFlags(flags), u.parseMode(mode, 'mode', 0o666));
}

function closeSync(fd) {
  ops.fsClose(validateFd(fd));
}

function readSync(fd, buffer, offsetOrOptions, length, position) {
  validateFd(fd);
  validateView(buffer);
  let offset = offsetOrOptions;
  if (arguments.length <= 3 || (offsetOrOptions !== null && typeof offsetOrOptions === 'object')) {
    const options = offsetOrOptions == null ? {} : offsetOrOptions;
    ({ offset = 0, length = buffer.byteLength - offset, position = null } = options);
  }
  offset = offset === undefined ? 0 : validateInteger(offset, 'offset', 0, Number.MAX_SAFE_INTEGER);
  length |= 0;
  if (length === 0) return 0;
  if (buffer.byteLength === 0) {
    throw u.invalidArgValue('buffer', buffer, 'is empty and cannot be written');
  }
  if (offset > buffer.byteLength) {
    throw u.outOfRange('offset', `>= 0 && <= ${buffer.byteLength}`, offset);
  }
  if (length < 0 || offset + length > buffer.byteLength) {
    throw u.outOfRange('length', `>= 0 && <= ${buffer.byteLength - offset}`, length);
  }
  return ops.fsRead(fd, bytesOf(buffer), offset, length, toPosition(position));
}

// Descriptors 1 and 2 are the script's stdout and stderr, as in a process.
function writeBytes(fd, bytes, offset, length, position) {
  if (fd === 1 || fd === 2) {
    (fd === 1 ? process.stdout : process.stderr).write(bytes.subarray(offset, offset + length));
    return length;
  }
  return ops.fsWrite(fd, bytes, offset, length, toPosition(position));
}

function writeSync(fd, buffer, offsetOrOptions, length, position) {
  validateFd(fd);
  if (ArrayBuffer.isView(buffer)) {
    let offset = offsetOrOptions;
    if (offset !== null && typeof offset === 'object') {
      ({ offset = 0, length = buffer.byteLength - offset, position = null } = offsetOrOptions);
    }
    if (typeof offset !== 'number') offset = 0;
    if (typeof length !== 'number') length = buffer.byteLength - offset;
    validateInteger(offset, 'offset', 0, buffer.byteLength);
    validateInteger(length, 'length', 0, buffer.byteLength - offset);
    return writeBytes(fd, bytesOf(buffer), offset, length, position);
  }
  if (typeof buffer !== 'string') {
    throw u.invalidArgType('buffer',
      'of type string or an instance of Buffer, TypedArray, or DataView', buffer);
  }
  // writeSync(fd, string[, position[, encoding]])
  u.assertEncoding(length);
  const bytes = u.toBytes(buffer, length);
  return writeBytes(fd, bytes, 0, bytes.byteLength, offsetOrOptions);
}

function readvSync(fd, buffers, position) {
  validateFd(fd);
  let total = 0;
  let at = toPosition(position);
  for (const buffer of buffers) {
    validateView(buffer, 'buffers');
    const read = buffer.byteLength === 0 ? 0
      : ops.fsRead(fd, bytesOf(buffer), 0, buffer.byteLength, at);
    total += read;
    if (at >= 0) at += read;
    if (read < buffer.byteLength) break;
  }
  return total;
}

function writevSync(fd, buffers, position) {
  validateFd(fd);
  let total = 0;
  let at = toPosition(position);
  for (const buffer of buffers) {
    validateView(buffer, 'buffers');
    total += writeBytes(fd, bytesOf(buffer), 0, buffer.byteLength, at);
    if (at >= 0) at += buffer.byteLength;
  }
  return total;
}

function ftruncateSync(fd, len) {
  validateFd(fd);
  if (len === undefined) len = 0;
  ops.fsFtruncate(fd, Math.max(0, validateInteger(len, 'len', -Infinity, Number.MAX_SAFE_INTEGER)));
}

function truncateSync(path, len) {
  if (typeof path === 'number') return ftruncateSync(path, len);
  const fd = openSync(path, 'r+');
  try {
    ftruncateSync(fd, len);
  } finally {
    closeSync(fd);
  }
}

function fsyncSync(fd) {
  ops.fsFsync(validateFd(fd));
}

// --- Whole files ---------------------------------------------------------------------------

// Reads to the end, into one buffer sized by fstat when the file says its size (the bytes
// count against the isolate's heap).
function readAll(fd) {
  const Buffer = getBuffer();
  const fields = ops.fsFstat(fd);
  const size = (fields[1] & S_IFMT) === S_IFREG ? fields[8] : 0;
  if (size > 0) {
    const buffer = Buffer.allocUnsafeSlow(size);
    let filled = 0;
    while (filled < size) {
      const read = ops.fsRead(fd, buffer, filled, size - filled, -1);
      if (read === 0) break;
      filled += read;
    }
    return filled < size ? buffer.subarray(0, filled) : buffer;
  }
  const chunks = [];
  for (;;) {
    const chunk = Buffer.allocUnsafeSlow(READ_CHUNK);
    const read = ops.fsRead(fd, chunk, 0, READ_CHUNK, -1);
    if (read === 0) break;
    chunks.push(read < READ_CHUNK ? chunk.subarray(0, read) : chunk);
  }
  return Buffer.concat(chunks);
}

const isFd = (path) => Number.isInteger(path) && path >= 0 && path <= 0xffffffff;

function readFileSync(path, options) {
  options = getOptions(options, { flag: 'r' });
  const fd = isFd(path) ? path : openSync(path, options.flag, 0o666);
  let buffer;
  try {
    buffer = readAll(fd);
  } finally {
    if (fd !== path) closeSync(fd);
  }
  return options.encoding && options.encoding !== 'buffer' ? buffer.toString(options.encoding)
    : buffer;
}

function writeAll(fd, bytes) {
  let offset = 0;
  do {
    offset += writeBytes(fd, bytes, offset, bytes.byteLength - offset, null);
  } while (offset < bytes.byteLength);
}

function writeFileSync(path, data, options) {
  options = getOptions(options, { encoding: 'utf8', mode: 0o666, flag: 'w' });
  const bytes = u.toBytes(data, options.encoding);
  const fd = isFd(path) ? path : openSync(path, options.flag, options.mode);
  try {
    writeAll(fd, bytes);
  } finally {
    if (fd !== path) closeSync(fd);
  }
}

function appendFileSync(path, data, options) {
  options = getOptions(options, { encoding: 'utf8', mode: 0o666, flag: 'a' });
  if (!options.flag || isFd(path)) options.flag = 'a';
  writeFileSync(path, data, options);
}

module.exports = {
  accessSync,
  appendFileSync,
  chmodSync,
  chownSync,
  closeSync,
  copyFileSync,
  cpSync,
  existsSync,
  fchmodSync,
  fchownSync,
  fdatasyncSync: fsyncSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  futimesSync,
  lchownSync,
  linkSync,
  lstatSync,
  lutimesSync: utimesSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readSync,
  readvSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  rmdirSync,
  statSync,
  statfsSync,
  symlinkSync,
  truncateSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
  writeSync,
  writevSync,
};
