// A parsed HTML document on the JS side: its id in the run's native store
// (runtime/src/html/) and the node objects made for its handles. Node objects have the
// domhandler fields konnector code reads (`type`, `name`, `attribs`, `children`, `data`,
// `parent`, ...), each fetched from Rust on first read. One object per node, so `===`
// and `includes` work as on cheerio's nodes.
'use strict';

const ops = require('internal/ops');

// The native tree goes when the script holds neither the document, nor a node, nor a
// selection of it (each refers to its document).
const registry = new FinalizationRegistry((id) => ops.htmlFree(id));

const NODE_TYPES = { tag: 1, script: 1, style: 1, directive: 1, text: 3, comment: 8, root: 9 };

class HtmlDocument {
  constructor(source) {
    this.id = ops.htmlParse(source);
    this.cache = [];
    registry.register(this, this.id);
  }

  node(handle) {
    return this.cache[handle] || (this.cache[handle] = new HtmlNode(this, handle));
  }

  nodes(handles) {
    return handles.map((handle) => this.node(handle));
  }

  /// The handles of `items` that are nodes of this document.
  handles(items) {
    const handles = [];
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (item instanceof HtmlNode && item._doc === this) handles.push(item._handle);
    }
    return handles;
  }

  relate(handles, relation) {
    return ops.htmlRelate(this.id, handles, relation);
  }
}

function one(doc, handle, relation) {
  const [found] = doc.relate([handle], relation);
  return found === undefined ? null : doc.node(found);
}

class HtmlNode {
  constructor(doc, handle) {
    this._doc = doc;
    this._handle = handle;
    const [type, value] = ops.htmlDescribe(doc.id, handle);
    this.type = type;
    this._value = value;
  }

  get nodeType() {
    return NODE_TYPES[this.type];
  }

  get name() {
    return isElement(this) ? this._value : this.type === 'directive' ? '!doctype' : undefined;
  }

  get tagName() {
    return isElement(this) ? this._value : undefined;
  }

  get data() {
    if (this.type === 'text' || this.type === 'comment') return this._value;
    return this.type === 'directive' ? '!DOCTYPE ' + this._value : undefined;
  }

  get attribs() {
    if (!isElement(this)) return undefined;
    if (this._attribs === undefined) {
      const flat = ops.htmlAttributes(this._doc.id, this._handle);
      const attribs = {};
      for (let i = 0; i < flat.length; i += 2) attribs[flat[i]] = flat[i + 1];
      this._attribs = attribs;
    }
    return this._attribs;
  }

  get children() {
    return this._doc.nodes(this._doc.relate([this._handle], 'contents'));
  }

  get childNodes() {
    return this.children;
  }

  get firstChild() {
    return this.children[0] || null;
  }

  get lastChild() {
    const children = this.children;
    return children[children.length - 1] || null;
  }

  get parent() {
    return one(this._doc, this._handle, 'parentNode');
  }

  get parentNode() {
    return this.parent;
  }

  get next() {
    return one(this._doc, this._handle, 'nextNode');
  }

  get nextSibling() {
    return this.next;
  }

  get prev() {
    return one(this._doc, this._handle, 'prevNode');
  }

  get previousSibling() {
    return this.prev;
  }
}

function isElement(node) {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

module.exports = { HtmlDocument, HtmlNode, isElement };
