// Node's messaging globals are worker_threads' own classes; libraries type-check against them
// at load time (undici 7, which cheerio 1.2 pulls in, runs `MakeTypeAssertion(MessagePort)`).
const workerThreads = require('worker_threads');

for (const name of ['MessagePort', 'MessageChannel', 'BroadcastChannel']) {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, name);
  const value = globalThis[name];
  console.log(name, typeof value, value.name, value === workerThreads[name],
    descriptor.enumerable, descriptor.configurable, Object.keys(globalThis).includes(name));
  console.log(name, 'instanceof', {} instanceof value, Object.create(value.prototype) instanceof value);
}
console.log('EventTarget', MessagePort.prototype instanceof EventTarget,
  BroadcastChannel.prototype instanceof EventTarget);
// A global can be replaced, as a bundle's polyfill would.
globalThis.MessagePort = 1;
console.log('replaced', MessagePort, Object.getOwnPropertyDescriptor(globalThis, 'MessagePort').enumerable);
