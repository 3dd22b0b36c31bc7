// EventEmitter: listener management, emit semantics, errors and warnings.
// Prints plain strings only, so the output does not depend on console.log's object formatting.
const EventEmitter = require('events');

function describeError(err) {
  return `${err.name} | ${err.message} | ${err.code}`;
}

function attempt(label, fn) {
  try {
    console.log(`${label}: ok ${JSON.stringify(fn())}`);
  } catch (err) {
    console.log(`${label}: threw ${describeError(err)}`);
  }
}

// Warnings are captured instead of printed to stderr.
const warnings = [];
process.emitWarning = (w) => warnings.push(`${w.name}: ${w.message} (count=${w.count} type=${String(w.type)})`);
function flushWarnings(label) {
  console.log(`${label} warnings: ${warnings.length}`);
  for (const w of warnings.splice(0)) console.log(`  ${w}`);
}

// --- module shape
console.log('module', typeof EventEmitter, EventEmitter.EventEmitter === EventEmitter, EventEmitter.name);
console.log('defaultMaxListeners', EventEmitter.defaultMaxListeners);
console.log('errorMonitor', String(EventEmitter.errorMonitor), typeof EventEmitter.errorMonitor);
console.log('captureRejectionSymbol', String(EventEmitter.captureRejectionSymbol),
  EventEmitter.captureRejectionSymbol === Symbol.for('nodejs.rejection'));
console.log('captureRejections', EventEmitter.captureRejections, 'usingDomains', EventEmitter.usingDomains);
for (const name of ['once', 'on', 'getEventListeners', 'getMaxListeners', 'setMaxListeners', 'listenerCount', 'init', 'addAbortListener']) {
  console.log(`static ${name}: ${typeof EventEmitter[name]}`);
}

// --- order, arguments, this, return value
{
  const e = new EventEmitter();
  const log = [];
  console.log('emit without listeners', e.emit('x', 1));
  e.on('x', function (a, b) { log.push(`first ${a} ${b} ${this === e}`); });
  e.addListener('x', (a) => log.push(`second ${a}`));
  e.prependListener('x', () => log.push('prepended'));
  e.once('x', () => log.push('once'));
  e.prependOnceListener('x', () => log.push('prepended once'));
  console.log('emit returns', e.emit('x', 1, 2));
  console.log('emit again', e.emit('x', 3));
  console.log(log.join(', '));
  console.log('on returns emitter', e.on('y', () => {}) === e, e.once('y', () => {}) === e, e.off('y', () => {}) === e);
}

// --- listeners / rawListeners / listenerCount / eventNames
{
  const e = new EventEmitter();
  const f = () => {};
  const g = () => {};
  const sym = Symbol('sym');
  e.on('a', f);
  e.once('a', g);
  e.on(sym, f);
  e.on('b', f);
  console.log('eventNames', e.eventNames().map(String).join(','));
  console.log('listeners', e.listeners('a').length, e.listeners('a')[1] === g, e.listeners('none').length);
  const raw = e.rawListeners('a');
  console.log('rawListeners', raw.length, raw[0] === f, raw[1] === g, raw[1].listener === g);
  console.log('listenerCount', e.listenerCount('a'), e.listenerCount('a', g), e.listenerCount('a', f), e.listenerCount('a', () => {}), e.listenerCount('zzz'));
  console.log('static listenerCount', EventEmitter.listenerCount(e, 'a'), EventEmitter.listenerCount(e, sym));
  raw[1]('via raw');
  console.log('after raw once call', e.listenerCount('a'));
  e.removeAllListeners('a');
  console.log('after removeAll(a)', e.eventNames().map(String).join(','));
  e.removeAllListeners();
  console.log('after removeAll()', e.eventNames().length, e.listenerCount('b'));
}

// --- the _events shape libraries rely on
{
  const e = new EventEmitter();
  const f = () => {};
  console.log('_events', typeof e._events, Object.getPrototypeOf(e._events), e._eventsCount, e._maxListeners);
  e.on('a', f);
  console.log('_events single', e._events.a === f, e._eventsCount);
  e.on('a', f);
  console.log('_events array', Array.isArray(e._events.a), e._events.a.length, e._eventsCount);
  console.log('own keys', Object.keys(e).join(','));
}

