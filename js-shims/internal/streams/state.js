'use strict';
// highWaterMark defaults and option checking (Node 20: 16 KiB for bytes, 16 objects).

const errors = require('internal/streams/errors');

let defaultBytes = 16 * 1024;
let defaultObjects = 16;

function getDefaultHighWaterMark(objectMode) {
  return objectMode ? defaultObjects : defaultBytes;
}

function setDefaultHighWaterMark(objectMode, value) {
  if (typeof value !== 'number') throw errors.invalidArgType('value', 'of type number', value);
  if (!Number.isInteger(value)) throw errors.outOfRange('value', 'an integer', value);
  if (value < 0 || value > Number.MAX_SAFE_INTEGER) {
    throw errors.outOfRange('value', `>= 0 && <= ${Number.MAX_SAFE_INTEGER}`, value);
  }
  if (objectMode) defaultObjects = value;
  else defaultBytes = value;
}

// `highWaterMark` wins over the per-side `readableHighWaterMark`/`writableHighWaterMark` of a Duplex.
function getHighWaterMark(state, options, duplexKey, isDuplex) {
  const hwm = options.highWaterMark ?? (isDuplex ? options[duplexKey] : null);
  if (hwm != null) {
    if (!Number.isInteger(hwm) || hwm < 0) {
      const name = isDuplex ? `options.${duplexKey}` : 'options.highWaterMark';
      throw errors.invalidArgValue(name, hwm);
    }
    return Math.floor(hwm);
  }
  return getDefaultHighWaterMark(state.objectMode);
}

module.exports = { getDefaultHighWaterMark, setDefaultHighWaterMark, getHighWaterMark };
