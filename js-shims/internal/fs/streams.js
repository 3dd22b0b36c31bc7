'use strict';
// `fs.ReadStream` and `fs.WriteStream` as Node 20 defines them (function constructors, so
// graceful-fs and other old code can still `ReadStream.apply(this, args)`): a read stream
// reads one `highWaterMark` chunk per `_read` through the host, never the whole file; a write
// stream writes each chunk as it comes, so the disk quota stops it with an 'error'.

const { Readable, Writable, finished } = require('stream');
const { later } = require('internal/fs/callbacks');
const sync = require('internal/fs/sync');
const u = require('internal/fs/utils');

// Opens the file on the stream's first turn (Node's `_construct`), unless given a descriptor.
function construct(callback) {
  if (typeof this.fd === 'number') {
    callback();
    return;
  }
  later(() => [sync.openSync(this.path, this.flags, this.mode)], (error, fd) => {
    if (error) {
      callback(error);
      return;
    }
    this.fd = fd;
    callback();
    this.emit('open', fd);
    this.emit('ready');
  });
}

function destroy(error, callback) {
  if (typeof this.fd !== 'number' || this.fd < 0) {
    callback(error);
    return;
  }
  const fd = this.fd;
  this.fd = null;
  later(() => {
    sync.closeSync(fd);
    return [];
  }, (closeError) => callback(closeError || error));
}

// Options shared by both streams: the path or a descriptor, flags, mode, autoClose.
function setUp(stream, path, options, defaultFlags) {
  if (options.fd == null) {
    stream.fd = null;
    stream.path = u.toPath(path);
    stream.flags = options.flags === undefined ? defaultFlags : options.flags;
    stream.mode = options.mode === undefined ? 0o666 : options.mode;
  } else {
    stream.fd = u.validateFd(options.fd);
  }
  options.autoDestroy = options.autoClose === undefined ? true : options.autoClose;
  stream.start = options.start;
  stream.pos = undefined;
  if (stream.start !== undefined) {
    u.validateInteger(stream.start, 'start', 0, Number.MAX_SAFE_INTEGER);
    stream.pos = stream.start;
  }
}

function ReadStream(path, options) {
  if (!(this instanceof ReadStream)) return new ReadStream(path, options);
  options = u.getOptions(options);
  if (options.highWaterMark === undefined) options.highWaterMark = 64 * 1024;
  setUp(this, path, options, 'r');
  this.end = options.end === undefined || options.end === null ? Infinity : options.end;
  this.bytesRead = 0;
  if (this.end !== Infinity) {
    u.validateInteger(this.end, 'end', 0, Number.MAX_SAFE_INTEGER);
    if (this.start !== undefined && this.start > this.end) {
      throw u.outOfRange('start', `<= "end" (here: ${this.end})`, this.start);
    }
  }
  Readable.call(this, options);
}
Object.setPrototypeOf(ReadStream.prototype, Readable.prototype);
Object.setPrototypeOf(ReadStream, Readable);

ReadStream.prototype._construct = construct;
ReadStream.prototype._destroy = destroy;

ReadStream.prototype._read = function (n) {
  const done = this.pos !== undefined ? this.pos : this.bytesRead;
  n = Math.min(this.end - done + 1, n);
  if (n <= 0) {
    this.push(null);
    return;
  }
  const buffer = u.getBuffer().allocUnsafeSlow(n);
  const position = this.pos === undefined ? null : this.pos;
  later(() => [sync.readSync(this.fd, buffer, 0, n, position)], (error, bytesRead) => {
    if (this.destroyed) return;
    if (error) {
      this.destroy(error);
    } else if (bytesRead > 0) {
      if (this.pos !== undefined) this.pos += bytesRead;
      this.bytesRead += bytesRead;
      this.push(bytesRead === n ? buffer : buffer.subarray(0, bytesRead));
    } else {
      this.push(null);
    }
  });
};

ReadStream.prototype.close = function (callback) {
  if (typeof callback === 'function') finished(this, callback);
  this.destroy();
};

Object.defineProperties(ReadStream.prototype, {
  pending: {
    get() { return this.fd === null; },
    configurable: true,
  },
  autoClose: {
    get() { return this._readableState.autoDestroy; },
    set(value) { this._readableState.autoDestroy = value; },
    configurable: true,
  },
});

function WriteStream(path, options) {
  if (!(this instanceof WriteStream)) return new WriteStream(path, options);
  options = u.getOptions(options);
  options.decodeStrings = true;
  setUp(this, path, options, 'w');
  this.bytesWritten = 0;
  Writable.call(this, options);
  if (options.encoding) this.setDefaultEncoding(options.encoding);
}
Object.setPrototypeOf(WriteStream.prototype, Writable.prototype);
Object.setPrototypeOf(WriteStream, Writable);

WriteStream.prototype._construct = construct;
WriteStream.prototype._destroy = destroy;

WriteStream.prototype._write = function (data, encoding, callback) {
  const position = this.pos === undefined ? null : this.pos;
  later(() => [sync.writeSync(this.fd, data, 0, data.length, position)], (error, written) => {
    if (error) {
      callback(error);
      return;
    }
    this.bytesWritten += written;
    callback();
  });
  if (this.pos !== undefined) this.pos += data.length;
};

WriteStream.prototype.close = function (callback) {
  if (callback) {
    if (this.closed) {
      process.nextTick(callback);
      return;
    }
    this.on('close', callback);
  }
  if (!this.autoClose) this.on('finish', this.destroy);
  this.end();
};

WriteStream.prototype.destroySoon = WriteStream.prototype.end;

Object.defineProperties(WriteStream.prototype, {
  pending: {
    get() { return this.fd === null; },
    configurable: true,
  },
  autoClose: {
    get() { return this._writableState.autoDestroy; },
    set(value) { this._writableState.autoDestroy = value; },
    configurable: true,
  },
});

module.exports = {
  ReadStream,
  WriteStream,
  createReadStream: (path, options) => new ReadStream(path, options),
  createWriteStream: (path, options) => new WriteStream(path, options),
};
