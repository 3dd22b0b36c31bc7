// Event, CustomEvent and EventTarget (addEventListener options, dispatch rules, errors).
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

const warnings = [];
process.emitWarning = (w) => warnings.push(`${w.name}: ${w.message}`);
function flushWarnings(label) {
  console.log(`${label} warnings: ${warnings.length}`);
  for (const w of warnings.splice(0)) console.log(`  ${w}`);
}

// --- Event
{
  const e = new Event('hello');
  console.log('defaults', JSON.stringify([e.type, e.bubbles, e.cancelable, e.composed, e.defaultPrevented, e.eventPhase,
    e.target, e.currentTarget, e.srcElement, e.returnValue, e.cancelBubble, e.isTrusted, e.composedPath()]));
  console.log('timeStamp', typeof e.timeStamp, e.timeStamp >= 0);
  console.log('tag', Object.prototype.toString.call(e), e instanceof Event);
  console.log('phases', Event.NONE, Event.CAPTURING_PHASE, Event.AT_TARGET, Event.BUBBLING_PHASE);
  const c = new Event('x', { bubbles: 1, cancelable: 'yes', composed: true });
  console.log('options', c.bubbles, c.cancelable, c.composed);
  c.preventDefault();
  console.log('preventDefault cancelable', c.defaultPrevented, c.returnValue);
  const nc = new Event('x');
  nc.preventDefault();
  console.log('preventDefault not cancelable', nc.defaultPrevented, nc.returnValue);
  nc.cancelBubble = true;
  console.log('cancelBubble', nc.cancelBubble);
  const typed = new Event(42);
  console.log('type is stringified', typeof typed.type, typed.type, new Event(null).type, new Event(undefined).type);
  const init = new Event('a');
  init.initEvent('b', true, true);
  console.log('initEvent', init.type, init.bubbles, init.cancelable);
  attempt('new Event()', () => new Event());
  attempt('new Event(t, 5)', () => new Event('t', 5));
  attempt('new Event(t, null)', () => new Event('t', null).type);
  attempt('type on prototype', () => Event.prototype.type);
  attempt('Event.prototype.preventDefault.call({})', () => Event.prototype.preventDefault.call({}));
}

// --- CustomEvent
{
  const ce = new CustomEvent('custom', { detail: { n: 1 }, cancelable: true });
  console.log('CustomEvent', ce.type, JSON.stringify(ce.detail), ce.cancelable, ce instanceof Event, Object.prototype.toString.call(ce));
  console.log('default detail', new CustomEvent('x').detail, new CustomEvent('x', { detail: 0 }).detail);
  attempt('new CustomEvent()', () => new CustomEvent());
}

// --- dispatch basics
{
  const target = new EventTarget();
  const log = [];
  function first(event) {
    log.push(`first this=${this === target} phase=${event.eventPhase} current=${event.currentTarget === target} path=${event.composedPath().length}`);
  }
  target.addEventListener('go', first);
  target.addEventListener('go', first); // duplicate: ignored
  target.addEventListener('go', first, true); // capture flag makes it distinct
  target.addEventListener('go', (event) => log.push(`second target=${event.target === target} src=${event.srcElement === target}`));
  const handler = { handleEvent(event) { log.push(`handleEvent this=${this === handler} type=${event.type}`); } };
  target.addEventListener('go', handler);
  target.addEventListener('go', {}); // object without handleEvent: silently does nothing
  target.addEventListener('go', () => log.push('once'), { once: true });
  const event = new Event('go');
  console.log('dispatch returns', target.dispatchEvent(event));
  console.log(log.join('\n'));
  console.log('after dispatch', event.eventPhase, event.currentTarget, event.target === target);
  log.length = 0;
  target.dispatchEvent(new Event('go'));
  console.log('second dispatch', log.length, log.some((l) => l === 'once'));
  console.log('no listeners', target.dispatchEvent(new Event('nothing')));
  console.log('tag', Object.prototype.toString.call(target));
}

// --- removeEventListener (Node 20 matches capture only from an options object)
{
  const target = new EventTarget();
  const log = [];
  const f = () => log.push('f');
  target.addEventListener('a', f, true);
  target.removeEventListener('a', f, true);
  target.dispatchEvent(new Event('a'));
  target.removeEventListener('a', f, { capture: true });
  target.dispatchEvent(new Event('a'));
  target.addEventListener('b', f);
  target.removeEventListener('b', f, { capture: true });
  target.dispatchEvent(new Event('b'));
  target.removeEventListener('b', f);
  target.dispatchEvent(new Event('b'));
  console.log('remove capture semantics', log.length);
}

