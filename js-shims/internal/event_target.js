'use strict';
// WHATWG Event, EventTarget, CustomEvent, AbortController, AbortSignal and DOMException, behaving as
// Node 20 does (including its quirks, noted where they differ from the DOM standard).
//
// Its non-enumerable `internals` property re-exports the Node-style error helpers of
// internal/validators with the event-specific ones, so the public surface stays the standard one.

const validators = require('internal/validators');
const {
  nodeError, invalidArgType, outOfRange, missingArgs, invalidThis, validateObject,
  validateAbortSignal, emitWarning,
} = validators;

// Exceptions thrown by listeners must not stop the dispatch: rethrow them on a later tick, as Node does.
function reportException(err) {
  const proc = globalThis.process;
  const throwLater = () => {
    throw err;
  };
  if (proc && typeof proc.nextTick === 'function') proc.nextTick(throwLater);
  else if (typeof queueMicrotask === 'function') queueMicrotask(throwLater);
  else setTimeout(throwLater, 0);
}

// WebIDL attributes are enumerable accessors; class syntax makes them non-enumerable.
function makeEnumerable(proto, names) {
  for (const name of names) {
    const desc = Object.getOwnPropertyDescriptor(proto, name);
    desc.enumerable = true;
    Object.defineProperty(proto, name, desc);
  }
}

function defineToStringTag(Cls, tag) {
  Object.defineProperty(Cls.prototype, Symbol.toStringTag, { value: tag, configurable: true });
}

function defineConstants(target, entries) {
  for (const [name, value] of entries) {
    Object.defineProperty(target, name, { value, enumerable: true });
  }
}

// ---------------------------------------------------------------------------------------------------
// DOMException

// Legacy constants, in order: INDEX_SIZE_ERR is 1, ... DATA_CLONE_ERR is 25.
const legacyCodeNames = [
  'INDEX_SIZE_ERR', 'DOMSTRING_SIZE_ERR', 'HIERARCHY_REQUEST_ERR', 'WRONG_DOCUMENT_ERR',
  'INVALID_CHARACTER_ERR', 'NO_DATA_ALLOWED_ERR', 'NO_MODIFICATION_ALLOWED_ERR', 'NOT_FOUND_ERR',
  'NOT_SUPPORTED_ERR', 'INUSE_ATTRIBUTE_ERR', 'INVALID_STATE_ERR', 'SYNTAX_ERR',
  'INVALID_MODIFICATION_ERR', 'NAMESPACE_ERR', 'INVALID_ACCESS_ERR', 'VALIDATION_ERR',
  'TYPE_MISMATCH_ERR', 'SECURITY_ERR', 'NETWORK_ERR', 'ABORT_ERR', 'URL_MISMATCH_ERR',
  'QUOTA_EXCEEDED_ERR', 'TIMEOUT_ERR', 'INVALID_NODE_TYPE_ERR', 'DATA_CLONE_ERR',
];

// Error names that carry a legacy code (WebIDL's table; names without one get code 0).
const codeByName = {
  IndexSizeError: 1, HierarchyRequestError: 3, WrongDocumentError: 4, InvalidCharacterError: 5,
  NoModificationAllowedError: 7, NotFoundError: 8, NotSupportedError: 9, InUseAttributeError: 10,
  InvalidStateError: 11, SyntaxError: 12, InvalidModificationError: 13, NamespaceError: 14,
  InvalidAccessError: 15, TypeMismatchError: 17, SecurityError: 18, NetworkError: 19, AbortError: 20,
  URLMismatchError: 21, QuotaExceededError: 22, TimeoutError: 23, InvalidNodeTypeError: 24,
  DataCloneError: 25,
};

function domExceptionThisError() {
  return nodeError(TypeError, 'ERR_INVALID_THIS', 'Value of "this" must be of DOMException');
}

// Extends Error so it gets a stack and `instanceof Error`; name/message/code live in private fields
// behind prototype getters, as in Node (no own `message`).
class DOMException extends Error {
  #name;
  #message;
  #code;

  constructor(message = '', options = 'Error') {
    super();
    this.#message = `${message}`;
    if (options !== null && typeof options === 'object') {
      this.#name = 'name' in options ? `${options.name}` : 'Error';
      if ('cause' in options) {
        Object.defineProperty(this, 'cause', {
          value: options.cause, writable: true, enumerable: false, configurable: true,
        });
      }
    } else {
      this.#name = `${options}`;
    }
    this.#code = codeByName[this.#name] ?? 0;
  }

