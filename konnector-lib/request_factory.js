// The library's `requestFactory(options)`: request-promise (over request 2.88) with the
// library's defaults — `json: true`, `followAllRedirects: true`, `cheerio` to get a `$`,
// `userAgent` for a browser's — as `rq(uriOrOptions[, callback])` returning a promise.
//
// It runs over kvm's fetch, one fetch per hop with `redirect: 'manual'`, and follows
// redirects itself the way request does: GET ones always, every one under
// `followAllRedirects` (then as a body-less GET, but for 307), Referer set to the page left,
// at most `maxRedirects` (10). A jar (`jar: true` is the run's, or one from `rq.jar()`)
// keeps each hop's Set-Cookie and gives each hop its Cookie header, so a session cookie set
// by a sign-in's 302 goes with the page it leads to. The host checks every hop against the
// network policy, and decodes gzip/deflate/br whatever `gzip` says.
//
// The promise resolves with the body (a string; a Buffer under `encoding: null`; parsed
// JSON under `json`; what `transform(body, response, resolveWithFullResponse)` returns), or
// the whole response under `resolveWithFullResponse`: { statusCode, statusMessage, headers,
// body, request: { uri, href, method, headers } }. A status outside 2xx rejects with a
// StatusCodeError (`statusCode`, `error` the body, `response`), a network failure with a
// RequestError (`cause`), as request-promise does (`simple: false` resolves them instead).
// `.pipe(stream)` on the promise writes the raw body to a stream, as request's `.pipe`.
'use strict';

const { Buffer } = require('buffer');
const legacyUrl = require('url');
const { fetch } = require('internal/fetch/fetch');
const { runJar, createJar } = require('konnector-lib/internal/jar');
const qs = require('konnector-lib/internal/qs');
const log = require('konnector-lib/log');

// The library's browser User-Agents (`userAgent: true`, and `cheerio` unless told not to),
// one picked per run.
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:84.0) Gecko/20100101 Firefox/84.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 11.1; rv:84.0) Gecko/20100101 Firefox/84.0',
  'Mozilla/5.0 (X11; Linux i686; rv:84.0) Gecko/20100101 Firefox/84.0',
  'Mozilla/5.0 (Linux x86_64; rv:84.0) Gecko/20100101 Firefox/84.0',
  'Mozilla/5.0 (X11; Ubuntu; Linux i686; rv:84.0) Gecko/20100101 Firefox/84.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 11_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/87.0.4280.141 Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/87.0.4280.141 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 11_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/14.0.2 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/87.0.4280.141 Safari/537.36 Edg/87.0.664.75',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 11_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/87.0.4280.141 Safari/537.36 Edg/87.0.664.75',
];
const DEFAULT_USER_AGENT = AGENTS[Math.floor(Math.random() * AGENTS.length)];

// ---------------------------------------------------------------------------------------
// request-promise's errors (`require('request-promise/errors')`).

class RequestError extends Error {
  constructor(cause, options, response) {
    super(String(cause));
    this.name = 'RequestError';
    this.cause = cause;
    this.error = cause;
    this.options = options;
    this.response = response;
  }
}

class StatusCodeError extends Error {
  constructor(statusCode, body, options, response) {
    super(`${statusCode} - ${JSON.stringify(body)}`);
    this.name = 'StatusCodeError';
    this.statusCode = statusCode;
    this.error = body;
    this.options = options;
    this.response = response;
  }
}

class TransformError extends Error {
  constructor(cause, options, response) {
    super(String(cause));
    this.name = 'TransformError';
    this.cause = cause;
    this.error = cause;
    this.options = options;
    this.response = response;
  }
}

// ---------------------------------------------------------------------------------------
// Headers are a plain object whose names keep the script's case, looked up in any case.

const headerKey = (headers, name) => Object.keys(headers).find((key) => key.toLowerCase() === name);

function getHeader(headers, name) {
  const key = headerKey(headers, name);
  return key === undefined ? undefined : headers[key];
}

function removeHeader(headers, name) {
  const key = headerKey(headers, name);
  if (key !== undefined) delete headers[key];
}

function setHeader(headers, name, value) {
  removeHeader(headers, name);
  headers[name] = value;
}

// A response's headers as Node gives them: lower-case names, set-cookie a list.
function nodeHeaders(headers) {
  const result = {};
  for (const [name, value] of headers) {
    if (name !== 'set-cookie') result[name] = value;
  }
  const cookies = headers.getSetCookie();
  if (cookies.length > 0) result['set-cookie'] = cookies;
  return result;
}

