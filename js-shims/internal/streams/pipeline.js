'use strict';
// pipeline(source, ...transforms, destination, callback): pipes each stage into the next and
// calls back once with the first error (every stage is then destroyed) or after the last one
// finished. Stages may be streams, iterables, or (async generator) functions of the previous one.

const errors = require('internal/streams/errors');
const eos = require('internal/streams/end_of_stream');
const destroyImpl = require('internal/streams/destroy');
const utils = require('internal/streams/utils');
const { internals } = require('internal/event_target');

function pipeline(...streams) {
  return pipelineImpl(streams, utils.once(popCallback(streams)));
}

function popCallback(streams) {
  const callback = streams[streams.length - 1];
  if (typeof callback !== 'function') {
    throw errors.invalidArgType('streams[stream.length - 1]', 'of type function', callback);
  }
  return streams.pop();
}

// Turns a stage's input into something a function stage can iterate.
function makeAsyncIterable(value) {
  if (utils.isIterable(value)) return value;
  if (utils.isReadableNodeStream(value)) return fromReadable(value);
  throw errors.invalidArgType('val', 'an instance of Readable, Iterable, or AsyncIterable', value);
}

async function* fromReadable(stream) {
  const Readable = require('internal/streams/readable');
  yield* Readable.prototype[Symbol.asyncIterator].call(stream);
}

// How a stage is destroyed when the pipeline fails, and the listener cleanup once it succeeded.
function stageDestroyer(stream, reading, writing) {
  let finished = false;
  stream.on('close', () => {
    finished = true;
  });
  const cleanup = eos(stream, { readable: reading, writable: writing }, (err) => {
    finished = !err;
  });
  return {
    destroy(err) {
      if (finished) return;
      finished = true;
      destroyImpl.destroyer(stream, err || errors.destroyed('pipe'));
    },
    cleanup,
  };
}

// Writes an iterable into a writable stream, honouring its backpressure.
async function pumpToNode(iterable, writable, finish, { end }) {
  let error;
  let onresolve = null;
  const resume = (err) => {
    if (err) error = err;
    if (onresolve) {
      const callback = onresolve;
      onresolve = null;
      callback();
    }
  };
  const wait = () => new Promise((resolve, reject) => {
    if (error) {
      reject(error);
    } else {
      onresolve = () => {
        if (error) reject(error);
        else resolve();
      };
    }
  });

  writable.on('drain', resume);
  const cleanup = eos(writable, { readable: false }, resume);
  try {
    if (writable.writableNeedDrain) await wait();
    for await (const chunk of iterable) {
      if (!writable.write(chunk)) await wait();
    }
    if (end) {
      writable.end();
      await wait();
    }
    finish();
  } catch (err) {
    finish(error !== err ? errors.aggregateTwoErrors(error, err) : err);
  } finally {
    cleanup();
    writable.off('drain', resume);
  }
}

// Stream to stream: src.pipe(dst), with the source's end and errors reported to `finish`.
function pipeStreams(src, dst, finish, { end }) {
  let ended = false;
  dst.on('close', () => {
    if (!ended) finish(errors.prematureClose());
  });
  src.pipe(dst, { end: false }); // ended below, once the source really ended
  if (end) {
    const endFn = () => {
      ended = true;
      dst.end();
    };
    if (utils.isReadableFinished(src)) process.nextTick(endFn);
    else src.once('end', endFn);
    eos(src, { readable: true, writable: false }, (err) => {
      const rState = src._readableState;
      // Closed right after push(null), before 'end': wait for that 'end'.
      if (err && err.code === 'ERR_STREAM_PREMATURE_CLOSE' && rState && rState.ended &&
          !rState.errored && !rState.errorEmitted) {
        src.once('end', finish).once('error', finish);
      } else {
        finish(err);
      }
    });
  } else {
    finish();
  }
  return eos(dst, { readable: false, writable: true }, finish);
}

