'use strict';
// Node 20's `querystring`: parse/stringify of `a=1&b=2` strings, and the escape/unescape
// functions they use. Output is Node's byte for byte (tests/node-compat/querystring.js),
// including its quirks, each noted where it happens:
// - a value is only percent-decoded when it holds a valid `%XX` (so `%zzé` stays as is, while
//   `%41%zzé` goes through the lenient byte decoder that keeps one byte per character);
// - a multi-character separator that starts matching and then fails is not matched again from
//   the failing character (`'aab'` has no `'ab'` separator for Node);
// - with a custom decoder, `+` reaches it as `%20`;
// - `escape`, `unescape` and `unescapeBuffer` are looked up on the module when used, so
//   replacing them (as some libraries do) changes parse and stringify.

const HEX = '0123456789ABCDEF';

const isHexDigit = (code) =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);

function hexValue(code) {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

// Characters left as they are: the URI "unreserved" set plus `!'()*`.
const UNESCAPED = /[A-Za-z0-9!'()*\-._~]/;

function uriMalformed() {
  const error = new URIError('URI malformed');
  error.code = 'ERR_INVALID_URI';
  return error;
}

const percent = (byte) => `%${HEX[byte >> 4]}${HEX[byte & 15]}`;

// UTF-8 percent-encoding; a lone surrogate cannot be encoded.
function escapeString(str) {
  let out = '';
  for (let i = 0; i < str.length; i++) {
    const ch = str[i];
    let code = str.charCodeAt(i);
    if (code < 0x80) {
      out += UNESCAPED.test(ch) ? ch : percent(code);
    } else if (code < 0x800) {
      out += percent(0xc0 | (code >> 6)) + percent(0x80 | (code & 63));
    } else if (code < 0xd800 || code >= 0xe000) {
      out += percent(0xe0 | (code >> 12)) + percent(0x80 | ((code >> 6) & 63)) +
        percent(0x80 | (code & 63));
    } else {
      const low = str.charCodeAt(i + 1);
      if (code >= 0xdc00 || !(low >= 0xdc00 && low < 0xe000)) throw uriMalformed();
      i++;
      code = 0x10000 + (((code & 0x3ff) << 10) | (low & 0x3ff));
      out += percent(0xf0 | (code >> 18)) + percent(0x80 | ((code >> 12) & 63)) +
        percent(0x80 | ((code >> 6) & 63)) + percent(0x80 | (code & 63));
    }
  }
  return out;
}

function escape(str) {
  if (typeof str !== 'string') {
    if (typeof str === 'object') str = String(str);
    else str += '';
  }
  return escapeString(str);
}

// Decodes `%XX` into bytes and keeps anything else, one byte per character (Node's lenient
// fallback: characters above 0xFF keep only their low byte).
function unescapeBuffer(s, decodeSpaces) {
  const bytes = new Uint8Array(s.length);
  let length = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code === 43 && decodeSpaces) {
      bytes[length++] = 32;
    } else if (code === 37 && i < s.length - 2 && isHexDigit(s.charCodeAt(i + 1)) &&
               isHexDigit(s.charCodeAt(i + 2))) {
      bytes[length++] = hexValue(s.charCodeAt(i + 1)) * 16 + hexValue(s.charCodeAt(i + 2));
      i += 2;
    } else {
      bytes[length++] = code;
    }
  }
  const used = bytes.subarray(0, length);
  const B = globalThis.Buffer;
  return typeof B === 'function' ? B.from(used.buffer, 0, length) : used;
}

function bytesToString(bytes) {
  if (typeof bytes.toString === 'function' && bytes.toString !== Uint8Array.prototype.toString) {
    return bytes.toString();
  }
  return new TextDecoder().decode(bytes);
}

function unescape(s, decodeSpaces) {
  try {
    return decodeURIComponent(s);
  } catch {
    return bytesToString(module.exports.unescapeBuffer(s, decodeSpaces));
  }
}

// ---------------------------------------------------------------------------------------------
// stringify

function primitiveText(value) {
  switch (typeof value) {
    case 'string': return value;
    case 'number': return Number.isFinite(value) ? `${value}` : '';
    case 'bigint': return `${value}`;
    case 'boolean': return value ? 'true' : 'false';
    default: return '';
  }
}

// With the built-in escape, numbers and booleans need no escaping (except `1e+21`'s plus).
function encodeWithDefault(value, encode) {
  if (typeof value === 'string') return value.length > 0 ? encode(value) : '';
  if (typeof value === 'number' && Number.isFinite(value)) {
    return Math.abs(value) < 1e21 ? `${value}` : encode(`${value}`);
  }
  return primitiveText(value);
}

function encodeWithCustom(value, encode) {
  return encode(primitiveText(value));
}

