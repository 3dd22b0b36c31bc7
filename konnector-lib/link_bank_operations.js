// linkBankOperations(bills, doctype, fields, options): links bills to the bank operations
// that paid them (`bills: ['io.cozy.bills:<id>']` on the debit) and, for refunds, to the
// credit that reimbursed them (`reimbursements` on the debit), as the real library does:
// candidates within options.pastWindow/futureWindow days (15/29) and amountDelta (0.001) of
// the bill, labelled with one of options.identifiers (or fields.bank_identifier), health
// bills with health operations, the closest (date weighing 0.7, amount 0.3) chosen; bills of
// one day and vendor that match no operation alone are tried as sums. Changes are written
// in one _bulk_docs. Returns `{ [billId]: { bill, debitOperation, creditOperation } }`, or
// undefined after a warning when linking fails.
'use strict';

const { data } = require('konnector-lib/internal/cozy');
const { groupBy } = require('konnector-lib/internal/objects');
const { formatDate } = require('konnector-lib/utils');
const log = require('konnector-lib/internal/logger').namespace('linkBankOperations');

const OPERATIONS = 'io.cozy.bank.operations';
const DAY_MS = 24 * 60 * 60 * 1000;

const HEALTH_VENDORS = [
  'Ameli',
  'Harmonie',
  'Malakoff Mederic',
  'MGEN',
  'Generali',
  'ascoreSante',
  'EoviMCD',
  'Humanis',
  'Alan',
  'lamutuellegenerale',
];
const HEALTH_EXPENSE_CATEGORY = '400610';
const HEALTH_INSURANCE_CATEGORY = '400620';
const UNCATEGORIZED = '0';

// ---- dates (local time, as date-fns) ----

function addDays(date, days) {
  const result = new Date(date);
  result.setDate(result.getDate() + days);
  return result;
}

// Whole days from `right` to `left`, truncated toward zero.
function differenceInDays(left, right) {
  const days = Math.trunc((new Date(left) - new Date(right)) / DAY_MS);
  return days === 0 ? 0 : days;
}

const isoDay = (date) => new Date(date).toISOString().slice(0, 10);
const billDate = (bill) => bill.originalDate || bill.date;

// ---- where a bill's operation is ----

// The operation amount a bill stands for: a debit of its original amount, or a credit of its
// (group) amount.
function operationAmount(bill, options) {
  return options && options.credit ? bill.groupAmount || bill.amount : -(bill.originalAmount || bill.amount);
}

function operationDate(bill, options) {
  const date = options && options.credit ? bill.date : bill.originalDate || bill.date;
  return date ? new Date(date) : new Date();
}

function dateRange(bill, options) {
  const date = operationDate(bill, options);
  return { minDate: addDays(date, -options.pastWindow), maxDate: addDays(date, options.futureWindow) };
}

function amountRange(bill, options) {
  const amount = operationAmount(bill, options);
  return { minAmount: amount - options.minAmountDelta, maxAmount: amount + options.maxAmountDelta };
}

const categoryOf = (operation) =>
  operation.manualCategoryId || operation.automaticCategoryId || UNCATEGORIZED;

function isHealthOperation(operation) {
  const category = categoryOf(operation);
  return operation.amount < 0
    ? category === HEALTH_EXPENSE_CATEGORY
    : category === HEALTH_EXPENSE_CATEGORY || category === HEALTH_INSURANCE_CATEGORY;
}

const isHealthBill = (bill) => HEALTH_VENDORS.includes(bill.vendor);

