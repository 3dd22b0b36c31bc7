'use strict';
// Readable: a buffer between a producer (`_read` + `push`) and consumers ('data' in flowing mode,
// 'readable' + `read()` in paused mode, `pipe`, async iteration). Timing follows Node 20: 'readable',
// 'end' and resumption happen on process.nextTick, 'data' synchronously from `read()`/`push()`.

const { Stream, prependListener } = require('internal/streams/legacy');
const destroyImpl = require('internal/streams/destroy');
const errors = require('internal/streams/errors');
const { getHighWaterMark, getDefaultHighWaterMark } = require('internal/streams/state');
const { StreamDecoder } = require('internal/streams/decoder');
const { getBuffer, isUint8Array, uint8ArrayToBuffer } = require('internal/streams/utils');

const kPaused = Symbol('kPaused'); // null: never paused/resumed; true after pause(); false after resume()
const MAX_HWM = 0x40000000;

// Loaded on first use: these modules require this one.
let Duplex;
function isDuplex(stream) {
  Duplex ??= require('internal/streams/duplex');
  return stream instanceof Duplex;
}

function ReadableState(options, stream, duplex) {
  if (typeof duplex !== 'boolean') duplex = isDuplex(stream);
  this.objectMode = !!options?.objectMode || (duplex && !!options?.readableObjectMode);
  this.highWaterMark = options
    ? getHighWaterMark(this, options, 'readableHighWaterMark', duplex)
    : getDefaultHighWaterMark(false);

  this.buffer = [];
  this.bufferIndex = 0; // chunks before it were already consumed
  this.length = 0; // bytes (or objects) buffered
  this.pipes = [];
  this.flowing = null; // null: no consumer yet; true: 'data' flows; false: paused
  this.ended = false; // push(null) seen
  this.endEmitted = false;
  this.reading = false; // a _read() call waits for its push()
  this.constructed = true;
  this.sync = true; // inside _read(): push() must not emit 'data' directly
  this.needReadable = false;
  this.emittedReadable = false;
  this.readableListening = false;
  this.resumeScheduled = false;
  this[kPaused] = null;
  this.errorEmitted = false;
  this.emitClose = options?.emitClose !== false;
  this.autoDestroy = options?.autoDestroy !== false;
  this.destroyed = false;
  this.errored = null;
  this.closed = false;
  this.closeEmitted = false;
  this.defaultEncoding = options?.defaultEncoding || 'utf8';
  this.awaitDrainWriters = null; // the pipe destination(s) 'drain' must come from before resuming
  this.multiAwaitDrain = false;
  this.readingMore = false;
  this.dataEmitted = false;
  this.decoder = null;
  this.encoding = null;
  if (options?.encoding) {
    this.decoder = new StreamDecoder(options.encoding);
    this.encoding = this.decoder.encoding;
  }
}

// ---------------------------------------------------------------------------------------------------
// The chunk buffer: an array read from `bufferIndex` (so taking a chunk is O(1)), compacted
// once the consumed part dominates.

function bufferedChunks(state) {
  if (state.bufferIndex > 0) {
    state.buffer.splice(0, state.bufferIndex);
    state.bufferIndex = 0;
  }
  return state.buffer;
}

function bufferShift(state) {
  const chunk = state.buffer[state.bufferIndex];
  state.buffer[state.bufferIndex++] = undefined;
  afterConsume(state);
  return chunk;
}

function bufferUnshift(state, chunk) {
  if (state.bufferIndex > 0) state.buffer[--state.bufferIndex] = chunk;
  else state.buffer.unshift(chunk);
}

function afterConsume(state) {
  if (state.bufferIndex === state.buffer.length) clearBuffer(state);
  else if (state.bufferIndex > 1024 && state.bufferIndex * 2 > state.buffer.length) bufferedChunks(state);
}

function clearBuffer(state) {
  state.buffer = [];
  state.bufferIndex = 0;
}

function chunkLength(state, chunk) {
  return state.objectMode ? 1 : chunk.length;
}

// ---------------------------------------------------------------------------------------------------
// Readable

