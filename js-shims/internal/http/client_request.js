'use strict';
// Node's ClientRequest over the host's network (DESIGN §4): one request, one `fetchStart` with
// Node's semantics, not fetch's: redirects come back to the script (`redirect: 'manual'`), the
// body arrives as sent, compressed or not (`decode: false`), and only the script's headers go
// out. A body given whole to end() goes with its Content-Length; written in several calls it
// streams (`streamed: true`, then `fetchWrite` per chunk), chunked unless the script set a
// Content-Length. Events and their order follow Node 20: 'socket' on the next tick, 'finish',
// 'response', 'close'; 'abort', 'timeout' and 'error' as Node emits them. A policy denial is
// an 'error' whose `code` is ERR_NETWORK_DENIED and whose `rule` names the rule.

const ops = require('internal/ops');
const { Buffer } = require('buffer');
const { URL, urlToHttpOptions } = require('url');
const { codedError, invalidArgType } = require('internal/errors');
const { addAbortSignal } = require('internal/streams/add_abort_signal');
const { nextRequestId } = require('internal/request_ids');
const { OutgoingMessage } = require('internal/http/outgoing');
const { IncomingMessage } = require('internal/http/incoming');
const { Socket } = require('internal/http/socket');
const { checkIsHttpToken, connReset, timerDuration } = require('internal/http/common');
const { defaults } = require('internal/http/agent');

// Characters Node refuses in a request path (it would split the request line).
const INVALID_PATH = /[\u0000-\u0020]/;

// Node's messages and fields for the failures it names after a syscall.
const SYSCALL_ERRORS = {
  ECONNREFUSED: ['connect', -111],
  ECONNRESET: ['read', -104],
  EHOSTUNREACH: ['connect', -113],
  ENETUNREACH: ['connect', -101],
};

// TLS options Node would honour and kvm cannot: the host always verifies certificates against
// the public roots.
const TLS_OPTIONS = ['ca', 'cert', 'key', 'pfx', 'checkServerIdentity'];
let warnedTls = false;

function warnTlsOptions(options, agent) {
  if (warnedTls) return;
  const sources = [options, agent?.options ?? {}];
  const named = new Set();
  for (const source of sources) {
    if (source.rejectUnauthorized === false) named.add('rejectUnauthorized: false');
    for (const key of TLS_OPTIONS) if (source[key] !== undefined && source[key] !== null) named.add(key);
  }
  if (named.size === 0) return;
  warnedTls = true;
  process.emitWarning(`https option(s) ${[...named].join(', ')} ignored: kvm always verifies ` +
    'server certificates against the public roots and sends no client certificate', 'KvmWarning');
}

function validateHost(host, name) {
  if (host !== null && host !== undefined && typeof host !== 'string') {
    throw invalidArgType(`options.${name}`, 'of type string or one of undefined or null', host);
  }
  return host;
}

// The Node error for a failure the host reported (an Error with `code`, `url`, maybe `rule`).
function nodeError(error, host, port) {
  if (error.code === 'ERR_NETWORK') return connReset('socket hang up');
  const syscall = SYSCALL_ERRORS[error.code];
  if (syscall !== undefined) {
    const detail = error.message;
    error.message = `${syscall[0]} ${error.code} ${host}:${port}`;
    Object.assign(error, { errno: syscall[1], syscall: syscall[0], address: host, port: Number(port), detail });
  } else if (error.code === 'ENOTFOUND') {
    const detail = error.message;
    error.message = `getaddrinfo ENOTFOUND ${host}`;
    Object.assign(error, { errno: -3008, syscall: 'getaddrinfo', hostname: host, detail });
  }
  return error;
}

