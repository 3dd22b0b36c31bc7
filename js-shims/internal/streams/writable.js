'use strict';
// Writable: queues written chunks and feeds them one at a time to `_write` (or in batches to
// `_writev`), reports backpressure through write()'s return value and 'drain', and runs
// `_final`, 'prefinish', 'finish' then 'close' after end(). Write callbacks of synchronous
// `_write`s are deferred to the next tick, as in Node 20.

const { Stream } = require('internal/streams/legacy');
const destroyImpl = require('internal/streams/destroy');
const errors = require('internal/streams/errors');
const { getHighWaterMark, getDefaultHighWaterMark } = require('internal/streams/state');
const { getBuffer, isUint8Array, uint8ArrayToBuffer, nop } = require('internal/streams/utils');

const kOnFinished = Symbol('kOnFinished');

let Duplex;
function isDuplex(stream) {
  Duplex ??= require('internal/streams/duplex');
  return stream instanceof Duplex;
}

function WritableState(options, stream, duplex) {
  if (typeof duplex !== 'boolean') duplex = isDuplex(stream);
  this.objectMode = !!options?.objectMode || (duplex && !!options?.writableObjectMode);
  this.highWaterMark = options
    ? getHighWaterMark(this, options, 'writableHighWaterMark', duplex)
    : getDefaultHighWaterMark(false);

  this.finalCalled = false;
  this.needDrain = false; // write() returned false: emit 'drain' once the queue empties
  this.ending = false; // end() called
  this.ended = false; // end() returned
  this.finished = false; // 'finish' emitted
  this.destroyed = false;
  // Strings become Buffers before _write unless decodeStrings is false.
  this.decodeStrings = options?.decodeStrings !== false;
  this.defaultEncoding = options?.defaultEncoding || 'utf8';
  this.length = 0; // bytes (or objects) written but not yet acknowledged
  this.writing = false;
  this.corked = 0;
  this.sync = true; // inside _write(): its callback's effects wait for the next tick
  this.bufferProcessing = false;
  this.onwrite = onwrite.bind(undefined, stream);
  this.writecb = null;
  this.writelen = 0;
  this.afterWriteTickInfo = null; // batches the deferred callbacks of consecutive sync writes
  this.afterWritePending = false; // an after-write tick is queued
  this.buffered = [];
  this.bufferedIndex = 0;
  this.allBuffers = true;
  this.allNoop = true;
  this.pendingcb = 0; // callbacks still owed, including finish's
  this.constructed = true;
  this.prefinished = false;
  this.errorEmitted = false;
  this.emitClose = options?.emitClose !== false;
  this.autoDestroy = options?.autoDestroy !== false;
  this.errored = null;
  this.closed = false;
  this.closeEmitted = false;
  this[kOnFinished] = []; // end() callbacks
}

WritableState.prototype.getBuffer = function getBuffer() {
  return this.buffered.slice(this.bufferedIndex);
};

Object.defineProperty(WritableState.prototype, 'bufferedRequestCount', {
  get() {
    return this.buffered.length - this.bufferedIndex;
  },
  configurable: true,
});

function resetBuffer(state) {
  state.buffered = [];
  state.bufferedIndex = 0;
  state.allBuffers = true;
  state.allNoop = true;
}

// ---------------------------------------------------------------------------------------------------
// Writable

function Writable(options) {
  const duplex = isDuplex(this);
  // Duplex instances are Writables through Symbol.hasInstance, not the prototype chain.
  if (!duplex && !Function.prototype[Symbol.hasInstance].call(Writable, this)) return new Writable(options);
  this._writableState = new WritableState(options, this, duplex);
  if (options) {
    if (typeof options.write === 'function') this._write = options.write;
    if (typeof options.writev === 'function') this._writev = options.writev;
    if (typeof options.destroy === 'function') this._destroy = options.destroy;
    if (typeof options.final === 'function') this._final = options.final;
    if (typeof options.construct === 'function') this._construct = options.construct;
    if (options.signal) require('internal/streams/add_abort_signal').addAbortSignal(options.signal, this);
  }
  Stream.call(this, options);
  destroyImpl.construct(this, () => {
    const state = this._writableState;
    if (!state.writing) clearBuffer(this, state);
    finishMaybe(this, state);
  });
}
Object.setPrototypeOf(Writable.prototype, Stream.prototype);
Object.setPrototypeOf(Writable, Stream);

