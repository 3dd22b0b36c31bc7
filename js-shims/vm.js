'use strict';
// Node 20's `vm`, denied (DESIGN §3): code runs only through the module loader, where kvm
// sees it (no new contexts, no compiling strings into scripts). `isContext` answers (nothing
// is a context); compiling or running code throws ERR_ACCESS_DENIED.

const { invalidArgType } = require('internal/errors');
const { deniedAsync, deniedConstructor, deniedFunction } = require('internal/denied');

const CAPABILITY = 'vm';

const denied = (name, length) => deniedFunction(`vm.${name}`, CAPABILITY, length);

function isContext(object) {
  if (object === null || typeof object !== 'object') {
    throw invalidArgType('object', 'of type object', object);
  }
  return false;
}

const constants = Object.freeze(Object.assign(Object.create(null), {
  USE_MAIN_CONTEXT_DEFAULT_LOADER: Symbol('vm_dynamic_import_main_context_default'),
  DONT_CONTEXTIFY: Symbol('vm_context_no_contextify'),
}));

module.exports = {
  Script: deniedConstructor('vm.Script', CAPABILITY),
  createContext: denied('createContext'),
  createScript: denied('createScript', 2),
  runInContext: denied('runInContext', 3),
  runInNewContext: denied('runInNewContext', 3),
  runInThisContext: denied('runInThisContext', 2),
  isContext,
  compileFunction: denied('compileFunction', 2),
  measureMemory: deniedAsync('vm.measureMemory', CAPABILITY),
  constants,
};