function ClientRequest(input, options, cb) {
  OutgoingMessage.call(this);
  if (typeof input === 'string') {
    input = urlToHttpOptions(new URL(input));
  } else if (input instanceof URL) {
    input = urlToHttpOptions(input);
  } else {
    cb = options;
    options = input;
    input = null;
  }
  if (typeof options === 'function') {
    cb = options;
    options = input || {};
  } else {
    options = Object.assign(input || {}, options);
  }

  const defaultAgent = options._defaultAgent || defaults.http;
  let agent = options.agent;
  if (agent === false) agent = new defaultAgent.constructor();
  else if (agent === null || agent === undefined) agent = defaultAgent;
  this.agent = agent;

  const protocol = options.protocol || defaultAgent.protocol;
  const expectedProtocol = agent?.protocol || defaultAgent.protocol;
  if (protocol !== expectedProtocol) {
    throw codedError(TypeError, 'ERR_INVALID_PROTOCOL',
      `Protocol "${protocol}" not supported. Expected "${expectedProtocol}"`);
  }
  if (protocol === 'https:') warnTlsOptions(options, agent);

  const defaultPort = options.defaultPort || agent?.defaultPort;
  const port = options.port || defaultPort || 80;
  const host = validateHost(options.hostname, 'hostname') || validateHost(options.host, 'host') || 'localhost';
  const setHost = options.setHost === undefined || Boolean(options.setHost);

  if (options.path) {
    const path = String(options.path);
    if (INVALID_PATH.test(path)) {
      throw codedError(TypeError, 'ERR_UNESCAPED_CHARACTERS', 'Request path contains unescaped characters');
    }
  }
  this.path = options.path || '/';

  if (typeof cb === 'function') this.once('response', cb);

  let method = options.method;
  if (method !== null && method !== undefined && typeof method !== 'string') {
    throw invalidArgType('options.method', 'of type string', method);
  }
  if (method) {
    if (!checkIsHttpToken(method)) {
      throw codedError(TypeError, 'ERR_INVALID_HTTP_TOKEN', `Method must be a valid HTTP token ["${method}"]`);
    }
    method = method.toUpperCase();
  } else {
    method = 'GET';
  }
  this.method = method;
  this.host = host;
  this.protocol = protocol;
  this.maxHeadersCount = null;
  this.reusedSocket = false;
  this.aborted = false;
  this.res = null;
  this.socket = null;
  this.timeout = options.timeout === undefined ? undefined : timerDuration(options.timeout, 'timeout');
  this.useChunkedEncodingByDefault = !['GET', 'HEAD', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT'].includes(method);

  // Headers given as a flat [name, value...] list go out as they are, outside the header
  // store and without a Host of ours, as in Node.
  this._rawHeaderList = null;
  if (Array.isArray(options.headers)) {
    this._rawHeaderList = [];
    for (let i = 0; i + 1 < options.headers.length; i += 2) {
      this._rawHeaderList.push([String(options.headers[i]), String(options.headers[i + 1])]);
    }
  } else if (options.headers) {
    for (const key of Object.keys(options.headers)) this.setHeader(key, options.headers[key]);
  }
  if (host && !this.getHeader('host') && setHost && this._rawHeaderList === null) {
    let hostHeader = host;
    if (host.includes(':') && host[0] !== '[') hostHeader = `[${host}]`;
    if (port && +port !== defaultPort) hostHeader += `:${port}`;
    this.setHeader('Host', hostHeader);
  }
  if (options.auth && !this.getHeader('Authorization')) {
    this.setHeader('Authorization', `Basic ${Buffer.from(options.auth).toString('base64')}`);
  }

  const urlHost = host.includes(':') && host[0] !== '[' ? `[${host}]` : host;
  this._url = `${protocol}//${urlHost}:${port}${this.path}`;
  this._port = port;
  this._requestId = 0;
  this._closed = false;
  this._socket = new Socket(this, { host, port, secure: protocol === 'https:' });
  this._socket.on('timeout', () => {
    this.emit('timeout');
    if (this.res !== null) this.res.emit('timeout');
  });
  if (options.signal) addAbortSignal(options.signal, this);
  process.nextTick(() => this._onSocket());
}
Object.setPrototypeOf(ClientRequest.prototype, OutgoingMessage.prototype);
Object.setPrototypeOf(ClientRequest, OutgoingMessage);

const proto = ClientRequest.prototype;

// Node hands the request its socket on the next tick; destroyed before, it never gets one.
proto._onSocket = function _onSocket() {
  if (this.destroyed) {
    const error = this._error ?? (this.aborted ? null : connReset('socket hang up'));
    if (error) this.emit('error', error);
    this._close();
    return;
  }
  this.socket = this._socket;
  this.connection = this._socket;
  if (this.timeout !== undefined) this._socket.setTimeout(this.timeout);
  this.emit('socket', this._socket);
};

// ---------------------------------------------------------------------------------------------
// Transport (OutgoingMessage's hooks)

proto._start = function _start(body, streamed) {
  this._requestId = nextRequestId();
  const init = {
    method: this.method,
    url: this._url,
    headers: this._rawHeaderList ?? this._wireHeaders(),
    body,
    redirect: 'manual',
    decode: false,
    requestId: this._requestId,
  };
  if (streamed) {
    init.streamed = true;
    const length = Number(this.getHeader('content-length'));
    if (this.hasHeader('content-length') && Number.isSafeInteger(length) && length >= 0) init.length = length;
  }
  ops.fetchStart(init).then((head) => this._onHead(head), (error) => this._onFailure(error));
};

proto._sendWhole = function _sendWhole(body) {
  // Node sends `Content-Length: 0` for an empty body only on methods that usually carry one.
  if (body === null && this.useChunkedEncodingByDefault) body = Buffer.alloc(0);
  this._start(body === null ? undefined : body, false);
};

proto._openStream = function _openStream() {
  this._start(undefined, true);
};

proto._sendChunk = function _sendChunk(buffer) {
  this._socket._touch();
  return ops.fetchWrite(this._requestId, buffer).then(() => {
    this._socket.bytesWritten += buffer.length;
  });
};

proto._sendEnd = function _sendEnd() {
  return ops.fetchWrite(this._requestId, null);
};

proto._onHead = function _onHead(head) {
  if (this.destroyed) {
    ops.fetchCancel(head.bodyId);
    return;
  }
  this._socket._touch();
  const res = new IncomingMessage(this._socket);
  res._fromHead(head);
  res.req = this;
  this.res = res;
  // The request closes after the response's 'end', or after its 'close' if destroyed first.
  const close = () => process.nextTick(() => this._close());
  res.on('end', close);
  res.on('close', close);
  if (!this.emit('response', res)) res._dump();
};

proto._onFailure = function _onFailure(error) {
  if (this.destroyed) return;
  this._dropQueue();
  this.destroyed = true;
  this.emit('error', nodeError(error, this.host, this._port));
  this._close();
};

proto._close = function _close() {
  if (this._closed) return;
  this._closed = true;
  this.destroyed = true;
  this._socket._close(false);
  this.emit('close');
};

// ---------------------------------------------------------------------------------------------
// Ending early

proto.abort = function abort() {
  if (this.aborted) return;
  this.aborted = true;
  process.nextTick(() => this.emit('abort'));
  this.destroy();
};

proto.destroy = function destroy(error) {
  if (this.destroyed) return this;
  this.destroyed = true;
  this._error = error ?? null;
  this._dropQueue();
  if (this._requestId !== 0 && this.res === null) ops.fetchAbort(this._requestId);
  if (this.socket === null) return this; // _onSocket reports it
  const res = this.res;
  process.nextTick(() => {
    if (res === null) {
      this.emit('error', error ?? connReset('socket hang up'));
      this._close();
      return;
    }
    if (error) this.emit('error', error);
    // 'aborted' now, the response's 'error' and 'close' on a later tick, as in Node.
    if (!res.destroyed) res.destroy(connReset('aborted'));
    this._close();
  });
  return this;
};

proto.setTimeout = function setTimeout(msecs, callback) {
  msecs = timerDuration(msecs, 'msecs');
  if (typeof callback === 'function') this.once('timeout', callback);
  this.timeout = msecs;
  if (this.socket !== null) this.socket.setTimeout(msecs);
  return this;
};

proto.clearTimeout = function clearTimeout(callback) {
  this.setTimeout(0, callback);
};

proto.setNoDelay = function setNoDelay() {};
proto.setSocketKeepAlive = function setSocketKeepAlive() {};

module.exports = { ClientRequest };
