// Error codes and messages of the stream module, the order of 'error' and 'close', errors
// emitted once, errors without autoDestroy, _construct, addAbortSignal, the is* helpers,
// highWaterMark defaults and validation, and the shape of require('stream') itself.
const stream = require('stream');
const { Readable, Writable, Duplex, PassThrough } = stream;

const log = (...parts) => console.log(parts.join(' '));
const describe = (err) => (err ? `${err.name} ${err.code || ''} ${err.message}` : 'ok');

function attempt(label, fn) {
  try {
    const value = fn();
    log(label, '-> returned', typeof value === 'object' && value !== null ? value.constructor.name : value);
  } catch (err) {
    log(label, '-> threw', describe(err));
  }
}

function watch(s, tag) {
  for (const event of ['error', 'close', 'end', 'finish']) {
    s.on(event, (arg) => log(tag, event, event === 'error' ? describe(arg) : ''));
  }
}

const cases = [];
const test = (name, fn) => cases.push([name, fn]);

test('synchronous argument errors', (done) => {
  attempt('push(number)', () => new Readable({ read() {} }).on('error', () => {}).push(5));
  attempt('write(number)', () => new Writable({ write() {} }).write(5));
  attempt('write(null)', () => new Writable({ write() {} }).write(null));
  attempt('write bad encoding', () => new Writable({ write() {} }).write('x', 'klingon'));
  attempt('setDefaultEncoding', () => new Writable().setDefaultEncoding('klingon'));
  attempt('setEncoding', () => new Readable().setEncoding('klingon'));
  attempt('negative highWaterMark', () => new Readable({ highWaterMark: -1 }));
  attempt('string highWaterMark', () => new Writable({ highWaterMark: '16' }));
  attempt('object highWaterMark', () => new Readable({ highWaterMark: { size: 1 } }));
  attempt('duplex readableHighWaterMark', () => new Duplex({ readableHighWaterMark: 1.5 }));
  attempt('read(2GiB)', () => new Readable({ read() {} }).read(2 ** 31));
  attempt('addAbortSignal(bad signal)', () => stream.addAbortSignal({}, new PassThrough()));
  attempt('addAbortSignal(bad stream)', () => stream.addAbortSignal(new AbortController().signal, {}));
  done();
});

test('push(invalid) destroys with the error', (done) => {
  const r = new Readable({ read() {} });
  watch(r, 'r');
  log('push returns', r.push({}));
  r.on('close', done);
});

test('missing _read, _write and _transform', (done) => {
  const r = new Readable();
  watch(r, 'r');
  r.read();
  r.on('close', () => {
    const w = new Writable();
    watch(w, 'w');
    attempt('write', () => w.write('x'));
    const t = new stream.Transform();
    watch(t, 't');
    attempt('transform write', () => t.write('x'));
    setTimeout(done, 2);
  });
});

test('push after EOF and unshift after end', (done) => {
  const r = new Readable({ read() {} });
  watch(r, 'r');
  r.push(null);
  r.push('late');
  r.on('close', () => {
    const u = new Readable({ read() {} });
    watch(u, 'u');
    u.push(null);
    u.resume();
    u.on('end', () => u.unshift('too late'));
    u.on('close', done);
  });
});

test('callback called twice', (done) => {
  const w = new Writable({
    write(chunk, encoding, cb) {
      cb();
      cb();
    },
  });
  watch(w, 'w');
  w.write('x');
  w.on('close', done);
});

test('error is emitted once, before close', (done) => {
  const r = new Readable({ read() {} });
  watch(r, 'r');
  r.destroy(new Error('first'));
  r.destroy(new Error('second'));
  log('errored is the first', r.errored.message);
  r.on('close', done);
});

test('errors without autoDestroy', (done) => {
  const w = new Writable({
    autoDestroy: false,
    write(chunk, encoding, cb) {
      cb(new Error('write failed'));
    },
  });
  watch(w, 'w');
  w.write('x', (err) => log('write cb', describe(err)));
  setTimeout(() => {
    log('destroyed', w.destroyed, 'errored', w.errored && w.errored.message, 'writable', w.writable);
    w.destroy();
    w.on('close', done);
  }, 2);
});

test('destroy(err) on a Duplex', (done) => {
  const d = new Duplex({ read() {}, write(c, e, cb) { cb(); } });
  watch(d, 'd');
  d.destroy(new Error('duplex broke'));
  log('destroyed', d.destroyed, 'readable', d.readable, 'writable', d.writable);
  d.on('close', done);
});

test('_construct delays reads and writes', (done) => {
  const w = new Writable({
    construct(cb) {
      log('_construct');
      setTimeout(() => {
        log('constructed');
        cb();
      }, 1);
    },
    write(chunk, encoding, cb) {
      log('_write', chunk.toString());
      cb();
    },
  });
  w.write('early');
  w.end();
  w.on('finish', () => log('finish'));
  w.on('close', () => {
    const r = new Readable({
      construct(cb) {
        cb(new Error('construct failed'));
      },
      read() {
        log('_read (unexpected)');
      },
    });
    watch(r, 'r');
    r.resume();
    r.on('close', done);
  });
});

