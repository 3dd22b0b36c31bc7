'use strict';
// WHATWG Response as Node 20's fetch (undici) has it, with Response.error(), Response.json() and
// Response.redirect(). Fetched responses are made by fetch.js through responseFromNetwork().

const { URL } = require('internal/url');
const {
  illegalInvocation, checkArgCount, checkDictionary, toByteString, utf8Encode, typeErrorWithCause,
  makeEnumerable, defineToStringTag, inspectCustom,
} = require('internal/fetch/util');
const { Headers, internals: headersInternals } = require('internal/fetch/headers');
const {
  extractBody, sourceBody, isBodyUnusable, cloneBody, bodyOf, bodyUsed, installBodyMethods,
} = require('internal/fetch/body');

const NULL_BODY_STATUSES = [101, 103, 204, 205, 304];
const REDIRECT_STATUSES = [301, 302, 303, 307, 308];
const REASON_PHRASE = /^[\t\x20-\x7E\x80-\xFF]*$/;

function newRecord(guard = 'response') {
  const headers = new Headers();
  headersInternals.setGuard(headers, guard);
  return { type: 'default', status: 200, statusText: '', headers, body: null, url: '', redirected: false };
}

// WebIDL `unsigned short`.
function toUint16(value) {
  const number = Number(value);
  if (!Number.isFinite(number)) return 0;
  return ((Math.trunc(number) % 65536) + 65536) % 65536;
}

// Fetch's "initialize a response" with ResponseInit (members read in alphabetical order).
function initialize(record, init, extracted) {
  if (init.headers !== undefined) {
    record.headers = new Headers(init.headers);
    headersInternals.setGuard(record.headers, 'response');
  }
  const status = init.status === undefined ? 200 : toUint16(init.status);
  const statusText = init.statusText === undefined ? '' : toByteString(init.statusText, 'Response', 'statusText');
  if (status < 200 || status > 599) {
    throw new RangeError('init["status"] must be in the range of 200 to 599, inclusive.');
  }
  if (!REASON_PHRASE.test(statusText)) throw new TypeError('Invalid statusText');
  record.status = status;
  record.statusText = statusText;
  if (extracted === null) return;
  if (NULL_BODY_STATUSES.includes(status)) {
    throw new TypeError(`Response constructor: Invalid response status code ${status}`);
  }
  record.body = extracted.body;
  if (extracted.type !== null && !headersInternals.has(record.headers, 'content-type')) {
    headersInternals.appendUnchecked(record.headers, 'content-type', extracted.type);
  }
}

let responseRecord;
const kAdopt = Symbol('kAdopt'); // `new Response(kAdopt, record)`: built here, no validation

class Response {
  #record;

  constructor(body = null, init = undefined) {
    if (body === kAdopt) {
      this.#record = init;
      return;
    }
    // undici names no interface in this message.
    checkDictionary(init, 'undefined');
    const extracted = body === null || body === undefined ? null : extractBody(body);
    const record = newRecord();
    initialize(record, init ?? {}, extracted);
    this.#record = record;
  }

  static error() {
    const record = newRecord('immutable');
    record.type = 'error';
    record.status = 0;
    return new Response(kAdopt, record);
  }

  static json(data, init = undefined) {
    checkArgCount(arguments.length, 1, 'Response.json');
    checkDictionary(init, 'Response.json');
    const text = JSON.stringify(data);
    if (text === undefined) throw new TypeError('Value is not JSON serializable');
    const record = newRecord();
    initialize(record, init ?? {}, { body: sourceBody([utf8Encode(text)]), type: 'application/json' });
    return new Response(kAdopt, record);
  }

  static redirect(url, status = 302) {
    checkArgCount(arguments.length, 1, 'Response.redirect');
    let parsed;
    try {
      parsed = new URL(`${url}`);
    } catch (error) {
      throw typeErrorWithCause(`Failed to parse URL from ${String(url)}`, error);
    }
    status = toUint16(status);
    if (!REDIRECT_STATUSES.includes(status)) throw new RangeError(`Invalid status code ${status}`);
    const record = newRecord('immutable');
    record.status = status;
    headersInternals.appendUnchecked(record.headers, 'location', parsed.href);
    return new Response(kAdopt, record);
  }

  // Private methods are brand-checked by the engine itself, with its own message: a static one.
  static #recordOf(self) {
    if (self === null || typeof self !== 'object' || !(#record in self)) throw illegalInvocation();
    return self.#record;
  }

  get type() { return Response.#recordOf(this).type; }
  get url() { return Response.#recordOf(this).url; }
  get redirected() { return Response.#recordOf(this).redirected; }
  get status() { return Response.#recordOf(this).status; }

  get ok() {
    const { status } = Response.#recordOf(this);
    return status >= 200 && status <= 299;
  }

  get statusText() { return Response.#recordOf(this).statusText; }
  get headers() { return Response.#recordOf(this).headers; }
  get body() { return bodyOf(Response.#recordOf(this)); }
  get bodyUsed() { return bodyUsed(Response.#recordOf(this)); }

  clone() {
    const record = Response.#recordOf(this);
    if (record.body !== null && isBodyUnusable(record.body)) {
      throw new TypeError('Response.clone: Body has already been consumed.');
    }
    return new Response(kAdopt, {
      ...record,
      headers: headersInternals.copy(record.headers),
      body: record.body === null ? null : cloneBody(record.body),
    });
  }

  [inspectCustom](depth, options, inspect) {
    const record = Response.#recordOf(this);
    const shown = {
      status: record.status, statusText: record.statusText, headers: record.headers, body: this.body,
      bodyUsed: this.bodyUsed, ok: this.ok, redirected: record.redirected, type: record.type, url: record.url,
    };
    return `Response ${inspect(shown, options)}`;
  }

  static {
    responseRecord = (value) => (value !== null && typeof value === 'object' && #record in value ? value.#record : undefined);
  }
}

makeEnumerable(Response.prototype, [
  'type', 'url', 'redirected', 'status', 'ok', 'statusText', 'headers', 'body', 'bodyUsed', 'clone',
]);
installBodyMethods(Response, (value) => responseRecord(value));
defineToStringTag(Response, 'Response');
for (const name of ['error', 'json', 'redirect']) {
  Object.defineProperty(Response, name, { enumerable: true });
}

// A response from the network: type 'basic', headers immutable. `body` is a body record or null.
function responseFromNetwork({ status, statusText, url, redirected, headers, body }) {
  return new Response(kAdopt, {
    type: 'basic',
    status,
    statusText,
    headers: headersInternals.headersFromList(headers, 'immutable'),
    body,
    url,
    redirected,
  });
}

module.exports = { Response };

Object.defineProperty(module.exports, 'internals', {
  value: { responseFromNetwork, NULL_BODY_STATUSES },
});
