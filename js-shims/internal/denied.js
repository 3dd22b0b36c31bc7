'use strict';
// Building blocks of the denied built-ins (DESIGN §3 "Capability-mocked built-ins"): `net`,
// `tls`, `child_process`, ... load and export Node's whole surface, because bundles require
// them at top level and feature-test them, but each entry point that would open a socket,
// spawn, load code or escape the isolate throws ERR_ACCESS_DENIED naming the capability.
//
// Constructors are plain functions (as Node's `net.Socket` is) whose body throws: `class X
// extends net.Socket {}` and `util.inherits(X, net.Socket)` still work at load time, and only
// building an instance fails.

const { capabilityDenied } = require('internal/errors');

// A function named after the API's last part that throws when called.
function deniedFunction(api, capability, length = 0) {
  const name = api.slice(api.lastIndexOf('.') + 1);
  const fn = {
    [name]() {
      throw capabilityDenied(api, capability);
    },
  }[name];
  Object.defineProperty(fn, 'length', { value: length });
  return fn;
}

// The promise-returning form: the denial arrives as a rejection, where callers look for it.
function deniedAsync(api, capability, length = 0) {
  const name = api.slice(api.lastIndexOf('.') + 1);
  const fn = {
    [name]() {
      return Promise.reject(capabilityDenied(api, capability));
    },
  }[name];
  Object.defineProperty(fn, 'length', { value: length });
  return fn;
}

// `{ name: deniedFunction('module.name') }` for each name.
function deniedFunctions(moduleName, capability, names) {
  const out = {};
  for (const name of names) out[name] = deniedFunction(`${moduleName}.${name}`, capability);
  return out;
}

// A constructor that throws, inheriting from `Base` so subclasses and instanceof checks work.
function deniedConstructor(api, capability, Base) {
  const name = api.slice(api.lastIndexOf('.') + 1);
  const Ctor = {
    // A `function`, not a method: it must be usable with `new`.
    [name]: function () {
      throw capabilityDenied(`new ${api}()`, capability);
    },
  }[name];
  if (Base) {
    Object.setPrototypeOf(Ctor.prototype, Base.prototype);
    Object.setPrototypeOf(Ctor, Base);
  }
  return Ctor;
}

// process.binding / process.dlopen exist (feature tests see functions, as in Node) but reach
// no native code.
function install(process) {
  const define = (name, fn) => Object.defineProperty(process, name, {
    value: fn, writable: true, enumerable: true, configurable: true,
  });
  define('binding', deniedFunction('process.binding', 'process_bindings', 1));
  define('_linkedBinding', deniedFunction('process._linkedBinding', 'process_bindings', 1));
  define('dlopen', deniedFunction('process.dlopen', 'native_addons', 2));
  // The isolate has no other process to signal and no working directory to change.
  define('kill', deniedFunction('process.kill', 'signals', 2));
  define('chdir', deniedFunction('process.chdir', 'chdir', 1));
}

module.exports = {
  deniedFunction,
  deniedAsync,
  deniedFunctions,
  deniedConstructor,
  install,
};
