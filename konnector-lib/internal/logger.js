// cozy-logger, which every module of the library logs through, in its production format:
// one JSON line per call, {time, type, label, namespace, message}, which kvm turns into a
// record of the stack's protocol keeping the other fields (runtime/src/run/log.rs). A type
// below the level (LOG_LEVEL, default debug) or unknown to cozy-logger ('warning': it knows
// 'warn') is dropped, as cozy-logger drops it.
'use strict';

const LEVELS = { secret: 0, debug: 10, info: 20, warn: 30, error: 40, ok: 50, critical: 50 };
// The stack reads at most 64 KiB of a line.
const LINE_LIMIT = 64 * 1024 - 1;

let level = process.env.LOG_LEVEL || 'debug';

// A value that may be logged only as type 'secret' (and never as a string).
function Secret(data) {
  Object.assign(this, data);
  return this;
}
Secret.prototype.toString = function () {
  throw new Error('Cannot convert Secret to string');
};

const filters = [
  (minimum, type) => LEVELS[type] >= LEVELS[minimum],
  (minimum, type, message) => {
    if (type !== 'secret' && message instanceof Secret) {
      throw new Error('You should log a secret with log.secret');
    }
  },
];

// An object logs its `message` (an Error its message) and its `no_retry` flag.
function format(type, message, label, namespace) {
  const record = { time: new Date(), type, label, namespace };
  if (typeof message === 'object') {
    if (message && message.no_retry) record.no_retry = message.no_retry;
    if (message && message.message) record.message = message.message;
  } else {
    record.message = message;
  }
  if (record.message && record.message.stack) record.message = record.message.stack;
  return JSON.stringify(record).slice(0, LINE_LIMIT);
}

function log(type, message, label, namespace) {
  if (filters.some((filter) => filter(level, type, message, label, namespace) === false)) return;
  let line;
  try {
    line = format(type, message, label, namespace);
  } catch (err) {
    line = `${err.message} cozy-logger: Failed to convert message to JSON`;
  }
  process.stdout.write(line + '\n');
}

log.addFilter = (filter) => filters.push(filter);
log.setLevel = (minimum) => {
  level = minimum;
};
for (const type of ['debug', 'info', 'warn', 'error', 'ok', 'critical']) {
  log[type] = (message, label, namespace) => log(type, message, label, namespace);
}
log.setNoRetry = (obj) => {
  if (obj) obj.no_retry = true;
  else obj = { no_retry: true };
  return obj.no_retry;
};
log.Secret = Secret;
log.namespace = (namespace) => (type, message, label, ns = namespace) => log(type, message, label, ns);

module.exports = log;
