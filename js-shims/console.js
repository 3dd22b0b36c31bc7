// `console` (and `console.Console`): formats as util.format does and writes to
// process.stdout / process.stderr, which the host turns into log records.
'use strict';

// `util` is most of the cost of starting an isolate that logs: loaded on the first call that
// needs more than strings joined.
let util;
const loadUtil = () => (util ??= require('util'));

// util.format(...args) when every argument is a string and the first has no `%` directive:
// they are joined with spaces, as util.format would.
function format(args) {
  if (args.every((arg) => typeof arg === 'string') && !(args.length > 0 && args[0].includes('%'))) {
    return args.join(' ');
  }
  return loadUtil().format(...args);
}

class Console {
  constructor(stdout, stderr) {
    if (stdout && typeof stdout.write !== 'function') ({ stdout, stderr } = stdout);
    this._stdout = stdout;
    this._stderr = stderr || stdout;
    this._indent = '';
    this._counts = new Map();
    this._timers = new Map();
    // Methods work detached (`const { log } = console`), as in Node.
    for (const name of Object.getOwnPropertyNames(Console.prototype)) {
      if (name !== 'constructor' && !name.startsWith('_')) this[name] = this[name].bind(this);
    }
  }

  _write(stream, args) {
    let text = format(args);
    if (this._indent) text = this._indent + text.split('\n').join('\n' + this._indent);
    stream.write(text + '\n');
  }

  log(...args) { this._write(this._stdout, args); }
  info(...args) { this._write(this._stdout, args); }
  debug(...args) { this._write(this._stdout, args); }
  warn(...args) { this._write(this._stderr, args); }
  error(...args) { this._write(this._stderr, args); }

  dir(object, options) {
    this._write(this._stdout, [loadUtil().inspect(object, { customInspect: false, ...options })]);
  }

  trace(...args) {
    const error = new Error(format(args));
    error.name = 'Trace';
    this._write(this._stderr, [error.stack]);
  }

  assert(condition, ...args) {
    if (condition) return;
    if (typeof args[0] === 'string') args[0] = 'Assertion failed: ' + args[0];
    else args.unshift('Assertion failed');
    this._write(this._stderr, args);
  }

  count(label = 'default') {
    const n = (this._counts.get(label) || 0) + 1;
    this._counts.set(label, n);
    this._write(this._stdout, [`${label}: ${n}`]);
  }

  countReset(label = 'default') {
    this._counts.delete(label);
  }

  time(label = 'default') {
    this._timers.set(label, performance.now());
  }

  timeLog(label = 'default', ...data) {
    this._elapsed(label, data, false);
  }

  timeEnd(label = 'default') {
    this._elapsed(label, [], true);
  }

  _elapsed(label, data, end) {
    const start = this._timers.get(label);
    if (start === undefined) {
      process.emitWarning(`No such label '${label}' for console.time${end ? 'End' : 'Log'}()`);
      return;
    }
    if (end) this._timers.delete(label);
    const ms = performance.now() - start;
    const shown = ms >= 1000 ? `${(ms / 1000).toFixed(3)}s` : `${ms.toFixed(3)}ms`;
    this._write(this._stdout, [`${label}: ${shown}`, ...data]);
  }

  group(...label) {
    if (label.length > 0) this.log(...label);
    this._indent += '  ';
  }

  groupCollapsed(...label) {
    this.group(...label);
  }

  groupEnd() {
    this._indent = this._indent.slice(2);
  }

  table(data) {
    this.log(data);
  }
}

const console = new Console(process.stdout, process.stderr);
console.Console = Console;

module.exports = console;
