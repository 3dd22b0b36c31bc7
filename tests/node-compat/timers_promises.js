// timers/promises: values, ordering, abort signals (AbortError with the reason as cause),
// validation errors (as rejections), setInterval's async iterator, scheduler.
const tp = require('timers/promises');

const describe = (e) => `${e.name} ${e.code} ${JSON.stringify(e.message)}${e.cause !== undefined ? ` cause=${String(e.cause)}` : ''}`;

async function settle(label, promise) {
  try {
    console.log(`${label}: resolved ${JSON.stringify(await promise)}`);
  } catch (e) {
    console.log(`${label}: rejected ${describe(e)}`);
  }
}

async function main() {
  await settle('setTimeout value', tp.setTimeout(5, 'done'));
  await settle('setTimeout no value', tp.setTimeout(1));
  await settle('setImmediate value', tp.setImmediate('now'));

  const order = [];
  await Promise.all([
    tp.setTimeout(80, 'slow').then((v) => order.push(v)),
    tp.setTimeout(40, 'fast').then((v) => order.push(v)),
    tp.setImmediate('immediate').then((v) => order.push(v)),
  ]);
  console.log('order:', order.join(' '));

  await settle('bad delay', tp.setTimeout('x'));
  await settle('bad options', tp.setTimeout(1, 2, 3));
  await settle('null options', tp.setImmediate(1, null));
  await settle('bad signal', tp.setTimeout(1, 2, { signal: 1 }));
  await settle('bad ref', tp.setTimeout(1, 2, { ref: 1 }));

  const aborted = new AbortController();
  aborted.abort();
  await settle('already aborted', tp.setTimeout(1, 2, { signal: aborted.signal }));
  await settle('already aborted immediate', tp.setImmediate(2, { signal: aborted.signal }));

  const later = new AbortController();
  const pending = tp.setTimeout(1000, 'never', { signal: later.signal });
  setTimeout(() => later.abort(new Error('stop')), 5);
  await settle('aborted while waiting', pending);

  const unrefd = tp.setTimeout(1, 'unref ok', { ref: false });
  await settle('ref false', Promise.all([unrefd, tp.setTimeout(20)]).then(([v]) => v));

  const values = [];
  for await (const value of tp.setInterval(5, 'tick')) {
    values.push(value);
    if (values.length === 3) break;
  }
  console.log('interval:', values.join(','));

  const controller = new AbortController();
  const seen = [];
  try {
    for await (const value of tp.setInterval(5, 'v', { signal: controller.signal })) {
      seen.push(value);
      if (seen.length === 2) controller.abort('enough');
    }
  } catch (e) {
    console.log('interval aborted:', seen.length, describe(e));
  }

  const iterator = tp.setInterval(1, 'x', { ref: 5 });
  await settle('interval bad ref', iterator.next());
  console.log('interval is async generator:', Object.prototype.toString.call(tp.setInterval(1)));

  await settle('scheduler.wait', tp.scheduler.wait(2));
  await settle('scheduler.yield', tp.scheduler.yield());
  await settle('scheduler.wait bad', tp.scheduler.wait('a'));
  await settle('scheduler.wait options', tp.scheduler.wait(1, 5));
  await settle('scheduler.wait ref', tp.scheduler.wait(1, { ref: 'not checked' }));
  try {
    tp.scheduler.wait.call({}, 1);
  } catch (e) {
    console.log('scheduler this:', describe(e));
  }
  console.log('scheduler keys:', Object.keys(tp.scheduler).length);
}

main();
