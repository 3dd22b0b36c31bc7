// kvm's cheerio, served as `require('cheerio')` to a konnector without its own copy and
// behind `requestFactory({ cheerio: true })`: `load(html)` parses natively (html5ever, in
// Rust) and returns a `$` with the read-only part of cheerio's API konnectors use.
'use strict';

const { HtmlDocument, HtmlNode } = require('konnector-lib/internal/html/document');
const { Selection, unsupported } = require('konnector-lib/internal/html/selection');

/// cheerio's test for a string to parse rather than to select with.
function isHtml(text) {
  const open = text.indexOf('<');
  if (open < 0 || open > text.length - 3) return false;
  const next = text[open + 1];
  return /[a-zA-Z!/]/.test(next) && text.includes('>', open + 2);
}

function load(content, options, isDocument) {
  if (options && (options.xml || options.xmlMode)) throw unsupported('XML mode');
  if (isDocument === false) throw unsupported('fragments (load(html, options, false))');
  const source =
    content == null ? '' : typeof content === 'string' ? content : contentString(content);
  const doc = new HtmlDocument(source);
  const root = new Selection(doc, [doc.node(0)]);

  function $(selector, context) {
    if (!selector) return new Selection(doc, []);
    if (selector instanceof Selection) return selector;
    if (selector instanceof HtmlNode) return new Selection(selector._doc, [selector]);
    if (Array.isArray(selector)) {
      const owner = selector.find((item) => item instanceof HtmlNode);
      return new Selection(owner ? owner._doc : doc, selector);
    }
    if (typeof selector !== 'string') return new Selection(doc, [selector]);
    if (isHtml(selector)) return fragment(selector);
    if (context == null) return root.find(selector);
    if (typeof context === 'string') return root.find(`${context} ${selector}`);
    return $(context).find(selector);
  }

  $.root = () => root;
  $.html = (what) => {
    if (what == null) return root.html();
    return (typeof what === 'string' ? root.find(what) : $(what)).toString();
  };
  $.text = (nodes) => (nodes == null ? root : $(nodes)).text();
  $.contains = (container, contained) => {
    for (let up = contained.parent; up; up = up.parent) if (up === container) return true;
    return false;
  };
  return $;
}

/// `$('<p>...</p>')`: new nodes parsed as a document's body (cheerio parses a fragment:
/// the same for flow content, not for table parts such as a lone `<tr>`).
function fragment(html) {
  const doc = new HtmlDocument(html);
  const body = new Selection(doc, [doc.node(0)]).find('body');
  return body.contents();
}

function contentString(content) {
  if (content instanceof Uint8Array) return Buffer.from(content).toString('utf8');
  if (content instanceof Selection) return content.toString();
  if (content instanceof HtmlNode) return new Selection(content._doc, [content]).toString();
  return String(content);
}

module.exports = { load, default: { load } };
