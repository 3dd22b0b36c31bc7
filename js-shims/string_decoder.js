'use strict';
// Node 20's `string_decoder` module: StringDecoder decodes a stream of byte chunks, holding back the
// bytes of a character split across chunks (utf8, utf16le, base64 groups of 3) until the rest
// arrives or end() flushes it. The state lives in a 7-byte Buffer, laid out as node's native decoder
// keeps it (so `lastChar`, `lastNeed`, `lastTotal` and inspect output match):
//   [0..3] the incomplete character's bytes, [4] bytes still missing, [5] bytes buffered,
//   [6] the encoding's id.

const { Buffer } = require('buffer');
const {
  internals: { nodeError, invalidArgType, invalidThis },
} = require('internal/event_target');

const kNativeDecoder = Symbol('kNativeDecoder');
const MISSING = 4;
const BUFFERED = 5;
const ENCODING = 6;

// Node's internal encoding ids (enum encoding in node.h).
const ENCODING_IDS = { ascii: 0, utf8: 1, base64: 2, utf16le: 3, latin1: 4, hex: 5, base64url: 7 };

const ENCODING_NAMES = new Map([
  ['utf8', 'utf8'], ['utf-8', 'utf8'],
  ['ucs2', 'utf16le'], ['ucs-2', 'utf16le'], ['utf16le', 'utf16le'], ['utf-16le', 'utf16le'],
  ['latin1', 'latin1'], ['binary', 'latin1'],
  ['ascii', 'ascii'], ['base64', 'base64'], ['base64url', 'base64url'], ['hex', 'hex'],
]);

// A missing or empty encoding is utf8; anything Buffer does not know is refused.
function normalizeEncoding(encoding) {
  if (encoding === undefined || encoding === null || encoding === '') return 'utf8';
  const name = typeof encoding === 'string'
    ? ENCODING_NAMES.get(encoding) ?? ENCODING_NAMES.get(encoding.toLowerCase())
    : undefined;
  if (name === undefined) {
    throw nodeError(TypeError, 'ERR_UNKNOWN_ENCODING', require('util').format('Unknown encoding: %s', encoding));
  }
  return name;
}

// Taken now: node's decoder is native, a script patching Buffer.prototype later cannot reach it.
const bufferToString = Buffer.prototype.toString;

function decodeBytes(bytes, start, end, encoding) {
  return bufferToString.call(bytes, encoding, start, end);
}

// Whether byte b continues a UTF-8 sequence (10xxxxxx).
const isContinuation = (b) => (b & 0xc0) === 0x80;

// Length of the UTF-8 sequence a lead byte announces, 0 if it cannot start one.
function utf8SequenceLength(lead) {
  if ((lead & 0xe0) === 0xc0) return 2;
  if ((lead & 0xf0) === 0xe0) return 3;
  if ((lead & 0xf8) === 0xf0) return 4;
  return 0;
}

// Completes the held-back character with the first bytes of `bytes`; returns how many it took and the
// completed character's text (undefined while still incomplete).
function completePending(state, bytes, encoding) {
  let taken = Math.min(bytes.length, state[MISSING]);
  let missing = state[MISSING] - taken;
  if (encoding === 'utf8') {
    // A byte that cannot continue the character ends it early (it then decodes to U+FFFD).
    for (let i = 0; i < taken; i++) {
      if (!isContinuation(bytes[i])) {
        taken = i;
        missing = 0;
        break;
      }
    }
  }
  state.set(bytes.subarray(0, taken), state[BUFFERED]);
  state[MISSING] = missing;
  state[BUFFERED] += taken;
  if (state[MISSING] > 0) return { taken, text: undefined };
  const text = decodeBytes(state, 0, state[BUFFERED], encoding);
  state[BUFFERED] = 0;
  return { taken, text };
}

