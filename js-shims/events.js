'use strict';
// Node 20's `events` module: EventEmitter and its static helpers (once, on, getEventListeners, ...).
//
// EventEmitter is a plain constructor function (not a class) because old-style code inherits with
// `EventEmitter.call(this)`. Listeners live in `this._events` (a null-prototype object whose values are
// a function or an array of functions) and `this._eventsCount`, the shape libraries poke at directly.

const {
  nodeError,
  invalidArgType,
  validateNumber,
  validateAbortSignal,
  AbortError,
  emitWarning,
  quoteString,
} = require('internal/validators');

// EventTarget support loads on first use: most emitters never meet a target.
const eventTarget = () => require('internal/event_target').internals;
const isEventTarget = (value) => eventTarget().isEventTarget(value);

const kCapture = Symbol('kCapture');
const kErrorMonitor = Symbol('events.errorMonitor');
const kRejection = Symbol.for('nodejs.rejection');
const kDispose = Symbol.dispose ?? Symbol('Symbol.dispose');

const kMaxEventTargetListeners = Symbol('events.maxEventTargetListeners');
const kMaxEventTargetListenersWarned = Symbol('events.maxEventTargetListenersWarned');

let defaultMaxListeners = 10;

// ---------------------------------------------------------------------------------------------------
// A small util.inspect, enough for the "Unhandled error. (...)" message and warnings.

const identifierKey = /^[A-Za-z_$][\w$]*$/;

function inspectString(str) {
  const escaped = str.replace(/[\\\n\t\r\b\f\v]/g, (c) => ({
    '\\': '\\\\', '\n': '\\n', '\t': '\\t', '\r': '\\r', '\b': '\\b', '\f': '\\f', '\v': '\\v',
  })[c]);
  return quoteString(escaped);
}

function inspectFunction(fn) {
  const source = Function.prototype.toString.call(fn);
  if (source.startsWith('class')) return fn.name ? `[class ${fn.name}]` : '[class (anonymous)]';
  const kind = fn.constructor?.name || 'Function'; // AsyncFunction, GeneratorFunction, ...
  return fn.name ? `[${kind}: ${fn.name}]` : `[${kind} (anonymous)]`;
}

function inspectKey(key) {
  if (typeof key === 'symbol') return `[${String(key)}]`;
  return identifierKey.test(key) ? key : inspectString(key);
}

function inspectObject(value, depth, seen) {
  if (seen.includes(value)) return '[Circular *1]';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (value instanceof RegExp) return String(value);
  if (value instanceof Error) return `[${value.name}: ${value.message}]`;
  const isArray = Array.isArray(value);
  const proto = Object.getPrototypeOf(value);
  const ctorName = proto === null ? null : proto.constructor?.name;
  if (depth > 2) return isArray ? '[Array]' : `[${ctorName ?? 'Object'}]`;
  const inner = seen.concat([value]);
  const parts = isArray ? value.map((v) => inspectValue(v, depth + 1, inner)) : [];
  for (const key of Reflect.ownKeys(value)) {
    const desc = Object.getOwnPropertyDescriptor(value, key);
    if (!desc.enumerable || (isArray && (key === 'length' || /^\d+$/.test(key)))) continue;
    const shown = 'value' in desc ? inspectValue(desc.value, depth + 1, inner) : '[Getter/Setter]';
    parts.push(`${inspectKey(key)}: ${shown}`);
  }
  let prefix = '';
  if (proto === null) prefix = '[Object: null prototype] ';
  else if (!isArray && ctorName !== 'Object') prefix = `${ctorName ?? ''} `;
  const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
  return parts.length === 0 ? `${prefix}${open}${close}` : `${prefix}${open} ${parts.join(', ')} ${close}`;
}

function inspectValue(value, depth = 0, seen = []) {
  switch (typeof value) {
    case 'string':
      return inspectString(value);
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'symbol':
      return String(value);
    case 'function':
      return inspectFunction(value);
    case 'object':
      return value === null ? 'null' : inspectObject(value, depth, seen);
    default:
      return String(value);
  }
}

