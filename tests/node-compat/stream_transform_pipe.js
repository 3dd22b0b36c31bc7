// stream.Transform, PassThrough and Duplex, and pipe(): _transform/_flush, backpressure across
// a pipe ('drain', pause/resume), unpipe, several destinations, { end: false }, errors in a
// destination, the legacy Stream.prototype.pipe used by `request`-era code, and the
// allowHalfOpen rule of Duplex. Cases run one after another.
const stream = require('stream');
const util = require('util');
const { Readable, Writable, Duplex, Transform, PassThrough } = stream;

const log = (...parts) => console.log(parts.join(' '));
const show = (chunk) => (typeof chunk === 'string' ? `'${chunk}'` : Buffer.isBuffer(chunk)
  ? `'${chunk.toString()}'` : JSON.stringify(chunk));

function watch(s, tag, events) {
  for (const event of events) {
    s.on(event, (arg) => {
      if (event === 'data') log(tag, 'data', show(arg));
      else if (event === 'error') log(tag, 'error', arg.code || '', arg.message);
      else log(tag, event);
    });
  }
}

function slowSink(tag, hwm, delay = 1) {
  return new Writable({
    highWaterMark: hwm,
    write(chunk, encoding, cb) {
      log(tag, 'write', show(chunk));
      setTimeout(cb, delay);
    },
  });
}

const cases = [];
const test = (name, fn) => cases.push([name, fn]);

test('Transform with _transform and _flush', (done) => {
  const upper = new Transform({
    transform(chunk, encoding, cb) {
      log('_transform', show(chunk), encoding);
      cb(null, chunk.toString().toUpperCase());
    },
    flush(cb) {
      log('_flush');
      cb(null, '!');
    },
  });
  watch(upper, 't', ['data', 'end', 'prefinish', 'finish', 'close']);
  upper.write('abc');
  upper.write('def', () => log('write cb def'));
  upper.end(() => log('end cb'));
  upper.on('close', done);
});

test('Transform pushing several chunks and none', (done) => {
  const t = new Transform({
    objectMode: true,
    transform(n, encoding, cb) {
      for (let i = 0; i < n; i++) this.push(`${n}.${i}`);
      cb();
    },
  });
  watch(t, 't', ['data', 'end', 'finish', 'close']);
  t.write(2);
  t.write(0);
  t.write(3);
  t.end();
  t.on('close', done);
});

test('Transform error from _transform and from _flush', (done) => {
  const bad = new Transform({
    transform(chunk, encoding, cb) {
      cb(new Error('transform failed'));
    },
  });
  watch(bad, 'bad', ['error', 'finish', 'end', 'close']);
  bad.write('x', (err) => log('write cb', err && err.message));
  bad.on('close', () => {
    const badFlush = new Transform({
      transform(chunk, encoding, cb) {
        cb(null, chunk);
      },
      flush(cb) {
        cb(new Error('flush failed'));
      },
    });
    watch(badFlush, 'badFlush', ['data', 'error', 'finish', 'end', 'close']);
    badFlush.end('y');
    badFlush.on('close', done);
  });
});

test('Transform backpressure with a slow reader', (done) => {
  const t = new Transform({
    highWaterMark: 2,
    transform(chunk, encoding, cb) {
      log('_transform', show(chunk));
      cb(null, chunk);
    },
  });
  for (const c of ['a', 'b', 'c', 'd']) log('write', c, '->', t.write(c));
  log('lengths', t.readableLength, t.writableLength);
  t.end();
  setTimeout(() => {
    log('reading');
    watch(t, 't', ['data', 'end', 'finish', 'close']);
    t.on('close', done);
  }, 2);
});

test('Transform subclass with old-style inheritance', (done) => {
  function Doubler(opts) {
    if (!(this instanceof Doubler)) return new Doubler(opts);
    Transform.call(this, opts);
  }
  util.inherits(Doubler, Transform);
  Doubler.prototype._transform = function (chunk, encoding, cb) {
    this.push(chunk);
    this.push(chunk);
    cb();
  };
  const d = Doubler();
  log('instanceof', d instanceof Transform, d instanceof Duplex, d instanceof Readable, d instanceof Writable);
  watch(d, 'd', ['data', 'end', 'close']);
  d.end('x');
  d.on('close', done);
});

test('PassThrough', (done) => {
  const p = new PassThrough();
  watch(p, 'p', ['data', 'end', 'finish', 'close']);
  p.write('one');
  p.end(Buffer.from('two'));
  p.on('close', done);
});

test('pipe with backpressure and drain', (done) => {
  let n = 0;
  const src = new Readable({
    highWaterMark: 4,
    read() {
      n++;
      if (n > 6) this.push(null);
      else this.push(`c${n}`);
    },
  });
  const dest = slowSink('dest', 4);
  watch(src, 'src', ['end', 'close', 'pause', 'resume']);
  watch(dest, 'dest', ['pipe', 'drain', 'finish', 'close', 'unpipe']);
  log('pipe returns dest', src.pipe(dest) === dest);
  dest.on('close', done);
});

test('pipe into a Transform into a sink', (done) => {
  const src = Readable.from(['x', 'y', 'z'], { objectMode: false });
  const upper = new Transform({
    transform(chunk, encoding, cb) {
      cb(null, chunk.toString().toUpperCase());
    },
  });
  const sink = slowSink('sink', 16, 0);
  watch(upper, 'upper', ['end', 'finish', 'close']);
  watch(sink, 'sink', ['finish', 'close']);
  src.pipe(upper).pipe(sink);
  sink.on('close', done);
});

