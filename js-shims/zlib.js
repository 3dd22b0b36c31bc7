'use strict';
// Node 20's `zlib` module over the host's codecs (runtime/src/ops/zlib.rs): gzip, deflate, raw
// deflate, unzip and brotli, in sync, callback and stream forms, with Node's options, validation
// messages, error codes and class hierarchy (BrotliCompress > Brotli > Zlib > ZlibBase > Transform).
//
// A handle writes into a slice of a JS buffer that this file provides (`chunkSize` bytes) and is
// called again while the slice comes back full, as Node's binding is: output lives in the
// isolate's heap, bounded by its cap or by `maxOutputLength`, never in a host-side buffer.
// Streams do each write in a setImmediate turn, where Node's threadpool would report back, and
// honour backpressure between output chunks.

const ops = require('internal/ops');
const { constants, codes } = require('internal/zlib/constants');
const { internals } = require('internal/event_target');

const { nodeError, outOfRange } = internals;

// Node 20 names any function it received, an anonymous one as "function ".
function invalidArgType(name, expected, value) {
  if (typeof value !== 'function') return internals.invalidArgType(name, expected, value);
  const kind = name.includes('.') ? 'property' : 'argument';
  return nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
    `The "${name}" ${kind} must be ${expected}. Received function ${value.name}`);
}

// `buffer` and `stream` load on first use: bundles require zlib at start-up, most never call it.
let BufferCtor;
function BufferClass() {
  BufferCtor ??= require('buffer').Buffer;
  return BufferCtor;
}
let streamModule;
function stream() {
  streamModule ??= require('stream');
  return streamModule;
}

const {
  Z_NO_FLUSH, Z_BLOCK, Z_PARTIAL_FLUSH, Z_SYNC_FLUSH, Z_FULL_FLUSH, Z_FINISH,
  Z_MIN_CHUNK, Z_DEFAULT_CHUNK, Z_DEFAULT_COMPRESSION, Z_DEFAULT_MEMLEVEL, Z_DEFAULT_STRATEGY,
  Z_DEFAULT_WINDOWBITS, Z_MIN_WINDOWBITS, Z_MAX_WINDOWBITS, Z_MIN_LEVEL, Z_MAX_LEVEL,
  Z_MIN_MEMLEVEL, Z_MAX_MEMLEVEL, Z_FIXED,
  DEFLATE, INFLATE, GZIP, GUNZIP, DEFLATERAW, INFLATERAW, UNZIP, BROTLI_DECODE, BROTLI_ENCODE,
  BROTLI_OPERATION_PROCESS, BROTLI_OPERATION_FLUSH, BROTLI_OPERATION_FINISH,
  BROTLI_OPERATION_EMIT_METADATA,
} = constants;

const kMaxLength = 2 ** 32; // buffer.constants.MAX_LENGTH under node 20
const kMaxBrotliParam = 8; // BROTLI_PARAM_NDIRECT, the highest BROTLI_PARAM_*
const kFlushFlag = Symbol('kFlushFlag');

// How strongly each flag flushes, for "the stronger of two flushes".
const FLUSH_RANK = [];
[Z_NO_FLUSH, Z_BLOCK, Z_PARTIAL_FLUSH, Z_SYNC_FLUSH, Z_FULL_FLUSH, Z_FINISH]
  .forEach((flag, rank) => { FLUSH_RANK[flag] = rank; });
function strongerFlush(a, b) {
  return FLUSH_RANK[a] > FLUSH_RANK[b] ? a : b;
}

const ZLIB_FLUSHES = { flush: Z_NO_FLUSH, finishFlush: Z_FINISH, fullFlush: Z_FULL_FLUSH, max: Z_BLOCK };
const BROTLI_FLUSHES = {
  flush: BROTLI_OPERATION_PROCESS,
  finishFlush: BROTLI_OPERATION_FINISH,
  fullFlush: BROTLI_OPERATION_FLUSH,
  max: BROTLI_OPERATION_EMIT_METADATA,
};

