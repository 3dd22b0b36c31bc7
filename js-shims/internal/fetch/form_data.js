'use strict';
// FormData as Node 20's fetch (undici) has it; its multipart/form-data serialisation (a request or
// response body), and the parsing of multipart/form-data and application/x-www-form-urlencoded
// bodies for formData().

const { atob } = require('internal/encoding');
const { URLSearchParams } = require('internal/url');
const {
  illegalInvocation, checkArgCount, toUSVString, utf8Encode, utf8Decode, makePairIterator,
  makeEnumerable, defineToStringTag, inspectCustom,
} = require('internal/fetch/util');
const { File, internals: { isBlob, isFile, blobChunks } } = require('internal/fetch/blob');

// An entry's value: strings stay strings; blobs become Files (named 'blob' unless given a name).
function entryValue(value, filename) {
  if (!isBlob(value)) return toUSVString(value);
  if (isFile(value) && filename === undefined) return value;
  const options = { type: value.type };
  if (isFile(value)) options.lastModified = value.lastModified;
  return new File([value], filename ?? (isFile(value) ? value.name : 'blob'), options);
}

function checkEntryArgs(method, args) {
  checkArgCount(args.length, 2, `FormData.${method}`);
  if (args.length === 3 && !isBlob(args[1])) {
    throw new TypeError(`Failed to execute '${method}' on 'FormData': parameter 2 is not of type 'Blob'`);
  }
  const name = toUSVString(args[0], `FormData.${method}`, 'name');
  const filename = args.length === 3 ? toUSVString(args[2], `FormData.${method}`, 'filename') : undefined;
  return [name, entryValue(args[1], filename)];
}

let formDataEntries;
let isFormData;

class FormData {
  #entries = []; // [name, string | File]

  constructor(form = undefined) {
    if (form !== undefined) {
      throw new TypeError('FormData constructor: Argument 1 could not be converted to: undefined.');
    }
  }

