'use strict';
// `fs.promises` / `fs/promises`: the sync calls, settled on a later turn of the event loop as
// node's thread pool would; every failure rejects, bad arguments included (Node's are async
// functions). `FileHandle` wraps a descriptor of the run's table.

const { setImmediate } = require('timers');
const EventEmitter = require('events');
const sync = require('internal/fs/sync');
const { opendirSync } = require('internal/fs/dir');
const u = require('internal/fs/utils');
const { codedError } = require('internal/errors');

function settle(work) {
  return new Promise((resolve, reject) => {
    let ok = true;
    let value;
    try {
      value = work();
    } catch (error) {
      ok = false;
      value = error;
    }
    setImmediate(() => (ok ? resolve(value) : reject(value)));
  });
}

const promisify = (fn) => ({
  [fn.name.replace(/Sync$/, '')]: (...args) => settle(() => fn(...args)),
})[fn.name.replace(/Sync$/, '')];

const kFd = Symbol('kFd');

// Runs `work(fd)` unless the handle was closed (EBADF, as Node reports it).
function onFd(handle, work) {
  return settle(() => {
    if (handle[kFd] === -1) {
      const error = new Error('file closed');
      Object.assign(error, { code: 'EBADF', syscall: 'read' });
      throw error;
    }
    return work(handle[kFd]);
  });
}

class FileHandle extends EventEmitter {
  constructor(fd) {
    super();
    this[kFd] = fd;
  }

  get fd() {
    return this[kFd];
  }

  getAsyncId() {
    return this[kFd];
  }

  appendFile(data, options) {
    return onFd(this, (fd) => sync.appendFileSync(fd, data, options));
  }

  chmod(mode) {
    return onFd(this, (fd) => sync.fchmodSync(fd, mode));
  }

  chown(uid, gid) {
    return onFd(this, (fd) => sync.fchownSync(fd, uid, gid));
  }

  datasync() {
    return onFd(this, (fd) => sync.fdatasyncSync(fd));
  }

  sync() {
    return onFd(this, (fd) => sync.fsyncSync(fd));
  }

  // read(buffer, offset, length, position), read({ buffer, ... }), read().
  read(buffer, offset, length, position) {
    return onFd(this, (fd) => {
      if (!ArrayBuffer.isView(buffer)) {
        const options = buffer == null ? {} : buffer;
        buffer = options.buffer === undefined ? u.getBuffer().alloc(16384) : options.buffer;
        offset = options.offset === undefined ? 0 : options.offset;
        length = options.length === undefined ? buffer.byteLength - offset : options.length;
        position = options.position === undefined ? null : options.position;
      } else if (offset !== null && typeof offset === 'object') {
        ({ offset = 0, length = buffer.byteLength - offset, position = null } = offset);
      }
      if (offset === undefined) offset = 0;
      if (length === undefined) length = buffer.byteLength - offset;
      return { bytesRead: sync.readSync(fd, buffer, offset, length, position), buffer };
    });
  }

  readv(buffers, position) {
    return onFd(this, (fd) => ({ bytesRead: sync.readvSync(fd, buffers, position), buffers }));
  }

  readFile(options) {
    return onFd(this, (fd) => sync.readFileSync(fd, options));
  }

  stat(options) {
    return onFd(this, (fd) => sync.fstatSync(fd, options));
  }

  truncate(len) {
    return onFd(this, (fd) => sync.ftruncateSync(fd, len));
  }

  utimes(atime, mtime) {
    return onFd(this, (fd) => sync.futimesSync(fd, atime, mtime));
  }

  write(buffer, ...args) {
    return onFd(this, (fd) => ({ bytesWritten: sync.writeSync(fd, buffer, ...args), buffer }));
  }

  writev(buffers, position) {
    return onFd(this, (fd) => ({ bytesWritten: sync.writevSync(fd, buffers, position), buffers }));
  }

  writeFile(data, options) {
    if (isChunkSource(data)) return writeChunks(this[kFd], data, options);
    return onFd(this, (fd) => sync.writeFileSync(fd, data, options));
  }

  createReadStream(options) {
    return require('internal/fs/streams').createReadStream(undefined, { ...options, fd: this[kFd] });
  }

  createWriteStream(options) {
    return require('internal/fs/streams').createWriteStream(undefined, { ...options, fd: this[kFd] });
  }

  close() {
    const fd = this[kFd];
    if (fd === -1) return Promise.resolve();
    this[kFd] = -1;
    return settle(() => {
      sync.closeSync(fd);
      this.emit('close');
    });
  }

  [Symbol.asyncDispose]() {
    return this.close();
  }
}

// fs.promises.writeFile also takes (async) iterables and streams of chunks.
const isChunkSource = (data) => data != null && typeof data !== 'string' &&
  !ArrayBuffer.isView(data) &&
  (typeof data[Symbol.asyncIterator] === 'function' || typeof data[Symbol.iterator] === 'function');

async function writeChunks(fd, data, options) {
  const { encoding } = u.getOptions(options, { encoding: 'utf8' });
  for await (const chunk of data) {
    const bytes = u.toBytes(chunk, encoding);
    let offset = 0;
    while (offset < bytes.byteLength) {
      offset += sync.writeSync(fd, bytes, offset, bytes.byteLength - offset, null);
    }
  }
}

// A path or a FileHandle, as readFile/writeFile/appendFile take.
const target = (path) => (path instanceof FileHandle ? path.fd : path);

async function writeFile(path, data, options) {
  if (!isChunkSource(data)) return settle(() => sync.writeFileSync(target(path), data, options));
  if (path instanceof FileHandle) return writeChunks(path.fd, data, options);
  const { flag = 'w', mode = 0o666 } = u.getOptions(options);
  const fd = sync.openSync(path, flag, mode);
  try {
    await writeChunks(fd, data, options);
  } finally {
    sync.closeSync(fd);
  }
  return undefined;
}

const watch = () => {
  throw u.capabilityDenied('fs.promises.watch', 'fs.watch');
};

async function lchmod() {
  throw codedError(Error, 'ERR_METHOD_NOT_IMPLEMENTED', 'The lchmod() method is not implemented');
}

module.exports = {
  access: promisify(sync.accessSync),
  copyFile: promisify(sync.copyFileSync),
  cp: promisify(sync.cpSync),
  open: (path, flags, mode) => settle(() => new FileHandle(sync.openSync(path, flags, mode))),
  opendir: promisify(opendirSync),
  rename: promisify(sync.renameSync),
  truncate: promisify(sync.truncateSync),
  rm: promisify(sync.rmSync),
  rmdir: promisify(sync.rmdirSync),
  mkdir: promisify(sync.mkdirSync),
  readdir: promisify(sync.readdirSync),
  readlink: promisify(sync.readlinkSync),
  symlink: promisify(sync.symlinkSync),
  lstat: promisify(sync.lstatSync),
  stat: promisify(sync.statSync),
  statfs: promisify(sync.statfsSync),
  link: promisify(sync.linkSync),
  unlink: promisify(sync.unlinkSync),
  chmod: promisify(sync.chmodSync),
  lchmod,
  lchown: promisify(sync.lchownSync),
  chown: promisify(sync.chownSync),
  utimes: promisify(sync.utimesSync),
  lutimes: promisify(sync.lutimesSync),
  realpath: promisify(sync.realpathSync),
  mkdtemp: promisify(sync.mkdtempSync),
  writeFile,
  appendFile: (path, data, options) =>
    settle(() => sync.appendFileSync(target(path), data, options)),
  readFile: (path, options) => settle(() => sync.readFileSync(target(path), options)),
  watch,
  constants: u.constants,
};
