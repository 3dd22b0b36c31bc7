// The part of CouchDB's Mango selectors that cozy-konnector-libs' queries use: equality on
// (dotted or nested) fields and the operators below. An unknown operator is an error, so a
// query this fake cannot answer fails loudly instead of matching wrongly.

const OPERATORS = {
  $eq: (value, arg) => equal(value, arg),
  $ne: (value, arg) => !equal(value, arg),
  $gt: (value, arg) => value !== undefined && value > arg,
  $gte: (value, arg) => value !== undefined && value >= arg,
  $lt: (value, arg) => value !== undefined && value < arg,
  $lte: (value, arg) => value !== undefined && value <= arg,
  $in: (value, arg) => arg.some(item => equal(value, item)),
  $exists: (value, arg) => (value !== undefined) === arg
}

function matches(doc, selector) {
  return Object.entries(selector || {}).every(([key, condition]) => {
    if (key === '$and') return condition.every(part => matches(doc, part))
    if (key === '$or') return condition.some(part => matches(doc, part))
    return test(field(doc, key), condition)
  })
}

function test(value, condition) {
  if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) {
    return equal(value, condition)
  }
  return Object.entries(condition).every(([key, arg]) => {
    if (key.startsWith('$')) {
      const operator = OPERATORS[key]
      if (!operator) throw Object.assign(new Error(`the fake stack has no Mango ${key}`), { status: 400 })
      return operator(value, arg)
    }
    return test(value === undefined || value === null ? undefined : value[key], arg)
  })
}

function field(doc, dotted) {
  return dotted.split('.').reduce((value, key) => (value == null ? undefined : value[key]), doc)
}

function equal(a, b) {
  return JSON.stringify(a) === JSON.stringify(b)
}

module.exports = { matches }
