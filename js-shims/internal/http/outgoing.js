'use strict';
// Node's OutgoingMessage, the base of ClientRequest: a legacy Stream (not a Writable, as in
// Node) holding the headers until they are sent, and the body writes. A subclass provides the
// transport: `_sendWhole(body)` when end() comes before any write (the body goes whole, with
// its length), else `_openStream()` at the first write, then `_sendChunk(buffer)` and
// `_sendEnd()`, each returning a promise settled once the host took it. One chunk is in flight
// at a time; the rest wait here and count in `writableLength`, so write() returns false past
// the high-water mark and 'drain' follows, as with a socket.

const { Stream } = require('internal/streams/legacy');
const { Buffer } = require('buffer');
const { codedError, invalidArgType } = require('internal/errors');
const { validateHeaderName, validateHeaderValue, headersSent } = require('internal/http/common');

const HIGH_WATER_MARK = 16 * 1024;
const kOutHeaders = Symbol('kOutHeaders');

// `options` (Node's highWaterMark and rejectNonStandardBodyWrites) change nothing here.
// eslint-disable-next-line no-unused-vars
function OutgoingMessage(options) {
  Stream.call(this);
  this[kOutHeaders] = null;
  this._header = null; // set once the headers are sent
  this.finished = false; // end() was called
  this.destroyed = false;
  this.writable = true;
  this.chunkedEncoding = false;
  this.useChunkedEncodingByDefault = true;
  this.sendDate = false;
  this.writableFinished = false;
  this._queue = [];
  this._queuedBytes = 0;
  this._sending = false;
  this._needDrain = false;
  this._endQueued = false;
}
Object.setPrototypeOf(OutgoingMessage.prototype, Stream.prototype);
Object.setPrototypeOf(OutgoingMessage, Stream);

const proto = OutgoingMessage.prototype;

// ---------------------------------------------------------------------------------------------
// Headers: lower-case name -> [name as given, value]

proto.setHeader = function setHeader(name, value) {
  if (this._header) throw headersSent('set');
  validateHeaderName(name);
  validateHeaderValue(name, value);
  if (this[kOutHeaders] === null) this[kOutHeaders] = { __proto__: null };
  this[kOutHeaders][name.toLowerCase()] = [name, value];
  return this;
};

proto.setHeaders = function setHeaders(headers) {
  if (this._header) throw headersSent('set');
  if (!headers || typeof headers.forEach !== 'function' || Array.isArray(headers)) {
    throw invalidArgType('headers', 'an instance of Headers or Map', headers);
  }
  headers.forEach((value, name) => this.setHeader(name, value));
  return this;
};

proto.appendHeader = function appendHeader(name, value) {
  if (this._header) throw headersSent('append');
  validateHeaderName(name);
  validateHeaderValue(name, value);
  const key = name.toLowerCase();
  const existing = this[kOutHeaders]?.[key];
  if (existing === undefined) return this.setHeader(name, value);
  const values = Array.isArray(existing[1]) ? existing[1] : [existing[1]];
  existing[1] = values.concat(value);
  return this;
};

proto.getHeader = function getHeader(name) {
  if (typeof name !== 'string') throw invalidArgType('name', 'of type string', name);
  return this[kOutHeaders]?.[name.toLowerCase()]?.[1];
};

proto.getHeaderNames = function getHeaderNames() {
  return this[kOutHeaders] === null ? [] : Object.keys(this[kOutHeaders]);
};

proto.getRawHeaderNames = function getRawHeaderNames() {
  return this[kOutHeaders] === null ? [] : Object.values(this[kOutHeaders]).map(([name]) => name);
};

proto.getHeaders = function getHeaders() {
  const out = { __proto__: null };
  for (const [key, [, value]] of Object.entries(this[kOutHeaders] ?? {})) out[key] = value;
  return out;
};

proto.hasHeader = function hasHeader(name) {
  if (typeof name !== 'string') throw invalidArgType('name', 'of type string', name);
  return this[kOutHeaders] !== null && name.toLowerCase() in this[kOutHeaders];
};

proto.removeHeader = function removeHeader(name) {
  if (typeof name !== 'string') throw invalidArgType('name', 'of type string', name);
  if (this._header) throw headersSent('remove');
  if (this[kOutHeaders] !== null) delete this[kOutHeaders][name.toLowerCase()];
};

// [[name, value]...] as they go on the wire: one entry per value of an array.
proto._wireHeaders = function _wireHeaders() {
  const list = [];
  for (const [name, value] of Object.values(this[kOutHeaders] ?? {})) {
    if (Array.isArray(value)) for (const v of value) list.push([name, String(v)]);
    else list.push([name, String(value)]);
  }
  return list;
};

Object.defineProperty(proto, 'headersSent', {
  configurable: true,
  enumerable: true,
  get() {
    return !!this._header;
  },
});

// ---------------------------------------------------------------------------------------------
// Body