Writable.WritableState = WritableState;

Object.defineProperty(Writable, Symbol.hasInstance, {
  value: function hasInstance(object) {
    if (Function.prototype[Symbol.hasInstance].call(this, object)) return true;
    if (this !== Writable) return false;
    return !!object && object._writableState instanceof WritableState;
  },
  configurable: true,
});

// A Writable cannot be a pipe source.
Writable.prototype.pipe = function pipe() {
  destroyImpl.errorOrDestroy(this, errors.cannotPipe());
};

// ---------------------------------------------------------------------------------------------------
// write

// Object-mode chunks (and their encoding argument) pass through untouched; otherwise strings
// become Buffers unless decodeStrings is false.
function writeChunk(stream, chunk, encoding, cb) {
  const state = stream._writableState;
  if (typeof cb !== 'function') cb = nop;
  if (chunk === null) throw errors.nullValues();
  if (!state.objectMode) {
    const Buffer = getBuffer();
    if (!encoding) encoding = state.defaultEncoding;
    else if (encoding !== 'buffer' && !Buffer.isEncoding(encoding)) throw errors.unknownEncoding(encoding);
    if (typeof chunk === 'string') {
      if (state.decodeStrings !== false) {
        chunk = Buffer.from(chunk, encoding);
        encoding = 'buffer';
      }
    } else if (chunk instanceof Buffer) {
      encoding = 'buffer';
    } else if (isUint8Array(chunk)) {
      chunk = uint8ArrayToBuffer(chunk);
      encoding = 'buffer';
    } else {
      throw errors.invalidChunk(chunk);
    }
  }

  let err;
  if (state.ending) err = errors.writeAfterEnd();
  else if (state.destroyed) err = errors.destroyed('write');
  if (err) {
    process.nextTick(cb, err);
    destroyImpl.errorOrDestroy(stream, err, true);
    return err;
  }
  state.pendingcb++;
  return writeOrBuffer(stream, state, chunk, encoding, cb);
}

Writable.prototype.write = function write(chunk, encoding, cb) {
  if (typeof encoding === 'function') {
    cb = encoding;
    encoding = null;
  }
  return writeChunk(this, chunk, encoding, cb) === true;
};

// Writes now if idle, else queues; the result says whether the caller may keep writing. The
// mark is checked after a synchronous _write, so a write it completed at once never needs 'drain'.
function writeOrBuffer(stream, state, chunk, encoding, callback) {
  const len = state.objectMode ? 1 : chunk.length;
  state.length += len;

  if (state.writing || state.corked || state.errored || !state.constructed) {
    state.buffered.push({ chunk, encoding, callback });
    if (state.allBuffers && encoding !== 'buffer') state.allBuffers = false;
    if (state.allNoop && callback !== nop) state.allNoop = false;
  } else {
    state.writelen = len;
    state.writecb = callback;
    state.writing = true;
    state.sync = true;
    stream._write(chunk, encoding, state.onwrite);
    state.sync = false;
  }

  const ret = state.length < state.highWaterMark;
  if (!ret) state.needDrain = true;
  return ret && !state.errored && !state.destroyed;
}

function doWrite(stream, state, writev, len, chunk, encoding, cb) {
  state.writelen = len;
  state.writecb = cb;
  state.writing = true;
  state.sync = true;
  if (state.destroyed) state.onwrite(errors.destroyed('write'));
  else if (writev) stream._writev(chunk, state.onwrite);
  else stream._write(chunk, encoding, state.onwrite);
  state.sync = false;
}

