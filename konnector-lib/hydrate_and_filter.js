// hydrateAndFilter(documents, doctype, options): drops the documents already in the Cozy,
// so a konnector saves each only once. Documents are the same when equal on options.keys
// (default `_id`; `date` compared as a date); one found in the Cozy gets its `_id`, `_rev`
// (and cozyMetadata) so later steps update it, and is kept only if shouldUpdate says so
// (a new one if shouldSave does; both may be options or methods of the entry).
'use strict';

const { queryAll } = require('konnector-lib/utils');
const { get, uniqBy } = require('konnector-lib/internal/objects');
const log = require('konnector-lib/internal/logger').namespace('hydrateAndFilter');

// A predicate taking more arguments than it declares is a method of its first argument
// (`entry.shouldSave()`), as the real library decides.
function callPredicate(predicate, ...args) {
  return predicate.length < args.length
    ? predicate.apply(args[0], args.slice(1))
    : predicate.apply(null, args);
}

const saveAll = () => true;
const updateNone = () => false;

async function hydrateAndFilter(documents = [], doctype, options = {}) {
  log('debug', `${documents.length} items before hydrateAndFilter`);
  if (!doctype) throw new Error('Doctype is mandatory to filter the connector data.');

  const keys = options.keys ? options.keys : ['_id'];
  const keyOf = (item) =>
    keys.map((key) => (key === 'date' ? new Date(get(item, key)) : get(item, key))).join('####');

  const inCozy = new Map();
  for (const doc of await queryAll(doctype, options.selector || null)) inCozy.set(keyOf(doc), doc);

  for (const document of documents) {
    const found = inCozy.get(keyOf(document));
    if (found) {
      document._id = found._id;
      document._rev = found._rev;
      if (!document.cozyMetadata && found.cozyMetadata) document.cozyMetadata = found.cozyMetadata;
    }
  }

  const keep = await Promise.all(
    documents.map((entry) => {
      const found = inCozy.get(keyOf(entry));
      if (found) {
        return callPredicate(entry.shouldUpdate || options.shouldUpdate || updateNone, entry, found);
      }
      return callPredicate(entry.shouldSave || options.shouldSave || saveAll, entry);
    }),
  );
  const kept = uniqBy(
    documents.filter((_, i) => keep[i]),
    (entry) => (entry && entry._id) || entry,
  ).filter(Boolean);
  log('debug', `${kept.length} items after hydrateAndFilter`);
  return kept;
}

// filterData: the library's old name, kept with its deprecation warning.
function deprecated(...args) {
  require('konnector-lib/log')('warn', 'Use hydrateAndFilter now. filterData will be removed in cozy-konnector-libs@4');
  return hydrateAndFilter.apply(this, args);
}

module.exports = hydrateAndFilter;
module.exports.deprecated = deprecated;
