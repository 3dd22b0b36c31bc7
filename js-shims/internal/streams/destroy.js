'use strict';
// Destruction and construction shared by Readable, Writable and Duplex: `destroy(err, cb)` runs
// `_destroy`, then emits 'error' (once) and 'close' on the next tick; `_construct` holds reads and
// writes until its callback. Also `destroyer`, how pipeline() and finished() tear any stream down.

const errors = require('internal/streams/errors');
const { isDestroyed, isFinished, isRequest, isServerRequest, kIsDestroyed } = require('internal/streams/utils');

const kDestroy = Symbol('kDestroy');
const kConstruct = Symbol('kConstruct');

function states(stream) {
  return { r: stream._readableState, w: stream._writableState };
}

// The first error wins; both sides remember it.
function recordError(err, w, r) {
  if (!err) return;
  if (w && !w.errored) w.errored = err;
  if (r && !r.errored) r.errored = err;
}

function destroy(err, cb) {
  const { r, w } = states(this);
  if (w?.destroyed || r?.destroyed) {
    if (typeof cb === 'function') cb();
    return this;
  }
  recordError(err, w, r);
  if (w) w.destroyed = true;
  if (r) r.destroyed = true;
  const state = w || r;
  if (!state.constructed) {
    // Destroyed while `_construct` runs: `_destroy` waits for it.
    this.once(kDestroy, function onConstructed(constructErr) {
      runDestroy(this, errors.aggregateTwoErrors(constructErr, err), cb);
    });
  } else {
    runDestroy(this, err, cb);
  }
  return this;
}

function runDestroy(stream, err, cb) {
  let called = false;
  function onDestroy(destroyErr) {
    if (called) return;
    called = true;
    const { r, w } = states(stream);
    recordError(destroyErr, w, r);
    if (w) w.closed = true;
    if (r) r.closed = true;
    if (typeof cb === 'function') cb(destroyErr);
    if (destroyErr) process.nextTick(emitErrorCloseNT, stream, destroyErr);
    else process.nextTick(emitCloseNT, stream);
  }
  try {
    stream._destroy(err || null, onDestroy);
  } catch (thrown) {
    onDestroy(thrown);
  }
}

function emitErrorCloseNT(stream, err) {
  emitErrorNT(stream, err);
  emitCloseNT(stream);
}

function emitCloseNT(stream) {
  const { r, w } = states(stream);
  if (w) w.closeEmitted = true;
  if (r) r.closeEmitted = true;
  if (w?.emitClose || r?.emitClose) stream.emit('close');
}

// 'error' is emitted at most once per stream.
function emitErrorNT(stream, err) {
  const { r, w } = states(stream);
  if (w?.errorEmitted || r?.errorEmitted) return;
  if (w) w.errorEmitted = true;
  if (r) r.errorEmitted = true;
  stream.emit('error', err);
}

// Resets a destroyed stream so it can be reused (what `_undestroy` does in Node).
function undestroy() {
  const { r, w } = states(this);
  if (r) {
    r.constructed = true;
    r.closed = false;
    r.closeEmitted = false;
    r.destroyed = false;
    r.errored = null;
    r.errorEmitted = false;
    r.reading = false;
    r.ended = r.readable === false;
    r.endEmitted = r.readable === false;
  }
  if (w) {
    w.constructed = true;
    w.destroyed = false;
    w.closed = false;
    w.closeEmitted = false;
    w.errored = null;
    w.errorEmitted = false;
    w.finalCalled = false;
    w.prefinished = false;
    w.ended = w.writable === false;
    w.ending = w.writable === false;
    w.finished = w.writable === false;
  }
}

// An internal failure: destroy the stream when it auto-destroys, else just emit 'error'
// (`sync` defers the emit, so the caller's own callbacks run first).
function errorOrDestroy(stream, err, sync) {
  const { r, w } = states(stream);
  if (w?.destroyed || r?.destroyed) return;
  if (r?.autoDestroy || w?.autoDestroy) {
    stream.destroy(err);
  } else if (err) {
    recordError(err, w, r);
    if (sync) process.nextTick(emitErrorNT, stream, err);
    else emitErrorNT(stream, err);
  }
}

// Runs `_construct` on the next tick; `onConstructed` runs once it called back without error.
function construct(stream, onConstructed) {
  if (typeof stream._construct !== 'function') return;
  const { r, w } = states(stream);
  if (r) r.constructed = false;
  if (w) w.constructed = false;
  stream.once(kConstruct, onConstructed);
  // A Duplex reaches here from both of its sides; construct once.
  if (stream.listenerCount(kConstruct) > 1) return;
  process.nextTick(constructNT, stream);
}

function constructNT(stream) {
  let called = false;
  function onConstruct(err) {
    if (called) {
      errorOrDestroy(stream, err ?? errors.multipleCallback());
      return;
    }
    called = true;
    const { r, w } = states(stream);
    if (r) r.constructed = true;
    if (w) w.constructed = true;
    if ((w || r).destroyed) stream.emit(kDestroy, err);
    else if (err) errorOrDestroy(stream, err, true);
    else process.nextTick(() => stream.emit(kConstruct));
  }
  try {
    stream._construct((err) => {
      process.nextTick(onConstruct, err);
    });
  } catch (err) {
    process.nextTick(onConstruct, err);
  }
}

// Ends any stream-like object with an error, the way pipeline() and finished() must: http
// requests are aborted, streams destroyed, and bare emitters get the events they would emit.
function destroyer(stream, err) {
  if (!stream || isDestroyed(stream)) return;
  if (!err && !isFinished(stream)) err = new errors.AbortError();
  if (isServerRequest(stream)) {
    stream.socket = null;
    stream.destroy(err);
  } else if (isRequest(stream)) {
    stream.abort();
  } else if (isRequest(stream.req)) {
    stream.req.abort();
  } else if (typeof stream.destroy === 'function') {
    stream.destroy(err);
  } else if (typeof stream.close === 'function') {
    stream.close();
  } else if (err) {
    process.nextTick((s, e) => s.emit('error', e), stream, err);
  } else {
    process.nextTick((s) => s.emit('close'), stream);
  }
  if (!stream.destroyed) stream[kIsDestroyed] = true;
}

module.exports = { destroy, undestroy, errorOrDestroy, construct, destroyer, kDestroy, kConstruct };
