// saveBills(bills, fields, options): saveFiles, then hydrateAndFilter, addData and
// linkBankOperations for io.cozy.bills. A bill is saved only with its file (`invoice`
// `io.cozy.files:<id>`), needs a Date `date`, a number `amount` and a string `vendor`,
// gets a currency code (EUR by default, from €/$/£) and the manifest's
// banksTransactionRegExp as matchingCriterias.labelRegex; bills are the same on options.keys
// (default date, amount, vendor; plus contractId with contracts). Returns what
// linkBankOperations returns, as the real library does.
'use strict';

const { cloneDeep } = require('konnector-lib/internal/objects');
const addData = require('konnector-lib/add_data');
const hydrateAndFilter = require('konnector-lib/hydrate_and_filter');
const linkBankOperations = require('konnector-lib/link_bank_operations');
const manifest = require('konnector-lib/manifest');
const saveFiles = require('konnector-lib/save_files');
const { getPdfText } = require('konnector-lib/utils');
const log = require('konnector-lib/internal/logger').namespace('saveBills');

const DOCTYPE = 'io.cozy.bills';

// attribute -> [check, its name in the error]
const REQUIRED = {
  date: [(v) => v instanceof Date, 'isDate'],
  amount: [(v) => typeof v === 'number', 'isNumber'],
  vendor: [(v) => typeof v === 'string', 'isString'],
};

async function saveBills(inputEntries, fields, inputOptions = {}) {
  // Entries and options are changed on the way: work on copies.
  const entries = cloneDeep(inputEntries);
  const options = cloneDeep(inputOptions);
  if (!Array.isArray(entries) || entries.length === 0) {
    log('warn', 'saveBills: no bills to save');
    return;
  }
  if (!options.sourceAccount) log('warn', 'There is no sourceAccount given to saveBills');
  if (!options.sourceAccountIdentifier) {
    log('warn', 'There is no sourceAccountIdentifier given to saveBills');
  }
  if (typeof fields === 'string') fields = { folderPath: fields };

  options.keys = options.keys || Object.keys(REQUIRED);
  // A bill found again is updated when its file changed or it lacks what this library adds.
  const updateWhenIncomplete = (entry, dbEntry) =>
    entry.invoice !== dbEntry.invoice || !dbEntry.cozyMetadata || !dbEntry.matchingCriterias;
  const konnectorRule = options.shouldUpdate;
  options.shouldUpdate = konnectorRule
    ? (entry, dbEntry) => updateWhenIncomplete(entry, dbEntry) || konnectorRule(entry, dbEntry)
    : updateWhenIncomplete;

  let bills = await saveFiles(manageContractsData(entries, options), fields, options);
  if (options.processPdf) bills = bills.concat(await processPdfs(bills, options.processPdf));

  const labelRegex = manifest.data.banksTransactionRegExp || null;
  bills = bills
    .filter((entry) => !entry.__ignore && entry.fileDocument)
    .map((entry) => {
      entry.currency = currencyCode(entry.currency);
      entry.invoice = `io.cozy.files:${entry.fileDocument._id}`;
      const matchingCriterias = entry.matchingCriterias || {};
      if (labelRegex && !matchingCriterias.labelRegex) {
        matchingCriterias.labelRegex = labelRegex;
        entry.matchingCriterias = matchingCriterias;
      }
      delete entry.fileDocument;
      delete entry.fileAttributes;
      return entry;
    });
  checkRequiredAttributes(bills);

  bills = await hydrateAndFilter(bills, DOCTYPE, options);
  bills = await addData(bills, DOCTYPE, options);
  if (options.linkBankOperations === false) return bills;
  // The entries as saveFiles left them (the real library links these, not the saved copies).
  const linked = await linkBankOperations(entries, DOCTYPE, fields, options);
  log('debug', 'after linkbankoperation');
  return linked;
}

// options.processPdf(entry, text, pages) reads each saved PDF and may return more bills; a
// PDF it cannot read leaves its bill out.
async function processPdfs(bills, processPdf) {
  const more = [];
  for (const entry of bills) {
    if (!entry.fileDocument) continue;
    try {
      const content = await getPdfText(entry.fileDocument._id);
      const result = await processPdf(entry, content.text, content);
      if (result && result.length) more.push(...result);
    } catch (err) {
      log('warn', `processPdf: Failed to read pdf content in ${entry.fileDocument.name}`);
      log('warn', err.message);
      entry.__ignore = true;
    }
  }
  return more;
}

function currencyCode(currency) {
  if (!currency) return 'EUR';
  if (currency.includes('€')) return 'EUR';
  if (currency.includes('$')) return 'USD';
  if (currency.includes('£')) return 'GBP';
  return currency;
}

function checkRequiredAttributes(bills) {
  for (const bill of bills) {
    for (const [attribute, [check, name]] of Object.entries(REQUIRED)) {
      if (bill[attribute] == null) {
        throw new Error(`saveBills: an entry is missing the required ${attribute} attribute`);
      }
      if (!check(bill[attribute])) {
        throw new Error(`saveBills: an entry has a ${attribute} which does not respect ${name}`);
      }
    }
  }
}

// Contracts: options.contractId (labelled by options.contractLabel) applies to every bill
// and names the subfolder; else bills may carry their own contractId/contractLabel. Either
// way contractId joins the dedup keys.
function manageContractsData(entries, options) {
  if (options.contractLabel && options.contractId === undefined) {
    log('warn', 'contractLabel used without contractId, ignoring it.');
    return entries;
  }
  if (options.contractId) {
    options.contractLabel = options.contractLabel || options.contractId;
    options.subPath = options.contractLabel;
    options.keys.push('contractId');
    return entries.map((entry) => {
      entry.contractLabel = options.contractLabel;
      entry.contractId = options.contractId;
      return entry;
    });
  }
  if (entries.some((entry) => entry.contractId)) {
    options.keys.push('contractId');
    return entries.map((entry) => {
      if (entry.contractId) {
        entry.contractLabel = entry.contractLabel || entry.contractId;
        entry.subPath = entry.contractLabel;
      }
      return entry;
    });
  }
  return entries;
}

module.exports = saveBills;
module.exports.manageContractsData = manageContractsData;
