'use strict';
// Node 20's `timers/promises`: promise forms of setTimeout/setImmediate, an async iterator
// over setInterval, and `scheduler.wait/yield`, over the run's own timers (js-shims/timers.js).
// An abort signal rejects with Node's AbortError (code ABORT_ERR, the signal's reason as
// `cause`); `ref: false` lets the run end while the timer is pending.

const timers = require('timers');
const { invalidArgType, codedError } = require('internal/errors');
const {
  internals: { AbortError, kResistStopPropagation },
} = require('internal/event_target');

function abortError(signal) {
  return new AbortError(undefined, { cause: signal?.reason });
}

// Throws Node's validation error for bad options; returns them with defaults.
function checkOptions(options) {
  if (options === null || typeof options !== 'object') {
    throw invalidArgType('options', 'of type object', options);
  }
  const { signal, ref = true } = options;
  if (signal !== undefined &&
      (signal === null || typeof signal !== 'object' || !('aborted' in signal))) {
    throw invalidArgType('options.signal', 'an instance of AbortSignal', signal);
  }
  if (typeof ref !== 'boolean') throw invalidArgType('options.ref', 'of type boolean', ref);
  return { signal, ref };
}

function checkDelay(delay) {
  if (delay !== undefined && typeof delay !== 'number') {
    throw invalidArgType('delay', 'of type number', delay);
  }
}

// `start(resolve)` arms a timer and returns a function that disarms it.
function abortable(signal, start) {
  if (signal?.aborted) return Promise.reject(abortError(signal));
  let onAbort;
  const promise = new Promise((resolve, reject) => {
    const cancel = start(resolve);
    if (signal) {
      onAbort = () => {
        cancel();
        reject(abortError(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true, [kResistStopPropagation]: true });
    }
  });
  if (!signal) return promise;
  return promise.finally(() => signal.removeEventListener('abort', onAbort));
}

function setTimeout(delay, value, options = {}) {
  let checked;
  try {
    checkDelay(delay);
    checked = checkOptions(options);
  } catch (error) {
    return Promise.reject(error);
  }
  return abortable(checked.signal, (resolve) => {
    const timeout = timers.setTimeout(resolve, delay, value);
    if (!checked.ref) timeout.unref();
    return () => timers.clearTimeout(timeout);
  });
}

function setImmediate(value, options = {}) {
  let checked;
  try {
    checked = checkOptions(options);
  } catch (error) {
    return Promise.reject(error);
  }
  return abortable(checked.signal, (resolve) => {
    const immediate = timers.setImmediate(resolve, value);
    if (!checked.ref) immediate.unref();
    return () => timers.clearImmediate(immediate);
  });
}

// Ticks that fire while the consumer is busy are not lost: each is yielded once (even when
// the signal aborts meanwhile, as in Node).
async function* setInterval(delay, value, options = {}) {
  const { signal, ref } = checkOptions(options);
  if (signal?.aborted) throw abortError(signal);
  let pendingTicks = 0;
  let wake;
  const interval = timers.setInterval(() => {
    pendingTicks++;
    if (wake) wake();
  }, delay);
  if (!ref) interval.unref();
  const onAbort = () => {
    timers.clearInterval(interval);
    if (wake) wake();
  };
  signal?.addEventListener('abort', onAbort, { once: true, [kResistStopPropagation]: true });
  try {
    while (!signal?.aborted) {
      if (pendingTicks === 0) {
        await new Promise((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
      for (; pendingTicks > 0; pendingTicks--) yield value;
    }
    throw abortError(signal);
  } finally {
    timers.clearInterval(interval);
    signal?.removeEventListener('abort', onAbort);
  }
}

const kScheduler = Symbol('kScheduler');

class Scheduler {
  constructor(key) {
    if (key !== kScheduler) throw new TypeError('Illegal constructor');
    this[kScheduler] = true;
  }

  yield() {
    if (!this?.[kScheduler]) throw invalidThis();
    return setImmediate();
  }

  wait(delay, options) {
    if (!this?.[kScheduler]) throw invalidThis();
    return setTimeout(delay, undefined, options);
  }
}

function invalidThis() {
  return codedError(TypeError, 'ERR_INVALID_THIS', 'Value of "this" must be of type Scheduler');
}

module.exports = {
  setTimeout,
  setImmediate,
  setInterval,
  scheduler: new Scheduler(kScheduler),
};