// --- newListener / removeListener events
{
  const e = new EventEmitter();
  const log = [];
  const f = function f() {};
  const g = function g() {};
  e.on('newListener', (type, listener) => log.push(`new ${String(type)} ${listener.name}`));
  e.on('removeListener', (type, listener) => log.push(`removed ${String(type)} ${listener.name}`));
  e.on('a', f);
  e.once('a', g);
  e.removeListener('a', g);
  e.once('b', g);
  e.emit('b');
  e.on('c', f);
  e.once('c', g);
  e.emit('c'); // the once wrapper removes itself from an array of listeners
  e.removeAllListeners('a');
  e.removeAllListeners();
  console.log(log.join('\n'));
  console.log('count after', e.eventNames().length);
}

// --- removing while emitting does not affect the current emit
{
  const e = new EventEmitter();
  const log = [];
  const b = () => log.push('b');
  e.on('x', () => { log.push('a'); e.removeListener('x', b); e.on('x', () => log.push('late')); });
  e.on('x', b);
  e.emit('x');
  log.push('|');
  e.emit('x');
  console.log('mutation during emit', log.join(' '));
}

// --- removeListener removes the last added matching instance
{
  const e = new EventEmitter();
  const log = [];
  const f = () => log.push('f');
  e.on('x', f);
  e.on('x', () => log.push('g'));
  e.on('x', f);
  e.removeListener('x', f);
  e.emit('x');
  console.log('remove last instance', log.join(' '));
  e.off('x', () => {});
  console.log('remove unknown listener keeps count', e.listenerCount('x'));
}

// --- errors
{
  const e = new EventEmitter();
  for (const value of [new TypeError('typed'), undefined, 'boom', 42, null, { a: 1, b: 'x' }, [1, 'two'], 10n, Symbol('s'), true]) {
    try {
      e.emit('error', value);
      console.log('error not thrown');
    } catch (err) {
      console.log(`emit error ${typeof value}: ${describeError(err)} context=${err.context === value}`);
    }
  }
  try {
    e.emit('error');
  } catch (err) {
    console.log(`emit error no args: ${describeError(err)}`);
  }
  const log = [];
  e.on(EventEmitter.errorMonitor, (err) => log.push(`monitor ${err.message}`));
  try {
    e.emit('error', new Error('watched'));
  } catch (err) {
    log.push(`thrown ${err.message}`);
  }
  e.on('error', (err) => log.push(`handled ${err.message}`));
  console.log('emit error handled returns', e.emit('error', new Error('second')));
  console.log(log.join(', '));
}

// --- argument validation
{
  const e = new EventEmitter();
  const values = [undefined, null, 1, -0, 1.5, 'abc', 'x'.repeat(40), true, 5n, Symbol('q'), {}, [], new Map(), Object.create(null), new (class Widget {})()];
  for (const v of values) attempt(`on(${typeof v})`, () => e.on('x', v));
  attempt('once(number)', () => e.once('x', 1));
  attempt('prependListener(string)', () => e.prependListener('x', 's'));
  attempt('removeListener(number)', () => e.removeListener('x', 1));
  attempt('setMaxListeners(-1)', () => e.setMaxListeners(-1));
  attempt('setMaxListeners(NaN)', () => e.setMaxListeners(NaN));
  attempt('setMaxListeners("1")', () => e.setMaxListeners('1'));
  attempt('setMaxListeners(-2**40)', () => e.setMaxListeners(-(2 ** 40)));
  attempt('setMaxListeners(Infinity)', () => e.setMaxListeners(Infinity).getMaxListeners());
  attempt('defaultMaxListeners = -1', () => { EventEmitter.defaultMaxListeners = -1; });
  attempt('defaultMaxListeners = "x"', () => { EventEmitter.defaultMaxListeners = 'x'; });
  attempt('new EventEmitter({captureRejections: 1})', () => new EventEmitter({ captureRejections: 1 }) && 1);
  attempt('captureRejections = "yes"', () => { EventEmitter.captureRejections = 'yes'; });
  attempt('static setMaxListeners({})', () => EventEmitter.setMaxListeners(1, {}));
  attempt('getEventListeners({})', () => EventEmitter.getEventListeners({}, 'x'));
  attempt('getMaxListeners(5)', () => EventEmitter.getMaxListeners(5));
}