// --- listeners added or removed during dispatch
{
  const target = new EventTarget();
  const log = [];
  const late = () => log.push('removed before its turn');
  target.addEventListener('x', () => {
    log.push('one');
    target.removeEventListener('x', late);
    target.addEventListener('x', () => log.push('added during dispatch'));
  });
  target.addEventListener('x', late);
  target.dispatchEvent(new Event('x'));
  console.log('mutation during dispatch', log.join(', '));
}

// --- stopImmediatePropagation / stopPropagation / preventDefault
{
  const target = new EventTarget();
  const log = [];
  target.addEventListener('s', (e) => { log.push('a'); e.stopPropagation(); });
  target.addEventListener('s', (e) => { log.push('b'); e.stopImmediatePropagation(); });
  target.addEventListener('s', () => log.push('c'));
  const e = new Event('s', { cancelable: true });
  target.dispatchEvent(e);
  console.log('stop', log.join(''), e.cancelBubble);
  log.length = 0;
  console.log('redispatch stopped event', target.dispatchEvent(e), log.length);

  const t2 = new EventTarget();
  t2.addEventListener('p', (ev) => ev.preventDefault(), { passive: true });
  const cancelable = new Event('p', { cancelable: true });
  console.log('passive preventDefault', t2.dispatchEvent(cancelable), cancelable.defaultPrevented);
  console.log('not cancelable', t2.dispatchEvent(new Event('p')));
}

// --- recursion check and Node's "being dispatched" flag (cleared after the first listener returns)
{
  const target = new EventTarget();
  const log = [];
  target.addEventListener('r', (e) => {
    log.push(`first phase=${e.eventPhase}`);
    try {
      target.dispatchEvent(e);
    } catch (err) {
      log.push(describeError(err));
    }
  });
  target.addEventListener('r', (e) => log.push(`second phase=${e.eventPhase} current=${e.currentTarget}`));
  target.dispatchEvent(new Event('r'));
  console.log(log.join('\n'));
}

// --- signal option
{
  const target = new EventTarget();
  const ac = new AbortController();
  const log = [];
  target.addEventListener('z', () => log.push('with signal'), { signal: ac.signal });
  target.dispatchEvent(new Event('z'));
  ac.abort();
  target.dispatchEvent(new Event('z'));
  target.addEventListener('z', () => log.push('added with aborted signal'), { signal: ac.signal });
  target.dispatchEvent(new Event('z'));
  console.log('signal option', log.join(', '));
}

// --- argument errors and warnings
{
  const target = new EventTarget();
  attempt('addEventListener()', () => target.addEventListener());
  attempt('addEventListener(type)', () => target.addEventListener('x'));
  attempt('addEventListener(type, 5)', () => target.addEventListener('x', 5));
  attempt('addEventListener(type, "s")', () => target.addEventListener('x', 's'));
  attempt('addEventListener bad options', () => target.addEventListener('x', () => {}, 5));
  attempt('addEventListener bad signal', () => target.addEventListener('x', () => {}, { signal: {} }));
  attempt('addEventListener symbol type', () => target.addEventListener(Symbol('s'), () => {}));
  attempt('removeEventListener(type)', () => target.removeEventListener('x'));
  attempt('removeEventListener(type, 5)', () => target.removeEventListener('x', 5));
  attempt('dispatchEvent()', () => target.dispatchEvent());
  attempt('dispatchEvent("x")', () => target.dispatchEvent('x'));
  attempt('dispatchEvent({type})', () => target.dispatchEvent({ type: 'x' }));
  attempt('addEventListener on wrong this', () => EventTarget.prototype.addEventListener.call({}, 'x', () => {}));
  target.addEventListener('x', null);
  target.addEventListener('x', undefined);
  flushWarnings('null listener');
  for (let i = 0; i < 11; i++) target.addEventListener('many', () => {});
  for (let i = 0; i < 11; i++) target.addEventListener('more', () => {});
  flushWarnings('11 listeners');
  const signal = new AbortController().signal;
  for (let i = 0; i < 11; i++) signal.addEventListener('abort', () => {});
  flushWarnings('11 abort listeners');
  class Custom extends EventTarget {}
  const custom = new Custom();
  for (let i = 0; i < 11; i++) custom.addEventListener('c', () => {});
  flushWarnings('subclass');
}

// --- listener errors are reported asynchronously and do not stop the dispatch
{
  const target = new EventTarget();
  const log = [];
  target.addEventListener('e', (e) => { log.push(`thrower phase=${e.eventPhase}`); throw new Error('listener failed'); });
  target.addEventListener('e', (e) => log.push(`next still runs phase=${e.eventPhase}`));
  process.once('uncaughtException', (err) => console.log('reported:', err.message));
  target.dispatchEvent(new Event('e'));
  console.log(log.join(', '));
}
