'use strict';
// `Stream`: the pre-streams2 base, an EventEmitter with a minimal `pipe`. Libraries such as
// `request`, `combined-stream` and `delayed-stream` inherit from it old-style
// (`util.inherits(X, Stream); Stream.call(this)`) and emit 'data'/'end' by hand.

const EventEmitter = require('events');

function Stream(opts) {
  EventEmitter.call(this, opts);
}
Object.setPrototypeOf(Stream.prototype, EventEmitter.prototype);
Object.setPrototypeOf(Stream, EventEmitter);

// Listeners that must run before the user's, even if those were added first.
function prependListener(emitter, event, fn) {
  if (typeof emitter.prependListener === 'function') {
    emitter.prependListener(event, fn);
    return;
  }
  // Emitters from before prependListener existed.
  const events = emitter._events;
  if (!events || !events[event]) emitter.on(event, fn);
  else if (Array.isArray(events[event])) events[event].unshift(fn);
  else events[event] = [fn, events[event]];
}

// Moves 'data' to `dest`, pausing the source while `dest.write` says it is full and ending or
// destroying `dest` when the source ends or closes.
Stream.prototype.pipe = function pipe(dest, options) {
  const source = this;

  function ondata(chunk) {
    if (dest.writable && dest.write(chunk) === false && source.pause) source.pause();
  }
  function ondrain() {
    if (source.readable && source.resume) source.resume();
  }
  source.on('data', ondata);
  dest.on('drain', ondrain);

  let didOnEnd = false;
  function onend() {
    if (didOnEnd) return;
    didOnEnd = true;
    dest.end();
  }
  function onclose() {
    if (didOnEnd) return;
    didOnEnd = true;
    if (typeof dest.destroy === 'function') dest.destroy();
  }
  // stdio is never ended by a pipe.
  if (!dest._isStdio && (!options || options.end !== false)) {
    source.on('end', onend);
    source.on('close', onclose);
  }

  function onerror(err) {
    cleanup();
    // Nobody else listens: rethrow as an unhandled 'error'.
    if (EventEmitter.listenerCount(this, 'error') === 0) this.emit('error', err);
  }
  prependListener(source, 'error', onerror);
  prependListener(dest, 'error', onerror);

  function cleanup() {
    source.removeListener('data', ondata);
    dest.removeListener('drain', ondrain);
    source.removeListener('end', onend);
    source.removeListener('close', onclose);
    source.removeListener('error', onerror);
    dest.removeListener('error', onerror);
    source.removeListener('end', cleanup);
    source.removeListener('close', cleanup);
    dest.removeListener('close', cleanup);
  }
  source.on('end', cleanup);
  source.on('close', cleanup);
  dest.on('close', cleanup);

  dest.emit('pipe', source);
  return dest;
};

// Only events that still have listeners (removed ones may leave empty slots behind).
Stream.prototype.eventNames = function eventNames() {
  const names = [];
  for (const key of Reflect.ownKeys(this._events)) {
    const listeners = this._events[key];
    if (typeof listeners === 'function' || (Array.isArray(listeners) && listeners.length > 0)) {
      names.push(key);
    }
  }
  return names;
};

module.exports = { Stream, prependListener };
