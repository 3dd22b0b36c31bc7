'use strict';
// Node 20's `child_process`, denied (DESIGN §3): konnectors cannot spawn processes. The module
// loads with Node's exports (bundles require it at top level); every way to start a process
// throws ERR_ACCESS_DENIED, including through util.promisify (the promise rejects).

const EventEmitter = require('events');
const { deniedConstructor, deniedFunction } = require('internal/denied');

const CAPABILITY = 'child_process';

const denied = (name, length) => deniedFunction(`child_process.${name}`, CAPABILITY, length);

module.exports = {
  _forkChild: denied('_forkChild', 2),
  ChildProcess: deniedConstructor('child_process.ChildProcess', CAPABILITY, EventEmitter),
  exec: denied('exec', 3),
  execFile: denied('execFile', 4),
  execFileSync: denied('execFileSync', 3),
  execSync: denied('execSync', 2),
  fork: denied('fork', 1),
  spawn: denied('spawn', 3),
  spawnSync: denied('spawnSync', 3),
};