function Readable(options) {
  if (!(this instanceof Readable)) return new Readable(options);
  const duplex = isDuplex(this);
  this._readableState = new ReadableState(options, this, duplex);
  if (options) {
    if (typeof options.read === 'function') this._read = options.read;
    if (typeof options.destroy === 'function') this._destroy = options.destroy;
    if (typeof options.construct === 'function') this._construct = options.construct;
    if (options.signal && !duplex) require('internal/streams/add_abort_signal').addAbortSignal(options.signal, this);
  }
  Stream.call(this, options);
  destroyImpl.construct(this, () => {
    if (this._readableState.needReadable) maybeReadMore(this, this._readableState);
  });
}
Object.setPrototypeOf(Readable.prototype, Stream.prototype);
Object.setPrototypeOf(Readable, Stream);

Readable.ReadableState = ReadableState;

Readable.prototype.destroy = destroyImpl.destroy;
Readable.prototype._undestroy = destroyImpl.undestroy;
Readable.prototype._destroy = function _destroy(err, cb) {
  cb(err);
};
Readable.prototype[require('events').captureRejectionSymbol] = function onRejection(err) {
  this.destroy(err);
};

// ---------------------------------------------------------------------------------------------------
// push / unshift

Readable.prototype.push = function push(chunk, encoding) {
  return addChunk(this, chunk, encoding, false);
};

Readable.prototype.unshift = function unshift(chunk, encoding) {
  return addChunk(this, chunk, encoding, true);
};

// Byte mode stores Buffers, or strings once an encoding is set; returns the converted chunk, or
// an Error for anything else.
function normalizeChunk(state, chunk, encoding, toFront) {
  if (typeof chunk === 'string') {
    encoding = encoding || state.defaultEncoding;
    if (state.encoding === encoding) return { chunk, decoded: true };
    const Buffer = getBuffer();
    // unshift() puts back text already decoded: keep it text in the stream's encoding.
    if (toFront && state.encoding) return { chunk: Buffer.from(chunk, encoding).toString(state.encoding), decoded: true };
    return { chunk: Buffer.from(chunk, encoding), decoded: false };
  }
  if (chunk instanceof getBuffer()) return { chunk, decoded: false };
  if (isUint8Array(chunk)) return { chunk: uint8ArrayToBuffer(chunk), decoded: false };
  if (chunk == null) return { chunk, decoded: false };
  return { error: errors.invalidChunk(chunk) };
}

function addChunk(stream, chunk, encoding, toFront) {
  const state = stream._readableState;
  let decoded = false;
  if (!state.objectMode) {
    const normalized = normalizeChunk(state, chunk, encoding, toFront);
    if (normalized.error) {
      destroyImpl.errorOrDestroy(stream, normalized.error);
      return false;
    }
    ({ chunk, decoded } = normalized);
  }

  if (chunk === null) {
    state.reading = false;
    onEofChunk(stream, state);
  } else if (state.objectMode || (chunk && chunk.length > 0)) {
    if (toFront) {
      if (state.endEmitted) destroyImpl.errorOrDestroy(stream, errors.unshiftAfterEnd());
      else if (state.destroyed || state.errored) return false;
      else storeChunk(stream, state, chunk, true);
    } else if (state.ended) {
      destroyImpl.errorOrDestroy(stream, errors.pushAfterEof());
    } else if (state.destroyed || state.errored) {
      return false;
    } else {
      state.reading = false;
      if (state.decoder && !decoded) {
        chunk = state.decoder.write(chunk);
        if (state.objectMode || chunk.length !== 0) storeChunk(stream, state, chunk, false);
        else maybeReadMore(stream, state);
      } else {
        storeChunk(stream, state, chunk, false);
      }
    }
  } else if (!toFront) {
    // An empty chunk still answers the pending _read().
    state.reading = false;
    maybeReadMore(stream, state);
  }
  // Asks for more while under the mark (an empty buffer always wants more).
  return !state.ended && (state.length < state.highWaterMark || state.length === 0);
}

