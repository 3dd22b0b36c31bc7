'use strict';
// WHATWG ReadableStream with its default controller and reader: underlying sources (start, pull,
// cancel), queuing strategies, tee(), async iteration, ReadableStream.from() and a pipeTo() for
// writable streams of the standard's shape. Errors carry Node 20's classes, codes and messages.
//
// The algorithms follow the Streams standard step by step (its names are used below), so promises
// settle in the standard's order, which is Node's too except that Node's tee() closes its branches
// one process.nextTick late. Each public object holds a plain internal record; the functions work
// on records. Byte streams (`type: 'bytes'`) are accepted but behave as default streams of
// Uint8Array chunks: there is no BYOB reader.

const {
  internals: { nodeError, invalidArgType, invalidThis, quoteString, validateAbortSignal },
} = require('internal/event_target');
const { inspectCustom, makeEnumerable, defineToStringTag } = require('internal/fetch/util');

const kCreate = Symbol('kCreate'); // lets this module build controllers, which scripts cannot
const noop = () => {};

// The standard's "upon fulfilment" of an already-resolved promise is one microtask later: the same
// as queueMicrotask, which costs a tenth of a promise reaction under QuickJS.
const microtask = typeof queueMicrotask === 'function' ? queueMicrotask : (fn) => Promise.resolve().then(fn);

function invalidState(what) {
  return nodeError(TypeError, 'ERR_INVALID_STATE', `Invalid state: ${what}`);
}

function describeValue(value) {
  return typeof value === 'string' ? quoteString(value) : String(value);
}

function invalidArgValue(name, value, Base = TypeError) {
  return nodeError(Base, 'ERR_INVALID_ARG_VALUE', `The property '${name}' is invalid. Received ${describeValue(value)}`);
}

// A promise with its settle functions; rejections are marked handled (the standard's
// [[PromiseIsHandled]]) so an unobserved `closed` never reports an unhandled rejection.
function deferred() {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(noop);
  return { promise, resolve, reject };
}

// Calls an underlying-source method, turning its result or exception into a promise.
function promiseCall(fn, thisArg, arg) {
  try {
    return Promise.resolve(fn.call(thisArg, arg));
  } catch (error) {
    return Promise.reject(error);
  }
}

// A FIFO with O(1) shift (Array#shift moves every element).
class Queue {
  items = [];
  head = 0;

  get length() {
    return this.items.length - this.head;
  }

  push(item) {
    this.items.push(item);
  }