// --- max listeners and the warning (once per event name)
{
  const e = new EventEmitter();
  console.log('getMaxListeners', e.getMaxListeners());
  for (let i = 0; i < 12; i++) e.on('leak', () => {});
  flushWarnings('11+ listeners');
  e.removeAllListeners('leak');
  for (let i = 0; i < 11; i++) e.on('leak', () => {});
  flushWarnings('again after removeAll');
  const s = Symbol('symbolic');
  for (let i = 0; i < 11; i++) e.prependListener(s, () => {});
  flushWarnings('symbol name');
  e.setMaxListeners(0);
  for (let i = 0; i < 20; i++) e.on('unlimited', () => {});
  flushWarnings('max 0');
  e.setMaxListeners(2);
  e.on('two', () => {}).on('two', () => {});
  flushWarnings('exactly max');
  e.on('two', () => {});
  flushWarnings('max 2');
  class Custom extends EventEmitter {}
  const c = new Custom();
  for (let i = 0; i < 11; i++) c.once('x', () => {});
  flushWarnings('subclass');
  EventEmitter.defaultMaxListeners = 1;
  const d = new EventEmitter();
  console.log('default 1 ->', d.getMaxListeners(), e.getMaxListeners());
  d.on('x', () => {}).on('x', () => {});
  flushWarnings('default 1');
  EventEmitter.setMaxListeners(3);
  console.log('static setMaxListeners(3) ->', EventEmitter.defaultMaxListeners, d.getMaxListeners());
  EventEmitter.defaultMaxListeners = 10;
  EventEmitter.setMaxListeners(5, d);
  console.log('static setMaxListeners(5, d) ->', d.getMaxListeners(), EventEmitter.getMaxListeners(d));
}

// --- old-style inheritance
{
  function Legacy() {
    EventEmitter.call(this);
    this.name = 'legacy';
  }
  Object.setPrototypeOf(Legacy.prototype, EventEmitter.prototype);
  Object.setPrototypeOf(Legacy, EventEmitter);
  const l = new Legacy();
  let got = null;
  l.on('ping', function (v) { got = `${this.name} ${v}`; });
  l.emit('ping', 7);
  console.log('legacy inheritance', got, l instanceof EventEmitter);
  const bare = Object.create(EventEmitter.prototype);
  bare.on('x', () => {});
  console.log('emitter without constructor call', bare.emit('x'), bare.listenerCount('x'));
  class Modern extends EventEmitter {
    constructor() {
      super({ captureRejections: false });
    }
  }
  console.log('subclass', new Modern().emit('nothing'), new Modern() instanceof EventEmitter);
}

// --- getEventListeners / static helpers on EventTarget
{
  const target = new EventTarget();
  const f = () => {};
  target.addEventListener('foo', f);
  target.addEventListener('foo', { handleEvent() {} });
  console.log('getEventListeners(target)', EventEmitter.getEventListeners(target, 'foo').length,
    EventEmitter.getEventListeners(target, 'foo')[0] === f, EventEmitter.getEventListeners(target, 'bar').length);
  console.log('getMaxListeners(target)', EventEmitter.getMaxListeners(target));
  EventEmitter.setMaxListeners(1, target);
  console.log('after setMaxListeners(1, target)', EventEmitter.getMaxListeners(target));
  target.addEventListener('foo', () => {});
  flushWarnings('event target');
}

// --- captureRejections
(async () => {
  const e = new EventEmitter({ captureRejections: true });
  e.on('job', async (n) => {
    throw new Error(`failed ${n}`);
  });
  const caught = new Promise((resolve) => e.on('error', (err) => resolve(err.message)));
  e.emit('job', 1);
  console.log('captureRejections error:', await caught);

  const r = new EventEmitter({ captureRejections: true });
  r[Symbol.for('nodejs.rejection')] = (err, type, ...args) => {
    console.log('rejection hook:', err.message, type, args.join(','));
  };
  r.on('task', async () => {
    throw new Error('hooked');
  });
  r.emit('task', 'a', 'b');
  await new Promise((resolve) => setTimeout(resolve, 10));
  console.log('done');
})();