function pipelineImpl(streams, callback, opts) {
  if (streams.length === 1 && Array.isArray(streams[0])) streams = streams[0];
  if (streams.length < 2) throw errors.missingArgs('streams');

  const controller = new AbortController();
  const signal = controller.signal;
  const outerSignal = opts?.signal;
  internals.validateAbortSignal(outerSignal, 'options.signal');

  const lastStreamCleanup = [];
  const destroys = [];
  let error;
  let value;
  let finishCount = 0;

  function abort() {
    finishImpl(new errors.AbortError());
  }
  const stopAbortListener = outerSignal ? utils.onAbort(outerSignal, abort) : utils.nop;

  function finish(err) {
    finishImpl(err, --finishCount === 0);
  }

  // Premature-close errors yield to the real error that caused them.
  function finishImpl(err, final) {
    if (err && (!error || error.code === 'ERR_STREAM_PREMATURE_CLOSE')) error = err;
    if (!error && !final) return;
    while (destroys.length) destroys.shift()(error);
    stopAbortListener();
    controller.abort();
    if (final) {
      if (!error) lastStreamCleanup.forEach((fn) => fn());
      process.nextTick(callback, error, value);
    }
  }

  let ret;
  for (let i = 0; i < streams.length; i++) {
    const stream = streams[i];
    const reading = i < streams.length - 1;
    const writing = i > 0;
    const end = reading || opts?.end !== false;
    const isLastStream = i === streams.length - 1;

    if (utils.isNodeStream(stream)) {
      if (end) {
        const { destroy, cleanup } = stageDestroyer(stream, reading, writing);
        destroys.push(destroy);
        if (utils.isReadable(stream) && isLastStream) lastStreamCleanup.push(cleanup);
      }
      // Errors reach the callback through finished(); this only keeps them from being unhandled.
      const onError = (err) => {
        if (err && err.name !== 'AbortError' && err.code !== 'ERR_STREAM_PREMATURE_CLOSE') finish(err);
      };
      stream.on('error', onError);
      if (utils.isReadable(stream) && isLastStream) {
        lastStreamCleanup.push(() => stream.removeListener('error', onError));
      }
    }

    if (i === 0) {
      if (typeof stream === 'function') {
        ret = stream({ signal });
        if (!utils.isIterable(ret)) {
          throw errors.invalidReturnValue('Iterable, AsyncIterable or Stream', 'source', ret);
        }
      } else if (utils.isIterable(stream) || utils.isReadableNodeStream(stream)) {
        ret = stream;
      } else {
        ret = require('internal/streams/duplex').from(stream);
      }
    } else if (typeof stream === 'function') {
      ret = stream(makeAsyncIterable(ret), { signal });
      if (reading) {
        if (!utils.isIterable(ret, true)) {
          throw errors.invalidReturnValue('AsyncIterable', `transform[${i - 1}]`, ret);
        }
      } else {
        ret = lastFunctionStage(ret, end);
      }
    } else if (utils.isNodeStream(stream)) {
      if (utils.isReadableNodeStream(ret)) {
        finishCount += 2;
        const cleanup = pipeStreams(ret, stream, finish, { end });
        if (utils.isReadable(stream) && isLastStream) lastStreamCleanup.push(cleanup);
      } else if (utils.isIterable(ret)) {
        finishCount++;
        pumpToNode(ret, stream, finish, { end });
      } else {
        throw errors.invalidArgType('val',
          'an instance of Readable, Iterable, AsyncIterable, ReadableStream, or TransformStream', ret);
      }
      ret = stream;
    } else {
      ret = require('internal/streams/duplex').from(stream);
    }
  }

  // The last stage is a function: its result (a promise or an async iterable) feeds a PassThrough
  // that becomes the pipeline's return value; a promise's value is the callback's second argument.
  function lastFunctionStage(result, end) {
    const PassThrough = require('internal/streams/passthrough');
    const pt = new PassThrough({ objectMode: true });
    const then = result?.then;
    if (typeof then === 'function') {
      finishCount++;
      then.call(result, (val) => {
        value = val;
        if (val != null) pt.write(val);
        if (end) pt.end();
        process.nextTick(finish);
      }, (err) => {
        pt.destroy(err);
        process.nextTick(finish, err);
      });
    } else if (utils.isIterable(result, true)) {
      finishCount++;
      pumpToNode(result, pt, finish, { end });
    } else {
      throw errors.invalidReturnValue('AsyncIterable or Promise', 'destination', result);
    }
    const { destroy, cleanup } = stageDestroyer(pt, false, true);
    destroys.push(destroy);
    lastStreamCleanup.push(cleanup);
    return pt;
  }

  if (signal?.aborted || outerSignal?.aborted) process.nextTick(abort);
  return ret;
}

module.exports = { pipeline, pipelineImpl };