// The operations that may be the bill's, best first.
function findOperation(bill, options, operations) {
  if (options.credit && !bill.isRefund) return undefined;
  const { minDate, maxDate } = dateRange(bill, options);
  const { minAmount, maxAmount } = amountRange(bill, options);
  if (minDate > maxDate) throw new RangeError('Invalid interval');
  const health = isHealthBill(bill);
  const identifiers = options.identifiers.map((id) => id.toLowerCase());
  const conditions = [
    // The neighbourhood the real library asks the stack for (dates as ISO strings)...
    (op) =>
      op.date > minDate.toISOString() &&
      op.date < maxDate.toISOString() &&
      op.amount > minAmount &&
      op.amount < maxAmount,
    // ...then its filters.
    (op) => new Date(op.date) >= minDate && new Date(op.date) <= maxDate,
    (op) => op.amount >= minAmount && op.amount <= maxAmount,
    (op) =>
      (options.allowUncategorized === true && categoryOf(op) == UNCATEGORIZED) ||
      (health ? isHealthOperation(op) : !isHealthOperation(op)),
  ];
  if (!options.credit) {
    conditions.push((op) => {
      const reimbursed = (op.reimbursements || []).reduce((sum, r) => sum + (r.amount || 0), 0);
      return reimbursed + bill.amount <= -op.amount;
    });
  }
  if (options.credit || !health) {
    conditions.push((op) => identifiers.some((id) => op.label.toLowerCase().includes(id)));
  }
  const candidates = operations.filter((op) => conditions.every((holds) => holds(op)));
  return closestFirst(bill, candidates)[0];
}

// Candidates by distance to the bill: days weigh 0.7, amount 0.3 (a stable sort).
function closestFirst(bill, operations) {
  const date = operationDate(bill);
  const amount = operationAmount(bill);
  const distance = (op) =>
    0.7 * Math.abs(differenceInDays(date, new Date(op.date))) + 0.3 * Math.abs(amount - op.amount);
  return operations
    .map((op) => [distance(op), op])
    .sort((a, b) => a[0] - b[0])
    .map(([, op]) => op);
}

// The k-subsets of `items`, in colexicographic order (as the real library's generator).
function combinationsOf(items, k) {
  if (k === 0) return [[]];
  if (items.length < k) return [];
  const last = items[items.length - 1];
  const rest = items.slice(0, -1);
  return [...combinationsOf(rest, k), ...combinationsOf(rest, k - 1).map((c) => [...c, last])];
}

class Linker {
  constructor() {
    this.toUpdate = [];
    this.groupVendors = ['Numéricable', 'Ameli', 'MGEN', 'Humanis'];
  }

  // Changes are kept on the operation and written together by commitChanges.
  updateAttributes(operation, attributes) {
    Object.assign(operation, attributes);
    this.toUpdate.push(operation);
  }

  commitChanges() {
    log('debug', `linkBankOperations: commiting ${this.toUpdate.length} changes`);
    return data.bulk(OPERATIONS, this.toUpdate);
  }

  // Bills being removed are unlinked, their `original` linked instead.
  removeBillsFromOperations(bills, operations) {
    log('debug', `Removing ${bills.length} bills from bank operations`);
    for (const op of operations) {
      let linked = op.bills || [];
      let changed = false;
      for (const bill of bills) {
        const id = `io.cozy.bills:${bill._id}`;
        if (!linked.includes(id)) continue;
        changed = true;
        linked = linked.filter((b) => b !== id && b !== `io.cozy.bills:${bill.original}`);
        if (bill.original) linked.push(`io.cozy.bills:${bill.original}`);
      }
      if (changed) {
        log('info', `Bank operation ${op._id}:  Replacing ${JSON.stringify(op.bills)} by ${JSON.stringify(linked)}`);
        this.updateAttributes(op, { bills: linked });
      }
    }
  }

  addBillToOperation(bill, operation) {
    if (!bill._id) {
      log('warn', 'bill has no id, impossible to add it to an operation');
      return;
    }
    const id = `io.cozy.bills:${bill._id}`;
    if (operation.bills && operation.bills.includes(id)) return;
    this.updateAttributes(operation, { bills: [...(operation.bills || []), id] });
  }

  addReimbursementToOperation(bill, debit, credit) {
    if (!bill._id) {
      log('warn', 'bill has no id, impossible to add it as a reimbursement');
      return;
    }
    const id = `io.cozy.bills:${bill._id}`;
    if (debit.reimbursements && debit.reimbursements.some((r) => r.billId === id)) return;
    const reimbursements = debit.reimbursements || [];
    reimbursements.push({ billId: id, amount: bill.amount, operationId: credit && credit._id });
    this.updateAttributes(debit, { reimbursements });
  }