// util.inspect(emitter, { depth: -1 }): the constructor name in brackets.
function inspectShallow(value) {
  const proto = Object.getPrototypeOf(value);
  if (proto === null) return '[Object: null prototype]';
  return `[${proto.constructor?.name ?? 'Object'}]`;
}

// ---------------------------------------------------------------------------------------------------
// EventEmitter

function checkListener(listener) {
  if (typeof listener !== 'function') throw invalidArgType('listener', 'of type function', listener);
}

function validateBoolean(value, name) {
  if (typeof value !== 'boolean') throw invalidArgType(name, 'of type boolean', value);
}

function EventEmitter(opts) {
  EventEmitter.init.call(this, opts);
}

EventEmitter.prototype._events = undefined;
EventEmitter.prototype._eventsCount = 0;
EventEmitter.prototype._maxListeners = undefined;
EventEmitter.prototype[kCapture] = false;

EventEmitter.init = function init(opts) {
  if (this._events === undefined || this._events === Object.getPrototypeOf(this)._events) {
    this._events = { __proto__: null };
    this._eventsCount = 0;
  }
  this._maxListeners = this._maxListeners || undefined;
  if (opts?.captureRejections) {
    validateBoolean(opts.captureRejections, 'options.captureRejections');
    this[kCapture] = Boolean(opts.captureRejections);
  } else {
    // Snapshot of the global default, so flipping EventEmitter.captureRejections later has no effect here.
    this[kCapture] = EventEmitter.prototype[kCapture];
  }
};

function maxListenersOf(emitter) {
  return emitter._maxListeners === undefined ? defaultMaxListeners : emitter._maxListeners;
}

EventEmitter.prototype.setMaxListeners = function setMaxListeners(n) {
  validateNumber(n, 'setMaxListeners', 0);
  this._maxListeners = n;
  return this;
};

EventEmitter.prototype.getMaxListeners = function getMaxListeners() {
  return maxListenersOf(this);
};

function warnTooManyListeners(emitter, type, list) {
  const max = maxListenersOf(emitter);
  if (!(max > 0) || list.length <= max || list.warned) return;
  list.warned = true; // once per event name, until the list is emptied
  const warning = new Error(
    `Possible EventEmitter memory leak detected. ${list.length} ${String(type)} listeners ` +
    `added to ${inspectShallow(emitter)}. MaxListeners is ${max}. Use emitter.setMaxListeners() to increase limit`);
  Object.assign(warning, { name: 'MaxListenersExceededWarning', emitter, type, count: list.length });
  emitWarning(warning);
}

function insertListener(emitter, type, listener, prepend) {
  checkListener(listener);
  let events = emitter._events;
  if (events === undefined) {
    events = emitter._events = { __proto__: null };
    emitter._eventsCount = 0;
  } else if (events.newListener !== undefined) {
    // Emitted before adding, with the user's function rather than a once() wrapper.
    emitter.emit('newListener', type, listener.listener ?? listener);
    events = emitter._events; // a 'newListener' handler may have reset it
  }
  const existing = events[type];
  if (existing === undefined) {
    events[type] = listener;
    emitter._eventsCount++;
  } else {
    let list = existing;
    if (typeof existing === 'function') list = events[type] = prepend ? [listener, existing] : [existing, listener];
    else if (prepend) list.unshift(listener);
    else list.push(listener);
    warnTooManyListeners(emitter, type, list);
  }
  return emitter;
}

EventEmitter.prototype.addListener = function addListener(type, listener) {
  return insertListener(this, type, listener, false);
};
EventEmitter.prototype.on = EventEmitter.prototype.addListener;

EventEmitter.prototype.prependListener = function prependListener(type, listener) {
  return insertListener(this, type, listener, true);
};

