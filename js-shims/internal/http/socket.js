'use strict';
// The stand-in for the socket of a request. There is no socket in the isolate: the host's
// network owns connections (DESIGN §4). Libraries still listen on `req.socket`, read its
// addresses, TLS state and timeouts, and call its no-op tuning methods, so this EventEmitter
// offers what they use. Its idle timer is the request's timeout (Node's `socket.setTimeout`):
// armed by setTimeout, pushed back by every chunk sent or received, and firing 'timeout' once
// per idle period.

const EventEmitter = require('events');
const { isIP } = require('net');
const { timerDuration } = require('internal/http/common');

function Socket(request, { host, port, secure }) {
  EventEmitter.call(this);
  this._request = request;
  this._timeout = 0;
  this._timer = null;
  this.connecting = false;
  this.destroyed = false;
  this.readable = true;
  this.writable = true;
  // The address a connection used is the host's business; an IP literal is what it reached.
  this.remoteAddress = isIP(host) ? host : undefined;
  this.remotePort = Number(port);
  this.remoteFamily = isIP(host) === 6 ? 'IPv6' : isIP(host) === 4 ? 'IPv4' : undefined;
  this.localAddress = undefined;
  this.localPort = undefined;
  this.bytesRead = 0;
  this.bytesWritten = 0;
  if (secure) {
    // The host verifies every certificate against the public roots; nothing else gets through.
    this.encrypted = true;
    this.authorized = true;
    this.authorizationError = null;
    this.servername = host;
  }
}
Object.setPrototypeOf(Socket.prototype, EventEmitter.prototype);
Object.setPrototypeOf(Socket, EventEmitter);

Socket.prototype.setTimeout = function setTimeout(msecs, callback) {
  this._timeout = timerDuration(msecs, 'msecs');
  if (typeof callback === 'function') {
    if (this._timeout === 0) this.removeListener('timeout', callback);
    else this.once('timeout', callback);
  }
  this._touch();
  return this;
};

// Activity: the idle period starts again.
Socket.prototype._touch = function _touch() {
  if (this._timer !== null) clearTimeout(this._timer);
  this._timer = null;
  if (this._timeout > 0 && !this.destroyed) {
    this._timer = setTimeout(() => {
      this._timer = null;
      this.emit('timeout');
    }, this._timeout);
  }
};

Socket.prototype.setNoDelay = function setNoDelay() {
  return this;
};
Socket.prototype.setKeepAlive = function setKeepAlive() {
  return this;
};
Socket.prototype.ref = function ref() {
  return this;
};
Socket.prototype.unref = function unref() {
  return this;
};
Socket.prototype.address = function address() {
  return {};
};
Socket.prototype.getPeerCertificate = function getPeerCertificate() {
  return {};
};

// Destroying the socket ends the request, as it would in Node.
Socket.prototype.destroy = function destroy(error) {
  if (!this.destroyed) this._request.destroy(error);
  return this;
};
Socket.prototype.end = function end() {
  return this.destroy();
};

// Called by the request once it is over.
Socket.prototype._close = function _close(hadError) {
  if (this.destroyed) return;
  this.destroyed = true;
  this.readable = false;
  this.writable = false;
  if (this._timer !== null) clearTimeout(this._timer);
  this._timer = null;
  this.emit('close', hadError);
};

module.exports = { Socket };