  shift() {
    const item = this.items[this.head];
    this.items[this.head++] = undefined;
    if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}

// ---------------------------------------------------------------------------------------------------
// Streams (records: { object, state, reader, storedError, disturbed, controller })

function isLocked(stream) {
  return stream.reader !== undefined;
}

// ReadableStreamClose
function streamClose(stream) {
  stream.state = 'closed';
  const reader = stream.reader;
  if (reader === undefined) return;
  settleClosed(reader, 'resolved', undefined);
  const requests = reader.readRequests;
  reader.readRequests = [];
  for (const request of requests) request.close();
}

// ReadableStreamError
function streamError(stream, error) {
  stream.state = 'errored';
  stream.storedError = error;
  const reader = stream.reader;
  if (reader === undefined) return;
  settleClosed(reader, 'rejected', error);
  const requests = reader.readRequests;
  reader.readRequests = [];
  for (const request of requests) request.error(error);
}

// ReadableStreamCancel
function streamCancel(stream, reason) {
  stream.disturbed = true;
  if (stream.state === 'closed') return Promise.resolve(undefined);
  if (stream.state === 'errored') return Promise.reject(stream.storedError);
  streamClose(stream);
  return controllerCancelSteps(stream.controller, reason).then(noop);
}

// ReadableStreamFulfillReadRequest
function fulfillReadRequest(stream, chunk, done) {
  const request = stream.reader.readRequests.shift();
  if (done) request.close();
  else request.chunk(chunk);
}

function pendingReads(stream) {
  return stream.reader === undefined ? 0 : stream.reader.readRequests.length;
}

// ---------------------------------------------------------------------------------------------------
// Default controller (records: { object, stream, queue, queueTotalSize, started, closeRequested,
// pulling, pullAgain, strategySize, highWaterMark, byteStream, source, pull, cancel, onPulled,
// onPullFailed }). The standard's pull and cancel algorithms are the source's methods, called on
// the source; a null strategySize counts each chunk as 1.

const RESOLVED = Promise.resolve(undefined);

function canCloseOrEnqueue(controller) {
  return !controller.closeRequested && controller.stream.state === 'readable';
}

function desiredSize(controller) {
  const { state } = controller.stream;
  if (state === 'errored') return null;
  if (state === 'closed') return 0;
  return controller.highWaterMark - controller.queueTotalSize;
}

function shouldCallPull(controller) {
  if (!canCloseOrEnqueue(controller) || !controller.started) return false;
  const stream = controller.stream;
  if (isLocked(stream) && pendingReads(stream) > 0) return true;
  return desiredSize(controller) > 0;
}

// ReadableStreamDefaultControllerCallPullIfNeeded
function callPullIfNeeded(controller) {
  if (!shouldCallPull(controller)) return;
  if (controller.pulling) {
    controller.pullAgain = true;
    return;
  }
  controller.pulling = true;
  const pulled = controller.pull === undefined ? RESOLVED
    : promiseCall(controller.pull, controller.source, controller.object);
  if (controller.onPulled === null) {
    controller.onPulled = () => {
      controller.pulling = false;
      if (controller.pullAgain) {
        controller.pullAgain = false;
        callPullIfNeeded(controller);
      }
    };
    controller.onPullFailed = (error) => controllerError(controller, error);
  }
  pulled.then(controller.onPulled, controller.onPullFailed);
}

function clearAlgorithms(controller) {
  controller.pull = undefined;
  controller.cancel = undefined;
  controller.strategySize = null;
  controller.source = undefined;
}

function resetQueue(controller) {
  controller.queue = new Queue();
  controller.queueTotalSize = 0;
}

function controllerClose(controller) {
  controller.closeRequested = true;
  if (controller.queue.length === 0) {
    clearAlgorithms(controller);
    streamClose(controller.stream);
  }
}

function controllerError(controller, error) {
  if (controller.stream.state !== 'readable') return;
  resetQueue(controller);
  clearAlgorithms(controller);
  streamError(controller.stream, error);
}

function chunkSize(controller, chunk) {
  let size;
  try {
    size = controller.strategySize === null ? 1 : Number(controller.strategySize(chunk));
    if (!(size >= 0) || size === Infinity) {
      throw nodeError(RangeError, 'ERR_INVALID_ARG_VALUE', `The property 'size' is invalid. Received ${size}`);
    }
  } catch (error) {
    controllerError(controller, error);
    throw error;
  }
  return size;
}

// ReadableStreamDefaultControllerEnqueue
function controllerEnqueue(controller, chunk) {
  const stream = controller.stream;
  if (isLocked(stream) && pendingReads(stream) > 0) {
    fulfillReadRequest(stream, chunk, false);
  } else {
    const size = chunkSize(controller, chunk);
    controller.queue.push({ value: chunk, size });
    controller.queueTotalSize += size;
  }
  callPullIfNeeded(controller);
}

// [[CancelSteps]]
function controllerCancelSteps(controller, reason) {
  resetQueue(controller);
  const result = controller.cancel === undefined ? RESOLVED
    : promiseCall(controller.cancel, controller.source, reason);
  clearAlgorithms(controller);
  return result;
}

// [[PullSteps]]
function controllerPullSteps(controller, request) {
  const stream = controller.stream;
  if (controller.queue.length > 0) {
    const { value, size } = controller.queue.shift();
    controller.queueTotalSize = Math.max(0, controller.queueTotalSize - size);
    if (controller.closeRequested && controller.queue.length === 0) {
      clearAlgorithms(controller);
      streamClose(stream);
    } else {
      callPullIfNeeded(controller);
    }
    request.chunk(value);
  } else {
    stream.reader.readRequests.push(request);
    callPullIfNeeded(controller);
  }
}

function controllerRecord(self) {
  const record = self !== null && typeof self === 'object' ? controllerRecords.get(self) : undefined;
  if (record === undefined) throw invalidThis('ReadableStreamDefaultController');
  return record;
}

const controllerRecords = new WeakMap();

class ReadableStreamDefaultController {
  constructor(token) {
    if (token !== kCreate) throw nodeError(TypeError, 'ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor');
  }

