'use strict';
// Duplex.from(body): a Duplex out of a stream, an iterable, a promise, an async generator
// function (written chunks are its input, its yields the output) or a { readable, writable } pair.
// Web streams and Blobs do not exist in the isolate, so they are not accepted.

const Duplex = require('internal/streams/duplex');
const Readable = require('internal/streams/readable');
const errors = require('internal/streams/errors');
const eos = require('internal/streams/end_of_stream');
const from = require('internal/streams/from');
const { destroyer } = require('internal/streams/destroy');
const utils = require('internal/streams/utils');

class Duplexify extends Duplex {}

function duplexify(body, name) {
  if (utils.isDuplexNodeStream(body)) return body;
  if (utils.isReadableNodeStream(body)) return fromPair({ readable: body });
  if (utils.isWritableNodeStream(body)) return fromPair({ writable: body });
  if (utils.isNodeStream(body)) return fromPair({ writable: false, readable: false });
  if (typeof body === 'function') return fromFunction(body, name);
  if (utils.isIterable(body)) return from(Duplexify, body, { objectMode: true, writable: false });
  if (typeof body?.writable === 'object' || typeof body?.readable === 'object') {
    const readable = body?.readable ? (utils.isReadableNodeStream(body.readable) ? body.readable
      : duplexify(body.readable)) : undefined;
    const writable = body?.writable ? (utils.isWritableNodeStream(body.writable) ? body.writable
      : duplexify(body.writable)) : undefined;
    return fromPair({ readable, writable });
  }
  if (typeof body?.then === 'function') return fromPromise(body);
  throw errors.invalidArgType(name, 'of type function or an instance of Blob, ReadableStream, ' +
    'WritableStream, Stream, Iterable, AsyncIterable, or Promise or { readable, writable } pair', body);
}

// A promise: its value (unless null/undefined) is the only chunk.
function fromPromise(promise) {
  let d;
  promise.then((value) => {
    if (value != null) d.push(value);
    d.push(null);
  }, (err) => destroyer(d, err));
  d = new Duplexify({ objectMode: true, writable: false, read() {} });
  return d;
}

function fromFunction(fn, name) {
  const { value, write, final, destroy } = fromAsyncGen(fn);
  if (utils.isIterable(value)) return from(Duplexify, value, { objectMode: true, write, final, destroy });
  if (typeof value?.then === 'function') {
    let d;
    const done = value.then((result) => {
      if (result != null) throw errors.invalidReturnValue('nully', 'body', result);
    }, (err) => destroyer(d, err));
    d = new Duplexify({
      objectMode: true,
      readable: false,
      write,
      final(cb) {
        final(async () => {
          try {
            await done;
            process.nextTick(cb, null);
          } catch (err) {
            process.nextTick(cb, err);
          }
        });
      },
      destroy,
    });
    return d;
  }
  throw errors.invalidReturnValue('Iterable, AsyncIterable or AsyncFunction', name, value);
}

// Calls fn with an async iterable of what is written to the Duplex.
function fromAsyncGen(fn) {
  let next = deferred();
  const controller = new AbortController();
  const signal = controller.signal;
  const source = (async function* writtenChunks() {
    while (true) {
      const { chunk, done, cb } = await next.promise;
      process.nextTick(cb);
      if (done) return;
      if (signal.aborted) throw new errors.AbortError(undefined, { cause: signal.reason });
      next = deferred();
      yield chunk;
    }
  })();
  const value = fn(source, { signal });
  return {
    value,
    write(chunk, encoding, cb) {
      next.resolve({ chunk, done: false, cb });
    },
    final(cb) {
      next.resolve({ done: true, cb });
    },
    destroy(err, cb) {
      controller.abort();
      cb(err);
    },
  };
}

function deferred() {
  let resolve;
  const promise = new Promise((res) => {
    resolve = res;
  });
  return { promise, resolve };
}

// A Duplex writing into `pair.writable` and reading from `pair.readable`.
function fromPair(pair) {
  const r = pair.readable && typeof pair.readable.read !== 'function' ? Readable.wrap(pair.readable) : pair.readable;
  const w = pair.writable;
  let readable = !!utils.isReadableNodeStream(r);
  let writable = !!utils.isWritableNodeStream(w);
  let ondrain;
  let onfinish;
  let onreadable;
  let onclose;

  const d = new Duplexify({
    readableObjectMode: !!r?.readableObjectMode,
    writableObjectMode: !!w?.writableObjectMode,
    readable,
    writable,
  });

  function onfinished(err) {
    const cb = onclose;
    onclose = null;
    if (cb) cb(err);
    else if (err) d.destroy(err);
  }

  if (writable) {
    eos(w, (err) => {
      writable = false;
      if (err) destroyer(r, err);
      onfinished(err);
    });
    d._write = function _write(chunk, encoding, callback) {
      if (w.write(chunk, encoding)) callback();
      else ondrain = callback;
    };
    d._final = function _final(callback) {
      w.end();
      onfinish = callback;
    };
    w.on('drain', () => {
      if (ondrain) {
        const cb = ondrain;
        ondrain = null;
        cb();
      }
    });
    w.on('finish', () => {
      if (onfinish) {
        const cb = onfinish;
        onfinish = null;
        cb();
      }
    });
  }

  if (readable) {
    eos(r, (err) => {
      readable = false;
      if (err) destroyer(r, err);
      onfinished(err);
    });
    r.on('readable', () => {
      if (onreadable) {
        const cb = onreadable;
        onreadable = null;
        cb();
      }
    });
    r.on('end', () => d.push(null));
    d._read = function _read() {
      while (true) {
        const chunk = r.read();
        if (chunk === null) {
          onreadable = d._read;
          return;
        }
        if (!d.push(chunk)) return;
      }
    };
  }

  d._destroy = function _destroy(err, callback) {
    if (!err && onclose !== null) err = new errors.AbortError();
    onreadable = null;
    ondrain = null;
    onfinish = null;
    if (onclose === null) {
      callback(err);
    } else {
      onclose = callback;
      destroyer(w, err);
      destroyer(r, err);
    }
  };
  return d;
}

module.exports = duplexify;