for (const [name, get] of [
  ['writableEnded', function () { return this.finished; }],
  ['writableLength', function () { return this._queuedBytes; }],
  ['writableHighWaterMark', () => HIGH_WATER_MARK],
  ['writableNeedDrain', function () { return this._needDrain; }],
  ['writableCorked', () => 0],
  ['writableObjectMode', () => false],
]) {
  Object.defineProperty(proto, name, { configurable: true, enumerable: false, get });
}

function toBuffer(chunk, encoding) {
  if (chunk === null) {
    throw codedError(TypeError, 'ERR_STREAM_NULL_VALUES', 'May not write null values to stream');
  }
  if (typeof chunk === 'string') return Buffer.from(chunk, encoding || 'utf8');
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw invalidArgType('chunk', 'of type string or an instance of Buffer or Uint8Array', chunk);
}

proto.write = function write(chunk, encoding, callback) {
  if (typeof encoding === 'function') {
    callback = encoding;
    encoding = null;
  }
  if (this.finished) {
    const error = codedError(Error, 'ERR_STREAM_WRITE_AFTER_END', 'write after end');
    process.nextTick(() => {
      if (!this.destroyed) this.emit('error', error);
      if (typeof callback === 'function') callback(error);
    });
    return true;
  }
  if (this.destroyed) {
    const error = codedError(Error, 'ERR_STREAM_DESTROYED', 'Cannot call write after a stream was destroyed');
    if (typeof callback === 'function') process.nextTick(callback, error);
    return false;
  }
  const buffer = toBuffer(chunk, encoding);
  if (!this._header) {
    this._header = true;
    this.chunkedEncoding = !this.hasHeader('content-length');
    this._openStream();
  }
  this._queue.push({ buffer, callback });
  this._queuedBytes += buffer.length;
  this._pump();
  const ok = this._queuedBytes < HIGH_WATER_MARK;
  if (!ok) this._needDrain = true;
  return ok;
};

proto.end = function end(chunk, encoding, callback) {
  if (typeof chunk === 'function') {
    callback = chunk;
    chunk = null;
  } else if (typeof encoding === 'function') {
    callback = encoding;
    encoding = null;
  }
  if (this.finished) return this;
  if (typeof callback === 'function') this.once('finish', callback);
  if (!this._header) {
    const body = chunk === null || chunk === undefined ? null : toBuffer(chunk, encoding);
    this.finished = true;
    this._header = true;
    this._sendWhole(body);
    process.nextTick(() => this._finish());
    return this;
  }
  if (chunk !== null && chunk !== undefined) this.write(chunk, encoding);
  this.finished = true;
  this._endQueued = true;
  this._pump();
  return this;
};

// Sends the queued chunks one at a time, then the end once asked for.
proto._pump = function _pump() {
  if (this._sending || this.destroyed) return;
  const next = this._queue.shift();
  if (next === undefined) {
    if (this._needDrain) {
      this._needDrain = false;
      this.emit('drain');
    }
    if (this._endQueued) {
      this._endQueued = false;
      this._sending = true;
      this._sendEnd().then(() => {
        this._sending = false;
        this._finish();
      }, () => this._dropQueue());
    }
    return;
  }
  this._sending = true;
  this._sendChunk(next.buffer).then(() => {
    this._sending = false;
    this._queuedBytes -= next.buffer.length;
    if (typeof next.callback === 'function') next.callback();
    this._pump();
  }, (error) => {
    // The request is over (failed, aborted, or answered early): its own events say why.
    if (typeof next.callback === 'function') next.callback(error);
    this._dropQueue();
  });
};

proto._dropQueue = function _dropQueue() {
  this._sending = false;
  this._queue = [];
  this._queuedBytes = 0;
  this._endQueued = false;
};

proto._finish = function _finish() {
  if (this.destroyed || this.writableFinished) return;
  this.writableFinished = true;
  this.emit('finish');
};

proto.flushHeaders = function flushHeaders() {
  if (!this._header) {
    this._header = true;
    this.chunkedEncoding = !this.hasHeader('content-length');
    this._openStream();
  }
};

proto.addTrailers = function addTrailers() {
  throw codedError(Error, 'ERR_METHOD_NOT_IMPLEMENTED',
    'The addTrailers() method is not implemented: kvm sends no request trailers');
};

proto.cork = function cork() {};
proto.uncork = function uncork() {};

proto.pipe = function pipe() {
  this.emit('error', codedError(Error, 'ERR_STREAM_CANNOT_PIPE', 'Cannot pipe, not readable'));
};

for (const name of ['_sendWhole', '_openStream', '_sendChunk', '_sendEnd']) {
  proto[name] = function () {
    throw codedError(Error, 'ERR_METHOD_NOT_IMPLEMENTED', `The ${name}() method is not implemented`);
  };
}

module.exports = { OutgoingMessage, kOutHeaders };
