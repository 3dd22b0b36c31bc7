'use strict';

const Promise = require('bluebird');
const fs = Promise.promisifyAll(require('fs'));

function lookup(name, callback) {
  setTimeout(() => {
    if (name === 'missing') callback(new Error(`no account named ${name}`));
    else callback(null, { name, id: name.length });
  }, 1);
}

module.exports = async function bluebird(print) {
  let running = 0;
  let peak = 0;
  const results = await Promise.map([5, 1, 4, 2, 3, 6], async (n) => {
    running += 1;
    peak = Math.max(peak, running);
    await Promise.delay(n * 3);
    running -= 1;
    return n * 10;
  }, { concurrency: 2 });
  print('map', { results, peak });
  print('mapSeries', await Promise.mapSeries(['a', 'b', 'c'], (x, i) => Promise.delay(1).then(() => x + i)));
  const find = Promise.promisify(lookup);
  print('promisify', await find('ada'));
  print('promisify error', await find('missing').catch((e) => e.message));
  print('props', await Promise.props({ a: Promise.resolve(1), b: Promise.delay(2).then(() => 2), c: 3 }));
  print('reduce', await Promise.reduce([1, 2, 3, 4], (sum, n) => Promise.delay(1).then(() => sum + n), 0));
  print('timeout', await Promise.delay(200).timeout(5).catch(Promise.TimeoutError, (e) => e.name));
  print('settle', (await Promise.allSettled([Promise.resolve('ok'), Promise.reject(new Error('no'))]))
    .map((r) => (r.isFulfilled() ? r.value() : r.reason().message)));
  print('any', await Promise.any([Promise.delay(20).then(() => 'slow'), Promise.delay(1).then(() => 'fast')]));
  print('each', await Promise.each([3, 1, 2], (n) => Promise.delay(n)).then((xs) => xs.join('')));
  const bundle = await fs.readFileAsync(__filename, 'utf8');
  const stat = await fs.statAsync(__filename);
  print('promisifyAll', [stat.isFile(), stat.size === Buffer.byteLength(bundle), bundle.includes('promisifyAll')]);
  print('promisifyAll error', await fs.readFileAsync(`${__filename}.missing`).catch((e) => [e.code, e.syscall]));
  print('using', await Promise.using(
    Promise.resolve({ closed: false }).disposer((r) => { r.closed = true; }),
    (r) => Promise.resolve(r.closed),
  ));
};
