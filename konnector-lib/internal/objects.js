// Object helpers the saving modules share, with the semantics of the lodash functions the
// real library calls (konnectors' options and entries rely on them): `get` by a path,
// `cloneDeep` of entries, `uniqBy`, `groupBy`.
'use strict';

// 'a.b[0].c' -> ['a', 'b', '0', 'c'], as lodash's path syntax.
function pathKeys(path) {
  if (Array.isArray(path)) return path.map(String);
  const keys = [];
  String(path).replace(/[^.[\]]+|\[(?:(["'])(.*?)\1|([^\]]*))\]/g, (match, quote, quoted, inBrackets) => {
    keys.push(quote ? quoted : inBrackets !== undefined ? inBrackets : match);
    return match;
  });
  return keys;
}

function get(object, path, fallback) {
  let value = object;
  for (const key of pathKeys(path)) {
    if (value === null || value === undefined) return fallback;
    value = value[key];
  }
  return value === undefined ? fallback : value;
}

// Deep copy of plain data: dates and buffers copied, functions and streams (anything
// `readable`) kept by reference, other objects copied with their prototype.
function cloneDeep(value, seen = new Map()) {
  if (value === null || typeof value !== 'object') return value;
  if (value.readable) return value;
  if (seen.has(value)) return seen.get(value);
  let copy;
  if (value instanceof Date) return new Date(value.getTime());
  if (ArrayBuffer.isView(value)) {
    copy = value.slice();
    seen.set(value, copy);
    return copy;
  }
  if (Array.isArray(value)) {
    copy = [];
    seen.set(value, copy);
    for (const item of value) copy.push(cloneDeep(item, seen));
    return copy;
  }
  copy = Object.create(Object.getPrototypeOf(value));
  seen.set(value, copy);
  for (const key of Object.keys(value)) copy[key] = cloneDeep(value[key], seen);
  return copy;
}

// The first item of each key, in order (keys compared as SameValueZero).
function uniqBy(items, keyOf) {
  const seen = new Set();
  return items.filter((item) => {
    const key = keyOf(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function groupBy(items, keyOf) {
  const groups = {};
  for (const item of items) {
    const key = keyOf(item);
    if (!Object.prototype.hasOwnProperty.call(groups, key)) groups[key] = [];
    groups[key].push(item);
  }
  return groups;
}

module.exports = { get, cloneDeep, uniqBy, groupBy };
