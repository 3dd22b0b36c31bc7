// stream.Readable: push/read/unshift, flowing and paused modes, event order against
// process.nextTick and microtasks, highWaterMark and push() return values, setEncoding,
// destroy, object mode, and the readable* accessors. Cases run one after another.
const { Readable } = require('stream');

const log = (...parts) => console.log(parts.join(' '));
const show = (chunk) => (typeof chunk === 'string' ? `'${chunk}'` : `<${chunk.toString('hex')}>`);

// Logs the standard events of a stream, tagged.
function watch(stream, tag, events = ['data', 'end', 'close', 'error', 'pause', 'resume']) {
  for (const event of events) {
    stream.on(event, (arg) => {
      if (event === 'data') log(tag, 'data', show(arg));
      else if (event === 'error') log(tag, 'error', arg.code || '', arg.message);
      else log(tag, event);
    });
  }
}

// Marks the next few ticks and a microtask, to pin down when events fire.
function markTicks(tag, count = 4) {
  let i = 0;
  const tick = () => {
    log(tag, `tick${i}`);
    if (++i < count) process.nextTick(tick);
  };
  process.nextTick(tick);
  Promise.resolve().then(() => log(tag, 'microtask'));
}

function state(stream) {
  return [
    `flowing=${stream.readableFlowing}`,
    `length=${stream.readableLength}`,
    `ended=${stream.readableEnded}`,
    `readable=${stream.readable}`,
    `destroyed=${stream.destroyed}`,
    `paused=${stream.isPaused()}`,
  ].join(' ');
}

const cases = [];
const test = (name, fn) => cases.push([name, fn]);

test('flowing mode with sync pushes', (done) => {
  const r = new Readable({ read() {} });
  watch(r, 'r');
  r.on('close', done);
  r.push('a');
  r.push('b');
  r.push(null);
  markTicks('r');
});

test('flowing mode with a lazy _read', (done) => {
  let n = 0;
  const r = new Readable({
    read(size) {
      n++;
      log('_read', n, size);
      if (n <= 3) this.push(`chunk${n}`);
      else this.push(null);
    },
  });
  watch(r, 'r');
  r.on('close', done);
  markTicks('r', 6);
});

test('async _read with setTimeout', (done) => {
  let n = 0;
  const r = new Readable({
    read() {
      setTimeout(() => {
        n++;
        this.push(n <= 2 ? `t${n}` : null);
      }, 1);
    },
  });
  watch(r, 'r');
  r.on('close', done);
});

test('paused mode with readable and read()', (done) => {
  const r = new Readable({ read() {} });
  r.on('readable', () => {
    log('readable event', r.readableLength);
    let chunk;
    while ((chunk = r.read()) !== null) log('read', show(chunk));
  });
  r.on('end', () => log('end'));
  r.on('close', done);
  r.push('x');
  r.push('y');
  setTimeout(() => {
    r.push('z');
    r.push(null);
  }, 1);
});

test('read(n) sizes', (done) => {
  const r = new Readable({ read() {} });
  r.push('abcdef');
  r.push('ghij');
  r.once('readable', () => {
    log('read(2)', show(r.read(2)));
    log('read(5)', show(r.read(5)));
    log('read(10)', r.read(10));
    log('length', r.readableLength);
    r.push(null);
    log('read(10) after eof', show(r.read(10)));
    log('read() at end', r.read());
    r.on('end', () => log('end'));
    r.on('close', done);
  });
});

test('highWaterMark and push return values', (done) => {
  const r = new Readable({ highWaterMark: 5, read() {} });
  log('hwm', r.readableHighWaterMark);
  log('push abc', r.push('abc'));
  log('push de', r.push('de'));
  log('push f', r.push('f'));
  log('length', r.readableLength);
  log('push empty', r.push(''));
  r.on('data', (c) => log('data', show(c)));
  r.on('end', () => log('end'));
  r.on('close', done);
  log('push(null) returns', r.push(null));
});