// ---------------------------------------------------------------------------------------------------
// Option checks, worded as Node's.

// undefined and NaN mean "use the default"; other non-finite values are errors.
function isSetNumber(value, name) {
  if (value === undefined || Number.isNaN(value)) return false;
  if (Number.isFinite(value)) return true;
  if (typeof value !== 'number') throw invalidArgType(name, 'of type number', value);
  throw outOfRange(name, 'a finite number', value);
}

function rangedOption(value, name, lower, upper, fallback) {
  if (!isSetNumber(value, name)) return fallback;
  if (value < lower || value > upper) throw outOfRange(name, `>= ${lower} and <= ${upper}`, value);
  return value;
}

const INPUT_TYPES = 'of type string or an instance of Buffer, TypedArray, DataView, or ArrayBuffer';

// The bytes of a convenience method's input, as a Uint8Array view (no copy).
function inputBytes(value) {
  if (typeof value === 'string') return BufferClass().from(value);
  if (ArrayBuffer.isView(value)) return asUint8(value);
  if (isAnyArrayBuffer(value)) return BufferClass().from(value);
  throw invalidArgType('buffer', INPUT_TYPES, value);
}

function asUint8(view) {
  return view instanceof Uint8Array ? view : BufferClass().from(view.buffer, view.byteOffset, view.byteLength);
}

function isAnyArrayBuffer(value) {
  return value instanceof ArrayBuffer
    || (typeof SharedArrayBuffer === 'function' && value instanceof SharedArrayBuffer);
}

function bufferTooLarge(max) {
  return nodeError(RangeError, 'ERR_BUFFER_TOO_LARGE', `Cannot create a Buffer larger than ${max} bytes`);
}

// What Node's internal `assert` throws when a closed handle is used.
function bindingClosed() {
  return nodeError(Error, 'ERR_INTERNAL_ASSERTION', 'zlib binding closed\n'
    + 'This is caused by either a bug in Node.js or incorrect usage of Node.js internals.\n'
    + 'Please open an issue with this stack trace at https://github.com/nodejs/node/issues\n');
}

// The options every engine shares; checked after the codec's own, in Node's order.
function commonSettings(opts, flushes) {
  const settings = {
    chunkSize: Z_DEFAULT_CHUNK,
    flush: flushes.flush,
    finishFlush: flushes.finishFlush,
    fullFlush: flushes.fullFlush,
    maxOutputLength: kMaxLength,
    info: false,
  };
  if (opts) {
    if (isSetNumber(opts.chunkSize, 'options.chunkSize')) {
      if (opts.chunkSize < Z_MIN_CHUNK) {
        throw outOfRange('options.chunkSize', `>= ${Z_MIN_CHUNK}`, opts.chunkSize);
      }
      settings.chunkSize = Math.trunc(opts.chunkSize);
    }
    settings.flush = rangedOption(opts.flush, 'options.flush', 0, flushes.max, flushes.flush);
    settings.finishFlush = rangedOption(opts.finishFlush, 'options.finishFlush', 0, flushes.max,
      flushes.finishFlush);
    settings.maxOutputLength = rangedOption(opts.maxOutputLength, 'options.maxOutputLength', 1,
      kMaxLength, kMaxLength);
    settings.info = opts.info;
  }
  return settings;
}

