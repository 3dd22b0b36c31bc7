// Small helpers over the Cozy's documents (the real library's `utils`).
'use strict';

const { data } = require('konnector-lib/internal/cozy');
const { groupBy } = require('konnector-lib/internal/objects');
const { unavailableError } = require('konnector-lib/internal/unavailable');

// Every document of the doctype.
function fetchAll(doctype) {
  return data.all(doctype);
}

// Every document matching a mango selector (all of them without one). The index argument of
// the real library is accepted and needless: the host makes the index the selector needs.
async function queryAll(doctype, selector, _index) {
  if (!selector) return data.all(doctype);
  return data.find(doctype, selector);
}

// Documents of a doctype grouped by options.keys (or options.hash): the first of each group
// in `toKeep`, the others in `toRemove` with `original` the kept one's id. Bills are
// ordered first by how many bank operations link them, so the most linked one is kept.
async function findDuplicates(doctype, options) {
  let hash;
  if (options.keys) {
    hash = (doc) =>
      options.keys.map((key) => (key === 'date' ? new Date(doc[key]) : doc[key])).join(',');
  } else if (options.hash) {
    hash = options.hash;
  } else {
    throw new Error('findDuplicates: you must specify keys or hash option');
  }

  let documents = await queryAll(doctype, options.selector);
  if (doctype === 'io.cozy.bills') {
    const operations = await fetchAll('io.cozy.bank.operations');
    documents = sortBillsByLinkedOperationNumber(documents, operations);
  }

  const toKeep = [];
  const toRemove = [];
  for (const group of Object.values(groupBy(documents, hash))) {
    toKeep.push(group[0]);
    for (const doc of group.slice(1)) toRemove.push({ ...doc, original: group[0]._id });
  }
  return { toKeep, toRemove };
}

// Bills with `opNb`, the number of operations whose `bills` name them, most linked first
// (one bill per id; ties in reverse order, as the real library's reversed stable sort).
function sortBillsByLinkedOperationNumber(bills, operations) {
  const byId = {};
  for (const bill of bills) {
    bill.opNb = 0;
    byId[bill._id] = bill;
  }
  for (const operation of operations || []) {
    for (const billId of operation.bills || []) {
      if (Object.prototype.hasOwnProperty.call(byId, billId)) byId[billId].opNb++;
    }
  }
  return Object.values(byId)
    .sort((a, b) => a.opNb - b.opNb)
    .reverse();
}

async function batchUpdateAttributes(doctype, ids, transformation) {
  const results = [];
  for (const id of ids) results.push(await data.updateAttributes(doctype, id, transformation));
  return results;
}

async function batchDelete(doctype, documents) {
  const results = [];
  for (const doc of documents) results.push(await data.delete(doctype, doc));
  return results;
}

// The text of a PDF file needs pdf.js (pdfjs-dist), which kvm does not embed.
async function getPdfText(_fileId, _options) {
  throw unavailableError(
    'utils.getPdfText',
    'it needs pdf.js (pdfjs-dist), which kvm does not embed; read the PDF in the konnector with a library it bundles',
  );
}

// 'yyyy-MM-dd' of a date, in local time.
function formatDate(date) {
  const d = new Date(date);
  if (Number.isNaN(d.getTime())) throw new RangeError('Invalid time value');
  const pad = (n, width = 2) => String(n).padStart(width, '0');
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

module.exports = {
  fetchAll,
  queryAll,
  findDuplicates,
  sortBillsByLinkedOperationNumber,
  batchUpdateAttributes,
  batchDelete,
  getPdfText,
  formatDate,
};