function stringify(obj, sep, eq, options) {
  sep = sep || '&';
  eq = eq || '=';
  let encode = module.exports.escape;
  if (options && typeof options.encodeURIComponent === 'function') {
    encode = options.encodeURIComponent;
  }
  const convert = encode === escape ? encodeWithDefault : encodeWithCustom;
  if (obj === null || typeof obj !== 'object') return '';
  let out = '';
  for (const key of Object.keys(obj)) {
    const value = obj[key];
    const prefix = convert(key, encode) + eq;
    if (Array.isArray(value)) {
      if (value.length === 0) continue;
      if (out) out += sep;
      out += value.map((item) => prefix + convert(item, encode)).join(sep);
    } else {
      if (out) out += sep;
      out += prefix + convert(value, encode);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// parse

function codesOf(text, fallback) {
  const str = text ? String(text) : fallback;
  return Array.from(str, (_, i) => str.charCodeAt(i));
}

function parse(qs, sep, eq, options) {
  const obj = Object.create(null);
  if (typeof qs !== 'string' || qs.length === 0) return obj;
  const sepCodes = codesOf(sep, '&');
  const eqCodes = codesOf(eq, '=');
  let pairsLeft = 1000;
  if (options && typeof options.maxKeys === 'number') {
    // 0 (and a non-integer, which never counts down to 0) means no limit.
    pairsLeft = options.maxKeys > 0 ? options.maxKeys : 0;
  }
  let decode = module.exports.unescape;
  if (options && typeof options.decodeURIComponent === 'function') {
    decode = options.decodeURIComponent;
  }
  const customDecode = decode !== unescape;
  const space = customDecode ? '%20' : ' ';

  let pending = 0; // start of the raw text not yet appended to key or value
  let key = '';
  let value = '';
  let sepMatched = 0;
  let eqMatched = 0; // === eqCodes.length once the key is complete
  let hexRun = 0; // 1 after `%`, 2 after `%X`
  // Whether a valid `%XX` was seen: only an encoded key or value is decoded.
  let keyWatch = { encoded: customDecode };
  let valueWatch = { encoded: customDecode };

  // Advances the `%XX` detector; true when the character belongs to a run in progress.
  const watchHex = (watch, code) => {
    if (code === 37) {
      hexRun = 1;
      return true;
    }
    if (hexRun > 0) {
      if (isHexDigit(code)) {
        if (++hexRun === 3) watch.encoded = true;
        return true;
      }
      hexRun = 0;
    }
    return false;
  };

  const add = () => {
    if (key.length > 0 && keyWatch.encoded) key = decodeOrFallback(key, decode);
    if (value.length > 0 && valueWatch.encoded) value = decodeOrFallback(value, decode);
    const existing = obj[key];
    if (existing === undefined) obj[key] = value;
    else if (existing.pop) existing[existing.length] = value;
    else obj[key] = [existing, value];
  };

  for (let i = 0; i < qs.length; i++) {
    const code = qs.charCodeAt(i);
    if (code === sepCodes[sepMatched]) {
      if (++sepMatched < sepCodes.length) continue;
      const end = i - sepMatched + 1;
      if (eqMatched < eqCodes.length) {
        if (pending < end) {
          key += qs.slice(pending, end);
        } else if (key.length === 0) {
          // An empty pair still counts against maxKeys.
          if (--pairsLeft === 0) return obj;
          pending = i + 1;
          sepMatched = eqMatched = 0;
          continue;
        }
      } else if (pending < end) {
        value += qs.slice(pending, end);
      }
      add();
      if (--pairsLeft === 0) return obj;
      keyWatch = { encoded: customDecode };
      valueWatch = { encoded: customDecode };
      key = value = '';
      hexRun = 0;
      pending = i + 1;
      sepMatched = eqMatched = 0;
      continue;
    }
    sepMatched = 0;
    if (eqMatched < eqCodes.length) {
      if (code === eqCodes[eqMatched]) {
        if (++eqMatched === eqCodes.length) {
          const end = i - eqMatched + 1;
          if (pending < end) key += qs.slice(pending, end);
          hexRun = 0;
          pending = i + 1;
        }
        continue;
      }
      eqMatched = 0;
      if (!keyWatch.encoded && watchHex(keyWatch, code)) continue;
      if (code === 43) {
        if (pending < i) key += qs.slice(pending, i);
        key += space;
        pending = i + 1;
        continue;
      }
      // Node lets a key character fall through to the value's checks below.
    }
    if (code === 43) {
      if (pending < i) value += qs.slice(pending, i);
      value += space;
      pending = i + 1;
    } else if (!valueWatch.encoded) {
      watchHex(valueWatch, code);
    }
  }

  if (pending < qs.length) {
    if (eqMatched < eqCodes.length) key += qs.slice(pending);
    else value += qs.slice(pending);
  } else if (eqMatched === 0 && key.length === 0) {
    return obj; // ended right after a separator
  }
  add();
  return obj;
}

function decodeOrFallback(text, decode) {
  try {
    return decode(text);
  } catch {
    return module.exports.unescape(text, true);
  }
}

module.exports = {
  unescapeBuffer,
  unescape,
  escape,
  stringify,
  encode: stringify,
  parse,
  decode: parse,
};
