'use strict';
// Node 20's `http`, the client over kvm's network (DESIGN §3, §4): requests go through the
// host's fetch with its policy, limits and per-run pool; see internal/http/. Servers are
// denied: a konnector is a client only.

const net = require('net');
const { deniedConstructor, deniedFunction } = require('internal/denied');
const { Agent, defaults } = require('internal/http/agent');
const { ClientRequest } = require('internal/http/client_request');
const { IncomingMessage } = require('internal/http/incoming');
const { OutgoingMessage } = require('internal/http/outgoing');
const {
  METHODS, STATUS_CODES, validateHeaderName, validateHeaderValue,
} = require('internal/http/common');
const { invalidArgType } = require('internal/errors');

const CAPABILITY = 'http_server';

function request(url, options, cb) {
  return new ClientRequest(url, options, cb);
}

function get(url, options, cb) {
  const req = request(url, options, cb);
  req.end();
  return req;
}

const Server = deniedConstructor('http.Server', CAPABILITY, net.Server);
const ServerResponse = deniedConstructor('http.ServerResponse', CAPABILITY, OutgoingMessage);

// Parsers are the host's; the setting has nothing to bound here.
function setMaxIdleHTTPParsers(max) {
  if (typeof max !== 'number') throw invalidArgType('max', 'of type number', max);
}

module.exports = {
  _connectionListener: deniedFunction('http._connectionListener', CAPABILITY, 1),
  METHODS: METHODS.slice(),
  STATUS_CODES,
  Agent,
  ClientRequest,
  IncomingMessage,
  OutgoingMessage,
  Server,
  ServerResponse,
  createServer: deniedFunction('http.createServer', CAPABILITY, 2),
  validateHeaderName,
  validateHeaderValue,
  get,
  request,
  setMaxIdleHTTPParsers,
  maxHeaderSize: 16384,
};

Object.defineProperty(module.exports, 'globalAgent', {
  configurable: true,
  enumerable: true,
  get: () => defaults.http,
  set: (agent) => {
    defaults.http = agent;
  },
});
