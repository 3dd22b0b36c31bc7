'use strict';
// WHATWG Request as Node 20's fetch (undici) has it. Browser-only members (mode, credentials,
// cache, referrer...) are validated and kept but change nothing: there is no origin or cache.

const { URL } = require('internal/url');
const { AbortController } = require('internal/event_target');
const {
  illegalInvocation, checkArgCount, checkDictionary, toEnum, toDOMString, toUSVString, toByteString, isToken,
  typeErrorWithCause, makeEnumerable, defineToStringTag, inspectCustom,
} = require('internal/fetch/util');
const { Headers, internals: headersInternals } = require('internal/fetch/headers');
const {
  extractBody, isBodyUnusable, cloneBody, transferBody, bodyOf, bodyUsed, installBodyMethods,
} = require('internal/fetch/body');

const PREFIX = 'Request constructor';

const ENUMS = {
  cache: ['default', 'no-store', 'reload', 'no-cache', 'force-cache', 'only-if-cached'],
  credentials: ['omit', 'same-origin', 'include'],
  duplex: ['half'],
  mode: ['navigate', 'same-origin', 'no-cors', 'cors'],
  redirect: ['follow', 'manual', 'error'],
  referrerPolicy: [
    '', 'no-referrer', 'no-referrer-when-downgrade', 'same-origin', 'origin', 'strict-origin',
    'origin-when-cross-origin', 'strict-origin-when-cross-origin', 'unsafe-url',
  ],
};

const NORMALIZED_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'];
const FORBIDDEN_METHODS = ['CONNECT', 'TRACE', 'TRACK'];

function parseRequestUrl(input) {
  try {
    return new URL(`${input}`);
  } catch (error) {
    throw typeErrorWithCause(`Failed to parse URL from ${String(input)}`, error);
  }
}

// Standard methods are upper-cased; others are kept as written.
function normalizeMethod(method) {
  if (!isToken(method)) throw new TypeError(`'${method}' is not a valid HTTP method.`);
  const upper = method.toUpperCase();
  if (FORBIDDEN_METHODS.includes(upper)) throw new TypeError(`'${method}' HTTP method is unsupported.`);
  return NORMALIZED_METHODS.includes(upper) ? upper : method;
}

function isSignalLike(value) {
  return value !== null && typeof value === 'object' && typeof value.aborted === 'boolean' &&
    typeof value.addEventListener === 'function';
}

// A signal of our own that aborts when `signal` does (the request's signal is never the caller's).
// A long-lived caller signal must not keep every request alive: its listener holds our controller
// weakly (the controller lives as long as its signal), and goes once our signal is collected.
const controllerOfSignal = new WeakMap();
const unfollow = new FinalizationRegistry(({ signal, listener }) => signal.removeEventListener('abort', listener));

function followingSignal(signal) {
  const controller = new AbortController();
  if (signal === null || signal === undefined) return controller.signal;
  if (signal.aborted) {
    controller.abort(signal.reason);
    return controller.signal;
  }
  controllerOfSignal.set(controller.signal, controller);
  const ref = new WeakRef(controller);
  const listener = () => ref.deref()?.abort(signal.reason);
  signal.addEventListener('abort', listener, { once: true });
  unfollow.register(controller.signal, { signal, listener });
  return controller.signal;
}

const NO_OPTIONS = Object.freeze({ body: undefined, duplex: undefined });

// RequestInit, read in the standard's (alphabetical) member order and converted.
function readInit(init) {
  const {
    body, cache, credentials, duplex, headers, integrity, keepalive, method, mode, redirect, referrer,
    referrerPolicy, signal, window,
  } = init;
  const asEnum = (value, name) => (value === undefined ? undefined : toEnum(value, ENUMS[name], PREFIX));
  if (signal !== undefined && signal !== null && !isSignalLike(signal)) {
    throw new TypeError("Failed to construct 'Request': member signal is not of type AbortSignal.");
  }
  return {
    body,
    cache: asEnum(cache, 'cache'),
    credentials: asEnum(credentials, 'credentials'),
    duplex: asEnum(duplex, 'duplex'),
    headers,
    integrity: integrity === undefined ? undefined : toDOMString(integrity, PREFIX, 'integrity'),
    keepalive: keepalive === undefined ? undefined : Boolean(keepalive),
    method: method === undefined ? undefined : toByteString(method, PREFIX, 'method'),
    mode: asEnum(mode, 'mode'),
    redirect: asEnum(redirect, 'redirect'),
    referrer: referrer === undefined ? undefined : toUSVString(referrer, PREFIX, 'referrer'),
    referrerPolicy: asEnum(referrerPolicy, 'referrerPolicy'),
    signal,
    window,
    // "init is not empty": some member is present.
    given: [body, cache, credentials, duplex, headers, integrity, keepalive, method, mode, redirect,
      referrer, referrerPolicy, signal, window].some((value) => value !== undefined),
  };
}