// The wrapper removes itself before calling; `.listener` lets removeListener/listeners() see through it.
function onceWrapper(target, type, listener) {
  let fired = false;
  function wrapper(...args) {
    if (fired) return undefined;
    target.removeListener(type, wrapper);
    fired = true;
    return listener.apply(target, args);
  }
  wrapper.listener = listener;
  Object.defineProperty(wrapper, 'name', { value: 'bound onceWrapper' }); // the name Node's wrapper has
  return wrapper;
}

EventEmitter.prototype.once = function once(type, listener) {
  checkListener(listener);
  this.on(type, onceWrapper(this, type, listener));
  return this;
};

EventEmitter.prototype.prependOnceListener = function prependOnceListener(type, listener) {
  checkListener(listener);
  this.prependListener(type, onceWrapper(this, type, listener));
  return this;
};

EventEmitter.prototype.removeListener = function removeListener(type, listener) {
  checkListener(listener);
  const events = this._events;
  const list = events?.[type];
  if (list === undefined) return this;
  if (list === listener || list.listener === listener) {
    this._eventsCount--;
    if (this._eventsCount === 0) {
      this._events = { __proto__: null };
    } else {
      delete events[type];
      if (events.removeListener) this.emit('removeListener', type, list.listener || listener);
    }
  } else if (typeof list !== 'function') {
    const position = list.findLastIndex((fn) => fn === listener || fn.listener === listener);
    if (position < 0) return this;
    list.splice(position, 1);
    if (list.length === 1) events[type] = list[0];
    // Node passes the argument here (for a once() wrapper removing itself, the wrapper).
    if (events.removeListener !== undefined) this.emit('removeListener', type, listener);
  }
  return this;
};
EventEmitter.prototype.off = EventEmitter.prototype.removeListener;

EventEmitter.prototype.removeAllListeners = function removeAllListeners(type) {
  const events = this._events;
  if (events === undefined) return this;
  const all = arguments.length === 0;
  if (events.removeListener === undefined) {
    // Nobody listens for removals: just drop the lists.
    if (all) {
      this._events = { __proto__: null };
      this._eventsCount = 0;
    } else if (events[type] !== undefined) {
      if (--this._eventsCount === 0) this._events = { __proto__: null };
      else delete events[type];
    }
    return this;
  }
  if (all) {
    // 'removeListener' listeners go last so they hear about every other removal.
    for (const key of Reflect.ownKeys(events)) {
      if (key !== 'removeListener') this.removeAllListeners(key);
    }
    this.removeAllListeners('removeListener');
    this._events = { __proto__: null };
    this._eventsCount = 0;
    return this;
  }
  const listeners = events[type];
  if (typeof listeners === 'function') {
    this.removeListener(type, listeners);
  } else if (listeners !== undefined) {
    for (let i = listeners.length - 1; i >= 0; i--) this.removeListener(type, listeners[i]);
  }
  return this;
};

// ---- emit

function describeUnhandled(args) {
  const er = args[0];
  let shown;
  try {
    shown = inspectValue(er);
  } catch {
    shown = er;
  }
  const err = nodeError(Error, 'ERR_UNHANDLED_ERROR', `Unhandled error. (${shown})`);
  err.context = er;
  return err;
}

// With captureRejections, a listener's rejected promise becomes an 'error' (or the
// Symbol.for('nodejs.rejection') method) on a later tick.
function captureRejection(emitter, result, type, args) {
  if (!emitter[kCapture]) return;
  try {
    const then = result.then;
    if (typeof then !== 'function') return;
    then.call(result, undefined, (err) => {
      nextTick(() => deliverRejection(emitter, err, type, args));
    });
  } catch (err) {
    emitter.emit('error', err);
  }
}

