'use strict';
// The Node-coded errors the stream modules throw or emit, with Node 20's messages, built on the
// shared helpers of internal/event_target (`err.code`, `Error [CODE]: message` toString).

const { internals } = require('internal/event_target');
const { nodeError, invalidArgType, outOfRange, missingArgs, AbortError, describeReceived } = internals;

const CHUNK_TYPES = 'of type string or an instance of Buffer, TypedArray, or DataView';

const errors = {
  AbortError,
  invalidArgType,
  outOfRange,
  missingArgs,

  invalidChunk: (chunk) => invalidArgType('chunk', CHUNK_TYPES, chunk),
  pushAfterEof: () => nodeError(Error, 'ERR_STREAM_PUSH_AFTER_EOF', 'stream.push() after EOF'),
  unshiftAfterEnd: () => nodeError(Error, 'ERR_STREAM_UNSHIFT_AFTER_END_EVENT',
    'stream.unshift() after end event'),
  writeAfterEnd: () => nodeError(Error, 'ERR_STREAM_WRITE_AFTER_END', 'write after end'),
  destroyed: (method) => nodeError(Error, 'ERR_STREAM_DESTROYED',
    `Cannot call ${method} after a stream was destroyed`),
  alreadyFinished: (method) => nodeError(Error, 'ERR_STREAM_ALREADY_FINISHED',
    `Cannot call ${method} after a stream was finished`),
  prematureClose: () => nodeError(Error, 'ERR_STREAM_PREMATURE_CLOSE', 'Premature close'),
  nullValues: () => nodeError(TypeError, 'ERR_STREAM_NULL_VALUES', 'May not write null values to stream'),
  cannotPipe: () => nodeError(Error, 'ERR_STREAM_CANNOT_PIPE', 'Cannot pipe, not readable'),
  notImplemented: (method) => nodeError(Error, 'ERR_METHOD_NOT_IMPLEMENTED',
    `The ${method} method is not implemented`),
  multipleCallback: () => nodeError(Error, 'ERR_MULTIPLE_CALLBACK', 'Callback called multiple times'),
  unknownEncoding: (encoding) => nodeError(TypeError, 'ERR_UNKNOWN_ENCODING', `Unknown encoding: ${encoding}`),

  // ERR_INVALID_ARG_VALUE: "The property 'options.x' is invalid. Received 'a'".
  invalidArgValue(name, value) {
    const kind = name.includes('.') ? 'property' : 'argument';
    return nodeError(TypeError, 'ERR_INVALID_ARG_VALUE',
      `The ${kind} '${name}' is invalid. Received ${describeValue(value)}`);
  },

  invalidReturnValue(expected, name, value) {
    return nodeError(TypeError, 'ERR_INVALID_RETURN_VALUE',
      `Expected ${expected} to be returned from the "${name}" function but got ${describeReceived(value)}.`);
  },
};

// ERR_INVALID_ARG_VALUE shows the value as util.inspect does (loaded only on this error path).
function describeValue(value) {
  return require('util').inspect(value);
}

// Two errors of one failure (e.g. the iterator's and the stream's) become one AggregateError.
errors.aggregateTwoErrors = function aggregateTwoErrors(inner, outer) {
  if (inner && outer && inner !== outer) {
    if (Array.isArray(outer.errors)) {
      outer.errors.push(inner);
      return outer;
    }
    const err = new AggregateError([outer, inner], outer.message);
    err.code = outer.code;
    return err;
  }
  return inner || outer;
};

module.exports = errors;
