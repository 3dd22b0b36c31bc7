'use strict';
// TextEncoder, TextDecoder (utf-8, utf-16le/be, windows-1252), atob/btoa and structuredClone, with
// Node 20's observable behaviour (error classes, codes and messages included).

const {
  DOMException,
  internals: { nodeError, invalidArgType, missingArgs, invalidThis, validateObject },
} = require('internal/event_target');
const ops = require('internal/ops');

// ---------------------------------------------------------------------------------------------------
// Binary helpers. Brand checks test internal slots (not prototypes), so subclasses and look-alikes
// are told apart the way the engine itself does.

const typedArrayTag = Object.getOwnPropertyDescriptor(
  Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag).get;

function typedArrayName(value) {
  return typedArrayTag.call(value); // undefined for anything that is not a typed array
}

function brandCheck(getterOrMethod, value) {
  try {
    getterOrMethod.call(value);
    return true;
  } catch {
    return false;
  }
}

const arrayBufferByteLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength').get;
const sharedByteLength = typeof SharedArrayBuffer === 'function'
  ? Object.getOwnPropertyDescriptor(SharedArrayBuffer.prototype, 'byteLength').get
  : null;

function isArrayBuffer(value) {
  return brandCheck(arrayBufferByteLength, value);
}

function isSharedArrayBuffer(value) {
  return sharedByteLength !== null && brandCheck(sharedByteLength, value);
}

// Bytes of an ArrayBuffer, SharedArrayBuffer or view, without copying; null for anything else.
function bytesOf(input) {
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (isArrayBuffer(input) || isSharedArrayBuffer(input)) return new Uint8Array(input);
  return null;
}

