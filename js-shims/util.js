'use strict';
// Node 20's `util` module for kvm isolates.
//
// QuickJS only has ECMAScript, so everything here is plain JS. The output of `inspect` and `format`
// is meant to be byte-identical to Node 20 wherever the engine lets us observe the same things;
// tests/node-compat/util_inspect.js is the reference script diffed against real node. Known gaps
// (engine internals plain JS cannot read): promise state (always `<pending>`), proxies (printed
// as their target), the entries of Map/Set iterators and of WeakMap/WeakSet; a promise without
// prototype, or a built-in (Map, ArrayBuffer...) whose prototype was replaced by an unrelated
// object, prints as a plain object.
//
// Nothing here touches `process`, `Buffer` or `console` at load time: they may not exist yet, so
// they are looked up (with `typeof`) when a function that needs them is called.

const customInspectSymbol = Symbol.for('nodejs.util.inspect.custom');
const customPromisifySymbol = Symbol.for('nodejs.util.promisify.custom');

const hasOwn = (obj, key) => Object.prototype.hasOwnProperty.call(obj, key);
const isEnumerable = (obj, key) => Object.prototype.propertyIsEnumerable.call(obj, key);
const objectToString = (value) => Object.prototype.toString.call(value);
const isObjectLike = (value) => value !== null && (typeof value === 'object' || typeof value === 'function');

function getterOf(proto, key) {
  const desc = proto && Object.getOwnPropertyDescriptor(proto, key);
  return desc && desc.get;
}

// ---------------------------------------------------------------------------------------------
// util.types
//
// Brand checks call a built-in that throws on a receiver of the wrong kind, so they cannot be
// fooled by Symbol.toStringTag. Where no such built-in exists (promises, functions, iterators,
// arguments) we fall back to the tag that Object.prototype.toString reports.

function brandCheck(method) {
  if (typeof method !== 'function') return () => false;
  return (value) => {
    if (!isObjectLike(value)) return false;
    try {
      method.call(value);
      return true;
    } catch {
      return false;
    }
  };
}

const tagCheck = (...tags) => (value) => isObjectLike(value) && tags.includes(objectToString(value).slice(8, -1));

// %TypedArray%.prototype[@@toStringTag] returns the kind ('Uint8Array', ...) or undefined, never throws.
const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
const typedArrayTag = getterOf(TypedArrayPrototype, Symbol.toStringTag);
const typedArrayKind = (value) => (isObjectLike(value) ? typedArrayTag.call(value) : undefined);
const typedArrayLength = getterOf(TypedArrayPrototype, 'length');
const kindCheck = (kind) => (value) => typedArrayKind(value) === kind;

const regExpGlobal = brandCheck(getterOf(RegExp.prototype, 'global'));
const sharedArrayBufferCheck = typeof SharedArrayBuffer === 'function'
  ? brandCheck(getterOf(SharedArrayBuffer.prototype, 'byteLength'))
  : () => false;

const types = {
  isExternal: () => false,
  isDate: brandCheck(Date.prototype.getTime),
  isArgumentsObject: tagCheck('Arguments'),
  isBigIntObject: brandCheck(BigInt.prototype.valueOf),
  isBooleanObject: brandCheck(Boolean.prototype.valueOf),
  isNumberObject: brandCheck(Number.prototype.valueOf),
  isStringObject: brandCheck(String.prototype.valueOf),
  isSymbolObject: brandCheck(Symbol.prototype.valueOf),
  isNativeError: tagCheck('Error'),
  // RegExp.prototype itself answers `global` with undefined instead of throwing.
  isRegExp: (value) => value !== RegExp.prototype && regExpGlobal(value),
  isAsyncFunction: tagCheck('AsyncFunction', 'AsyncGeneratorFunction'),
  isGeneratorFunction: tagCheck('GeneratorFunction', 'AsyncGeneratorFunction'),
  isGeneratorObject: tagCheck('Generator', 'AsyncGenerator'),
  // No side-effect-free brand check exists for promises (`then` would mark a rejection handled).
  isPromise: tagCheck('Promise'),
  isMap: brandCheck(getterOf(Map.prototype, 'size')),
  isSet: brandCheck(getterOf(Set.prototype, 'size')),
  isMapIterator: tagCheck('Map Iterator'),
  isSetIterator: tagCheck('Set Iterator'),
  isWeakMap: brandCheck(WeakMap.prototype.has),
  isWeakSet: brandCheck(WeakSet.prototype.has),
  isArrayBuffer: brandCheck(getterOf(ArrayBuffer.prototype, 'byteLength')),
  // `buffer` (unlike `byteLength`) does not throw for a view on a detached buffer.
  isDataView: brandCheck(getterOf(DataView.prototype, 'buffer')),
  isSharedArrayBuffer: sharedArrayBufferCheck,
  // A proxy is indistinguishable from its target in plain ECMAScript.
  isProxy: () => false,
  isModuleNamespaceObject: (value) =>
    isObjectLike(value) && Object.getPrototypeOf(value) === null && !Object.isExtensible(value) &&
    Object.getOwnPropertyDescriptor(value, Symbol.toStringTag)?.value === 'Module',
  isAnyArrayBuffer: (value) => types.isArrayBuffer(value) || types.isSharedArrayBuffer(value),
  isBoxedPrimitive: (value) =>
    types.isNumberObject(value) || types.isStringObject(value) || types.isBooleanObject(value) ||
    types.isBigIntObject(value) || types.isSymbolObject(value),
  isArrayBufferView: (value) => ArrayBuffer.isView(value),
  isTypedArray: (value) => typedArrayKind(value) !== undefined,
  isUint8Array: kindCheck('Uint8Array'),
  isUint8ClampedArray: kindCheck('Uint8ClampedArray'),
  isUint16Array: kindCheck('Uint16Array'),
  isUint32Array: kindCheck('Uint32Array'),
  isInt8Array: kindCheck('Int8Array'),
  isInt16Array: kindCheck('Int16Array'),
  isInt32Array: kindCheck('Int32Array'),
  isFloat32Array: kindCheck('Float32Array'),
  isFloat64Array: kindCheck('Float64Array'),
  isBigInt64Array: kindCheck('BigInt64Array'),
  isBigUint64Array: kindCheck('BigUint64Array'),
  isKeyObject: () => false,
  isCryptoKey: () => false,
};

function isError(value) {
  if (types.isNativeError(value)) return true;
  try {
    return value instanceof Error;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Errors thrown by this module carry Node's `code`, as callers test for it.

function describeReceived(value) {
  if (value == null) return ` Received ${value}`;
  if (typeof value === 'function') return ` Received function ${value.name}`;
  if (typeof value === 'object') {
    const name = value.constructor && value.constructor.name;
    if (name) return ` Received an instance of ${name}`;
    return ` Received ${inspect(value, { depth: -1 })}`;
  }
  let shown = inspect(value, { colors: false });
  if (shown.length > 28) shown = `${shown.slice(0, 25)}...`;
  return ` Received type ${typeof value} (${shown})`;
}

function invalidArgType(name, expected, value) {
  const what = name.includes('.') ? 'property' : 'argument';
  const err = new TypeError(`The "${name}" ${what} must be of type ${expected}.${describeReceived(value)}`);
  err.code = 'ERR_INVALID_ARG_TYPE';
  return err;
}

function validateFunction(value, name) {
  if (typeof value !== 'function') throw invalidArgType(name, 'function', value);
}

// ---------------------------------------------------------------------------------------------
// inspect: primitives

const kMinLineWidth = 16; // strings shorter than this are never split across lines
const stylizeNoColor = (str) => str;

function escapeCode(code) {
  switch (code) {
    case 8: return '\\b';
    case 9: return '\\t';
    case 10: return '\\n';
    case 12: return '\\f';
    case 13: return '\\r';
    case 39: return "\\'";
    case 92: return '\\\\';
    default:
      if (code >= 0xd800 && code <= 0xdfff) return `\\u${code.toString(16)}`;
      return `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`;
  }
}

// Escapes control characters, backslashes, lone surrogates and (if `quoteCode` is 39) single quotes.
function escapeString(str, quoteCode) {
  let out = '';
  let last = 0;
  for (let i = 0; i < str.length; i++) {
    const code = str.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < str.length) {
      const next = str.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++; // a valid pair stays as is
        continue;
      }
    }
    const needsEscape = code < 32 || code === 92 || code === quoteCode ||
      (code > 126 && code < 160) || (code >= 0xd800 && code <= 0xdfff);
    if (!needsEscape) continue;
    out += str.slice(last, i) + escapeCode(code);
    last = i + 1;
  }
  return last === 0 ? str : out + str.slice(last);
}

// Node prefers single quotes, then double quotes, then backticks, so as to escape as little as possible.
function quoteString(str) {
  if (str.includes("'")) {
    if (!str.includes('"')) return `"${escapeString(str, -1)}"`;
    if (!str.includes('`') && !str.includes('${')) return `\`${escapeString(str, -1)}\``;
  }
  return `'${escapeString(str, 39)}'`;
}

