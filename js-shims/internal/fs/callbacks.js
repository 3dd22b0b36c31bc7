'use strict';
// Node's callback forms over the sync calls. The work is done at once (the disk is local and
// the quota bounds it); the callback runs on a later turn of the event loop, as when node's
// thread pool answers. Bad arguments throw at once, as in Node; failures of the file system
// (errors with a `syscall`) go to the callback.

const { setImmediate } = require('timers');
const sync = require('internal/fs/sync');
const { getBuffer, validateFunction, isOperational } = require('internal/fs/utils');

// Runs `work` now and calls `callback(null, ...results)` or `callback(error)` later.
function later(work, callback) {
  let outcome;
  try {
    outcome = [null, ...work()];
  } catch (error) {
    if (!isOperational(error)) throw error;
    outcome = [error];
  }
  setImmediate(() => callback(...outcome));
}

// `name(...args, cb)` over `fn(...args)`; `results` maps its return value to the callback's
// arguments after the error (none for calls that return nothing). Without a function last,
// the callback Node reports missing is the one after all of `fn`'s parameters.
function callbackify(fn, results = (value) => [value]) {
  const wrapped = {
    [fn.name.replace(/Sync$/, '')](...args) {
      const callback = typeof args[args.length - 1] === 'function' ? args.pop()
        : validateFunction(args[fn.length], 'cb');
      later(() => results(fn(...args), args), callback);
    },
  };
  return Object.values(wrapped)[0];
}

const none = () => [];

const callbacks = {
  access: callbackify(sync.accessSync, none),
  appendFile: callbackify(sync.appendFileSync, none),
  chmod: callbackify(sync.chmodSync, none),
  chown: callbackify(sync.chownSync, none),
  close: callbackify(sync.closeSync, none),
  copyFile: callbackify(sync.copyFileSync, none),
  cp: callbackify(sync.cpSync, none),
  fchmod: callbackify(sync.fchmodSync, none),
  fchown: callbackify(sync.fchownSync, none),
  fdatasync: callbackify(sync.fdatasyncSync, none),
  fstat: callbackify(sync.fstatSync),
  fsync: callbackify(sync.fsyncSync, none),
  ftruncate: callbackify(sync.ftruncateSync, none),
  futimes: callbackify(sync.futimesSync, none),
  lchown: callbackify(sync.lchownSync, none),
  link: callbackify(sync.linkSync, none),
  lstat: callbackify(sync.lstatSync),
  lutimes: callbackify(sync.lutimesSync, none),
  mkdir: callbackify(sync.mkdirSync),
  mkdtemp: callbackify(sync.mkdtempSync),
  open: callbackify(sync.openSync),
  readdir: callbackify(sync.readdirSync),
  readFile: callbackify(sync.readFileSync),
  readlink: callbackify(sync.readlinkSync),
  realpath: callbackify(sync.realpathSync),
  rename: callbackify(sync.renameSync, none),
  rm: callbackify(sync.rmSync, none),
  rmdir: callbackify(sync.rmdirSync, none),
  stat: callbackify(sync.statSync),
  statfs: callbackify(sync.statfsSync),
  symlink: callbackify(sync.symlinkSync, none),
  truncate: callbackify(sync.truncateSync, none),
  unlink: callbackify(sync.unlinkSync, none),
  utimes: callbackify(sync.utimesSync, none),
  writeFile: callbackify(sync.writeFileSync, none),
  readv: callbackify(sync.readvSync, (bytes, [, buffers]) => [bytes, buffers]),
  writev: callbackify(sync.writevSync, (bytes, [, buffers]) => [bytes, buffers]),
};
callbacks.realpath.native = callbacks.realpath;

// read(fd, buffer, offset, length, position, cb), read(fd, { buffer, ... }, cb), read(fd, cb):
// cb(err, bytesRead, buffer).
function read(fd, ...args) {
  const callback = validateFunction(args.pop(), 'cb');
  let buffer = args[0];
  if (!ArrayBuffer.isView(buffer)) {
    const options = buffer == null ? {} : buffer;
    buffer = options.buffer === undefined ? getBuffer().alloc(16384) : options.buffer;
    const offset = options.offset === undefined ? 0 : options.offset;
    const length = options.length === undefined ? buffer.byteLength - offset : options.length;
    args = [buffer, offset, length, options.position === undefined ? null : options.position];
  }
  later(() => [sync.readSync(fd, ...args), buffer], callback);
}

// write(fd, buffer|string, ..., cb): cb(err, written, buffer).
function write(fd, buffer, ...args) {
  const callback = validateFunction(args.pop(), 'cb');
  later(() => [sync.writeSync(fd, buffer, ...args), buffer], callback);
}

// The legacy form: cb(exists), no error argument.
function exists(path, callback) {
  validateFunction(callback, 'cb');
  const found = sync.existsSync(path);
  setImmediate(() => callback(found));
}

module.exports = { ...callbacks, read, write, exists, later };