// A flowing stream with an empty buffer hands the chunk straight to 'data'; otherwise it waits.
function storeChunk(stream, state, chunk, toFront) {
  if (state.flowing && state.length === 0 && !state.sync && stream.listenerCount('data') > 0) {
    clearAwaitDrain(state);
    state.dataEmitted = true;
    stream.emit('data', chunk);
  } else {
    state.length += chunkLength(state, chunk);
    if (toFront) bufferUnshift(state, chunk);
    else state.buffer.push(chunk);
    if (state.needReadable) emitReadable(stream);
  }
  maybeReadMore(stream, state);
}

function clearAwaitDrain(state) {
  if (state.multiAwaitDrain) state.awaitDrainWriters.clear();
  else state.awaitDrainWriters = null;
}

function onEofChunk(stream, state) {
  if (state.ended) return;
  if (state.decoder) {
    const rest = state.decoder.end();
    if (rest && rest.length) {
      state.buffer.push(rest);
      state.length += chunkLength(state, rest);
    }
  }
  state.ended = true;
  if (state.sync) {
    // Inside _read(): let the caller finish first.
    emitReadable(stream);
  } else {
    state.needReadable = false;
    state.emittedReadable = true;
    emitReadableNT(stream);
  }
}

// ---------------------------------------------------------------------------------------------------
// read

function computeNewHighWaterMark(n) {
  if (n > MAX_HWM) throw errors.outOfRange('size', '<= 1GiB', n);
  // The next power of two, so repeated large reads do not keep growing the mark.
  n--;
  n |= n >>> 1;
  n |= n >>> 2;
  n |= n >>> 4;
  n |= n >>> 8;
  n |= n >>> 16;
  return n + 1;
}

// How much a read(n) may return now: all of it in object mode is one object; NaN means "what is there".
function howMuchToRead(n, state) {
  if (n <= 0 || (state.length === 0 && state.ended)) return 0;
  if (state.objectMode) return 1;
  if (Number.isNaN(n)) {
    if (state.flowing && state.length) return chunkLength(state, state.buffer[state.bufferIndex]);
    return state.length;
  }
  if (n <= state.length) return n;
  return state.ended ? state.length : 0;
}

Readable.prototype.read = function read(n) {
  if (n === undefined) n = NaN;
  else if (!Number.isInteger(n)) n = Number.parseInt(n, 10);
  const state = this._readableState;
  const nOrig = n;

  if (n > state.highWaterMark) state.highWaterMark = computeNewHighWaterMark(n);
  if (n !== 0) state.emittedReadable = false;

  // read(0) with enough buffered (or at the end) only triggers 'readable'/'end'.
  if (n === 0 && state.needReadable &&
      ((state.highWaterMark !== 0 ? state.length >= state.highWaterMark : state.length > 0) || state.ended)) {
    if (state.length === 0 && state.ended) endReadable(this);
    else emitReadable(this);
    return null;
  }

  n = howMuchToRead(n, state);
  if (n === 0 && state.ended) {
    if (state.length === 0) endReadable(this);
    return null;
  }

  // Call _read() when the buffer would fall under the mark, unless it cannot produce anything.
  let doRead = state.needReadable;
  if (state.length === 0 || state.length - n < state.highWaterMark) doRead = true;
  if (state.ended || state.reading || state.destroyed || state.errored || !state.constructed) {
    doRead = false;
  } else if (doRead) {
    state.reading = true;
    state.sync = true;
    if (state.length === 0) state.needReadable = true;
    try {
      this._read(state.highWaterMark);
    } catch (err) {
      destroyImpl.errorOrDestroy(this, err);
    }
    state.sync = false;
    // A synchronous push() may have made more available.
    if (!state.reading) n = howMuchToRead(nOrig, state);
  }

  let ret = n > 0 ? fromList(n, state) : null;
  if (ret === null) {
    state.needReadable = state.length <= state.highWaterMark;
    n = 0;
  } else {
    state.length -= n;
    clearAwaitDrain(state);
  }

  if (state.length === 0) {
    if (!state.ended) state.needReadable = true;
    if (nOrig !== n && state.ended) endReadable(this);
  }

  if (ret !== null && !state.errorEmitted && !state.closeEmitted) {
    state.dataEmitted = true;
    this.emit('data', ret);
  }
  return ret;
};