// Pieces of `str` each ending right after a newline (the last one may not end with one).
function splitAfterNewlines(str) {
  const pieces = [];
  let start = 0;
  for (let i = str.indexOf('\n'); i !== -1 && i < str.length - 1; i = str.indexOf('\n', i + 1)) {
    pieces.push(str.slice(start, i + 1));
    start = i + 1;
  }
  pieces.push(str.slice(start));
  return pieces;
}

function formatString(stylize, value, ctx) {
  let trailer = '';
  if (value.length > ctx.maxStringLength) {
    const remaining = value.length - ctx.maxStringLength;
    value = value.slice(0, ctx.maxStringLength);
    trailer = `... ${remaining} more character${remaining > 1 ? 's' : ''}`;
  }
  // Long multi-line strings are printed as one quoted piece per line, joined with `+`.
  if (ctx.compact !== true && value.length > kMinLineWidth &&
      value.length > ctx.breakLength - ctx.indentationLvl - 4) {
    const indentation = ' '.repeat(ctx.indentationLvl + 2);
    return splitAfterNewlines(value)
      .map((line) => stylize(quoteString(line), 'string'))
      .join(` +\n${indentation}`) + trailer;
  }
  return stylize(quoteString(value), 'string') + trailer;
}

// '1234567' -> '1_234_567' (integer digits, optional leading '-')
function groupDigitsFromEnd(digits) {
  const start = digits.startsWith('-') ? 1 : 0;
  let res = '';
  let i = digits.length;
  for (; i >= start + 4; i -= 3) res = `_${digits.slice(i - 3, i)}${res}`;
  return digits.slice(0, i) + res;
}

// '1234567' -> '123_456_7' (fraction digits)
function groupDigitsFromStart(digits) {
  let res = '';
  let i = 0;
  for (; i < digits.length - 3; i += 3) res += `${digits.slice(i, i + 3)}_`;
  return res + digits.slice(i);
}

function formatNumber(stylize, number, numericSeparator) {
  const str = `${number}`;
  if (!numericSeparator) return stylize(Object.is(number, -0) ? '-0' : str, 'number');
  // (node prints -0 as '0' when grouping digits)
  if (!Number.isFinite(number) || str.includes('e')) return stylize(str, 'number');
  const integer = String(Math.trunc(number));
  if (Number.isInteger(number)) return stylize(groupDigitsFromEnd(integer), 'number');
  const fraction = str.slice(str.indexOf('.') + 1);
  return stylize(`${groupDigitsFromEnd(integer)}.${groupDigitsFromStart(fraction)}`, 'number');
}

function formatBigInt(stylize, bigint, numericSeparator) {
  const str = String(bigint);
  return stylize(`${numericSeparator ? groupDigitsFromEnd(str) : str}n`, 'bigint');
}

function formatPrimitive(stylize, value, ctx) {
  switch (typeof value) {
    case 'string': return formatString(stylize, value, ctx);
    case 'number': return formatNumber(stylize, value, ctx.numericSeparator);
    case 'bigint': return formatBigInt(stylize, value, ctx.numericSeparator);
    case 'boolean': return stylize(`${value}`, 'boolean');
    case 'undefined': return stylize('undefined', 'undefined');
    default: return stylize(Symbol.prototype.toString.call(value), 'symbol');
  }
}

// Display width used to line up grouped array entries: wide East Asian characters count twice,
// combining marks and control characters not at all.
function isFullWidth(code) {
  return code >= 0x1100 && (code <= 0x115f || code === 0x2329 || code === 0x232a ||
    (code >= 0x2e80 && code <= 0x3247 && code !== 0x303f) || (code >= 0x3250 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0xa4c6) || (code >= 0xa960 && code <= 0xa97c) ||
    (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe10 && code <= 0xfe19) || (code >= 0xfe30 && code <= 0xfe6b) ||
    (code >= 0xff01 && code <= 0xff60) || (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1b000 && code <= 0x1b001) || (code >= 0x1f200 && code <= 0x1f251) ||
    (code >= 0x1f300 && code <= 0x1f64f) || (code >= 0x20000 && code <= 0x3fffd));
}

function isZeroWidth(code) {
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f) || (code >= 0x300 && code <= 0x36f) ||
    (code >= 0x200b && code <= 0x200f) || (code >= 0x20d0 && code <= 0x20ff) ||
    (code >= 0xfe00 && code <= 0xfe0f) || (code >= 0xfe20 && code <= 0xfe2f) ||
    (code >= 0xe0100 && code <= 0xe01ef);
}

function getStringWidth(str) {
  // Fast path: printable ASCII is one column per character.
  if (/^[\x20-\x7e]*$/.test(str)) return str.length;
  let width = 0;
  for (const char of str.normalize('NFC')) {
    const code = char.codePointAt(0);
    if (isFullWidth(code)) width += 2;
    else if (!isZeroWidth(code)) width += 1;
  }
  return width;
}

// ---------------------------------------------------------------------------------------------
// inspect: entry point and options

const inspectDefaultOptions = Object.seal({
  showHidden: false,
  depth: 2,
  colors: false,
  customInspect: true,
  showProxy: false,
  maxArrayLength: 100,
  maxStringLength: 10000,
  breakLength: 80,
  compact: 3,
  sorted: false,
  getters: false,
  numericSeparator: false,
});

function inspect(value, opts) {
  const ctx = {
    ...inspectDefaultOptions,
    stylize: stylizeNoColor,
    indentationLvl: 0,
    currentDepth: 0,
    seen: [],
    circular: undefined,
    userOptions: undefined,
  };
  if (arguments.length > 1) {
    // Legacy signature: inspect(value, showHidden, depth, colors).
    if (arguments.length > 2 && arguments[2] !== undefined) ctx.depth = arguments[2];
    if (arguments.length > 3 && arguments[3] !== undefined) ctx.colors = arguments[3];
    if (typeof opts === 'boolean') {
      ctx.showHidden = opts;
    } else if (opts) {
      for (const key of Object.keys(opts)) {
        if (hasOwn(inspectDefaultOptions, key) || key === 'stylize') ctx[key] = opts[key];
        else if (ctx.userOptions === undefined) ctx.userOptions = opts; // handed on to custom inspectors
      }
    }
  }
  ctx.colors = false; // kvm output goes to logs, never to a terminal
  if (ctx.maxArrayLength === null) ctx.maxArrayLength = Infinity;
  if (ctx.maxStringLength === null) ctx.maxStringLength = Infinity;
  return formatValue(ctx, value, 0);
}

// The options object a custom inspector receives: the effective options plus anything extra the
// caller passed.
function optionsForCustomInspect(ctx) {
  const opts = { stylize: ctx.stylize };
  for (const key of Object.keys(inspectDefaultOptions)) opts[key] = ctx[key];
  return ctx.userOptions === undefined ? opts : { ...opts, ...ctx.userOptions };
}

const exceedsDepth = (ctx, recurseTimes) => ctx.depth !== null && recurseTimes > ctx.depth;

// ---------------------------------------------------------------------------------------------
// inspect: objects

const kObjectType = 0;
const kArrayType = 1; // array elements: printed without a key
const kArrayExtrasType = 2; // the whole of an array-like's output (elements + extra keys)

function formatValue(ctx, value, recurseTimes, typedArray) {
  if (!isObjectLike(value)) {
    return value === null ? ctx.stylize('null', 'null') : formatPrimitive(ctx.stylize, value, ctx);
  }
  if (ctx.customInspect) {
    const custom = callCustomInspect(ctx, value, recurseTimes);
    if (custom !== undefined) return custom;
  }
  if (ctx.seen.includes(value)) {
    return ctx.stylize(`[Circular *${circularIndex(ctx, value)}]`, 'special');
  }
  if (isBufferWithoutInspector(value)) return formatBuffer(ctx, value);
  return formatRaw(ctx, value, recurseTimes, typedArray);
}

// Returns the custom inspector's result as a string, or undefined when there is none to use.
function callCustomInspect(ctx, value, recurseTimes) {
  const custom = value[customInspectSymbol];
  if (typeof custom !== 'function' || custom === inspect) return undefined;
  // A prototype (`Foo.prototype`) is printed plainly: its inspector is meant for instances.
  if (value.constructor && value.constructor.prototype === value) return undefined;
  const depth = ctx.depth === null ? null : ctx.depth - recurseTimes;
  const ret = custom.call(value, depth, optionsForCustomInspect(ctx), inspect);
  if (ret === value) return undefined;
  if (typeof ret !== 'string') return formatValue(ctx, ret, recurseTimes);
  return ret.replaceAll('\n', `\n${' '.repeat(ctx.indentationLvl)}`);
}

// Reference number of an object met again while it is being printed (in the order found).
function circularIndex(ctx, value) {
  if (ctx.circular === undefined) ctx.circular = new Map();
  let index = ctx.circular.get(value);
  if (index === undefined) {
    index = ctx.circular.size + 1;
    ctx.circular.set(value, index);
  }
  return index;
}

