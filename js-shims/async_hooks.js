'use strict';
// Node 20's `async_hooks`, enough for libraries that feature-test it or keep request context
// in an AsyncLocalStorage.
//
// kvm has no engine hook on promise creation, so a store is seen by the code run inside
// `run()` and by callbacks explicitly bound (AsyncResource, AsyncLocalStorage.bind/snapshot),
// but not automatically by later promise reactions or timers started inside `run()` (Node
// propagates it to those). Hooks from createHook are accepted and never called; ids are fixed
// (the top level's execution id 1, trigger id 0).

const { codedError, invalidArgType } = require('internal/errors');

// The stores in effect: AsyncLocalStorage -> store. Replaced (never mutated in place) so a
// captured context stays as it was.
let current = new Map();

function runInContext(context, fn, thisArg, args) {
  const saved = current;
  current = context;
  try {
    return Reflect.apply(fn, thisArg, args);
  } finally {
    current = saved;
  }
}

function checkFunction(fn, name) {
  if (typeof fn !== 'function') throw invalidArgType(name, 'of type function', fn);
}

class AsyncLocalStorage {
  #enabled = false;

  static bind(fn) {
    checkFunction(fn, 'fn');
    return AsyncResource.bind(fn);
  }

  // A function that runs its argument in the context of the snapshot's creation.
  static snapshot() {
    const context = current;
    return (fn, ...args) => runInContext(context, fn, undefined, args);
  }

  // The stores already set stay where they are (as in Node): enabling the storage again
  // makes them visible again.
  disable() {
    this.#enabled = false;
  }

  _enable() {
    this.#enabled = true;
  }

  // Node copies the store to new resources here; there are none to copy to in kvm.
  _propagate() {}

  enterWith(store) {
    this._enable();
    current = new Map(current).set(this, store);
  }

  run(store, callback, ...args) {
    this._enable();
    return runInContext(new Map(current).set(this, store), callback, undefined, args);
  }

  exit(callback, ...args) {
    if (!this.#enabled) return Reflect.apply(callback, undefined, args);
    const context = new Map(current);
    context.delete(this);
    return runInContext(context, callback, undefined, args);
  }

  getStore() {
    return this.#enabled ? current.get(this) : undefined;
  }
}

let nextAsyncId = 2;

class AsyncResource {
  #context = current;
  #asyncId;
  #triggerAsyncId;

  constructor(type, options = {}) {
    if (typeof type !== 'string') throw invalidArgType('type', 'of type string', type);
    const triggerAsyncId = typeof options === 'number' ? options : options?.triggerAsyncId;
    if (triggerAsyncId !== undefined &&
        (!Number.isSafeInteger(triggerAsyncId) || triggerAsyncId < -1)) {
      throw codedError(RangeError, 'ERR_INVALID_ASYNC_ID', `Invalid triggerAsyncId value: ${triggerAsyncId}`);
    }
    this.#asyncId = nextAsyncId++;
    this.#triggerAsyncId = triggerAsyncId === undefined ? executionAsyncId() : triggerAsyncId;
  }

  runInAsyncScope(fn, thisArg, ...args) {
    return runInContext(this.#context, fn, thisArg, args);
  }

  emitDestroy() {
    return this;
  }

  asyncId() {
    return this.#asyncId;
  }

  triggerAsyncId() {
    return this.#triggerAsyncId;
  }

  bind(fn, thisArg) {
    checkFunction(fn, 'fn');
    const resource = this;
    // Without an explicit `this`, the bound function keeps its caller's receiver, as in Node.
    const bound = thisArg === undefined
      ? function (...args) { return resource.runInAsyncScope(fn, this, ...args); }
      : (...args) => resource.runInAsyncScope(fn, thisArg, ...args);
    Object.defineProperties(bound, {
      length: { value: fn.length, configurable: true },
      asyncResource: { value: this, configurable: true, enumerable: true, writable: true },
    });
    return bound;
  }

  static bind(fn, type, thisArg) {
    return new AsyncResource(type || fn.name || 'bound-anonymous-fn').bind(fn, thisArg);
  }
}

const HOOK_NAMES = ['init', 'before', 'after', 'destroy', 'promiseResolve'];

class AsyncHook {
  constructor(callbacks) {
    for (const name of HOOK_NAMES) {
      if (callbacks[name] !== undefined && typeof callbacks[name] !== 'function') {
        throw codedError(TypeError, 'ERR_ASYNC_CALLBACK', `hook.${name} must be a function`);
      }
    }
  }

  enable() {
    return this;
  }

  disable() {
    return this;
  }
}

function createHook(callbacks) {
  return new AsyncHook(callbacks ?? {});
}

function executionAsyncId() {
  return 1;
}

function triggerAsyncId() {
  return 0;
}

const topLevelResource = {};

function executionAsyncResource() {
  return topLevelResource;
}

// Node's provider names and numbers (the native resource kinds), for libraries that read them.
const PROVIDERS = [
  'NONE', 'DIRHANDLE', 'DNSCHANNEL', 'ELDHISTOGRAM', 'FILEHANDLE', 'FILEHANDLECLOSEREQ',
  'BLOBREADER', 'FSEVENTWRAP', 'FSREQCALLBACK', 'FSREQPROMISE', 'GETADDRINFOREQWRAP',
  'GETNAMEINFOREQWRAP', 'HEAPSNAPSHOT', 'HTTP2SESSION', 'HTTP2STREAM', 'HTTP2PING',
  'HTTP2SETTINGS', 'HTTPINCOMINGMESSAGE', 'HTTPCLIENTREQUEST', 'JSSTREAM', 'JSUDPWRAP',
  'MESSAGEPORT', 'PIPECONNECTWRAP', 'PIPESERVERWRAP', 'PIPEWRAP', 'PROCESSWRAP', 'PROMISE',
  'QUERYWRAP', 'QUIC_LOGSTREAM', 'QUIC_PACKET', 'SHUTDOWNWRAP', 'SIGNALWRAP', 'STATWATCHER',
  'STREAMPIPE', 'TCPCONNECTWRAP', 'TCPSERVERWRAP', 'TCPWRAP', 'TTYWRAP', 'UDPSENDWRAP',
  'UDPWRAP', 'SIGINTWATCHDOG', 'WORKER', 'WORKERHEAPSNAPSHOT', 'WRITEWRAP', 'ZLIB',
  'CHECKPRIMEREQUEST', 'PBKDF2REQUEST', 'KEYPAIRGENREQUEST', 'KEYGENREQUEST',
  'KEYEXPORTREQUEST', 'CIPHERREQUEST', 'DERIVEBITSREQUEST', 'HASHREQUEST',
  'RANDOMBYTESREQUEST', 'RANDOMPRIMEREQUEST', 'SCRYPTREQUEST', 'SIGNREQUEST', 'TLSWRAP',
  'VERIFYREQUEST',
];

const asyncWrapProviders = Object.freeze(
  Object.assign(Object.create(null), Object.fromEntries(PROVIDERS.map((name, i) => [name, i]))));

module.exports = {
  AsyncLocalStorage,
  createHook,
  executionAsyncId,
  triggerAsyncId,
  executionAsyncResource,
  asyncWrapProviders,
  AsyncResource,
};