  get desiredSize() {
    return desiredSize(controllerRecord(this));
  }

  close() {
    const controller = controllerRecord(this);
    if (!canCloseOrEnqueue(controller)) throw invalidState('Controller is already closed');
    controllerClose(controller);
  }

  enqueue(chunk = undefined) {
    const controller = controllerRecord(this);
    if (!canCloseOrEnqueue(controller)) throw invalidState('Controller is already closed');
    if (controller.byteStream) {
      if (!ArrayBuffer.isView(chunk)) throw invalidArgType('chunk', 'an instance of ArrayBufferView', chunk);
      chunk = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    }
    controllerEnqueue(controller, chunk);
  }

  error(error = undefined) {
    controllerError(controllerRecord(this), error);
  }
}

makeEnumerable(ReadableStreamDefaultController.prototype, ['desiredSize', 'close', 'enqueue', 'error']);
defineToStringTag(ReadableStreamDefaultController, 'ReadableStreamDefaultController');

// SetUpReadableStreamDefaultController
function setUpController(stream, source, methods, highWaterMark, strategySize, byteStream) {
  const object = new ReadableStreamDefaultController(kCreate);
  const controller = {
    object,
    stream,
    queue: new Queue(),
    queueTotalSize: 0,
    started: false,
    closeRequested: false,
    pulling: false,
    pullAgain: false,
    strategySize,
    highWaterMark,
    byteStream,
    source,
    pull: methods.pull,
    cancel: methods.cancel,
    onPulled: null,
    onPullFailed: null,
  };
  controllerRecords.set(object, controller);
  stream.controller = controller;
  const startResult = methods.start ? methods.start.call(source, object) : undefined;
  const started = () => {
    controller.started = true;
    callPullIfNeeded(controller);
  };
  if (startResult === undefined) microtask(started);
  else Promise.resolve(startResult).then(started, (error) => controllerError(controller, error));
}

// ---------------------------------------------------------------------------------------------------
// Default reader (records: { object, stream, readRequests, closedState, closedValue, closed })
//
// The `closed` promise is only made when someone asks for it: most readers never do, and promises
// are costly under QuickJS. Until then its state is kept in closedState/closedValue.

function settleClosed(reader, state, value) {
  reader.closedState = state;
  reader.closedValue = value;
  if (reader.closed === null) return;
  if (state === 'resolved') reader.closed.resolve(value);
  else reader.closed.reject(value);
}

function closedPromise(reader) {
  if (reader.closed === null) {
    reader.closed = deferred();
    if (reader.closedState === 'resolved') reader.closed.resolve(reader.closedValue);
    else if (reader.closedState === 'rejected') reader.closed.reject(reader.closedValue);
  }
  return reader.closed.promise;
}

// ReadableStreamReaderGenericInitialize
function readerInitialize(reader, stream) {
  reader.stream = stream;
  stream.reader = reader;
  if (stream.state === 'closed') settleClosed(reader, 'resolved', undefined);
  else if (stream.state === 'errored') settleClosed(reader, 'rejected', stream.storedError);
}

// ReadableStreamDefaultReaderRead; `request` is { chunk(value), close(), error(e) }.
function readerRead(reader, request) {
  const stream = reader.stream;
  stream.disturbed = true;
  if (stream.state === 'closed') request.close();
  else if (stream.state === 'errored') request.error(stream.storedError);
  else controllerPullSteps(stream.controller, request);
}

// ReadableStreamDefaultReaderRelease
function readerRelease(reader) {
  const stream = reader.stream;
  const released = invalidState('Reader released');
  if (stream.state !== 'readable') reader.closed = null; // a new, rejected promise from now on
  settleClosed(reader, 'rejected', released);
  stream.reader = undefined;
  reader.stream = undefined;
  const requests = reader.readRequests;
  reader.readRequests = [];
  const releasing = invalidState('Releasing reader');
  for (const request of requests) request.error(releasing);
}

const readerRecords = new WeakMap();

function readerRecord(self) {
  return self !== null && typeof self === 'object' ? readerRecords.get(self) : undefined;
}

function notAttached() {
  return invalidState('The reader is not attached to a stream');
}

class ReadableStreamDefaultReader {
  constructor(stream) {
    const record = streamRecord(stream);
    if (record === undefined) throw invalidArgType('stream', 'an instance of ReadableStream', stream);
    if (isLocked(record)) throw invalidState('ReadableStream is locked');
    const reader = {
      object: this, stream: undefined, readRequests: [], closedState: 'pending', closedValue: undefined, closed: null,
    };
    readerInitialize(reader, record);
    readerRecords.set(this, reader);
  }

