// `process`: the run's environment (only the COZY_* job variables), exit, nextTick,
// events and clocks. The host's event loop drives `_runTicks` and `_emitExit`.
'use strict';

const EventEmitter = require('events');
const ops = require('internal/ops');
const data = require('internal/run_data');
const { Module } = require('internal/cjs_loader');

const process = Object.create(EventEmitter.prototype);
EventEmitter.call(process);

const VERSION = '20.18.0';

// process.env coerces what is assigned to strings, as Node's does.
const env = new Proxy(Object.assign({}, data.env), {
  set(target, key, value) {
    target[key] = String(value);
    return true;
  },
  defineProperty(target, key, descriptor) {
    target[key] = String(descriptor.value);
    return true;
  },
});

function stream(fd) {
  const out = Object.create(EventEmitter.prototype);
  EventEmitter.call(out);
  return Object.assign(out, {
    fd,
    isTTY: false,
    writable: true,
    columns: 80,
    write(chunk, encoding, callback) {
      if (typeof encoding === 'function') callback = encoding;
      const text = typeof chunk === 'string' ? chunk
        : chunk instanceof Uint8Array ? new TextDecoder().decode(chunk) : String(chunk);
      ops.write(fd, text);
      if (typeof callback === 'function') process.nextTick(callback);
      return true;
    },
    end(chunk, encoding, callback) {
      if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') {
        this.write(chunk, encoding);
      }
      const done = [chunk, encoding, callback].find((f) => typeof f === 'function');
      if (done) process.nextTick(done);
      return this;
    },
  });
}

const ticks = [];
let exiting = false;

function normalizeCode(code) {
  const n = code === undefined || code === null ? 0 : Number(code);
  return Number.isInteger(n) ? n : 1;
}

Object.assign(process, {
  title: 'node',
  version: 'v' + VERSION,
  versions: { node: VERSION, modules: '115', kvm: '0.1.0', quickjs: 'ng' },
  release: { name: 'node', lts: 'Iron' },
  arch: 'x64',
  platform: 'linux',
  pid: 1,
  ppid: 0,
  argv: data.argv,
  argv0: 'node',
  execArgv: [],
  execPath: data.argv[0],
  env,
  exitCode: undefined,
  features: { inspector: false, debug: false, uv: false, ipv6: true, tls_alpn: false,
    tls_sni: false, tls_ocsp: false, tls: false, cached_builtins: true },
  config: { variables: {} },
  stdout: stream(1),
  stderr: stream(2),

  cwd: () => data.cwd,
  uptime: () => ops.now() / 1000,
  umask: () => 0o22,
  getuid: () => 1000,
  getgid: () => 1000,
  geteuid: () => 1000,
  getegid: () => 1000,

  nextTick(callback, ...args) {
    if (typeof callback !== 'function') {
      const error = new TypeError('The "callback" argument must be of type function');
      error.code = 'ERR_INVALID_ARG_TYPE';
      throw error;
    }
    ticks.push({ callback, args });
  },

  hrtime(previous) {
    const [s, ns] = ops.hrtime();
    if (!previous) return [s, ns];
    let ds = s - previous[0];
    let dns = ns - previous[1];
    if (dns < 0) {
      ds -= 1;
      dns += 1e9;
    }
    return [ds, dns];
  },

  memoryUsage() {
    const heapUsed = ops.heapUsed();
    return { rss: heapUsed, heapTotal: heapUsed, heapUsed, external: 0, arrayBuffers: 0 };
  },

  emitWarning(warning, type, code) {
    if (type && typeof type === 'object') ({ type, code } = type);
    const error = typeof warning === 'string' ? new Error(warning) : warning;
    error.name = typeof type === 'string' ? type : error.name === 'Error' ? 'Warning' : error.name;
    if (code !== undefined) error.code = code;
    process.nextTick(() => {
      process.emit('warning', error);
      const prefix = error.code ? `[${error.code}] ` : '';
      ops.write(2, `(node:${process.pid}) ${prefix}${error.name}: ${error.message}\n`);
    });
  },

  exit(code) {
    if (code !== undefined) process.exitCode = code;
    const final = normalizeCode(process.exitCode);
    if (!exiting) {
      exiting = true;
      process._exiting = true;
      process.emit('exit', final);
    }
    ops.exit(normalizeCode(process.exitCode));
  },

  // Host hooks.
  _runTicks() {
    if (ticks.length === 0) return false;
    while (ticks.length > 0) {
      const { callback, args } = ticks.shift();
      callback(...args);
    }
    return true;
  },

  _emitExit() {
    if (!exiting) {
      exiting = true;
      process._exiting = true;
      process.emit('exit', normalizeCode(process.exitCode));
    }
    return normalizeCode(process.exitCode);
  },
});

process.memoryUsage.rss = () => ops.heapUsed();
process.hrtime.bigint = () => {
  const [s, ns] = ops.hrtime();
  return BigInt(s) * 1000000000n + BigInt(ns);
};

// The main module, when it started before `process` was first used (it usually did).
if (Module._main) process.mainModule = Module._main;
require('internal/denied').install(process);

module.exports = process;