// zlib formats: windowBits, level, memLevel, strategy, dictionary, then a handle.
function openZlib(opts, mode) {
  let windowBits = Z_DEFAULT_WINDOWBITS;
  let level = Z_DEFAULT_COMPRESSION;
  let memLevel = Z_DEFAULT_MEMLEVEL;
  let strategy = Z_DEFAULT_STRATEGY;
  let dictionary;
  if (opts) {
    const decodesHeaders = mode === INFLATE || mode === GUNZIP || mode === UNZIP;
    if (decodesHeaders && (opts.windowBits == null || opts.windowBits === 0)) {
      windowBits = 0; // "the size the header announces"
    } else {
      // gzip refuses a 256-byte window, where zlib would quietly use 512.
      const min = Z_MIN_WINDOWBITS + (mode === GZIP ? 1 : 0);
      windowBits = rangedOption(opts.windowBits, 'options.windowBits', min, Z_MAX_WINDOWBITS,
        Z_DEFAULT_WINDOWBITS);
    }
    level = rangedOption(opts.level, 'options.level', Z_MIN_LEVEL, Z_MAX_LEVEL, Z_DEFAULT_COMPRESSION);
    memLevel = rangedOption(opts.memLevel, 'options.memLevel', Z_MIN_MEMLEVEL, Z_MAX_MEMLEVEL,
      Z_DEFAULT_MEMLEVEL);
    strategy = rangedOption(opts.strategy, 'options.strategy', Z_DEFAULT_STRATEGY, Z_FIXED,
      Z_DEFAULT_STRATEGY);
    dictionary = opts.dictionary;
    if (dictionary !== undefined) {
      if (ArrayBuffer.isView(dictionary)) {
        dictionary = asUint8(dictionary);
      } else if (isAnyArrayBuffer(dictionary)) {
        dictionary = new Uint8Array(dictionary);
      } else {
        throw invalidArgType('options.dictionary',
          'an instance of Buffer, TypedArray, DataView, or ArrayBuffer', dictionary);
      }
    }
  }
  // Fractions truncate, as they do on their way to zlib's ints in Node.
  const handle = ops.zlibCreate(mode, Math.trunc(windowBits), Math.trunc(level),
    Math.trunc(memLevel), Math.trunc(strategy), dictionary);
  return {
    handle, level, strategy, settings: commonSettings(opts, ZLIB_FLUSHES),
  };
}

// brotli: `params` is an object of BROTLI_PARAM_* (or decoder param) keys to numbers.
function openBrotli(opts, mode) {
  const values = new Uint32Array(kMaxBrotliParam + 1).fill(-1); // -1: not set
  if (opts?.params) {
    for (const key of Object.keys(opts.params)) {
      const index = +key;
      if (Number.isNaN(index) || index < 0 || index > kMaxBrotliParam || (values[index] | 0) !== -1) {
        throw nodeError(RangeError, 'ERR_BROTLI_INVALID_PARAM', `${key} is not a valid Brotli parameter`);
      }
      const value = opts.params[key];
      if (typeof value !== 'number' && typeof value !== 'boolean') {
        throw invalidArgType('options.params[key]', 'of type number', value);
      }
      values[index] = value;
    }
  }
  const pairs = [];
  values.forEach((value, key) => {
    if (value !== 0xFFFFFFFF) pairs.push(key, value);
  });
  const handle = ops.brotliCreate(mode, pairs);
  return { handle, settings: commonSettings(opts, BROTLI_FLUSHES) };
}

function open(opts, mode) {
  return mode === BROTLI_ENCODE || mode === BROTLI_DECODE ? openBrotli(opts, mode) : openZlib(opts, mode);
}

// ---------------------------------------------------------------------------------------------------
// Running a handle.

