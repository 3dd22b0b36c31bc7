'use strict';
// What every form of `fs` (sync, callback, promise, stream) shares: arguments and options read
// as Node reads them, open flags, and the errors kvm makes in JS. The host (runtime/src/ops/fs/)
// checks every path against the sandbox and throws Node-shaped errors itself.

const { codedError, invalidArgType, capabilityDenied } = require('internal/errors');
const { fs: constants } = require('internal/constants');

// `buffer` is loaded on first use, not when a bundle merely requires `fs`.
let BufferClass;
function getBuffer() {
  BufferClass ??= require('buffer').Buffer;
  return BufferClass;
}

function inspect(value) {
  return require('util').inspect(value);
}

function invalidArgValue(name, value, reason = 'is invalid') {
  return codedError(TypeError, 'ERR_INVALID_ARG_VALUE',
    `The argument '${name}' ${reason}. Received ${inspect(value)}`);
}

function outOfRange(name, range, value) {
  return codedError(RangeError, 'ERR_OUT_OF_RANGE',
    `The value of "${name}" is out of range. It must be ${range}. Received ${
      typeof value === 'number' ? String(value).replace(/\B(?=(\d{3})+(?!\d))/g, '_') : inspect(value)}`);
}

function validateInteger(value, name, min, max) {
  if (typeof value !== 'number') throw invalidArgType(name, 'of type number', value);
  if (!Number.isInteger(value)) throw outOfRange(name, 'an integer', value);
  if (value < min || value > max) throw outOfRange(name, `>= ${min} && <= ${max}`, value);
  return value;
}

const validateFd = (fd) => validateInteger(fd, 'fd', 0, 2147483647);

// `access` and `copyFile` modes, checked as Node's C++ side does (truncated, then bounded).
function validateMode(mode, fallback) {
  if (mode == null) return fallback;
  if (typeof mode !== 'number') throw invalidArgType('mode', 'of type number', mode);
  const truncated = Math.trunc(mode);
  if (!(truncated >= 0 && truncated <= 7)) {
    throw codedError(RangeError, 'ERR_OUT_OF_RANGE', 'mode is out of range: >= 0 && <= 7');
  }
  return truncated;
}

function validateFunction(value, name) {
  if (typeof value !== 'function') throw invalidArgType(name, 'of type function', value);
  return value;
}

function checkNul(path, name) {
  if (path.includes('\u0000')) {
    throw invalidArgValue(name, path, 'must be a string, Uint8Array, or URL without null bytes');
  }
  return path;
}

// A path argument as the host takes it: a string (Buffers are UTF-8, URLs must be file:).
function toPath(path, name = 'path') {
  if (typeof path === 'string') return checkNul(path, name);
  if (path instanceof Uint8Array) {
    return checkNul(getBuffer().from(path.buffer, path.byteOffset, path.byteLength).toString(), name);
  }
  if (path != null && path.href !== undefined && path.protocol !== undefined) {
    return checkNul(require('url').fileURLToPath(path), name);
  }
  throw invalidArgType(name, 'of type string or an instance of Buffer or URL', path);
}

function assertEncoding(encoding) {
  if (encoding && encoding !== 'buffer' && !getBuffer().isEncoding(encoding)) {
    throw invalidArgValue('encoding', encoding, 'is invalid encoding');
  }
}

// `options` as a string (the encoding) or an object, over `defaults`.
function getOptions(options, defaults = {}) {
  if (options == null || typeof options === 'function') return { ...defaults };
  if (typeof options === 'string') {
    assertEncoding(options);
    return { ...defaults, encoding: options };
  }
  if (typeof options !== 'object') {
    throw invalidArgType('options', 'one of type string or object', options);
  }
  assertEncoding(options.encoding);
  return { ...defaults, ...options };
}

const { O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_EXCL, O_TRUNC, O_APPEND, O_SYNC } = constants;

const FLAGS = {
  r: O_RDONLY,
  rs: O_RDONLY | O_SYNC,
  sr: O_RDONLY | O_SYNC,
  'r+': O_RDWR,
  'rs+': O_RDWR | O_SYNC,
  'sr+': O_RDWR | O_SYNC,
  w: O_TRUNC | O_CREAT | O_WRONLY,
  wx: O_TRUNC | O_CREAT | O_WRONLY | O_EXCL,
  xw: O_TRUNC | O_CREAT | O_WRONLY | O_EXCL,
  'w+': O_TRUNC | O_CREAT | O_RDWR,
  'wx+': O_TRUNC | O_CREAT | O_RDWR | O_EXCL,
  'xw+': O_TRUNC | O_CREAT | O_RDWR | O_EXCL,
  a: O_APPEND | O_CREAT | O_WRONLY,
  ax: O_APPEND | O_CREAT | O_WRONLY | O_EXCL,
  xa: O_APPEND | O_CREAT | O_WRONLY | O_EXCL,
  as: O_APPEND | O_CREAT | O_WRONLY | O_SYNC,
  sa: O_APPEND | O_CREAT | O_WRONLY | O_SYNC,
  'a+': O_APPEND | O_CREAT | O_RDWR,
  'ax+': O_APPEND | O_CREAT | O_RDWR | O_EXCL,
  'xa+': O_APPEND | O_CREAT | O_RDWR | O_EXCL,
  'as+': O_APPEND | O_CREAT | O_RDWR | O_SYNC,
  'sa+': O_APPEND | O_CREAT | O_RDWR | O_SYNC,
};

