// Globals every konnector expects, as node 20 shows them.
console.log(typeof globalThis, global === globalThis);
for (const name of ['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval',
  'clearImmediate', 'queueMicrotask', 'TextEncoder', 'TextDecoder', 'URL', 'URLSearchParams',
  'atob', 'btoa', 'structuredClone', 'AbortController', 'AbortSignal', 'Event', 'EventTarget',
  'console', 'process', 'performance', 'crypto']) {
  console.log(name, typeof globalThis[name]);
}
const id = crypto.randomUUID();
console.log('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id));
const bytes = crypto.getRandomValues(new Uint8Array(16));
console.log('random', bytes.length, bytes.some((b) => b !== 0));
try {
  crypto.getRandomValues(new Uint8Array(65537));
} catch (e) {
  console.log(e.name);
}
const t0 = performance.now();
console.log('performance', typeof t0, t0 >= 0, performance.timeOrigin > 1.6e12);
console.log(btoa('hello'), atob('aGVsbG8='));
const clone = structuredClone({ a: [1, { b: new Date(0) }], m: new Map([[1, 2]]) });
console.log(JSON.stringify(clone), clone.m.get(1), clone.a[1].b instanceof Date);
const controller = new AbortController();
controller.signal.addEventListener('abort', () => console.log('aborted', controller.signal.reason.name));
controller.abort();
const timed = AbortSignal.timeout(10);
timed.onabort = () => console.log('timeout signal', timed.reason.name);
const target = new EventTarget();
target.addEventListener('ping', (e) => console.log('event', e.type, e instanceof Event));
target.dispatchEvent(new Event('ping'));
console.log(new TextDecoder().decode(new TextEncoder().encode('héllo €')));
