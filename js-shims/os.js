'use strict';
// Node 20's `os` with neutral answers (DESIGN §3 "os answers neutral values"): a konnector
// learns nothing about the host it runs on — not its name, users, network interfaces, CPUs,
// memory or load. Every run sees the same small Linux x64 machine; only `uptime` moves (it is
// the run's own).
//
// `tmpdir()` is the run's scratch folder, the one place `fs` may write (runtime/src/ops/fs/);
// it does not read TMPDIR.

const tables = require('internal/constants');
const { invalidArgType, capabilityDenied } = require('internal/errors');
const {
  internals: { outOfRange },
} = require('internal/event_target');

const GIB = 1024 * 1024 * 1024;
const HOME = '/home/konnector';

// Null-prototype objects, as Node's.
const table = (entries) => Object.assign(Object.create(null), entries);

const constants = table({
  UV_UDP_REUSEADDR: 4,
  dlopen: table(tables.dlopen),
  errno: table(tables.errno),
  signals: table(tables.signals),
  priority: table(tables.priority),
});

const arch = () => 'x64';
const availableParallelism = () => 1;
const endianness = () => 'LE';
const freemem = () => GIB;
const homedir = () => HOME;
const hostname = () => 'localhost';
const loadavg = () => [0, 0, 0];
const machine = () => 'x86_64';
const networkInterfaces = () => ({});
const platform = () => 'linux';
const release = () => '6.1.0';
const tmpdir = () => require('internal/ops').scratchDir();
const totalmem = () => GIB;
const type = () => 'Linux';
const uptime = () => Math.floor(process.uptime());
const version = () => '#1 SMP';

function cpus() {
  return [{
    model: 'kvm virtual CPU',
    speed: 0,
    times: { user: 0, nice: 0, sys: 0, idle: 0, irq: 0 },
  }];
}

// With `{ encoding: 'buffer' }` the strings come as Buffers, as in Node.
function userInfo(options) {
  const info = Object.create(null);
  const asBuffer = options !== null && typeof options === 'object' && options.encoding === 'buffer' &&
    typeof globalThis.Buffer === 'function';
  const text = (value) => (asBuffer ? globalThis.Buffer.from(value) : value);
  Object.assign(info, {
    uid: 1000,
    gid: 1000,
    username: text('konnector'),
    homedir: text(HOME),
    shell: text('/bin/sh'),
  });
  return info;
}

function checkPid(pid) {
  if (typeof pid !== 'number') throw invalidArgType('pid', 'of type number', pid);
  if (!Number.isInteger(pid)) throw outOfRange('pid', 'an integer', pid);
  if (pid < -2147483648 || pid > 2147483647) {
    throw outOfRange('pid', '>= -2147483648 && <= 2147483647', pid);
  }
}

// Every process the script can name runs at normal priority.
function getPriority(pid = 0) {
  checkPid(pid);
  return 0;
}

function setPriority() {
  throw capabilityDenied('os.setPriority', 'process_control');
}

// Node lets these be used as strings too (`${os.platform}`).
for (const fn of [arch, availableParallelism, endianness, freemem, homedir, hostname, machine,
  platform, release, tmpdir, totalmem, type, uptime, version]) {
  fn[Symbol.toPrimitive] = () => fn();
}

module.exports = {
  arch,
  availableParallelism,
  cpus,
  endianness,
  freemem,
  getPriority,
  homedir,
  hostname,
  loadavg,
  networkInterfaces,
  platform,
  release,
  setPriority,
  tmpdir,
  totalmem,
  type,
  userInfo,
  uptime,
  version,
  machine,
  constants,
  EOL: '\n',
  devNull: '/dev/null',
};
