// The demo vendor shows dates and amounts the French way: 05/12/2024, 47,30 €.

/** '05/12/2024' → that day at 00:00 UTC (the same date whatever the machine's time zone). */
function parseFrenchDate(text) {
  const match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text.trim())
  if (!match) throw new Error(`Unexpected date on the invoices page: ${JSON.stringify(text)}`)
  const [, day, month, year] = match
  return new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)))
}

/** '47,30 €' → 47.3 */
function parseFrenchAmount(text) {
  const match = /^(\d+),(\d{2})\s*€$/.exec(text.trim())
  if (!match) throw new Error(`Unexpected amount on the invoices page: ${JSON.stringify(text)}`)
  return Number(`${match[1]}.${match[2]}`)
}

module.exports = { parseFrenchDate, parseFrenchAmount }
