// Async iteration of Readables (for await, break/return destroying the stream, errors,
// destroyOnReturn: false), Readable.from over arrays, generators, async generators, strings and
// Buffers, and the iterator helpers toArray/map/filter/forEach/reduce/some/every/find/take/drop.
// Steps run one after another (each awaited) so the output order is deterministic.
const { Readable, PassThrough } = require('stream');

const log = (...parts) => console.log(parts.join(' '));
const describe = (err) => (err ? `${err.name} ${err.code || ''} ${err.message}` : 'ok');
const show = (v) => (Buffer.isBuffer(v) ? `<buf ${v.toString()}>` : JSON.stringify(v));

async function step(name, fn) {
  log(`--- ${name}`);
  try {
    await fn();
  } catch (err) {
    log('threw', describe(err));
  }
}

// Interleaves microtask and tick markers with the stream's own events.
function tagTiming(tag) {
  process.nextTick(() => log(tag, 'tick'));
  Promise.resolve().then(() => log(tag, 'microtask'));
}

async function main() {
  await step('for await over a byte stream', async () => {
    const r = new Readable({ read() {} });
    r.push('a');
    r.push('b');
    setTimeout(() => {
      r.push('c');
      r.push(null);
    }, 1);
    for await (const chunk of r) log('chunk', show(chunk));
    log('after loop: ended', r.readableEnded, 'destroyed', r.destroyed);
  });

  await step('for await with an encoding', async () => {
    const r = Readable.from([Buffer.from('x'), Buffer.from('y')], { objectMode: false, encoding: 'utf8' });
    const parts = [];
    for await (const chunk of r) parts.push(typeof chunk + ':' + chunk);
    log(parts.join(' '));
  });

  await step('break destroys the stream', async () => {
    const r = Readable.from(['1', '2', '3']);
    r.on('close', () => log('close event'));
    for await (const chunk of r) {
      log('chunk', chunk);
      break;
    }
    log('destroyed', r.destroyed);
  });

  await step('destroyOnReturn: false keeps it open', async () => {
    const r = Readable.from(['1', '2', '3']);
    for await (const chunk of r.iterator({ destroyOnReturn: false })) {
      log('chunk', chunk);
      break;
    }
    log('destroyed', r.destroyed);
    for await (const chunk of r) log('rest', chunk);
  });

  await step('error while iterating', async () => {
    const r = new Readable({ read() {} });
    r.push('ok');
    setTimeout(() => r.destroy(new Error('stream failed')), 1);
    try {
      for await (const chunk of r) log('chunk', show(chunk));
    } catch (err) {
      log('caught', describe(err));
    }
  });

  await step('throwing in the loop body destroys the stream', async () => {
    const r = Readable.from(['a', 'b']);
    try {
      for await (const chunk of r) throw new Error(`body failed at ${chunk}`);
    } catch (err) {
      log('caught', describe(err));
    }
    // (QuickJS closes the iterator without awaiting return() on a throw: look a bit later.)
    await new Promise((resolve) => setTimeout(resolve, 1));
    log('destroyed', r.destroyed);
  });

  await step('iterating an ended stream', async () => {
    const r = Readable.from([]);
    for await (const chunk of r) log('unexpected', chunk);
    log('done, ended', r.readableEnded);
  });

  await step('Readable.from timing with a sync iterable', async () => {
    const r = Readable.from([1, 2]);
    r.on('data', (v) => log('data', v));
    r.on('end', () => log('end'));
    tagTiming('t');
    await new Promise((resolve) => r.on('close', resolve));
    log('closed');
  });

  await step('Readable.from with an async generator', async () => {
    async function* gen() {
      yield 'g1';
      await new Promise((resolve) => setTimeout(resolve, 1));
      yield 'g2';
    }
    const r = Readable.from(gen());
    log('objectMode', r.readableObjectMode, 'hwm', r.readableHighWaterMark);
    r.on('data', (v) => log('data', v));
    tagTiming('a');
    await new Promise((resolve) => r.on('end', resolve));
    log('ended');
  });

  await step('Readable.from with a generator and promises', async () => {
    function* gen() {
      yield Promise.resolve('resolved');
      yield 'plain';
    }
    log(JSON.stringify(await Readable.from(gen()).toArray()));
  });

  await step('Readable.from a string and a Buffer', async () => {
    log(JSON.stringify(await Readable.from('whole string').toArray()));
    const bufs = await Readable.from(Buffer.from('buf')).toArray();
    log(bufs.length, show(bufs[0]));
  });

  await step('Readable.from errors', async () => {
    try {
      Readable.from(42);
    } catch (err) {
      log('not iterable:', describe(err));
    }
    const r = Readable.from([1, null, 3]);
    r.on('data', (v) => log('data', v));
    await new Promise((resolve) => r.on('error', (err) => {
      log('error', describe(err));
      resolve();
    }));
    function* failing() {
      yield 'fine';
      throw new Error('generator threw');
    }
    try {
      await Readable.from(failing()).toArray();
    } catch (err) {
      log('toArray rejected', describe(err));
    }
  });

  await step('destroying a from() stream returns the generator', async () => {
    function* gen() {
      try {
        yield 'first';
        yield 'second';
      } finally {
        log('generator finally');
      }
    }
    const r = Readable.from(gen());
    r.once('data', (v) => {
      log('data', v);
      r.destroy();
    });
    await new Promise((resolve) => r.on('close', resolve));
    log('closed');
  });

  await step('map and filter', async () => {
    const mapped = Readable.from([1, 2, 3, 4]).map((n) => n * 10);
    log('map returns a Readable', mapped instanceof Readable, mapped.readableObjectMode);
    log(JSON.stringify(await mapped.toArray()));
    log(JSON.stringify(await Readable.from([1, 2, 3, 4]).filter(async (n) => n % 2 === 0).toArray()));
    const chained = Readable.from(['a', 'bb', 'ccc'])
      .filter((s) => s.length > 1)
      .map(async (s) => s.toUpperCase(), { concurrency: 2 });
    log(JSON.stringify(await chained.toArray()));
  });

  await step('map on a byte stream', async () => {
    const p = new PassThrough();
    p.end('bytes');
    log(JSON.stringify(await p.map((chunk) => chunk.toString().length).toArray()));
  });

  await step('forEach, reduce, some, every, find', async () => {
    const seen = [];
    const result = await Readable.from([3, 1, 2]).forEach((n) => {
      seen.push(n);
    });
    log('forEach', result, seen.join(','));
    log('reduce', await Readable.from([1, 2, 3]).reduce((a, b) => a + b, 10));
    log('reduce no initial', await Readable.from([1, 2, 3]).reduce((a, b) => a * b));
    log('some', await Readable.from([1, 2, 3]).some((n) => n > 2));
    log('every', await Readable.from([1, 2, 3]).every((n) => n > 2));
    log('find', await Readable.from([1, 2, 3]).find((n) => n > 1));
    log('find none', await Readable.from([1, 2, 3]).find((n) => n > 5));
  });

  await step('take and drop', async () => {
    log(JSON.stringify(await Readable.from([1, 2, 3, 4]).take(2).toArray()));
    log(JSON.stringify(await Readable.from([1, 2, 3, 4]).drop(3).toArray()));
  });

  await step('helper errors', async () => {
    try {
      Readable.from([1]).map('nope');
    } catch (err) {
      log('map:', describe(err));
    }
    try {
      Readable.from([1]).map((x) => x, { concurrency: 0 });
    } catch (err) {
      log('concurrency:', describe(err));
    }
    await Readable.from([1]).forEach(1).catch((err) => log('forEach:', describe(err)));
    await Readable.from([]).reduce((a, b) => a + b).catch((err) => log('reduce:', describe(err)));
    await Readable.from([1, 2]).map(() => {
      throw new Error('mapper failed');
    }).toArray().catch((err) => log('mapper:', describe(err)));
  });

  await step('toArray with an aborted signal', async () => {
    const ac = new AbortController();
    ac.abort();
    await Readable.from([1, 2]).toArray({ signal: ac.signal })
      .then((v) => log('resolved', JSON.stringify(v)))
      .catch((err) => log('rejected', describe(err)));
  });
}

main();