// Feeds all of `chunk` with `flushFlag` and returns the output, one `chunkSize` buffer at a time.
// `engine` is a stream or a bare `{ _handle, _chunkSize, _maxOutputLength }`; its handle is closed
// afterwards, as Node's synchronous path does.
function processSync(engine, chunk, flushFlag) {
  const handle = engine._handle;
  if (!handle) throw bindingClosed();
  const size = engine._chunkSize;
  const parts = [];
  let total = 0;
  let read = 0;
  let out = BufferClass().allocUnsafe(size);
  let offset = 0;
  try {
    for (;;) {
      const [written, consumed] = handle.write(flushFlag, chunk, read, chunk.byteLength - read,
        out, offset, size - offset);
      read += consumed;
      if (written > 0) {
        parts.push(out.subarray(offset, offset + written));
        offset += written;
        total += written;
        if (total > engine._maxOutputLength) throw bufferTooLarge(engine._maxOutputLength);
      }
      // A slice that came back full may hide more output: ask again, into a fresh buffer.
      if (offset < size) break;
      out = BufferClass().allocUnsafe(size);
      offset = 0;
    }
  } finally {
    engine.bytesWritten = read;
    closeHandle(engine);
  }
  if (total === 0) return BufferClass().alloc(0);
  return parts.length === 1 ? parts[0] : BufferClass().concat(parts, total);
}

function closeHandle(engine) {
  if (!engine._handle) return;
  engine._handle.close();
  engine._handle = null;
}

// Stream writes run in setImmediate turns, where Node's threadpool would answer, a bounded number
// of output chunks per turn, pausing while the reader is full.
function processChunk(self, chunk, flushFlag, cb) {
  if (!self._handle) {
    process.nextTick(cb);
    return;
  }
  const job = { chunk, inOff: 0, availIn: chunk.byteLength, flushFlag, cb };
  setImmediate(runJob, self, job);
}

// Output chunks per turn before timers and I/O get their turn (1 MiB at the default chunkSize).
const CHUNKS_PER_TURN = 64;

function runJob(self, job) {
  for (let turn = 0; ; turn++) {
    const handle = self._handle;
    if (self.destroyed || !handle) {
      job.cb();
      return;
    }
    const availOut = self._chunkSize - self._outOffset;
    let written;
    let consumed;
    try {
      [written, consumed] = handle.write(job.flushFlag, job.chunk, job.inOff, job.availIn,
        self._outBuffer, self._outOffset, availOut);
    } catch (error) {
      // A codec error ends the stream; the pending write is never acknowledged, as in Node.
      self.destroy(error);
      return;
    }
    job.inOff += consumed;
    job.availIn -= consumed;
    self.bytesWritten += consumed;
    let readerFull = false;
    if (written > 0) {
      const out = self._outBuffer.subarray(self._outOffset, self._outOffset + written);
      self._outOffset += written;
      readerFull = !self.push(out);
    }
    if (self.destroyed) {
      job.cb();
      return;
    }
    if (written === availOut || self._outOffset >= self._chunkSize) {
      self._outBuffer = BufferClass().allocUnsafe(self._chunkSize);
      self._outOffset = 0;
    }
    if (written === availOut) {
      // More output may be waiting; go on once the reader has room.
      if (readerFull) {
        const ownRead = Object.prototype.hasOwnProperty.call(self, '_read') ? self._read : undefined;
        self._read = function resume(n) {
          if (ownRead === undefined) delete self._read;
          else self._read = ownRead;
          setImmediate(runJob, self, job);
          self._read(n);
        };
        return;
      }
      if (turn === CHUNKS_PER_TURN) {
        setImmediate(runJob, self, job);
        return;
      }
      continue;
    }
    // Space left and input left: the codec saw the end of its stream, so must the reader.
    if (job.availIn > 0) self.push(null);
    job.cb();
    return;
  }
}

// ---------------------------------------------------------------------------------------------------
// The stream classes. Their prototypes join stream.Transform on first construction.

let linked = false;
function linkToTransform() {
  if (linked) return;
  linked = true;
  const { Transform } = stream();
  Object.setPrototypeOf(ZlibBase.prototype, Transform.prototype);
  Object.setPrototypeOf(ZlibBase, Transform);
}

