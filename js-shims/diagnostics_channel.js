'use strict';
// Node 20's `diagnostics_channel`: named in-process pub/sub channels that libraries (undici,
// for one) publish to when something subscribes, plus TracingChannel's start/end/async/error
// channel sets. Nothing in kvm itself publishes.
//
// Channels are kept by name for the whole run (Node may drop and recreate a channel nobody
// holds; the difference is not observable to a script that holds what it subscribed to).

const { invalidArgType } = require('internal/errors');

const channels = new Map();

function checkFunction(fn, name) {
  if (typeof fn !== 'function') throw invalidArgType(name, 'of type function', fn);
}

// A subscriber that throws must not break the publisher: its error is rethrown on the next
// tick, where it becomes an uncaught exception, as in Node.
function reportLater(error) {
  process.nextTick(() => {
    throw error;
  });
}

class Channel {
  #subscribers = [];
  #stores = new Map(); // AsyncLocalStorage -> transform

  constructor(name) {
    this.name = name;
  }

  get hasSubscribers() {
    return this.#subscribers.length > 0 || this.#stores.size > 0;
  }

  subscribe(subscription) {
    checkFunction(subscription, 'subscription');
    this.#subscribers = [...this.#subscribers, subscription];
  }

  unsubscribe(subscription) {
    const index = this.#subscribers.indexOf(subscription);
    if (index === -1) return false;
    this.#subscribers = this.#subscribers.filter((_, i) => i !== index);
    return true;
  }

  bindStore(store, transform) {
    this.#stores.set(store, transform);
  }

  unbindStore(store) {
    return this.#stores.delete(store);
  }

  publish(data) {
    for (const subscriber of this.#subscribers) {
      try {
        subscriber(data, this.name);
      } catch (error) {
        reportLater(error);
      }
    }
  }

  // Runs `fn` with each bound store set to its transform of `data`, after publishing `data`.
  runStores(data, fn, thisArg, ...args) {
    let run = () => {
      this.publish(data);
      return Reflect.apply(fn, thisArg, args);
    };
    for (const [store, transform] of this.#stores) {
      const next = run;
      run = () => {
        let value;
        try {
          value = transform === undefined ? data : transform(data);
        } catch (error) {
          reportLater(error);
          return next();
        }
        return store.run(value, next);
      };
    }
    return run();
  }
}

function channel(name) {
  const existing = channels.get(name);
  if (existing !== undefined) return existing;
  if (typeof name !== 'string' && typeof name !== 'symbol') {
    throw invalidArgType('channel', 'one of type string or symbol', name);
  }
  const created = new Channel(name);
  channels.set(name, created);
  return created;
}

function hasSubscribers(name) {
  const existing = channels.get(name);
  return existing !== undefined && existing.hasSubscribers;
}

function subscribe(name, subscription) {
  channel(name).subscribe(subscription);
}

function unsubscribe(name, subscription) {
  const existing = channels.get(name);
  return existing !== undefined && existing.unsubscribe(subscription);
}

// ---------------------------------------------------------------------------------------------
// TracingChannel

const TRACE_EVENTS = ['start', 'end', 'asyncStart', 'asyncEnd', 'error'];

function tracingChannels(nameOrChannels) {
  if (typeof nameOrChannels === 'string') {
    return TRACE_EVENTS.map((event) => channel(`tracing:${nameOrChannels}:${event}`));
  }
  if (nameOrChannels !== null && typeof nameOrChannels === 'object') {
    return TRACE_EVENTS.map((event) => {
      const given = nameOrChannels[event];
      if (!(given instanceof Channel)) {
        throw invalidArgType(`nameOrChannels.${event}`, 'an instance of Channel', given);
      }
      return given;
    });
  }
  throw invalidArgType('nameOrChannels',
    'of type string or an instance of TracingChannel or Object', nameOrChannels);
}

// Publishes the error to the error channel, then rethrows it.
function failed(tracing, context, error) {
  context.error = error;
  tracing.error.publish(context);
  throw error;
}

class TracingChannel {
  constructor(nameOrChannels) {
    tracingChannels(nameOrChannels).forEach((ch, i) => {
      Object.defineProperty(this, TRACE_EVENTS[i], { value: ch });
    });
  }

  get hasSubscribers() {
    return TRACE_EVENTS.some((event) => this[event].hasSubscribers);
  }

  subscribe(handlers) {
    for (const event of TRACE_EVENTS) {
      if (handlers[event]) this[event].subscribe(handlers[event]);
    }
  }

  unsubscribe(handlers) {
    let all = true;
    for (const event of TRACE_EVENTS) {
      if (handlers[event] && !this[event].unsubscribe(handlers[event])) all = false;
    }
    return all;
  }

  traceSync(fn, context = {}, thisArg, ...args) {
    if (!this.hasSubscribers) return Reflect.apply(fn, thisArg, args);
    return this.start.runStores(context, () => {
      try {
        const result = Reflect.apply(fn, thisArg, args);
        context.result = result;
        return result;
      } catch (error) {
        return failed(this, context, error);
      } finally {
        this.end.publish(context);
      }
    });
  }

  tracePromise(fn, context = {}, thisArg, ...args) {
    if (!this.hasSubscribers) return Reflect.apply(fn, thisArg, args);
    const settled = () => {
      this.asyncStart.publish(context);
      this.asyncEnd.publish(context);
    };
    const onResolve = (result) => {
      context.result = result;
      settled();
      return result;
    };
    const onReject = (error) => {
      context.error = error;
      this.error.publish(context);
      settled();
      return Promise.reject(error);
    };
    return this.start.runStores(context, () => {
      try {
        let promise = Reflect.apply(fn, thisArg, args);
        if (!(promise instanceof Promise)) promise = Promise.resolve(promise);
        return promise.then(onResolve, onReject);
      } catch (error) {
        return failed(this, context, error);
      } finally {
        this.end.publish(context);
      }
    });
  }

  // `position` says which argument is the Node-style callback (negative counts from the end).
  traceCallback(fn, position = -1, context = {}, thisArg, ...args) {
    if (!this.hasSubscribers) return Reflect.apply(fn, thisArg, args);
    const index = position < 0 ? args.length + position : position;
    const callback = args[index];
    checkFunction(callback, 'callback');
    const tracing = this;
    args.splice(index, 1, function tracedCallback(error, result) {
      if (error) {
        context.error = error;
        tracing.error.publish(context);
      } else {
        context.result = result;
      }
      const callbackArgs = arguments;
      tracing.asyncStart.runStores(context, () => {
        try {
          return Reflect.apply(callback, this, callbackArgs);
        } finally {
          tracing.asyncEnd.publish(context);
        }
      });
    });
    return this.start.runStores(context, () => {
      try {
        return Reflect.apply(fn, thisArg, args);
      } catch (error) {
        return failed(this, context, error);
      } finally {
        this.end.publish(context);
      }
    });
  }
}

function tracingChannel(nameOrChannels) {
  return new TracingChannel(nameOrChannels);
}

module.exports = {
  channel,
  hasSubscribers,
  subscribe,
  tracingChannel,
  unsubscribe,
  Channel,
};
