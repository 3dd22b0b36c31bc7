// Node's timers over the host's timer queue (runtime/src/ops/timers.rs): the host keeps
// ids, deadlines and ref flags and fires ids in order; the callbacks stay here.
'use strict';

const ops = require('internal/ops');

const active = new Map();
let nextId = 1;

function checkCallback(callback) {
  if (typeof callback !== 'function') {
    const error = new TypeError(
      `The "callback" argument must be of type function. Received ${describe(callback)}`);
    error.code = 'ERR_INVALID_ARG_TYPE';
    throw error;
  }
}

function describe(value) {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return 'an instance of ' + (value.constructor?.name || 'Object');
  return `type ${typeof value} (${String(value)})`;
}

function delayOf(ms) {
  const n = Number(ms);
  return n >= 1 && n <= 2147483647 ? n : 1;
}

// What Timeout and Immediate share: an id the host knows and a ref flag.
class Handle {
  constructor() {
    this._id = nextId++;
    this._refed = true;
  }

  ref() {
    this._refed = true;
    ops.timerRef(this._id, true);
    return this;
  }

  unref() {
    this._refed = false;
    ops.timerRef(this._id, false);
    return this;
  }

  hasRef() {
    return this._refed;
  }
}

class Timeout extends Handle {
  constructor(callback, ms, args, repeat) {
    super();
    this._idleTimeout = delayOf(ms);
    this._onTimeout = callback;
    this._timerArgs = args;
    this._repeat = repeat ? this._idleTimeout : null;
  }

  _schedule() {
    active.set(this._id, this);
    ops.timerStart(this._id, false, this._idleTimeout);
    if (!this._refed) ops.timerRef(this._id, false);
  }


  refresh() {
    if (active.has(this._id)) this._schedule();
    return this;
  }

  close() {
    clearTimeout(this);
    return this;
  }

  [Symbol.toPrimitive]() {
    return this._id;
  }
}

class Immediate extends Handle {
  constructor(callback, args) {
    super();
    this._onImmediate = callback;
    this._argv = args;
  }
}

function setTimeout(callback, ms, ...args) {
  checkCallback(callback);
  const timeout = new Timeout(callback, ms, args, false);
  timeout._schedule();
  return timeout;
}

function setInterval(callback, ms, ...args) {
  checkCallback(callback);
  const timeout = new Timeout(callback, ms, args, true);
  timeout._schedule();
  return timeout;
}

function setImmediate(callback, ...args) {
  checkCallback(callback);
  const immediate = new Immediate(callback, args);
  active.set(immediate._id, immediate);
  ops.timerStart(immediate._id, true, 0);
  return immediate;
}

// Node accepts the timer object or its primitive id.
function clear(timer) {
  if (timer === null || timer === undefined) return;
  const id = typeof timer === 'object' ? timer._id : Number(timer);
  if (active.delete(id)) ops.timerClear(id);
}

const clearTimeout = clear;
const clearInterval = clear;
const clearImmediate = clear;

// Called by the host's event loop when `id` is due.
function _fire(id) {
  const timer = active.get(id);
  if (timer === undefined) return;
  if (timer instanceof Immediate) {
    active.delete(id);
    timer._onImmediate.apply(timer, timer._argv);
    return;
  }
  if (timer._repeat === null) active.delete(id);
  else timer._schedule();
  timer._onTimeout.apply(timer, timer._timerArgs);
}

module.exports = {
  setTimeout, clearTimeout, setInterval, clearInterval, setImmediate, clearImmediate,
  Timeout, Immediate, _fire,
};
