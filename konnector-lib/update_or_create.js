// updateOrCreate(entries, doctype, matchingAttributes, options): each entry updates the
// first existing document of the doctype equal to it on every matching attribute (a path),
// else is created; both with the library's cozyMetadata, an update keeping the creation date.
'use strict';

const { data } = require('konnector-lib/internal/cozy');
const { withCozyMetadata } = require('konnector-lib/add_data');
const { get } = require('konnector-lib/internal/objects');
const log = require('konnector-lib/internal/logger').namespace('updateOrCreate');

async function updateOrCreate(entries = [], doctype, matchingAttributes = [], options = {}) {
  const existing = await data.all(doctype);
  const saved = [];
  for (const entry of entries) {
    const doc = withCozyMetadata(entry, options);
    const match = existing.find((found) =>
      matchingAttributes.every((attribute) => get(found, attribute) === get(doc, attribute)),
    );
    if (match) {
      log('debug', 'updating');
      if (match.cozyMetadata) doc.cozyMetadata.createdAt = match.cozyMetadata.createdAt;
      saved.push(await data.updateAttributes(doctype, match._id, doc));
    } else {
      log('debug', 'creating');
      saved.push(await data.create(doctype, doc));
    }
  }
  return saved;
}

module.exports = updateOrCreate;