function deliverRejection(emitter, err, type, args) {
  if (typeof emitter[kRejection] === 'function') {
    emitter[kRejection](err, type, ...args);
    return;
  }
  // Turn capture off while emitting so a rejecting 'error' handler cannot loop.
  const previous = emitter[kCapture];
  try {
    emitter[kCapture] = false;
    emitter.emit('error', err);
  } finally {
    emitter[kCapture] = previous;
  }
}

function nextTick(fn) {
  const proc = globalThis.process;
  if (proc && typeof proc.nextTick === 'function') proc.nextTick(fn);
  else queueMicrotask(fn);
}

function callHandler(emitter, handler, type, args) {
  const result = handler.apply(emitter, args);
  if (result !== undefined && result !== null) captureRejection(emitter, result, type, args);
}

EventEmitter.prototype.emit = function emit(type, ...args) {
  const events = this._events;
  if (type === 'error') {
    if (events?.[kErrorMonitor] !== undefined) this.emit(kErrorMonitor, ...args);
    if (events?.error === undefined) {
      if (args[0] instanceof Error) throw args[0];
      throw describeUnhandled(args);
    }
  }
  const handler = events?.[type];
  if (handler === undefined) return false;
  if (typeof handler === 'function') {
    callHandler(this, handler, type, args);
  } else {
    // A copy: listeners added or removed while emitting only affect the next emit.
    for (const fn of handler.slice()) callHandler(this, fn, type, args);
  }
  return true;
};

// ---- introspection

function unwrap(list) {
  return list.map((fn) => fn.listener ?? fn);
}

EventEmitter.prototype.listeners = function listeners(type) {
  const list = this._events?.[type];
  if (list === undefined) return [];
  return typeof list === 'function' ? [list.listener ?? list] : unwrap(list);
};

EventEmitter.prototype.rawListeners = function rawListeners(type) {
  const list = this._events?.[type];
  if (list === undefined) return [];
  return typeof list === 'function' ? [list] : list.slice();
};

function listenerCount(type, listener) {
  const list = this._events?.[type];
  if (list === undefined) return 0;
  const all = typeof list === 'function' ? [list] : list;
  if (listener === undefined || listener === null) return all.length;
  return all.filter((fn) => fn === listener || fn.listener === listener).length;
}

EventEmitter.prototype.listenerCount = listenerCount;

EventEmitter.prototype.eventNames = function eventNames() {
  return this._eventsCount > 0 ? Reflect.ownKeys(this._events) : [];
};

EventEmitter.listenerCount = function (emitter, type) {
  if (typeof emitter.listenerCount === 'function') return emitter.listenerCount(type);
  return listenerCount.call(emitter, type);
};

// ---------------------------------------------------------------------------------------------------
// Static configuration

Object.defineProperty(EventEmitter, 'defaultMaxListeners', {
  enumerable: true,
  get() {
    return defaultMaxListeners;
  },
  set(value) {
    validateNumber(value, 'defaultMaxListeners', 0);
    defaultMaxListeners = value;
  },
});

Object.defineProperty(EventEmitter, 'captureRejections', {
  enumerable: true,
  get() {
    return EventEmitter.prototype[kCapture];
  },
  set(value) {
    validateBoolean(value, 'EventEmitter.captureRejections');
    EventEmitter.prototype[kCapture] = value;
  },
});

EventEmitter.errorMonitor = kErrorMonitor;
EventEmitter.captureRejectionSymbol = kRejection;
EventEmitter.usingDomains = false;
EventEmitter.kMaxEventTargetListeners = kMaxEventTargetListeners;
EventEmitter.kMaxEventTargetListenersWarned = kMaxEventTargetListenersWarned;

function invalidEmitter(value) {
  return invalidArgType('emitter', 'an instance of EventEmitter or EventTarget', value);
}

