// `perf_hooks` and the `performance` global: a clock starting with the run.
'use strict';

const ops = require('internal/ops');

const timeOrigin = Date.now() - ops.now();
const marks = new Map();

const performance = {
  timeOrigin,
  now: () => ops.now(),
  mark(name) {
    const entry = { name, entryType: 'mark', startTime: ops.now(), duration: 0 };
    marks.set(name, entry);
    return entry;
  },
  measure(name, start, end) {
    const from = start === undefined ? 0 : (marks.get(start) || { startTime: 0 }).startTime;
    const to = end === undefined ? ops.now() : (marks.get(end) || { startTime: ops.now() }).startTime;
    return { name, entryType: 'measure', startTime: from, duration: to - from };
  },
  clearMarks(name) {
    if (name === undefined) marks.clear();
    else marks.delete(name);
  },
  toJSON() {
    return { timeOrigin };
  },
};

class PerformanceObserver {
  observe() {}
  disconnect() {}
}

module.exports = { performance, PerformanceObserver };
