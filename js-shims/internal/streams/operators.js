'use strict';
// The iterator helpers on Readable.prototype: map, filter, flatMap, drop, take (returning new
// object-mode Readables) and forEach, toArray, some, every, find, reduce (returning promises).
// `concurrency` runs that many `fn` calls ahead while keeping the output in input order.

const errors = require('internal/streams/errors');
const { internals } = require('internal/event_target');
const { nop } = require('internal/streams/utils');

const kSkip = Symbol('kSkip'); // what a mapper returns to drop the value

function validateFn(fn, name = 'fn') {
  if (typeof fn !== 'function') {
    throw errors.invalidArgType(name, 'of type function or an instance of AsyncFunction', fn);
  }
}

function validateOptions(options) {
  if (options != null) internals.validateObject(options, 'options');
  if (options?.signal != null) internals.validateAbortSignal(options.signal, 'options.signal');
}

function validateInteger(value, name, min) {
  if (typeof value !== 'number') throw errors.invalidArgType(name, 'of type number', value);
  if (!Number.isInteger(value)) throw errors.outOfRange(name, 'an integer', value);
  if (value < min || value > Number.MAX_SAFE_INTEGER) {
    throw errors.outOfRange(name, `>= ${min} && <= ${Number.MAX_SAFE_INTEGER}`, value);
  }
}

function throwIfAborted(signal) {
  if (signal?.aborted) throw new errors.AbortError(undefined, { cause: signal.reason });
}

function concurrencyOf(options) {
  const concurrency = options?.concurrency != null ? Math.floor(options.concurrency) : 1;
  validateInteger(concurrency, 'options.concurrency', 1);
  return concurrency;
}

function callAsync(fn, value, fnOptions) {
  try {
    return Promise.resolve(fn(value, fnOptions));
  } catch (err) {
    return Promise.reject(err);
  }
}

// Calls fn on each value with up to `concurrency` calls in flight; yields results in order.
async function* mapValues(stream, fn, concurrency, outerSignal) {
  const controller = new AbortController();
  const fnOptions = { signal: controller.signal };
  const onOuterAbort = () => controller.abort(outerSignal.reason);
  outerSignal?.addEventListener('abort', onOuterAbort, { once: true });
  const inFlight = [];
  try {
    for await (const value of stream) {
      throwIfAborted(outerSignal);
      const result = callAsync(fn, value, fnOptions);
      result.catch(nop); // awaited below, in order; not an unhandled rejection meanwhile
      inFlight.push(result);
      if (inFlight.length >= concurrency) {
        const next = await inFlight.shift();
        if (next !== kSkip) yield next;
      }
    }
    while (inFlight.length > 0) {
      const next = await inFlight.shift();
      if (next !== kSkip) yield next;
    }
    throwIfAborted(outerSignal);
  } finally {
    controller.abort();
    outerSignal?.removeEventListener('abort', onOuterAbort);
  }
}

function map(fn, options) {
  validateFn(fn);
  validateOptions(options);
  return mapValues(this, fn, concurrencyOf(options), options?.signal);
}

function filter(fn, options) {
  validateFn(fn);
  validateOptions(options);
  const keep = async (value, fnOptions) => ((await fn(value, fnOptions)) ? value : kSkip);
  return mapValues(this, keep, concurrencyOf(options), options?.signal);
}

function flatMap(fn, options) {
  validateFn(fn);
  validateOptions(options);
  const values = mapValues(this, fn, concurrencyOf(options), options?.signal);
  return (async function* flatten() {
    for await (const value of values) yield* value;
  })();
}

function toCount(number) {
  number = Number(number);
  if (Number.isNaN(number)) return 0;
  if (number < 0) throw errors.outOfRange('number', '>= 0', number);
  return number;
}

function drop(number, options) {
  validateOptions(options);
  number = toCount(number);
  const stream = this;
  return (async function* dropped() {
    throwIfAborted(options?.signal);
    for await (const value of stream) {
      throwIfAborted(options?.signal);
      if (number-- <= 0) yield value;
    }
  })();
}

function take(number, options) {
  validateOptions(options);
  number = toCount(number);
  const stream = this;
  return (async function* taken() {
    throwIfAborted(options?.signal);
    if (number <= 0) return;
    for await (const value of stream) {
      throwIfAborted(options?.signal);
      yield value;
      if (--number <= 0) return;
    }
  })();
}

async function forEach(fn, options) {
  validateFn(fn);
  validateOptions(options);
  const each = async (value, fnOptions) => {
    await fn(value, fnOptions);
    return kSkip;
  };
  // eslint-disable-next-line no-unused-vars
  for await (const unused of mapValues(this, each, concurrencyOf(options), options?.signal));
}

async function toArray(options) {
  validateOptions(options);
  const result = [];
  for await (const value of this) {
    throwIfAborted(options?.signal);
    result.push(value);
  }
  return result;
}

// The first value whose predicate holds, or undefined; the stream is destroyed once found.
async function findEntry(stream, fn, options) {
  validateFn(fn);
  validateOptions(options);
  const test = async (value, fnOptions) => ((await fn(value, fnOptions)) ? { value } : kSkip);
  for await (const found of mapValues(stream, test, concurrencyOf(options), options?.signal)) return found;
  return undefined;
}

async function some(fn, options) {
  return (await findEntry(this, fn, options)) !== undefined;
}

async function every(fn, options) {
  validateFn(fn);
  const failed = await findEntry(this, async (...args) => !(await fn(...args)), options);
  return failed === undefined;
}

async function find(fn, options) {
  return (await findEntry(this, fn, options))?.value;
}

async function reduce(reducer, initialValue, options) {
  validateFn(reducer, 'reducer');
  validateOptions(options);
  let hasInitialValue = arguments.length > 1;
  let accumulator = initialValue;
  const signal = options?.signal;
  throwIfAborted(signal);
  const controller = new AbortController();
  for await (const value of this) {
    throwIfAborted(signal);
    if (!hasInitialValue) {
      accumulator = value;
      hasInitialValue = true;
    } else {
      accumulator = await reducer(accumulator, value, { signal: controller.signal });
    }
  }
  if (!hasInitialValue) {
    throw internals.nodeError(TypeError, 'ERR_MISSING_ARGS', 'Reduce of an empty stream requires an initial value');
  }
  return accumulator;
}

// Stream-returning helpers wrap their async generator in a new Readable.
function install(Readable) {
  const streamReturning = { drop, filter, flatMap, map, take };
  for (const [name, op] of Object.entries(streamReturning)) {
    Object.defineProperty(Readable.prototype, name, {
      value: { [name](...args) { return Readable.from(Reflect.apply(op, this, args)); } }[name],
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
  const promiseReturning = { every, forEach, reduce, toArray, some, find };
  for (const [name, op] of Object.entries(promiseReturning)) {
    Object.defineProperty(Readable.prototype, name, {
      value: { [name](...args) { return Reflect.apply(op, this, args); } }[name],
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
}

module.exports = { install };
