'use strict';
// Node-style errors (`err.code` plus a `Name [CODE]: message` toString, like Node's internal
// errors) and the argument validators built on them, shared by most shims. A module of its own,
// apart from the WHATWG event classes, so that `events` and `process` load without them.

const nodeErrorClasses = new Map();

function nodeErrorClass(Base) {
  let Cls = nodeErrorClasses.get(Base);
  if (Cls === undefined) {
    Cls = class NodeError extends Base {
      toString() {
        return `${this.name} [${this.code}]: ${this.message}`;
      }
    };
    nodeErrorClasses.set(Base, Cls);
  }
  return Cls;
}

function nodeError(Base, code, message) {
  const err = new (nodeErrorClass(Base))(message);
  err.code = code;
  return err;
}

// The short quoting Node uses in "Received ..." (strings are not escaped, only quoted).
function quoteString(str) {
  if (!str.includes("'")) return `'${str}'`;
  if (!str.includes('"')) return `"${str}"`;
  if (!str.includes('`')) return `\`${str}\``;
  return `'${str.replace(/'/g, "\\'")}'`;
}

function formatPrimitive(value) {
  switch (typeof value) {
    case 'string':
      return quoteString(value.length > 28 ? `${value.slice(0, 25)}...` : value);
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    default:
      return String(value);
  }
}

// How Node's ERR_INVALID_ARG_TYPE describes the value it got.
function describeReceived(value) {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'function') {
    return value.name ? `function ${value.name}` : 'type function ([Function (anonymous)])';
  }
  if (typeof value === 'object') {
    let ctorName;
    try {
      ctorName = value.constructor?.name;
    } catch {
      // A throwing `constructor` getter: fall through to the generic description.
    }
    if (ctorName) return `an instance of ${ctorName}`;
    if (Object.getPrototypeOf(value) === null) {
      return Object.keys(value).length === 0 ? '[Object: null prototype] {}' : '[Object: null prototype]';
    }
    return '[Object]';
  }
  return `type ${typeof value} (${formatPrimitive(value)})`;
}

// Names ending in a property path (`options.signal`) are "properties", others "arguments".
function argKind(name) {
  return name.includes('.') ? 'property' : 'argument';
}

// `expected` is the tail of the sentence, e.g. 'of type function' or 'an instance of AbortSignal'.
function invalidArgType(name, expected, value) {
  return nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
    `The "${name}" ${argKind(name)} must be ${expected}. Received ${describeReceived(value)}`);
}

// 1234567 -> '1_234_567', as Node prints large out-of-range integers.
function withSeparators(digits) {
  let out = '';
  let i = digits.length;
  for (; i > 3; i -= 3) out = `_${digits.slice(i - 3, i)}${out}`;
  return digits.slice(0, i) + out;
}

function formatOutOfRange(value) {
  if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) > 2 ** 32) {
    const sign = value < 0 ? '-' : '';
    return sign + withSeparators(String(Math.abs(value)));
  }
  if (typeof value === 'bigint' && (value > 2n ** 32n || value < -(2n ** 32n))) {
    const sign = value < 0n ? '-' : '';
    return `${sign}${withSeparators(String(value < 0n ? -value : value))}n`;
  }
  return typeof value === 'string' ? quoteString(value) : formatPrimitive(value);
}

function outOfRange(name, range, value) {
  return nodeError(RangeError, 'ERR_OUT_OF_RANGE',
    `The value of "${name}" is out of range. It must be ${range}. Received ${formatOutOfRange(value)}`);
}

function missingArgs(...names) {
  const quoted = names.map((n) => `"${n}"`);
  let list;
  if (quoted.length === 1) list = `${quoted[0]} argument`;
  else if (quoted.length === 2) list = `${quoted[0]} and ${quoted[1]} arguments`;
  else list = `${quoted.slice(0, -1).join(', ')}, and ${quoted[quoted.length - 1]} arguments`;
  return nodeError(TypeError, 'ERR_MISSING_ARGS', `The ${list} must be specified`);
}

function invalidThis(type) {
  return nodeError(TypeError, 'ERR_INVALID_THIS', `Value of "this" must be of type ${type}`);
}

function validateNumber(value, name, min) {
  if (typeof value !== 'number') throw invalidArgType(name, 'of type number', value);
  if (!(value >= min)) throw outOfRange(name, `>= ${min}`, value);
}

// Node's validateObject: `allowNull` and arrays/functions accepted when `loose`.
function validateObject(value, name, { allowNull = false, loose = false } = {}) {
  const ok = (value !== null || allowNull) &&
    (loose ? (typeof value === 'object' || typeof value === 'function') : (typeof value === 'object' && !Array.isArray(value)));
  if (!ok) throw invalidArgType(name, 'of type object', value);
}

// Node duck-types signals: anything object-like with an `aborted` property passes.
function validateAbortSignal(signal, name) {
  if (signal !== undefined && (signal === null || typeof signal !== 'object' || !('aborted' in signal))) {
    throw invalidArgType(name, 'an instance of AbortSignal', signal);
  }
}

// Node's AbortError (not the DOMException): what events.once & co reject with.
class AbortError extends Error {
  constructor(message = 'The operation was aborted', options = undefined) {
    if (options !== undefined && typeof options !== 'object') {
      throw invalidArgType('options', 'of type object', options);
    }
    super(message, options);
    this.code = 'ABORT_ERR';
    this.name = 'AbortError';
  }
}

// process.emitWarning when the host provides it, else the line node would print.
function emitWarning(warning) {
  const proc = globalThis.process;
  if (proc && typeof proc.emitWarning === 'function') {
    proc.emitWarning(warning);
    return;
  }
  const pid = proc && proc.pid !== undefined ? `:${proc.pid}` : '';
  console.error(`(node${pid}) ${warning.name}: ${warning.message}`);
}


module.exports = {
  nodeError,
  describeReceived,
  quoteString,
  invalidArgType,
  outOfRange,
  missingArgs,
  invalidThis,
  validateNumber,
  validateObject,
  validateAbortSignal,
  AbortError,
  emitWarning,
};
