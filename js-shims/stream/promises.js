'use strict';
// `stream/promises`: pipeline() and finished() returning promises.

const { pipelineImpl } = require('internal/streams/pipeline');
const eos = require('internal/streams/end_of_stream');
const { isNodeStream, isIterable } = require('internal/streams/utils');
const errors = require('internal/streams/errors');

// A trailing plain object is the options ({ signal, end }), not a stage.
function pipeline(...streams) {
  return new Promise((resolve, reject) => {
    let signal;
    let end;
    const lastArg = streams[streams.length - 1];
    if (lastArg && typeof lastArg === 'object' && !isNodeStream(lastArg) && !isIterable(lastArg)) {
      const options = streams.pop();
      signal = options.signal;
      end = options.end;
    }
    pipelineImpl(streams, (err, value) => {
      if (err) reject(err);
      else resolve(value);
    }, { signal, end });
  });
}

function finished(stream, opts) {
  let autoCleanup = false;
  if (opts === null) opts = {};
  if (opts?.cleanup) {
    if (typeof opts.cleanup !== 'boolean') throw errors.invalidArgType('cleanup', 'of type boolean', opts.cleanup);
    autoCleanup = opts.cleanup;
  }
  return new Promise((resolve, reject) => {
    const cleanup = eos(stream, opts, (err) => {
      if (autoCleanup) cleanup();
      if (err) reject(err);
      else resolve();
    });
  });
}

module.exports = { finished, pipeline };