test('unpipe stops the flow', (done) => {
  const src = new Readable({ read() {} });
  const dest = new PassThrough();
  watch(dest, 'dest', ['pipe', 'unpipe', 'data', 'finish']);
  src.pipe(dest);
  src.push('before');
  setTimeout(() => {
    src.unpipe(dest);
    log('src flowing after unpipe', src.readableFlowing);
    src.push('after');
    setTimeout(() => {
      log('src length', src.readableLength, 'dest ended', dest.writableEnded);
      src.unpipe(); // nothing left, no effect
      done();
    }, 1);
  }, 1);
});

test('pipe to two destinations, one slow', (done) => {
  const src = new Readable({ read() {} });
  const fast = slowSink('fast', 100, 0);
  const slow = slowSink('slow', 2, 3);
  src.pipe(fast);
  src.pipe(slow);
  watch(src, 'src', ['pause', 'resume', 'end']);
  watch(slow, 'slow', ['drain', 'finish']);
  watch(fast, 'fast', ['finish']);
  src.push('111');
  src.push('222');
  src.push(null);
  let closed = 0;
  const onClose = () => {
    if (++closed === 2) done();
  };
  fast.on('close', onClose);
  slow.on('close', onClose);
});

test('pipe with end: false', (done) => {
  const src = Readable.from(['a', 'b']);
  const dest = new PassThrough({ objectMode: true });
  watch(dest, 'dest', ['data', 'finish', 'unpipe']);
  src.pipe(dest, { end: false });
  src.on('end', () => {
    log('src end, dest writable', dest.writable);
    dest.end('c');
    dest.on('finish', () => setTimeout(done, 1));
  });
});

test('error in the destination unpipes', (done) => {
  const src = new Readable({ read() {} });
  const dest = new Writable({
    write(chunk, encoding, cb) {
      cb(new Error('dest broke'));
    },
  });
  watch(dest, 'dest', ['unpipe', 'error', 'close']);
  src.pipe(dest);
  src.push('x');
  dest.on('close', () => {
    log('src pipes left', src._readableState.pipes.length, 'flowing', src.readableFlowing);
    done();
  });
});

test('legacy Stream pipe as request uses it', (done) => {
  function Legacy() {
    stream.Stream.call(this);
    this.readable = true;
  }
  util.inherits(Legacy, stream.Stream);
  Legacy.prototype.pause = function () {
    log('legacy pause');
  };
  Legacy.prototype.resume = function () {
    log('legacy resume');
  };
  const src = new Legacy();
  log('legacy is Stream', src instanceof stream.Stream, 'is EventEmitter', src instanceof require('events'));
  const dest = slowSink('dest', 2, 1);
  watch(dest, 'dest', ['pipe', 'drain', 'finish', 'close']);
  src.pipe(dest);
  src.emit('data', Buffer.from('abc'));
  src.emit('data', Buffer.from('def'));
  dest.once('drain', () => setTimeout(() => {
    src.emit('end');
    log('listeners after end', src.listenerCount('data'), dest.listenerCount('drain'));
  }, 1));
  dest.on('close', done);
});

test('Readable piped into a legacy writable', (done) => {
  const src = Readable.from(['p', 'q'], { objectMode: false });
  const dest = new stream.Stream();
  dest.writable = true;
  dest.write = (chunk) => {
    log('legacy write', show(chunk));
    return true;
  };
  dest.end = () => {
    log('legacy end');
    done();
  };
  src.pipe(dest);
});

test('Duplex halves and allowHalfOpen', (done) => {
  const d = new Duplex({
    allowHalfOpen: false,
    read() {},
    write(chunk, encoding, cb) {
      log('duplex got', show(chunk));
      cb();
    },
  });
  watch(d, 'd', ['data', 'end', 'prefinish', 'finish', 'close']);
  d.write('in');
  d.push('out');
  d.push(null);
  log('writable', d.writable, 'readable', d.readable);
  d.on('close', () => {
    log('after close: writableEnded', d.writableEnded, 'readableEnded', d.readableEnded, 'destroyed', d.destroyed);
    done();
  });
});

test('Duplex with readable: false', (done) => {
  const d = new Duplex({
    readable: false,
    write(chunk, encoding, cb) {
      cb();
    },
  });
  log('readable', d.readable, 'writable', d.writable, 'readableEnded', d.readableEnded);
  watch(d, 'd', ['end', 'finish', 'close']);
  d.end('x');
  d.on('close', done);
});

test('Duplex class with both sides and objectMode per side', (done) => {
  class Echo extends Duplex {
    constructor() {
      super({ readableObjectMode: true });
    }

    _write(chunk, encoding, cb) {
      this.push({ echoed: chunk.toString() });
      cb();
    }

    _final(cb) {
      this.push(null);
      cb();
    }

    _read() {}
  }
  const e = new Echo();
  log('objectMode', e.readableObjectMode, e.writableObjectMode);
  watch(e, 'e', ['data', 'end', 'finish', 'close']);
  e.write('hi');
  e.end();
  e.on('close', done);
});

function next(i) {
  if (i >= cases.length) return;
  const [name, fn] = cases[i];
  log(`--- ${name}`);
  fn(() => setTimeout(() => next(i + 1), 5));
}
next(0);
