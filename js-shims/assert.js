'use strict';
// Node 20's `assert` module: the assertion functions, AssertionError with Node's generated
// messages, `assert.strict` and the deprecated CallTracker.
//
// Messages follow Node 20 (tests/node-compat/assert_basic.js is diffed against real node),
// including the `+ actual - expected` line diff of strictEqual/deepStrictEqual, which compares
// the inspected values line by line (no longest-common-subsequence). Differences from Node:
// - `assert(value)` quotes the failing call's source by scanning the caller's file for the
//   enclosing call (Node parses it with acorn); an unusual layout may quote a neighbouring call,
//   and a call on line 1 of a CommonJS file may not be found (then the message is Node's
//   fallback, `false == true`);
// - no colors, even on a terminal;
// - `ifError` does not splice the original error's stack into the AssertionError's.

// `util` is large and loaded on first use only: only a failing assertion needs it.
const inspect = (...args) => require('util').inspect(...args);
const kInspect = Symbol.for('nodejs.util.inspect.custom');
const { isDeepStrictEqual, isDeepLooseEqual } = require('internal/deep_equal');
const { codedError, invalidArgType } = require('internal/errors');
const {
  internals: { describeReceived, missingArgs, outOfRange },
} = require('internal/event_target');

// ---------------------------------------------------------------------------------------------
// AssertionError and its generated messages

const HEADERS = {
  deepStrictEqual: 'Expected values to be strictly deep-equal:',
  strictEqual: 'Expected values to be strictly equal:',
  strictEqualObject: 'Expected "actual" to be reference-equal to "expected":',
  deepEqual: 'Expected values to be loosely deep-equal:',
  notDeepStrictEqual: 'Expected "actual" not to be strictly deep-equal to:',
  notStrictEqual: 'Expected "actual" to be strictly unequal to:',
  notStrictEqualObject: 'Expected "actual" not to be reference-equal to "expected":',
  notDeepEqual: 'Expected "actual" not to be loosely deep-equal to:',
  notIdentical: 'Values have same structure but are not reference-equal:',
  notDeepEqualUnequal: 'Expected values not to be loosely deep-equal:',
};

// Node's terminal width when stderr is not a TTY; a one-line diff gets a `^` under the first
// differing character when both values fit in it together.
const LINE_WIDTH = 80;
// Two one-line primitives this short (together) print as `a !== b`.
const SHORT_PAIR = 12;
const MAX_SHOWN_LINES = 50;

function inspectValue(value) {
  return inspect(value, {
    compact: false,
    customInspect: false,
    depth: 1000,
    maxArrayLength: Infinity,
    showHidden: false,
    showProxy: false,
    sorted: true,
    getters: true,
  });
}

const isObject = (value) => typeof value === 'object' && value !== null;
const isReference = (value) => isObject(value) || typeof value === 'function';

// Long inspections keep their first 46 lines.
function clipLines(lines) {
  if (lines.length <= MAX_SHOWN_LINES) return lines;
  return [...lines.slice(0, 46), '...'];
}

// strictEqual / deepStrictEqual: `a !== b` for short primitives, else a line diff. A custom
// message replaces the header line (Node 20 still shows the diff under it).
function diffMessage(actual, expected, operator, customHeader) {
  const actualText = inspectValue(actual);
  const actualLines = actualText.split('\n');
  const expectedLines = inspectValue(expected).split('\n');
  if (operator === 'strictEqual' && ((isObject(actual) && isObject(expected)) ||
      (typeof actual === 'function' && typeof expected === 'function'))) {
    operator = 'strictEqualObject';
  }
  const header = customHeader ?? HEADERS[operator];
  let indicator = '';
  if (actualLines.length === 1 && expectedLines.length === 1 &&
      actualLines[0] !== expectedLines[0]) {
    const [a] = actualLines;
    const [b] = expectedLines;
    const width = a.length + b.length;
    if (width <= SHORT_PAIR) {
      // 0 against -0 needs the diff: both print as `0` in the short form.
      if (!isObject(actual) && !isObject(expected) && (actual !== 0 || expected !== 0)) {
        return `${header}\n\n${a} !== ${b}\n`;
      }
    } else if (operator !== 'strictEqualObject' && width < LINE_WIDTH) {
      let i = 0;
      while (a[i] === b[i]) i++;
      // A mismatch in the first characters (the quotes, a bracket) is obvious without it.
      if (i > 2) indicator = `\n  ${' '.repeat(i)}^`;
    }
  }
  const tail = commonTail(actualLines, expectedLines);
  if (actualLines.length === 0 && expectedLines.length === 0) {
    return `${HEADERS.notIdentical}\n\n${clipLines(actualText.split('\n')).join('\n')}\n`;
  }
  return lineDiff(header, actualLines, expectedLines, tail, indicator);
}