function ZlibBase(opts, opened) {
  linkToTransform();
  const { settings } = opened;
  // Output is bytes whatever the caller asked for.
  if (opts && (opts.encoding || opts.objectMode || opts.writableObjectMode)) {
    opts = { ...opts, encoding: null, objectMode: false, writableObjectMode: false };
  }
  stream().Transform.call(this, { autoDestroy: true, ...opts });
  this.bytesWritten = 0;
  this._handle = opened.handle;
  this._outBuffer = BufferClass().allocUnsafe(settings.chunkSize);
  this._outOffset = 0;
  this._chunkSize = settings.chunkSize;
  this._defaultFlushFlag = settings.flush;
  this._finishFlushFlag = settings.finishFlush;
  this._defaultFullFlushFlag = settings.fullFlush;
  this._info = opts && opts.info;
  this._maxOutputLength = settings.maxOutputLength;
}

Object.defineProperty(ZlibBase.prototype, '_closed', {
  get() { return !this._handle; },
  configurable: true,
  enumerable: true,
});

let bytesReadAccessors;
Object.defineProperty(ZlibBase.prototype, 'bytesRead', {
  get() { return deprecatedBytesRead().get.call(this); },
  set(value) { deprecatedBytesRead().set.call(this, value); },
  configurable: true,
  enumerable: true,
});
function deprecatedBytesRead() {
  if (!bytesReadAccessors) {
    const { deprecate } = require('util');
    const message = 'zlib.bytesRead is deprecated and will change its meaning in the future. '
      + 'Use zlib.bytesWritten instead.';
    bytesReadAccessors = {
      get: deprecate(function get() { return this.bytesWritten; }, message, 'DEP0108'),
      set: deprecate(function set(value) { this.bytesWritten = value; }, message, 'DEP0108'),
    };
  }
  return bytesReadAccessors;
}

ZlibBase.prototype.reset = function reset() {
  if (!this._handle) throw bindingClosed();
  return this._handle.reset();
};

// Transform calls this once everything was written: finish the codec's stream.
ZlibBase.prototype._flush = function _flush(callback) {
  this._transform(BufferClass().alloc(0), '', callback);
};

ZlibBase.prototype.flush = function flush(kind, callback) {
  if (typeof kind === 'function' || (kind === undefined && !callback)) {
    callback = kind;
    kind = this._defaultFullFlushFlag;
  }
  if (this.writableFinished) {
    if (callback) process.nextTick(callback);
  } else if (this.writableEnded) {
    if (callback) this.once('end', callback);
  } else {
    // An empty chunk carrying the flush kind through the write queue.
    const marker = BufferClass().alloc(0);
    marker[kFlushFlag] = kind;
    this.write(marker, '', callback);
  }
};

ZlibBase.prototype.close = function close(callback) {
  if (callback) stream().finished(this, callback);
  this.destroy();
};

ZlibBase.prototype._destroy = function _destroy(error, callback) {
  closeHandle(this);
  callback(error);
};

ZlibBase.prototype._transform = function _transform(chunk, encoding, cb) {
  let flushFlag = this._defaultFlushFlag;
  if (typeof chunk[kFlushFlag] === 'number') flushFlag = chunk[kFlushFlag];
  // The last chunk also finishes the codec's stream.
  if (this.writableEnded && this.writableLength === chunk.byteLength) {
    flushFlag = strongerFlush(flushFlag, this._finishFlushFlag);
  }
  processChunk(this, chunk, flushFlag, cb);
};

// Older libraries call this directly: with a callback it is a stream write, without one it runs
// synchronously.
ZlibBase.prototype._processChunk = function _processChunk(chunk, flushFlag, cb) {
  if (typeof cb === 'function') return processChunk(this, chunk, flushFlag, cb);
  return processSync(this, chunk, flushFlag);
};

function Zlib(opts, mode) {
  const opened = openZlib(opts, mode);
  ZlibBase.call(this, opts, opened);
  this._level = opened.level;
  this._strategy = opened.strategy;
}
Object.setPrototypeOf(Zlib.prototype, ZlibBase.prototype);
Object.setPrototypeOf(Zlib, ZlibBase);

