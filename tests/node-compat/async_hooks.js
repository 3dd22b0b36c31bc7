// async_hooks: AsyncLocalStorage within synchronous calls (run, exit, enterWith, disable,
// nesting, bind/snapshot), AsyncResource scopes, createHook and the ids at top level.
// (Propagation into later promise reactions and timers is Node-only, not covered here.)
const {
  AsyncLocalStorage, AsyncResource, createHook, executionAsyncId, triggerAsyncId,
  executionAsyncResource, asyncWrapProviders,
} = require('async_hooks');

const als = new AsyncLocalStorage();
const other = new AsyncLocalStorage();
console.log('initial:', als.getStore());
console.log('run result:', JSON.stringify(als.run({ id: 1 }, (a, b) => [als.getStore(), a, b], 'x', 'y')));
console.log('after run:', als.getStore());
als.run('outer', () => {
  other.run('other', () => {
    als.run('inner', () => console.log('nested:', als.getStore(), other.getStore()));
    console.log('back to outer:', als.getStore(), other.getStore());
    als.exit(() => console.log('exit:', als.getStore(), other.getStore()));
    console.log('after exit:', als.getStore());
  });
});
try {
  als.run('thrown', () => {
    throw new Error('boom');
  });
} catch (e) {
  console.log('run rethrows:', e.message, 'store restored:', als.getStore());
}

als.enterWith('entered');
console.log('enterWith:', als.getStore());
als.run('inside', () => console.log('run after enterWith:', als.getStore()));
console.log('still entered:', als.getStore());
als.disable();
console.log('disabled:', als.getStore());
als.run('again', () => console.log('run re-enables:', als.getStore()));

const captured = als.run('captured', () => AsyncLocalStorage.snapshot());
console.log('snapshot:', captured((x) => `${als.getStore()} ${x}`, 'arg'), als.getStore());
const bound = als.run('bound', () => AsyncLocalStorage.bind((x) => `${als.getStore()} ${x}`));
console.log('bind:', bound('arg'), bound.length);

const resource = als.run('resource', () => new AsyncResource('MyResource'));
console.log('runInAsyncScope:', resource.runInAsyncScope(function (a) {
  return `${als.getStore()} ${this.tag} ${a}`;
}, { tag: 'this' }, 'arg'));
const boundToResource = resource.bind(function () {
  return `${als.getStore()} ${typeof this}`;
});
console.log('resource.bind:', boundToResource(), boundToResource.asyncResource === resource);
const staticBound = als.run('static', () => AsyncResource.bind(() => als.getStore()));
console.log('AsyncResource.bind:', staticBound());
console.log('resource ids:', typeof resource.asyncId(), typeof resource.triggerAsyncId(), resource.emitDestroy() === resource);
try {
  new AsyncResource();
} catch (e) {
  console.log('AsyncResource type:', e.code, e.message);
}

const hook = createHook({ init() {} });
console.log('createHook:', hook.enable() === hook, hook.disable() === hook);
try {
  createHook({ init: 1 });
} catch (e) {
  console.log('createHook error:', e.code, e.message);
}
console.log('ids:', executionAsyncId(), triggerAsyncId(), typeof executionAsyncResource());
console.log('providers:', Object.isFrozen(asyncWrapProviders), Object.getPrototypeOf(asyncWrapProviders),
  asyncWrapProviders.NONE, asyncWrapProviders.PROMISE, asyncWrapProviders.TCPWRAP, Object.keys(asyncWrapProviders).length);
console.log('prototype:', Object.getOwnPropertyNames(AsyncLocalStorage.prototype).sort().join(','));
console.log('statics:', Object.getOwnPropertyNames(AsyncLocalStorage).sort().join(','),
  Object.getOwnPropertyNames(AsyncResource.prototype).sort().join(','));
