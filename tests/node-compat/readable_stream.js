// WHATWG ReadableStream: underlying sources, queuing strategies, readers, cancel, tee, async
// iteration, ReadableStream.from, and the order in which start/pull/read settle.
function describeError(err) {
  if (err === null || typeof err !== 'object') return `non-error ${String(err)}`;
  return `${err.name}: ${JSON.stringify(err.message)}${err.code ? ` [${err.code}]` : ''}`;
}

async function attempt(label, fn) {
  try {
    const value = await fn();
    console.log(`${label}: ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`);
  } catch (err) {
    console.log(`${label}: threw ${describeError(err)}`);
  }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
const result = (r) => JSON.stringify(r);

async function readAll(stream) {
  const reader = stream.getReader();
  const out = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return out;
    out.push(value);
  }
}

async function main() {
  // --- start, pull and the queue
  await attempt('pull order hwm 1', async () => {
    const log = [];
    let n = 0;
    const stream = new ReadableStream({
      start() { log.push('start'); },
      pull(controller) {
        log.push(`pull${n}`);
        if (n < 3) controller.enqueue(n++);
        else controller.close();
      },
    });
    await tick();
    log.push('|');
    const reader = stream.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      log.push(done ? 'done' : `read${value}`);
      if (done) break;
    }
    return log.join(' ');
  });
  await attempt('pull waits for a read with hwm 0', async () => {
    const log = [];
    const stream = new ReadableStream({ pull(c) { log.push('pull'); c.enqueue('x'); } }, { highWaterMark: 0 });
    await tick();
    log.push('|');
    log.push(result(await stream.getReader().read()));
    await tick();
    return log.join(' ');
  });
  await attempt('async start delays pull', async () => {
    const log = [];
    const stream = new ReadableStream({
      async start(c) { log.push('start'); await tick(); log.push('started'); c.enqueue('a'); },
      pull() { log.push('pull'); },
    }, { highWaterMark: 2 });
    log.push('constructed');
    await tick();
    await tick();
    log.push(stream.locked);
    return log.join(' ');
  });
  await attempt('pull not reentered', async () => {
    let active = 0;
    let max = 0;
    let n = 0;
    const stream = new ReadableStream({
      async pull(c) {
        active++;
        max = Math.max(max, active);
        await tick();
        active--;
        if (n < 4) c.enqueue(n++);
        else c.close();
      },
    }, { highWaterMark: 3 });
    const reader = stream.getReader();
    const reads = await Promise.all([reader.read(), reader.read(), reader.read(), reader.read(), reader.read()]);
    return `${reads.map(result).join(' ')} max concurrent pulls ${max}`;
  });
  await attempt('desiredSize', () => {
    let controller;
    new ReadableStream({ start(c) { controller = c; } }, { highWaterMark: 3 });
    const sizes = [controller.desiredSize];
    controller.enqueue('a');
    sizes.push(controller.desiredSize);
    controller.enqueue('b');
    sizes.push(controller.desiredSize);
    controller.close();
    sizes.push(controller.desiredSize);
    return sizes.join();
  });
  await attempt('size function', () => {
    let controller;
    new ReadableStream({ start(c) { controller = c; } }, { highWaterMark: 10, size: (chunk) => chunk.length });
    controller.enqueue('abcd');
    return controller.desiredSize;
  });
  await attempt('desiredSize after error', () => {
    let controller;
    new ReadableStream({ start(c) { controller = c; } });
    controller.error(new Error('e'));
    return String(controller.desiredSize);
  });
  await attempt('closed stream drains queue first', async () => {
    const stream = new ReadableStream({ start(c) { c.enqueue(1); c.enqueue(2); c.close(); } });
    const reader = stream.getReader();
    return [await reader.read(), await reader.read(), await reader.read(), await reader.read()].map(result).join(' ');
  });

  // --- controller errors
  await attempt('enqueue after close', () => {
    let c;
    new ReadableStream({ start(x) { c = x; } });
    c.close();
    c.enqueue('late');
  });
  await attempt('close twice', () => {
    let c;
    new ReadableStream({ start(x) { c = x; } });
    c.close();
    c.close();
  });
  await attempt('enqueue after error', () => {
    let c;
    new ReadableStream({ start(x) { c = x; } });
    c.error(new Error('broken'));
    c.enqueue('late');
  });
  await attempt('error keeps the first', async () => {
    let c;
    const stream = new ReadableStream({ start(x) { c = x; } });
    c.error(new Error('first'));
    c.error(new Error('second'));
    return stream.getReader().read();
  });
  await attempt('error after close ignored', async () => {
    let c;
    const stream = new ReadableStream({ start(x) { c = x; } });
    c.close();
    c.error(new Error('ignored'));
    return result(await stream.getReader().read());
  });
  await attempt('error drops the queue', async () => {
    let c;
    const stream = new ReadableStream({ start(x) { c = x; x.enqueue('queued'); } });
    c.error(new Error('dropped'));
    return stream.getReader().read();
  });
  await attempt('start throws', () => new ReadableStream({ start() { throw new Error('start failed'); } }));
  await attempt('start rejects', async () => {
    const stream = new ReadableStream({ start() { return Promise.reject(new Error('async start failed')); } });
    return stream.getReader().read();
  });
  await attempt('pull throws', () => new ReadableStream({ pull() { throw new Error('pull failed'); } }).getReader().read());
  await attempt('size throws', () => {
    let c;
    new ReadableStream({ start(x) { c = x; } }, { size() { throw new Error('size failed'); } });
    c.enqueue('x');
  });
  await attempt('controller constructor', () => {
    let c;
    new ReadableStream({ start(x) { c = x; } });
    return new c.constructor();
  });

  // --- argument validation
  await attempt('source number', () => new ReadableStream(5));
  await attempt('source null', () => new ReadableStream(null));
  await attempt('pull not a function', () => new ReadableStream({ pull: 'no' }));
  await attempt('cancel not a function', () => new ReadableStream({ cancel: 1 }));
  await attempt('type invalid', () => new ReadableStream({ type: 'chars' }));
  await attempt('highWaterMark negative', () => new ReadableStream({}, { highWaterMark: -1 }));
  await attempt('highWaterMark NaN', () => new ReadableStream({}, { highWaterMark: NaN }));
  await attempt('highWaterMark string', () => {
    let c;
    new ReadableStream({ start(x) { c = x; } }, { highWaterMark: '4' });
    return c.desiredSize;
  });
  await attempt('size not a function', () => new ReadableStream({}, { size: 5 }));
  await attempt('getReader mode invalid', () => new ReadableStream().getReader({ mode: 'fast' }));

  // --- readers
  await attempt('locked', () => {
    const stream = new ReadableStream();
    const before = stream.locked;
    const reader = stream.getReader();
    const during = stream.locked;
    reader.releaseLock();
    return `${before} ${during} ${stream.locked}`;
  });
  await attempt('second reader', () => {
    const stream = new ReadableStream();
    stream.getReader();
    return stream.getReader();
  });
  await attempt('cancel locked stream', () => {
    const stream = new ReadableStream();
    stream.getReader();
    return stream.cancel();
  });
  await attempt('read after releaseLock', () => {
    const reader = new ReadableStream().getReader();
    reader.releaseLock();
    return reader.read();
  });
  await attempt('cancel after releaseLock', () => {
    const reader = new ReadableStream().getReader();
    reader.releaseLock();
    return reader.cancel();
  });
  await attempt('closed after releaseLock', () => {
    const reader = new ReadableStream().getReader();
    reader.releaseLock();
    return reader.closed;
  });
  await attempt('pending read on releaseLock', () => {
    const reader = new ReadableStream().getReader();
    const pending = reader.read();
    reader.releaseLock();
    return pending;
  });
  await attempt('releaseLock twice', () => {
    const reader = new ReadableStream().getReader();
    reader.releaseLock();
    reader.releaseLock();
    return 'fine';
  });
  await attempt('closed resolves', async () => {
    let c;
    const reader = new ReadableStream({ start(x) { c = x; } }).getReader();
    const log = [];
    reader.closed.then(() => log.push('closed'));
    c.close();
    await tick();
    return log.join();
  });
  await attempt('closed rejects', () => new ReadableStream({ start(c) { c.error(new TypeError('bad')); } }).getReader().closed);
  await attempt('new reader on closed stream', async () => {
    const stream = new ReadableStream({ start(c) { c.close(); } });
    await tick();
    const reader = stream.getReader();
    return `${result(await reader.read())} ${await reader.closed}`;
  });
  await attempt('reader constructor', () => {
    const stream = new ReadableStream();
    const Reader = stream.getReader().constructor;
    return `${Reader.name} ${Object.prototype.toString.call(new Reader(new ReadableStream()))}`;
  });
  await attempt('reader constructor, not a stream', () => {
    const Reader = new ReadableStream().getReader().constructor;
    return new Reader({});
  });
  await attempt('read result shape', async () => {
    const reader = new ReadableStream({ start(c) { c.enqueue('v'); c.close(); } }).getReader();
    const first = await reader.read();
    const last = await reader.read();
    return `${JSON.stringify(Object.keys(first))} ${JSON.stringify(Object.keys(last))} ${'value' in last}`;
  });

  // --- cancel
  await attempt('cancel calls the source', async () => {
    const log = [];
    const stream = new ReadableStream({ cancel(reason) { log.push(`cancel(${reason})`); return 'ignored'; } });
    log.push(`resolved ${await stream.cancel('why')}`);
    return log.join(' ');
  });
  await attempt('reader cancel', async () => {
    const log = [];
    const stream = new ReadableStream({ start(c) { c.enqueue('dropped'); }, cancel(reason) { log.push(`cancel(${reason})`); } });
    const reader = stream.getReader();
    const pendingClosed = reader.closed.then(() => log.push('closed'));
    await reader.cancel('stop');
    log.push(result(await reader.read()));
    await pendingClosed;
    return log.join(' ');
  });
  await attempt('cancel resolves pending reads', async () => {
    const reader = new ReadableStream().getReader();
    const pending = reader.read();
    await reader.cancel();
    return result(await pending);
  });
  await attempt('cancel throws', () => new ReadableStream({ cancel() { throw new Error('cancel failed'); } }).cancel());
  await attempt('cancel errored stream', () => new ReadableStream({ start(c) { c.error(new Error('already')); } }).cancel());
  await attempt('cancel closed stream', async () => {
    const stream = new ReadableStream({ start(c) { c.close(); } });
    return `${await stream.cancel('late')}`;
  });

  // --- tee
  await attempt('tee', async () => {
    const stream = new ReadableStream({ start(c) { c.enqueue('a'); c.enqueue('b'); c.close(); } });
    const [one, two] = stream.tee();
    return `locked=${stream.locked} ${(await readAll(one)).join('')} ${(await readAll(two)).join('')}`;
  });
  await attempt('tee shares chunks', async () => {
    const [one, two] = new ReadableStream({ start(c) { c.enqueue({ id: 1 }); c.close(); } }).tee();
    const [[a], [b]] = await Promise.all([readAll(one), readAll(two)]);
    return a === b;
  });
  await attempt('tee cancel both', async () => {
    const log = [];
    const [one, two] = new ReadableStream({ cancel(reason) { log.push(JSON.stringify(reason)); } }).tee();
    // A branch's cancel settles only once both branches are cancelled.
    const first = one.cancel('r1').then(() => log.push('first settled'));
    await tick();
    log.push('second');
    await two.cancel('r2');
    await first;
    return log.join(' ');
  });
  await attempt('tee cancel one', async () => {
    const log = [];
    const [one, two] = new ReadableStream({
      start(c) { c.enqueue('x'); c.close(); },
      cancel() { log.push('source cancelled'); },
    }).tee();
    const cancelled = one.cancel();
    log.push((await readAll(two)).join());
    log.push(`cancel settled with ${await cancelled}`);
    return log.join(' ');
  });
  await attempt('tee error', async () => {
    let c;
    const [one, two] = new ReadableStream({ start(x) { c = x; } }).tee();
    c.error(new Error('source broke'));
    const outcomes = await Promise.allSettled([readAll(one), readAll(two)]);
    return outcomes.map((o) => `${o.status} ${o.reason.message}`).join(' / ');
  });
  await attempt('tee locked', () => {
    const stream = new ReadableStream();
    stream.getReader();
    return stream.tee();
  });

  // --- async iteration
  await attempt('for await', async () => {
    const out = [];
    for await (const chunk of new ReadableStream({ start(c) { c.enqueue(1); c.enqueue(2); c.close(); } })) out.push(chunk);
    return out.join();
  });
  await attempt('break cancels', async () => {
    const log = [];
    const stream = new ReadableStream({ start(c) { c.enqueue(1); c.enqueue(2); }, cancel(r) { log.push(`cancel(${r})`); } });
    for await (const chunk of stream) {
      log.push(chunk);
      break;
    }
    log.push(`locked=${stream.locked}`);
    return log.join(' ');
  });
  await attempt('preventCancel', async () => {
    const log = [];
    const stream = new ReadableStream({ start(c) { c.enqueue(1); c.enqueue(2); c.close(); }, cancel() { log.push('cancelled'); } });
    for await (const chunk of stream.values({ preventCancel: true })) {
      log.push(chunk);
      break;
    }
    log.push(`rest=${(await readAll(stream)).join()}`);
    return log.join(' ');
  });
  await attempt('iteration error', async () => {
    const out = [];
    try {
      for await (const chunk of new ReadableStream({ start(c) { c.enqueue('ok'); c.error(new Error('mid')); } })) out.push(chunk);
    } catch (err) {
      out.push(`caught ${err.message}`);
    }
    return out.join(' ');
  });
  await attempt('iterator methods', async () => {
    const it = new ReadableStream({ start(c) { c.enqueue('v'); } }).values();
    const proto = Object.getPrototypeOf(it);
    return `${Object.getOwnPropertyNames(proto).join()} ${typeof it[Symbol.asyncIterator]} ${it[Symbol.asyncIterator]() === it}`;
  });
  await attempt('iterator return', async () => {
    const it = new ReadableStream({ start(c) { c.enqueue('v'); } }).values();
    return `${result(await it.return('bye'))} ${result(await it.next())}`;
  });
  await attempt('iterator next after end', async () => {
    const it = new ReadableStream({ start(c) { c.close(); } }).values();
    return `${result(await it.next())} ${result(await it.next())}`;
  });
  await attempt('values on locked', () => {
    const stream = new ReadableStream();
    stream.getReader();
    return stream.values();
  });
  await attempt('asyncIterator is values', () => ReadableStream.prototype[Symbol.asyncIterator] === ReadableStream.prototype.values);

  // --- ReadableStream.from
  await attempt('from array', async () => (await readAll(ReadableStream.from(['a', Promise.resolve('b'), 'c']))).join());
  await attempt('from async generator', async () => {
    async function* gen() { yield 1; yield 2; }
    return (await readAll(ReadableStream.from(gen()))).join();
  });
  await attempt('from string', async () => (await readAll(ReadableStream.from('hi'))).join('|'));
  await attempt('from stream', async () => {
    const source = new ReadableStream({ start(c) { c.enqueue('s'); c.close(); } });
    const from = ReadableStream.from(source);
    return `${from instanceof ReadableStream} ${(await readAll(from)).join()}`;
  });
  await attempt('from cancel returns', async () => {
    const log = [];
    const iterable = {
      [Symbol.asyncIterator]() {
        return {
          next: () => Promise.resolve({ value: 'x', done: false }),
          return: (reason) => { log.push(`return(${reason})`); return Promise.resolve({ done: true }); },
        };
      },
    };
    await ReadableStream.from(iterable).cancel('enough');
    return log.join();
  });
  await attempt('from generator error', async () => {
    async function* gen() { yield 1; throw new Error('gen failed'); }
    return readAll(ReadableStream.from(gen()));
  });
  await attempt('from number', () => ReadableStream.from(5));

  // --- byte streams (read with a default reader)
  await attempt('bytes type', async () => {
    const stream = new ReadableStream({ type: 'bytes', start(c) { c.enqueue(new Uint8Array([1, 2])); c.close(); } });
    const chunks = await readAll(stream);
    return chunks.map((c) => `${Object.prototype.toString.call(c)}:${[...c]}`).join();
  });

  // --- shape
  console.log('tags', Object.prototype.toString.call(new ReadableStream()), Object.prototype.toString.call(new ReadableStream().getReader()));
  console.log('prototype', Object.keys(ReadableStream.prototype).join());
  console.log('reader prototype', Object.keys(Object.getPrototypeOf(new ReadableStream().getReader())).join());
  {
    let c;
    new ReadableStream({ start(x) { c = x; } });
    console.log('controller', Object.prototype.toString.call(c), Object.keys(Object.getPrototypeOf(c)).join());
  }
  await attempt('foreign this locked', () => Object.getOwnPropertyDescriptor(ReadableStream.prototype, 'locked').get.call({}));
  await attempt('foreign this cancel', () => ReadableStream.prototype.cancel.call({}));
}

main();
