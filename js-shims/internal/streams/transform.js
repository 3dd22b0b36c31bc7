'use strict';
// Transform: a Duplex whose readable side is computed from what is written, through
// `_transform(chunk, encoding, cb)` and, at the end, `_flush(cb)`. A write is acknowledged only
// once the readable side has room, which carries backpressure from reader to writer.

const Duplex = require('internal/streams/duplex');
const errors = require('internal/streams/errors');
const { getHighWaterMark } = require('internal/streams/state');

const kCallback = Symbol('kCallback'); // the write waiting for the reader to make room

function Transform(options) {
  if (!(this instanceof Transform)) return new Transform(options);
  // A readable mark of 0 would stall every write; Node then zeroes the writable one too.
  const readableHighWaterMark = options ? getHighWaterMark(this, options, 'readableHighWaterMark', true) : null;
  if (readableHighWaterMark === 0) {
    options = {
      ...options,
      highWaterMark: null,
      readableHighWaterMark,
      writableHighWaterMark: options.writableHighWaterMark || 0,
    };
  }
  Duplex.call(this, options);
  // Pushes from _transform happen outside _read: 'readable' need not wait.
  this._readableState.sync = false;
  this[kCallback] = null;
  if (options) {
    if (typeof options.transform === 'function') this._transform = options.transform;
    if (typeof options.flush === 'function') this._flush = options.flush;
  }
  // Subclasses that replace _final still get _flush, run at 'prefinish'.
  this.on('prefinish', prefinish);
}
Object.setPrototypeOf(Transform.prototype, Duplex.prototype);
Object.setPrototypeOf(Transform, Duplex);

function final(cb) {
  if (typeof this._flush === 'function' && !this.destroyed) {
    this._flush((err, data) => {
      if (err) {
        if (cb) cb(err);
        else this.destroy(err);
        return;
      }
      if (data != null) this.push(data);
      this.push(null);
      if (cb) cb();
    });
  } else {
    this.push(null);
    if (cb) cb();
  }
}

function prefinish() {
  if (this._final !== final) final.call(this);
}

Transform.prototype._final = final;

Transform.prototype._transform = function _transform() {
  throw errors.notImplemented('_transform()');
};

Transform.prototype._write = function _write(chunk, encoding, callback) {
  const rState = this._readableState;
  const wState = this._writableState;
  const length = rState.length;
  this._transform(chunk, encoding, (err, value) => {
    if (err) {
      callback(err);
      return;
    }
    if (value != null) this.push(value);
    if (rState.ended) {
      // push(null) was called: let that state settle first.
      process.nextTick(callback);
    } else if (wState.ended || length === rState.length || rState.length < rState.highWaterMark) {
      callback();
    } else {
      this[kCallback] = callback;
    }
  });
};

Transform.prototype._read = function _read() {
  const callback = this[kCallback];
  if (callback) {
    this[kCallback] = null;
    callback();
  }
};

module.exports = Transform;
