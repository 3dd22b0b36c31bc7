'use strict';
// randomBytes, randomFill(Sync), randomInt and randomUUID over the OS generator (host op
// `randomFillAny`). Node computes the callback forms on its thread pool; kvm fills synchronously
// and calls back on a later turn (setImmediate), so callers still see them asynchronous.

const ops = require('internal/ops');
const {
  invalidArgType, outOfRange, validateFunction, validateObject, isAnyArrayBuffer, getBuffer,
} = require('internal/crypto/util');

const kMaxLength = 2 ** 31 - 1;
// randomInt draws 48-bit numbers.
const RAND_MAX = 0xffff_ffff_ffff;

function fill(buffer, offset, size) {
  const view = ArrayBuffer.isView(buffer)
    ? new Uint8Array(buffer.buffer, buffer.byteOffset + offset, size)
    : new Uint8Array(buffer, offset, size);
  ops.randomFillAny(view);
}

function validateNumber(value, name) {
  if (typeof value !== 'number') throw invalidArgType(name, 'of type number', value);
}

function assertOffset(offset, elementSize, length) {
  validateNumber(offset, 'offset');
  offset *= elementSize;
  const max = Math.min(length, kMaxLength);
  if (Number.isNaN(offset) || offset > max || offset < 0) {
    throw outOfRange('offset', `>= 0 && <= ${max}`, offset);
  }
  return offset >>> 0;
}

function assertSize(size, elementSize, offset, length) {
  validateNumber(size, 'size');
  size *= elementSize;
  if (Number.isNaN(size) || size > kMaxLength || size < 0) {
    throw outOfRange('size', `>= 0 && <= ${kMaxLength}`, size);
  }
  if (size + offset > length) throw outOfRange('size + offset', `<= ${length}`, size + offset);
  return size >>> 0;
}

function validateBuffer(buf) {
  if (!isAnyArrayBuffer(buf) && !ArrayBuffer.isView(buf)) {
    throw invalidArgType('buf', 'an instance of ArrayBuffer or ArrayBufferView', buf);
  }
}

function randomBytes(size, callback) {
  size = assertSize(size, 1, 0, Infinity);
  if (callback !== undefined) validateFunction(callback, 'callback');
  // Allocated on the JS heap, under the isolate's memory cap, then filled by the host.
  const buf = getBuffer().alloc(size);
  fill(buf, 0, size);
  if (callback === undefined) return buf;
  setImmediate(callback, null, buf);
  return undefined;
}

function randomFillSync(buf, offset = 0, size) {
  validateBuffer(buf);
  const elementSize = buf.BYTES_PER_ELEMENT || 1;
  offset = assertOffset(offset, elementSize, buf.byteLength);
  size = size === undefined ? buf.byteLength - offset
    : assertSize(size, elementSize, offset, buf.byteLength);
  if (size > 0) fill(buf, offset, size);
  return buf;
}

function randomFill(buf, offset, size, callback) {
  validateBuffer(buf);
  const elementSize = buf.BYTES_PER_ELEMENT || 1;
  if (typeof offset === 'function') {
    callback = offset;
    offset = 0;
    size = buf.byteLength;
  } else if (typeof size === 'function') {
    callback = size;
    offset = assertOffset(offset, elementSize, buf.byteLength);
    size = buf.byteLength - offset;
  } else {
    validateFunction(callback, 'callback');
    offset = assertOffset(offset, elementSize, buf.byteLength);
    size = size === undefined ? buf.byteLength - offset
      : assertSize(size, elementSize, offset, buf.byteLength);
  }
  validateFunction(callback, 'callback');
  if (size === 0) {
    callback(null, buf);
    return;
  }
  fill(buf, offset, size);
  setImmediate(callback, null, buf);
}

// A uniform integer in [min, max): 48-bit draws, rejecting the top values that would bias it.
function randomInt(min, max, callback) {
  const minNotSpecified = max === undefined || typeof max === 'function';
  if (minNotSpecified) {
    callback = max;
    max = min;
    min = 0;
  }
  const isSync = callback === undefined;
  if (!isSync) validateFunction(callback, 'callback');
  if (!Number.isSafeInteger(min)) throw invalidArgType('min', 'a safe integer', min);
  if (!Number.isSafeInteger(max)) throw invalidArgType('max', 'a safe integer', max);
  if (max <= min) {
    throw outOfRange('max', `greater than the value of "min" (${min})`, max);
  }
  const range = max - min;
  if (!(range <= RAND_MAX)) {
    throw outOfRange(`max${minNotSpecified ? '' : ' - min'}`, `<= ${RAND_MAX}`, range);
  }
  const limit = RAND_MAX - (RAND_MAX % range);
  const draw = new Uint8Array(6);
  for (;;) {
    ops.randomFillAny(draw);
    const x = draw[0] * 2 ** 40 + draw[1] * 2 ** 32 +
      ((draw[2] << 24) >>> 0) + (draw[3] << 16) + (draw[4] << 8) + draw[5];
    if (x < limit) {
      const n = (x % range) + min;
      if (isSync) return n;
      process.nextTick(callback, undefined, n);
      return undefined;
    }
  }
}

function randomUUID(options) {
  if (options !== undefined) validateObject(options, 'options');
  const disable = options?.disableEntropyCache;
  if (disable !== undefined && typeof disable !== 'boolean') {
    throw invalidArgType('options.disableEntropyCache', 'of type boolean', disable);
  }
  return ops.randomUUID();
}

module.exports = { randomBytes, randomFillSync, randomFill, randomInt, randomUUID };