// Code units -> string, in slices so huge inputs do not overflow the argument list.
function unitsToString(units, length) {
  const CHUNK = 8192;
  let out = '';
  for (let i = 0; i < length; i += CHUNK) {
    out += String.fromCharCode.apply(null, units.subarray(i, Math.min(i + CHUNK, length)));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// TextEncoder

// UTF-8 length and the code point starting at index i (lone surrogates count as U+FFFD).
function codePointAt(str, i) {
  const c = str.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff) {
    const next = str.charCodeAt(i + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return { cp: 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00), units: 2 };
  }
  if (c >= 0xd800 && c <= 0xdfff) return { cp: 0xfffd, units: 1 };
  return { cp: c, units: 1 };
}

function utf8Length(cp) {
  if (cp < 0x80) return 1;
  if (cp < 0x800) return 2;
  return cp < 0x10000 ? 3 : 4;
}

function writeUtf8(dest, at, cp, length) {
  if (length === 1) {
    dest[at] = cp;
    return;
  }
  const lead = [0, 0, 0xc0, 0xe0, 0xf0][length];
  dest[at] = lead | (cp >> (6 * (length - 1)));
  for (let k = 1; k < length; k++) dest[at + k] = 0x80 | ((cp >> (6 * (length - 1 - k))) & 0x3f);
}

class TextEncoder {
  get encoding() {
    if (!(this instanceof TextEncoder)) throw invalidThis('TextEncoder');
    return 'utf-8';
  }

  encode(input = '') {
    if (!(this instanceof TextEncoder)) throw invalidThis('TextEncoder');
    return ops.utf8Encode(`${input}`);
  }

  // Writes whole characters only, stopping at the first one that does not fit.
  encodeInto(src, dest) {
    if (!(this instanceof TextEncoder)) throw invalidThis('TextEncoder');
    if (typeof src !== 'string') throw invalidArgType('src', 'of type string', src);
    if (typedArrayName(dest) !== 'Uint8Array') throw invalidArgType('dest', 'an instance of Uint8Array', dest);
    let read = 0;
    let written = 0;
    while (read < src.length) {
      const { cp, units } = codePointAt(src, read);
      const length = utf8Length(cp);
      if (written + length > dest.length) break;
      writeUtf8(dest, written, cp, length);
      read += units;
      written += length;
    }
    return { read, written };
  }
}

Object.defineProperty(TextEncoder.prototype, Symbol.toStringTag, { value: 'TextEncoder', configurable: true });

// ---------------------------------------------------------------------------------------------------
// Decoders (WHATWG Encoding): each keeps the state of a split sequence between streaming calls.
// `decode(bytes, out, at, flush, fail)` writes UTF-16 code units into `out` from `at` and returns the
// new end; `fail()` either throws (fatal mode) or returns U+FFFD to write.

const REPLACEMENT = 0xfffd;

function writeCodePoint(out, at, cp) {
  if (cp < 0x10000) {
    out[at] = cp;
    return at + 1;
  }
  cp -= 0x10000;
  out[at] = 0xd800 + (cp >> 10);
  out[at + 1] = 0xdc00 + (cp & 0x3ff);
  return at + 2;
}

// The state lives in locals during a call (much faster in QuickJS) and is saved at the end; when
// fail() throws, TextDecoder resets the decoder, so nothing is lost.
class Utf8Decoder {
  needed = 0; // continuation bytes still expected
  seen = 0;
  codePoint = 0;
  lower = 0x80; // bounds of the next continuation byte (narrowed after E0, ED, F0, F4)
  upper = 0xbf;

  reset() {
    this.save(0, 0, 0, 0x80, 0xbf);
  }

  save(needed, seen, codePoint, lower, upper) {
    this.needed = needed;
    this.seen = seen;
    this.codePoint = codePoint;
    this.lower = lower;
    this.upper = upper;
  }

  decode(bytes, out, at, flush, fail) {
    let { needed, seen, codePoint, lower, upper } = this;
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i];
      if (needed === 0) {
        if (byte < 0x80) {
          out[at++] = byte;
        } else if (byte >= 0xc2 && byte <= 0xdf) {
          needed = 1;
          codePoint = byte & 0x1f;
        } else if (byte >= 0xe0 && byte <= 0xef) {
          if (byte === 0xe0) lower = 0xa0;
          if (byte === 0xed) upper = 0x9f;
          needed = 2;
          codePoint = byte & 0xf;
        } else if (byte >= 0xf0 && byte <= 0xf4) {
          if (byte === 0xf0) lower = 0x90;
          if (byte === 0xf4) upper = 0x8f;
          needed = 3;
          codePoint = byte & 0x7;
        } else {
          out[at++] = fail(); // a byte that can never start a sequence
        }
        continue;
      }
      if (byte < lower || byte > upper) {
        // The broken sequence is one error; the byte itself is decoded afresh.
        needed = seen = codePoint = 0;
        lower = 0x80;
        upper = 0xbf;
        out[at++] = fail();
        i--;
        continue;
      }
      lower = 0x80;
      upper = 0xbf;
      codePoint = (codePoint << 6) | (byte & 0x3f);
      if (++seen === needed) {
        at = writeCodePoint(out, at, codePoint);
        needed = seen = codePoint = 0;
      }
    }
    this.save(needed, seen, codePoint, lower, upper);
    if (flush && needed !== 0) {
      this.reset();
      out[at++] = fail();
    }
    return at;
  }
}

class Utf16Decoder {
  leadByte = -1;
  leadSurrogate = -1;

  constructor(bigEndian) {
    this.bigEndian = bigEndian;
  }

  reset() {
    this.leadByte = -1;
    this.leadSurrogate = -1;
  }

  decode(bytes, out, at, flush, fail) {
    for (let i = 0; i < bytes.length; i++) {
      if (this.leadByte === -1) {
        this.leadByte = bytes[i];
        continue;
      }
      const unit = this.bigEndian ? (this.leadByte << 8) | bytes[i] : this.leadByte | (bytes[i] << 8);
      this.leadByte = -1;
      if (this.leadSurrogate !== -1) {
        const lead = this.leadSurrogate;
        this.leadSurrogate = -1;
        if (unit >= 0xdc00 && unit <= 0xdfff) {
          out[at++] = lead;
          out[at++] = unit;
          continue;
        }
        out[at++] = fail(); // unpaired lead; `unit` is then handled on its own below
      }
      if (unit >= 0xd800 && unit <= 0xdbff) this.leadSurrogate = unit;
      else if (unit >= 0xdc00 && unit <= 0xdfff) out[at++] = fail();
      else out[at++] = unit;
    }
    if (flush && (this.leadByte !== -1 || this.leadSurrogate !== -1)) {
      this.reset();
      out[at++] = fail();
    }
    return at;
  }
}