// Runs right at the stack limit, so it only compares (a call such as RegExp#test could overflow
// again). V8 and QuickJS-ng say the first, older QuickJS the second.
function isStackOverflow(err) {
  return err !== null && typeof err === 'object' &&
    (err.message === 'Maximum call stack size exceeded' || err.message === 'stack overflow');
}

function formatRaw(ctx, value, recurseTimes, typedArray) {
  // With showHidden, properties that user-defined prototypes add are listed too.
  let protoProps = ctx.showHidden && !exceedsDepth(ctx, recurseTimes) ? [] : undefined;
  const constructor = getConstructorName(value, ctx, recurseTimes, protoProps);
  if (protoProps !== undefined && protoProps.length === 0) protoProps = undefined;
  const tag = visibleTag(ctx, value);
  const shape = ((value[Symbol.iterator] || constructor === null) &&
      describeIterable(ctx, value, constructor, tag, protoProps)) ||
    describeObject(ctx, value, constructor, tag, recurseTimes, typedArray, protoProps);
  if (typeof shape === 'string') return shape;

  if (exceedsDepth(ctx, recurseTimes)) {
    const name = getPrefix(constructor, tag, 'Object').slice(0, -1);
    return ctx.stylize(constructor === null ? name : `[${name}]`, 'special');
  }

  recurseTimes += 1;
  ctx.seen.push(value);
  ctx.currentDepth = recurseTimes;
  const indentationLvl = ctx.indentationLvl;
  let output;
  try {
    output = shape.formatter(ctx, value, recurseTimes);
    for (const key of shape.keys) {
      output.push(formatProperty(ctx, value, recurseTimes, key, shape.extrasType));
    }
    if (protoProps !== undefined) output.push(...protoProps);
  } catch (err) {
    // Too deep for the engine's stack: print what we are in instead of failing the whole call.
    if (!isStackOverflow(err)) throw err;
    ctx.seen.pop();
    ctx.indentationLvl = indentationLvl;
    const name = getPrefix(constructor, tag, 'Object').slice(0, -1);
    return ctx.stylize(`[${name}: Inspection interrupted prematurely. Maximum call stack size exceeded.]`, 'special');
  }
  ctx.seen.pop();

  let base = shape.base;
  const braces = shape.braces;
  const refIndex = ctx.circular === undefined ? undefined : ctx.circular.get(value);
  if (refIndex !== undefined) {
    const ref = ctx.stylize(`<ref *${refIndex}>`, 'special');
    if (ctx.compact !== true) base = base === '' ? ref : `${ref} ${base}`;
    else braces[0] = `${ref} ${braces[0]}`;
  }
  if (ctx.sorted) sortOutput(ctx, output, shape);
  return reduceToSingleString(ctx, output, base, braces, shape.extrasType, recurseTimes, value);
}

function sortOutput(ctx, output, shape) {
  const comparator = ctx.sorted === true ? undefined : ctx.sorted;
  if (shape.extrasType === kObjectType) {
    output.sort(comparator);
  } else if (shape.keys.length > 1) {
    // Array-likes keep their elements in order; only the extra keys are sorted.
    const extras = output.splice(output.length - shape.keys.length).sort(comparator);
    output.push(...extras);
  }
}

// Symbol.toStringTag is shown in brackets unless it already appears as a listed own property.
function visibleTag(ctx, value) {
  const tag = value[Symbol.toStringTag];
  if (typeof tag !== 'string' || tag === '') return '';
  const listed = ctx.showHidden ? hasOwn(value, Symbol.toStringTag) : isEnumerable(value, Symbol.toStringTag);
  return listed ? '' : tag;
}

// The name of the nearest constructor in the prototype chain that `obj` is an instance of,
// null for objects without prototype.
function getConstructorName(obj, ctx, recurseTimes, protoProps) {
  let firstProto;
  for (let proto = obj; proto; ) {
    const desc = Object.getOwnPropertyDescriptor(proto, 'constructor');
    if (desc !== undefined && typeof desc.value === 'function' && desc.value.name !== '' &&
        isInstanceof(obj, desc.value)) {
      if (protoProps !== undefined && (firstProto !== proto || !builtInConstructors.has(desc.value.name))) {
        addPrototypeProperties(ctx, obj, firstProto || obj, recurseTimes, protoProps);
      }
      return String(desc.value.name);
    }
    proto = Object.getPrototypeOf(proto);
    if (firstProto === undefined) firstProto = proto;
  }
  if (firstProto === null) return null;
  // A prototype chain without a usable constructor: name the built-in kind and describe the chain.
  const kind = objectToString(obj).slice(8, -1);
  if (exceedsDepth(ctx, recurseTimes)) return `${kind} <Complex prototype>`;
  const protoName = getConstructorName(firstProto, ctx, recurseTimes + 1);
  if (protoName === null) {
    const shown = inspect(firstProto, { ...pickOptions(ctx), customInspect: false, depth: -1 });
    return `${kind} <${shown}>`;
  }
  return `${kind} <${protoName}>`;
}

// The non-method properties (getters, values) of user-defined prototypes, at most three levels
// up and stopping at the first built-in prototype; for showHidden.
function addPrototypeProperties(ctx, main, proto, recurseTimes, output) {
  const shadowed = new Set(); // keys of the levels below
  for (let level = 0; level < 3; level++) {
    if (level !== 0 || main === proto) {
      proto = Object.getPrototypeOf(proto);
      if (proto === null) return;
      const desc = Object.getOwnPropertyDescriptor(proto, 'constructor');
      if (desc !== undefined && typeof desc.value === 'function' && builtInConstructors.has(desc.value.name)) return;
    }
    const keys = Reflect.ownKeys(proto);
    ctx.seen.push(main);
    for (const key of keys) {
      if (key === 'constructor' || hasOwn(main, key) || shadowed.has(key)) continue;
      const desc = Object.getOwnPropertyDescriptor(proto, key);
      if (typeof desc.value === 'function') continue;
      output.push(formatProperty(ctx, proto, recurseTimes, key, kObjectType, desc, main));
    }
    ctx.seen.pop();
    for (const key of keys) shadowed.add(key);
  }
}

function pickOptions(ctx) {
  const opts = {};
  for (const key of Object.keys(inspectDefaultOptions)) opts[key] = ctx[key];
  return opts;
}

function isInstanceof(obj, ctor) {
  try {
    return obj instanceof ctor;
  } catch {
    return false;
  }
}

// 'Foo ', 'Foo(2) [Map] ', '[Object: null prototype] ' ...
function getPrefix(constructor, tag, fallback, size = '') {
  if (constructor === null) {
    if (tag !== '' && fallback !== tag) return `[${fallback}${size}: null prototype] [${tag}] `;
    return `[${fallback}${size}: null prototype] `;
  }
  if (tag !== '' && constructor !== tag) return `${constructor}${size} [${tag}] `;
  return `${constructor}${size} `;
}

function getKeys(value, showHidden) {
  const symbols = Object.getOwnPropertySymbols(value);
  if (showHidden) return [...Object.getOwnPropertyNames(value), ...symbols];
  const keys = Object.keys(value);
  for (const symbol of symbols) if (isEnumerable(value, symbol)) keys.push(symbol);
  return keys;
}

function isArrayIndex(key) {
  return typeof key === 'string' && /^(?:0|[1-9][0-9]*)$/.test(key) && Number(key) < 2 ** 32 - 1;
}

// Listing the keys of a typed array enumerates every index; past this length (typically a large
// binary payload) extra own properties are not looked for.
const kMaxTypedArrayKeyScan = 1 << 16;

// Own keys list array indices first, in ascending order: skip them with a binary search rather
// than testing every key of a large array.
function nonIndexKeys(value, showHidden) {
  const keys = getKeys(value, showHidden);
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (isArrayIndex(keys[mid])) low = mid + 1;
    else high = mid;
  }
  return low === 0 ? keys : keys.slice(low);
}

// ---- Shapes: how an object is opened and closed and which entries it lists -----------------

const noEntries = () => [];

// Nothing to list between the braces.
const isBare = (keys, protoProps) => keys.length === 0 && protoProps === undefined;

