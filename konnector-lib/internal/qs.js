// Query strings and urlencoded forms as request writes them (with the `qs` package's
// defaults): nested objects as `a[b]=1`, arrays as `a[0]=1`, null as `a=`, undefined left
// out, dates as ISO strings, everything but RFC 3986's unreserved characters escaped.
'use strict';

const { Buffer } = require('buffer');

const encode = (text) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());

function stringify(object) {
  const pairs = [];
  const add = (key, value) => {
    if (value === undefined) return;
    if (value === null) {
      pairs.push(encode(key) + '=');
    } else if (value instanceof Date) {
      pairs.push(encode(key) + '=' + encode(value.toISOString()));
    } else if (Buffer.isBuffer(value)) {
      pairs.push(encode(key) + '=' + encode(value.toString()));
    } else if (typeof value === 'object') {
      for (const inner of Object.keys(value)) add(`${key}[${inner}]`, value[inner]);
    } else {
      pairs.push(encode(key) + '=' + encode(String(value)));
    }
  };
  for (const key of Object.keys(object || {})) add(key, object[key]);
  return pairs.join('&');
}

module.exports = { stringify };
