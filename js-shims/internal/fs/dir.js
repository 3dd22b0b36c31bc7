'use strict';
// `fs.Dir` (`opendir`): the folder's entries read once when it is opened, handed out one by
// one through the sync, callback, promise and async-iterator forms.

const { setImmediate } = require('timers');
const ops = require('internal/ops');
const { codedError } = require('internal/errors');
const { Dirent } = require('internal/fs/stats');
const { toPath, getOptions, getBuffer, validateFunction } = require('internal/fs/utils');

const kEntries = Symbol('kDirEntries');
const kPath = Symbol('kDirPath');
const kClosed = Symbol('kDirClosed');

const closedError = () => codedError(Error, 'ERR_DIR_CLOSED', 'Directory handle was closed');

// Settles through `callback` if given, else through a promise, on a later turn.
function answer(work, callback) {
  let ok = true;
  let value;
  try {
    value = work();
  } catch (error) {
    ok = false;
    value = error;
  }
  if (callback !== undefined) {
    validateFunction(callback, 'callback');
    setImmediate(() => (ok ? callback(null, value) : callback(value)));
    return undefined;
  }
  return new Promise((resolve, reject) => setImmediate(() => (ok ? resolve(value) : reject(value))));
}

class Dir {
  constructor(path, entries) {
    this[kPath] = path;
    this[kEntries] = entries;
    this[kClosed] = false;
  }

  get path() {
    return this[kPath];
  }

  readSync() {
    if (this[kClosed]) throw closedError();
    const entry = this[kEntries].shift();
    return entry === undefined ? null : entry;
  }

  read(callback) {
    return answer(() => this.readSync(), callback);
  }

  closeSync() {
    if (this[kClosed]) throw closedError();
    this[kClosed] = true;
    this[kEntries] = [];
  }

  close(callback) {
    return answer(() => this.closeSync(), callback);
  }

  async* entries() {
    try {
      for (;;) {
        const entry = await this.read();
        if (entry === null) break;
        yield entry;
      }
    } finally {
      if (!this[kClosed]) this.closeSync();
    }
  }

  [Symbol.asyncIterator]() {
    return this.entries();
  }
}

function opendirSync(path, options) {
  path = toPath(path);
  const { encoding } = getOptions(options, { encoding: 'utf8' });
  const entries = ops.fsReaddir(path).map(([name, type]) =>
    new Dirent(encoding === 'buffer' ? getBuffer().from(name) : name, type, path));
  return new Dir(path, entries);
}

module.exports = { Dir, opendirSync };