  append(name, value, filename = undefined) {
    if (!(#entries in this)) throw illegalInvocation();
    this.#entries.push(checkEntryArgs('append', arguments));
  }

  delete(name) {
    if (!(#entries in this)) throw illegalInvocation();
    checkArgCount(arguments.length, 1, 'FormData.delete');
    name = toUSVString(name, 'FormData.delete', 'name');
    this.#entries = this.#entries.filter(([entryName]) => entryName !== name);
  }

  get(name) {
    if (!(#entries in this)) throw illegalInvocation();
    checkArgCount(arguments.length, 1, 'FormData.get');
    name = toUSVString(name, 'FormData.get', 'name');
    const entry = this.#entries.find(([entryName]) => entryName === name);
    return entry === undefined ? null : entry[1];
  }

  getAll(name) {
    if (!(#entries in this)) throw illegalInvocation();
    checkArgCount(arguments.length, 1, 'FormData.getAll');
    name = toUSVString(name, 'FormData.getAll', 'name');
    return this.#entries.filter(([entryName]) => entryName === name).map(([, value]) => value);
  }

  has(name) {
    if (!(#entries in this)) throw illegalInvocation();
    checkArgCount(arguments.length, 1, 'FormData.has');
    name = toUSVString(name, 'FormData.has', 'name');
    return this.#entries.some(([entryName]) => entryName === name);
  }

  // Replaces the first entry of that name and drops the others, or appends.
  set(name, value, filename = undefined) {
    if (!(#entries in this)) throw illegalInvocation();
    const entry = checkEntryArgs('set', arguments);
    const first = this.#entries.findIndex(([entryName]) => entryName === entry[0]);
    if (first === -1) {
      this.#entries.push(entry);
      return;
    }
    this.#entries[first] = entry;
    this.#entries = this.#entries.filter(([entryName], i) => entryName !== entry[0] || i === first);
  }

  keys() {
    if (!(#entries in this)) throw illegalInvocation();
    return formDataIterator(this, 'key');
  }

  values() {
    if (!(#entries in this)) throw illegalInvocation();
    return formDataIterator(this, 'value');
  }

  entries() {
    if (!(#entries in this)) throw illegalInvocation();
    return formDataIterator(this, 'key+value');
  }

  forEach(callback, thisArg = undefined) {
    if (!(#entries in this)) throw illegalInvocation();
    checkArgCount(arguments.length, 1, 'FormData.forEach');
    if (typeof callback !== 'function') {
      throw new TypeError("Failed to execute 'forEach' on 'FormData': parameter 1 is not of type 'Function'.");
    }
    for (let i = 0; i < this.#entries.length; i++) {
      const [name, value] = this.#entries[i];
      callback.call(thisArg, value, name, this);
    }
  }

  [inspectCustom](depth, options, inspect) {
    if (this.#entries.length === 0) return 'FormData {}';
    const shown = this.#entries.map(([name, value]) => ({ name, value }));
    return `FormData ${inspect(shown, options)}`;
  }

  static {
    formDataEntries = (formData) => formData.#entries;
    isFormData = (value) => value !== null && typeof value === 'object' && #entries in value;
  }
}

const formDataIterator = makePairIterator('FormData Iterator', (formData) => formDataEntries(formData));

Object.defineProperty(FormData.prototype, Symbol.iterator, {
  value: FormData.prototype.entries, writable: true, configurable: true,
});
makeEnumerable(FormData.prototype, [
  'append', 'delete', 'get', 'getAll', 'has', 'set', 'keys', 'values', 'entries', 'forEach',
]);
defineToStringTag(FormData, 'FormData');

// ---------------------------------------------------------------------------------------------------
// multipart/form-data serialisation (the shape undici writes, boundary included)

function normalizeLinebreaks(text) {
  return text.replace(/\r\n|\r|\n/g, '\r\n');
}

// How browsers and undici escape names and filenames inside the quoted parameters.
function escapeQuoted(text) {
  return text.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22');
}

function randomBoundary() {
  const digits = `${Math.floor(Math.random() * 1e11)}`.padStart(11, '0');
  return `----formdata-undici-0${digits}`;
}

const CRLF = utf8Encode('\r\n');

// { chunks, contentType }: the body as chunks (file contents shared, not copied).
function serializeMultipart(formData) {
  const boundary = randomBoundary();
  const chunks = [];
  for (const [name, value] of formDataEntries(formData)) {
    const disposition = `--${boundary}\r\nContent-Disposition: form-data; name="${escapeQuoted(normalizeLinebreaks(name))}"`;
    if (typeof value === 'string') {
      chunks.push(utf8Encode(`${disposition}\r\n\r\n${normalizeLinebreaks(value)}\r\n`));
      continue;
    }
    const type = value.type || 'application/octet-stream';
    chunks.push(utf8Encode(`${disposition}; filename="${escapeQuoted(value.name)}"\r\nContent-Type: ${type}\r\n\r\n`));
    for (const chunk of blobChunks(value)) chunks.push(chunk);
    chunks.push(CRLF);
  }
  chunks.push(utf8Encode(`--${boundary}--\r\n`));
  return { chunks, contentType: `multipart/form-data; boundary=${boundary}` };
}

// ---------------------------------------------------------------------------------------------------
// Parsing, for Body.formData()

function parseFailure() {
  return new TypeError('Failed to parse body as FormData.');
}

function parseUrlencoded(bytes) {
  const formData = new FormData();
  for (const [name, value] of new URLSearchParams(utf8Decode(bytes))) formData.append(name, value);
  return formData;
}

// The index of `pattern` in `bytes` from `from`, or -1.
function indexOfBytes(bytes, pattern, from) {
  const first = pattern[0];
  const last = bytes.length - pattern.length;
  for (let i = bytes.indexOf(first, from); i !== -1 && i <= last; i = bytes.indexOf(first, i + 1)) {
    let k = 1;
    while (k < pattern.length && bytes[i + k] === pattern[k]) k++;
    if (k === pattern.length) return i;
  }
  return -1;
}

const CR = 0x0d;
const LF = 0x0a;
const DASH = 0x2d;

// After a delimiter: skips transport padding and the line break. Returns the next position, or -1
// when the line holds anything else.
function skipLineEnd(bytes, at) {
  while (bytes[at] === 0x20 || bytes[at] === 0x09) at++;
  if (bytes[at] === CR && bytes[at + 1] === LF) return at + 2;
  if (bytes[at] === LF) return at + 1;
  return -1;
}

// Content-Disposition parameters: `name=value` or `name="value"` pairs after the first ';'.
function dispositionParams(value) {
  const params = new Map();
  const pattern = /;\s*([^\s=;]+)\s*=\s*(?:"([^"]*)"|([^;]*))/g;
  for (const match of value.matchAll(pattern)) {
    const name = match[1].toLowerCase();
    if (!params.has(name)) params.set(name, match[2] ?? match[3].trim());
  }
  return params;
}

// Browsers percent-escape only these three characters in quoted names.
function unescapeQuoted(text) {
  return text.replace(/%22/g, '"').replace(/%0D/gi, '\r').replace(/%0A/gi, '\n');
}

// RFC 8187 `filename*=UTF-8''...`
function extendedValue(text) {
  const match = /^utf-8'[^']*'(.*)$/i.exec(text);
  if (match === null) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

function partHeaders(bytes) {
  const headers = new Map();
  for (const line of utf8Decode(bytes).split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw parseFailure();
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
}

function decodeBase64(bytes) {
  try {
    return Uint8Array.from(atob(utf8Decode(bytes).replace(/\s+/g, '')), (c) => c.charCodeAt(0));
  } catch {
    return new Uint8Array(0);
  }
}

function addPart(formData, headerBytes, body) {
  const headers = partHeaders(headerBytes);
  const disposition = headers.get('content-disposition');
  if (disposition === undefined || !/^form-data\s*(;|$)/i.test(disposition)) throw parseFailure();
  const params = dispositionParams(disposition);
  if (!params.has('name')) throw parseFailure();
  const name = unescapeQuoted(params.get('name'));
  if (/^base64$/i.test(headers.get('content-transfer-encoding') ?? '')) body = decodeBase64(body);
  const filename = (params.has('filename*') ? extendedValue(params.get('filename*')) : null) ??
    (params.has('filename') ? unescapeQuoted(params.get('filename')) : null);
  if (filename === null) {
    formData.append(name, utf8Decode(body));
    return;
  }
  const type = headers.get('content-type') || 'text/plain';
  formData.append(name, new File([body], filename, { type }));
}

// RFC 7578 bodies. More forgiving than undici 6 (any header case, parameter order, preamble, LF
// line breaks, filename*), but a missing closing delimiter or a part without a name still fails.
function parseMultipart(bytes, boundary) {
  const formData = new FormData();
  const delimiter = utf8Encode(`--${boundary}`);
  let at = indexOfBytes(bytes, delimiter, 0);
  while (at > 0 && !(bytes[at - 1] === LF)) at = indexOfBytes(bytes, delimiter, at + 1);
  if (at === -1) throw parseFailure();
  at += delimiter.length;
  for (;;) {
    if (bytes[at] === DASH && bytes[at + 1] === DASH) return formData; // the closing delimiter
    at = skipLineEnd(bytes, at);
    if (at === -1 || skipLineEnd(bytes, at) !== -1) throw parseFailure(); // a part needs headers
    let headersEnd = indexOfBytes(bytes, utf8Encode('\r\n\r\n'), at);
    let bodyStart = headersEnd + 4;
    const lfOnly = indexOfBytes(bytes, utf8Encode('\n\n'), at);
    if (lfOnly !== -1 && (headersEnd === -1 || lfOnly < headersEnd)) {
      headersEnd = lfOnly;
      bodyStart = lfOnly + 2;
    }
    if (headersEnd === -1) throw parseFailure();
    let next = indexOfBytes(bytes, delimiter, bodyStart);
    while (next !== -1 && bytes[next - 1] !== LF) next = indexOfBytes(bytes, delimiter, next + 1);
    if (next === -1) throw parseFailure();
    const bodyEnd = bytes[next - 2] === CR ? next - 2 : next - 1;
    addPart(formData, bytes.subarray(at, headersEnd), bytes.subarray(bodyStart, Math.max(bodyStart, bodyEnd)));
    at = next + delimiter.length;
  }
}

module.exports = { FormData };

Object.defineProperty(module.exports, 'internals', {
  value: {
    isFormData: (value) => isFormData(value),
    serializeMultipart,
    parseMultipart,
    parseUrlencoded,
  },
});