// Arrays, Sets, Maps and typed arrays; undefined for any other object.
function describeIterable(ctx, value, constructor, tag, protoProps) {
  if (Array.isArray(value)) {
    const prefix = constructor !== 'Array' || tag !== ''
      ? getPrefix(constructor, tag, 'Array', `(${value.length})`)
      : '';
    const keys = nonIndexKeys(value, ctx.showHidden);
    if (value.length === 0 && isBare(keys, protoProps)) return `${prefix}[]`;
    return { keys, braces: [`${prefix}[`, ']'], base: '', extrasType: kArrayExtrasType, formatter: formatArray };
  }
  // Set, Map and typed arrays carry a Symbol.toStringTag unless their prototype was removed.
  if (constructor !== null && typeof value[Symbol.toStringTag] !== 'string') return undefined;
  if (types.isSet(value)) {
    const size = getterOf(Set.prototype, 'size').call(value);
    const prefix = getPrefix(constructor, tag, 'Set', `(${size})`);
    const keys = getKeys(value, ctx.showHidden);
    if (size === 0 && isBare(keys, protoProps)) return `${prefix}{}`;
    return { keys, braces: [`${prefix}{`, '}'], base: '', extrasType: kObjectType, formatter: formatSet };
  }
  if (types.isMap(value)) {
    const size = getterOf(Map.prototype, 'size').call(value);
    const prefix = getPrefix(constructor, tag, 'Map', `(${size})`);
    const keys = getKeys(value, ctx.showHidden);
    if (size === 0 && isBare(keys, protoProps)) return `${prefix}{}`;
    return { keys, braces: [`${prefix}{`, '}'], base: '', extrasType: kObjectType, formatter: formatMap };
  }
  const kind = typedArrayKind(value);
  if (kind !== undefined) {
    const length = typedArrayLength.call(value);
    const keys = length > kMaxTypedArrayKeyScan ? [] : nonIndexKeys(value, ctx.showHidden);
    const prefix = getPrefix(constructor, tag, kind, `(${length})`);
    if (length === 0 && keys.length === 0 && !ctx.showHidden) return `${prefix}[]`;
    return {
      keys,
      braces: [`${prefix}[`, ']'],
      base: '',
      extrasType: kArrayExtrasType,
      formatter: (ctx2, v, rt) => formatTypedArray(ctx2, v, length, rt),
    };
  }
  if (types.isMapIterator(value) || types.isSetIterator(value)) {
    // Node previews the remaining entries through V8; plain JS could only do so by consuming them.
    const braces = [`[${tag || objectToString(value).slice(8, -1)}] {`, '}'];
    return { keys: getKeys(value, ctx.showHidden), braces, base: '', extrasType: kObjectType, formatter: formatUnknownItems };
  }
  return undefined;
}

// Brand checks for the kinds describeObject prints specially, in Node's order of precedence.
const kindChecks = {
  RegExp: types.isRegExp,
  Date: types.isDate,
  Error: types.isNativeError,
  ArrayBuffer: types.isArrayBuffer,
  SharedArrayBuffer: types.isSharedArrayBuffer,
  DataView: types.isDataView,
  Promise: types.isPromise,
  WeakSet: types.isWeakSet,
  WeakMap: types.isWeakMap,
  Number: types.isNumberObject,
  String: types.isStringObject,
  Boolean: types.isBooleanObject,
  BigInt: types.isBigIntObject,
  Symbol: types.isSymbolObject,
};

// The built-in kind behind an object's internal slots ('Date', 'Promise', 'Number', ...), or ''.
//
// Brand checks throw on a mismatch, and exceptions are slow on QuickJS (each one records a
// backtrace), so they are avoided where possible. Without a Symbol.toStringTag,
// Object.prototype.toString reports Date, RegExp, Error and boxed Number/String/Boolean from their
// internal slots; the other kinds carry their tag on their prototype, so an untagged object can
// only be one of them if its prototype was removed (a replaced prototype is not detected). With a
// tag, the kind it names is tried first.
function builtinKind(value, constructor) {
  const tag = value[Symbol.toStringTag];
  if (typeof tag !== 'string') {
    const builtinTag = objectToString(value).slice(8, -1);
    if (hasOwn(kindChecks, builtinTag)) return builtinTag;
    if (constructor !== null) return '';
  } else if (hasOwn(kindChecks, tag) && kindChecks[tag](value)) {
    return tag;
  }
  for (const kind of Object.keys(kindChecks)) if (kindChecks[kind](value)) return kind;
  return '';
}

const boxedValueOf = {
  Number: Number.prototype.valueOf,
  String: String.prototype.valueOf,
  Boolean: Boolean.prototype.valueOf,
  BigInt: BigInt.prototype.valueOf,
  Symbol: Symbol.prototype.valueOf,
};

function describeObject(ctx, value, constructor, tag, recurseTimes, typedArray, protoProps) {
  const keys = getKeys(value, ctx.showHidden);
  const bare = () => isBare(keys, protoProps);
  const shape = { keys, braces: ['{', '}'], base: '', extrasType: kObjectType, formatter: noEntries };
  const openWith = (fallback) => {
    shape.braces[0] = `${getPrefix(constructor, tag, fallback)}{`;
    return shape;
  };

  if (constructor === 'Object') {
    if (types.isArgumentsObject(value)) shape.braces[0] = '[Arguments] {';
    else if (tag !== '') shape.braces[0] = `${getPrefix(constructor, tag, 'Object')}{`;
    return bare() ? `${shape.braces[0]}}` : shape;
  }
  if (typeof value === 'function') {
    shape.base = getFunctionBase(value, constructor, tag);
    return bare() ? ctx.stylize(shape.base, 'special') : shape;
  }
  const kind = builtinKind(value, constructor);
  if (kind === 'RegExp') {
    shape.base = RegExp.prototype.toString.call(constructor !== null ? value : new RegExp(value));
    const prefix = getPrefix(constructor, tag, 'RegExp');
    if (prefix !== 'RegExp ') shape.base = `${prefix}${shape.base}`;
    if (bare() || exceedsDepth(ctx, recurseTimes)) return ctx.stylize(shape.base, 'regexp');
    return shape;
  }
  if (kind === 'Date') {
    const time = Date.prototype.getTime.call(value);
    shape.base = Number.isNaN(time) ? Date.prototype.toString.call(value) : Date.prototype.toISOString.call(value);
    const prefix = getPrefix(constructor, tag, 'Date');
    if (prefix !== 'Date ') shape.base = `${prefix}${shape.base}`;
    return bare() ? ctx.stylize(shape.base, 'date') : shape;
  }
  if (kind === 'Error' || isError(value)) {
    shape.base = formatError(value, constructor, tag, ctx, keys);
    return bare() ? shape.base : shape;
  }
  switch (kind) {
    case 'ArrayBuffer':
    case 'SharedArrayBuffer': {
      const prefix = getPrefix(constructor, tag, kind);
      if (typedArray === undefined) {
        shape.formatter = formatArrayBuffer;
      } else if (bare()) {
        // The buffer of a typed array printed with showHidden: its bytes are already shown.
        return `${prefix}{ byteLength: ${formatNumber(ctx.stylize, value.byteLength, false)} }`;
      }
      keys.unshift('byteLength');
      shape.braces[0] = `${prefix}{`;
      return shape;
    }
    case 'DataView':
      keys.unshift('byteLength', 'byteOffset', 'buffer');
      return openWith('DataView');
    case 'Promise':
      shape.formatter = formatPromise;
      return openWith('Promise');
    case 'WeakSet':
    case 'WeakMap':
      shape.formatter = formatUnknownItems;
      return openWith(kind);
    case 'Number':
    case 'String':
    case 'Boolean':
    case 'BigInt':
    case 'Symbol':
      shape.base = getBoxedBase(value, kind, ctx, keys, constructor, tag);
      return bare() ? shape.base : shape;
    default:
      if (bare()) return `${getPrefix(constructor, tag, 'Object')}{}`;
      return openWith('Object');
  }
}