test('reads ahead up to highWaterMark', (done) => {
  let calls = 0;
  const r = new Readable({
    highWaterMark: 3,
    read() {
      calls++;
      if (calls > 5) {
        this.push(null);
        return;
      }
      const more = this.push(String(calls));
      log('_read', calls, 'push ->', more, 'length', this.readableLength);
    },
  });
  setTimeout(() => {
    log('buffered before consuming', r.readableLength, 'calls', calls);
    watch(r, 'r', ['data', 'end', 'close']);
    r.on('close', done);
  }, 1);
});

test('pause and resume', (done) => {
  const r = new Readable({ read() {} });
  watch(r, 'r');
  log(state(r));
  r.pause();
  log('after pause:', state(r));
  r.push('1');
  r.push('2');
  setTimeout(() => {
    log('resuming:', state(r));
    r.resume();
    log('after resume:', state(r));
    r.push(null);
  }, 1);
  r.on('close', () => {
    log('closed:', state(r));
    done();
  });
});

test('data listener after pause() does not resume', (done) => {
  const r = new Readable({ read() {} });
  r.pause();
  r.on('data', (c) => log('data', show(c)));
  r.push('q');
  setTimeout(() => {
    log('flowing', r.readableFlowing, 'length', r.readableLength);
    r.resume();
    r.push(null);
    r.on('close', done);
  }, 1);
});

test('readable and data listeners together', (done) => {
  const r = new Readable({ read() {} });
  r.on('data', (c) => log('data', show(c)));
  r.on('readable', () => {
    log('readable, flowing=', r.readableFlowing);
    let c;
    while ((c = r.read()) !== null) log('read', show(c));
  });
  r.push('m');
  r.push(null);
  r.on('end', () => log('end'));
  r.on('close', done);
});

test('removing the readable listener switches to data', (done) => {
  const r = new Readable({ read() {} });
  const onReadable = () => log('readable');
  r.on('readable', onReadable);
  r.on('data', (c) => log('data', show(c)));
  log('flowing', r.readableFlowing);
  r.removeListener('readable', onReadable);
  r.push('after');
  process.nextTick(() => log('flowing after remove', r.readableFlowing));
  setTimeout(() => {
    r.push(null);
    r.on('close', done);
  }, 1);
});

test('setEncoding and split multibyte characters', (done) => {
  const r = new Readable({ read() {} });
  r.setEncoding('utf8');
  log('encoding', r.readableEncoding);
  const euro = Buffer.from('€uro');
  r.push(euro.subarray(0, 1));
  r.push(euro.subarray(1, 2));
  r.push(euro.subarray(2));
  r.push(Buffer.from([0xf0, 0x9f]));
  r.push(Buffer.from([0x98, 0x80, 0x21]));
  r.push(null);
  r.on('data', (c) => log('data', typeof c, JSON.stringify(c)));
  r.on('end', () => log('end'));
  r.on('close', done);
});

test('setEncoding after buffering, hex and base64', (done) => {
  const r = new Readable({ read() {} });
  r.push(Buffer.from('hello'));
  r.setEncoding('hex');
  r.push(Buffer.from([1, 2]));
  const b = new Readable({ encoding: 'base64', read() {} });
  b.push(Buffer.from('ab'));
  b.push(Buffer.from('cde'));
  b.push(null);
  r.push(null);
  r.on('data', (c) => log('hex data', c));
  b.on('data', (c) => log('base64 data', c));
  b.on('end', () => log('base64 end'));
  r.on('close', done);
});

test('unshift puts data back in front', (done) => {
  const r = new Readable({ read() {} });
  r.push('world');
  r.once('readable', () => {
    const first = r.read(2);
    log('read', show(first));
    r.unshift(first);
    r.unshift(Buffer.from('hello '));
    log('length', r.readableLength);
    log('read all', show(r.read()));
    r.push(null);
    r.resume();
    r.on('end', () => log('end'));
    r.on('close', done);
  });
});

