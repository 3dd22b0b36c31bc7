'use strict';
// Errors shared by the shims: Node-shaped coded errors, and the one error every denied
// capability throws (DESIGN §3 "Capability-mocked built-ins").
//
// A denied call fails with `code: 'ERR_ACCESS_DENIED'` (the code Node's own permission model
// uses) and a message naming the API and the capability, so a konnector author reading the run
// report knows at once that the sandbox, not the vendor site, refused.

const { describeReceived } = require('internal/validators');

// `Error [CODE]: message` as the first stack line and from toString, like Node's internal errors
// (whose class is also a `NodeError` subclass of the base error).
const codedClasses = new Map();

function codedClass(Base) {
  let Coded = codedClasses.get(Base);
  if (Coded === undefined) {
    Coded = class NodeError extends Base {
      toString() {
        return `${this.name} [${this.code}]: ${this.message}`;
      }
    };
    codedClasses.set(Base, Coded);
  }
  return Coded;
}

function codedError(Ctor, code, message) {
  const error = new (codedClass(Ctor))(message);
  Object.defineProperty(error, 'code', {
    value: code, writable: true, enumerable: true, configurable: true,
  });
  labelStack(error, code);
  return error;
}

// The stack was formatted when the error was built, before `code` existed.
function labelStack(error, code) {
  const stack = error.stack;
  const head = `${error.name}: ${error.message}`;
  if (typeof stack === 'string' && stack.startsWith(head)) {
    const labelled = `${error.name} [${code}]: ${error.message}${stack.slice(head.length)}`;
    try {
      // Not enumerable, as Node's own `stack`: Object.keys(err) stays ['code'].
      Object.defineProperty(error, 'stack', {
        value: labelled, writable: true, configurable: true, enumerable: false,
      });
    } catch {
      // A non-writable stack keeps its first line; the code is still on the error.
    }
  }
}

// What a konnector cannot do without each capability, for the messages below.
const DENIED_ACTIONS = {
  child_process: 'spawn processes',
  cluster: 'fork processes',
  worker_threads: 'start threads',
  net: 'open sockets',
  tls: 'open TLS sockets',
  dgram: 'open UDP sockets',
  http2: 'open HTTP/2 sessions',
  http_server: 'accept connections (a konnector is an HTTP client only)',
  dns: 'query DNS servers; fetch and http/https resolve host names themselves',
  vm: 'compile code outside the module loader',
  inspector: 'attach a debugger',
  v8: 'reach the engine internals',
  sqlite: 'open databases',
  native_addons: 'load native code',
  process_bindings: 'reach native bindings',
  process_control: 'change the host process',
  signals: 'send signals to processes',
  'fs.watch': 'watch files',
  chdir: 'change the working directory (it is the konnector folder)',
};

function capabilityDenied(api, capability) {
  const action = DENIED_ACTIONS[capability] || `use the "${capability}" capability`;
  return codedError(Error, 'ERR_ACCESS_DENIED',
    `${api} is not available in kvm: konnectors cannot ${action} (capability "${capability}" is not granted)`);
}

// Node's ERR_INVALID_ARG_TYPE; `expected` ends the sentence: 'of type function', 'an instance
// of RegExp'.
function invalidArgType(name, expected, value) {
  const kind = name.includes('.') ? 'property' : 'argument';
  return codedError(TypeError, 'ERR_INVALID_ARG_TYPE',
    `The "${name}" ${kind} must be ${expected}. Received ${describeReceived(value)}`);
}

module.exports = { codedError, capabilityDenied, invalidArgType };