// Source text tells a class from a function: `class` followed by an optional name, then
// `extends` or the body (a method named `class` is followed by its parameter list instead).
function isClassSource(source) {
  if (!source.startsWith('class') || !source.endsWith('}')) return false;
  const rest = source.slice(5).replace(/\/\/[^\n]*\n|\/\*[\s\S]*?\*\//g, ' ');
  return /^(?:\s+[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*)?\s*(?:extends\b|\{)/u.test(rest);
}

function getFunctionBase(value, constructor, tag) {
  let source = '';
  try {
    source = Function.prototype.toString.call(value);
  } catch {
    // not a plain function (e.g. a callable exotic object)
  }
  if (isClassSource(source)) return getClassBase(value, constructor, tag);
  let type = 'Function';
  if (types.isGeneratorFunction(value)) type = `Generator${type}`;
  if (types.isAsyncFunction(value)) type = `Async${type}`;
  let base = `[${type}`;
  if (constructor === null) base += ' (null prototype)';
  base += value.name === '' ? ' (anonymous)' : `: ${value.name}`;
  base += ']';
  if (constructor !== type && constructor !== null) base += ` ${constructor}`;
  if (tag !== '' && constructor !== tag) base += ` [${tag}]`;
  return base;
}

function getClassBase(value, constructor, tag) {
  const name = (hasOwn(value, 'name') && value.name) || '(anonymous)';
  let base = `class ${name}`;
  if (constructor !== 'Function' && constructor !== null) base += ` [${constructor}]`;
  if (tag !== '' && constructor !== tag) base += ` [${tag}]`;
  if (constructor === null) {
    base += ' extends [null prototype]';
  } else {
    const superName = Object.getPrototypeOf(value).name;
    if (superName) base += ` extends ${superName}`;
  }
  return `[${base}]`;
}

function getBoxedBase(value, type, ctx, keys, constructor, tag) {
  const primitive = boxedValueOf[type].call(value);
  if (type === 'String') keys.splice(0, primitive.length); // the character indices are implied
  let base = `[${type}`;
  if (type !== constructor) base += constructor === null ? ' (null prototype)' : ` (${constructor})`;
  base += `: ${formatPrimitive(stylizeNoColor, primitive, ctx)}]`;
  if (tag !== '' && tag !== constructor) base += ` [${tag}]`;
  return base;
}

// ---- Errors ----------------------------------------------------------------------------------

// QuickJS stacks hold only the frames ("    at f (file:1:2)\n"); V8's start with "Name: message".
// Adding the header makes both print the same way.
function getStackString(err) {
  const stack = err.stack;
  if (!stack) return Error.prototype.toString.call(err);
  const str = String(stack);
  if (/^\s+at /.test(str)) return `${Error.prototype.toString.call(err)}\n${str.replace(/\n+$/, '')}`;
  return str;
}

function formatError(err, constructor, tag, ctx, keys) {
  const name = err.name != null ? String(err.name) : 'Error';
  let stack = getStackString(err);
  removeDuplicateErrorKeys(ctx, keys, err, stack);
  if ('cause' in err && !keys.includes('cause')) keys.push('cause');
  if (Array.isArray(err.errors) && !keys.includes('errors')) keys.push('errors');
  stack = improveStack(stack, constructor, name, tag);

  // The frames start after the message (which may itself contain "\n    at").
  let pos = (err.message && stack.indexOf(err.message)) || -1;
  if (pos !== -1) pos += err.message.length;
  const stackStart = stack.indexOf('\n    at', pos);
  if (stackStart === -1) {
    stack = `[${stack}]`; // no frames: bracket it like other one-line values
  } else {
    const frames = getStackFrames(ctx, err, stack.slice(stackStart + 1));
    stack = `${stack.slice(0, stackStart)}\n${frames.join('\n')}`;
  }
  if (ctx.indentationLvl !== 0) stack = stack.replaceAll('\n', `\n${' '.repeat(ctx.indentationLvl)}`);
  return stack;
}

// name, message and stack are not listed again when the stack already shows them.
function removeDuplicateErrorKeys(ctx, keys, err, stack) {
  if (ctx.showHidden || keys.length === 0) return;
  for (const name of ['name', 'message', 'stack']) {
    const index = keys.indexOf(name);
    if (index !== -1 && stack.includes(err[name])) keys.splice(index, 1);
  }
}

// Makes the first line name the actual class when the stack was written by a parent class
// ("Error: x" for a `class MyError extends Error` instance prints as "MyError: x" ...).
function improveStack(stack, constructor, name, tag) {
  let len = name.length;
  const looksRegular = name.endsWith('Error') && stack.startsWith(name) &&
    (stack.length === len || stack[len] === ':' || stack[len] === '\n');
  if (constructor !== null && !looksRegular) return stack;
  let fallback = 'Error';
  if (constructor === null) {
    const start = /^([A-Z][a-z_ A-Z0-9[\]()-]+)(?::|\n\s+at)/.exec(stack) || /^([a-z_A-Z0-9-]*Error)$/.exec(stack);
    fallback = (start && start[1]) || '';
    len = fallback.length;
    fallback = fallback || 'Error';
  }
  const prefix = getPrefix(constructor, tag, fallback).slice(0, -1);
  if (name === prefix) return stack;
  if (prefix.includes(name)) return len === 0 ? `${prefix}: ${stack}` : `${prefix}${stack.slice(len)}`;
  return `${prefix} [${name}]${stack.slice(len)}`;
}

// Frames shared with the cause's stack are summarised, as the cause is printed below.
function getStackFrames(ctx, err, framesText) {
  const frames = framesText.split('\n');
  let cause;
  try {
    cause = err.cause;
  } catch {
    return frames;
  }
  if (cause == null || !isError(cause)) return frames;
  const causeStack = getStackString(cause);
  const causeStart = causeStack.indexOf('\n    at');
  if (causeStart === -1) return frames;
  const causeFrames = causeStack.slice(causeStart + 1).split('\n');
  const { len, offset } = findSharedFrames(frames, causeFrames);
  if (len > 0) {
    const skipped = len - 2;
    frames.splice(offset + 1, skipped, ctx.stylize(`    ... ${skipped} lines matching cause stack trace ...`, 'undefined'));
  }
  return frames;
}

// The first run of more than three consecutive frames of `a` that also appear in a row in `b`.
function findSharedFrames(a, b) {
  for (let i = 0; i < a.length - 3; i++) {
    const pos = b.indexOf(a[i]);
    if (pos === -1 || b.length - pos <= 3) continue;
    const maxLen = Math.min(a.length - i, b.length - pos);
    let len = 1;
    while (len < maxLen && a[i + len] === b[pos + len]) len++;
    if (len > 3) return { len, offset: i };
  }
  return { len: 0, offset: 0 };
}

// ---- Entry formatters: each returns the list of printed entries ------------------------------

function moreItems(remaining) {
  return `... ${remaining} more item${remaining > 1 ? 's' : ''}`;
}

function emptyItems(ctx, count) {
  return ctx.stylize(`<${count} empty item${count > 1 ? 's' : ''}>`, 'undefined');
}

function formatArray(ctx, value, recurseTimes) {
  const length = value.length;
  const shown = Math.min(Math.max(0, ctx.maxArrayLength), length);
  const output = [];
  for (let i = 0; i < shown; i++) {
    if (!hasOwn(value, i)) return formatSparseArray(ctx, value, recurseTimes, shown, output, i);
    output.push(formatProperty(ctx, value, recurseTimes, i, kArrayType));
  }
  if (length > shown) output.push(moreItems(length - shown));
  return output;
}

// Runs of holes print as `<n empty items>`; each run counts as one entry against maxArrayLength.
// Walks the own keys rather than every index, as a sparse array can be huge.
function formatSparseArray(ctx, value, recurseTimes, maxEntries, output, firstHole) {
  let next = firstHole; // first index not described yet
  for (const key of Object.keys(value)) {
    if (output.length >= maxEntries || !isArrayIndex(key)) break;
    const index = Number(key);
    if (index < next) continue;
    if (index > next) {
      output.push(emptyItems(ctx, index - next));
      next = index;
      if (output.length === maxEntries) break;
    }
    output.push(formatProperty(ctx, value, recurseTimes, key, kArrayType));
    next++;
  }
  const remaining = value.length - next;
  if (remaining > 0) output.push(output.length !== maxEntries ? emptyItems(ctx, remaining) : moreItems(remaining));
  return output;
}

function formatTypedArray(ctx, value, length, recurseTimes) {
  const shown = Math.min(Math.max(0, ctx.maxArrayLength), length);
  const output = [];
  for (let i = 0; i < shown; i++) {
    const element = value[i];
    output.push(typeof element === 'bigint'
      ? formatBigInt(ctx.stylize, element, ctx.numericSeparator)
      : formatNumber(ctx.stylize, element, ctx.numericSeparator));
  }
  if (length > shown) output.push(moreItems(length - shown));
  if (ctx.showHidden) {
    // Read through the built-in getters: the array's own prototype may be gone.
    const hidden = {
      BYTES_PER_ELEMENT: globalThis[typedArrayKind(value)].BYTES_PER_ELEMENT,
      length,
      byteLength: getterOf(TypedArrayPrototype, 'byteLength').call(value),
      byteOffset: getterOf(TypedArrayPrototype, 'byteOffset').call(value),
      buffer: getterOf(TypedArrayPrototype, 'buffer').call(value),
    };
    ctx.indentationLvl += 2;
    for (const key of Object.keys(hidden)) {
      output.push(`[${key}]: ${formatValue(ctx, hidden[key], recurseTimes, true)}`);
    }
    ctx.indentationLvl -= 2;
  }
  return output;
}

function hexBytes(bytes, count) {
  let str = '';
  for (let i = 0; i < count; i++) str += `${i === 0 ? '' : ' '}${bytes[i].toString(16).padStart(2, '0')}`;
  return str;
}

function formatArrayBuffer(ctx, value) {
  let bytes;
  try {
    bytes = new Uint8Array(value);
  } catch {
    return [ctx.stylize('(detached)', 'special')];
  }
  let str = hexBytes(bytes, Math.min(ctx.maxArrayLength, bytes.length));
  const remaining = bytes.length - ctx.maxArrayLength;
  if (remaining > 0) str += ` ... ${remaining} more byte${remaining > 1 ? 's' : ''}`;
  return [`${ctx.stylize('[Uint8Contents]', 'special')}: <${str}>`];
}

function formatSet(ctx, value, recurseTimes) {
  const size = getterOf(Set.prototype, 'size').call(value);
  const shown = Math.min(Math.max(0, ctx.maxArrayLength), size);
  const output = [];
  ctx.indentationLvl += 2;
  for (const entry of Set.prototype.values.call(value)) {
    if (output.length >= shown) break;
    output.push(formatValue(ctx, entry, recurseTimes));
  }
  if (size > shown) output.push(moreItems(size - shown));
  ctx.indentationLvl -= 2;
  return output;
}

function formatMap(ctx, value, recurseTimes) {
  const size = getterOf(Map.prototype, 'size').call(value);
  const shown = Math.min(Math.max(0, ctx.maxArrayLength), size);
  const output = [];
  ctx.indentationLvl += 2;
  for (const [k, v] of Map.prototype.entries.call(value)) {
    if (output.length >= shown) break;
    output.push(`${formatValue(ctx, k, recurseTimes)} => ${formatValue(ctx, v, recurseTimes)}`);
  }
  if (size > shown) output.push(moreItems(size - shown));
  ctx.indentationLvl -= 2;
  return output;
}

// A promise's state is internal to the engine; QuickJS offers no way to read it synchronously.
function formatPromise(ctx) {
  return [ctx.stylize('<pending>', 'special')];
}

function formatUnknownItems(ctx) {
  return [ctx.stylize('<items unknown>', 'special')];
}

// `desc` and `receiver` are given for properties found on a prototype (see addPrototypeProperties).
function formatProperty(ctx, value, recurseTimes, key, type, desc, receiver = value) {
  desc = desc || Object.getOwnPropertyDescriptor(value, key) || { value: value[key], enumerable: true };
  let str;
  let separator = ' ';
  if (desc.value !== undefined) {
    const diff = ctx.compact !== true || type !== kObjectType ? 2 : 3;
    ctx.indentationLvl += diff;
    str = formatValue(ctx, desc.value, recurseTimes);
    if (diff === 3 && ctx.breakLength < getStringWidth(str)) {
      separator = `\n${' '.repeat(ctx.indentationLvl)}`;
    }
    ctx.indentationLvl -= diff;
  } else if (desc.get !== undefined) {
    str = formatAccessor(ctx, receiver, recurseTimes, desc);
  } else if (desc.set !== undefined) {
    str = ctx.stylize('[Setter]', 'special');
  } else {
    str = ctx.stylize('undefined', 'undefined');
  }
  if (type === kArrayType) return str;
  return `${formatKey(ctx, key, desc)}:${separator}${str}`;
}

// `[Getter]`, or with the `getters` option the value the getter returns.
function formatAccessor(ctx, value, recurseTimes, desc) {
  const label = desc.set !== undefined ? 'Getter/Setter' : 'Getter';
  const s = ctx.stylize;
  const wanted = ctx.getters && (ctx.getters === true ||
    (ctx.getters === 'get' && desc.set === undefined) ||
    (ctx.getters === 'set' && desc.set !== undefined));
  if (!wanted) return s(`[${label}]`, 'special');
  try {
    const result = desc.get.call(value);
    ctx.indentationLvl += 2;
    let str;
    if (result === null) str = `${s(`[${label}:`, 'special')} ${s('null', 'null')}${s(']', 'special')}`;
    else if (typeof result === 'object') str = `${s(`[${label}]`, 'special')} ${formatValue(ctx, result, recurseTimes)}`;
    else str = `${s(`[${label}:`, 'special')} ${formatPrimitive(s, result, ctx)}${s(']', 'special')}`;
    ctx.indentationLvl -= 2;
    return str;
  } catch (err) {
    return s(`[${label}: <Inspection threw (${err && err.message})>]`, 'special');
  }
}

function formatKey(ctx, key, desc) {
  if (typeof key === 'symbol') {
    return `[${ctx.stylize(escapeString(Symbol.prototype.toString.call(key), 39), 'symbol')}]`;
  }
  if (key === '__proto__') return "['__proto__']";
  if (desc.enumerable === false) return `[${escapeString(String(key), 39)}]`;
  if (/^[a-zA-Z_][a-zA-Z_0-9]*$/.test(key)) return ctx.stylize(key, 'name');
  return ctx.stylize(quoteString(String(key)), 'string');
}

// ---- Buffers ---------------------------------------------------------------------------------
// Node's Buffer prints itself through inspect.custom; this covers a Buffer implementation that
// does not define one, with the same output.

const kBufferInspectMaxBytes = 50;

function isBufferWithoutInspector(value) {
  if (!types.isUint8Array(value)) return false;
  const ctor = value.constructor;
  return typeof ctor === 'function' && ctor.name === 'Buffer';
}

function formatBuffer(ctx, value) {
  const length = typedArrayLength.call(value);
  let str = hexBytes(value, Math.min(kBufferInspectMaxBytes, length));
  const remaining = length - kBufferInspectMaxBytes;
  if (remaining > 0) str += ` ... ${remaining} more byte${remaining > 1 ? 's' : ''}`;
  const extraKeys = length > kMaxTypedArrayKeyScan ? [] : nonIndexKeys(value, ctx.showHidden);
  if (extraKeys.length > 0) {
    const extras = Object.create(null);
    for (const key of extraKeys) extras[key] = value[key];
    const shown = inspect(extras, { ...pickOptions(ctx), breakLength: Infinity, compact: true });
    // Drop the '[Object: null prototype] {' opening and ' }' closing.
    str += `${length !== 0 ? ', ' : ''}${shown.slice(27, -2)}`;
  }
  return `<${value.constructor.name} ${str}>`;
}

// ---- Layout ----------------------------------------------------------------------------------

function isBelowBreakLength(ctx, output, start, base) {
  // Each entry adds at least a separator.
  let totalLength = output.length + start;
  if (totalLength + output.length > ctx.breakLength) return false;
  for (const entry of output) {
    totalLength += entry.length;
    if (totalLength > ctx.breakLength) return false;
  }
  return base === '' || !base.includes('\n');
}

// Puts entries on one line when they fit; with a numeric `compact`, only objects whose nesting
// below them is shallower than `compact` levels are considered for a single line.
function reduceToSingleString(ctx, output, base, braces, extrasType, recurseTimes, value) {
  if (ctx.compact !== true) {
    if (typeof ctx.compact === 'number' && ctx.compact >= 1) {
      const entries = output.length;
      if (extrasType === kArrayExtrasType && entries > 6) output = groupArrayElements(ctx, output, value);
      // Grouped entries keep their own lines.
      if (ctx.currentDepth - recurseTimes < ctx.compact && entries === output.length) {
        const start = output.length + ctx.indentationLvl + braces[0].length + base.length + 10;
        if (isBelowBreakLength(ctx, output, start, base)) {
          const joined = output.join(', ');
          if (!joined.includes('\n')) return `${base ? `${base} ` : ''}${braces[0]} ${joined} ${braces[1]}`;
        }
      }
    }
    const indentation = `\n${' '.repeat(ctx.indentationLvl)}`;
    return `${base ? `${base} ` : ''}${braces[0]}${indentation}  ${output.join(`,${indentation}  `)}${indentation}${braces[1]}`;
  }
  // compact === true: as many entries per line as fit, closing brace on the last line.
  if (isBelowBreakLength(ctx, output, 0, base)) {
    return `${braces[0]}${base ? ` ${base}` : ''} ${output.join(', ')} ${braces[1]}`;
  }
  const indentation = ' '.repeat(ctx.indentationLvl);
  const lineStart = base === '' && braces[0].length === 1 ? ' ' : `${base ? ` ${base}` : ''}\n${indentation}  `;
  return `${braces[0]}${lineStart}${output.join(`,\n${indentation}  `)} ${braces[1]}`;
}

// Lays out many short array entries in aligned columns (numbers right-aligned, others left).
function groupArrayElements(ctx, output, value) {
  const separatorSpace = 2; // ', '
  // A trailing '... more items' entry is not part of the grid.
  const entryCount = ctx.maxArrayLength < output.length ? output.length - 1 : output.length;
  const widths = [];
  let totalLength = 0;
  let maxLength = 0;
  for (let i = 0; i < entryCount; i++) {
    const width = getStringWidth(output[i]);
    widths.push(width);
    totalLength += width + separatorSpace;
    if (maxLength < width) maxLength = width;
  }
  const actualMax = maxLength + separatorSpace;
  // Group only when three columns fit and entries are of similar length (no entry is longer than
  // a fifth of all the others together, unless all are short).
  if (actualMax * 3 + ctx.indentationLvl >= ctx.breakLength ||
      (totalLength / actualMax <= 5 && maxLength > 6)) {
    return output;
  }
  // Aim at a roughly square block, counting a character as 2.5 times higher than wide, with a bias
  // toward more columns when entries are shorter than the longest one.
  const averageBias = Math.sqrt(actualMax - totalLength / output.length);
  const biasedMax = Math.max(actualMax - 3 - averageBias, 1);
  const columns = Math.min(
    Math.round(Math.sqrt(2.5 * biasedMax * entryCount) / biasedMax),
    Math.floor((ctx.breakLength - ctx.indentationLvl) / actualMax),
    ctx.compact * 4,
    15,
  );
  if (columns <= 1) return output;

  const columnWidths = [];
  for (let column = 0; column < columns; column++) {
    let width = 0;
    for (let j = column; j < output.length; j += columns) if (widths[j] > width) width = widths[j];
    columnWidths.push(width + separatorSpace);
  }
  let alignRight = true;
  if (value !== undefined) {
    for (let i = 0; i < output.length; i++) {
      if (typeof value[i] !== 'number' && typeof value[i] !== 'bigint') {
        alignRight = false;
        break;
      }
    }
  }
  const pad = (str, width) => (alignRight ? str.padStart(width, ' ') : str.padEnd(width, ' '));
  const grouped = [];
  for (let i = 0; i < entryCount; i += columns) {
    const end = Math.min(i + columns, entryCount);
    let line = '';
    for (let j = i; j < end - 1; j++) {
      // padStart/padEnd count UTF-16 units, so correct the target width for wide characters.
      line += pad(`${output[j]}, `, columnWidths[j - i] + output[j].length - widths[j]);
    }
    const last = end - 1;
    line += alignRight
      ? output[last].padStart(columnWidths[last - i] + output[last].length - widths[last] - separatorSpace, ' ')
      : output[last];
    grouped.push(line);
  }
  if (entryCount < output.length) grouped.push(output[entryCount]);
  return grouped;
}

// ---------------------------------------------------------------------------------------------
// format

// ECMAScript's own constructors: `%s` inspects objects whose toString comes from one of these
// (an Error, a plain object) and calls toString on anything else (a Buffer, a URL, a user class).
const builtInConstructors = new Set([
  'Object', 'Function', 'Array', 'Number', 'Boolean', 'String', 'Symbol', 'BigInt', 'Date',
  'Promise', 'RegExp', 'Error', 'AggregateError', 'EvalError', 'RangeError', 'ReferenceError',
  'SyntaxError', 'TypeError', 'URIError', 'ArrayBuffer', 'SharedArrayBuffer', 'DataView', 'Map',
  'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'FinalizationRegistry', 'Proxy', 'Uint8Array',
  'Uint8ClampedArray', 'Uint16Array', 'Uint32Array', 'Int8Array', 'Int16Array', 'Int32Array',
  'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
]);

function hasBuiltInToString(value) {
  if (typeof value.toString !== 'function') return true;
  if (hasOwn(value, 'toString')) return false;
  let holder = value;
  do {
    holder = Object.getPrototypeOf(holder);
  } while (!hasOwn(holder, 'toString'));
  const desc = Object.getOwnPropertyDescriptor(holder, 'constructor');
  return desc !== undefined && typeof desc.value === 'function' && builtInConstructors.has(desc.value.name);
}

function stringifyJSON(value) {
  try {
    return JSON.stringify(value);
  } catch (err) {
    // V8 says "Converting circular structure to JSON", QuickJS "circular reference".
    if (err instanceof TypeError && /circular/i.test(err.message)) return '[Circular]';
    throw err;
  }
}

// The text for one `%x` placeholder given its argument.
function formatPlaceholder(letter, arg, inspectOptions) {
  const noColor = stylizeNoColor;
  switch (letter) {
    case 's':
      if (typeof arg === 'number') return formatNumber(noColor, arg, false);
      if (typeof arg === 'bigint') return formatBigInt(noColor, arg, false);
      if (typeof arg !== 'object' || arg === null || !hasBuiltInToString(arg)) return String(arg);
      return inspect(arg, { ...inspectOptions, depth: 0, colors: false, compact: 3 });
    case 'j':
      return String(stringifyJSON(arg)); // JSON.stringify(undefined) is undefined, printed as such
    case 'd':
      if (typeof arg === 'bigint') return formatBigInt(noColor, arg, false);
      if (typeof arg === 'symbol') return 'NaN';
      return formatNumber(noColor, Number(arg), false);
    case 'i':
      if (typeof arg === 'bigint') return formatBigInt(noColor, arg, false);
      if (typeof arg === 'symbol') return 'NaN';
      return formatNumber(noColor, Number.parseInt(arg), false);
    case 'f':
      if (typeof arg === 'symbol') return 'NaN';
      return formatNumber(noColor, Number.parseFloat(arg), false);
    case 'O':
      return inspect(arg, inspectOptions);
    case 'o':
      return inspect(arg, { ...inspectOptions, showHidden: true, showProxy: true, depth: 4 });
    case 'c':
      return ''; // CSS has no meaning outside a browser console
    default:
      return undefined;
  }
}

function formatWithOptionsInternal(inspectOptions, args) {
  const first = args[0];
  let argIndex = 0;
  let str = '';
  let join = '';
  if (typeof first === 'string') {
    if (args.length === 1) return first;
    let lastPos = 0; // start of the text not copied to `str` yet
    for (let i = 0; i < first.length - 1; i++) {
      if (first.charCodeAt(i) !== 37) continue; // '%'
      const letter = first[++i];
      if (letter === '%') {
        // '%%' is a literal '%' whether or not arguments remain.
        str += first.slice(lastPos, i);
        lastPos = i + 1;
        continue;
      }
      if (argIndex + 1 === args.length) continue; // no argument left: the placeholder stays as is
      const text = formatPlaceholder(letter, args[argIndex + 1], inspectOptions);
      if (text === undefined) continue; // not a placeholder
      argIndex++;
      str += first.slice(lastPos, i - 1) + text;
      lastPos = i + 1;
    }
    if (lastPos !== 0) {
      argIndex++;
      join = ' ';
      if (lastPos < first.length) str += first.slice(lastPos);
    }
  }
  // Arguments without a placeholder follow, separated by spaces; strings as they are.
  for (; argIndex < args.length; argIndex++) {
    const value = args[argIndex];
    str += join + (typeof value !== 'string' ? inspect(value, inspectOptions) : value);
    join = ' ';
  }
  return str;
}

function format(...args) {
  return formatWithOptionsInternal(undefined, args);
}

function formatWithOptions(inspectOptions, ...args) {
  if (typeof inspectOptions !== 'object' || inspectOptions === null) {
    throw invalidArgType('inspectOptions', 'object', inspectOptions);
  }
  return formatWithOptionsInternal(inspectOptions, args);
}

// ---------------------------------------------------------------------------------------------
// inspect's static properties

Object.defineProperty(inspect, 'custom', { value: customInspectSymbol, enumerable: false });
Object.defineProperty(inspect, 'defaultOptions', {
  get() {
    return inspectDefaultOptions;
  },
  set(options) {
    if (typeof options !== 'object' || options === null) throw invalidArgType('options', 'object', options);
    Object.assign(inspectDefaultOptions, options);
  },
});
// Kept for libraries that read or extend them; output is never coloured in kvm.
inspect.colors = Object.assign(Object.create(null), {
  reset: [0, 0], bold: [1, 22], dim: [2, 22], italic: [3, 23], underline: [4, 24], blink: [5, 25],
  inverse: [7, 27], hidden: [8, 28], strikethrough: [9, 29], doubleunderline: [21, 24],
  black: [30, 39], red: [31, 39], green: [32, 39], yellow: [33, 39], blue: [34, 39],
  magenta: [35, 39], cyan: [36, 39], white: [37, 39], bgBlack: [40, 49], bgRed: [41, 49],
  bgGreen: [42, 49], bgYellow: [43, 49], bgBlue: [44, 49], bgMagenta: [45, 49], bgCyan: [46, 49],
  bgWhite: [47, 49], framed: [51, 54], overlined: [53, 55], gray: [90, 39], grey: [90, 39],
});
inspect.styles = Object.assign(Object.create(null), {
  special: 'cyan', number: 'yellow', bigint: 'yellow', boolean: 'yellow', undefined: 'grey',
  null: 'bold', string: 'green', symbol: 'green', date: 'magenta', regexp: 'red', module: 'underline',
});

// ---------------------------------------------------------------------------------------------
// promisify / callbackify / inherits / deprecate

function promisify(original) {
  validateFunction(original, 'original');
  const custom = original[customPromisifySymbol];
  if (custom) {
    validateFunction(custom, 'util.promisify.custom');
    return Object.defineProperty(custom, customPromisifySymbol, {
      value: custom, enumerable: false, writable: false, configurable: true,
    });
  }
  function fn(...args) {
    return new Promise((resolve, reject) => {
      args.push((err, ...values) => (err ? reject(err) : resolve(values[0])));
      Reflect.apply(original, this, args);
    });
  }
  Object.setPrototypeOf(fn, Object.getPrototypeOf(original));
  Object.defineProperty(fn, customPromisifySymbol, {
    value: fn, enumerable: false, writable: false, configurable: true,
  });
  return Object.defineProperties(fn, Object.getOwnPropertyDescriptors(original));
}
promisify.custom = customPromisifySymbol;

// Like process.nextTick: the callback runs outside the promise chain, so what it throws is an
// uncaught exception rather than a rejection nobody handles.
function runSoon(fn, ...args) {
  if (typeof process === 'object' && process !== null && typeof process.nextTick === 'function') {
    process.nextTick(fn, ...args);
  } else if (typeof queueMicrotask === 'function') {
    queueMicrotask(() => fn(...args));
  } else {
    Promise.resolve().then(() => fn(...args));
  }
}

function callbackify(original) {
  validateFunction(original, 'original');
  function callbackified(...args) {
    const maybeCb = args.pop();
    validateFunction(maybeCb, 'last argument');
    const cb = maybeCb.bind(this);
    Reflect.apply(original, this, args).then(
      (ret) => runSoon(cb, null, ret),
      (reason) => runSoon(cb, reason || falsyRejection(reason)),
    );
  }
  const descriptors = Object.getOwnPropertyDescriptors(original);
  if (typeof descriptors.length?.value === 'number') descriptors.length.value++;
  if (typeof descriptors.name?.value === 'string') descriptors.name.value += 'Callbackified';
  return Object.defineProperties(callbackified, descriptors);
}

// A callback's `err` must be truthy, so a promise rejected with a falsy value gets an Error.
function falsyRejection(reason) {
  const err = new Error('Promise was rejected with falsy value');
  err.code = 'ERR_FALSY_VALUE_REJECTION';
  err.reason = reason;
  return err;
}

function inherits(ctor, superCtor) {
  if (ctor === undefined || ctor === null) throw invalidArgType('ctor', 'function', ctor);
  if (superCtor === undefined || superCtor === null) throw invalidArgType('superCtor', 'function', superCtor);
  if (superCtor.prototype === undefined) {
    throw invalidArgType('superCtor.prototype', 'object', superCtor.prototype);
  }
  Object.defineProperty(ctor, 'super_', { value: superCtor, writable: true, configurable: true });
  Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
}

const warnedDeprecationCodes = new Set();

function emitDeprecation(msg, code, deprecated) {
  const proc = typeof process === 'object' && process !== null ? process : undefined;
  if (proc && typeof proc.emitWarning === 'function') {
    if (code !== undefined) proc.emitWarning(msg, 'DeprecationWarning', code, deprecated);
    else proc.emitWarning(msg, 'DeprecationWarning', deprecated);
  } else if (typeof console === 'object' && console !== null) {
    console.error(`(node) ${code !== undefined ? `[${code}] ` : ''}DeprecationWarning: ${msg}`);
  }
}

function deprecate(fn, msg, code) {
  if (typeof process === 'object' && process !== null && process.noDeprecation === true) return fn;
  if (code !== undefined && typeof code !== 'string') throw invalidArgType('code', 'string', code);
  let warned = false;
  function deprecated(...args) {
    if (!warned) {
      warned = true;
      // One warning per code, even across different deprecated functions.
      if (code === undefined || !warnedDeprecationCodes.has(code)) {
        if (code !== undefined) warnedDeprecationCodes.add(code);
        emitDeprecation(msg, code, deprecated);
      }
    }
    if (new.target) return Reflect.construct(fn, args, new.target);
    return Reflect.apply(fn, this, args);
  }
  Object.setPrototypeOf(deprecated, fn);
  if (fn.prototype) deprecated.prototype = fn.prototype;
  return deprecated;
}

function debuglog() {
  const logger = () => {};
  Object.defineProperty(logger, 'enabled', { get: () => false, configurable: true, enumerable: true });
  return logger;
}

// ---------------------------------------------------------------------------------------------
// isDeepStrictEqual (assert.deepStrictEqual's comparison)

function isDeepStrictEqual(a, b) {
  return deepEqual(a, b, new Map());
}

function enumerableOwnKeys(obj) {
  return getKeys(obj, false);
}

function deepEqual(a, b, memo) {
  if (Object.is(a, b)) return true;
  if (!isObjectLike(a) || !isObjectLike(b) || typeof a !== typeof b) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (objectToString(a) !== objectToString(b)) return false;
  // A pair already being compared higher up is assumed equal (cycles).
  let seen = memo.get(a);
  if (seen === undefined) memo.set(a, (seen = new Set()));
  if (seen.has(b)) return true;
  seen.add(b);
  return sameInternals(a, b, memo) && sameOwnProperties(a, b, memo);
}

// What objects of a built-in kind hold beyond their properties.
function sameInternals(a, b, memo) {
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length;
  if (types.isDate(a)) return types.isDate(b) && Date.prototype.getTime.call(a) === Date.prototype.getTime.call(b);
  if (types.isRegExp(a)) {
    return types.isRegExp(b) && a.source === b.source && a.flags === b.flags && a.lastIndex === b.lastIndex;
  }
  if (isError(a)) return isError(b) && a.message === b.message && a.name === b.name;
  if (types.isBoxedPrimitive(a)) return Object.is(a.valueOf(), b.valueOf());
  if (ArrayBuffer.isView(a)) {
    if (!ArrayBuffer.isView(b) || typedArrayKind(a) !== typedArrayKind(b) || a.byteLength !== b.byteLength) return false;
    return sameBytes(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
  }
  if (types.isAnyArrayBuffer(a)) return a.byteLength === b.byteLength && sameBytes(new Uint8Array(a), new Uint8Array(b));
  if (types.isSet(a)) return types.isSet(b) && sameSetEntries(a, b, memo);
  if (types.isMap(a)) return types.isMap(b) && sameMapEntries(a, b, memo);
  return true;
}

function sameBytes(x, y) {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

function sameOwnProperties(a, b, memo) {
  // Typed arrays compared their bytes already; only their extra keys are left.
  const keysOf = ArrayBuffer.isView(a) && !types.isDataView(a)
    ? (obj) => nonIndexKeys(obj, false)
    : enumerableOwnKeys;
  const keysA = keysOf(a);
  if (keysA.length !== keysOf(b).length) return false;
  for (const key of keysA) {
    if (!hasOwn(b, key) || !isEnumerable(b, key)) return false;
    if (!deepEqual(a[key], b[key], memo)) return false;
  }
  return true;
}

// Each object entry of `a` needs its own deep-equal partner in `b`.
function sameSetEntries(a, b, memo) {
  if (a.size !== b.size) return false;
  let unmatched = null;
  for (const value of a) {
    if (isObjectLike(value)) {
      (unmatched ||= []).push(value);
    } else if (!b.has(value)) {
      return false;
    }
  }
  if (unmatched === null) return true;
  const candidates = [...b].filter((value) => isObjectLike(value) && !a.has(value));
  for (const value of unmatched) {
    if (b.has(value)) continue;
    const index = candidates.findIndex((candidate) => deepEqual(value, candidate, memo));
    if (index === -1) return false;
    candidates.splice(index, 1);
  }
  return true;
}

function sameMapEntries(a, b, memo) {
  if (a.size !== b.size) return false;
  const unmatched = [];
  for (const [key, value] of a) {
    if (b.has(key)) {
      if (!deepEqual(value, b.get(key), memo)) return false;
    } else if (isObjectLike(key)) {
      unmatched.push([key, value]);
    } else {
      return false;
    }
  }
  if (unmatched.length === 0) return true;
  const candidates = [...b].filter(([key]) => isObjectLike(key) && !a.has(key));
  for (const [key, value] of unmatched) {
    const index = candidates.findIndex(([k, v]) => deepEqual(key, k, memo) && deepEqual(value, v, memo));
    if (index === -1) return false;
    candidates.splice(index, 1);
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Small helpers and legacy predicates still present in Node 20

function stripVTControlCharacters(str) {
  if (typeof str !== 'string') throw invalidArgType('str', 'string', str);
  // eslint-disable-next-line no-control-regex
  return str.replace(/[\u001B\u009B][[\]()#;?]*(?:(?:(?:(?:;[-a-zA-Z\d/#&.:=?%@~_]+)*|[a-zA-Z\d]+(?:;[-a-zA-Z\d/#&.:=?%@~_]*)*)?\u0007)|(?:(?:\d{1,4}(?:;\d{0,4})*)?[\dA-PR-TZcf-ntqry=><~]))/g, '');
}

function toUSVString(str) {
  return String(str).replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

function extend(target, source) {
  if (source === null || typeof source !== 'object') return target;
  for (const key of Object.keys(source)) target[key] = source[key];
  return target;
}

function isBuffer(value) {
  const B = typeof Buffer === 'function' ? Buffer : undefined;
  if (B && typeof B.isBuffer === 'function') return B.isBuffer(value);
  return isBufferWithoutInspector(value);
}

function log(...args) {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  console.log('%s - %s', `${d.getDate()} ${months[d.getMonth()]} ${time}`, format(...args));
}

module.exports = {
  _extend: extend,
  callbackify,
  debug: debuglog,
  debuglog,
  deprecate,
  format,
  formatWithOptions,
  inherits,
  inspect,
  isArray: Array.isArray,
  isBoolean: (value) => typeof value === 'boolean',
  isBuffer,
  isDate: types.isDate,
  isDeepStrictEqual,
  isError,
  isFunction: (value) => typeof value === 'function',
  isNull: (value) => value === null,
  isNullOrUndefined: (value) => value === null || value === undefined,
  isNumber: (value) => typeof value === 'number',
  isObject: (value) => value !== null && typeof value === 'object',
  isPrimitive: (value) => value === null || (typeof value !== 'object' && typeof value !== 'function'),
  isRegExp: types.isRegExp,
  isString: (value) => typeof value === 'string',
  isSymbol: (value) => typeof value === 'symbol',
  isUndefined: (value) => value === undefined,
  log,
  promisify,
  stripVTControlCharacters,
  toUSVString,
  types,
};

// Looked up when read: the host may install these globals after this module loads.
for (const name of ['TextEncoder', 'TextDecoder']) {
  Object.defineProperty(module.exports, name, {
    get: () => globalThis[name],
    enumerable: true,
    configurable: true,
  });
}