// Removes the identical last lines of both (in place) and returns how they print: the last
// three, the topmost removed one, and `...` between them when more than four were removed.
function commonTail(actualLines, expectedLines) {
  const kept = [];
  let removed = 0;
  let topmost = null;
  while (actualLines.length > 0 && expectedLines.length > 0 &&
         actualLines[actualLines.length - 1] === expectedLines[expectedLines.length - 1]) {
    const line = actualLines.pop();
    expectedLines.pop();
    if (removed < 3) kept.unshift(line);
    else topmost = line;
    removed++;
  }
  let text = kept.map((line) => `\n  ${line}`).join('');
  let skipped = false;
  if (removed >= 5) {
    text = `\n...${text}`;
    skipped = true;
  }
  if (topmost !== null) text = `\n  ${topmost}${text}`;
  return { text, skipped };
}

// Walks both line lists side by side. Consecutive differing lines print as a block of `+`
// then a block of `-`; identical lines between differences show as context (two after a
// difference, two before the next, `...` for the rest).
function lineDiff(header, actualLines, expectedLines, tail, indicator) {
  const total = Math.max(actualLines.length, expectedLines.length);
  const actualIsLonger = actualLines.length >= expectedLines.length;
  const longer = actualIsLonger ? actualLines : expectedLines;
  const common = actualIsLonger ? expectedLines.length : actualLines.length;
  let out = '';
  let pendingMinus = '';
  let skipped = tail.skipped;
  let printed = 0;
  let identical = 0;

  // Context lines before a difference at index i.
  const flushContext = (lines, i) => {
    if (identical > 2) {
      if (identical > 3) {
        if (identical > 4) {
          if (identical === 5) {
            out += `\n  ${lines[i - 3]}`;
            printed++;
          } else {
            out += '\n...';
            skipped = true;
          }
        }
        out += `\n  ${lines[i - 2]}`;
        printed++;
      }
      out += `\n  ${lines[i - 1]}`;
      printed++;
    }
    identical = 0;
  };

  for (let i = 0; i < total; i++) {
    if (i >= common) {
      flushContext(longer, i);
      if (actualIsLonger) out += `\n+ ${longer[i]}`;
      else pendingMinus += `\n- ${longer[i]}`;
      printed++;
    } else {
      const expectedLine = expectedLines[i];
      let actualLine = actualLines[i];
      // `1` against `1,` is the same line: only the position in the container differs.
      let differs = actualLine !== expectedLine &&
        (!actualLine.endsWith(',') || actualLine.slice(0, -1) !== expectedLine);
      if (differs && expectedLine.endsWith(',') && expectedLine.slice(0, -1) === actualLine) {
        differs = false;
        actualLine += ',';
      }
      if (differs) {
        flushContext(actualLines, i);
        out += `\n+ ${actualLine}`;
        pendingMinus += `\n- ${expectedLine}`;
        printed += 2;
      } else {
        out += pendingMinus;
        pendingMinus = '';
        identical++;
        if (identical <= 2) {
          out += `\n  ${actualLine}`;
          printed++;
        }
      }
    }
    if (printed > MAX_SHOWN_LINES && i < total - 2) {
      return `${header}\n+ actual - expected ... Lines skipped\n${out}\n...${pendingMinus}\n...`;
    }
  }
  const legend = `\n+ actual - expected${skipped ? ' ... Lines skipped' : ''}`;
  return `${header}${legend}\n${out}${pendingMinus}${tail.text}${indicator}`;
}

// notStrictEqual / notDeepStrictEqual: the one value, inline when short.
function sameValueMessage(actual, operator) {
  let header = HEADERS[operator];
  if (operator === 'notStrictEqual' && isReference(actual)) header = HEADERS.notStrictEqualObject;
  const lines = clipLines(inspectValue(actual).split('\n'));
  if (lines.length === 1) return `${header}${lines[0].length > 5 ? '\n\n' : ' '}${lines[0]}`;
  return `${header}\n\n${lines.join('\n')}\n`;
}

