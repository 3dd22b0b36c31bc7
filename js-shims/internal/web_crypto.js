// The `crypto` global's random parts (Web Crypto): bytes from the OS through the host.
'use strict';

const ops = require('internal/ops');

const INTEGER_ARRAYS = ['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array',
  'Uint16Array', 'Int32Array', 'Uint32Array', 'BigInt64Array', 'BigUint64Array'];

function getRandomValues(array) {
  const kind = array && Object.prototype.toString.call(array).slice(8, -1);
  if (!INTEGER_ARRAYS.includes(kind)) {
    const error = new TypeError(
      'The data argument must be an integer-type TypedArray');
    error.code = 'ERR_INVALID_ARG_TYPE';
    throw error;
  }
  if (array.byteLength > 65536) {
    const { DOMException } = require('internal/event_target');
    throw new DOMException(`The ArrayBufferView's byte length (${array.byteLength}) exceeds ` +
      'the number of bytes of entropy available via this API (65536)', 'QuotaExceededError');
  }
  ops.randomFill(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  return array;
}

function randomUUID() {
  return ops.randomUUID();
}

module.exports = { getRandomValues, randomUUID };