  getOptions(given = {}) {
    const options = { ...given };
    if (typeof options.identifiers === 'string') {
      options.identifiers = [options.identifiers.toLowerCase()];
    } else if (Array.isArray(options.identifiers)) {
      options.identifiers = options.identifiers.map((id) => id.toLowerCase());
    } else {
      throw new Error('linkBankOperations cannot be called without "identifiers" option');
    }
    options.amountDelta ??= 0.001;
    options.minAmountDelta ??= options.amountDelta;
    options.maxAmountDelta ??= options.amountDelta;
    options.pastWindow ??= 15;
    options.futureWindow ??= 29;
    return options;
  }

  async linkBillsToOperations(bills, givenOptions) {
    const options = this.getOptions(givenOptions);
    const result = {};
    const operations = await data.all(OPERATIONS);
    if (options.billsToRemove && options.billsToRemove.length) {
      this.removeBillsFromOperations(options.billsToRemove, operations);
    }
    for (const bill of bills.filter((b) => !b.isThirdPartyPayer)) {
      const linked = (result[bill._id] = { bill });
      if (operations.length === 0) continue;
      const debit = findOperation(bill, options, operations);
      if (debit) {
        log('debug', `bills: Matching bill ${bill.subtype || bill.filename} (${isoDay(bill.date)}) with debit operation ${debit.label} (${isoDay(debit.date)})`);
        this.addBillToOperation(bill, debit);
        linked.debitOperation = debit;
      }
      if (bill.isRefund) {
        const credit = findOperation(bill, { ...options, credit: true }, operations);
        if (credit) {
          this.addBillToOperation(bill, credit);
          linked.creditOperation = credit;
          if (debit) this.addReimbursementToOperation(bill, debit, credit);
        }
      }
    }
    this.findCombinations(result, options, operations);
    await this.commitChanges();
    return result;
  }

  // Bills of one day and vendor that match nothing alone, tried as sums (pairs first), until
  // no sum matches.
  findCombinations(result, options, operations) {
    log('debug', 'finding combinations');
    let found;
    do {
      found = false;
      const unlinked = Object.values(result)
        .filter((r) => !r.debitOperation)
        .map((r) => r.bill);
      const groupable = unlinked.filter(
        (bill) => billDate(bill) && (bill.type === 'health_costs' || this.groupVendors.includes(bill.vendor)),
      );
      const groups = Object.values(groupBy(groupable, (bill) => [formatDate(billDate(bill)), bill.vendor]));
      const combined = [];
      for (const group of groups) {
        for (let k = 2; k <= group.length; k++) {
          for (const combination of combinationsOf(group, k)) combined.push(combineBills(combination));
        }
      }
      for (const bill of combined) {
        const debit = findOperation(bill, options, operations);
        if (!debit) continue;
        found = true;
        for (const original of bill.originalBills) {
          const linked = result[original._id];
          linked.debitOperation = debit;
          if (linked.creditOperation) {
            this.addReimbursementToOperation(original, debit, linked.creditOperation);
          }
        }
        break;
      }
    } while (found);
    return result;
  }
}

function combineBills(bills) {
  // Missing values are skipped, and a sum of none is undefined (lodash's sumBy).
  const sum = (key) =>
    bills.reduce((total, bill) => (bill[key] === undefined ? total : (total ?? 0) + bill[key]), undefined);
  return {
    ...bills[0],
    _id: ['combined', ...bills.map((bill) => bill._id)].join(':'),
    amount: sum('amount'),
    originalAmount: sum('originalAmount'),
    originalBills: bills,
  };
}

async function linkBankOperations(bills, doctype, fields, options = {}) {
  if (fields.bank_identifier && fields.bank_identifier.length) {
    options.identifiers = [fields.bank_identifier];
  }
  try {
    return await new Linker().linkBillsToOperations(bills, options);
  } catch (err) {
    log('warn', err, 'Problem when linking operations');
  }
}

module.exports = linkBankOperations;
module.exports.Linker = Linker;
