// The library's `retry` (bluebird-retry's API): calls `fn` until its promise resolves, at
// most `max_tries` times (5 when neither it nor `timeout` is given) and until `timeout` ms
// have passed, waiting `interval` ms (1000) between tries, multiplied by `backoff` after
// each and capped at `max_interval`. Only failures `predicate` accepts are retried (a
// function, an Error class, or an object whose properties the error must have). In the end
// it rejects with ETIMEDOUT 'operation timed out after N ms, T tries with error: ...' (the
// last error as its `failure`), or with the last error itself under `throw_original`.
// Throwing `new retry.StopError(err)` stops at once with `err`.
'use strict';

function StopError(err) {
  this.name = 'StopError';
  if (err instanceof Error) this.err = err;
  else this.message = err || 'cancelled';
}
StopError.prototype = Object.create(Error.prototype);

// bluebird's catch filters: an Error class, a predicate function, or an object to match.
function accepts(predicate, err) {
  if (predicate === Error || (typeof predicate === 'function' && predicate.prototype instanceof Error)) {
    return err instanceof predicate;
  }
  if (typeof predicate === 'function') return Boolean(predicate(err));
  if (predicate !== null && typeof predicate === 'object') {
    return err !== null && typeof err === 'object' &&
      Object.keys(predicate).every((key) => err[key] === predicate[key]);
  }
  return false;
}

function giveUp(err, tries, elapsed, throwOriginal) {
  if (!(err instanceof Error)) {
    let failure = err;
    if (failure && typeof failure !== 'string') failure = JSON.stringify(failure);
    err = new Error('rejected with non-error: ' + failure);
    err.failure = failure;
  } else if (throwOriginal) {
    return err;
  }
  const timeout = new Error(`operation timed out after ${elapsed} ms, ${tries} tries with error: ${err.message}`);
  timeout.failure = err;
  timeout.code = 'ETIMEDOUT';
  return timeout;
}

function retry(fn, options = {}) {
  let interval = typeof options.interval === 'number' ? options.interval : 1000;
  let maxTries = options.max_tries;
  const giveUpAt = options.timeout ? Date.now() + options.timeout : undefined;
  if (!maxTries && !giveUpAt) maxTries = 5;
  const predicate = options.predicate || (() => true);
  const start = Date.now();
  let tries = 0;

  const tryOnce = async () => {
    const tryStart = Date.now();
    try {
      return await fn.apply(options.context, options.args);
    } catch (err) {
      if (err instanceof StopError) throw err.err instanceof Error ? err.err : err;
      if (!accepts(predicate, err)) throw err;
      tries += 1;
      if (tries > 1) {
        if (options.backoff) interval *= options.backoff;
        if (options.max_interval) interval = Math.min(interval, options.max_interval);
      }
      const now = Date.now();
      if ((maxTries && tries === maxTries) || (giveUpAt && now + interval >= giveUpAt)) {
        throw giveUp(err, tries, now - start, options.throw_original);
      }
      const delay = interval - (now - tryStart);
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      return tryOnce();
    }
  };
  return tryOnce();
}

retry.StopError = StopError;

module.exports = retry;
