'use strict';
// Node 20's `stream` module. As in Node, the export is the legacy `Stream` constructor carrying
// the stream classes and helpers as properties, so both `require('stream')` as a base class
// (readable-stream, request) and `require('stream').Readable` work. The implementation lives in
// internal/streams/.

const { Stream } = require('internal/streams/legacy');
const Readable = require('internal/streams/readable');
const Writable = require('internal/streams/writable');
const Duplex = require('internal/streams/duplex');
const Transform = require('internal/streams/transform');
const PassThrough = require('internal/streams/passthrough');
const { pipeline } = require('internal/streams/pipeline');
const eos = require('internal/streams/end_of_stream');
const { addAbortSignal } = require('internal/streams/add_abort_signal');
const { destroyer } = require('internal/streams/destroy');
const { getDefaultHighWaterMark, setDefaultHighWaterMark } = require('internal/streams/state');
const utils = require('internal/streams/utils');

const customPromisify = Symbol.for('nodejs.util.promisify.custom');

function promises() {
  return require('stream/promises');
}

// util.promisify(stream.pipeline) and util.promisify(stream.finished) give the promise versions.
Object.defineProperty(pipeline, customPromisify, {
  get: () => promises().pipeline,
  enumerable: true,
  configurable: true,
});
Object.defineProperty(eos, customPromisify, {
  get: () => promises().finished,
  enumerable: true,
  configurable: true,
});
eos.finished = eos;

Stream.isDestroyed = utils.isDestroyed;
Stream.isDisturbed = utils.isDisturbed;
Stream.isErrored = utils.isErrored;
Stream.isReadable = utils.isReadable;
Stream.isWritable = utils.isWritable;
Stream.Readable = Readable;
Stream.Writable = Writable;
Stream.Duplex = Duplex;
Stream.Transform = Transform;
Stream.PassThrough = PassThrough;
Stream.duplexPair = require('internal/streams/duplex_pair');
Stream.pipeline = pipeline;
Stream.addAbortSignal = addAbortSignal;
Stream.finished = eos;
Stream.destroy = destroyer;
Stream.setDefaultHighWaterMark = setDefaultHighWaterMark;
Stream.getDefaultHighWaterMark = getDefaultHighWaterMark;

Object.defineProperty(Stream, 'promises', {
  get: promises,
  enumerable: true,
  configurable: true,
});

Stream.Stream = Stream;
Stream._isArrayBufferView = ArrayBuffer.isView;
Stream._isUint8Array = utils.isUint8Array;
Stream._uint8ArrayToBuffer = utils.uint8ArrayToBuffer;

module.exports = Stream;