  read() {
    const reader = readerRecord(this);
    if (reader === undefined) return Promise.reject(invalidThis('ReadableStreamDefaultReader'));
    if (reader.stream === undefined) return Promise.reject(notAttached());
    return new Promise((resolve, reject) => {
      readerRead(reader, {
        chunk: (value) => resolve({ value, done: false }),
        close: () => resolve({ value: undefined, done: true }),
        error: reject,
      });
    });
  }

  releaseLock() {
    const reader = readerRecord(this);
    if (reader === undefined) throw invalidThis('ReadableStreamDefaultReader');
    if (reader.stream !== undefined) readerRelease(reader);
  }

  get closed() {
    const reader = readerRecord(this);
    if (reader === undefined) return Promise.reject(invalidThis('ReadableStreamDefaultReader'));
    return closedPromise(reader);
  }

  cancel(reason = undefined) {
    const reader = readerRecord(this);
    if (reader === undefined) return Promise.reject(invalidThis('ReadableStreamDefaultReader'));
    if (reader.stream === undefined) return Promise.reject(notAttached());
    return streamCancel(reader.stream, reason);
  }
}

makeEnumerable(ReadableStreamDefaultReader.prototype, ['read', 'releaseLock', 'closed', 'cancel']);
defineToStringTag(ReadableStreamDefaultReader, 'ReadableStreamDefaultReader');

function acquireReader(stream) {
  return readerRecord(new ReadableStreamDefaultReader(stream.object));
}

// ---------------------------------------------------------------------------------------------------
// ReadableStream

const streamRecords = new WeakMap();

function streamRecord(value) {
  return value !== null && typeof value === 'object' ? streamRecords.get(value) : undefined;
}

function checkedStream(self) {
  const record = streamRecord(self);
  if (record === undefined) throw invalidThis('ReadableStream');
  return record;
}

function extractHighWaterMark(value, defaultValue) {
  if (value === undefined) return defaultValue;
  const number = Number(value);
  if (Number.isNaN(number) || number < 0) {
    throw invalidArgValue('strategy.highWaterMark', value, RangeError);
  }
  return number;
}

function extractSizeAlgorithm(size) {
  if (size === undefined) return null;
  if (typeof size !== 'function') throw invalidArgType('strategy.size', 'of type function', size);
  return (chunk) => size(chunk);
}

const byteLengthSize = (chunk) => chunk.byteLength;

function sourceMethods(source) {
  const methods = {};
  for (const name of ['start', 'pull', 'cancel']) {
    const method = source[name];
    if (method !== undefined && typeof method !== 'function') {
      throw invalidArgType(`source.${name}`, 'of type function', method);
    }
    methods[name] = method;
  }
  return methods;
}

class ReadableStream {
  constructor(source = undefined, strategy = undefined) {
    if (source === null || (source !== undefined && typeof source !== 'object' && typeof source !== 'function')) {
      throw invalidArgType('source', 'of type object', source);
    }
    if (strategy !== undefined && strategy !== null && typeof strategy !== 'object') {
      throw invalidArgType('strategy', 'of type object', strategy);
    }
    source ??= {};
    const stream = {
      object: this, state: 'readable', reader: undefined, storedError: undefined, disturbed: false, controller: undefined,
    };
    streamRecords.set(this, stream);
    let byteStream = false;
    if (source.type !== undefined) {
      if (`${source.type}` !== 'bytes') throw invalidArgValue('source.type', source.type);
      byteStream = true;
    }
    const highWaterMark = extractHighWaterMark(strategy?.highWaterMark, byteStream ? 0 : 1);
    const size = byteStream ? byteLengthSize : extractSizeAlgorithm(strategy?.size);
    setUpController(stream, source, sourceMethods(source), highWaterMark, size, byteStream);
  }