// Changes take effect after a sync flush, so earlier input keeps the settings it was written with.
Zlib.prototype.params = function params(level, strategy, callback) {
  rangedOption(level, 'level', Z_MIN_LEVEL, Z_MAX_LEVEL);
  rangedOption(strategy, 'strategy', Z_DEFAULT_STRATEGY, Z_FIXED);
  if (this._level === level && this._strategy === strategy) {
    process.nextTick(callback);
    return;
  }
  this.flush(Z_SYNC_FLUSH, () => {
    if (!this._handle) throw bindingClosed();
    this._handle.params(level, strategy);
    if (!this.destroyed) {
      this._level = level;
      this._strategy = strategy;
      if (callback) callback();
    }
  });
};

function Brotli(opts, mode) {
  ZlibBase.call(this, opts, openBrotli(opts, mode));
}
Object.setPrototypeOf(Brotli.prototype, Zlib.prototype);
Object.setPrototypeOf(Brotli, Zlib);

// The public classes: callable without `new`, like Node's.
function defineClass(name, Base, mode) {
  const Class = {
    [name]: function (opts) {
      if (!(this instanceof Class)) return new Class(opts);
      Base.call(this, opts, mode);
    },
  }[name];
  Object.setPrototypeOf(Class.prototype, Base.prototype);
  Object.setPrototypeOf(Class, Base);
  return Class;
}

const Deflate = defineClass('Deflate', Zlib, DEFLATE);
const Inflate = defineClass('Inflate', Zlib, INFLATE);
const Gzip = defineClass('Gzip', Zlib, GZIP);
const Gunzip = defineClass('Gunzip', Zlib, GUNZIP);
const DeflateRaw = defineClass('DeflateRaw', Zlib, DEFLATERAW);
const InflateRaw = defineClass('InflateRaw', Zlib, INFLATERAW);
const Unzip = defineClass('Unzip', Zlib, UNZIP);
const BrotliCompress = defineClass('BrotliCompress', Brotli, BROTLI_ENCODE);
const BrotliDecompress = defineClass('BrotliDecompress', Brotli, BROTLI_DECODE);

// ---------------------------------------------------------------------------------------------------
// One-shot forms.

function convertSync(Class, mode) {
  return function syncBufferWrapper(buffer, opts) {
    // With `info`, the caller gets the engine too, so it must be a real stream.
    if (opts && opts.info) {
      const engine = new Class(opts);
      const result = processSync(engine, inputBytes(buffer), engine._finishFlushFlag);
      return { buffer: result, engine };
    }
    const { handle, settings } = open(opts, mode);
    const engine = {
      _handle: handle, _chunkSize: settings.chunkSize, _maxOutputLength: settings.maxOutputLength,
    };
    try {
      return processSync(engine, inputBytes(buffer), settings.finishFlush);
    } finally {
      closeHandle(engine);
    }
  };
}

const CHUNK_TYPES = 'of type string or an instance of Buffer, TypedArray, or DataView';

function convertAsync(Class, mode) {
  return function asyncBufferWrapper(buffer, opts, callback) {
    if (typeof opts === 'function') {
      callback = opts;
      opts = {};
    }
    const engine = opts && opts.info ? new Class(opts) : null;
    const { handle, settings } = engine ? { handle: engine._handle, settings: null } : open(opts, mode);
    const finishFlush = engine ? engine._finishFlushFlag : settings.finishFlush;
    const target = engine || {
      _handle: handle, _chunkSize: settings.chunkSize, _maxOutputLength: settings.maxOutputLength,
    };
    if (typeof callback !== 'function') {
      closeHandle(target);
      throw invalidArgType('callback', 'of type function', callback);
    }
    let input;
    if (typeof buffer === 'string') input = BufferClass().from(buffer);
    else if (ArrayBuffer.isView(buffer)) input = asUint8(buffer);
    else if (isAnyArrayBuffer(buffer)) input = BufferClass().from(buffer);
    else {
      closeHandle(target);
      throw invalidArgType('chunk', CHUNK_TYPES, buffer);
    }
    // The work happens where Node's threadpool would answer: on a later turn.
    setImmediate(() => {
      let result;
      try {
        result = processSync(target, input, finishFlush);
      } catch (error) {
        callback(error);
        return;
      }
      callback(null, engine ? { buffer: result, engine } : result);
    });
  };
}

