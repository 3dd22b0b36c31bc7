'use strict';
// Node's http.Agent and https.Agent, for their surface only: konnectors and their libraries
// create agents, pass them in request options, read their options and subclass them (`request`'s
// forever-agent calls `Agent.call(this, options)`), but connections and their pooling belong to
// the host's network, one pool per run (DESIGN §4.8), so an agent holds no socket.
// `createConnection` would open a raw socket: denied, as in `net`.

const EventEmitter = require('events');
const { deniedFunction } = require('internal/denied');

function Agent(options) {
  if (!(this instanceof Agent)) return new Agent(options);
  EventEmitter.call(this);
  this.defaultPort = 80;
  this.protocol = 'http:';
  this.options = { __proto__: null, ...options };
  if (this.options.noDelay === undefined) this.options.noDelay = true;
  this.options.path = null;
  this.requests = { __proto__: null };
  this.sockets = { __proto__: null };
  this.freeSockets = { __proto__: null };
  this.keepAliveMsecs = this.options.keepAliveMsecs || 1000;
  this.keepAlive = this.options.keepAlive || false;
  this.maxSockets = this.options.maxSockets || Agent.defaultMaxSockets;
  this.maxFreeSockets = this.options.maxFreeSockets || 256;
  this.scheduling = this.options.scheduling || 'lifo';
  this.maxTotalSockets = this.options.maxTotalSockets ?? Infinity;
  this.totalSocketCount = 0;
}
Object.setPrototypeOf(Agent.prototype, EventEmitter.prototype);
Object.setPrototypeOf(Agent, EventEmitter);

Agent.defaultMaxSockets = Infinity;

Agent.prototype.createConnection = deniedFunction('http.Agent.createConnection', 'net');

// The pool key Node uses; some libraries read it to label their own pools.
Agent.prototype.getName = function getName(options = {}) {
  let name = options.host || 'localhost';
  name += ':';
  if (options.port) name += options.port;
  name += ':';
  if (options.localAddress) name += options.localAddress;
  if (options.family === 4 || options.family === 6) name += `:${options.family}`;
  if (options.socketPath) name += `:${options.socketPath}`;
  return name;
};

// Requests never pass through an agent's queue: the host's network schedules them.
Agent.prototype.addRequest = function addRequest() {};
Agent.prototype.createSocket = function createSocket(req, options, cb) {
  cb(null, this.createConnection(options));
};
Agent.prototype.removeSocket = function removeSocket() {};
Agent.prototype.keepSocketAlive = function keepSocketAlive() {
  return this.keepAlive;
};
Agent.prototype.reuseSocket = function reuseSocket() {};
Agent.prototype.destroy = function destroy() {};

function HttpsAgent(options) {
  if (!(this instanceof HttpsAgent)) return new HttpsAgent(options);
  Agent.call(this, options);
  this.defaultPort = 443;
  this.protocol = 'https:';
  this.maxCachedSessions = this.options.maxCachedSessions ?? 100;
  this._sessionCache = { map: {}, list: [] };
}
Object.setPrototypeOf(HttpsAgent.prototype, Agent.prototype);
Object.setPrototypeOf(HttpsAgent, Agent);
Object.defineProperty(HttpsAgent, 'name', { value: 'Agent' });

HttpsAgent.prototype.getName = function getName(options = {}) {
  let name = Agent.prototype.getName.call(this, options);
  // Node adds the TLS options that split pools; they do not matter here but keep the shape.
  for (const key of ['ca', 'cert', 'clientCertEngine', 'ciphers', 'key', 'pfx',
    'rejectUnauthorized', 'servername', 'minVersion', 'maxVersion', 'secureProtocol',
    'crl', 'honorCipherOrder', 'ecdhCurve', 'dhparam', 'secureOptions', 'sessionIdContext',
    'sigalgs', 'privateKeyIdentifier', 'privateKeyEngine']) {
    name += ':';
    if (options[key] !== undefined) name += options[key];
  }
  return name;
};

// The agents requests use when given none; `http.globalAgent = x` replaces one, as in Node.
const defaults = {
  http: new Agent({ keepAlive: true, scheduling: 'lifo', timeout: 5000 }),
  https: new HttpsAgent({ keepAlive: true, scheduling: 'lifo', timeout: 5000 }),
};

module.exports = { Agent, HttpsAgent, defaults };
