'use strict';
// `fs.Stats`, `BigIntStats` and `fs.Dirent` with Node 20's shape: own data properties in
// Node's order (the Dates included), type checks on the prototypes.

const { fs: constants } = require('internal/constants');

const { S_IFMT, S_IFREG, S_IFDIR, S_IFCHR, S_IFBLK, S_IFIFO, S_IFLNK, S_IFSOCK } = constants;
const kType = Symbol('type');

function StatsBase(dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks) {
  this.dev = dev;
  this.mode = mode;
  this.nlink = nlink;
  this.uid = uid;
  this.gid = gid;
  this.rdev = rdev;
  this.blksize = blksize;
  this.ino = ino;
  this.size = size;
  this.blocks = blocks;
}

const TYPE_CHECKS = {
  isDirectory: S_IFDIR,
  isFile: S_IFREG,
  isBlockDevice: S_IFBLK,
  isCharacterDevice: S_IFCHR,
  isSymbolicLink: S_IFLNK,
  isFIFO: S_IFIFO,
  isSocket: S_IFSOCK,
};
for (const [name, type] of Object.entries(TYPE_CHECKS)) {
  Object.defineProperty(StatsBase.prototype, name, {
    value: function () { return this._checkModeProperty(type); },
    writable: true, configurable: true, enumerable: false,
  });
}

function dateFromMs(ms) {
  return new Date(Math.round(Number(ms)));
}

function Stats(dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks,
  atimeMs, mtimeMs, ctimeMs, birthtimeMs) {
  StatsBase.call(this, dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks);
  this.atimeMs = atimeMs;
  this.mtimeMs = mtimeMs;
  this.ctimeMs = ctimeMs;
  this.birthtimeMs = birthtimeMs;
  this.atime = dateFromMs(atimeMs);
  this.mtime = dateFromMs(mtimeMs);
  this.ctime = dateFromMs(ctimeMs);
  this.birthtime = dateFromMs(birthtimeMs);
}
Object.setPrototypeOf(Stats.prototype, StatsBase.prototype);
Object.setPrototypeOf(Stats, StatsBase);
Object.defineProperties(Stats.prototype, {
  isFile: {
    value: StatsBase.prototype.isFile, writable: true, configurable: true,
  },
  _checkModeProperty: {
    value: function (type) { return (this.mode & S_IFMT) === type; },
    writable: true, configurable: true,
  },
});

function BigIntStats(dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks,
  atimeNs, mtimeNs, ctimeNs, birthtimeNs) {
  StatsBase.call(this, dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks);
  this.atimeMs = atimeNs / 1000000n;
  this.mtimeMs = mtimeNs / 1000000n;
  this.ctimeMs = ctimeNs / 1000000n;
  this.birthtimeMs = birthtimeNs / 1000000n;
  this.atimeNs = atimeNs;
  this.mtimeNs = mtimeNs;
  this.ctimeNs = ctimeNs;
  this.birthtimeNs = birthtimeNs;
  this.atime = dateFromMs(this.atimeMs);
  this.mtime = dateFromMs(this.mtimeMs);
  this.ctime = dateFromMs(this.ctimeMs);
  this.birthtime = dateFromMs(this.birthtimeMs);
}
Object.setPrototypeOf(BigIntStats.prototype, StatsBase.prototype);
Object.setPrototypeOf(BigIntStats, StatsBase);
Object.defineProperty(BigIntStats.prototype, '_checkModeProperty', {
  value: function (type) { return (this.mode & BigInt(S_IFMT)) === BigInt(type); },
  writable: true, configurable: true,
});

// From the host's 14 numbers (runtime/src/ops/fs/calls.rs `stat_fields`).
function toStats(fields, bigint) {
  if (!bigint) return new Stats(...fields);
  const ints = fields.slice(0, 10).map((n) => BigInt(n));
  // Milliseconds with a fraction, as the host gives them, to whole nanoseconds.
  const times = fields.slice(10).map((ms) => BigInt(Math.trunc(ms)) * 1000000n +
    BigInt(Math.round((ms - Math.trunc(ms)) * 1e6)));
  return new BigIntStats(...ints, ...times);
}

class Dirent {
  constructor(name, type, path) {
    this.name = name;
    this.parentPath = path;
    this.path = path;
    this[kType] = type;
  }
}

const DIRENT_TYPES = {
  isDirectory: constants.UV_DIRENT_DIR,
  isFile: constants.UV_DIRENT_FILE,
  isBlockDevice: constants.UV_DIRENT_BLOCK,
  isCharacterDevice: constants.UV_DIRENT_CHAR,
  isSymbolicLink: constants.UV_DIRENT_LINK,
  isFIFO: constants.UV_DIRENT_FIFO,
  isSocket: constants.UV_DIRENT_SOCKET,
};
for (const [name, type] of Object.entries(DIRENT_TYPES)) {
  Object.defineProperty(Dirent.prototype, name, {
    value: function () { return this[kType] === type; },
    writable: true, configurable: true,
  });
}

module.exports = { Stats, BigIntStats, Dirent, toStats };
