// Boots an isolate (called once by the host with its `ops` and the run's `data`): the
// built-in module registry, Node's globals, and the hooks the host's event loop calls
// (runtime/src/engine/event_loop.rs). Nothing here is reachable by the script except
// through the public built-ins and globals it installs.
'use strict';

const cache = new Map();
cache.set('internal/ops', { exports: ops, loaded: true });
cache.set('internal/run_data', { exports: data, loaded: true });

// Loads an embedded shim by name; shims may require internal ones, scripts may not.
function requireShim(name) {
  const cached = cache.get(name);
  if (cached) return cached.exports;
  // Stacks name kvm's own library `kvm:`, as runtime/build.rs names its files.
  const id = (name.startsWith('konnector-lib/') ? 'kvm:' : 'node:') + name;
  const module = { id, exports: {}, loaded: false };
  cache.set(name, module);
  const compiled = ops.loadShim(name);
  compiled.call(module.exports, module.exports, requireShim, module, id, '/');
  module.loaded = true;
  return module.exports;
}
// A shim's exports if it has been loaded, without loading it.
requireShim.loaded = (name) => {
  const module = cache.get(name);
  return module && module.loaded ? module.exports : undefined;
};
cache.set('internal/require_shim', { exports: requireShim, loaded: true });

// Stacks as Node writes them: `Name: message`, then QuickJS's `    at fn (file:line:col)`
// frames. The header is added when `stack` is read, never while an error is being created:
// JS run during error creation would also run while the host interrupts the script, and an
// interrupt raised there is lost.
const stackAccessor = Object.getOwnPropertyDescriptor(Error.prototype, 'stack');
const assignedStacks = new WeakSet();

function withHeader(error, frames) {
  let head;
  try {
    head = Error.prototype.toString.call(error);
  } catch {
    head = 'Error';
  }
  frames = frames.replace(/\n$/, '');
  return frames === '' ? head : `${head}\n${frames}`;
}

Object.defineProperty(Error.prototype, 'stack', {
  configurable: true,
  get() {
    const frames = stackAccessor.get.call(this);
    if (typeof frames !== 'string' || assignedStacks.has(this)) return frames;
    return withHeader(this, frames);
  },
  set(value) {
    assignedStacks.add(this);
    stackAccessor.set.call(this, value);
  },
});

const captureStackTrace = Error.captureStackTrace;
Error.captureStackTrace = function (target, constructorOpt) {
  captureStackTrace(target, constructorOpt);
  const own = Object.getOwnPropertyDescriptor(target, 'stack');
  if (own && typeof own.value === 'string') target.stack = withHeader(target, own.value);
};

const builtins = requireShim('internal/builtins');
const { setGlobal } = builtins;

setGlobal('global', globalThis, true);

const timers = requireShim('timers');
for (const name of ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval',
  'setImmediate', 'clearImmediate']) {
  setGlobal(name, timers[name], true);
}

// The other globals load their module on first use: most runs touch few of them.
function lazyGlobal(name, load, enumerable) {
  Object.defineProperty(globalThis, name, {
    configurable: true,
    enumerable,
    get() {
      const value = load();
      setGlobal(name, value, enumerable);
      return value;
    },
    set(value) {
      setGlobal(name, value, enumerable);
    },
  });
}

const shimExport = (shim, key) => () => requireShim(shim)[key];
// Node's `process` is an accessor too. Until a script or shim loads it, no tick, listener or
// exit code can be pending, so the hooks below never load it themselves.
lazyGlobal('process', () => requireShim('process'), false);
const loadedProcess = () => requireShim.loaded('process');
lazyGlobal('console', () => requireShim('console'), false);
lazyGlobal('Buffer', shimExport('buffer', 'Buffer'), false);
for (const name of ['URL', 'URLSearchParams']) {
  lazyGlobal(name, shimExport('internal/url', name), false);
}
for (const name of ['TextEncoder', 'TextDecoder']) {
  lazyGlobal(name, shimExport('internal/encoding', name), false);
}
for (const name of ['atob', 'btoa', 'structuredClone']) {
  lazyGlobal(name, shimExport('internal/encoding', name), true);
}
for (const name of ['Event', 'EventTarget', 'CustomEvent', 'AbortController', 'AbortSignal',
  'DOMException']) {
  lazyGlobal(name, shimExport('internal/event_target', name), false);
}
lazyGlobal('fetch', shimExport('internal/fetch/index', 'fetch'), true);
for (const name of ['Headers', 'Request', 'Response', 'FormData', 'Blob', 'File',
  'ReadableStream']) {
  lazyGlobal(name, shimExport('internal/fetch/index', name), false);
}
// Node's messaging globals are worker_threads' classes (undici type-checks MessagePort at load).
for (const name of ['MessagePort', 'MessageChannel', 'BroadcastChannel']) {
  lazyGlobal(name, shimExport('worker_threads', name), false);
}
lazyGlobal('crypto', () => requireShim('internal/web_crypto'), true);
lazyGlobal('performance', shimExport('perf_hooks', 'performance'), true);

const loader = requireShim('internal/cjs_loader');
// ES module facades of built-ins (runtime/src/engine/esm.rs) import through this.
Object.defineProperty(globalThis, Symbol.for('kvm.require'), {
  value: builtins.requirePublic, enumerable: false,
});

function inspect(value) {
  return requireShim('util').inspect(value);
}

function formatFatal(error) {
  return inspect(error);
}

return {
  runMain: (path) => loader.runMain(path),
  fireTimer: (id) => timers._fire(id),
  runTicks: () => loadedProcess()?._runTicks() ?? false,
  emitExit: () => loadedProcess()?._emitExit() ?? 0,
  emitSignal(name) {
    const process = loadedProcess();
    if (!process || process.listenerCount(name) === 0) return false;
    process.emit(name, name);
    return true;
  },
  onUncaught(error) {
    const process = loadedProcess();
    if (process && process.listenerCount('uncaughtException') > 0) {
      process.emit('uncaughtException', error, 'uncaughtException');
      return true;
    }
    return formatFatal(error);
  },
  onUnhandledRejection(reason, promise) {
    const process = loadedProcess();
    if (process && process.listenerCount('unhandledRejection') > 0) {
      process.emit('unhandledRejection', reason, promise);
      return true;
    }
    if (process && process.listenerCount('uncaughtException') > 0) {
      process.emit('uncaughtException', reason, 'unhandledRejection');
      return true;
    }
    if (reason instanceof Error) return formatFatal(reason);
    return '[UnhandledPromiseRejection: This error originated either by throwing inside of an ' +
      'async function without a catch block, or by rejecting a promise which was not handled ' +
      `with .catch(). The promise rejected with the reason "${inspect(reason)}".] ` +
      "{\n  code: 'ERR_UNHANDLED_REJECTION'\n}";
  },
};
