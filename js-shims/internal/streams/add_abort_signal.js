'use strict';
// addAbortSignal(signal, stream): destroying the stream with an AbortError when the signal aborts.

const errors = require('internal/streams/errors');
const { isNodeStream, onAbort } = require('internal/streams/utils');
const { internals } = require('internal/event_target');

function addAbortSignal(signal, stream) {
  internals.validateAbortSignal(signal, 'signal');
  if (!isNodeStream(stream)) {
    throw errors.invalidArgType('stream', 'an instance of ReadableStream, WritableStream, or Stream', stream);
  }
  return addAbortSignalNoValidate(signal, stream);
}

function addAbortSignalNoValidate(signal, stream) {
  if (typeof signal !== 'object' || !('aborted' in signal)) return stream;
  const abort = () => {
    stream.destroy(new errors.AbortError(undefined, { cause: signal.reason }));
  };
  if (signal.aborted) {
    abort();
  } else {
    const stopListening = onAbort(signal, abort);
    // Once the stream is done, the signal no longer needs to hold it.
    require('internal/streams/end_of_stream')(stream, stopListening);
  }
  return stream;
}

module.exports = { addAbortSignal, addAbortSignalNoValidate };