// ---------------------------------------------------------------------------------------------------
// crc32 (node 20.15+).

function crc32(data, value = 0) {
  if (typeof data !== 'string' && !ArrayBuffer.isView(data)) {
    throw invalidArgType('data', CHUNK_TYPES, data);
  }
  if (typeof value !== 'number') throw invalidArgType('value', 'of type number', value);
  if (!Number.isInteger(value)) throw outOfRange('value', 'an integer', value);
  if (value < 0 || value > 0xFFFFFFFF) throw outOfRange('value', '>= 0 && <= 4294967295', value);
  const bytes = typeof data === 'string' ? ops.utf8Encode(data) : asUint8(data);
  return ops.crc32(bytes, value);
}

// ---------------------------------------------------------------------------------------------------

module.exports = {
  crc32,
  Deflate,
  Inflate,
  Gzip,
  Gunzip,
  DeflateRaw,
  InflateRaw,
  Unzip,
  BrotliCompress,
  BrotliDecompress,
  deflate: convertAsync(Deflate, DEFLATE),
  deflateSync: convertSync(Deflate, DEFLATE),
  gzip: convertAsync(Gzip, GZIP),
  gzipSync: convertSync(Gzip, GZIP),
  deflateRaw: convertAsync(DeflateRaw, DEFLATERAW),
  deflateRawSync: convertSync(DeflateRaw, DEFLATERAW),
  unzip: convertAsync(Unzip, UNZIP),
  unzipSync: convertSync(Unzip, UNZIP),
  inflate: convertAsync(Inflate, INFLATE),
  inflateSync: convertSync(Inflate, INFLATE),
  gunzip: convertAsync(Gunzip, GUNZIP),
  gunzipSync: convertSync(Gunzip, GUNZIP),
  inflateRaw: convertAsync(InflateRaw, INFLATERAW),
  inflateRawSync: convertSync(InflateRaw, INFLATERAW),
  brotliCompress: convertAsync(BrotliCompress, BROTLI_ENCODE),
  brotliCompressSync: convertSync(BrotliCompress, BROTLI_ENCODE),
  brotliDecompress: convertAsync(BrotliDecompress, BROTLI_DECODE),
  brotliDecompressSync: convertSync(BrotliDecompress, BROTLI_DECODE),
};

for (const [name, Class] of [
  ['createDeflate', Deflate], ['createInflate', Inflate], ['createDeflateRaw', DeflateRaw],
  ['createInflateRaw', InflateRaw], ['createGzip', Gzip], ['createGunzip', Gunzip],
  ['createUnzip', Unzip], ['createBrotliCompress', BrotliCompress],
  ['createBrotliDecompress', BrotliDecompress],
]) {
  Object.defineProperty(module.exports, name, {
    value: { [name]: (options) => new Class(options) }[name],
    configurable: true,
    enumerable: true,
    writable: false,
  });
}
Object.defineProperty(module.exports, 'constants', {
  value: constants, configurable: false, enumerable: true, writable: false,
});
Object.defineProperty(module.exports, 'codes', {
  value: codes, configurable: false, enumerable: true, writable: false,
});
// The legacy top-level copies of the zlib (not brotli) constants, hidden from enumeration.
for (const name of Object.keys(constants)) {
  if (name.startsWith('BROTLI')) continue;
  Object.defineProperty(module.exports, name, {
    value: constants[name], enumerable: false, writable: false, configurable: false,
  });
}