// windows-1252 differs from latin1 only in 0x80-0x9F.
const windows1252High = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
  0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
];

class Windows1252Decoder {
  reset() {}

  decode(bytes, out, at) {
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i];
      out[at++] = byte >= 0x80 && byte <= 0x9f ? windows1252High[byte - 0x80] : byte;
    }
    return at;
  }
}

const encodings = {
  'utf-8': {
    labels: ['unicode-1-1-utf-8', 'unicode11utf8', 'unicode20utf8', 'utf-8', 'utf8', 'x-unicode20utf8'],
    create: () => new Utf8Decoder(),
    stripsBOM: true,
    // Node 20's messages for a bad `input` differ by encoding (they come from different code paths).
    badInput: 'The "list" argument must be an instance of SharedArrayBuffer, ArrayBuffer or ArrayBufferView.',
    checksOptions: false,
  },
  'utf-16le': {
    labels: ['csunicode', 'iso-10646-ucs-2', 'ucs-2', 'unicode', 'unicodefeff', 'utf-16', 'utf-16le'],
    create: () => new Utf16Decoder(false),
    stripsBOM: true,
    badInput: 'The "input" argument must be an instance of SharedArrayBuffer, ArrayBuffer or ArrayBufferView.',
    checksOptions: true,
  },
  'utf-16be': {
    labels: ['unicodefffe', 'utf-16be'],
    create: () => new Utf16Decoder(true),
    stripsBOM: true,
    badInput: 'The "input" argument must be an instance of SharedArrayBuffer, ArrayBuffer or ArrayBufferView.',
    checksOptions: true,
  },
  'windows-1252': {
    labels: [
      'ansi_x3.4-1968', 'ascii', 'cp1252', 'cp819', 'csisolatin1', 'ibm819', 'iso-8859-1', 'iso-ir-100',
      'iso8859-1', 'iso88591', 'iso_8859-1', 'iso_8859-1:1987', 'l1', 'latin1', 'us-ascii', 'windows-1252',
      'x-cp1252',
    ],
    create: () => new Windows1252Decoder(),
    stripsBOM: false,
    badInput: 'The "input" argument must be an instance of ArrayBuffer, SharedArrayBuffer, or ArrayBufferView.',
    checksOptions: false,
  },
};

const encodingByLabel = new Map();
for (const [name, encoding] of Object.entries(encodings)) {
  for (const label of encoding.labels) encodingByLabel.set(label, name);
}

// Labels are matched after trimming ASCII whitespace, case-insensitively.
function encodingForLabel(label) {
  return encodingByLabel.get(label.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '').toLowerCase());
}

function checkDecoder(self) {
  if (!isTextDecoder(self)) throw invalidThis('TextDecoder');
}

let isTextDecoder;

class TextDecoder {
  #encoding;
  #fatal;
  #ignoreBOM;
  #decoder;
  #bomSeen = false;
  #streaming = false; // the previous call had { stream: true }: keep the decoder's pending bytes

  constructor(label = 'utf-8', options = {}) {
    label = `${label}`;
    validateObject(options, 'options', { allowNull: true, loose: true });
    const encoding = encodingForLabel(label);
    if (encoding === undefined) {
      throw nodeError(RangeError, 'ERR_ENCODING_NOT_SUPPORTED', `The "${label}" encoding is not supported`);
    }
    this.#encoding = encoding;
    this.#fatal = Boolean(options?.fatal);
    this.#ignoreBOM = Boolean(options?.ignoreBOM);
    this.#decoder = encodings[encoding].create();
  }

