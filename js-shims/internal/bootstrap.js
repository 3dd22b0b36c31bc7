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
  const module = { id: 'node:' + name, exports: {}, loaded: false };
  cache.set(name, module);
  const compiled = ops.compileShim(name);
  compiled.call(module.exports, module.exports, requireShim, module, 'node:' + name, '/');
  module.loaded = true;
  return module.exports;
}
cache.set('internal/require_shim', { exports: requireShim, loaded: true });

// Stacks as Node writes them: `Name: message` then one `    at fn (file:line:col)` per frame.
function nodeStyleStack(error, callsites) {
  let head;
  try {
    head = Error.prototype.toString.call(error);
  } catch {
    head = 'Error';
  }
  const frames = callsites.map((site) => {
    const file = site.getFileName();
    const line = site.getLineNumber();
    const where = file ? (line > 0 ? `${file}:${line}:${site.getColumnNumber()}` : file)
      : site.isNative() ? 'native' : '<anonymous>';
    const name = site.getFunctionName();
    return name ? `    at ${name} (${where})` : `    at ${where}`;
  });
  return [head, ...frames].join('\n');
}
Error.prepareStackTrace = nodeStyleStack;

const builtins = requireShim('internal/builtins');
const { setGlobal } = builtins;

const process = requireShim('process');
requireShim('internal/denied').install(process);
setGlobal('process', process, false);
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
  runTicks: () => process._runTicks(),
  emitExit: () => process._emitExit(),
  onUncaught(error) {
    if (process.listenerCount('uncaughtException') > 0) {
      process.emit('uncaughtException', error, 'uncaughtException');
      return true;
    }
    return formatFatal(error);
  },
  onUnhandledRejection(reason, promise) {
    if (process.listenerCount('unhandledRejection') > 0) {
      process.emit('unhandledRejection', reason, promise);
      return true;
    }
    if (process.listenerCount('uncaughtException') > 0) {
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
