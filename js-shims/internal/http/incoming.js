'use strict';
// Node's IncomingMessage as the client sees it: a Readable whose body the host streams one
// chunk per read (`fetchRead`), so a paused or slow consumer holds the download instead of
// buffering it, and the head's fields with Node's rules for repeated headers.

const ops = require('internal/ops');
const Readable = require('internal/streams/readable');
const { Buffer } = require('buffer');
const { connReset } = require('internal/http/common');

// Node keeps the first of these when a response repeats them (`matchKnownFields`).
const SINGLE_VALUED = new Set([
  'content-type', 'content-length', 'user-agent', 'referer', 'host', 'authorization',
  'proxy-authorization', 'if-modified-since', 'if-unmodified-since', 'from', 'location',
  'max-forwards', 'retry-after', 'etag', 'last-modified', 'server', 'age', 'expires',
]);

// Node's `headers` object from the flat [name, value, name, value...] list.
function joinHeaders(raw) {
  const headers = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    const value = raw[i + 1];
    const existing = headers[name];
    if (existing === undefined) {
      headers[name] = name === 'set-cookie' ? [value] : value;
    } else if (name === 'set-cookie') {
      existing.push(value);
    } else if (!SINGLE_VALUED.has(name)) {
      headers[name] = `${existing}${name === 'cookie' ? '; ' : ', '}${value}`;
    }
  }
  return headers;
}

function distinctHeaders(raw) {
  const headers = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    (headers[name] ??= []).push(raw[i + 1]);
  }
  return headers;
}

function IncomingMessage(socket) {
  Readable.call(this);
  this.socket = socket;
  this.httpVersionMajor = null;
  this.httpVersionMinor = null;
  this.httpVersion = null;
  this.complete = false;
  this.rawHeaders = [];
  this.rawTrailers = [];
  this.joinDuplicateHeaders = false;
  this.aborted = false;
  this.upgrade = null;
  this.url = '';
  this.method = null;
  this.statusCode = null;
  this.statusMessage = null;
  this.client = socket;
  this._headers = null;
  this._headersDistinct = null;
  this._bodyId = null;
  this._reading = false;
  this._dumped = false;
}
Object.setPrototypeOf(IncomingMessage.prototype, Readable.prototype);
Object.setPrototypeOf(IncomingMessage, Readable);

const proto = IncomingMessage.prototype;

// Fills the message from the host's response head.
proto._fromHead = function _fromHead(head) {
  // HTTP/2 is the host's choice of transport; scripts see HTTP/1.1, as from Node's http.
  this.httpVersionMajor = 1;
  this.httpVersionMinor = 1;
  this.httpVersion = '1.1';
  this.statusCode = head.status;
  this.statusMessage = head.statusText;
  this.rawHeaders = head.headers.flat();
  this._bodyId = head.bodyId;
};

for (const [name, compute] of [['headers', joinHeaders], ['headersDistinct', distinctHeaders]]) {
  const slot = `_${name}`;
  Object.defineProperty(proto, name, {
    configurable: true,
    enumerable: true,
    get() {
      this[slot] ??= compute(this.rawHeaders);
      return this[slot];
    },
    set(value) {
      this[slot] = value;
    },
  });
}

// No trailers reach the script: the host does not expose them.
Object.defineProperty(proto, 'trailers', {
  configurable: true,
  enumerable: true,
  get() {
    return {};
  },
});
Object.defineProperty(proto, 'trailersDistinct', {
  configurable: true,
  enumerable: true,
  get() {
    return {};
  },
});

Object.defineProperty(proto, 'connection', {
  configurable: true,
  enumerable: true,
  get() {
    return this.socket;
  },
  set(value) {
    this.socket = value;
  },
});

proto.setTimeout = function setTimeout(msecs, callback) {
  if (typeof callback === 'function') this.on('timeout', callback);
  this.socket.setTimeout(msecs);
  return this;
};

proto._read = function _read() {
  if (this._reading || this._bodyId === null) return;
  this._reading = true;
  ops.fetchRead(this._bodyId).then((chunk) => {
    this._reading = false;
    if (this.destroyed) return;
    if (chunk === null) {
      this._bodyId = null;
      this.complete = true;
      this.push(null);
      return;
    }
    this.socket._touch();
    this.socket.bytesRead += chunk.byteLength;
    if (chunk.byteLength === 0) this._read();
    else this.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }, (error) => {
    this._reading = false;
    this._bodyId = null;
    if (this.destroyed) return;
    // A connection lost mid-body is Node's ECONNRESET 'aborted'; kvm's own limits keep
    // their codes (ETIMEDOUT, ERR_BODY_TOO_LARGE, ERR_NETWORK_LIMIT...).
    this.destroy(error.code === 'ERR_NETWORK' ? connReset('aborted') : error);
  });
};

proto._destroy = function _destroy(error, callback) {
  if (!this.complete && !this.aborted) {
    this.aborted = true;
    this.emit('aborted');
  }
  if (this._bodyId !== null) {
    ops.fetchCancel(this._bodyId);
    this._bodyId = null;
  }
  // As Node: the error reaches 'error' listeners only if there are some.
  process.nextTick(() => {
    callback(this.listenerCount('error') > 0 ? error : null);
  });
};

// Reads the body to its end for nobody (a response without 'response' listener).
proto._dump = function _dump() {
  if (this._dumped) return;
  this._dumped = true;
  this.removeAllListeners('data');
  this.resume();
};

module.exports = { IncomingMessage };