// ---------------------------------------------------------------------------------------
// One request, as request builds it from its options and sends it hop by hop.

function requestUri(options) {
  let uri = options.uri !== undefined ? options.uri : options.url;
  if (uri && typeof uri === 'object') uri = uri.href || legacyUrl.format(uri);
  if (options.baseUrl !== undefined && typeof uri === 'string') {
    const base = String(options.baseUrl);
    uri = base.replace(/\/$/, '') + '/' + uri.replace(/^\//, '');
  }
  if (typeof uri !== 'string' || uri === '') throw new Error('options.uri is a required argument');
  if (!/^https?:\/\//i.test(uri)) throw new Error(`Invalid URI "${uri}"`);
  const query = options.qs ? qs.stringify(options.qs) : '';
  if (query !== '') {
    const hash = uri.indexOf('#');
    const bare = hash === -1 ? uri : uri.slice(0, hash);
    uri = bare + (bare.includes('?') ? '&' : '?') + query;
  }
  return uri;
}

// The headers and body of the first hop: form, then json, as request applies them.
function requestContent(options) {
  const headers = {};
  for (const [name, value] of Object.entries(options.headers || {})) {
    if (value !== undefined) headers[name] = value;
  }
  let body = options.body;
  if (options.form !== undefined) {
    body = typeof options.form === 'string' ? options.form : qs.stringify(options.form);
    setHeader(headers, 'content-type', 'application/x-www-form-urlencoded');
  }
  if (options.auth) {
    const { user = options.auth.username, pass = options.auth.password } = options.auth;
    const credentials = Buffer.from(`${user || ''}:${pass || ''}`).toString('base64');
    setHeader(headers, 'authorization', `Basic ${credentials}`);
  }
  if (options.json) {
    if (getHeader(headers, 'accept') === undefined) setHeader(headers, 'accept', 'application/json');
    const form = /^application\/x-www-form-urlencoded\b/.test(getHeader(headers, 'content-type') || '');
    if (options.json !== true) body = JSON.stringify(options.json);
    else if (body !== undefined && !form) body = JSON.stringify(body);
    if (body !== undefined && !form && getHeader(headers, 'content-type') === undefined) {
      setHeader(headers, 'content-type', 'application/json');
    }
  }
  if (body !== undefined && typeof body !== 'string' && !(body instanceof Uint8Array)) {
    throw new TypeError('Argument error, options.body.');
  }
  return { headers, body };
}

// request's redirect rule: all under followAllRedirects, else only those of safe methods.
function follows(options, method) {
  if (options.followAllRedirects) return true;
  if (options.followRedirect === false) return false;
  return !['PATCH', 'PUT', 'POST', 'DELETE'].includes(method);
}

function timeoutError() {
  const err = new Error('ETIMEDOUT');
  err.code = 'ETIMEDOUT';
  err.connect = false;
  return err;
}

// Sends the request, following redirects, and returns the final hop's response with its
// body as bytes.
async function exchange(options, debugLog) {
  const jar = options.jar === true ? runJar : options.jar || null;
  const maxRedirects = options.maxRedirects === undefined ? 10 : options.maxRedirects;
  let href = requestUri(options);
  let { headers, body } = requestContent(options);
  let method = String(options.method || 'GET').toUpperCase();
  const ownCookies = getHeader(headers, 'cookie');
  const firstHost = new URL(href).hostname;
  const controller = new AbortController();
  const timer = options.timeout > 0 ? setTimeout(() => controller.abort(timeoutError()), options.timeout) : null;
  let redirects = 0;
  try {
    for (;;) {
      const sent = { ...headers };
      const jarCookies = jar ? jar.cookieHeader(href) : '';
      if (jarCookies !== '') setHeader(sent, 'cookie', ownCookies ? `${ownCookies}; ${jarCookies}` : jarCookies);
      removeHeader(sent, 'host');
      removeHeader(sent, 'content-length');
      if (debugLog) debugLog('request', { uri: href, method, headers: sent, body: body === undefined ? undefined : String(body) });
      let response;
      try {
        response = await fetch(href, {
          method, headers: Object.entries(sent).map(([n, v]) => [n, String(v)]), body, redirect: 'manual', signal: controller.signal,
        });
      } catch (err) {
        throw err && err.cause ? err.cause : err;
      }
      if (jar) jar.store(href, response.headers.getSetCookie());
      const location = response.headers.get('location');
      const status = response.status;
      if (status >= 300 && status < 400 && location !== null && follows(options, method)) {
        if (response.body) await response.body.cancel();
        if (redirects >= maxRedirects) {
          throw new Error(`Exceeded maxRedirects. Probably stuck in a redirect loop ${href}`);
        }
        redirects += 1;
        const next = new URL(location, href).href;
        if (options.followAllRedirects && method !== 'HEAD' && status !== 307) {
          method = options.followOriginalHttpMethod ? method : 'GET';
        }
        if (status !== 307) {
          body = undefined;
          removeHeader(headers, 'content-type');
          // Credentials stay with the host they were meant for (ports and schemes aside).
          if (new URL(next).hostname !== firstHost) removeHeader(headers, 'authorization');
        }
        if (!options.removeRefererHeader) setHeader(headers, 'referer', href);
        if (debugLog) debugLog('redirect', { statusCode: status, headers: nodeHeaders(response.headers), uri: next });
        href = next;
        continue;
      }
      const bytes = Buffer.from(await response.arrayBuffer());
      return {
        statusCode: status,
        statusMessage: response.statusText,
        headers: nodeHeaders(response.headers),
        bytes,
        request: { uri: legacyUrl.parse(href), href, method, headers: sent },
      };
    }
  } catch (err) {
    throw controller.signal.aborted && controller.signal.reason ? controller.signal.reason : err;
  } finally {
    if (timer !== null) clearTimeout(timer);
  }
}

// The body request hands over: decoded per `encoding`, then parsed under `json`.
function responseBody(bytes, options) {
  let body;
  if (bytes.length > 0) body = options.encoding === null ? bytes : bytes.toString(options.encoding || 'utf8');
  if (options.json) {
    try {
      body = JSON.parse(body);
    } catch {
      // request keeps a body that is not JSON as it is.
    }
  } else if (body === undefined) {
    body = options.encoding === null ? Buffer.alloc(0) : '';
  }
  return body;
}

function toJSON() {
  return {
    statusCode: this.statusCode,
    body: this.body,
    headers: this.headers,
    request: { uri: this.request.uri, method: this.request.method, headers: this.request.headers },
  };
}

// The response request hands to its callback, or a RequestError.
async function fetchResponse(options, debugLog) {
  let exchanged;
  try {
    exchanged = await exchange(options, debugLog);
  } catch (err) {
    if (typeof options.callback === 'function') options.callback(err);
    throw new RequestError(err, options);
  }
  const { bytes, ...head } = exchanged;
  const response = { ...head, body: responseBody(bytes, options) };
  Object.defineProperty(response, 'toJSON', { value: toJSON });
  Object.defineProperty(response, 'rawBody', { value: bytes });
  if (debugLog) {
    debugLog('response', { headers: response.headers, statusCode: response.statusCode, body: response.body });
  }
  if (typeof options.callback === 'function') options.callback(null, response, response.body);
  return response;
}

// request-promise's settlement of a response; HEAD resolves with the headers by default.
async function settle(response, options) {
  const full = options.resolveWithFullResponse === true;
  const transform = options.transform ||
    (String(options.method).toUpperCase() === 'HEAD' ? (body, res, all) => (all ? res : res.headers) : null);
  const transformed = async () => {
    try {
      return await transform(response.body, response, full);
    } catch (err) {
      throw new TransformError(err, options, response);
    }
  };
  const is2xx = response.statusCode >= 200 && response.statusCode < 300;
  if (options.simple !== false && !is2xx) {
    const result = transform && options.transform2xxOnly !== true ? await transformed() : response;
    throw new StatusCodeError(response.statusCode, response.body, options, result);
  }
  if (transform && (is2xx || options.transform2xxOnly !== true)) return transformed();
  return full ? response : response.body;
}

// ---------------------------------------------------------------------------------------
// request's calling conventions and `defaults`.

const isPlainObject = (value) => value !== null && typeof value === 'object' &&
  [Object.prototype, null].includes(Object.getPrototypeOf(value));

// `extend(true, target, ...sources)`: plain objects and arrays merged deeply, anything
// else (a jar, a Buffer, a function) by reference, undefined values skipped.
function deepExtend(target, ...sources) {
  for (const source of sources) {
    for (const [key, value] of Object.entries(source || {})) {
      if (value === undefined) continue;
      if (isPlainObject(value)) target[key] = deepExtend(isPlainObject(target[key]) ? target[key] : {}, value);
      else if (Array.isArray(value)) target[key] = deepExtend(Array.isArray(target[key]) ? target[key] : [], value);
      else target[key] = value;
    }
  }
  return target;
}

// (uri, options, callback) in request's forms: a string, an options object, or both.
function callParams(uri, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = undefined;
  }
  let params;
  if (options !== null && typeof options === 'object') params = { ...options, uri };
  else if (typeof uri === 'string') params = { uri };
  else params = { ...uri };
  if (callback) params.callback = callback;
  return params;
}

function requester(defaults, debugLog) {
  const call = (params) => {
    const options = deepExtend({}, defaults, params);
    const response = fetchResponse(options, debugLog);
    const promise = response.then((res) => settle(res, options));
    // request's `.pipe(stream)`: the body as received, whatever the status; a script that
    // pipes need not also handle the promise.
    promise.pipe = (destination) => {
      promise.catch(() => {});
      response.then((res) => destination.end(res.rawBody), (err) => destination.destroy(err));
      return destination;
    };
    return promise;
  };
  const rq = (uri, options, callback) => call(callParams(uri, options, callback));
  for (const verb of ['get', 'head', 'options', 'post', 'put', 'patch', 'del', 'delete']) {
    rq[verb] = (uri, options, callback) => {
      const params = callParams(uri, options, callback);
      params.method = verb === 'del' ? 'DELETE' : verb.toUpperCase();
      return call(params);
    };
  }
  rq.defaults = (more) => requester(deepExtend({}, defaults, more), debugLog);
  rq.jar = () => createJar();
  return rq;
}

// ---------------------------------------------------------------------------------------
// The library's defaults and its `debug` option (request-debug's events, on stderr).

function transformWithCheerio(body, response, resolveWithFullResponse) {
  const $ = require('konnector-lib/cheerio').load(body);
  return resolveWithFullResponse ? { ...response, body: $ } : $;
}

function libraryOptions(options) {
  const merged = { json: true, cheerio: false, headers: {}, followAllRedirects: true, ...options };
  if (options.cheerio === true) merged.json = false;
  const { cheerio, userAgent, ...rest } = merged;
  const headers = rest.headers || {};
  const own = headers['User-Agent'];
  if (cheerio) {
    const agent = own || (userAgent === false ? undefined : DEFAULT_USER_AGENT);
    return { ...rest, transform: transformWithCheerio, headers: { ...headers, 'User-Agent': agent } };
  }
  return { ...rest, headers: { ...headers, 'User-Agent': userAgent ? DEFAULT_USER_AGENT : own } };
}

function oneLine(type, data) {
  const length = data.headers['content-length'] ? 'Content-Length: ' + data.headers['content-length'] : '';
  if (type === 'request') return `${data.method} -> ${data.uri} ${length}`;
  if (type === 'response') return `<- ${data.statusCode}  ${length}`;
  return `<- ${data.statusCode} ${data.uri}`;
}

function debugLogger(debug) {
  if (!debug) return null;
  let debugId = 0;
  const strings = (type, data) => ({
    oneline: oneLine(type, data),
    headers: Object.keys(data.headers).map((key) => `${key}: ${data.headers[key]}`).join('\n'),
    body: data.body,
  });
  let write;
  if (debug === 'simple') write = (type, data) => console.error(strings(type, data).oneline);
  else if (debug === 'json') write = (type, data) => console.error(JSON.stringify({ type, data }));
  else if (debug === 'full') {
    write = (type, data) => {
      const { oneline, headers, body } = strings(type, data);
      const bodyPart = body ? `BEGIN BODY\n${body}\nEND BODY\n\n` : '';
      console.error(`${oneline}\n\nBEGIN HEADERS\n${headers}\nEND HEADERS\n\n${bodyPart}`);
    };
  } else if (typeof debug === 'function') {
    write = (type, data) => debug({ strings: strings(type, data), type, data });
  } else {
    write = (type, data) => console.error({ [type]: data });
  }
  return (type, data) => {
    if (type === 'request') debugId += 1;
    write(type, { debugId, ...data });
  };
}

function requestFactory({ debug = false, ...options } = {}) {
  return requester(libraryOptions(options), debugLogger(debug));
}

// The library's `request` export: requestFactory under its old name, with a warning.
function deprecated(...args) {
  log('warn', 'Use requestFactory instead of request. It will be removed in cozy-konnector-libs@4');
  return requestFactory.apply(this, args);
}

module.exports = requestFactory;
module.exports.deprecated = deprecated;
module.exports.errors = { RequestError, StatusCodeError, TransformError };
