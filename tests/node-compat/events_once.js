// events.once / events.on / events.addAbortListener, with EventEmitters and EventTargets.
// Steps run one after another (each awaited) so the output order is deterministic.
const EventEmitter = require('events');
const { once, on, addAbortListener } = EventEmitter;

function describeError(err) {
  return `${err.name} | ${err.message} | ${err.code}`;
}

async function settle(label, promise) {
  try {
    console.log(`${label}: resolved ${JSON.stringify(await promise)}`);
  } catch (err) {
    console.log(`${label}: rejected ${describeError(err)}${err.cause !== undefined ? ` cause=${String(err.cause)}` : ''}`);
  }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

async function onceTests() {
  const e = new EventEmitter();
  const p1 = once(e, 'ready');
  console.log('listeners while waiting', e.listenerCount('ready'), e.listenerCount('error'));
  e.emit('ready', 1, 'two');
  await settle('once resolves with args', p1);
  console.log('listeners after', e.listenerCount('ready'), e.listenerCount('error'));

  const p2 = once(e, 'ready');
  e.emit('error', new Error('exploded'));
  await settle('once rejects on error', p2);
  console.log('listeners after error', e.listenerCount('ready'), e.listenerCount('error'));

  const p3 = once(e, 'error');
  e.emit('error', new Error('expected'));
  await settle('once(error) resolves', p3);

  const ac = new AbortController();
  const p4 = once(e, 'never', { signal: ac.signal });
  ac.abort('stop');
  await settle('once aborted later', p4);
  console.log('listeners after abort', e.listenerCount('never'), e.listenerCount('error'));

  await settle('once already aborted', once(e, 'x', { signal: AbortSignal.abort() }));
  await settle('once bad signal', once(e, 'x', { signal: 'nope' }));
  await settle('once bad emitter', once({}, 'x'));

  const target = new EventTarget();
  const p5 = once(target, 'ping');
  target.dispatchEvent(new Event('ping'));
  const [event] = await p5;
  console.log('once on EventTarget', event.type, event instanceof Event);
  console.log('EventTarget listener removed', EventEmitter.getEventListeners(target, 'ping').length);
}

async function onTests() {
  const e = new EventEmitter();
  const iterator = on(e, 'data');
  console.log('iterator is async iterable', typeof iterator[Symbol.asyncIterator], iterator[Symbol.asyncIterator]() === iterator);
  e.emit('data', 1);
  e.emit('data', 2, 'b');
  const seen = [];
  setTimeout(() => {
    e.emit('data', 3);
    e.emit('end');
  }, 1);
  for await (const args of iterator) {
    seen.push(JSON.stringify(args));
    if (args[0] === 3) break;
  }
  console.log('on yields', seen.join(' '));
  console.log('listeners after break', e.listenerCount('data'), e.listenerCount('error'));

  const e2 = new EventEmitter();
  const it2 = on(e2, 'data');
  e2.emit('data', 'x');
  e2.emit('error', new Error('bad stream'));
  console.log('queued value', JSON.stringify(await it2.next()));
  await settle('then error', it2.next());
  console.log('then done', JSON.stringify(await it2.next()));

  const e3 = new EventEmitter();
  const it3 = on(e3, 'data', { close: ['end'] });
  const pending = it3.next();
  e3.emit('data', 'first');
  e3.emit('end');
  console.log('close option', JSON.stringify(await pending), JSON.stringify(await it3.next()));

  const ac = new AbortController();
  const e4 = new EventEmitter();
  const it4 = on(e4, 'data', { signal: ac.signal });
  const waiting = it4.next();
  ac.abort();
  await settle('on aborted', waiting);
  try {
    on(e4, 'data', { signal: AbortSignal.abort() });
  } catch (err) {
    console.log('on already aborted throws', describeError(err));
  }
  try {
    on(e4, 'data', { highWaterMark: 0 });
  } catch (err) {
    console.log('bad highWaterMark', describeError(err));
  }
  try {
    on(e4, 'data').throw('not an error');
  } catch (err) {
    console.log('throw(non-error)', describeError(err));
  }
  const it5 = on(e4, 'data');
  console.log('return()', JSON.stringify(await it5.return()), e4.listenerCount('data'));

  const target = new EventTarget();
  const it6 = on(target, 'tick');
  target.dispatchEvent(new Event('tick'));
  const { value } = await it6.next();
  console.log('on EventTarget', value.length, value[0].type);
  await it6.return();
  console.log('EventTarget listeners after return', EventEmitter.getEventListeners(target, 'tick').length);
}

async function abortListenerTests() {
  const ac = new AbortController();
  const log = [];
  const disposable = addAbortListener(ac.signal, () => log.push(`aborted ${ac.signal.reason}`));
  console.log('disposable', typeof disposable, EventEmitter.getEventListeners(ac.signal, 'abort').length);
  ac.abort('why');
  console.log('addAbortListener', log.join(','));

  const already = AbortSignal.abort('early');
  addAbortListener(already, () => log.push('already aborted'));
  console.log('sync after already aborted', log.length);
  await tick();
  console.log('later', log.join(','));

  for (const [label, args] of [['no args', []], ['bad signal', [5, () => {}]], ['bad listener', [new AbortController().signal, 5]]]) {
    try {
      addAbortListener(...args);
    } catch (err) {
      console.log(`addAbortListener ${label}: ${describeError(err)}`);
    }
  }
}

(async () => {
  await onceTests();
  await onTests();
  await abortListenerTests();
  console.log('done');
})();
