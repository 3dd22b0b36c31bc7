'use strict';
// Node 20's `worker_threads`, denied (DESIGN §3): a run is a single isolate on a single
// thread. The module answers as Node's main thread does (isMainThread, threadId 0, no parent
// port, no worker data); environment data works in-process; starting a worker or creating a
// message channel throws ERR_ACCESS_DENIED.

const EventEmitter = require('events');
const { EventTarget } = require('internal/event_target');
const { deniedAsync, deniedConstructor, deniedFunction } = require('internal/denied');

const CAPABILITY = 'worker_threads';

const environmentData = new Map();

function getEnvironmentData(key) {
  return environmentData.get(key);
}

function setEnvironmentData(key, value) {
  if (value === undefined) environmentData.delete(key);
  else environmentData.set(key, value);
}

module.exports = {
  isMainThread: true,
  MessagePort: deniedConstructor('worker_threads.MessagePort', CAPABILITY, EventTarget),
  MessageChannel: deniedConstructor('worker_threads.MessageChannel', CAPABILITY),
  markAsUntransferable() {},
  moveMessagePortToContext: deniedFunction('worker_threads.moveMessagePortToContext', CAPABILITY),
  receiveMessageOnPort: deniedFunction('worker_threads.receiveMessageOnPort', CAPABILITY, 1),
  resourceLimits: {},
  postMessageToThread: deniedAsync('worker_threads.postMessageToThread', CAPABILITY, 4),
  threadId: 0,
  SHARE_ENV: Symbol.for('nodejs.worker_threads.SHARE_ENV'),
  Worker: deniedConstructor('worker_threads.Worker', CAPABILITY, EventEmitter),
  parentPort: null,
  workerData: null,
  BroadcastChannel: deniedConstructor('worker_threads.BroadcastChannel', CAPABILITY, EventTarget),
  setEnvironmentData,
  getEnvironmentData,
};