  get locked() {
    return isLocked(checkedStream(this));
  }

  cancel(reason = undefined) {
    const stream = streamRecord(this);
    if (stream === undefined) return Promise.reject(invalidThis('ReadableStream'));
    if (isLocked(stream)) return Promise.reject(invalidState('ReadableStream is locked'));
    return streamCancel(stream, reason);
  }

  getReader(options = undefined) {
    checkedStream(this);
    if (options !== undefined && options !== null && typeof options !== 'object' && typeof options !== 'function') {
      throw invalidArgType('options', 'of type object', options);
    }
    const mode = options?.mode;
    if (mode === undefined) return new ReadableStreamDefaultReader(this);
    if (`${mode}` !== 'byob') throw invalidArgValue('options.mode', mode);
    throw nodeError(TypeError, 'ERR_METHOD_NOT_IMPLEMENTED', 'The ReadableStreamBYOBReader method is not implemented');
  }

  pipeThrough(transform, options = {}) {
    checkedStream(this);
    const readable = transform?.readable;
    if (streamRecord(readable) === undefined) {
      throw invalidArgType('transform.readable', 'an instance of ReadableStream', readable);
    }
    const writable = transform.writable;
    if (typeof writable?.getWriter !== 'function') {
      throw invalidArgType('transform.writable', 'an instance of WritableStream', writable);
    }
    if (isLocked(streamRecord(this))) throw invalidState('The ReadableStream is locked');
    if (writable.locked) throw invalidState('The WritableStream is locked');
    this.pipeTo(writable, options).catch(noop);
    return readable;
  }

  pipeTo(destination, options = {}) {
    const stream = streamRecord(this);
    if (stream === undefined) return Promise.reject(invalidThis('ReadableStream'));
    if (typeof destination?.getWriter !== 'function') {
      return Promise.reject(invalidArgType('transform.writable', 'an instance of WritableStream', destination));
    }
    try {
      validateAbortSignal(options?.signal, 'options.signal');
    } catch (error) {
      return Promise.reject(error);
    }
    if (isLocked(stream)) return Promise.reject(invalidState('The ReadableStream is locked'));
    if (destination.locked) return Promise.reject(invalidState('The WritableStream is locked'));
    return pipe(stream, destination, {
      preventClose: Boolean(options?.preventClose),
      preventAbort: Boolean(options?.preventAbort),
      preventCancel: Boolean(options?.preventCancel),
      signal: options?.signal,
    });
  }

  tee() {
    return streamTee(checkedStream(this)).map((branch) => branch.object);
  }

  values(options = undefined) {
    const stream = checkedStream(this);
    const preventCancel = Boolean(options?.preventCancel);
    return createAsyncIterator(acquireReader(stream), preventCancel);
  }

  static from(iterable) {
    return streamFromIterable(iterable);
  }

