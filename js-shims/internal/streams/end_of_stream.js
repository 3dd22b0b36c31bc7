'use strict';
// finished(stream, [options], callback): calls back once when the stream is done (ended,
// finished, or both for a Duplex), failed, or closed too early ('Premature close'). Works on
// streams2+, legacy streams and `request`-style objects. Returns a function removing its listeners.

const errors = require('internal/streams/errors');
const utils = require('internal/streams/utils');
const { internals } = require('internal/event_target');

const noOptions = Object.freeze({});

function validateArguments(options, callback) {
  if (options !== noOptions) internals.validateObject(options, 'options');
  if (typeof callback !== 'function') throw errors.invalidArgType('callback', 'of type function', callback);
  internals.validateAbortSignal(options.signal, 'options.signal');
}

function eos(stream, options, callback) {
  if (arguments.length === 2) {
    callback = options;
    options = noOptions;
  } else if (options == null) {
    options = noOptions;
  }
  validateArguments(options, callback);
  callback = utils.once(callback);
  if (!utils.isNodeStream(stream)) {
    throw errors.invalidArgType('stream', 'an instance of ReadableStream, WritableStream, or Stream', stream);
  }
  return watch(stream, options, callback);
}

function watch(stream, options, callback) {
  const readable = options.readable ?? utils.isReadableNodeStream(stream);
  const writable = options.writable ?? utils.isWritableNodeStream(stream);
  const wState = stream._writableState;
  const rState = stream._readableState;

  // With 'close' coming after 'end'/'finish', wait for it so the stream is fully torn down.
  let willEmitClose = utils.willEmitClose(stream) &&
    utils.isReadableNodeStream(stream) === readable && utils.isWritableNodeStream(stream) === writable;

  let writableFinished = utils.isWritableFinished(stream, false);
  let readableFinished = utils.isReadableFinished(stream, false);
  let closed = utils.isClosed(stream);

  const onlegacyfinish = () => {
    if (!stream.writable) onfinish();
  };
  const onfinish = () => {
    writableFinished = true;
    if (stream.destroyed) willEmitClose = false;
    if (willEmitClose && (!stream.readable || readable)) return;
    if (!readable || readableFinished) callback.call(stream);
  };
  const onend = () => {
    readableFinished = true;
    if (stream.destroyed) willEmitClose = false;
    if (willEmitClose && (!stream.writable || writable)) return;
    if (!writable || writableFinished) callback.call(stream);
  };
  const onerror = (err) => {
    callback.call(stream, err);
  };
  const erroredWith = () => utils.isWritableErrored(stream) || utils.isReadableErrored(stream);
  const onclose = () => {
    closed = true;
    const errored = erroredWith();
    if (errored && typeof errored !== 'boolean') return callback.call(stream, errored);
    if (readable && !readableFinished && utils.isReadableNodeStream(stream, true) &&
        !utils.isReadableFinished(stream, false)) {
      return callback.call(stream, errors.prematureClose());
    }
    if (writable && !writableFinished && !utils.isWritableFinished(stream, false)) {
      return callback.call(stream, errors.prematureClose());
    }
    callback.call(stream);
  };
  // Already done before we started listening.
  const onclosed = () => {
    closed = true;
    const errored = erroredWith();
    if (errored && typeof errored !== 'boolean') return callback.call(stream, errored);
    callback.call(stream);
  };
  const onrequest = () => {
    stream.req.on('finish', onfinish);
  };

  if (utils.isRequest(stream)) {
    stream.on('complete', onfinish);
    if (!willEmitClose) stream.on('abort', onclose);
    if (stream.req) onrequest();
    else stream.on('request', onrequest);
  } else if (writable && !wState) {
    // Legacy writable streams end with 'end' or 'close'.
    stream.on('end', onlegacyfinish);
    stream.on('close', onlegacyfinish);
  }
  // http.IncomingMessage.
  if (!willEmitClose && typeof stream.aborted === 'boolean') stream.on('aborted', onclose);

  stream.on('end', onend);
  stream.on('finish', onfinish);
  if (options.error !== false) stream.on('error', onerror);
  stream.on('close', onclose);

  if (closed) {
    process.nextTick(onclose);
  } else if (wState?.errorEmitted || rState?.errorEmitted) {
    if (!willEmitClose) process.nextTick(onclosed);
  } else if (!readable && (!willEmitClose || utils.isReadable(stream)) &&
      (writableFinished || utils.isWritable(stream) === false)) {
    process.nextTick(onclosed);
  } else if (!writable && (!willEmitClose || utils.isWritable(stream)) &&
      (readableFinished || utils.isReadable(stream) === false)) {
    process.nextTick(onclosed);
  } else if (rState && stream.req && stream.aborted) {
    process.nextTick(onclosed);
  }

  const cleanup = () => {
    callback = utils.nop;
    stream.removeListener('aborted', onclose);
    stream.removeListener('complete', onfinish);
    stream.removeListener('abort', onclose);
    stream.removeListener('request', onrequest);
    if (stream.req) stream.req.removeListener('finish', onfinish);
    stream.removeListener('end', onlegacyfinish);
    stream.removeListener('close', onlegacyfinish);
    stream.removeListener('finish', onfinish);
    stream.removeListener('end', onend);
    stream.removeListener('error', onerror);
    stream.removeListener('close', onclose);
  };

  if (options.signal && !closed) {
    const signal = options.signal;
    const abort = () => {
      const endCallback = callback;
      cleanup();
      endCallback.call(stream, new errors.AbortError(undefined, { cause: signal.reason }));
    };
    if (signal.aborted) {
      process.nextTick(abort);
    } else {
      const stopListening = utils.onAbort(signal, abort);
      const originalCallback = callback;
      callback = utils.once((...args) => {
        stopListening();
        originalCallback.apply(stream, args);
      });
    }
  }
  return cleanup;
}

module.exports = eos;