const clip = (text, max) => (text.length > max ? `${text.slice(0, max - 3)}...` : text);

// deepEqual / notDeepEqual / ==, != and the other operators of assert.fail.
function looseMessage(actual, expected, operator) {
  let shownActual = inspectValue(actual);
  let shownExpected = inspectValue(expected);
  if (operator === 'notDeepEqual' && shownActual === shownExpected) {
    return clip(`${HEADERS.notDeepEqual}\n\n${shownActual}`, 1024);
  }
  shownActual = clip(shownActual, 512);
  shownExpected = clip(shownExpected, 512);
  if (operator === 'deepEqual') {
    return `${HEADERS.deepEqual}\n\n${shownActual}\n\nshould loosely deep-equal\n\n${shownExpected}`;
  }
  if (operator === 'notDeepEqual') {
    return `${HEADERS.notDeepEqualUnequal}\n\n${shownActual}\n\nshould not loosely deep-equal\n\n${shownExpected}`;
  }
  return `${shownActual} ${operator} ${shownExpected}`;
}

// Errors print through copies without their stacks, so two errors compare by content.
function withoutStack(error) {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(error)), error);
  Object.defineProperty(copy, 'message', { value: error.message });
  if (error.cause !== undefined) {
    let { cause } = error;
    if (cause instanceof Error) cause = withoutStack(cause);
    Object.defineProperty(copy, 'cause', { value: cause });
  }
  return copy;
}

function buildMessage(actual, expected, operator, message) {
  const isDiff = operator === 'deepStrictEqual' || operator === 'strictEqual';
  if (message != null && !isDiff) return String(message);
  if (actual instanceof Error && expected instanceof Error) {
    actual = withoutStack(actual);
    expected = withoutStack(expected);
  }
  if (isDiff) return diffMessage(actual, expected, operator, message != null ? String(message) : undefined);
  if (operator === 'notDeepStrictEqual' || operator === 'notStrictEqual') {
    return sameValueMessage(actual, operator);
  }
  return looseMessage(actual, expected, operator);
}

function defineHidden(target, key, value) {
  Object.defineProperty(target, key, { value, writable: true, enumerable: false, configurable: true });
}

class AssertionError extends Error {
  constructor(options) {
    if (options === null || typeof options !== 'object') {
      throw invalidArgType('options', 'of type object', options);
    }
    const { message, operator, stackStartFn, details } = options;
    const { actual, expected } = options;
    super(buildMessage(actual, expected, operator, message));
    this.generatedMessage = !message;
    // Node's stack starts with `AssertionError [ERR_ASSERTION]: ...`.
    defineHidden(this, 'name', 'AssertionError [ERR_ASSERTION]');
    this.code = 'ERR_ASSERTION';
    if (details) {
      this.actual = undefined;
      this.expected = undefined;
      this.operator = undefined;
      details.forEach((detail, i) => {
        this[`message ${i}`] = detail.message;
        this[`actual ${i}`] = detail.actual;
        this[`expected ${i}`] = detail.expected;
        this[`operator ${i}`] = detail.operator;
        this[`stack trace ${i}`] = detail.stack;
      });
    } else {
      this.actual = actual;
      this.expected = expected;
      this.operator = operator;
    }
    if (typeof Error.captureStackTrace === 'function') {
      Error.captureStackTrace(this, stackStartFn || AssertionError);
    }
    // V8 formats the stack lazily: read it while the name still carries the code.
    // eslint-disable-next-line no-unused-expressions
    this.stack;
    this.name = 'AssertionError';
  }

  toString() {
    return `${this.name} [${this.code}]: ${this.message}`;
  }

  // Long strings print cut, and nested values not at all, as in Node.
  [kInspect](recurseTimes, ctx) {
    const { actual, expected } = this;
    if (typeof actual === 'string') this.actual = shortened(actual);
    if (typeof expected === 'string') this.expected = shortened(expected);
    try {
      return inspect(this, { ...ctx, customInspect: false, depth: 0 });
    } finally {
      this.actual = actual;
      this.expected = expected;
    }
  }
}

// Node keeps the first 10 lines, or (a long-standing Node quirk) the text after character 512.
function shortened(text) {
  const lines = text.split('\n', 11);
  if (lines.length > 10) return `${lines.slice(0, 10).join('\n')}\n...`;
  if (text.length > 512) return `${text.slice(512)}...`;
  return text;
}

