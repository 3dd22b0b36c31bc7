// cheerio parsing a 2,000-row table of invoices and reading every cell, as a konnector's
// scraping does; prints a checksum (so runtimes can be compared) and the median time of a
// few parses, measured inside the script so process start-up is left out.
const cheerio = require('cheerio')

const ROWS = 2000
const ROUNDS = 7

const rows = []
for (let i = 0; i < ROWS; i++) {
  rows.push(
    `<tr class="invoice" data-id="INV-${i}"><td class="date">2024-${String((i % 12) + 1).padStart(2, '0')}-05</td>` +
      `<td class="amount">${(i * 1.37).toFixed(2)} €</td>` +
      `<td><a href="/invoices/INV-${i}.pdf" title="Invoice ${i}">PDF</a></td></tr>`
  )
}
const html = `<html><body><table id="invoices"><tbody>${rows.join('\n')}</tbody></table></body></html>`

function scrape() {
  const $ = cheerio.load(html)
  return $('#invoices tr.invoice')
    .map((_, row) => ({
      id: $(row).attr('data-id'),
      date: $(row).find('td.date').text(),
      amount: parseFloat($(row).find('td.amount').text()),
      pdf: $(row).find('a').attr('href')
    }))
    .get()
}

const times = []
let bills
for (let round = 0; round < ROUNDS; round++) {
  const started = performance.now()
  bills = scrape()
  times.push(performance.now() - started)
}
times.sort((a, b) => a - b)
const total = bills.reduce((sum, bill) => sum + bill.amount, 0)
console.log(`bills ${bills.length} total ${total.toFixed(2)} last ${bills[bills.length - 1].pdf}`)
console.log(`scrape-ms ${times[Math.floor(ROUNDS / 2)].toFixed(1)}`)
