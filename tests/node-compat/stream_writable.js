// stream.Writable: write/end callbacks and their timing, 'drain' and backpressure, cork/uncork
// with _writev, _final, 'prefinish'/'finish'/'close' order, decodeStrings, object mode, destroy
// with queued writes, and the writable* accessors. Cases run one after another.
const { Writable } = require('stream');

const log = (...parts) => console.log(parts.join(' '));
const show = (chunk) => (typeof chunk === 'string' ? `'${chunk}'` : Buffer.isBuffer(chunk)
  ? `<${chunk.toString('hex')}>` : JSON.stringify(chunk));

function watch(stream, tag) {
  for (const event of ['drain', 'prefinish', 'finish', 'close', 'error', 'pipe', 'unpipe']) {
    stream.on(event, (arg) => {
      if (event === 'error') log(tag, 'error', arg.code || '', arg.message);
      else log(tag, event);
    });
  }
}

function markTicks(tag, count = 3) {
  let i = 0;
  const tick = () => {
    log(tag, `tick${i}`);
    if (++i < count) process.nextTick(tick);
  };
  process.nextTick(tick);
  Promise.resolve().then(() => log(tag, 'microtask'));
}

function state(w) {
  return [
    `writable=${w.writable}`,
    `length=${w.writableLength}`,
    `needDrain=${w.writableNeedDrain}`,
    `ended=${w.writableEnded}`,
    `finished=${w.writableFinished}`,
    `destroyed=${w.destroyed}`,
  ].join(' ');
}

const cases = [];
const test = (name, fn) => cases.push([name, fn]);

test('sync _write: callbacks and finish timing', (done) => {
  const w = new Writable({
    write(chunk, encoding, cb) {
      log('_write', show(chunk), encoding);
      cb();
    },
  });
  watch(w, 'w');
  log('write a ->', w.write('a', () => log('cb a')));
  log('write b ->', w.write(Buffer.from('b'), () => log('cb b')));
  w.end('c', () => log('end cb'));
  log(state(w));
  markTicks('w', 4);
  w.on('close', () => {
    log(state(w));
    done();
  });
});

test('async _write queues chunks', (done) => {
  const w = new Writable({
    write(chunk, encoding, cb) {
      log('_write start', show(chunk));
      setTimeout(() => {
        log('_write done', show(chunk));
        cb();
      }, 1);
    },
  });
  watch(w, 'w');
  w.write('1', () => log('cb 1'));
  w.write('2', () => log('cb 2'));
  w.write('3');
  log('length', w.writableLength, 'buffered', w.writableBuffer.length);
  w.end(() => log('end cb'));
  w.on('close', done);
});

test('highWaterMark, write() return value and drain', (done) => {
  const w = new Writable({
    highWaterMark: 4,
    write(chunk, encoding, cb) {
      setTimeout(cb, 1);
    },
  });
  watch(w, 'w');
  log('hwm', w.writableHighWaterMark);
  log('write ab ->', w.write('ab'));
  log('write cd ->', w.write('cd'));
  log('needDrain', w.writableNeedDrain, 'length', w.writableLength);
  log('write e ->', w.write('e'));
  w.once('drain', () => {
    log('after drain:', state(w));
    w.end();
  });
  w.on('close', done);
});

test('a synchronous _write never leaves a need for drain', (done) => {
  const w = new Writable({
    highWaterMark: 2,
    write(chunk, encoding, cb) {
      log('_write', show(chunk), 'length', this.writableLength, 'needDrain', this.writableNeedDrain);
      cb();
    },
  });
  watch(w, 'w');
  log('write xyz ->', w.write('xyz', () => log('cb xyz')), state(w));
  markTicks('w', 2);
  w.end();
  w.on('close', done);
});

test('drain after a nextTick _write', (done) => {
  const w = new Writable({
    highWaterMark: 2,
    write(chunk, encoding, cb) {
      log('_write', show(chunk));
      process.nextTick(cb);
    },
  });
  watch(w, 'w');
  log('write a ->', w.write('a', () => log('cb a')));
  log('write bc ->', w.write('bc', () => log('cb bc')), state(w));
  markTicks('w', 3);
  w.once('drain', () => {
    log('drained', state(w));
    w.end();
  });
  w.on('close', done);
});

test('cork, uncork and _writev', (done) => {
  const w = new Writable({
    write(chunk, encoding, cb) {
      log('_write', show(chunk));
      cb();
    },
    writev(chunks, cb) {
      log('_writev', chunks.length, chunks.map((c) => `${show(c.chunk)}/${c.encoding}`).join(' '),
        'allBuffers', chunks.allBuffers);
      cb();
    },
  });
  watch(w, 'w');
  w.cork();
  w.cork();
  w.write('a', () => log('cb a'));
  w.write('b');
  log('corked', w.writableCorked, 'length', w.writableLength);
  w.uncork();
  log('still corked', w.writableCorked);
  w.uncork();
  log('uncorked', w.writableCorked);
  w.cork();
  w.write('c');
  w.write('d', () => log('cb d'));
  w.end('e', () => log('end cb'));
  w.on('close', done);
});

test('cork with decodeStrings false keeps strings', (done) => {
  const w = new Writable({
    decodeStrings: false,
    writev(chunks, cb) {
      log('_writev', chunks.map((c) => `${show(c.chunk)}/${c.encoding}`).join(' '), 'allBuffers', chunks.allBuffers);
      cb();
    },
  });
  w.cork();
  w.write('text', 'latin1');
  w.write(Buffer.from([255]));
  process.nextTick(() => w.uncork());
  w.on('finish', () => log('finish'));
  w.on('close', done);
  setTimeout(() => w.end(), 1);
});