// events.setMaxListeners(n, ...targets): the default when no target is given.
EventEmitter.setMaxListeners = function setMaxListeners(n = defaultMaxListeners, ...targets) {
  validateNumber(n, 'setMaxListeners', 0);
  if (targets.length === 0) {
    defaultMaxListeners = n;
    return;
  }
  for (const target of targets) {
    if (isEventTarget(target)) {
      target[kMaxEventTargetListeners] = n;
      target[kMaxEventTargetListenersWarned] = false;
    } else if (typeof target?.setMaxListeners === 'function') {
      target.setMaxListeners(n);
    } else {
      throw invalidArgType('eventTargets', 'an instance of EventEmitter or EventTarget', target);
    }
  }
};

EventEmitter.getMaxListeners = function getMaxListeners(emitterOrTarget) {
  if (typeof emitterOrTarget?.getMaxListeners === 'function') return maxListenersOf(emitterOrTarget);
  if (isEventTarget(emitterOrTarget)) return emitterOrTarget[kMaxEventTargetListeners];
  throw invalidEmitter(emitterOrTarget);
};

EventEmitter.getEventListeners = function getEventListeners(emitterOrTarget, type) {
  if (typeof emitterOrTarget?.listeners === 'function') return emitterOrTarget.listeners(type);
  if (isEventTarget(emitterOrTarget)) return eventTarget().eventTargetListeners(emitterOrTarget, type);
  throw invalidEmitter(emitterOrTarget);
};

// ---------------------------------------------------------------------------------------------------
// Promise and async-iterator helpers; they accept EventEmitters and EventTargets alike.

function listen(emitter, name, listener, { once = false } = {}) {
  if (typeof emitter.on === 'function') {
    if (once) emitter.once(name, listener);
    else emitter.on(name, listener);
  } else if (typeof emitter.addEventListener === 'function') {
    emitter.addEventListener(name, listener, { once, [eventTarget().kResistStopPropagation]: true });
  } else {
    throw invalidArgType('emitter', 'an instance of EventEmitter', emitter);
  }
}

function unlisten(emitter, name, listener) {
  if (typeof emitter.removeListener === 'function') emitter.removeListener(name, listener);
  else if (typeof emitter.removeEventListener === 'function') emitter.removeEventListener(name, listener);
  else throw invalidArgType('emitter', 'an instance of EventEmitter', emitter);
}

function abortedError(signal) {
  return new AbortError(undefined, { cause: signal?.reason });
}

// Validation errors reject rather than throw: this is an async function in Node too.
EventEmitter.once = async function once(emitter, name, options = {}) {
  const signal = options?.signal; // Node 20 does not type-check `options` here
  validateAbortSignal(signal, 'options.signal');
  if (signal?.aborted) throw abortedError(signal);
  return new Promise((resolve, reject) => {
    const cleanupSignal = () => {
      if (signal != null) unlisten(signal, 'abort', onAbort);
    };
    const onError = (err) => {
      unlisten(emitter, name, onEvent);
      cleanupSignal();
      reject(err);
    };
    const onEvent = (...args) => {
      if (typeof emitter.removeListener === 'function') emitter.removeListener('error', onError);
      cleanupSignal();
      resolve(args);
    };
    const onAbort = () => {
      unlisten(emitter, name, onEvent);
      unlisten(emitter, 'error', onError);
      reject(abortedError(signal));
    };
    listen(emitter, name, onEvent, { once: true });
    // Only EventEmitters have 'error' semantics.
    if (name !== 'error' && typeof emitter.once === 'function') emitter.once('error', onError);
    if (signal != null) listen(signal, 'abort', onAbort, { once: true });
  });
};

// %AsyncIteratorPrototype%, reached through an async generator's prototype chain.
const AsyncIteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf(async function* () {}).prototype);

function validateWatermark(value, name) {
  if (typeof value !== 'number') throw invalidArgType(name, 'of type number', value);
  if (!Number.isInteger(value)) {
    throw nodeError(RangeError, 'ERR_OUT_OF_RANGE',
      `The value of "${name}" is out of range. It must be an integer. Received ${value}`);
  }
  if (value < 1) {
    throw nodeError(RangeError, 'ERR_OUT_OF_RANGE',
      `The value of "${name}" is out of range. It must be >= 1 && <= 9007199254740991. Received ${value}`);
  }
}

