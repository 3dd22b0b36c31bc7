// stream.pipeline and stream.finished, callback and promise forms: success, errors from any
// stage (every stage destroyed, the first error reported), premature close, async generator
// stages, iterables as sources, an async function as destination, AbortSignal, and finished()
// on readables, writables and duplexes in their various end states.
const stream = require('stream');
const { pipeline: pipelinePromise, finished: finishedPromise } = require('stream/promises');
const util = require('util');
const { Readable, Writable, PassThrough, Transform, pipeline, finished } = stream;

const log = (...parts) => console.log(parts.join(' '));
const describe = (err) => (err ? `${err.name} ${err.code || ''} ${err.message}` : 'ok');

function collector(tag, { fail } = {}) {
  const chunks = [];
  const w = new Writable({
    objectMode: true,
    write(chunk, encoding, cb) {
      chunks.push(String(chunk));
      if (fail && chunks.length === fail) cb(new Error(`${tag} failed`));
      else setTimeout(cb, 0);
    },
  });
  w.chunks = chunks;
  return w;
}

function states(...named) {
  return named.map(([name, s]) => `${name}:destroyed=${s.destroyed}`).join(' ');
}

const cases = [];
const test = (name, fn) => cases.push([name, fn]);

test('pipeline of streams', (done) => {
  const src = Readable.from(['a', 'b', 'c']);
  const upper = new Transform({
    objectMode: true,
    transform(chunk, encoding, cb) {
      cb(null, chunk.toUpperCase());
    },
  });
  const sink = collector('sink');
  const ret = pipeline(src, upper, sink, (err) => {
    log('callback', describe(err), 'got', sink.chunks.join(','));
    log(states(['src', src], ['upper', upper], ['sink', sink]));
    done();
  });
  log('returns last stream', ret === sink);
});

test('pipeline with an array of streams', (done) => {
  const sink = collector('sink');
  pipeline([Readable.from(['x']), new PassThrough({ objectMode: true }), sink], (err) => {
    log('callback', describe(err), sink.chunks.join(','));
    done();
  });
});

test('error in the middle destroys everything', (done) => {
  const src = new Readable({ objectMode: true, read() {} });
  const broken = new Transform({
    objectMode: true,
    transform(chunk, encoding, cb) {
      if (chunk === 'bad') cb(new Error('cannot transform'));
      else cb(null, chunk);
    },
  });
  const sink = collector('sink');
  src.on('close', () => log('src close'));
  broken.on('close', () => log('broken close'));
  sink.on('close', () => log('sink close'));
  pipeline(src, broken, sink, (err) => {
    log('callback', describe(err));
    log(states(['src', src], ['broken', broken], ['sink', sink]));
    setTimeout(done, 2);
  });
  src.push('good');
  src.push('bad');
});

test('error in the destination', (done) => {
  const src = Readable.from(['1', '2', '3']);
  const sink = collector('sink', { fail: 2 });
  pipeline(src, sink, (err) => {
    log('callback', describe(err), 'got', sink.chunks.join(','));
    log(states(['src', src], ['sink', sink]));
    done();
  });
});

test('source destroyed early gives premature close', (done) => {
  const src = new Readable({ read() {} });
  const sink = collector('sink');
  pipeline(src, sink, (err) => {
    log('callback', describe(err));
    log(states(['src', src], ['sink', sink]));
    done();
  });
  src.push('x');
  setTimeout(() => src.destroy(), 1);
});

test('source destroyed with an error', (done) => {
  const src = new Readable({ read() {} });
  const sink = collector('sink');
  pipeline(src, sink, (err) => {
    log('callback', describe(err));
    done();
  });
  process.nextTick(() => src.destroy(new Error('source broke')));
});

test('callback is called once and errors are not rethrown', (done) => {
  let calls = 0;
  const a = new PassThrough();
  const b = new PassThrough();
  pipeline(a, b, (err) => {
    calls++;
    log('callback', calls, describe(err));
  });
  a.destroy(new Error('first'));
  b.destroy(new Error('second'));
  setTimeout(() => {
    log('calls', calls);
    done();
  }, 5);
});

test('async generator stages', (done) => {
  pipeline(
    async function* source() {
      yield 'one';
      yield 'two';
    },
    async function* upper(source) {
      for await (const chunk of source) yield chunk.toUpperCase();
    },
    async function* exclaim(source) {
      for await (const chunk of source) yield `${chunk}!`;
    },
    collector('sink'),
    (err) => {
      log('callback', describe(err));
      done();
    },
  );
});

test('async function as destination returns a value', (done) => {
  const ret = pipeline(
    Readable.from(['a', 'b']),
    async function (source) {
      let all = '';
      for await (const chunk of source) all += chunk;
      return all;
    },
    (err, value) => {
      log('callback', describe(err), 'value', value);
      done();
    },
  );
  log('returns a stream', ret instanceof stream.Stream);
});