test('_final runs before prefinish and finish', (done) => {
  const w = new Writable({
    write(chunk, encoding, cb) {
      cb();
    },
    final(cb) {
      log('_final called');
      setTimeout(() => {
        log('_final done');
        cb();
      }, 1);
    },
  });
  watch(w, 'w');
  w.write('x');
  w.end(() => log('end cb'));
  log('after end:', state(w));
  w.on('close', () => {
    log('closed:', state(w));
    done();
  });
});

test('_final with a sync callback', (done) => {
  const w = new Writable({
    write(chunk, encoding, cb) {
      cb();
    },
    final(cb) {
      log('_final');
      cb();
    },
  });
  watch(w, 'w');
  w.end();
  markTicks('w', 3);
  w.on('close', done);
});

test('_final error', (done) => {
  const w = new Writable({
    write(chunk, encoding, cb) {
      cb();
    },
    final(cb) {
      cb(new Error('final failed'));
    },
  });
  watch(w, 'w');
  w.end((err) => log('end cb', err && err.message));
  w.on('close', done);
});

test('write error in _write', (done) => {
  const w = new Writable({
    write(chunk, encoding, cb) {
      cb(new Error(`cannot write ${chunk}`));
    },
  });
  watch(w, 'w');
  log('write ->', w.write('a', (err) => log('cb a', err && err.message)));
  w.write('b', (err) => log('cb b', err && err.message));
  log(state(w));
  w.on('close', () => {
    log('errored', w.errored && w.errored.message);
    done();
  });
});

test('destroy with queued writes', (done) => {
  const w = new Writable({
    write(chunk, encoding, cb) {
      log('_write', show(chunk));
      setTimeout(cb, 1);
    },
  });
  watch(w, 'w');
  w.write('1', (err) => log('cb 1', err ? err.code : 'ok'));
  w.write('2', (err) => log('cb 2', err ? err.code : 'ok'));
  w.end((err) => log('end cb', err ? err.code : 'ok'));
  w.destroy();
  log(state(w));
  w.on('close', () => setTimeout(done, 3));
});

test('write and end after end', (done) => {
  const w = new Writable({
    write(chunk, encoding, cb) {
      cb();
    },
  });
  watch(w, 'w');
  w.end('last');
  log('write after end ->', w.write('more', (err) => log('write cb', err.code, err.message)));
  w.end((err) => log('second end cb', err ? err.code : 'no error'));
  w.on('close', () => {
    w.end((err) => log('end after close cb', err.code, err.message));
    setTimeout(done, 1);
  });
});

test('write after destroy', (done) => {
  const w = new Writable({
    write(chunk, encoding, cb) {
      cb();
    },
  });
  watch(w, 'w');
  w.destroy();
  w.write('x', (err) => log('write cb', err.code, err.message));
  w.on('close', () => setTimeout(done, 1));
});

test('encodings and decodeStrings', (done) => {
  const w = new Writable({
    write(chunk, encoding, cb) {
      log('_write', show(chunk), encoding);
      cb();
    },
  });
  w.write('68656c6c6f', 'hex');
  w.write('aGk=', 'base64');
  w.write(new Uint8Array([1, 2, 3]));
  w.setDefaultEncoding('latin1');
  w.write('é');
  const keep = new Writable({
    decodeStrings: false,
    write(chunk, encoding, cb) {
      log('keep _write', typeof chunk, show(chunk), encoding);
      cb();
    },
  });
  keep.write('plain');
  keep.write('cafe', 'hex');
  keep.end();
  w.end();
  w.on('close', done);
});

test('object mode', (done) => {
  const w = new Writable({
    objectMode: true,
    highWaterMark: 2,
    write(obj, encoding, cb) {
      log('_write', show(obj), encoding);
      setTimeout(cb, 1);
    },
  });
  log('objectMode', w.writableObjectMode, 'hwm', w.writableHighWaterMark);
  log('write 1 ->', w.write({ n: 1 }));
  log('write 2 ->', w.write([2]));
  log('write 3 ->', w.write('three'));
  log('length', w.writableLength);
  w.end(0);
  w.on('finish', () => log('finish'));
  w.on('close', done);
});

test('autoDestroy false and emitClose false', (done) => {
  const w = new Writable({
    autoDestroy: false,
    write(chunk, encoding, cb) {
      cb();
    },
  });
  w.on('finish', () => {
    log('finish, destroyed', w.destroyed);
    const q = new Writable({ emitClose: false, write(c, e, cb) { cb(); } });
    q.on('close', () => log('q close (unexpected)'));
    q.on('finish', () => log('q finish'));
    q.end('x');
    setTimeout(() => {
      log('w destroyed', w.destroyed, 'q destroyed', q.destroyed, 'q closed', q.closed);
      done();
    }, 2);
  });
  w.end('x');
});

test('old-style inheritance and class extends', (done) => {
  const util = require('util');
  function Sink() {
    Writable.call(this, { decodeStrings: false });
    this.got = [];
  }
  util.inherits(Sink, Writable);
  Sink.prototype._write = function (chunk, encoding, cb) {
    this.got.push(chunk);
    cb();
  };
  const s = new Sink();
  log('instanceof Writable', s instanceof Writable);
  s.end('z', () => log('sink got', s.got.join(',')));

  class Upper extends Writable {
    _write(chunk, encoding, cb) {
      log('Upper', chunk.toString().toUpperCase());
      cb();
    }
  }
  const u = new Upper();
  u.write('shout');
  u.end();
  u.on('close', () => {
    log('Writable() without new', Writable({ write() {} }) instanceof Writable);
    done();
  });
});

function next(i) {
  if (i >= cases.length) return;
  const [name, fn] = cases[i];
  log(`--- ${name}`);
  fn(() => setTimeout(() => next(i + 1), 5));
}
next(0);