  decode(input = undefined, options = {}) {
    checkDecoder(this);
    const spec = encodings[this.#encoding];
    const bytes = input === undefined ? new Uint8Array(0) : bytesOf(input);
    if (bytes === null) throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', spec.badInput);
    if (spec.checksOptions) validateObject(options, 'options', { allowNull: true, loose: true });
    const stream = Boolean(options?.stream);
    const fresh = !this.#streaming;
    if (fresh) {
      this.#decoder.reset();
      this.#bomSeen = false;
    }
    this.#streaming = stream;
    // One whole UTF-8 input: the host decodes it (same replacement rules, far faster).
    if (fresh && !stream && this.#encoding === 'utf-8' && !this.#fatal) {
      return this.#stripBOM(ops.utf8Decode(bytes), spec);
    }
    // Each byte yields at most one code unit, plus one per error on bytes held from an earlier call.
    const out = new Uint16Array(bytes.length + 4);
    let length;
    try {
      length = this.#decoder.decode(bytes, out, 0, !stream, () => this.#onError());
    } catch (err) {
      this.#decoder.reset();
      this.#streaming = false;
      throw err;
    }
    return this.#stripBOM(unitsToString(out, length), spec);
  }

  get encoding() {
    checkDecoder(this);
    return this.#encoding;
  }

  get fatal() {
    checkDecoder(this);
    return this.#fatal;
  }

  get ignoreBOM() {
    checkDecoder(this);
    return this.#ignoreBOM;
  }

  #onError() {
    if (this.#fatal) {
      throw nodeError(TypeError, 'ERR_ENCODING_INVALID_ENCODED_DATA',
        `The encoded data was not valid for encoding ${this.#encoding}`);
    }
    return REPLACEMENT;
  }