Readable.prototype._read = function _read() {
  throw errors.notImplemented('_read()');
};

// Takes n bytes (or one object) off the buffer, splitting or joining chunks as needed.
function fromList(n, state) {
  if (state.length === 0) return null;
  if (state.objectMode) return bufferShift(state);
  if (!n || n >= state.length) {
    const chunks = bufferedChunks(state);
    let ret;
    if (state.decoder) ret = chunks.join('');
    else if (chunks.length === 1) ret = chunks[0];
    else ret = getBuffer().concat(chunks, state.length);
    clearBuffer(state);
    return ret;
  }
  return takeBytes(n, state);
}

function takeBytes(n, state) {
  const buffer = state.buffer;
  const first = buffer[state.bufferIndex];
  if (n < first.length) {
    buffer[state.bufferIndex] = first.slice(n);
    return first.slice(0, n);
  }
  if (n === first.length) return bufferShift(state);
  const pieces = [];
  let missing = n;
  while (missing > 0) {
    const chunk = buffer[state.bufferIndex];
    if (chunk.length <= missing) {
      pieces.push(chunk);
      buffer[state.bufferIndex++] = undefined;
      missing -= chunk.length;
    } else {
      pieces.push(chunk.slice(0, missing));
      buffer[state.bufferIndex] = chunk.slice(missing);
      missing = 0;
    }
  }
  afterConsume(state);
  return state.decoder ? pieces.join('') : getBuffer().concat(pieces, n);
}

Readable._fromList = fromList;

// ---------------------------------------------------------------------------------------------------
// 'readable', 'end' and reading ahead

function emitReadable(stream) {
  const state = stream._readableState;
  state.needReadable = false;
  if (!state.emittedReadable) {
    state.emittedReadable = true;
    process.nextTick(emitReadableNT, stream);
  }
}

function emitReadableNT(stream) {
  const state = stream._readableState;
  if (!state.destroyed && !state.errored && (state.length || state.ended)) {
    stream.emit('readable');
    state.emittedReadable = false;
  }
  // Another 'readable' is wanted once a consumer drained below the mark.
  state.needReadable = !state.flowing && !state.ended && state.length <= state.highWaterMark;
  flow(stream);
}

// Fills the buffer up to the mark in the background, one _read() per loop.
function maybeReadMore(stream, state) {
  if (!state.readingMore && state.constructed) {
    state.readingMore = true;
    process.nextTick(maybeReadMoreNT, stream, state);
  }
}

function maybeReadMoreNT(stream, state) {
  while (!state.reading && !state.ended &&
      (state.length < state.highWaterMark || (state.flowing && state.length === 0))) {
    const before = state.length;
    stream.read(0);
    if (before === state.length) break; // _read() produced nothing synchronously
  }
  state.readingMore = false;
}

function endReadable(stream) {
  const state = stream._readableState;
  if (!state.endEmitted) {
    state.ended = true;
    process.nextTick(endReadableNT, state, stream);
  }
}

function endReadableNT(state, stream) {
  if (state.errored || state.closeEmitted || state.endEmitted || state.length !== 0) return;
  state.endEmitted = true;
  stream.emit('end');
  if (stream.writable && stream.allowHalfOpen === false) {
    process.nextTick(endWritableNT, stream);
  } else if (state.autoDestroy) {
    // A Duplex is destroyed only once its writable side is done too.
    const wState = stream._writableState;
    if (!wState || (wState.autoDestroy && (wState.finished || wState.writable === false))) stream.destroy();
  }
}

function endWritableNT(stream) {
  if (stream.writable && !stream.writableEnded && !stream.destroyed) stream.end();
}

// ---------------------------------------------------------------------------------------------------
// Flowing and paused modes

Readable.prototype.on = function on(event, fn) {
  const result = Stream.prototype.on.call(this, event, fn);
  const state = this._readableState;
  if (event === 'data') {
    state.readableListening = this.listenerCount('readable') > 0;
    // A 'data' listener starts the flow unless pause() was called explicitly.
    if (state.flowing !== false) this.resume();
  } else if (event === 'readable') {
    if (!state.endEmitted && !state.readableListening) {
      state.readableListening = state.needReadable = true;
      state.flowing = false;
      state.emittedReadable = false;
      if (state.length) emitReadable(this);
      else if (!state.reading) process.nextTick(readZeroNT, this);
    }
  }
  return result;
};
Readable.prototype.addListener = Readable.prototype.on;

