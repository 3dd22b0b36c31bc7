// Document: a base class for documents a konnector models, with `validate(attrs)` (if the
// subclass has one), `metadata.version` (from the subclass' static `version`) and `isEqual`.
'use strict';

// Deep equality; unless strict, a Date equals its ISO string (documents read back from the
// Cozy hold strings where freshly scraped ones hold dates).
function equal(a, b, strict) {
  if (!strict && a instanceof Date) return a.toISOString() === (b instanceof Date ? b.toISOString() : b);
  if (a === b) return true;
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && equal(a[key], b[key], strict));
}

function without(doc, keys) {
  const copy = { ...doc };
  for (const key of keys) delete copy[key];
  return copy;
}

class Document {
  constructor(attrs) {
    if (this.validate) this.validate(attrs);
    Object.assign(this, attrs, {
      metadata: { version: (attrs.metadata && attrs.metadata.version) || this.constructor.version },
    });
  }

  toJSON() {
    return this;
  }

  // Equal to `other` but for `ignoreAttrs`; dates loosely unless `strict`.
  isEqual(other, ignoreAttrs = ['_id', '_rev'], strict = false) {
    return equal(without(this, ignoreAttrs), without(other, ignoreAttrs), strict);
  }
}

module.exports = Document;