// `signalSource` is the signal the request's own follows (the caller's, or null); the request's
// `signal` is only made when a script asks for it, so a plain fetch() creates no AbortController.
function newRecord(url) {
  return {
    method: 'GET',
    url,
    headers: new Headers(),
    body: null,
    signalSource: null,
    signal: null,
    mode: 'cors',
    credentials: 'same-origin',
    cache: 'default',
    redirect: 'follow',
    referrer: 'client',
    referrerPolicy: '',
    integrity: '',
    keepalive: false,
  };
}

function parseReferrer(referrer) {
  if (referrer === '') return 'no-referrer';
  let parsed;
  try {
    parsed = new URL(referrer);
  } catch (error) {
    throw typeErrorWithCause(`Referrer "${referrer}" is not a valid URL.`, error);
  }
  return parsed.href === 'about:client' ? 'client' : parsed.href;
}

// Applies the members of init that change the record (the standard's steps 13 to 30).
function applyOptions(record, options, fallbackMode) {
  if (options.window !== undefined && options.window !== null) {
    throw new TypeError("'window' option 'client' must be null");
  }
  if (options.given) {
    if (record.mode === 'navigate') record.mode = 'same-origin';
    record.referrer = 'client';
    record.referrerPolicy = '';
  }
  if (options.referrer !== undefined) record.referrer = parseReferrer(options.referrer);
  if (options.referrerPolicy !== undefined) record.referrerPolicy = options.referrerPolicy;
  const mode = options.mode ?? fallbackMode;
  if (mode === 'navigate') throw new TypeError(`${PREFIX}: invalid request mode navigate.`);
  if (mode !== null) record.mode = mode;
  if (options.credentials !== undefined) record.credentials = options.credentials;
  if (options.cache !== undefined) {
    record.cache = options.cache;
    if (record.cache === 'only-if-cached' && record.mode !== 'same-origin') {
      throw new TypeError("'only-if-cached' can be set only with 'same-origin' mode");
    }
  }
  if (options.redirect !== undefined) record.redirect = options.redirect;
  if (options.integrity !== undefined) record.integrity = options.integrity;
  if (options.keepalive !== undefined) record.keepalive = options.keepalive;
  if (options.method !== undefined) record.method = normalizeMethod(options.method);
}

// The body: init's (adding its Content-Type) or the one taken over from an input Request.
function applyBody(record, options, inputBody) {
  const initBodyGiven = options.body !== undefined && options.body !== null;
  if ((initBodyGiven || inputBody !== null) && (record.method === 'GET' || record.method === 'HEAD')) {
    throw new TypeError('Request with GET/HEAD method cannot have body.');
  }
  if (initBodyGiven) {
    const { body, type } = extractBody(options.body);
    if (type !== null && !headersInternals.has(record.headers, 'content-type')) {
      headersInternals.appendUnchecked(record.headers, 'content-type', type);
    }
    if (body.source === null && options.duplex === undefined) {
      throw new TypeError('RequestInit: duplex option is required when sending a body.');
    }
    record.body = body;
    return;
  }
  if (inputBody !== null) {
    if (isBodyUnusable(inputBody)) {
      throw new TypeError('Cannot construct a Request with a Request object that has already been used.');
    }
    record.body = transferBody(inputBody);
  }
}

let requestRecord;
const kAdopt = Symbol('kAdopt'); // `new Request(kAdopt, record)`: for clone(), no validation

class Request {
  #record;