function readZeroNT(stream) {
  stream.read(0);
}

Readable.prototype.removeListener = function removeListener(event, fn) {
  const result = Stream.prototype.removeListener.call(this, event, fn);
  if (event === 'readable') process.nextTick(updateReadableListening, this);
  return result;
};
Readable.prototype.off = Readable.prototype.removeListener;

Readable.prototype.removeAllListeners = function removeAllListeners(event) {
  const result = Stream.prototype.removeAllListeners.apply(this, arguments);
  if (event === 'readable' || event === undefined) process.nextTick(updateReadableListening, this);
  return result;
};

// After the last 'readable' listener left, 'data' listeners (if any) take over.
function updateReadableListening(stream) {
  const state = stream._readableState;
  state.readableListening = stream.listenerCount('readable') > 0;
  if (state.resumeScheduled && state[kPaused] === false) state.flowing = true;
  else if (stream.listenerCount('data') > 0) stream.resume();
  else if (!state.readableListening) state.flowing = null;
}

Readable.prototype.resume = function resume() {
  const state = this._readableState;
  if (!state.flowing) {
    // With 'readable' listeners the stream stays in paused mode.
    state.flowing = !state.readableListening;
    if (!state.resumeScheduled) {
      state.resumeScheduled = true;
      process.nextTick(resumeNT, this, state);
    }
  }
  state[kPaused] = false;
  return this;
};

function resumeNT(stream, state) {
  if (!state.reading) stream.read(0);
  state.resumeScheduled = false;
  stream.emit('resume');
  flow(stream);
  if (state.flowing && !state.reading) stream.read(0);
}

Readable.prototype.pause = function pause() {
  const state = this._readableState;
  if (state.flowing !== false) {
    state.flowing = false;
    this.emit('pause');
  }
  state[kPaused] = true;
  return this;
};

Readable.prototype.isPaused = function isPaused() {
  const state = this._readableState;
  return state[kPaused] === true || state.flowing === false;
};

function flow(stream) {
  const state = stream._readableState;
  while (state.flowing && stream.read() !== null);
}

Readable.prototype.setEncoding = function setEncoding(encoding) {
  const state = this._readableState;
  const decoder = new StreamDecoder(encoding);
  state.decoder = decoder;
  state.encoding = decoder.encoding;
  // Re-decode what is already buffered.
  let content = '';
  for (const chunk of bufferedChunks(state)) content += decoder.write(chunk);
  clearBuffer(state);
  if (content !== '') state.buffer.push(content);
  state.length = content.length;
  return this;
};

// ---------------------------------------------------------------------------------------------------
// pipe / unpipe