function innerFail(details) {
  if (details.message instanceof Error) throw details.message;
  throw new AssertionError(details);
}

// ---------------------------------------------------------------------------------------------
// Where `assert(value)` was called: the call's own source text, as Node quotes it

// The call sites of V8 and QuickJS point at different parts of a call (the callee, its last
// name, the first argument, or even a later line), so the source around the reported position
// is scanned for the calls that enclose it, preferring one whose callee looks like assert's.
const ASSERT_NAMES = new Set(['assert', 'ok', 'strict']);
const NOT_CALLEES = new Set(['if', 'for', 'while', 'switch', 'catch', 'function', 'return', 'typeof']);
const SCAN_LINES = 30;
const MAX_SCAN_CHARS = 8192;
const CJS_WRAPPER_OPENING = '(function (exports, require, module, __filename, __dirname) {';

function callerSite(stackStartFn) {
  if (typeof Error.captureStackTrace !== 'function') return undefined;
  const saved = Error.prepareStackTrace;
  const holder = {};
  try {
    Error.prepareStackTrace = (_, sites) => sites;
    Error.captureStackTrace(holder, stackStartFn);
    const sites = holder.stack;
    return Array.isArray(sites) ? sites[0] : undefined;
  } catch {
    return undefined;
  } finally {
    Error.prepareStackTrace = saved;
  }
}

function readSource(filename) {
  try {
    return String(require('internal/ops').readFile(filename));
  } catch {
    return undefined;
  }
}

// [open, close] index pairs of the parentheses in `text`, skipping strings and comments.
function parenPairs(text) {
  const pairs = [];
  const open = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      i = text.indexOf('\n', i);
      if (i === -1) break;
    } else if (c === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2);
      if (i === -1) break;
      i++;
    } else if (c === '"' || c === "'" || c === '`') {
      i = skipString(text, i);
    } else if (c === '(') {
      open.push(i);
    } else if (c === ')' && open.length > 0) {
      pairs.push([open.pop(), i]);
    }
  }
  return pairs;
}

function skipString(text, start) {
  const quote = text[start];
  let i = start + 1;
  while (i < text.length && text[i] !== quote) {
    if (text[i] === '\\') i++;
    else if (text[i] === '\n' && quote !== '`') break;
    i++;
  }
  return i;
}

// The callee chain (`assert.strict.ok`) ending right before `open`, or null.
function calleeBefore(text, open) {
  let end = open;
  while (end > 0 && /\s/.test(text[end - 1])) end--;
  let start = end;
  while (start > 0 && /[\w$.]/.test(text[start - 1])) start--;
  const callee = text.slice(start, end);
  if (!/^[A-Za-z_$]/.test(callee) || NOT_CALLEES.has(callee)) return null;
  return { start, name: callee.slice(callee.lastIndexOf('.') + 1) };
}