test('addAbortSignal and the signal option', (done) => {
  const ac = new AbortController();
  const r = stream.addAbortSignal(ac.signal, new Readable({ read() {} }));
  watch(r, 'r');
  ac.abort();
  r.on('close', () => {
    const ac2 = new AbortController();
    const w = new Writable({ signal: ac2.signal, write(c, e, cb) { cb(); } });
    watch(w, 'w');
    ac2.abort('why');
    w.on('close', () => {
      log('cause', w.errored && w.errored.cause);
      done();
    });
  });
});

test('isReadable, isErrored, isDisturbed, isDestroyed, isWritable', (done) => {
  const r = new Readable({ read() {} });
  log('fresh', stream.isReadable(r), stream.isErrored(r), stream.isDisturbed(r), stream.isDestroyed(r));
  r.push('x');
  r.read();
  log('after read', stream.isReadable(r), stream.isDisturbed(r));
  r.on('error', () => {});
  r.destroy(new Error('x'));
  log('destroyed', stream.isReadable(r), stream.isErrored(r), stream.isDestroyed(r));
  const w = new Writable({ write(c, e, cb) { cb(); } });
  log('writable', stream.isWritable(w));
  w.end();
  log('ended writable', stream.isWritable(w), 'non-stream', stream.isReadable({}), stream.isWritable({}));
  setTimeout(done, 1);
});

test('highWaterMark defaults', (done) => {
  log('defaults', stream.getDefaultHighWaterMark(false), stream.getDefaultHighWaterMark(true));
  stream.setDefaultHighWaterMark(false, 1024);
  log('changed', stream.getDefaultHighWaterMark(false), new Readable().readableHighWaterMark);
  stream.setDefaultHighWaterMark(false, 16384);
  log('object mode stream', new Writable({ objectMode: true }).writableHighWaterMark);
  log('duplex sides', new Duplex({ readableHighWaterMark: 3, writableHighWaterMark: 5 }).readableHighWaterMark,
    new Duplex({ readableHighWaterMark: 3, writableHighWaterMark: 5 }).writableHighWaterMark,
    new Duplex({ highWaterMark: 7, readableHighWaterMark: 3 }).readableHighWaterMark);
  attempt('setDefaultHighWaterMark(-1)', () => stream.setDefaultHighWaterMark(false, -1));
  done();
});

test('module shape', (done) => {
  log('typeof stream', typeof stream, 'Stream.Stream', stream.Stream === stream);
  log('classes', ['Readable', 'Writable', 'Duplex', 'Transform', 'PassThrough']
    .map((name) => `${name}:${typeof stream[name]}`).join(' '));
  log('functions', ['pipeline', 'finished', 'addAbortSignal', 'destroy', 'isReadable', 'isErrored',
    'isDisturbed', 'getDefaultHighWaterMark', 'setDefaultHighWaterMark', '_isUint8Array', '_uint8ArrayToBuffer']
    .map((name) => `${name}:${typeof stream[name]}`).join(' '));
  log('promises', typeof stream.promises.pipeline, typeof stream.promises.finished,
    require('stream/promises') === stream.promises);
  log('node: prefix', require('node:stream') === stream);
  log('Duplex is Writable', new Duplex() instanceof Writable, 'Readable is not', new Readable() instanceof Writable);
  log('Readable is Stream', new Readable() instanceof stream, 'is EventEmitter', new Readable() instanceof require('events'));
  log('_uint8ArrayToBuffer', Buffer.isBuffer(stream._uint8ArrayToBuffer(new Uint8Array([1]))));
  const [a, b] = stream.duplexPair();
  b.on('data', (chunk) => log('pair got', chunk.toString()));
  a.write('over the pair');
  setTimeout(done, 1);
});

test('Duplex.from', (done) => {
  const fromIterable = Duplex.from(['d1', 'd2']);
  fromIterable.on('data', (v) => log('from iterable', v));
  fromIterable.on('end', () => {
    const pass = new PassThrough();
    log('Duplex.from(duplex) is identity', Duplex.from(pass) === pass);
    const fromPromise = Duplex.from(Promise.resolve('promised'));
    fromPromise.on('data', (v) => log('from promise', v));
    fromPromise.on('end', () => {
      attempt('Duplex.from(42)', () => Duplex.from(42));
      done();
    });
  });
});

function next(i) {
  if (i >= cases.length) return;
  const [name, fn] = cases[i];
  log(`--- ${name}`);
  fn(() => setTimeout(() => next(i + 1), 5));
}
next(0);
