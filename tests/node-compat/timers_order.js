// Event loop order: sync, nextTick, microtasks, timers by delay, immediates, intervals.
// Delays are far apart so a loaded machine cannot reorder them.
const order = [];
const log = (s) => order.push(s);
setTimeout(() => log('timeout 120'), 120);
setTimeout(() => log('timeout 5'), 5);
setTimeout(() => {
  log('timeout 60');
  process.nextTick(() => log('tick in timeout'));
  Promise.resolve().then(() => log('promise in timeout'));
  setImmediate(() => log('immediate from timeout'));
}, 60);
Promise.resolve().then(() => {
  log('promise 1');
  process.nextTick(() => log('tick from promise'));
}).then(() => log('promise 2'));
process.nextTick(() => log('tick 1'));
process.nextTick(() => {
  log('tick 2');
  Promise.resolve().then(() => log('promise from tick'));
});
queueMicrotask(() => log('microtask'));
let n = 0;
const iv = setInterval(() => {
  log('interval ' + ++n);
  if (n === 3) clearInterval(iv);
}, 200);
const cancelled = setTimeout(() => log('cancelled'), 1);
clearTimeout(cancelled);
const unrefd = setTimeout(() => log('unref never'), 100000);
unrefd.unref();
console.log('hasRef', unrefd.hasRef(), typeof unrefd.ref, typeof unrefd[Symbol.toPrimitive]());
setTimeout((a, b) => log(`args ${a} ${b}`), 300, 'x', 'y');
log('sync');
setTimeout(() => console.log(order.join('\n')), 1000);
process.on('exit', (code) => console.log('exit', code));
