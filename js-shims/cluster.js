'use strict';
// Node 20's `cluster`, denied (DESIGN §3): the run is always the primary process and has no
// workers; forking (and the setup that only prepares forking) throws ERR_ACCESS_DENIED. Like
// Node's, the module is itself an EventEmitter.

const EventEmitter = require('events');
const { deniedConstructor, deniedFunction } = require('internal/denied');

const CAPABILITY = 'cluster';

const cluster = new EventEmitter();

Object.assign(cluster, {
  isWorker: false,
  isMaster: true,
  isPrimary: true,
  Worker: deniedConstructor('cluster.Worker', CAPABILITY, EventEmitter),
  workers: {},
  settings: {},
  SCHED_NONE: 1,
  SCHED_RR: 2,
  schedulingPolicy: 2,
  setupPrimary: deniedFunction('cluster.setupPrimary', CAPABILITY, 1),
  setupMaster: deniedFunction('cluster.setupMaster', CAPABILITY, 1),
  fork: deniedFunction('cluster.fork', CAPABILITY, 1),
  // There are no workers to disconnect: the callback runs, as in Node.
  disconnect(callback) {
    if (typeof callback === 'function') process.nextTick(callback);
  },
});

module.exports = cluster;
