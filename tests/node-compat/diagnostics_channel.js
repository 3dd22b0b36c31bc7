// diagnostics_channel: channels by name or symbol, subscribe/unsubscribe/publish in process,
// hasSubscribers, bound stores, subscriber errors (rethrown on a later tick), TracingChannel.
const dc = require('diagnostics_channel');
const { AsyncLocalStorage } = require('async_hooks');

const describe = (e) => `${e.code} ${e.message}`;

const ch = dc.channel('kvm.test');
console.log('channel:', ch.name, ch.hasSubscribers, dc.hasSubscribers('kvm.test'),
  ch === dc.channel('kvm.test'), ch instanceof dc.Channel);
const log = (message, name) => console.log('received:', JSON.stringify(message), String(name));
ch.subscribe(log);
console.log('subscribed:', ch.hasSubscribers, dc.hasSubscribers('kvm.test'));
ch.publish({ n: 1 });
console.log('unsubscribe:', ch.unsubscribe(log), ch.unsubscribe(log), ch.hasSubscribers);
ch.publish({ n: 2 });

dc.subscribe('kvm.other', log);
dc.channel('kvm.other').publish('by name');
console.log('unsubscribe by name:', dc.unsubscribe('kvm.other', log), dc.unsubscribe('kvm.nothing', log));
console.log('hasSubscribers unknown:', dc.hasSubscribers('kvm.unknown'), dc.hasSubscribers(3));

const sym = Symbol('kvm.symbol');
console.log('symbol name:', dc.channel(sym).name === sym);
for (const bad of [() => dc.channel(1), () => ch.subscribe(1), () => dc.subscribe('x', 3)]) {
  try {
    bad();
  } catch (e) {
    console.log('error:', describe(e));
  }
}

// Subscribers see messages in subscription order; one that throws does not stop the others.
process.on('uncaughtException', (e) => console.log('uncaught later:', e.message));
dc.subscribe('kvm.errors', () => {
  throw new Error('subscriber failed');
});
dc.subscribe('kvm.errors', (m) => console.log('second subscriber:', m));
dc.channel('kvm.errors').publish('hi');
console.log('after publish');

// Stores bound to a channel are set while runStores runs.
const store = new AsyncLocalStorage();
const storeChannel = dc.channel('kvm.stores');
console.log('runStores without stores:', storeChannel.runStores({}, (a) => a * 2, null, 21));
storeChannel.bindStore(store, (message) => ({ wrapped: message.id }));
console.log('bound store makes it active:', storeChannel.hasSubscribers);
storeChannel.subscribe((m) => console.log('published before run:', JSON.stringify(m), JSON.stringify(store.getStore())));
console.log('runStores:', storeChannel.runStores({ id: 7 }, function (x) {
  return `${JSON.stringify(store.getStore())} ${this.t} ${x}`;
}, { t: 'this' }, 'arg'));
console.log('unbindStore:', storeChannel.unbindStore(store), storeChannel.unbindStore(store));

// TracingChannel
const tc = dc.tracingChannel('kvm.trace');
console.log('tracing names:', tc.start.name, tc.end.name, tc.asyncStart.name, tc.asyncEnd.name, tc.error.name);
console.log('tracing keys:', Object.keys(tc).length, tc.hasSubscribers);
console.log('traceSync without subscribers:', tc.traceSync((a) => a + 1, {}, null, 1));
const events = [];
const handlers = {};
for (const event of ['start', 'end', 'asyncStart', 'asyncEnd', 'error']) {
  handlers[event] = (context) => events.push(`${event}:${JSON.stringify(context)}`);
}
tc.subscribe(handlers);
console.log('subscribed tracing:', tc.hasSubscribers);
console.log('traceSync:', tc.traceSync((a, b) => a + b, { op: 'add' }, null, 2, 3));
try {
  tc.traceSync(() => {
    throw new Error('sync failure');
  }, { op: 'fail' });
} catch (e) {
  console.log('traceSync rethrows:', e.message);
}
console.log(events.splice(0).map((e) => e.replace(/"error":\{\}/, '"error":"Error"')).join(' | '));

tc.traceCallback(function (x, cb) {
  cb(null, x * 2);
}, 1, { op: 'cb' }, null, 21, (err, result) => console.log('callback got:', err, result));
console.log(events.splice(0).join(' | '));
try {
  tc.traceCallback(() => {}, 0, {}, null, 'not a function');
} catch (e) {
  console.log('traceCallback error:', describe(e));
}

(async () => {
  console.log('tracePromise:', await tc.tracePromise(async (x) => x * 3, { op: 'promise' }, null, 5));
  console.log(events.splice(0).join(' | '));
  try {
    await tc.tracePromise(async () => {
      throw new Error('async failure');
    }, { op: 'reject' });
  } catch (e) {
    console.log('tracePromise rejects:', e.message, events.splice(0).length);
  }
  console.log('unsubscribe tracing:', tc.unsubscribe(handlers), tc.unsubscribe(handlers), tc.hasSubscribers);
  for (const bad of [5, { start: 1 }]) {
    try {
      dc.tracingChannel(bad);
    } catch (e) {
      console.log('tracingChannel error:', describe(e));
    }
  }
  const fromChannels = dc.tracingChannel({
    start: dc.channel('a'), end: dc.channel('b'), asyncStart: dc.channel('c'), asyncEnd: dc.channel('d'), error: dc.channel('e'),
  });
  console.log('from channels:', fromChannels.start.name, fromChannels.error.name);
})();
