// cheerio's selection (its `Cheerio` object) over native documents: an array-like of
// nodes (or of any values, after `map`). Each traversal or query is one native call over
// the handles of the whole selection; what follows it (de-duplication, ordering) is done
// here as cheerio does it, so results match cheerio's order too.
'use strict';

const ops = require('internal/ops');
const { HtmlNode, isElement } = require('konnector-lib/internal/html/document');

class Selection {
  constructor(doc, items) {
    Object.defineProperty(this, '_doc', { value: doc });
    for (let i = 0; i < items.length; i++) this[i] = items[i];
    this.length = items.length;
  }

  _make(items) {
    return new Selection(this._doc, items);
  }

  _fromHandles(handles) {
    return this._make(this._doc.nodes(handles));
  }

  _handles() {
    return this._doc.handles(this);
  }

  [Symbol.iterator]() {
    return Array.prototype[Symbol.iterator].call(this);
  }

  toArray() {
    return Array.prototype.slice.call(this);
  }

  get(i) {
    if (i == null) return this.toArray();
    return this[i < 0 ? this.length + i : i];
  }

  eq(i) {
    i = +i;
    if (i < 0) i = this.length + i;
    return this._make(this[i] === undefined ? [] : [this[i]]);
  }

  first() {
    return this.eq(0);
  }

  last() {
    return this.eq(-1);
  }

  slice(start, end) {
    return this._make(Array.prototype.slice.call(this, start, end));
  }

  index(needle) {
    if (needle == null) {
      return Array.prototype.indexOf.call(this.parent().children(), this[0]);
    }
    if (typeof needle === 'string') {
      const all = ops.htmlFind(this._doc.id, [0], needle);
      return this[0] instanceof HtmlNode ? all.indexOf(this[0]._handle) : -1;
    }
    return Array.prototype.indexOf.call(this, needle instanceof Selection ? needle[0] : needle);
  }

  each(fn) {
    for (let i = 0; i < this.length && fn.call(this[i], i, this[i]) !== false; i++);
    return this;
  }

  map(fn) {
    let items = [];
    for (let i = 0; i < this.length; i++) {
      const value = fn.call(this[i], i, this[i]);
      if (value != null) items = items.concat(value);
    }
    return this._make(items);
  }

  find(selector) {
    if (!selector) return this._make([]);
    if (typeof selector !== 'string') {
      const haystack = selector instanceof Selection ? selector.toArray() : [selector];
      const contexts = new Set(this.toArray());
      const inside = (node) => {
        for (let up = node instanceof HtmlNode ? node.parent : null; up; up = up.parent) {
          if (contexts.has(up)) return true;
        }
        return false;
      };
      return this._make(haystack.filter(inside));
    }
    return this._fromHandles(ops.htmlFind(this._doc.id, this._handles(), selector));
  }

  filter(match) {
    return this._make(filterItems(this._doc, this.toArray(), match));
  }

  not(match) {
    const kept = new Set(filterItems(this._doc, this.toArray(), match));
    return this._make(this.toArray().filter((node) => !kept.has(node)));
  }

  is(match) {
    if (!match) return false;
    return filterItems(this._doc, this.toArray(), match).length > 0;
  }

  has(match) {
    return this.filter((_, node) => this._make([node]).find(match).length > 0);
  }

  closest(selector) {
    if (!selector) return this._make([]);
    if (typeof selector === 'string') {
      return this._fromHandles(ops.htmlClosest(this._doc.id, this._handles(), selector));
    }
    const found = [];
    for (const handle of this._handles()) {
      let node = this._doc.node(handle);
      if (!isElement(node) && node.type !== 'root') node = node.parent;
      for (; node && isElement(node); node = node.parent) {
        if (matchesOne(node, 0, selector)) {
          if (!found.includes(node)) found.push(node);
          break;
        }
      }
    }
    return this._make(found);
  }

  contents() {
    return this._fromHandles(this._doc.relate(this._handles(), 'contents'));
  }

  text() {
    if (arguments.length > 0) throw unsupported('text(value)');
    return ops.htmlText(this._doc.id, this._handles());
  }

  html() {
    if (arguments.length > 0) throw unsupported('html(value)');
    const node = this[0];
    if (!(node instanceof HtmlNode)) return null;
    return ops.htmlInner(node._doc.id, node._handle) ?? null;
  }

  toString() {
    return ops.htmlOuter(this._doc.id, this._handles());
  }

  attr(name, value) {
    if (typeof name !== 'string' || value !== undefined) {
      if (name === undefined) return attribute(this[0]);
      throw unsupported('attr(name, value)');
    }
    return attribute(this[0], name);
  }