// events.on(emitter, name, { signal, close, highWaterMark, lowWaterMark }): an async iterator of the
// argument arrays of each event. Events arriving before they are asked for are queued; past the high
// watermark the emitter is paused (if it can be) until the queue drains to the low watermark.
EventEmitter.on = function on(emitter, event, options = {}) {
  const signal = options.signal; // Node 20 does not type-check `options` here
  validateAbortSignal(signal, 'options.signal');
  if (signal?.aborted) throw abortedError(signal);
  const highWatermark = options.highWaterMark ?? options.highWatermark ?? Number.MAX_SAFE_INTEGER;
  validateWatermark(highWatermark, 'options.highWaterMark');
  const lowWatermark = options.lowWaterMark ?? options.lowWatermark ?? 1;
  validateWatermark(lowWatermark, 'options.lowWaterMark');

  const queued = []; // event argument arrays nobody asked for yet
  const waiting = []; // { resolve, reject } of next() calls without an event yet
  const registered = []; // [target, name, listener] to remove when finished
  let error = null;
  let finished = false;
  let paused = false;

  const track = (target, name, listener) => {
    listen(target, name, listener);
    registered.push([target, name, listener]);
  };
  const done = () => ({ value: undefined, done: true });

  function finish() {
    for (const [target, name, listener] of registered.splice(0)) unlisten(target, name, listener);
    finished = true;
    for (const pending of waiting.splice(0)) pending.resolve(done());
    return Promise.resolve(done());
  }

  function fail(err) {
    if (waiting.length > 0) waiting.shift().reject(err);
    else error = err;
    finish();
  }

  function push(args) {
    if (waiting.length > 0) {
      waiting.shift().resolve({ value: args, done: false });
      return;
    }
    queued.push(args);
    if (!paused && queued.length > highWatermark && typeof emitter.pause === 'function') {
      paused = true;
      emitter.pause();
    }
  }

  const iterator = {
    next() {
      if (queued.length > 0) {
        const value = queued.shift();
        if (paused && queued.length < lowWatermark) {
          paused = false;
          emitter.resume();
        }
        return Promise.resolve({ value, done: false });
      }
      if (error) {
        const err = error;
        error = null;
        return Promise.reject(err);
      }
      if (finished) return finish();
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    return() {
      return finish();
    },
    throw(err) {
      if (!(err instanceof Error)) {
        throw invalidArgType('EventEmitter.AsyncIterator', 'an instance of Error', err);
      }
      fail(err);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  Object.setPrototypeOf(iterator, AsyncIteratorPrototype);

  track(emitter, event, (...args) => push(args));
  if (event !== 'error' && typeof emitter.on === 'function') track(emitter, 'error', fail);
  for (const name of options.close ?? []) track(emitter, name, finish);
  if (signal) track(signal, 'abort', () => fail(abortedError(signal)));
  return iterator;
};

// Calls `listener` once `signal` aborts (at once, on a microtask, if it already has); returns a
// disposable that unregisters it.
EventEmitter.addAbortListener = function addAbortListener(signal, listener) {
  if (signal === undefined) throw invalidArgType('signal', 'an instance of AbortSignal', signal);
  validateAbortSignal(signal, 'signal');
  if (typeof listener !== 'function') throw invalidArgType('listener', 'of type function', listener);
  let remove;
  if (signal.aborted) {
    queueMicrotask(() => listener());
  } else {
    signal.addEventListener('abort', listener, { once: true, [eventTarget().kResistStopPropagation]: true });
    remove = () => signal.removeEventListener('abort', listener);
  }
  return {
    __proto__: null,
    [kDispose]() {
      remove?.();
    },
  };
};

EventEmitter.EventEmitter = EventEmitter;

module.exports = EventEmitter;
