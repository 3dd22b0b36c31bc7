'use strict';
// Readable.from(iterable | asyncIterable | string | Buffer): an object-mode Readable pulling one
// value per _read(). Destroying it closes the iterator (return(), or throw(err) on error).

const errors = require('internal/streams/errors');
const { getBuffer } = require('internal/streams/utils');

function from(Readable, iterable, opts) {
  // A string or Buffer is one chunk, not a sequence of characters or bytes.
  if (typeof iterable === 'string' || iterable instanceof getBuffer()) {
    return new Readable({
      objectMode: true,
      ...opts,
      read() {
        this.push(iterable);
        this.push(null);
      },
    });
  }

  let isAsync;
  let iterator;
  if (iterable && iterable[Symbol.asyncIterator]) {
    isAsync = true;
    iterator = iterable[Symbol.asyncIterator]();
  } else if (iterable && iterable[Symbol.iterator]) {
    isAsync = false;
    iterator = iterable[Symbol.iterator]();
  } else {
    throw errors.invalidArgType('iterable', 'an instance of Iterable', iterable);
  }

  const readable = new Readable({ objectMode: true, highWaterMark: 1, ...opts });
  let reading = false; // a pull loop is running

  readable._read = function _read() {
    if (!reading) {
      reading = true;
      pull();
    }
  };

  readable._destroy = function _destroy(error, cb) {
    close(error).then(
      () => process.nextTick(cb, error),
      (closeError) => process.nextTick(cb, closeError || error),
    );
  };

  async function close(error) {
    const hadError = error !== undefined && error !== null;
    if (hadError && typeof iterator.throw === 'function') {
      const { value, done } = await iterator.throw(error);
      await value;
      if (done) return;
    }
    if (typeof iterator.return === 'function') {
      const { value } = await iterator.return();
      await value;
    }
  }

  // Pushes values until the stream is full; a sync iterator yielding no promises never awaits.
  async function pull() {
    for (;;) {
      try {
        const { value, done } = isAsync ? await iterator.next() : iterator.next();
        if (done) {
          readable.push(null);
        } else {
          const result = value && typeof value.then === 'function' ? await value : value;
          if (result === null) {
            reading = false;
            throw errors.nullValues();
          } else if (readable.push(result)) {
            continue;
          } else {
            reading = false;
          }
        }
      } catch (err) {
        readable.destroy(err);
      }
      break;
    }
  }

  return readable;
}

module.exports = from;