function stringToFlags(flags, name = 'flags') {
  if (typeof flags === 'number') return flags;
  if (flags == null) return O_RDONLY;
  if (Object.prototype.hasOwnProperty.call(FLAGS, flags)) return FLAGS[flags];
  throw invalidArgValue(name, flags);
}

// A mode as a number or an octal string; required unless there is a `fallback`.
function parseMode(value, name, fallback) {
  if (value == null && fallback !== undefined) return fallback;
  if (typeof value === 'string' && /^[0-7]+$/.test(value)) return parseInt(value, 8);
  if (Number.isInteger(value) && value >= 0 && value <= 0xffffffff) return value;
  if (typeof value === 'number' || typeof value === 'string') {
    throw invalidArgValue(name, value, 'must be a 32-bit unsigned integer or an octal string');
  }
  throw invalidArgType(name, 'of type number', value);
}

// Bytes to write: strings are encoded, any ArrayBufferView is viewed as bytes.
function toBytes(data, encoding, name = 'data') {
  if (typeof data === 'string') return getBuffer().from(data, encoding || 'utf8');
  if (ArrayBuffer.isView(data)) {
    return data instanceof Uint8Array ? data
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }
  throw invalidArgType(name,
    'of type string or an instance of Buffer, TypedArray, or DataView', data);
}

// Seconds since the epoch, from a number, a numeric string or a Date (Node's toUnixTimestamp).
function toUnixTimestamp(time, name = 'time') {
  if (typeof time === 'string' && +time == time) return +time;
  if (Number.isFinite(time)) return time < 0 ? Date.now() / 1000 : time;
  if (time instanceof Date) return time.getTime() / 1000;
  throw invalidArgType(name, 'of type number or an instance of Date', time);
}

// The result of a call as a Buffer, or a string in `encoding`.
function encodeResult(value, encoding) {
  if (encoding === 'buffer') return getBuffer().from(value);
  return value;
}

// libuv's errors that kvm raises in JS rather than in the host.
const UV_ERRORS = {
  EACCES: [13, 'permission denied'],
  EPERM: [1, 'operation not permitted'],
};

function uvError(code, syscall, path, dest, note) {
  const [errno, description] = UV_ERRORS[code];
  let message = `${code}: ${description}, ${syscall}`;
  if (path !== undefined) message += ` '${path}'`;
  if (dest !== undefined) message += ` -> '${dest}'`;
  if (note !== undefined) message += ` (${note})`;
  const error = new Error(message);
  Object.assign(error, { errno: -errno, code, syscall });
  if (path !== undefined) error.path = path;
  if (dest !== undefined) error.dest = dest;
  return error;
}

// kvm creates no links: they could point anywhere.
const linkDenied = (syscall, target, path) =>
  uvError('EACCES', syscall, target, path, 'kvm: creating links is not allowed');

// Files keep the owner kvm's user gave them; EPERM is what graceful-fs and tar expect then.
const chownDenied = (syscall, path) =>
  uvError('EPERM', syscall, path, undefined, 'kvm: files keep their owner');

// Node's SystemError for a directory given where a file was expected (`rm`, `cp`): `why`
// is libuv's part of the message, `errno` the number Node reports (EISDIR's, or EINVAL's).
function isDirectoryError(syscall, path, why = 'is a directory', errno = 21) {
  const error = codedError(Error, 'ERR_FS_EISDIR',
    `Path is a directory: ${syscall} returned EISDIR (${why}) ${path}`);
  Object.defineProperty(error, 'name', { value: 'SystemError', configurable: true, writable: true });
  if (typeof error.stack === 'string') error.stack = 'System' + error.stack;
  Object.assign(error, {
    info: { code: 'EISDIR', message: why, path, syscall, errno },
    errno, syscall, path,
  });
  return error;
}

// An error the file system returned (it carries `syscall`), as opposed to a bad argument,
// which Node throws at once even from the callback forms.
const isOperational = (error) => error != null && typeof error.syscall === 'string';

module.exports = {
  constants,
  codedError,
  getBuffer,
  invalidArgType,
  invalidArgValue,
  outOfRange,
  capabilityDenied,
  validateInteger,
  validateFd,
  validateMode,
  validateFunction,
  toPath,
  getOptions,
  assertEncoding,
  stringToFlags,
  parseMode,
  toBytes,
  toUnixTimestamp,
  encodeResult,
  linkDenied,
  chownDenied,
  isDirectoryError,
  isOperational,
};