// The callback `_write` gets.
function onwrite(stream, er) {
  const state = stream._writableState;
  const sync = state.sync;
  const cb = state.writecb;
  if (typeof cb !== 'function') {
    destroyImpl.errorOrDestroy(stream, errors.multipleCallback());
    return;
  }
  state.writing = false;
  state.writecb = null;
  state.length -= state.writelen;
  state.writelen = 0;

  if (er) {
    if (!state.errored) state.errored = er;
    if (stream._readableState && !stream._readableState.errored) stream._readableState.errored = er;
    if (sync) process.nextTick(onwriteError, stream, state, er, cb);
    else onwriteError(stream, state, er, cb);
    return;
  }
  if (state.buffered.length > state.bufferedIndex) clearBuffer(stream, state);
  if (!sync) {
    afterWrite(stream, state, 1, cb);
    return;
  }
  // A synchronous write completes on the next tick, unless there is nothing to report: no
  // callback, no 'drain' (Node 20 also always ticks in object mode).
  const needTick = (state.needDrain && state.length === 0) || state.destroyed || state.objectMode || cb !== nop;
  if (cb === nop) {
    if (!state.afterWritePending && needTick) {
      state.afterWritePending = true;
      process.nextTick(afterWrite, stream, state, 1, cb);
    } else {
      state.pendingcb--;
      if (state.ending) finishMaybe(stream, state, true);
    }
  } else if (state.afterWriteTickInfo !== null && state.afterWriteTickInfo.cb === cb) {
    // Consecutive synchronous writes with one callback share one tick.
    state.afterWriteTickInfo.count++;
  } else {
    state.afterWriteTickInfo = { count: 1, cb, stream, state };
    state.afterWritePending = true;
    process.nextTick(afterWriteTick, state.afterWriteTickInfo);
  }
}

function onwriteError(stream, state, er, cb) {
  --state.pendingcb;
  cb(er);
  errorBuffer(state);
  destroyImpl.errorOrDestroy(stream, er);
}

function afterWriteTick({ stream, state, count, cb }) {
  state.afterWriteTickInfo = null;
  afterWrite(stream, state, count, cb);
}

// After the write callbacks, 'finish' (if due) waits one more tick.
function afterWrite(stream, state, count, cb) {
  state.afterWritePending = false;
  const needDrain = !state.ending && !stream.destroyed && state.length === 0 && state.needDrain;
  if (needDrain) {
    state.needDrain = false;
    stream.emit('drain');
  }
  while (count-- > 0) {
    state.pendingcb--;
    cb();
  }
  if (state.destroyed) errorBuffer(state);
  if (state.ending) finishMaybe(stream, state, true);
}

// Fails every queued write and end() callback of a destroyed or errored stream.
function errorBuffer(state) {
  if (state.writing) return;
  for (let n = state.bufferedIndex; n < state.buffered.length; ++n) {
    const { chunk, callback } = state.buffered[n];
    state.length -= state.objectMode ? 1 : chunk.length;
    callback(state.errored ?? errors.destroyed('write'));
  }
  for (const callback of state[kOnFinished].splice(0)) {
    callback(state.errored ?? errors.destroyed('end'));
  }
  resetBuffer(state);
}

