'use strict';
// Node 20's `inspector`, denied (DESIGN §3): no debugger can attach to a run. As in a Node
// process started without --inspect, `url()` is undefined, `close()` does nothing and the
// inspector console and Network reporters are silent; opening the inspector, waiting for a
// debugger or creating a session throws ERR_ACCESS_DENIED.

const EventEmitter = require('events');
const { deniedConstructor, deniedFunction } = require('internal/denied');

const CAPABILITY = 'inspector';

const noop = () => {};

// Methods of the inspector's console (they only ever reach an attached debugger).
const CONSOLE_METHODS = [
  'debug', 'error', 'info', 'log', 'warn', 'dir', 'dirxml', 'table', 'trace', 'group',
  'groupCollapsed', 'groupEnd', 'clear', 'count', 'countReset', 'assert', 'profile',
  'profileEnd', 'time', 'timeLog', 'timeEnd', 'timeStamp', 'context',
];

const inspectorConsole = {};
for (const name of CONSOLE_METHODS) inspectorConsole[name] = noop;

module.exports = {
  open: deniedFunction('inspector.open', CAPABILITY, 3),
  close: noop,
  url: () => undefined,
  waitForDebugger: deniedFunction('inspector.waitForDebugger', CAPABILITY),
  console: inspectorConsole,
  Session: deniedConstructor('inspector.Session', CAPABILITY, EventEmitter),
  Network: {
    requestWillBeSent: noop,
    responseReceived: noop,
    loadingFinished: noop,
    loadingFailed: noop,
  },
};
