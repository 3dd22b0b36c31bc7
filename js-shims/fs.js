'use strict';
// Node 20's `fs` for kvm isolates (DESIGN §3): the konnector's own files are readable, the
// run's scratch folder (`os.tmpdir()`) is readable and writable within the run's disk quota,
// and any other path fails with EACCES naming the rule; the host enforces all of it
// (runtime/src/ops/fs/). Sync, callback, promise and stream forms, keys in Node's order.
// Watching is a capability konnectors are not granted; links cannot be created; files keep
// their owner.

const sync = require('internal/fs/sync');
const callbacks = require('internal/fs/callbacks');
const { Stats, Dirent } = require('internal/fs/stats');
const { Dir, opendirSync } = require('internal/fs/dir');
const {
  constants, capabilityDenied, toUnixTimestamp, validateFunction, toPath, invalidArgType,
} = require('internal/fs/utils');

// The streams need `stream`: loaded when a stream is first asked for.
const streams = () => require('internal/fs/streams');

function watch() {
  throw capabilityDenied('fs.watch', 'fs.watch');
}

function watchFile() {
  throw capabilityDenied('fs.watchFile', 'fs.watch');
}

// Nothing can be watched, so there is nothing to stop watching.
function unwatchFile() {}

// The file's bytes as a Blob: read when called (node reads them lazily, as the Blob is read).
function openAsBlob(path, options = {}) {
  if (options === null || typeof options !== 'object') {
    throw invalidArgType('options', 'of type object', options);
  }
  const type = options.type || '';
  if (typeof type !== 'string') throw invalidArgType('options.type', 'of type string', type);
  path = toPath(path);
  return require('internal/fs/promises').readFile(path).then((bytes) => new Blob([bytes], { type }));
}

function opendir(path, options, callback) {
  if (typeof options === 'function') [options, callback] = [undefined, options];
  callbacks.later(() => [opendirSync(path, options)], validateFunction(callback, 'callback'));
}

const fs = {};
for (const name of [
  'appendFile', 'access', 'chown', 'chmod', 'close', 'copyFile', 'cp',
]) {
  fs[name] = callbacks[name];
  fs[`${name}Sync`] = sync[`${name}Sync`];
}
Object.assign(fs, {
  createReadStream: (path, options) => streams().createReadStream(path, options),
  createWriteStream: (path, options) => streams().createWriteStream(path, options),
  exists: callbacks.exists,
  existsSync: sync.existsSync,
});
for (const name of [
  'fchown', 'fchmod', 'fdatasync', 'fstat', 'fsync', 'ftruncate', 'futimes', 'lchown',
]) {
  fs[name] = callbacks[name];
  fs[`${name}Sync`] = sync[`${name}Sync`];
}
// Linux has no lchmod: Node leaves both undefined there.
fs.lchmod = undefined;
fs.lchmodSync = undefined;
for (const name of [
  'link', 'lstat', 'lutimes', 'mkdir', 'mkdtemp', 'open',
]) {
  fs[name] = callbacks[name];
  fs[`${name}Sync`] = sync[`${name}Sync`];
}
fs.openAsBlob = openAsBlob;
for (const name of [
  'readdir', 'read', 'readv', 'readFile', 'readlink', 'realpath', 'rename', 'rm', 'rmdir',
]) {
  fs[name] = callbacks[name];
  fs[`${name}Sync`] = sync[`${name}Sync`];
}
Object.assign(fs, {
  stat: callbacks.stat,
  statfs: callbacks.statfs,
  statSync: sync.statSync,
  statfsSync: sync.statfsSync,
});
for (const name of ['symlink', 'truncate']) {
  fs[name] = callbacks[name];
  fs[`${name}Sync`] = sync[`${name}Sync`];
}
fs.unwatchFile = unwatchFile;
for (const name of ['unlink', 'utimes']) {
  fs[name] = callbacks[name];
  fs[`${name}Sync`] = sync[`${name}Sync`];
}
fs.watch = watch;
fs.watchFile = watchFile;
for (const name of ['writeFile', 'write', 'writev']) {
  fs[name] = callbacks[name];
  fs[`${name}Sync`] = sync[`${name}Sync`];
}
fs.Dirent = Dirent;
fs.Stats = Stats;
for (const [name, key] of [['ReadStream', 'ReadStream'], ['WriteStream', 'WriteStream'],
  ['FileReadStream', 'ReadStream'], ['FileWriteStream', 'WriteStream']]) {
  let assigned;
  Object.defineProperty(fs, name, {
    get() { return assigned === undefined ? streams()[key] : assigned; },
    set(value) { assigned = value; },
    enumerable: true,
    configurable: true,
  });
}
fs._toUnixTimestamp = toUnixTimestamp;
fs.Dir = Dir;
fs.opendir = opendir;
fs.opendirSync = opendirSync;
Object.assign(fs, {
  F_OK: constants.F_OK, R_OK: constants.R_OK, W_OK: constants.W_OK, X_OK: constants.X_OK,
});
Object.defineProperty(fs, 'constants', {
  value: constants, enumerable: true, configurable: false, writable: false,
});
Object.defineProperty(fs, 'promises', {
  get() { return require('internal/fs/promises'); },
  enumerable: true,
  configurable: true,
});

module.exports = fs;
