'use strict';
// Node 20's `punycode` (the bundled punycode.js, version 2.1.0): RFC 3492 Bootstring with the
// IDNA parameters, the `xn--` label mapping of toASCII/toUnicode, and UCS-2 helpers. Errors are
// RangeErrors with punycode.js's messages.

const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;
const SKEW = 38;
const DAMP = 700;
const INITIAL_BIAS = 72;
const INITIAL_N = 128;
const DELIMITER = '-';
const MAX_INT = 2147483647;

const MESSAGES = {
  overflow: 'Overflow: input needs wider integers to process',
  notBasic: 'Illegal input >= 0x80 (not a basic code point)',
  invalidInput: 'Invalid input',
};

function fail(kind) {
  throw new RangeError(MESSAGES[kind]);
}

// Code points of a string; a surrogate without its partner stays a code point of its own.
function ucs2decode(string) {
  const output = [];
  for (let i = 0; i < string.length; i++) {
    const code = string.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < string.length) {
      const next = string.charCodeAt(i + 1);
      if ((next & 0xfc00) === 0xdc00) {
        output.push(((code & 0x3ff) << 10) + (next & 0x3ff) + 0x10000);
        i++;
        continue;
      }
    }
    output.push(code);
  }
  return output;
}

const ucs2encode = (codePoints) => String.fromCodePoint(...codePoints);

// '0'-'9' are 26-35, letters 0-25 in either case; anything else is not a digit.
function digitOf(code) {
  if (code >= 0x30 && code <= 0x39) return code - 0x30 + 26;
  if (code >= 0x41 && code <= 0x5a) return code - 0x41;
  if (code >= 0x61 && code <= 0x7a) return code - 0x61;
  return BASE;
}

// Digits print lowercase.
const charOfDigit = (digit) => String.fromCharCode(digit < 26 ? digit + 0x61 : digit - 26 + 0x30);

function threshold(k, bias) {
  if (k <= bias) return T_MIN;
  if (k >= bias + T_MAX) return T_MAX;
  return k - bias;
}

// RFC 3492 §6.1.
function adapt(delta, numPoints, firstTime) {
  delta = firstTime ? Math.floor(delta / DAMP) : delta >> 1;
  delta += Math.floor(delta / numPoints);
  let k = 0;
  while (delta > ((BASE - T_MIN) * T_MAX) >> 1) {
    delta = Math.floor(delta / (BASE - T_MIN));
    k += BASE;
  }
  return Math.floor(k + ((BASE - T_MIN + 1) * delta) / (delta + SKEW));
}

function decode(input) {
  const output = [];
  const basicEnd = Math.max(input.lastIndexOf(DELIMITER), 0);
  for (let j = 0; j < basicEnd; j++) {
    if (input.charCodeAt(j) >= 0x80) fail('notBasic');
    output.push(input.charCodeAt(j));
  }
  let n = INITIAL_N;
  let bias = INITIAL_BIAS;
  let i = 0;
  for (let index = basicEnd > 0 ? basicEnd + 1 : 0; index < input.length;) {
    // One generalized variable-length integer: the next insertion's delta.
    const oldI = i;
    for (let w = 1, k = BASE; ; k += BASE) {
      if (index >= input.length) fail('invalidInput');
      const digit = digitOf(input.charCodeAt(index++));
      if (digit >= BASE) fail('invalidInput');
      if (digit > Math.floor((MAX_INT - i) / w)) fail('overflow');
      i += digit * w;
      const t = threshold(k, bias);
      if (digit < t) break;
      if (w > Math.floor(MAX_INT / (BASE - t))) fail('overflow');
      w *= BASE - t;
    }
    const length = output.length + 1;
    bias = adapt(i - oldI, length, oldI === 0);
    if (Math.floor(i / length) > MAX_INT - n) fail('overflow');
    n += Math.floor(i / length);
    i %= length;
    output.splice(i++, 0, n);
  }
  return String.fromCodePoint(...output);
}

// The digits of `q` as a generalized variable-length integer.
function encodeInteger(q, bias) {
  let out = '';
  for (let k = BASE; ; k += BASE) {
    const t = threshold(k, bias);
    if (q < t) break;
    out += charOfDigit(t + ((q - t) % (BASE - t)));
    q = Math.floor((q - t) / (BASE - t));
  }
  return out + charOfDigit(q);
}

function encode(input) {
  const codePoints = ucs2decode(input);
  let output = '';
  for (const code of codePoints) {
    if (code < 0x80) output += String.fromCharCode(code);
  }
  const basicLength = output.length;
  let handled = basicLength;
  if (basicLength > 0) output += DELIMITER;
  let n = INITIAL_N;
  let delta = 0;
  let bias = INITIAL_BIAS;
  while (handled < codePoints.length) {
    // The smallest code point not handled yet.
    let m = MAX_INT;
    for (const code of codePoints) if (code >= n && code < m) m = code;
    if (m - n > Math.floor((MAX_INT - delta) / (handled + 1))) fail('overflow');
    delta += (m - n) * (handled + 1);
    n = m;
    for (const code of codePoints) {
      if (code < n && ++delta > MAX_INT) fail('overflow');
      if (code === n) {
        output += encodeInteger(delta, bias);
        bias = adapt(delta, handled + 1, handled === basicLength);
        delta = 0;
        handled++;
      }
    }
    delta++;
    n++;
  }
  return output;
}

// Applies `fn` to each label of a domain; in an email address only the part after the first
// `@` is a domain (punycode.js drops anything after a second `@`).
function mapDomain(domain, fn) {
  const parts = domain.split('@');
  let prefix = '';
  if (parts.length > 1) {
    prefix = `${parts[0]}@`;
    domain = parts[1];
  }
  const labels = domain.replace(/[\x2E\u3002\uFF0E\uFF61]/g, '.').split('.');
  return prefix + labels.map(fn).join('.');
}

function toASCII(input) {
  return mapDomain(input, (label) => (/[^\0-\x7F]/.test(label) ? `xn--${encode(label)}` : label));
}

function toUnicode(input) {
  return mapDomain(input, (label) => (/^xn--/.test(label) ? decode(label.slice(4).toLowerCase()) : label));
}

module.exports = {
  version: '2.1.0',
  ucs2: { decode: ucs2decode, encode: ucs2encode },
  decode,
  encode,
  toASCII,
  toUnicode,
};
