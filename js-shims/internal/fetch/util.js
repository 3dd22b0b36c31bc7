'use strict';
// Helpers shared by the fetch modules: WebIDL-style conversions with the error messages Node 20's
// fetch (undici) uses, and byte/UTF-8 utilities.

const { TextEncoder, TextDecoder } = require('internal/encoding');

// ---------------------------------------------------------------------------------------------------
// Errors

// undici's brand check failure: a plain TypeError carrying Node's code.
function illegalInvocation() {
  const error = new TypeError('Illegal invocation');
  error.code = 'ERR_INVALID_THIS';
  return error;
}

// `fn(...)` called with fewer than `min` arguments.
function checkArgCount(count, min, prefix) {
  if (count >= min) return;
  const plural = min === 1 ? '' : 's';
  const only = count > 0 ? ' only' : '';
  throw new TypeError(`${prefix}: ${min} argument${plural} required, but${only} ${count} found.`);
}

// A TypeError with a `cause` shaped like V8's (own, non-enumerable).
function typeErrorWithCause(message, cause) {
  const error = new TypeError(message);
  Object.defineProperty(error, 'cause', { value: cause, writable: true, configurable: true });
  return error;
}

// Dictionaries (RequestInit, ResponseInit) must be objects, null or undefined.
function checkDictionary(value, prefix) {
  if (value === null || value === undefined || typeof value === 'object' || typeof value === 'function') return;
  throw new TypeError(`${prefix}: Expected ${String(value)} to be one of: Null, Undefined, Object.`);
}

// A WebIDL enumeration member (mode, redirect, ...).
function toEnum(value, allowed, prefix) {
  const text = toDOMString(value, prefix, 'value');
  if (!allowed.includes(text)) {
    throw new TypeError(`${prefix}: ${text} is not an accepted type. Expected one of ${allowed.join(', ')}.`);
  }
  return text;
}

// ---------------------------------------------------------------------------------------------------
// String conversions

function toDOMString(value, prefix, argument) {
  if (typeof value === 'symbol') {
    throw new TypeError(`${prefix}: ${argument} is a symbol, which cannot be converted to a DOMString.`);
  }
  return `${value}`;
}

// Lone surrogates become U+FFFD.
function toUSVString(value, prefix, argument) {
  return toDOMString(value, prefix, argument).toWellFormed();
}

const NOT_LATIN1 = /[^\x00-\xFF]/;

// Every code unit must fit in a byte (header names and values, statusText, methods).
function toByteString(value, prefix, argument) {
  const text = toDOMString(value, prefix, argument);
  const bad = NOT_LATIN1.exec(text);
  if (bad !== null) {
    throw new TypeError('Cannot convert argument to a ByteString because the character at index ' +
      `${bad.index} has a value of ${text.charCodeAt(bad.index)} which is greater than 255.`);
  }
  return text;
}

// RFC 9110 token (header names, methods, MIME types and parameters).
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function isToken(text) {
  return TOKEN.test(text);
}

// ---------------------------------------------------------------------------------------------------
// Bytes

const encoder = new TextEncoder();

function utf8Encode(text) {
  return encoder.encode(text);
}

// UTF-8 with the BOM dropped and invalid sequences as U+FFFD. One whole input is decoded by the
// host, far faster than TextDecoder's streaming mode under QuickJS, so chunks are joined first.
function utf8Decode(bytes) {
  return new TextDecoder().decode(bytes);
}

function utf8DecodeChunks(chunks) {
  return utf8Decode(concatBytes(chunks));
}

function isArrayBuffer(value) {
  return value instanceof ArrayBuffer ||
    (typeof SharedArrayBuffer === 'function' && value instanceof SharedArrayBuffer);
}

// A fresh copy of the bytes of an ArrayBuffer or view (BufferSource), or null for anything else.
function copyBufferSource(value) {
  if (ArrayBuffer.isView(value)) {
    return new Uint8Array(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength));
  }
  if (isArrayBuffer(value)) return new Uint8Array(value.slice(0));
  return null;
}

// One Uint8Array holding all chunks (the single chunk itself when there is only one).
function concatBytes(chunks) {
  if (chunks.length === 1) return chunks[0];
  let length = 0;
  for (const chunk of chunks) length += chunk.byteLength;
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

// An ArrayBuffer of exactly these bytes, owned by the caller.
function toArrayBuffer(chunks) {
  const bytes = concatBytes(chunks);
  if (chunks.length > 1 && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) {
    return bytes.buffer; // already a private copy
  }
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

// ---------------------------------------------------------------------------------------------------
// Pair iterators (Headers, FormData): `next` reads the live list at each step, as undici does, so
// changes made while iterating are seen.

const IteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));

function makePairIterator(tag, entriesOf) {
  const states = new WeakMap(); // iterator -> { target, kind, index }
  const proto = Object.create(IteratorPrototype, {
    next: {
      value: function next() {
        const state = states.get(this);
        if (state === undefined) {
          throw new TypeError(`'next' called on an object that does not implement interface ${tag}.`);
        }
        const entries = entriesOf(state.target);
        if (state.index >= entries.length) return { value: undefined, done: true };
        const [key, value] = entries[state.index++];
        const result = state.kind === 'key' ? key : state.kind === 'value' ? value : [key, value];
        return { value: result, done: false };
      },
      writable: true,
      enumerable: true,
      configurable: true,
    },
    [Symbol.toStringTag]: { value: tag, configurable: true },
  });
  return (target, kind) => {
    const iterator = Object.create(proto);
    states.set(iterator, { target, kind, index: 0 });
    return iterator;
  };
}

// WebIDL attributes and operations are enumerable; class syntax makes them non-enumerable.
function makeEnumerable(proto, names) {
  for (const name of names) {
    const desc = Object.getOwnPropertyDescriptor(proto, name);
    desc.enumerable = true;
    Object.defineProperty(proto, name, desc);
  }
}

function defineToStringTag(Cls, tag) {
  Object.defineProperty(Cls.prototype, Symbol.toStringTag, { value: tag, configurable: true });
}

const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

module.exports = {
  illegalInvocation,
  checkArgCount,
  typeErrorWithCause,
  checkDictionary,
  toEnum,
  toDOMString,
  toUSVString,
  toByteString,
  isToken,
  utf8Encode,
  utf8Decode,
  utf8DecodeChunks,
  isArrayBuffer,
  copyBufferSource,
  concatBytes,
  toArrayBuffer,
  makePairIterator,
  makeEnumerable,
  defineToStringTag,
  inspectCustom,
};