  [inspectCustom](depth, options, inspect) {
    const stream = checkedStream(this);
    const shown = { locked: isLocked(stream), state: stream.state, supportsBYOB: false };
    return `ReadableStream ${inspect(shown, options)}`;
  }
}

Object.defineProperty(ReadableStream.prototype, Symbol.asyncIterator, {
  value: ReadableStream.prototype.values, writable: true, configurable: true,
});
makeEnumerable(ReadableStream.prototype, ['locked', 'cancel', 'getReader', 'pipeThrough', 'pipeTo', 'tee', 'values']);
defineToStringTag(ReadableStream, 'ReadableStream');

// ---------------------------------------------------------------------------------------------------
// tee: ReadableStreamDefaultTee (chunks are shared by both branches, as in Node)

function streamTee(stream) {
  const reader = acquireReader(stream);
  let reading = false;
  let readAgain = false;
  let canceled1 = false;
  let canceled2 = false;
  let reason1;
  let reason2;
  let branch1;
  let branch2;
  const cancelPromise = deferred();

  const readRequest = {
    chunk(chunk) {
      // A microtask later, so that a read error seen in the meantime takes precedence.
      microtask(() => {
        readAgain = false;
        if (!canceled1) controllerEnqueue(branch1.controller, chunk);
        if (!canceled2) controllerEnqueue(branch2.controller, chunk);
        reading = false;
        if (readAgain) pullAlgorithm();
      });
    },
    close() {
      reading = false;
      if (!canceled1) controllerClose(branch1.controller);
      if (!canceled2) controllerClose(branch2.controller);
      if (!canceled1 || !canceled2) cancelPromise.resolve(undefined);
    },
    error() {
      reading = false;
    },
  };

  function pullAlgorithm() {
    if (reading) {
      readAgain = true;
      return Promise.resolve(undefined);
    }
    reading = true;
    readerRead(reader, readRequest);
    return Promise.resolve(undefined);
  }

  function cancelBoth() {
    cancelPromise.resolve(streamCancel(stream, [reason1, reason2]));
  }

  branch1 = createStream({
    pull: pullAlgorithm,
    cancel(reason) {
      canceled1 = true;
      reason1 = reason;
      if (canceled2) cancelBoth();
      return cancelPromise.promise;
    },
  });
  branch2 = createStream({
    pull: pullAlgorithm,
    cancel(reason) {
      canceled2 = true;
      reason2 = reason;
      if (canceled1) cancelBoth();
      return cancelPromise.promise;
    },
  });

  closedPromise(reader).catch((error) => {
    controllerError(branch1.controller, error);
    controllerError(branch2.controller, error);
    if (!canceled1 || !canceled2) cancelPromise.resolve(undefined);
  });
  return [branch1, branch2];
}

// A stream made by this module; returns its record.
function createStream(source, highWaterMark = 1) {
  return streamRecord(new ReadableStream(source, { highWaterMark }));
}

// ---------------------------------------------------------------------------------------------------
// Async iteration (the WebIDL async iterator with its "ongoing promise")

const AsyncIteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf(async function* () {}).prototype);
const iteratorStates = new WeakMap();

const streamIteratorPrototype = Object.create(AsyncIteratorPrototype, {
  next: {
    value: function next() {
      const state = iteratorStates.get(this);
      if (state === undefined) return Promise.reject(invalidThis('ReadableStreamAsyncIterator'));
      const nextSteps = () => iteratorNext(state);
      state.ongoing = state.ongoing ? state.ongoing.then(nextSteps, nextSteps) : nextSteps();
      return state.ongoing;
    },
    writable: true,
    configurable: true,
  },
  return: {
    value: function return_(value = undefined) {
      const state = iteratorStates.get(this);
      if (state === undefined) return Promise.reject(invalidThis('ReadableStreamAsyncIterator'));
      const returnSteps = () => iteratorReturn(state, value);
      state.ongoing = state.ongoing ? state.ongoing.then(returnSteps, returnSteps) : returnSteps();
      return state.ongoing;
    },
    writable: true,
    configurable: true,
  },
});

function createAsyncIterator(reader, preventCancel) {
  const iterator = Object.create(streamIteratorPrototype);
  iteratorStates.set(iterator, { reader, preventCancel, ongoing: undefined, finished: false });
  return iterator;
}

