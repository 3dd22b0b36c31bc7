'use strict';
// Node 20's `https`: the `http` client with https agents. TLS is the host's: certificates are
// always verified against the public roots, whatever the options say (see
// internal/http/client_request.js). Servers are denied.

const tls = require('tls');
const { deniedConstructor, deniedFunction } = require('internal/denied');
const { HttpsAgent, defaults } = require('internal/http/agent');
const { ClientRequest } = require('internal/http/client_request');
const { URL, urlToHttpOptions } = require('url');

const CAPABILITY = 'http_server';

// The URL and options merged into one object naming the https default agent, as Node does.
function request(...args) {
  let options = {};
  if (typeof args[0] === 'string') options = urlToHttpOptions(new URL(args.shift()));
  else if (args[0] instanceof URL) options = urlToHttpOptions(args.shift());
  if (args[0] && typeof args[0] !== 'function') Object.assign(options, args.shift());
  options._defaultAgent = defaults.https;
  return new ClientRequest(options, ...args);
}

function get(...args) {
  const req = request(...args);
  req.end();
  return req;
}

module.exports = {
  Agent: HttpsAgent,
  Server: deniedConstructor('https.Server', CAPABILITY, tls.Server),
  createServer: deniedFunction('https.createServer', CAPABILITY, 2),
  get,
  request,
};

Object.defineProperty(module.exports, 'globalAgent', {
  configurable: true,
  enumerable: true,
  get: () => defaults.https,
  set: (agent) => {
    defaults.https = agent;
  },
});