  data(name) {
    const node = this[0];
    if (!(node instanceof HtmlNode) || !isElement(node)) return undefined;
    const attribs = node.attribs;
    if (name !== undefined) {
      const key = 'data-' + name.replace(/[A-Z]/g, '-$&').toLowerCase();
      return Object.prototype.hasOwnProperty.call(attribs, key)
        ? parseData(attribs[key])
        : undefined;
    }
    const all = {};
    for (const key of Object.keys(attribs)) {
      if (key.startsWith('data-')) {
        const camel = key.slice(5).replace(/[_.-](\w|$)/g, (_, c) => c.toUpperCase());
        all[camel] = parseData(attribs[key]);
      }
    }
    return all;
  }

  hasClass(name) {
    return this.toArray().some((node) => {
      const classes = node instanceof HtmlNode && isElement(node) && node.attribs.class;
      return !!classes && name.length > 0 && classes.split(/[ \t\r\n\f]+/).includes(name);
    });
  }

  val() {
    if (arguments.length > 0) throw unsupported('val(value)');
    const node = this[0];
    if (!(node instanceof HtmlNode) || !isElement(node)) return undefined;
    switch (node.name) {
      case 'textarea':
        return this.text();
      case 'select': {
        const selected = this.find('option:selected');
        return this.attr('multiple')
          ? selected.toArray().map((option) => this._make([option]).text())
          : selected.attr('value');
      }
      case 'button':
      case 'input':
      case 'option':
        return this.attr('value');
    }
    return undefined;
  }

  serializeArray() {
    return require('konnector-lib/internal/html/forms').serializeArray(this);
  }
}

// Traversals: the relation each follows in Rust, and what cheerio does to the result
// when both the selection and the result have several nodes.
const unique = (handles) => Array.from(new Set(handles));
const documentOrder = (handles) => unique(handles).sort((a, b) => a - b);
const TRAVERSALS = {
  parent: unique,
  parents: (handles) => documentOrder(handles).reverse(),
  children: unique,
  next: null,
  prev: null,
  nextAll: unique,
  prevAll: unique,
  siblings: documentOrder,
};
for (const [relation, post] of Object.entries(TRAVERSALS)) {
  Selection.prototype[relation] = function (selector) {
    let handles = this._doc.relate(this._handles(), relation);
    if (selector) handles = this._doc.handles(filterItems(this._doc, this._doc.nodes(handles), selector));
    if (post && this.length > 1 && handles.length > 1) handles = post(handles);
    return this._fromHandles(handles);
  };
}

function matchesOne(node, i, match) {
  if (typeof match === 'function') return !!match.call(node, i, node);
  if (match instanceof Selection) return Array.prototype.includes.call(match, node);
  return match === node;
}

/// The items that `match` (a selector, a function, a selection or a node) keeps.
function filterItems(doc, items, match) {
  if (typeof match === 'string') {
    const kept = new Set(ops.htmlFilter(doc.id, doc.handles(items), match));
    return items.filter((item) => item instanceof HtmlNode && kept.has(item._handle));
  }
  return items.filter((item, i) => matchesOne(item, i, match));
}

// Attributes cheerio reads back as their own name when present (its `rboolean`).
const BOOLEAN_ATTRIBUTE =
  /^(?:autofocus|autoplay|async|checked|controls|defer|disabled|hidden|loop|multiple|open|readonly|required|scoped|selected)$/i;

/// cheerio's attribute read: all of them without a name, `undefined` when missing, with
/// the DOM's defaults for `option` and checkable inputs.
function attribute(node, name) {
  if (!(node instanceof HtmlNode) || !isElement(node)) return undefined;
  const attribs = node.attribs;
  if (!name) return attribs;
  if (Object.prototype.hasOwnProperty.call(attribs, name)) {
    return BOOLEAN_ATTRIBUTE.test(name) ? name : attribs[name];
  }
  if (node.name === 'option' && name === 'value') {
    return ops.htmlText(node._doc.id, node._doc.relate([node._handle], 'contents'));
  }
  if (
    node.name === 'input' &&
    (attribs.type === 'radio' || attribs.type === 'checkbox') &&
    name === 'value'
  ) {
    return 'on';
  }
  return undefined;
}

/// A `data-*` value as cheerio reads it: null, booleans, numbers and JSON become values.
function parseData(value) {
  if (value === 'null') return null;
  if (value === 'true') return true;
  if (value === 'false') return false;
  const number = Number(value);
  if (value === String(number)) return number;
  if (/^(?:\{[\w\W]*\}|\[[\w\W]*\])$/.test(value)) {
    try {
      return JSON.parse(value);
    } catch {
      // not JSON after all: the string itself
    }
  }
  return value;
}

function unsupported(what) {
  const error = new Error(
    `kvm's native cheerio does not support ${what}: documents are read-only; ` +
      'ship cheerio in the konnector (node_modules) to modify them',
  );
  error.code = 'ERR_KVM_CHEERIO_UNSUPPORTED';
  return error;
}

module.exports = { Selection, unsupported };