function iteratorNext(state) {
  if (state.finished) return Promise.resolve({ value: undefined, done: true });
  const reader = state.reader;
  if (reader.stream === undefined) return Promise.reject(notAttached());
  return new Promise((resolve, reject) => {
    readerRead(reader, {
      chunk(value) {
        state.ongoing = undefined;
        resolve({ value, done: false });
      },
      close() {
        state.ongoing = undefined;
        state.finished = true;
        readerRelease(reader);
        resolve({ value: undefined, done: true });
      },
      error(error) {
        state.ongoing = undefined;
        state.finished = true;
        readerRelease(reader);
        reject(error);
      },
    });
  });
}

function iteratorReturn(state, value) {
  const result = { done: true, value };
  if (state.finished) return Promise.resolve(result);
  state.finished = true;
  const reader = state.reader;
  if (reader.stream === undefined) return Promise.resolve(result);
  if (state.preventCancel) {
    readerRelease(reader);
    return Promise.resolve(result);
  }
  const cancelled = streamCancel(reader.stream, value);
  readerRelease(reader);
  return cancelled.then(() => result);
}

// ---------------------------------------------------------------------------------------------------
// ReadableStream.from

function notIterable(value) {
  return nodeError(TypeError, 'ERR_ARG_NOT_ITERABLE', `${String(value)} must be iterable`);
}

// GetIterator(obj, async): async iterators as they are, sync ones with their values awaited.
function getAsyncIterator(iterable) {
  const asyncMethod = iterable?.[Symbol.asyncIterator];
  if (asyncMethod !== undefined && asyncMethod !== null) {
    if (typeof asyncMethod !== 'function') throw notIterable(iterable);
    return asyncMethod.call(iterable);
  }
  const syncMethod = iterable?.[Symbol.iterator];
  if (typeof syncMethod !== 'function') throw notIterable(iterable);
  const iterator = syncMethod.call(iterable);
  return {
    next() {
      const result = iterator.next();
      return Promise.resolve(result.value).then((value) => ({ value, done: Boolean(result.done) }));
    },
    return: typeof iterator.return === 'function'
      ? (value) => Promise.resolve(iterator.return(value))
      : undefined,
  };
}

function nonObjectResult(method) {
  return new TypeError(`The promise returned by the iterator.${method}() method must fulfill with an object`);
}

function streamFromIterable(iterable) {
  const iterator = getAsyncIterator(iterable);
  return new ReadableStream({
    pull(controller) {
      return promiseCall(iterator.next, iterator).then((result) => {
        if (result === null || typeof result !== 'object') throw nonObjectResult('next');
        if (result.done) controller.close();
        else controller.enqueue(result.value);
      });
    },
    cancel(reason) {
      const method = iterator.return;
      if (method === undefined || method === null) return undefined;
      return promiseCall(method, iterator, reason).then((result) => {
        if (result === null || typeof result !== 'object') throw nonObjectResult('return');
      });
    },
  }, { highWaterMark: 0 });
}

// ---------------------------------------------------------------------------------------------------
// pipeTo, against any writable stream of the standard's shape (kvm has no WritableStream itself).
// Source errors abort the destination, destination errors cancel the source, and an abort signal
// does both, unless prevented; pending writes are awaited before finishing.

