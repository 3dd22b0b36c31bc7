// The library's declarative `scrape($, specs, childSelector)`: each spec is a selector
// string or { sel, attr, parse, fn, index }; the value is the trimmed text of what `sel`
// finds (or its `attr`, or `fn(node)`), passed through `parse`. With `childSelector`, one
// object per child; a spec that throws leaves its property out and logs a warning.
'use strict';

const log = require('konnector-lib/internal/logger').namespace('scrape');

const toSpec = (spec) => (typeof spec === 'string' ? { sel: spec } : spec);

function scrape($, specs, childSelector) {
  // One value: a selector or a spec of its own.
  if (typeof specs === 'string' || (specs.sel && typeof specs.sel === 'string')) {
    return scrape($, { val: specs }).val;
  }
  if (childSelector !== undefined) {
    return Array.from(($.find || $)(childSelector)).map((child) => scrape($(child), specs));
  }
  const result = {};
  for (const name of Object.keys(specs)) {
    try {
      const spec = toSpec(specs[name]);
      let node = spec.sel ? $.find(spec.sel) : $;
      if (spec.index) node = node.get(spec.index);
      let value;
      if (spec.fn) value = spec.fn(node);
      else if (spec.attr) value = node.attr(spec.attr);
      else {
        value = node && node.text();
        value = value && value.trim();
      }
      if (spec.parse) value = spec.parse(value);
      result[name] = value;
    } catch (err) {
      log('warn', 'Could not parse for', name);
      log('warn', err);
    }
  }
  return result;
}

module.exports = scrape;