// Hands queued chunks to _writev at once when it exists, else to _write one by one.
function clearBuffer(stream, state) {
  if (state.corked || state.bufferProcessing || state.destroyed || !state.constructed) return;
  const { buffered, bufferedIndex, objectMode } = state;
  const count = buffered.length - bufferedIndex;
  if (!count) return;

  let i = bufferedIndex;
  state.bufferProcessing = true;
  if (count > 1 && stream._writev) {
    state.pendingcb -= count - 1;
    const callback = state.allNoop ? nop : (err) => {
      for (let n = i; n < buffered.length; ++n) buffered[n].callback(err);
    };
    const chunks = state.allNoop && i === 0 ? buffered : buffered.slice(i);
    chunks.allBuffers = state.allBuffers;
    doWrite(stream, state, true, state.length, chunks, '', callback);
    resetBuffer(state);
  } else {
    do {
      const { chunk, encoding, callback } = buffered[i];
      buffered[i++] = null;
      doWrite(stream, state, false, objectMode ? 1 : chunk.length, chunk, encoding, callback);
    } while (i < buffered.length && !state.writing);
    if (i === buffered.length) {
      resetBuffer(state);
    } else if (i > 256) {
      buffered.splice(0, i);
      state.bufferedIndex = 0;
    } else {
      state.bufferedIndex = i;
    }
  }
  state.bufferProcessing = false;
}

Writable.prototype._write = function _write(chunk, encoding, cb) {
  if (this._writev) this._writev([{ chunk, encoding }], cb);
  else throw errors.notImplemented('_write()');
};

Writable.prototype._writev = null;

Writable.prototype.cork = function cork() {
  this._writableState.corked++;
};

Writable.prototype.uncork = function uncork() {
  const state = this._writableState;
  if (state.corked) {
    state.corked--;
    if (!state.writing) clearBuffer(this, state);
  }
};

Writable.prototype.setDefaultEncoding = function setDefaultEncoding(encoding) {
  if (typeof encoding === 'string') encoding = encoding.toLowerCase();
  if (!getBuffer().isEncoding(encoding)) throw errors.unknownEncoding(encoding);
  this._writableState.defaultEncoding = encoding;
  return this;
};

// ---------------------------------------------------------------------------------------------------
// end, _final, 'prefinish', 'finish'

Writable.prototype.end = function end(chunk, encoding, cb) {
  const state = this._writableState;
  if (typeof chunk === 'function') {
    cb = chunk;
    chunk = null;
    encoding = null;
  } else if (typeof encoding === 'function') {
    cb = encoding;
    encoding = null;
  }

  let err;
  if (chunk !== null && chunk !== undefined) {
    const ret = writeChunk(this, chunk, encoding);
    if (ret instanceof Error) err = ret;
  }
  // end() flushes everything corked.
  if (state.corked) {
    state.corked = 1;
    this.uncork();
  }

  if (err) {
    // The write already reported it.
  } else if (!state.errored && !state.ending) {
    state.ending = true;
    finishMaybe(this, state, true);
    state.ended = true;
  } else if (state.finished) {
    err = errors.alreadyFinished('end');
  } else if (state.destroyed) {
    err = errors.destroyed('end');
  }

  if (typeof cb === 'function') {
    if (err) process.nextTick(cb, err);
    else if (state.errored) process.nextTick(cb, state.errored);
    else if (state.finished) process.nextTick(cb, null);
    else state[kOnFinished].push(cb);
  }
  return this;
};

function needFinish(state) {
  return state.ending && !state.destroyed && state.constructed && state.length === 0 &&
    !state.errored && state.buffered.length === 0 && !state.finished && !state.writing &&
    !state.errorEmitted && !state.closeEmitted;
}

function callFinal(stream, state) {
  let called = false;
  function onFinal(err) {
    if (called) {
      destroyImpl.errorOrDestroy(stream, err ?? errors.multipleCallback());
      return;
    }
    called = true;
    state.pendingcb--;
    if (err) {
      for (const callback of state[kOnFinished].splice(0)) callback(err);
      destroyImpl.errorOrDestroy(stream, err, state.sync);
    } else if (needFinish(state)) {
      state.prefinished = true;
      stream.emit('prefinish');
      state.pendingcb++;
      process.nextTick(finish, stream, state);
    }
  }
  state.sync = true;
  state.pendingcb++;
  try {
    stream._final(onFinal);
  } catch (err) {
    onFinal(err);
  }
  state.sync = false;
}

