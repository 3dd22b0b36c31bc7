// The second konnector of the Go example: counts to COZY_PARAMETERS.count, one cozy-logger
// line per tick, so its records interleave with the other run's.
'use strict';

const { count } = JSON.parse(process.env.COZY_PARAMETERS || '{"count": 3}');
const log = (type, message) => console.log(JSON.stringify({ type, message }));

let n = 0;
const tick = setInterval(() => {
  n += 1;
  log('info', `tick ${n} of ${count}`);
  if (n === count) {
    clearInterval(tick);
    log('info', `counted to ${count}`);
  }
}, 5);
