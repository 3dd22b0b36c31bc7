// cheerio's `serializeArray`: the successful controls of forms (or of a selection of
// controls) as `{ name, value }`, by the same rules and selectors cheerio uses.
'use strict';

const { isElement } = require('konnector-lib/internal/html/document');

const SUBMITTABLE = 'input,select,textarea,keygen';
// A named control that is enabled, not a button or file input, and checked if checkable
// (cheerio's filter, with its `[name!=""]` checked below since it is not standard CSS).
const SUCCESSFUL =
  ':enabled:not(:submit, :button, :image, :reset, :file)' +
  ':is([checked], :not(:checkbox, :radio))';

function serializeArray(selection) {
  return selection
    .map((_, node) => {
      const $node = selection._make([node]);
      return isElement(node) && node.name === 'form'
        ? $node.find(SUBMITTABLE).toArray()
        : $node.filter(SUBMITTABLE).toArray();
    })
    .filter((_, node) => !!node.attribs.name)
    .filter(SUCCESSFUL)
    .map((_, node) => {
      const $node = selection._make([node]);
      const name = $node.attr('name');
      const value = $node.val() ?? '';
      const crlf = (text) => text.replace(/\r?\n/g, '\r\n');
      return Array.isArray(value)
        ? value.map((one) => ({ name, value: crlf(one) }))
        : { name, value: crlf(value) };
    })
    .toArray();
}

module.exports = { serializeArray };
