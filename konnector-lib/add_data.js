// addData(entries, doctype, options): saves each entry as it is, in order, with the
// library's cozyMetadata (options.sourceAccount, options.sourceAccountIdentifier); an entry
// with an `_id` (hydrated by hydrateAndFilter) updates that document.
'use strict';

const { data } = require('konnector-lib/internal/cozy');
const { getCozyMetadata } = require('konnector-lib/manifest');
const log = require('konnector-lib/internal/logger').namespace('addData');

// The document saved for `entry`: its own cozyMetadata (if any) wins, as in the real library.
function withCozyMetadata(entry, options) {
  return {
    cozyMetadata: getCozyMetadata({
      ...entry.cozyMetadata,
      sourceAccount: options.sourceAccount,
      sourceAccountIdentifier: options.sourceAccountIdentifier,
    }),
    ...entry,
  };
}

async function addData(entries, doctype, options = {}) {
  const saved = [];
  for (const entry of entries) {
    log('debug', entry, 'Adding this entry');
    const doc = withCozyMetadata(entry, options);
    // An update names the revision first, as cozy-client-js sends it.
    const dbEntry = doc._id
      ? await data.update(doctype, { _id: doc._id, _rev: doc._rev, ...doc })
      : await data.create(doctype, doc);
    saved.push(dbEntry);
  }
  return saved;
}

module.exports = addData;
module.exports.withCozyMetadata = withCozyMetadata;