test('destroy() without error', (done) => {
  const r = new Readable({
    read() {},
    destroy(err, cb) {
      log('_destroy called with', err);
      cb(err);
    },
  });
  watch(r, 'r');
  r.push('pending');
  r.destroy();
  log('destroyed', r.destroyed, 'readable', r.readable, 'closed', r.closed);
  log('push after destroy', r.push('x'));
  r.destroy(); // no effect
  markTicks('r', 2);
  r.on('close', () => {
    log('closed', r.closed, 'errored', r.errored);
    done();
  });
});

test('destroy(err) emits error then close', (done) => {
  const r = new Readable({ read() {} });
  watch(r, 'r');
  r.destroy(new Error('boom'));
  log('errored', r.errored && r.errored.message, 'aborted', r.readableAborted);
  r.on('close', done);
});

test('_destroy changing the error, async callback', (done) => {
  const r = new Readable({
    read() {},
    destroy(err, cb) {
      setTimeout(() => cb(new Error('from _destroy')), 1);
    },
  });
  watch(r, 'r');
  r.destroy(new Error('original'), (err) => log('destroy callback', err && err.message));
  r.on('close', done);
});

test('object mode', (done) => {
  const r = new Readable({ objectMode: true, read() {} });
  log('objectMode', r.readableObjectMode, 'hwm', r.readableHighWaterMark);
  r.push({ a: 1 });
  r.push(0);
  r.push('');
  r.push(false);
  log('length', r.readableLength);
  r.push(null);
  r.on('data', (o) => log('data', JSON.stringify(o)));
  r.on('end', () => log('end'));
  r.on('close', done);
});

test('autoDestroy false and emitClose false', (done) => {
  const r = new Readable({ autoDestroy: false, read() {} });
  r.on('end', () => {
    log('end, destroyed', r.destroyed);
    setTimeout(() => {
      log('still not destroyed', r.destroyed);
      const q = new Readable({ emitClose: false, read() {} });
      q.on('close', () => log('q close (unexpected)'));
      q.on('end', () => log('q end'));
      q.resume();
      q.push(null);
      setTimeout(() => {
        log('q destroyed', q.destroyed, 'closed', q.closed);
        done();
      }, 2);
    }, 1);
  });
  r.on('close', () => log('close (unexpected)'));
  r.resume();
  r.push(null);
});

test('end only after the buffer is consumed', (done) => {
  const r = new Readable({ read() {} });
  r.push('a');
  r.push(null);
  r.on('end', () => log('end'));
  setTimeout(() => {
    log('no end yet, ended', r.readableEnded, 'length', r.readableLength);
    r.on('data', (c) => log('data', show(c)));
    r.on('close', done);
  }, 1);
});

test('readableDidRead and isPaused before consumption', (done) => {
  const r = new Readable({ read() {} });
  log('didRead', r.readableDidRead, 'paused', r.isPaused(), 'flowing', r.readableFlowing);
  r.push('x');
  r.push(null);
  r.on('data', () => log('didRead in data', r.readableDidRead));
  r.on('close', done);
});

test('old-style inheritance', (done) => {
  const util = require('util');
  function Counter(opts) {
    Readable.call(this, opts);
    this.n = 0;
  }
  util.inherits(Counter, Readable);
  Counter.prototype._read = function () {
    this.n++;
    this.push(this.n > 2 ? null : `n${this.n}`);
  };
  const c = new Counter();
  log('instanceof Readable', c instanceof Readable);
  watch(c, 'c', ['data', 'end', 'close']);
  c.on('close', done);
});

test('Readable() without new and class extends', (done) => {
  const r = Readable({ read() {} });
  log('called without new', r instanceof Readable);
  class Letters extends Readable {
    constructor() {
      super({ encoding: 'utf8' });
      this.letters = ['p', 'q'];
    }

    _read() {
      this.push(this.letters.length ? this.letters.shift() : null);
    }
  }
  const l = new Letters();
  watch(l, 'l', ['data', 'end', 'close']);
  l.on('close', done);
});

function next(i) {
  if (i >= cases.length) return;
  const [name, fn] = cases[i];
  log(`--- ${name}`);
  fn(() => setTimeout(() => next(i + 1), 5));
}
next(0);