  // A leading U+FEFF of the stream (not of each chunk) is dropped unless ignoreBOM.
  #stripBOM(text, spec) {
    if (this.#bomSeen || text.length === 0) return text;
    this.#bomSeen = true;
    if (spec.stripsBOM && !this.#ignoreBOM && text.charCodeAt(0) === 0xfeff) return text.slice(1);
    return text;
  }

  static {
    isTextDecoder = (value) => value !== null && typeof value === 'object' && #encoding in value;
  }
}

Object.defineProperty(TextDecoder.prototype, Symbol.toStringTag, { value: 'TextDecoder', configurable: true });

// ---------------------------------------------------------------------------------------------------
// atob / btoa

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const base64Values = new Int8Array(128).fill(-1); // char code -> 6-bit value, -1 if not base64
for (let i = 0; i < BASE64.length; i++) base64Values[BASE64.charCodeAt(i)] = i;

function invalidCharacter(message = 'Invalid character') {
  return new DOMException(message, 'InvalidCharacterError');
}

function isAsciiWhitespace(c) {
  return c === ' ' || c === '\t' || c === '\n' || c === '\f' || c === '\r';
}

function btoa(input) {
  if (arguments.length === 0) throw missingArgs('input');
  const str = `${input}`;
  let out = '';
  for (let i = 0; i < str.length; i += 3) {
    const a = str.charCodeAt(i);
    const b = i + 1 < str.length ? str.charCodeAt(i + 1) : 0;
    const c = i + 2 < str.length ? str.charCodeAt(i + 2) : 0;
    if (a > 0xff || b > 0xff || c > 0xff) throw invalidCharacter();
    out += BASE64[a >> 2] + BASE64[((a & 3) << 4) | (b >> 4)];
    out += i + 1 < str.length ? BASE64[((b & 15) << 2) | (c >> 6)] : '=';
    out += i + 2 < str.length ? BASE64[c & 63] : '=';
  }
  return out;
}

// Up to two trailing '=' (whitespace allowed around them) are padding; returns [bodyEnd, count].
function trailingPadding(str) {
  let end = str.length;
  let count = 0;
  const skipWhitespace = () => {
    while (end > 0 && isAsciiWhitespace(str[end - 1])) end--;
  };
  skipWhitespace();
  while (count < 2 && end > 0 && str[end - 1] === '=') {
    count++;
    end--;
    skipWhitespace();
  }
  return [end, count];
}

// Forgiving-base64 decode. Node 20 reports a bad character (or misplaced '=') as 'Invalid character'
// and a dangling single character as 'not correctly encoded'; we mirror which message it picks.
function atob(input) {
  if (arguments.length === 0) throw missingArgs('input');
  const str = `${input}`;
  const [end, padding] = trailingPadding(str);
  const values = new Uint8Array(end);
  let count = 0;
  for (let i = 0; i < end; i++) {
    const code = str.charCodeAt(i);
    const value = code < 128 ? base64Values[code] : -1;
    if (value >= 0) values[count++] = value;
    else if (!isAsciiWhitespace(str[i])) throw invalidCharacter();
  }
  if (count % 4 === 1) throw invalidCharacter('The string to be decoded is not correctly encoded.');
  if (padding > 0 && (count + padding) % 4 !== 0) throw invalidCharacter();
  return unitsToString(decodeBase64Values(values, count), Math.floor((count * 3) / 4));
}

// 6-bit values -> bytes; a trailing group of 2 or 3 values yields 1 or 2 bytes.
function decodeBase64Values(values, count) {
  const out = new Uint8Array(Math.floor((count * 3) / 4));
  let at = 0;
  for (let i = 0; i < count; i += 4) {
    const n = (values[i] << 18) | (values[i + 1] << 12) | (values[i + 2] << 6) | values[i + 3];
    out[at++] = n >> 16;
    if (i + 2 < count) out[at++] = (n >> 8) & 0xff;
    if (i + 3 < count) out[at++] = n & 0xff;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// structuredClone

function dataCloneError(message) {
  return new DOMException(message, 'DataCloneError');
}

const errorConstructors = {
  Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError,
};

// Objects V8 refuses, by tag; its message names the first kind `#<Tag>`, the second `[object Tag]`.
const refusedAsHash = new Set(['Promise', 'WeakMap', 'WeakSet', 'WeakRef', 'FinalizationRegistry']);
const refusedAsObjectString = new Set(['Generator', 'AsyncGenerator', 'Symbol']);

const dateValue = Date.prototype.getTime;
const regexpSource = Object.getOwnPropertyDescriptor(RegExp.prototype, 'source').get;
const mapHas = Map.prototype.has;
const setHas = Set.prototype.has;
const primitiveWrappers = {
  Boolean: [Boolean.prototype.valueOf, Boolean],
  Number: [Number.prototype.valueOf, Number],
  String: [String.prototype.valueOf, String],
  BigInt: [BigInt.prototype.valueOf, BigInt],
};
const domExceptionName = Object.getOwnPropertyDescriptor(DOMException.prototype, 'name').get;

function describeUncloneable(value) {
  if (typeof value === 'function') return Function.prototype.toString.call(value);
  if (typeof value === 'symbol') return String(value);
  return `#<${value.constructor?.name ?? 'Object'}>`;
}

function validateTransfer(options) {
  if (options === undefined || options === null) return [];
  if (typeof options !== 'object') {
    throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', 'The options argument must be either an object or undefined');
  }
  const list = options.transfer;
  if (list === undefined || list === null) return [];
  if (typeof list !== 'object' || typeof list[Symbol.iterator] !== 'function') {
    throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', 'Optional transferList argument must be an iterable');
  }
  const buffers = [];
  for (const item of list) {
    if (!isArrayBuffer(item)) {
      throw nodeError(TypeError, 'ERR_INVALID_TRANSFER_OBJECT', 'Found invalid object in transferList');
    }
    if (buffers.includes(item)) throw dataCloneError('Transfer list contains duplicate ArrayBuffer');
    buffers.push(item);
  }
  return buffers;
}

class Cloner {
  memo = new Map(); // original -> clone: shared references and cycles stay shared

  clone(value) {
    if (typeof value === 'symbol' || typeof value === 'function') {
      throw dataCloneError(`${describeUncloneable(value)} could not be cloned.`);
    }
    if (value === null || typeof value !== 'object') return value;
    const known = this.memo.get(value);
    if (known !== undefined) return known;
    return this.cloneObject(value);
  }

  remember(original, copy) {
    this.memo.set(original, copy);
    return copy;
  }

  // The Object.prototype.toString tag picks the candidate type without throwing (exceptions are slow
  // in QuickJS); a brand check then confirms it, so a spoofed Symbol.toStringTag gets a plain copy.
  cloneObject(value) {
    if (Array.isArray(value)) return this.copyProperties(value, this.remember(value, new Array(value.length)));
    if (ArrayBuffer.isView(value)) return this.cloneView(value);
    const tag = Object.prototype.toString.call(value).slice(8, -1);
    const copy = this.cloneTagged(value, tag);
    if (copy !== undefined) return copy;
    if (refusedAsHash.has(tag)) throw dataCloneError(`#<${tag}> could not be cloned.`);
    if (refusedAsObjectString.has(tag)) throw dataCloneError(`[object ${tag}] could not be cloned.`);
    // Anything else (class instances included) becomes a plain object of its own enumerable data.
    return this.copyProperties(value, this.remember(value, {}));
  }

  cloneTagged(value, tag) {
    switch (tag) {
      case 'Date':
        return brandCheck(dateValue, value) ? this.remember(value, new Date(dateValue.call(value))) : undefined;
      case 'RegExp':
        return brandCheck(regexpSource, value) ? this.remember(value, new RegExp(value.source, value.flags)) : undefined;
      case 'Boolean':
      case 'Number':
      case 'String':
      case 'BigInt': {
        const [valueOf, Wrapper] = primitiveWrappers[tag];
        return brandCheck(valueOf, value) ? this.remember(value, Object(Wrapper(valueOf.call(value)))) : undefined;
      }
      case 'ArrayBuffer':
        return isArrayBuffer(value) ? this.remember(value, value.slice(0)) : undefined;
      case 'SharedArrayBuffer': // shared memory stays shared
        return isSharedArrayBuffer(value) ? this.remember(value, value) : undefined;
      case 'Map':
        return brandCheck(mapHas, value) ? this.cloneMap(value) : undefined;
      case 'Set':
        return brandCheck(setHas, value) ? this.cloneSet(value) : undefined;
      case 'DOMException':
        return brandCheck(domExceptionName, value)
          ? this.remember(value, new DOMException(value.message, value.name))
          : undefined;
      case 'Error': // the tag already means [[ErrorData]] unless spoofed; Error.isError can tell
        return typeof Error.isError === 'function' && !Error.isError(value) ? undefined : this.cloneError(value);
      default:
        return undefined;
    }
  }

  copyProperties(from, to) {
    for (const key of Object.keys(from)) to[key] = this.clone(from[key]);
    return to;
  }

  // Views keep sharing one cloned buffer, as their originals did.
  cloneView(view) {
    const buffer = this.clone(view.buffer);
    const name = typedArrayName(view);
    const copy = name === undefined
      ? new DataView(buffer, view.byteOffset, view.byteLength)
      : new globalThis[name](buffer, view.byteOffset, view.length);
    return this.remember(view, copy);
  }

  cloneMap(map) {
    const copy = this.remember(map, new Map());
    for (const [k, v] of Map.prototype.entries.call(map)) copy.set(this.clone(k), this.clone(v));
    return copy;
  }

  cloneSet(set) {
    const copy = this.remember(set, new Set());
    for (const v of Set.prototype.values.call(set)) copy.add(this.clone(v));
    return copy;
  }

  // V8 keeps the prototype only for the standard error names, and an own data `message`, a string
  // `stack` and an own `cause`; other properties are dropped.
  cloneError(error) {
    const Ctor = errorConstructors[error.name] ?? Error;
    const copy = this.remember(error, new Ctor());
    const define = (key, v) => Object.defineProperty(copy, key, { value: v, writable: true, configurable: true });
    const message = Object.getOwnPropertyDescriptor(error, 'message');
    if (message && 'value' in message) define('message', `${message.value}`);
    // Without a string stack on the original, the copy must not show its own construction stack.
    const { stack } = error;
    define('stack', typeof stack === 'string' ? stack : undefined);
    if (Object.prototype.hasOwnProperty.call(error, 'cause')) define('cause', this.clone(error.cause));
    return copy;
  }
}

// Detaches transferred buffers (when the engine can) once the clone has succeeded.
function detach(buffer) {
  if (typeof buffer.transfer === 'function') buffer.transfer();
}

function structuredClone(value, options = undefined) {
  if (arguments.length === 0) {
    throw nodeError(TypeError, 'ERR_MISSING_ARGS', 'The value argument must be specified');
  }
  const transfer = validateTransfer(options);
  const cloner = new Cloner();
  for (const buffer of transfer) cloner.remember(buffer, buffer.slice(0));
  const result = cloner.clone(value);
  transfer.forEach(detach);
  return result;
}

module.exports = { TextEncoder, TextDecoder, atob, btoa, structuredClone };