function prefinish(stream, state) {
  if (!state.prefinished && !state.finalCalled) {
    if (typeof stream._final === 'function' && !state.destroyed) {
      state.finalCalled = true;
      callFinal(stream, state);
    } else {
      state.prefinished = true;
      stream.emit('prefinish');
    }
  }
}

function finishMaybe(stream, state, sync) {
  if (!needFinish(state)) return;
  prefinish(stream, state);
  if (state.pendingcb !== 0) return;
  if (sync) {
    // From end(): 'finish' comes on the next tick, if nothing changed meanwhile.
    state.pendingcb++;
    process.nextTick((s, st) => {
      if (needFinish(st)) finish(s, st);
      else st.pendingcb--;
    }, stream, state);
  } else if (needFinish(state)) {
    state.pendingcb++;
    finish(stream, state);
  }
}

function finish(stream, state) {
  state.pendingcb--;
  state.finished = true;
  for (const callback of state[kOnFinished].splice(0)) callback();
  stream.emit('finish');
  if (state.autoDestroy) {
    // A Duplex is destroyed only once its readable side ended too.
    const rState = stream._readableState;
    if (!rState || (rState.autoDestroy && (rState.endEmitted || rState.readable === false))) stream.destroy();
  }
}

// ---------------------------------------------------------------------------------------------------
// destroy and accessors

Writable.prototype.destroy = function destroy(err, cb) {
  const state = this._writableState;
  // Queued writes fail on the next tick (after _destroy had a chance to run).
  if (!state.destroyed && (state.bufferedIndex < state.buffered.length || state[kOnFinished].length)) {
    process.nextTick(errorBuffer, state);
  }
  destroyImpl.destroy.call(this, err, cb);
  return this;
};
Writable.prototype._undestroy = destroyImpl.undestroy;
Writable.prototype._destroy = function _destroy(err, cb) {
  cb(err);
};
Writable.prototype[require('events').captureRejectionSymbol] = function onRejection(err) {
  this.destroy(err);
};

function defineAccessors(proto, accessors) {
  for (const [name, get, set] of accessors) {
    Object.defineProperty(proto, name, { get, set, enumerable: false, configurable: true });
  }
}

defineAccessors(Writable.prototype, [
  ['closed', function () {
    return this._writableState ? this._writableState.closed : false;
  }],
  ['destroyed', function () {
    return this._writableState ? this._writableState.destroyed : false;
  }, function (value) {
    if (this._writableState) this._writableState.destroyed = value;
  }],
  ['writable', function () {
    const w = this._writableState;
    return !!w && w.writable !== false && !w.destroyed && !w.errored && !w.ending && !w.ended;
  }, function (value) {
    if (this._writableState) this._writableState.writable = !!value;
  }],
  ['writableFinished', function () {
    return this._writableState ? this._writableState.finished : false;
  }],
  ['writableObjectMode', function () {
    return this._writableState ? this._writableState.objectMode : false;
  }],
  ['writableBuffer', function () {
    return this._writableState && this._writableState.getBuffer();
  }],
  ['writableEnded', function () {
    return this._writableState ? this._writableState.ending : false;
  }],
  ['writableNeedDrain', function () {
    const w = this._writableState;
    if (!w) return false;
    return !w.destroyed && !w.ending && w.needDrain;
  }],
  ['writableHighWaterMark', function () {
    return this._writableState && this._writableState.highWaterMark;
  }],
  ['writableCorked', function () {
    return this._writableState ? this._writableState.corked : 0;
  }],
  ['writableLength', function () {
    return this._writableState && this._writableState.length;
  }],
  ['errored', function () {
    return this._writableState ? this._writableState.errored : null;
  }],
  ['writableAborted', function () {
    const w = this._writableState;
    return !!(w.writable !== false && (w.destroyed || w.errored) && !w.finished);
  }],
]);

module.exports = Writable;