Readable.prototype.pipe = function pipe(dest, pipeOpts) {
  const src = this;
  const state = this._readableState;

  if (state.pipes.length === 1 && !state.multiAwaitDrain) {
    // A second destination: track which ones still owe a 'drain'.
    state.multiAwaitDrain = true;
    state.awaitDrainWriters = new Set(state.awaitDrainWriters ? [state.awaitDrainWriters] : []);
  }
  state.pipes.push(dest);

  const doEnd = (!pipeOpts || pipeOpts.end !== false) && dest !== process.stdout && dest !== process.stderr;
  const endFn = doEnd ? onend : unpipe;
  if (state.endEmitted) process.nextTick(endFn);
  else src.once('end', endFn);

  let ondrain;
  let cleanedUp = false;

  function onunpipe(readable, unpipeInfo) {
    if (readable === src && unpipeInfo && unpipeInfo.hasUnpiped === false) {
      unpipeInfo.hasUnpiped = true;
      cleanup();
    }
  }
  function onend() {
    dest.end();
  }
  function cleanup() {
    dest.removeListener('close', onclose);
    dest.removeListener('finish', onfinish);
    if (ondrain) dest.removeListener('drain', ondrain);
    dest.removeListener('error', onerror);
    dest.removeListener('unpipe', onunpipe);
    src.removeListener('end', onend);
    src.removeListener('end', unpipe);
    src.removeListener('data', ondata);
    cleanedUp = true;
    // If we were waiting for this destination's 'drain', do not wait any more.
    if (ondrain && state.awaitDrainWriters && (!dest._writableState || dest._writableState.needDrain)) ondrain();
  }
  function pause() {
    if (!cleanedUp) {
      if (state.pipes.length === 1 && state.pipes[0] === dest) {
        state.awaitDrainWriters = dest;
        state.multiAwaitDrain = false;
      } else if (state.pipes.length > 1 && state.pipes.includes(dest)) {
        state.awaitDrainWriters.add(dest);
      }
      src.pause();
    }
    if (!ondrain) {
      ondrain = pipeOnDrain(src, dest);
      dest.on('drain', ondrain);
    }
  }
  function ondata(chunk) {
    if (dest.write(chunk) === false) pause();
  }
  // A destination error unpipes; it is rethrown if nobody else listens.
  function onerror(err) {
    unpipe();
    dest.removeListener('error', onerror);
    if (dest.listenerCount('error') === 0) {
      const s = dest._writableState || dest._readableState;
      if (s && !s.errorEmitted) destroyImpl.errorOrDestroy(dest, err);
      else dest.emit('error', err);
    }
  }
  function onclose() {
    dest.removeListener('finish', onfinish);
    unpipe();
  }
  function onfinish() {
    dest.removeListener('close', onclose);
    unpipe();
  }
  function unpipe() {
    src.unpipe(dest);
  }

  dest.on('unpipe', onunpipe);
  src.on('data', ondata);
  prependListener(dest, 'error', onerror);
  dest.once('close', onclose);
  dest.once('finish', onfinish);
  dest.emit('pipe', src);

  if (dest.writableNeedDrain === true) pause();
  else if (!state.flowing) src.resume();
  return dest;
};

function pipeOnDrain(src, dest) {
  return function pipeOnDrainFunctionResult() {
    const state = src._readableState;
    if (state.awaitDrainWriters === dest) state.awaitDrainWriters = null;
    else if (state.multiAwaitDrain) state.awaitDrainWriters.delete(dest);
    if ((!state.awaitDrainWriters || state.awaitDrainWriters.size === 0) && src.listenerCount('data')) {
      src.resume();
    }
  };
}

Readable.prototype.unpipe = function unpipe(dest) {
  const state = this._readableState;
  if (state.pipes.length === 0) return this;
  if (!dest) {
    const dests = state.pipes;
    state.pipes = [];
    this.pause();
    for (const d of dests) d.emit('unpipe', this, { hasUnpiped: false });
    return this;
  }
  const index = state.pipes.indexOf(dest);
  if (index === -1) return this;
  state.pipes.splice(index, 1);
  if (state.pipes.length === 0) this.pause();
  dest.emit('unpipe', this, { hasUnpiped: false });
  return this;
};

// ---------------------------------------------------------------------------------------------------
// wrap: an old-style stream ('data'/'end' events, pause/resume) seen as a Readable.

Readable.prototype.wrap = function wrap(stream) {
  let paused = false;
  stream.on('data', (chunk) => {
    if (!this.push(chunk) && stream.pause) {
      paused = true;
      stream.pause();
    }
  });
  stream.on('end', () => this.push(null));
  stream.on('error', (err) => destroyImpl.errorOrDestroy(this, err));
  stream.on('close', () => this.destroy());
  stream.on('destroy', () => this.destroy());
  this._read = () => {
    if (paused && stream.resume) {
      paused = false;
      stream.resume();
    }
  };
  // Proxy the wrapped stream's own methods (Node skips the first key).
  const keys = Object.keys(stream);
  for (let j = 1; j < keys.length; j++) {
    const key = keys[j];
    if (this[key] === undefined && typeof stream[key] === 'function') this[key] = stream[key].bind(stream);
  }
  return this;
};

