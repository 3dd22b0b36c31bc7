// The parts of `http`/`https` that need no network: tables, header validation and its errors,
// Agent options and names, ClientRequest's options handling and header store, feature tests
// libraries run at load time. Requests here never start: each is destroyed at once.
'use strict';

const http = require('http');
const https = require('https');

console.log('node: names', require('node:http') === http, require('node:https') === https);
console.log('status', Object.keys(http.STATUS_CODES).length, http.STATUS_CODES[200], http.STATUS_CODES[418], http.STATUS_CODES[511]);
console.log('methods', http.METHODS.length, http.METHODS.join(','));
console.log('maxHeaderSize', http.maxHeaderSize);
console.log('lengths', http.request.length, http.get.length, https.request.length, http.createServer.length,
  http.Agent.length, http.ClientRequest.length, http.IncomingMessage.length, http.OutgoingMessage.length,
  http.validateHeaderName.length, http.validateHeaderValue.length);

function attempt(label, fn) {
  try {
    const value = fn();
    console.log(label, 'ok', value === undefined ? '' : value);
  } catch (error) {
    console.log(label, error.name, error.code, error.message);
  }
}

attempt('name a b', () => http.validateHeaderName('a b'));
attempt('name empty', () => http.validateHeaderName(''));
attempt('name number', () => http.validateHeaderName(5));
attempt('name ok', () => http.validateHeaderName('X-Custom_1'));
attempt('value undefined', () => http.validateHeaderValue('x', undefined));
attempt('value newline', () => http.validateHeaderValue('x', 'a\nb'));
attempt('value latin1', () => http.validateHeaderValue('x', 'caf\u00e9'));
attempt('value number', () => http.validateHeaderValue('x', 12));

// Agents
const agent = new http.Agent({ keepAlive: true, maxSockets: 5 });
console.log('agent', agent.defaultPort, agent.protocol, agent.keepAlive, agent.maxSockets, agent.maxFreeSockets,
  agent.keepAliveMsecs, agent.scheduling, agent.maxTotalSockets, JSON.stringify(agent.options));
console.log('agent name', agent.getName({ host: 'a.example', port: 8080 }), agent.getName({}), agent.getName({ host: 'b', family: 6 }));
const secure = new https.Agent();
console.log('https agent', secure.defaultPort, secure.protocol, secure.maxCachedSessions, secure instanceof http.Agent,
  https.Agent.name, secure.getName({ host: 'a', port: 443, rejectUnauthorized: false }));
console.log('global agents', http.globalAgent instanceof http.Agent, http.globalAgent.keepAlive, http.globalAgent.defaultPort,
  https.globalAgent.defaultPort, https.globalAgent.protocol, JSON.stringify(http.globalAgent.options));
console.log('agent proto', Object.getOwnPropertyNames(http.Agent.prototype).sort().join(','));
function Forever(options) {
  http.Agent.call(this, options);
  this.forever = true;
}
require('util').inherits(Forever, http.Agent);
const forever = new Forever({ maxSockets: 2 });
console.log('subclass', forever instanceof http.Agent, forever.maxSockets, forever.forever, http.Agent() instanceof http.Agent);

// ClientRequest: options, header store; none of these requests is sent.
function request(label, ...args) {
  attempt(label, () => {
    const req = http.request(...args);
    req.on('error', () => {});
    req.destroy();
    return `${req.method} ${req.protocol}//${req.host} ${req.path} ${JSON.stringify(req.getHeaders())}`;
  });
}
request('url string', 'http://user:pa%20ss@example.com:8080/a/b?c=d#frag');
request('url object', new URL('http://example.com/x'), { method: 'post', headers: { 'X-A': 'b' } });
request('options', { hostname: 'example.com', port: 80, path: '/p', headers: { Cookie: ['a=1', 'b=2'] } });
request('ipv6', { host: '::1', port: 81 });
request('raw headers', { host: 'example.com', headers: ['X-One', '1', 'x-one', '2'] });
request('set host off', { host: 'example.com', setHost: false });
request('bad method', { method: 'BAD METHOD' });
request('method type', { method: 3 });
request('bad path', { path: '/a b' });
request('https on http', 'https://example.com/');
request('host type', { host: 3 });
request('timeout type', { timeout: 'x' });
request('https default port', () => {});
attempt('https request', () => {
  const req = https.request('https://example.com/x');
  req.on('error', () => {});
  req.destroy();
  return `${req.protocol} ${req.getHeader('host')} ${req.agent === https.globalAgent}`;
});

const req = http.request({ host: 'example.com' });
req.on('error', () => {});
req.setHeader('X-Multi', ['a', 'b']);
req.setHeader('Content-Type', 'text/plain');
req.appendHeader('x-multi', 'c');
console.log('store', JSON.stringify(req.getHeaderNames()), JSON.stringify(req.getRawHeaderNames()),
  JSON.stringify(req.getHeader('x-multi')), req.hasHeader('CONTENT-TYPE'), req.headersSent);
req.removeHeader('content-type');
console.log('removed', req.hasHeader('content-type'), req.getHeader('content-type'));
attempt('set bad name', () => req.setHeader('a b', 'x'));
attempt('set bad value', () => req.setHeader('x', 'a\rb'));
attempt('get non-string', () => req.getHeader(1));
console.log('request state', req.aborted, req.destroyed, req.reusedSocket, req.finished, req.writableEnded, req.maxHeadersCount,
  req.writableHighWaterMark, req.socket, req.agent === http.globalAgent, typeof req.setNoDelay, typeof req.flushHeaders);
req.destroy();
console.log('instances', req instanceof http.OutgoingMessage, req instanceof require('stream').Stream,
  req instanceof require('stream').Writable, http.IncomingMessage.prototype instanceof require('stream').Readable);
attempt('write after destroy', () => req.write('x'));

// Servers are denied capabilities, present for feature tests.
console.log('server', typeof http.Server, typeof http.ServerResponse, typeof http.createServer, typeof https.Server,
  http.Server.prototype instanceof require('events'));
