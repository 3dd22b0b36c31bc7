'use strict';
// Node 20's deprecated `domain` module, minimal: a Domain is an EventEmitter that tracks its
// members and runs callbacks "inside" itself (`domain.active`, `process.domain`).
//
// Node routes every uncaught exception and unhandled `'error'` event of a member to the active
// domain through process-wide hooks. kvm does not: only an error thrown synchronously by a
// callback given to run/bind/intercept reaches the domain's `'error'` listeners (and is
// rethrown when there are none); errors passed to an intercepted callback are emitted as Node
// does.

const EventEmitter = require('events');

const stack = [];

function setActive(domain) {
  module.exports.active = domain;
  process.domain = domain;
}

// Marks the error as Node does, then hands it to the domain's listeners if it has any.
function handleThrown(domain, error) {
  if (error !== null && typeof error === 'object') {
    error.domainThrown = true;
    Object.defineProperty(error, 'domain', {
      value: domain, writable: true, enumerable: false, configurable: true,
    });
  }
  if (domain.listenerCount('error') === 0) return false;
  domain.emit('error', error);
  return true;
}

function runInside(domain, fn, thisArg, args) {
  domain.enter();
  try {
    return Reflect.apply(fn, thisArg, args);
  } catch (error) {
    if (!handleThrown(domain, error)) throw error;
    return undefined;
  } finally {
    domain.exit();
  }
}

class Domain extends EventEmitter {
  constructor() {
    super();
    this.members = [];
  }

  enter() {
    stack.push(this);
    setActive(this);
  }

  // Leaves this domain and any entered after it (`active` is then undefined, not null, as in
  // Node).
  exit() {
    const index = stack.lastIndexOf(this);
    if (index === -1) return;
    stack.splice(index);
    setActive(stack[stack.length - 1]);
  }

  add(emitter) {
    if (emitter.domain === this) return;
    if (emitter.domain) emitter.domain.remove(emitter);
    emitter.domain = this;
    this.members.push(emitter);
  }

  remove(emitter) {
    emitter.domain = null;
    const index = this.members.indexOf(emitter);
    if (index !== -1) this.members.splice(index, 1);
  }

  run(fn, ...args) {
    return runInside(this, fn, this, args);
  }

  bind(callback) {
    const domain = this;
    function runBound(...args) {
      return runInside(domain, callback, this, args);
    }
    runBound.domain = this;
    return runBound;
  }

  // Node-style callbacks: an Error as first argument goes to the domain, not to `callback`.
  intercept(callback) {
    const domain = this;
    function runIntercepted(error, ...args) {
      if (error instanceof Error) {
        error.domainBound = callback;
        error.domainThrown = false;
        Object.defineProperty(error, 'domain', {
          value: domain, writable: true, enumerable: false, configurable: true,
        });
        domain.emit('error', error);
        return undefined;
      }
      return runInside(domain, callback, this, args);
    }
    return runIntercepted;
  }

  // Removed from Node long ago, still called by old libraries: leaves the domain and forgets
  // its members and listeners.
  dispose() {
    this.exit();
    for (const member of [...this.members]) this.remove(member);
    this.removeAllListeners();
  }

  _errorHandler(error) {
    return handleThrown(this, error);
  }
}

// Node's prototype carries `members` too.
Domain.prototype.members = undefined;

function create() {
  return new Domain();
}

if (process.domain === undefined) process.domain = null;

module.exports = {
  active: null,
  _stack: stack,
  Domain,
  create,
  createDomain: create,
};