function pipe(stream, destination, { preventClose, preventAbort, preventCancel, signal }) {
  const reader = acquireReader(stream);
  const writer = destination.getWriter();
  stream.disturbed = true;
  let shuttingDown = false;
  let lastWrite = Promise.resolve();

  return new Promise((resolve, reject) => {
    const finalize = (failed, error) => {
      writer.releaseLock();
      if (reader.stream !== undefined) readerRelease(reader);
      if (signal) signal.removeEventListener('abort', onAbort);
      if (failed) reject(error);
      else resolve(undefined);
    };

    // The standard's "shutdown with an action": wait for the last write, act, then finalize.
    const shutdown = (action, failed, error) => {
      if (shuttingDown) return;
      shuttingDown = true;
      lastWrite.catch(noop)
        .then(() => (action ? action() : undefined))
        .then(() => finalize(failed, error), (newError) => finalize(true, newError));
    };

    function onAbort() {
      const error = signal.reason;
      shutdown(() => Promise.all([
        preventAbort ? undefined : writer.abort(error),
        preventCancel || stream.state !== 'readable' ? undefined : streamCancel(stream, error),
      ]), true, error);
    }

    closedPromise(reader).then(() => {
      if (!preventClose) shutdown(() => writer.close(), false);
      else shutdown(null, false);
    }, (error) => {
      shutdown(preventAbort ? null : () => writer.abort(error), true, error);
    });
    Promise.resolve(writer.closed).then(() => {
      shutdown(preventCancel ? null : () => streamCancel(stream, closedDestination()), true, closedDestination());
    }, (error) => {
      shutdown(preventCancel ? null : () => streamCancel(stream, error), true, error);
    });

    if (signal) {
      if (signal.aborted) {
        onAbort();
        return;
      }
      signal.addEventListener('abort', onAbort, { once: true });
    }

    const step = () => {
      if (shuttingDown) return;
      Promise.resolve(writer.ready).then(() => {
        if (shuttingDown) return;
        readerRead(reader, {
          chunk(chunk) {
            lastWrite = Promise.resolve(writer.write(chunk));
            lastWrite.catch(noop);
            step();
          },
          close: noop, // seen through reader.closed
          error: noop,
        });
      }, noop);
    };
    step();
  });
}

function closedDestination() {
  return new TypeError('the destination writable stream closed before all data could be piped to it');
}

// ---------------------------------------------------------------------------------------------------
// For the other fetch modules

function isReadableStream(value) {
  return streamRecord(value) !== undefined;
}

function isDisturbed(stream) {
  return streamRecord(stream).disturbed;
}

// Disturbed or locked: a body in this state can no longer be read.
function isUnusable(stream) {
  const record = streamRecord(stream);
  return record.disturbed || isLocked(record);
}

function markDisturbed(stream) {
  streamRecord(stream).disturbed = true;
}

// Locks the stream for good and marks it read (a body consumed without its stream).
function lockAsConsumed(stream) {
  const record = streamRecord(stream);
  acquireReader(record);
  record.disturbed = true;
}

// Reads a stream to its end: resolves with the chunks, each checked to be a Uint8Array. The stream
// stays locked and disturbed, as after the standard's "fully read".
function readAllChunks(stream) {
  const reader = acquireReader(streamRecord(stream));
  return new Promise((resolve, reject) => {
    const chunks = [];
    let inRead = false;
    let again = false;
    const request = {
      chunk(chunk) {
        if (!(chunk instanceof Uint8Array)) {
          reject(new TypeError('Received non-Uint8Array chunk'));
          return;
        }
        chunks.push(chunk);
        if (inRead) again = true;
        else loop();
      },
      close: () => resolve(chunks),
      error: reject,
    };
    // Chunks already queued arrive synchronously: loop instead of recursing.
    function loop() {
      do {
        again = false;
        inRead = true;
        readerRead(reader, request);
        inRead = false;
      } while (again);
    }
    loop();
  });
}

// A stream handing out `chunks` (copies, so readers cannot alter the originals).
function streamFromChunks(chunks) {
  let index = 0;
  return new ReadableStream({
    pull(controller) {
      while (index < chunks.length && chunks[index].byteLength === 0) index++;
      if (index < chunks.length) controller.enqueue(chunks[index++].slice());
      if (index >= chunks.length) controller.close();
    },
  }, { highWaterMark: 0 });
}

module.exports = {
  ReadableStream,
  ReadableStreamDefaultReader,
  ReadableStreamDefaultController,
};

Object.defineProperty(module.exports, 'internals', {
  value: {
    isReadableStream,
    isDisturbed,
    isUnusable,
    markDisturbed,
    lockAsConsumed,
    readAllChunks,
    streamFromChunks,
    streamFromIterable,
  },
});