// How many trailing bytes of a chunk to hold back, setting state[MISSING] to what they lack.
function holdBackUtf8(state, bytes) {
  const length = bytes.length;
  if ((bytes[length - 1] & 0x80) === 0) return 0;
  // Walk back over at most 3 continuation bytes to the lead byte of the last character.
  for (let i = length - 1, count = 1; ; i--, count++) {
    if (isContinuation(bytes[i])) {
      if (count >= 4 || i === 0) return 0; // not a character we can complete: decodes to U+FFFD
      continue;
    }
    const needed = utf8SequenceLength(bytes[i]);
    if (needed === 0 || count >= needed) return 0; // invalid lead, or the character is complete
    state[MISSING] = needed - count;
    return count;
  }
}

function holdBack(state, bytes, encoding) {
  const length = bytes.length;
  switch (encoding) {
    case 'utf8':
      return holdBackUtf8(state, bytes);
    case 'utf16le':
      if (length % 2 === 1) {
        state[MISSING] = 1; // half a code unit
        return 1;
      }
      if ((bytes[length - 1] & 0xfc) === 0xd8) {
        state[MISSING] = 2; // a high surrogate waiting for its low half
        return 2;
      }
      return 0;
    default: { // base64 and base64url encode whole groups of 3 bytes
      const rest = length % 3;
      if (rest > 0) state[MISSING] = 3 - rest;
      return rest;
    }
  }
}

function decode(state, encoding, bytes) {
  if (encoding === 'ascii' || encoding === 'latin1' || encoding === 'hex') {
    return decodeBytes(bytes, 0, bytes.length, encoding);
  }
  let prefix = '';
  if (state[MISSING] > 0) {
    const { taken, text } = completePending(state, bytes, encoding);
    bytes = bytes.subarray(taken);
    if (text === undefined) return '';
    prefix = text;
  }
  if (bytes.length === 0) return prefix;
  const held = holdBack(state, bytes, encoding);
  const end = bytes.length - held;
  if (held > 0) {
    state.set(bytes.subarray(end), 0);
    state[BUFFERED] = held;
  }
  return end > 0 ? prefix + decodeBytes(bytes, 0, end, encoding) : prefix;
}

// The held-back bytes as they are (an odd UTF-16 byte is dropped); resets the state.
function flush(state, encoding) {
  if (encoding === 'utf16le' && state[BUFFERED] % 2 === 1) {
    state[MISSING]--;
    state[BUFFERED]--;
  }
  if (state[BUFFERED] === 0) return '';
  const text = decodeBytes(state, 0, state[BUFFERED], encoding);
  state[MISSING] = 0;
  state[BUFFERED] = 0;
  return text;
}

function StringDecoder(encoding) {
  this.encoding = normalizeEncoding(encoding);
  this[kNativeDecoder] = Buffer.alloc(7);
  this[kNativeDecoder][ENCODING] = ENCODING_IDS[this.encoding];
}

StringDecoder.prototype.write = function write(buf) {
  if (typeof buf === 'string') return buf;
  if (!ArrayBuffer.isView(buf)) throw invalidArgType('buf', 'an instance of Buffer, TypedArray, or DataView', buf);
  const state = this[kNativeDecoder];
  if (!state) throw invalidThis('StringDecoder');
  return decode(state, this.encoding, new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
};

StringDecoder.prototype.end = function end(buf) {
  let ret = '';
  if (buf !== undefined) ret = this.write(buf);
  if (this[kNativeDecoder][BUFFERED] > 0) ret += flush(this[kNativeDecoder], this.encoding);
  return ret;
};

// Undocumented legacy API, still used by some stream libraries.
StringDecoder.prototype.text = function text(buf, offset) {
  this[kNativeDecoder][MISSING] = 0;
  this[kNativeDecoder][BUFFERED] = 0;
  return this.write(buf.slice(offset));
};

Object.defineProperties(StringDecoder.prototype, {
  lastChar: {
    configurable: true,
    enumerable: true,
    get() {
      return this[kNativeDecoder].subarray(0, 4);
    },
  },
  lastNeed: {
    configurable: true,
    enumerable: true,
    get() {
      return this[kNativeDecoder][MISSING];
    },
  },
  lastTotal: {
    configurable: true,
    enumerable: true,
    get() {
      return this[kNativeDecoder][BUFFERED] + this[kNativeDecoder][MISSING];
    },
  },
});

module.exports = { StringDecoder };