  constructor(input, init = undefined) {
    if (input === kAdopt) {
      this.#record = init;
      return;
    }
    checkArgCount(arguments.length, 1, PREFIX);
    checkDictionary(init, PREFIX);
    const inputRecord = requestRecord(input);
    let record;
    if (inputRecord === undefined) {
      const url = parseRequestUrl(input);
      if (url.username !== '' || url.password !== '') {
        throw new TypeError(`Request cannot be constructed from a URL that includes credentials: ${String(input)}`);
      }
      record = newRecord(url.href); // its mode is the standard's fallback mode, 'cors'
    } else {
      record = { ...inputRecord, headers: headersInternals.copy(inputRecord.headers), body: null, signal: null };
    }
    const inputBody = inputRecord === undefined ? null : inputRecord.body;
    if (init === undefined || init === null) {
      applyBody(record, NO_OPTIONS, inputBody);
    } else {
      const options = readInit(init);
      applyOptions(record, options, inputRecord === undefined ? 'cors' : null);
      if (options.signal !== undefined) record.signalSource = options.signal;
      if (options.headers !== undefined) record.headers = new Headers(options.headers);
      applyBody(record, options, inputBody);
    }
    this.#record = record;
  }

  // Private methods are brand-checked by the engine itself, with its own message: a static one.
  static #recordOf(self) {
    if (self === null || typeof self !== 'object' || !(#record in self)) throw illegalInvocation();
    return self.#record;
  }

  get method() { return Request.#recordOf(this).method; }
  get url() { return Request.#recordOf(this).url; }
  get headers() { return Request.#recordOf(this).headers; }
  get destination() { Request.#recordOf(this); return ''; }

  get referrer() {
    const { referrer } = Request.#recordOf(this);
    if (referrer === 'no-referrer') return '';
    return referrer === 'client' ? 'about:client' : referrer;
  }

  get referrerPolicy() { return Request.#recordOf(this).referrerPolicy; }
  get mode() { return Request.#recordOf(this).mode; }
  get credentials() { return Request.#recordOf(this).credentials; }
  get cache() { return Request.#recordOf(this).cache; }
  get redirect() { return Request.#recordOf(this).redirect; }
  get integrity() { return Request.#recordOf(this).integrity; }
  get keepalive() { return Request.#recordOf(this).keepalive; }
  get isReloadNavigation() { Request.#recordOf(this); return false; }
  get isHistoryNavigation() { Request.#recordOf(this); return false; }
  get signal() {
    const record = Request.#recordOf(this);
    record.signal ??= followingSignal(record.signalSource);
    return record.signal;
  }

  get body() { return bodyOf(Request.#recordOf(this)); }
  get bodyUsed() { return bodyUsed(Request.#recordOf(this)); }
  get duplex() { Request.#recordOf(this); return 'half'; }

  clone() {
    const record = Request.#recordOf(this);
    if (record.body !== null && isBodyUnusable(record.body)) throw new TypeError('unusable');
    return new Request(kAdopt, {
      ...record,
      headers: headersInternals.copy(record.headers),
      body: record.body === null ? null : cloneBody(record.body),
      signal: null, // follows the same source as this request's signal
    });
  }

  [inspectCustom](depth, options, inspect) {
    const record = Request.#recordOf(this);
    const shown = {
      method: record.method, url: record.url, headers: record.headers, destination: '',
      referrer: this.referrer, referrerPolicy: record.referrerPolicy, mode: record.mode,
      credentials: record.credentials, cache: record.cache, redirect: record.redirect,
      integrity: record.integrity, keepalive: record.keepalive, isReloadNavigation: false,
      isHistoryNavigation: false, signal: this.signal,
    };
    return `Request ${inspect(shown, options)}`;
  }

  static {
    requestRecord = (value) => (value !== null && typeof value === 'object' && #record in value ? value.#record : undefined);
  }
}

makeEnumerable(Request.prototype, [
  'method', 'url', 'headers', 'destination', 'referrer', 'referrerPolicy', 'mode', 'credentials', 'cache',
  'redirect', 'integrity', 'keepalive', 'isReloadNavigation', 'isHistoryNavigation', 'signal', 'body',
  'bodyUsed', 'duplex', 'clone',
]);
installBodyMethods(Request, (value) => requestRecord(value));
defineToStringTag(Request, 'Request');

module.exports = { Request };

Object.defineProperty(module.exports, 'internals', {
  value: { requestRecord: (value) => requestRecord(value) },
});
