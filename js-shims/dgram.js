'use strict';
// Node 20's `dgram`, denied (DESIGN §3): konnectors cannot open UDP sockets. The module loads
// with Node's exports; creating a socket throws ERR_ACCESS_DENIED.

const EventEmitter = require('events');
const { deniedConstructor, deniedFunction } = require('internal/denied');

const CAPABILITY = 'dgram';

module.exports = {
  _createSocketHandle: deniedFunction('dgram._createSocketHandle', CAPABILITY),
  createSocket: deniedFunction('dgram.createSocket', CAPABILITY, 2),
  Socket: deniedConstructor('dgram.Socket', CAPABILITY, EventEmitter),
};