Readable.wrap = function wrap(src, options) {
  return new Readable({
    objectMode: src.readableObjectMode ?? src.objectMode ?? true,
    ...options,
    destroy(err, callback) {
      destroyImpl.destroyer(src, err);
      callback(err);
    },
  }).wrap(src);
};

// ---------------------------------------------------------------------------------------------------
// Async iteration

Readable.prototype[Symbol.asyncIterator] = function asyncIterator() {
  return streamToAsyncIterator(this);
};

Readable.prototype.iterator = function iterator(options) {
  if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options))) {
    throw errors.invalidArgType('options', 'of type object', options);
  }
  return streamToAsyncIterator(this, options);
};

function streamToAsyncIterator(stream, options) {
  if (typeof stream.read !== 'function') stream = Readable.wrap(stream, { objectMode: true });
  const iter = createAsyncIterator(stream, options);
  iter.stream = stream;
  return iter;
}

async function* createAsyncIterator(stream, options) {
  const finished = require('internal/streams/end_of_stream');
  let wake = null; // resolves the pending wait, if any
  function onReadable() {
    if (wake) {
      const resolve = wake;
      wake = null;
      resolve();
    }
  }
  stream.on('readable', onReadable);

  let error; // undefined: still open; null: ended cleanly; else the failure
  const cleanup = finished(stream, { writable: false }, (err) => {
    error = err ? errors.aggregateTwoErrors(error, err) : null;
    onReadable();
  });

  try {
    while (true) {
      const chunk = stream.destroyed ? null : stream.read();
      if (chunk !== null) yield chunk;
      else if (error) throw error;
      else if (error === null) return;
      else await new Promise((resolve) => { wake = resolve; });
    }
  } catch (err) {
    error = errors.aggregateTwoErrors(error, err);
    throw error;
  } finally {
    // Leaving the loop early (break/return/throw) destroys the stream unless told otherwise.
    if ((error || options?.destroyOnReturn !== false) &&
        (error === undefined || stream._readableState.autoDestroy)) {
      destroyImpl.destroyer(stream, null);
    } else {
      stream.off('readable', onReadable);
      cleanup();
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Accessors

function defineAccessors(proto, accessors) {
  for (const [name, get, set] of accessors) {
    Object.defineProperty(proto, name, { get, set, enumerable: false, configurable: true });
  }
}

defineAccessors(Readable.prototype, [
  ['readable', function () {
    const r = this._readableState;
    return !!r && r.readable !== false && !r.destroyed && !r.errorEmitted && !r.endEmitted;
  }, function (value) {
    if (this._readableState) this._readableState.readable = !!value;
  }],
  ['readableDidRead', function () {
    return this._readableState.dataEmitted;
  }],
  ['readableAborted', function () {
    const r = this._readableState;
    return !!(r.readable !== false && (r.destroyed || r.errored) && !r.endEmitted);
  }],
  ['readableHighWaterMark', function () {
    return this._readableState.highWaterMark;
  }],
  ['readableBuffer', function () {
    return this._readableState && bufferedChunks(this._readableState);
  }],
  ['readableFlowing', function () {
    return this._readableState.flowing;
  }, function (value) {
    if (this._readableState) this._readableState.flowing = value;
  }],
  ['readableLength', function () {
    return this._readableState.length;
  }],
  ['readableObjectMode', function () {
    return this._readableState ? this._readableState.objectMode : false;
  }],
  ['readableEncoding', function () {
    return this._readableState ? this._readableState.encoding : null;
  }],
  ['errored', function () {
    return this._readableState ? this._readableState.errored : null;
  }],
  ['closed', function () {
    return this._readableState ? this._readableState.closed : false;
  }],
  ['destroyed', function () {
    return this._readableState ? this._readableState.destroyed : false;
  }, function (value) {
    if (this._readableState) this._readableState.destroyed = value;
  }],
  ['readableEnded', function () {
    return this._readableState ? this._readableState.endEmitted : false;
  }],
]);

// ---------------------------------------------------------------------------------------------------
// Readable.from and the iterator helpers (map, filter, toArray, ...)

Readable.from = function from(iterable, opts) {
  return require('internal/streams/from')(Readable, iterable, opts);
};

require('internal/streams/operators').install(Readable);

module.exports = Readable;
