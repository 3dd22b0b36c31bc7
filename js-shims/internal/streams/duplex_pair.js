'use strict';
// duplexPair(): two Duplexes connected crosswise, what one writes the other reads (a socketpair
// in memory). Each write is acknowledged once the other side has read it.

const Duplex = require('internal/streams/duplex');

function duplexPair(options) {
  const side0 = new DuplexSide(options);
  const side1 = new DuplexSide(options);
  side0[kOtherSide] = side1;
  side1[kOtherSide] = side0;
  return [side0, side1];
}

const kOtherSide = Symbol('kOtherSide');
const kCallback = Symbol('kCallback'); // the other side's pending write, acknowledged on _read

class DuplexSide extends Duplex {
  constructor(options) {
    super(options);
    this[kOtherSide] = null;
    this[kCallback] = null;
  }

  _read() {
    const callback = this[kCallback];
    if (callback) {
      this[kCallback] = null;
      callback();
    }
  }

  _write(chunk, encoding, callback) {
    if (chunk.length === 0) {
      process.nextTick(callback);
    } else {
      this[kOtherSide].push(chunk);
      this[kOtherSide][kCallback] = callback;
    }
  }

  _final(callback) {
    this[kOtherSide].on('end', callback);
    this[kOtherSide].push(null);
  }
}

module.exports = duplexPair;