  get name() {
    if (!(#name in this)) throw domExceptionThisError();
    return this.#name;
  }

  get message() {
    if (!(#name in this)) throw domExceptionThisError();
    return this.#message;
  }

  get code() {
    if (!(#name in this)) throw domExceptionThisError();
    return this.#code;
  }
}

makeEnumerable(DOMException.prototype, ['name', 'message', 'code']);
defineToStringTag(DOMException, 'DOMException');
const legacyCodes = legacyCodeNames.map((name, i) => [name, i + 1]);
defineConstants(DOMException, legacyCodes);
defineConstants(DOMException.prototype, legacyCodes);

// ---------------------------------------------------------------------------------------------------
// Event

const kTrusted = Symbol('kTrusted'); // Event option: set by AbortSignal for its own 'abort' events.
const kResistStopPropagation = Symbol('kResistStopPropagation'); // listener option for internal listeners

const phases = [['NONE', 0], ['CAPTURING_PHASE', 1], ['AT_TARGET', 2], ['BUBBLING_PHASE', 3]];

function now() {
  const perf = globalThis.performance;
  return perf && typeof perf.now === 'function' ? perf.now() : Date.now();
}

function checkEvent(self) {
  if (!isEvent(self)) throw invalidThis('Event');
}

// Brand check and dispatch state accessors, handed out by the Event class body (private fields).
let isEvent;
let eventState;

class Event {
  #type;
  #bubbles;
  #cancelable;
  #composed;
  #trusted;
  #timeStamp = now();
  #defaultPrevented = false;
  #propagationStopped = false;
  #immediateStopped = false;
  #target = null;
  #dispatching = false;

  constructor(type, options = {}) {
    if (arguments.length === 0) throw missingArgs('type');
    validateObject(options, 'options', { allowNull: true, loose: true });
    const { cancelable, bubbles, composed } = { ...options };
    this.#cancelable = !!cancelable;
    this.#bubbles = !!bubbles;
    this.#composed = !!composed;
    this.#type = `${type}`;
    this.#trusted = !!options?.[kTrusted];
  }

  initEvent(type, bubbles = false, cancelable = false) {
    if (arguments.length === 0) throw missingArgs('type');
    checkEvent(this);
    if (this.#dispatching) return;
    this.#type = `${type}`;
    this.#bubbles = !!bubbles;
    this.#cancelable = !!cancelable;
  }

  stopImmediatePropagation() {
    checkEvent(this);
    this.#propagationStopped = true;
    this.#immediateStopped = true;
  }

  // Passive listeners are not honoured by Node 20 either: preventDefault always records.
  preventDefault() {
    checkEvent(this);
    this.#defaultPrevented = true;
  }

  // Node 20 clears the "being dispatched" flag once a listener has returned (see EventTarget), so
  // later listeners see eventPhase 0, currentTarget null and an empty composedPath(); we keep that.
  get target() { checkEvent(this); return this.#target; }
  get currentTarget() { checkEvent(this); return this.#dispatching ? this.#target : null; }
  get srcElement() { checkEvent(this); return this.#target; }
  get type() { checkEvent(this); return this.#type; }
  get cancelable() { checkEvent(this); return this.#cancelable; }
  get defaultPrevented() { checkEvent(this); return this.#cancelable && this.#defaultPrevented; }
  get timeStamp() { checkEvent(this); return this.#timeStamp; }

  composedPath() {
    checkEvent(this);
    return this.#dispatching ? [this.#target] : [];
  }

  get returnValue() { checkEvent(this); return !this.defaultPrevented; }
  get bubbles() { checkEvent(this); return this.#bubbles; }
  get composed() { checkEvent(this); return this.#composed; }
  get eventPhase() { checkEvent(this); return this.#dispatching ? Event.AT_TARGET : Event.NONE; }

  get cancelBubble() {
    checkEvent(this);
    return this.#propagationStopped;
  }

  set cancelBubble(value) {
    checkEvent(this);
    if (value) this.stopPropagation();
  }

  stopPropagation() {
    checkEvent(this);
    this.#propagationStopped = true;
  }

  get isTrusted() { checkEvent(this); return this.#trusted; }

  static {
    isEvent = (value) => value !== null && typeof value === 'object' && #type in value;
    eventState = {
      isDispatching: (event) => event.#dispatching,
      setDispatching: (event, value) => {
        event.#dispatching = value;
      },
      setTarget: (event, target) => {
        event.#target = target;
      },
      isImmediateStopped: (event) => event.#immediateStopped,
    };
  }
}

makeEnumerable(Event.prototype, [
  'initEvent', 'stopImmediatePropagation', 'preventDefault', 'target', 'currentTarget', 'srcElement',
  'type', 'cancelable', 'defaultPrevented', 'timeStamp', 'composedPath', 'returnValue', 'bubbles',
  'composed', 'eventPhase', 'cancelBubble', 'stopPropagation', 'isTrusted',
]);
defineToStringTag(Event, 'Event');
defineConstants(Event, phases); // on the constructor only, as in Node 20

class CustomEvent extends Event {
  #detail;

  constructor(type, options = {}) {
    if (arguments.length === 0) throw missingArgs('type');
    super(type, options);
    this.#detail = options?.detail ?? null;
  }

  get detail() {
    if (!(#detail in this)) throw invalidThis('CustomEvent');
    return this.#detail;
  }
}

makeEnumerable(CustomEvent.prototype, ['detail']);
defineToStringTag(CustomEvent, 'CustomEvent');

// ---------------------------------------------------------------------------------------------------
// EventTarget

// Per-target max listener count, read and written by events.setMaxListeners/getMaxListeners; new
// targets start from EventEmitter.defaultMaxListeners. `events` owns both (it needs no EventTarget).
const EventEmitter = require('events');
const { kMaxEventTargetListeners, kMaxEventTargetListenersWarned } = EventEmitter;

function webidlString(value) {
  if (typeof value === 'symbol') {
    throw nodeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'value' is invalid. Received ${String(value)}`);
  }
  return `${value}`;
}

function normalizeListenerOptions(options) {
  if (typeof options === 'boolean') return { capture: options };
  if (options === null || options === undefined) return {};
  validateObject(options, 'options', { loose: true });
  return {
    once: Boolean(options.once),
    capture: Boolean(options.capture),
    passive: Boolean(options.passive),
    signal: options.signal,
    resistStopPropagation: Boolean(options[kResistStopPropagation]),
  };
}

// true: usable listener; false: null/undefined (ignored with a warning); throws for primitives.
function isUsableListener(listener) {
  if (typeof listener === 'function' || typeof listener?.handleEvent === 'function') return true;
  if (listener === null || listener === undefined) return false;
  if (typeof listener === 'object') return true; // handleEvent is looked up at dispatch time
  throw invalidArgType('listener', 'an instance of EventListener', listener);
}

function describeTarget(target) {
  // What util.inspect(target, { depth: -1 }) prints: AbortSignal is bracketed, other targets are not.
  if (isAbortSignal(target)) return '[AbortSignal]';
  return target.constructor?.name ?? 'EventTarget';
}

function warnTooManyListeners(target, type, count) {
  const max = target[kMaxEventTargetListeners];
  if (!(max > 0) || count <= max || target[kMaxEventTargetListenersWarned]) return;
  target[kMaxEventTargetListenersWarned] = true;
  const warning = new Error(
    `Possible EventTarget memory leak detected. ${count} ${type} listeners added to ` +
    `${describeTarget(target)}. MaxListeners is ${max}. Use events.setMaxListeners() to increase limit`);
  warning.name = 'MaxListenersExceededWarning';
  warning.target = target;
  warning.type = type;
  warning.count = count;
  emitWarning(warning);
}

function callListener(target, record, event) {
  const { listener } = record;
  if (typeof listener === 'function') return listener.call(target, event);
  // Node only calls handleEvent when it is truthy; a non-callable one throws (and gets reported).
  if (listener.handleEvent) return listener.handleEvent(event);
  return undefined;
}

// A listener returning a thenable that rejects is reported like a thrown exception.
function reportRejection(result) {
  if (result === undefined || result === null) return;
  const then = result.then;
  if (typeof then === 'function') then.call(result, undefined, reportException);
}

function checkTarget(self) {
  if (!isEventTarget(self)) throw invalidThis('EventTarget');
}

// Listeners of one type are a doubly linked list (head sentinel), like Node's: a dispatch reads each
// record's `next` just before calling it, so listeners added meanwhile may still be reached.
function newList() {
  const head = { next: undefined, prev: undefined };
  return { head, tail: head, size: 0 };
}

function findRecord(list, listener, capture) {
  for (let r = list.head.next; r !== undefined; r = r.next) {
    if (r.listener === listener && r.capture === capture) return r;
  }
  return undefined;
}

function unlink(list, record) {
  record.removed = true;
  record.prev.next = record.next;
  if (record.next !== undefined) record.next.prev = record.prev;
  else list.tail = record.prev;
  list.size--;
}

let isEventTarget;
let targetState;

class EventTarget {
  #lists = new Map(); // type -> listener list

  constructor() {
    this[kMaxEventTargetListeners] = EventEmitter.defaultMaxListeners;
    this[kMaxEventTargetListenersWarned] = false;
  }

  addEventListener(type, listener, options = undefined) {
    checkTarget(this);
    if (arguments.length < 2) throw missingArgs('type', 'listener');
    // `passive` is read (getters run) but, as in Node 20, has no effect.
    const { once = false, capture = false, signal, resistStopPropagation = false } =
      normalizeListenerOptions(options);
    validateAbortSignal(signal, 'options.signal');
    if (!isUsableListener(listener)) {
      const warning = new Error(`addEventListener called with ${listener} which has no effect.`);
      warning.name = 'AddEventListenerArgumentTypeWarning';
      warning.target = this;
      warning.type = type;
      emitWarning(warning);
      return;
    }
    type = webidlString(type);
    if (signal) {
      if (signal.aborted) return;
      // Registered before the duplicate check, as Node does.
      signal.addEventListener('abort', () => this.removeEventListener(type, listener, options),
        { once: true, [kResistStopPropagation]: true });
    }
    let list = this.#lists.get(type);
    if (list === undefined) {
      list = newList();
      this.#lists.set(type, list);
    } else if (findRecord(list, listener, capture)) {
      return;
    }
    const record = { listener, capture, once, resistStopPropagation, removed: false, prev: list.tail, next: undefined };
    list.tail.next = record;
    list.tail = record;
    list.size++;
    warnTooManyListeners(this, type, list.size);
  }

  removeEventListener(type, listener, options = undefined) {
    checkTarget(this);
    if (arguments.length < 2) throw missingArgs('type', 'listener');
    if (!isUsableListener(listener)) return;
    type = webidlString(type);
    // Node 20 only honours an options object here: `removeEventListener(t, fn, true)` removes nothing.
    const capture = options?.capture === true;
    const list = this.#lists.get(type);
    const record = list && findRecord(list, listener, capture);
    if (record) unlink(list, record);
  }

  dispatchEvent(event) {
    checkTarget(this);
    if (arguments.length < 1) throw missingArgs('event');
    if (!isEvent(event)) throw invalidArgType('event', 'an instance of Event', event);
    if (eventState.isDispatching(event)) {
      throw nodeError(Error, 'ERR_EVENT_RECURSION', `The event "${event.type}" is already being dispatched`);
    }
    this.#dispatch(event);
    return event.defaultPrevented !== true;
  }

  #dispatch(event) {
    eventState.setTarget(event, this);
    const list = this.#lists.get(event.type);
    if (list === undefined) return;
    eventState.setDispatching(event, true);
    let record = list.head.next;
    while (record !== undefined) {
      const next = record.next; // read before the call: the listener may unlink itself
      const stopped = eventState.isImmediateStopped(event) && !record.resistStopPropagation;
      if (!record.removed && !stopped) this.#invoke(list, record, event);
      record = next;
    }
    eventState.setDispatching(event, false);
  }

  // Node 20 clears the "being dispatched" flag once a listener returns, so the following listeners
  // see eventPhase 0 and no currentTarget; a function listener that throws leaves it set, while an
  // object's handleEvent (wrapped in an async function by Node) never does.
  #invoke(list, record, event) {
    if (record.once) unlink(list, record);
    try {
      const result = callListener(this, record, event);
      eventState.setDispatching(event, false);
      reportRejection(result);
    } catch (err) {
      if (typeof record.listener !== 'function') eventState.setDispatching(event, false);
      reportException(err);
    }
  }

  static {
    isEventTarget = (value) => value !== null && typeof value === 'object' && #lists in value;
    targetState = {
      listeners(target, type) {
        const list = target.#lists.get(type);
        const out = [];
        for (let r = list?.head.next; r !== undefined; r = r.next) out.push(r.listener);
        return out;
      },
    };
  }
}

makeEnumerable(EventTarget.prototype, ['addEventListener', 'removeEventListener', 'dispatchEvent']);
defineToStringTag(EventTarget, 'EventTarget');

// `on<type>` attribute: the wrapper is registered the first time a value is set and keeps its place
// in the listener list; setting another value only swaps what it calls.
const kHandlers = Symbol('kHandlers');

function defineEventHandler(proto, type) {
  Object.defineProperty(proto, `on${type}`, {
    get() {
      return this[kHandlers]?.get(type)?.handler ?? null;
    },
    set(value) {
      if (!this[kHandlers]) {
        Object.defineProperty(this, kHandlers, { value: new Map() });
      }
      let wrapper = this[kHandlers].get(type);
      if (wrapper === undefined) {
        wrapper = function (event) {
          if (typeof wrapper.handler === 'function') return wrapper.handler.call(this, event);
          return undefined;
        };
        this.addEventListener(type, wrapper);
        this[kHandlers].set(type, wrapper);
      }
      wrapper.handler = value;
    },
    configurable: true,
    enumerable: true,
  });
}

// ---------------------------------------------------------------------------------------------------
// AbortSignal / AbortController

const kCreate = Symbol('kCreate');

function checkSignal(self) {
  if (!isAbortSignal(self)) throw invalidThis('AbortSignal');
}

function abortError() {
  return new DOMException('This operation was aborted', 'AbortError');
}

function validateDelay(delay) {
  if (typeof delay !== 'number') throw invalidArgType('delay', 'of type number', delay);
  if (!Number.isInteger(delay)) throw outOfRange('delay', 'an integer', delay);
  if (delay < 0 || delay > 4294967295) throw outOfRange('delay', '>= 0 && <= 4294967295', delay);
}

let isAbortSignal;
let signalState;

class AbortSignal extends EventTarget {
  #aborted = false;
  #reason = undefined;
  #dependants = new Set(); // signals made by AbortSignal.any() that follow this one
  #sources = null; // for AbortSignal.any() results: the plain signals they follow

  constructor(token) {
    if (token !== kCreate) throw nodeError(TypeError, 'ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor');
    super();
  }

  get aborted() {
    checkSignal(this);
    return this.#aborted;
  }

  get reason() {
    checkSignal(this);
    return this.#reason;
  }

  throwIfAborted() {
    checkSignal(this);
    if (this.#aborted) throw this.#reason;
  }

  static abort(reason = abortError()) {
    const signal = new AbortSignal(kCreate);
    signal.#aborted = true;
    signal.#reason = reason;
    return signal;
  }

  static timeout(delay) {
    validateDelay(delay);
    const signal = new AbortSignal(kCreate);
    const timer = setTimeout(() => {
      signalState.abort(signal, new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    }, delay);
    // A pending timeout signal must not keep the run alive.
    if (timer && typeof timer.unref === 'function') timer.unref();
    return signal;
  }

  static any(signals) {
    if (!Array.isArray(signals)) throw invalidArgType('signals', 'an instance of Array', signals);
    signals.forEach((s, i) => {
      if (!isAbortSignal(s)) throw invalidArgType(`signals[${i}]`, 'an instance of AbortSignal', s);
    });
    const result = new AbortSignal(kCreate);
    result.#sources = new Set();
    const aborted = signals.find((s) => s.#aborted);
    if (aborted) {
      result.#aborted = true;
      result.#reason = aborted.#reason;
      return result;
    }
    // Follow plain signals directly, and the sources of composite ones (the spec's flattening).
    for (const s of signals) {
      for (const source of s.#sources ?? [s]) {
        result.#sources.add(source);
        source.#dependants.add(result);
      }
    }
    return result;
  }

  static {
    isAbortSignal = (value) => value !== null && typeof value === 'object' && #aborted in value;
    signalState = {
      // Node 20 order: the source fires its 'abort' event, then its dependants are aborted.
      abort(signal, reason) {
        if (signal.#aborted) return;
        signal.#aborted = true;
        signal.#reason = reason;
        signal.dispatchEvent(new Event('abort', { [kTrusted]: true }));
        for (const dependant of signal.#dependants) signalState.abort(dependant, reason);
        signal.#dependants.clear();
        // An aborted composite no longer needs its other sources to hold on to it.
        for (const source of signal.#sources ?? []) source.#dependants.delete(signal);
      },
    };
  }
}

makeEnumerable(AbortSignal.prototype, ['aborted', 'reason', 'throwIfAborted']);
defineEventHandler(AbortSignal.prototype, 'abort');
defineToStringTag(AbortSignal, 'AbortSignal');

class AbortController {
  #signal = new AbortSignal(kCreate);

  get signal() {
    if (!(#signal in this)) throw invalidThis('AbortController');
    return this.#signal;
  }

  abort(reason = abortError()) {
    if (!(#signal in this)) throw invalidThis('AbortController');
    signalState.abort(this.#signal, reason);
  }
}

makeEnumerable(AbortController.prototype, ['signal', 'abort']);
defineToStringTag(AbortController, 'AbortController');

module.exports = {
  Event,
  EventTarget,
  CustomEvent,
  AbortController,
  AbortSignal,
  DOMException,
};

Object.defineProperty(module.exports, 'internals', {
  value: {
    ...validators,
    kResistStopPropagation,
    isEventTarget: (value) => isEventTarget(value),
    eventTargetListeners: (target, type) => targetState.listeners(target, type),
  },
});