test('generator stage throwing', (done) => {
  const src = Readable.from(['a', 'b']);
  pipeline(
    src,
    async function* (source) {
      for await (const chunk of source) {
        if (chunk === 'b') throw new Error('generator failed');
        yield chunk;
      }
    },
    collector('sink'),
    (err) => {
      log('callback', describe(err), 'src destroyed', src.destroyed);
      done();
    },
  );
});

test('iterable source into a writable', (done) => {
  const sink = collector('sink');
  pipeline(['i1', 'i2'], sink, (err) => {
    log('callback', describe(err), sink.chunks.join(','));
    done();
  });
});

test('argument errors', (done) => {
  try {
    pipeline(Readable.from([]), () => {});
  } catch (err) {
    log('one stream:', describe(err));
  }
  try {
    pipeline(Readable.from([]), new PassThrough());
  } catch (err) {
    log('no callback:', describe(err));
  }
  try {
    pipeline(Readable.from(['x']), async function* () {}, () => 'not iterable', () => {});
  } catch (err) {
    log('bad transform:', describe(err));
  }
  done();
});

test('stream/promises pipeline', (done) => {
  const sink = collector('sink');
  pipelinePromise(Readable.from(['p', 'q']), sink)
    .then((value) => log('resolved', value, sink.chunks.join(',')))
    .then(() => pipelinePromise(Readable.from(['r']), collector('bad', { fail: 1 })))
    .catch((err) => log('rejected', describe(err)))
    .then(() => {
      log('promisified is the same', util.promisify(pipeline) === pipelinePromise,
        util.promisify(finished) === finishedPromise, stream.promises.pipeline === pipelinePromise);
      done();
    });
});

test('pipeline with an aborted signal', (done) => {
  const ac = new AbortController();
  const src = new Readable({ read() {} });
  const sink = collector('sink');
  pipelinePromise(src, sink, { signal: ac.signal })
    .then(() => log('resolved (unexpected)'))
    .catch((err) => {
      log('rejected', describe(err));
      log(states(['src', src], ['sink', sink]));
      done();
    });
  src.push('x');
  setTimeout(() => ac.abort(), 1);
});

test('finished on a readable', (done) => {
  const r = Readable.from(['a']);
  finished(r, (err) => {
    log('readable finished', describe(err), 'ended', r.readableEnded);
    const r2 = new Readable({ read() {} });
    finished(r2, (err2) => {
      log('destroyed readable', describe(err2));
      const r3 = new Readable({ read() {} });
      r3.on('error', () => {});
      finished(r3, (err3) => {
        log('errored readable', describe(err3));
        done();
      });
      r3.destroy(new Error('r3 broke'));
    });
    r2.destroy();
  });
  r.resume();
});

test('finished on a writable', (done) => {
  const w = collector('w');
  const cleanup = finished(w, (err) => {
    log('writable finished', describe(err), 'finished', w.writableFinished);
    log('cleanup is a function', typeof cleanup);
    const w2 = collector('w2');
    finished(w2, (err2) => {
      log('destroyed writable', describe(err2));
      done();
    });
    w2.write('x');
    w2.destroy();
  });
  w.end('last');
});

test('finished on an already finished stream', (done) => {
  const r = Readable.from([]);
  r.resume();
  r.on('close', () => {
    finished(r, (err) => {
      log('late finished', describe(err));
      finishedPromise(r).then(() => {
        log('promise resolved');
        done();
      });
    });
  });
});

test('finished with options', (done) => {
  const d = new PassThrough();
  finished(d, { readable: false }, (err) => {
    log('writable side done', describe(err), 'readableEnded', d.readableEnded);
    d.resume();
    finished(d, { writable: false }, (err2) => {
      log('readable side done', describe(err2));
      done();
    });
  });
  d.end('z');
});

test('finished on a legacy stream', (done) => {
  const legacy = new stream.Stream();
  legacy.readable = true;
  finished(legacy, (err) => {
    log('legacy finished', describe(err));
    const legacy2 = new stream.Stream();
    legacy2.readable = true;
    finished(legacy2, (err2) => {
      log('legacy close without end', describe(err2));
      done();
    });
    legacy2.emit('close');
  });
  legacy.emit('end');
});

test('finished with an abort signal', (done) => {
  const ac = new AbortController();
  const r = new Readable({ read() {} });
  finished(r, { signal: ac.signal }, (err) => {
    log('aborted', describe(err), 'destroyed', r.destroyed);
    done();
  });
  ac.abort();
});

test('finished argument errors', (done) => {
  try {
    finished(null, () => {});
  } catch (err) {
    log('null stream:', describe(err));
  }
  try {
    finished(new PassThrough(), 'nope');
  } catch (err) {
    log('bad callback:', describe(err));
  }
  finishedPromise({}).catch((err) => {
    log('promise form:', describe(err));
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