function findCall(source, line, column) {
  const lines = source.split('\n');
  if (line < 1 || line > lines.length) return undefined;
  const first = Math.max(0, line - 1 - SCAN_LINES);
  let windowText = lines.slice(first, line - 1 + SCAN_LINES).join('\n');
  let pos = lines.slice(first, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
  // On line 1 QuickJS counts the CommonJS wrapper's opening too.
  if (line === 1 && column - 1 > lines[0].length) pos -= CJS_WRAPPER_OPENING.length;
  // Minified bundles have very long lines: look at the call's surroundings only.
  if (windowText.length > MAX_SCAN_CHARS) {
    const start = Math.max(0, pos - MAX_SCAN_CHARS / 2);
    windowText = windowText.slice(start, start + MAX_SCAN_CHARS);
    pos -= start;
  }
  const calls = [];
  for (const [open, close] of parenPairs(windowText)) {
    const callee = calleeBefore(windowText, open);
    if (callee !== null && callee.start <= pos && pos <= close + 1) {
      calls.push({ start: callee.start, end: close + 1, name: callee.name });
    }
  }
  if (calls.length === 0) return undefined;
  calls.sort((a, b) => (b.start - a.start) || (a.end - b.end)); // innermost first
  const call = calls.find((c) => ASSERT_NAMES.has(c.name)) || calls[0];
  const lineStart = windowText.lastIndexOf('\n', call.start - 1) + 1;
  return { column: call.start - lineStart, code: windowText.slice(call.start, call.end) };
}

// Continuation lines lose the call's own indentation, then all are indented by two.
function indentCode({ column, code }) {
  const [head, ...rest] = code.split('\n');
  let text = head;
  for (const line of rest) {
    let pos = 0;
    while (pos < column && (line[pos] === ' ' || line[pos] === '\t')) pos++;
    text += `\n  ${line.slice(pos)}`;
  }
  return `The expression evaluated to a falsy value:\n\n  ${text}\n`;
}

function falsyCallMessage(stackStartFn) {
  const site = callerSite(stackStartFn);
  if (!site) return undefined;
  const filename = site.getFileName();
  if (!filename || (typeof site.isEval === 'function' && site.isEval())) return undefined;
  const source = readSource(filename);
  if (source === undefined) return undefined;
  const call = findCall(source, site.getLineNumber(), site.getColumnNumber());
  return call === undefined ? undefined : indentCode(call);
}

function innerOk(fn, argLength, value, message) {
  if (value) return;
  let generated = false;
  if (argLength === 0) {
    generated = true;
    message = 'No value argument passed to `assert.ok()`';
  } else if (message == null) {
    generated = true;
    message = falsyCallMessage(fn);
  } else if (message instanceof Error) {
    throw message;
  }
  const error = new AssertionError({
    actual: value, expected: true, message, operator: '==', stackStartFn: fn,
  });
  error.generatedMessage = generated;
  throw error;
}

// ---------------------------------------------------------------------------------------------
// The assertion functions

function ok(...args) {
  innerOk(ok, args.length, ...args);
}

const assert = ok;

let failWarned = false;

function fail(actual, expected, message, operator, stackStartFn) {
  const argLength = arguments.length;
  let internalMessage;
  if (argLength === 0) {
    internalMessage = 'Failed';
  } else if (argLength === 1) {
    message = actual;
    actual = undefined;
  } else {
    if (!failWarned) {
      failWarned = true;
      process.emitWarning(
        'assert.fail() with more than one argument is deprecated. ' +
          'Please use assert.strictEqual() instead or only pass a message.',
        'DeprecationWarning', 'DEP0094');
    }
    if (argLength === 2) operator = '!=';
  }
  if (message instanceof Error) throw message;
  const error = new AssertionError({
    actual,
    expected,
    operator: operator === undefined ? 'fail' : operator,
    stackStartFn: stackStartFn || fail,
    message: internalMessage !== undefined ? internalMessage : message,
  });
  if (internalMessage !== undefined) error.generatedMessage = true;
  throw error;
}

function requireTwo(argLength) {
  if (argLength < 2) throw missingArgs('actual', 'expected');
}

const bothNaN = (a, b) => Number.isNaN(a) && Number.isNaN(b);

function equal(actual, expected, message) {
  requireTwo(arguments.length);
  // eslint-disable-next-line eqeqeq
  if (actual != expected && !bothNaN(actual, expected)) {
    innerFail({ actual, expected, message, operator: '==', stackStartFn: equal });
  }
}

function notEqual(actual, expected, message) {
  requireTwo(arguments.length);
  // eslint-disable-next-line eqeqeq
  if (actual == expected || bothNaN(actual, expected)) {
    innerFail({ actual, expected, message, operator: '!=', stackStartFn: notEqual });
  }
}

function deepEqual(actual, expected, message) {
  requireTwo(arguments.length);
  if (!isDeepLooseEqual(actual, expected)) {
    innerFail({ actual, expected, message, operator: 'deepEqual', stackStartFn: deepEqual });
  }
}

function notDeepEqual(actual, expected, message) {
  requireTwo(arguments.length);
  if (isDeepLooseEqual(actual, expected)) {
    innerFail({ actual, expected, message, operator: 'notDeepEqual', stackStartFn: notDeepEqual });
  }
}

function deepStrictEqual(actual, expected, message) {
  requireTwo(arguments.length);
  if (!isDeepStrictEqual(actual, expected)) {
    innerFail({ actual, expected, message, operator: 'deepStrictEqual', stackStartFn: deepStrictEqual });
  }
}

function notDeepStrictEqual(actual, expected, message) {
  requireTwo(arguments.length);
  if (isDeepStrictEqual(actual, expected)) {
    innerFail({ actual, expected, message, operator: 'notDeepStrictEqual', stackStartFn: notDeepStrictEqual });
  }
}

function strictEqual(actual, expected, message) {
  requireTwo(arguments.length);
  if (!Object.is(actual, expected)) {
    innerFail({ actual, expected, message, operator: 'strictEqual', stackStartFn: strictEqual });
  }
}

function notStrictEqual(actual, expected, message) {
  requireTwo(arguments.length);
  if (Object.is(actual, expected)) {
    innerFail({ actual, expected, message, operator: 'notStrictEqual', stackStartFn: notStrictEqual });
  }
}

// ---------------------------------------------------------------------------------------------
// throws / rejects and their negations

const NO_EXCEPTION = Symbol('no exception');

function invalidArgValue(name, reason, value) {
  const kind = name.includes('.') ? 'property' : 'argument';
  return codedError(TypeError, 'ERR_INVALID_ARG_VALUE',
    `The ${kind} '${name}' ${reason}. Received ${clip(inspect(value), 128)}`);
}

function checkFunction(fn, name) {
  if (typeof fn !== 'function') throw invalidArgType(name, 'of type function', fn);
}

function callForError(fn) {
  checkFunction(fn, 'fn');
  try {
    fn();
  } catch (error) {
    return error;
  }
  return NO_EXCEPTION;
}

function isThenable(value) {
  return value instanceof Promise ||
    (value !== null && typeof value === 'object' && typeof value.then === 'function' &&
     typeof value.catch === 'function');
}

async function awaitForError(promiseFn) {
  let promise;
  if (typeof promiseFn === 'function') {
    promise = promiseFn();
    if (!isThenable(promise)) {
      throw codedError(TypeError, 'ERR_INVALID_RETURN_VALUE',
        `Expected instance of Promise to be returned from the "promiseFn" function but got ${describeReceived(promise)}.`);
    }
  } else if (isThenable(promiseFn)) {
    promise = promiseFn;
  } else {
    throw invalidArgType('promiseFn', 'of type function or an instance of Promise', promiseFn);
  }
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return NO_EXCEPTION;
}

const isRegExp = (value) => require('util').types.isRegExp(value);
const isError = (value) => value instanceof Error || require('util').types.isNativeError(value);

// The properties an object-shaped expectation compares, printed as Node's `Comparison {}`.
class Comparison {
  constructor(source, keys, actual) {
    for (const key of keys) {
      if (!(key in source)) continue;
      if (actual !== undefined && typeof actual[key] === 'string' && isRegExp(source[key]) &&
          source[key].exec(actual[key]) !== null) {
        this[key] = actual[key];
      } else {
        this[key] = source[key];
      }
    }
  }
}

function compareKey(actual, expected, key, message, keys, fn) {
  if (key in actual && isDeepStrictEqual(actual[key], expected[key])) return;
  if (!message) {
    const error = new AssertionError({
      actual: new Comparison(actual, keys),
      expected: new Comparison(expected, keys, actual),
      operator: 'deepStrictEqual',
      stackStartFn: fn,
    });
    error.actual = actual;
    error.expected = expected;
    error.operator = fn.name;
    throw error;
  }
  innerFail({ actual, expected, message, operator: fn.name, stackStartFn: fn });
}

function matchesObject(actual, expected, message, fn) {
  if (typeof actual !== 'object' || actual === null) {
    const error = new AssertionError({
      actual, expected, message, operator: 'deepStrictEqual', stackStartFn: fn,
    });
    error.operator = fn.name;
    throw error;
  }
  const keys = Object.keys(expected);
  if (expected instanceof Error) keys.push('name', 'message');
  else if (keys.length === 0) throw invalidArgValue('error', 'may not be an empty object', expected);
  for (const key of keys) {
    if (typeof actual[key] === 'string' && isRegExp(expected[key]) &&
        expected[key].exec(actual[key]) !== null) {
      continue;
    }
    compareKey(actual, expected, key, message, keys, fn);
  }
}

function describeWrongClass(actual, expected) {
  let text = `The error is expected to be an instance of "${expected.name}". Received `;
  if (isError(actual)) {
    const name = actual.constructor?.name || actual.name;
    text += expected.name === name
      ? 'an error with identical name but a different prototype.'
      : `"${name}"`;
    if (actual.message) text += `\n\nError message:\n\n${actual.message}`;
  } else {
    text += `"${inspect(actual, { depth: -1 })}"`;
  }
  return text;
}

// Checks a thrown (or rejected) value against a RegExp, an object, a class or a function.
function expectError(actual, expected, message, fn) {
  let generated = false;
  if (isRegExp(expected)) {
    const text = String(actual);
    if (expected.exec(text) !== null) return;
    if (!message) {
      generated = true;
      message = 'The input did not match the regular expression ' +
        `${inspect(expected)}. Input:\n\n${inspect(text)}\n`;
    }
  } else if (typeof expected !== 'function') {
    matchesObject(actual, expected, message, fn);
    return;
  } else if (expected.prototype !== undefined && actual instanceof expected) {
    return;
  } else if (Object.prototype.isPrototypeOf.call(Error, expected)) {
    if (!message) {
      generated = true;
      message = describeWrongClass(actual, expected);
    }
  } else {
    const result = Reflect.apply(expected, {}, [actual]);
    if (result === true) return;
    if (!message) {
      generated = true;
      const name = expected.name ? `"${expected.name}" ` : '';
      message = `The ${name}validation function is expected to return "true". Received ${inspect(result)}`;
      if (isError(actual)) message += `\n\nCaught error:\n\n${actual}`;
    }
  }
  const error = new AssertionError({ actual, expected, message, operator: fn.name, stackStartFn: fn });
  error.generatedMessage = generated;
  throw error;
}

function expectsError(fn, actual, error, message) {
  if (typeof error === 'string') {
    if (arguments.length === 4) {
      throw invalidArgType('error', 'of type function or an instance of Error, RegExp, or Object', error);
    }
    if (typeof actual === 'object' && actual !== null) {
      if (actual.message === error) {
        throw codedError(TypeError, 'ERR_AMBIGUOUS_ARGUMENT',
          `The "error/message" argument is ambiguous. The error message "${actual.message}" is identical to the message.`);
      }
    } else if (actual === error) {
      throw codedError(TypeError, 'ERR_AMBIGUOUS_ARGUMENT',
        `The "error/message" argument is ambiguous. The error "${actual}" is identical to the message.`);
    }
    message = error;
    error = undefined;
  } else if (error != null && typeof error !== 'object' && typeof error !== 'function') {
    throw invalidArgType('error', 'of type function or an instance of Error, RegExp, or Object', error);
  }
  if (actual === NO_EXCEPTION) {
    let details = '';
    if (error && error.name) details += ` (${error.name})`;
    details += message ? `: ${message}` : '.';
    const kind = fn === rejects ? 'rejection' : 'exception';
    innerFail({
      actual: undefined, expected: error, operator: fn.name,
      message: `Missing expected ${kind}${details}`, stackStartFn: fn,
    });
  }
  if (error) expectError(actual, error, message, fn);
}

function errorMatches(actual, expected) {
  if (typeof expected !== 'function') {
    if (isRegExp(expected)) return expected.exec(String(actual)) !== null;
    throw invalidArgType('expected', 'of type function or an instance of RegExp', expected);
  }
  if (expected.prototype !== undefined && actual instanceof expected) return true;
  if (Object.prototype.isPrototypeOf.call(Error, expected)) return false;
  return Reflect.apply(expected, {}, [actual]) === true;
}

function expectsNoError(fn, actual, error, message) {
  if (actual === NO_EXCEPTION) return;
  if (typeof error === 'string') {
    message = error;
    error = undefined;
  }
  if (!error || errorMatches(actual, error)) {
    const details = message ? `: ${message}` : '.';
    const kind = fn === doesNotReject ? 'rejection' : 'exception';
    innerFail({
      actual, expected: error, operator: fn.name, stackStartFn: fn,
      message: `Got unwanted ${kind}${details}\nActual message: "${actual && actual.message}"`,
    });
  }
  throw actual;
}

function throws(fn, ...args) {
  expectsError(throws, callForError(fn), ...args);
}

async function rejects(promiseFn, ...args) {
  expectsError(rejects, await awaitForError(promiseFn), ...args);
}

function doesNotThrow(fn, ...args) {
  expectsNoError(doesNotThrow, callForError(fn), ...args);
}

async function doesNotReject(promiseFn, ...args) {
  expectsNoError(doesNotReject, await awaitForError(promiseFn), ...args);
}

function ifError(err) {
  if (err === null || err === undefined) return;
  let message = 'ifError got unwanted exception: ';
  if (typeof err === 'object' && typeof err.message === 'string') {
    message += err.message.length === 0 && err.constructor ? err.constructor.name : err.message;
  } else {
    message += inspect(err);
  }
  throw new AssertionError({
    actual: err, expected: null, operator: 'ifError', message, stackStartFn: ifError,
  });
}

function matchOrNot(string, regexp, message, fn) {
  if (!isRegExp(regexp)) throw invalidArgType('regexp', 'an instance of RegExp', regexp);
  const wanted = fn === match;
  if (typeof string === 'string' && (regexp.exec(string) !== null) === wanted) return;
  if (message instanceof Error) throw message;
  const generated = !message;
  if (!message) {
    if (typeof string !== 'string') {
      message = 'The "string" argument must be of type string. Received type ' +
        `${typeof string} (${inspect(string)})`;
    } else {
      message = (wanted
        ? 'The input did not match the regular expression '
        : 'The input was expected to not match the regular expression ') +
        `${inspect(regexp)}. Input:\n\n${inspect(string)}\n`;
    }
  }
  const error = new AssertionError({
    actual: string, expected: regexp, message, operator: fn.name, stackStartFn: fn,
  });
  error.generatedMessage = generated;
  throw error;
}

function match(string, regexp, message) {
  matchOrNot(string, regexp, message, match);
}

function doesNotMatch(string, regexp, message) {
  matchOrNot(string, regexp, message, doesNotMatch);
}

// ---------------------------------------------------------------------------------------------
// CallTracker (deprecated in Node 20, still exported)

let trackerWarned = false;

class CallTracker {
  #tracked = new Map(); // wrapper -> { name, exact, calls, stack }

  constructor() {
    if (!trackerWarned) {
      trackerWarned = true;
      process.emitWarning('assert.CallTracker is deprecated.', 'DeprecationWarning', 'DEP0173');
    }
  }

  calls(fn, exact = 1) {
    if (typeof fn === 'number') {
      exact = fn;
      fn = () => {};
    } else if (fn === undefined) {
      fn = () => {};
    }
    checkFunction(fn, 'fn');
    if (typeof exact !== 'number') throw invalidArgType('expected', 'of type number', exact);
    if (!Number.isInteger(exact) || exact < 1 || exact > 4294967295) {
      throw outOfRange('expected', '>= 1 && <= 4294967295', exact);
    }
    const record = { name: fn.name || 'calls', exact, calls: [], stack: new Error() };
    const wrapper = new Proxy(fn, {
      apply(target, thisArg, args) {
        record.calls.push({ thisArg, arguments: args });
        return Reflect.apply(target, thisArg, args);
      },
    });
    this.#tracked.set(wrapper, record);
    return wrapper;
  }

  #record(fn) {
    const record = this.#tracked.get(fn);
    if (record === undefined) throw invalidArgValue('tracked', 'is not a tracked function', fn);
    return record;
  }

  getCalls(fn) {
    return this.#record(fn).calls.map((call) => ({ ...call }));
  }

  reset(fn) {
    if (fn === undefined) {
      for (const record of this.#tracked.values()) record.calls = [];
    } else {
      this.#record(fn).calls = [];
    }
  }

  report() {
    const errors = [];
    for (const record of this.#tracked.values()) {
      if (record.calls.length === record.exact) continue;
      errors.push({
        message: `Expected the ${record.name} function to be executed ${record.exact} time(s) ` +
          `but was executed ${record.calls.length} time(s).`,
        actual: record.calls.length,
        expected: record.exact,
        operator: record.name,
        stack: record.stack,
      });
    }
    return errors;
  }

  verify() {
    const errors = this.report();
    if (errors.length === 0) return;
    const message = errors.length === 1
      ? errors[0].message
      : 'Functions were not called the expected number of times';
    throw new AssertionError({ message, details: errors });
  }
}

// ---------------------------------------------------------------------------------------------
// Exports: `assert` itself is `ok`; `assert.strict` swaps the loose functions for strict ones.

Object.assign(assert, {
  AssertionError,
  CallTracker,
  deepEqual,
  deepStrictEqual,
  doesNotMatch,
  doesNotReject,
  doesNotThrow,
  equal,
  fail,
  ifError,
  match,
  notDeepEqual,
  notDeepStrictEqual,
  notEqual,
  notStrictEqual,
  ok,
  rejects,
  strictEqual,
  throws,
});

function strict(...args) {
  innerOk(strict, args.length, ...args);
}

Object.assign(strict, assert, {
  equal: strictEqual,
  deepEqual: deepStrictEqual,
  notEqual: notStrictEqual,
  notDeepEqual: notDeepStrictEqual,
});

assert.strict = strict;
strict.strict = strict;

module.exports = assert;
