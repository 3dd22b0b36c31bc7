'use strict';
// MIME types as the WHATWG MIME Sniffing standard parses and serialises them, and the Fetch
// standard's "extract a MIME type" from a header list (used by blob(), formData() and data: URLs).

const { isToken } = require('internal/fetch/util');

const HTTP_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;
const QUOTED_STRING_CHARS = /^[\t\x20-\x7E\x80-\xFF]*$/;

// A cursor over a string, for the standard's "collect a sequence of code points" steps.
class Cursor {
  constructor(input) {
    this.input = input;
    this.position = 0;
  }

  get done() {
    return this.position >= this.input.length;
  }

  get char() {
    return this.input[this.position];
  }

  // Advances past code points not in `stops`, returning them.
  collectUntil(stops) {
    const start = this.position;
    while (this.position < this.input.length && !stops.includes(this.input[this.position])) this.position++;
    return this.input.slice(start, this.position);
  }

  skipWhitespace() {
    this.collectUntilNot('\t\n\r ');
  }

  collectUntilNot(chars) {
    const start = this.position;
    while (this.position < this.input.length && chars.includes(this.input[this.position])) this.position++;
    return this.input.slice(start, this.position);
  }

  // At a '"': the quoted string, unescaped when `extract`, else as written (quotes included).
  collectQuotedString(extract) {
    const start = this.position;
    let value = '';
    this.position++;
    for (;;) {
      value += this.collectUntil('"\\');
      if (this.done) break;
      const quoteOrBackslash = this.char;
      this.position++;
      if (quoteOrBackslash === '\\') {
        if (this.done) {
          value += '\\';
          break;
        }
        value += this.char;
        this.position++;
      } else {
        break;
      }
    }
    return extract ? value : this.input.slice(start, this.position);
  }
}

// { type, subtype, essence, parameters: Map } or null.
function parseMimeType(input) {
  const cursor = new Cursor(input.replace(HTTP_WHITESPACE, ''));
  const type = cursor.collectUntil('/');
  if (type === '' || !isToken(type) || cursor.done) return null;
  cursor.position++;
  const subtype = cursor.collectUntil(';').replace(HTTP_WHITESPACE, '');
  if (subtype === '' || !isToken(subtype)) return null;
  const mime = {
    type: type.toLowerCase(),
    subtype: subtype.toLowerCase(),
    parameters: new Map(),
    get essence() {
      return `${this.type}/${this.subtype}`;
    },
  };
  while (!cursor.done) {
    cursor.position++; // the ';'
    cursor.skipWhitespace();
    const name = cursor.collectUntil(';=').toLowerCase();
    if (!cursor.done) {
      if (cursor.char === ';') continue;
      cursor.position++; // the '='
    }
    if (cursor.done) break;
    let value;
    if (cursor.char === '"') {
      value = cursor.collectQuotedString(true);
      cursor.collectUntil(';');
    } else {
      value = cursor.collectUntil(';').replace(HTTP_WHITESPACE, '');
      if (value === '') continue;
    }
    if (name !== '' && isToken(name) && QUOTED_STRING_CHARS.test(value) && !mime.parameters.has(name)) {
      mime.parameters.set(name, value);
    }
  }
  return mime;
}

function serializeMimeType(mime) {
  let out = mime.essence;
  for (const [name, value] of mime.parameters) {
    const shown = value !== '' && isToken(value) ? value : `"${value.replace(/(["\\])/g, '\\$1')}"`;
    out += `;${name}=${shown}`;
  }
  return out;
}

// Fetch's "get, decode, and split": a combined header value cut at commas outside quoted strings.
function splitHeaderValue(value) {
  const cursor = new Cursor(value);
  const values = [];
  let temporary = '';
  for (;;) {
    temporary += cursor.collectUntil('",');
    if (!cursor.done && cursor.char === '"') {
      temporary += cursor.collectQuotedString(false);
      if (!cursor.done) continue;
    }
    values.push(temporary.replace(/^[\t ]+|[\t ]+$/g, ''));
    temporary = '';
    if (cursor.done) return values;
    cursor.position++; // the ','
  }
}

// The MIME type of a body from its Content-Type value(s) (`combined` as Headers.get gives it), or
// null. Later values win; a repeated essence keeps the first charset.
function extractMimeType(combined) {
  if (combined === null) return null;
  let charset = null;
  let essence = null;
  let mime = null;
  for (const value of splitHeaderValue(combined)) {
    const parsed = parseMimeType(value);
    if (parsed === null || parsed.essence === '*/*') continue;
    mime = parsed;
    if (mime.essence !== essence) {
      charset = mime.parameters.has('charset') ? mime.parameters.get('charset') : null;
      essence = mime.essence;
    } else if (!mime.parameters.has('charset') && charset !== null) {
      mime.parameters.set('charset', charset);
    }
  }
  return mime;
}

module.exports = { parseMimeType, serializeMimeType, extractMimeType };
