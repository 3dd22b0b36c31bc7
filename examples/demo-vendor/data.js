// The demo vendor's fixed account: everything is constant so that what a konnector saves
// from it can be snapshotted.

const ACCOUNT = {
  email: 'ada@example.com',
  password: 's3cret',
  profile: {
    name: { first: 'Ada', last: 'Lovelace' },
    email: 'ada@example.com',
    address: {
      street: '12 St James’s Square',
      postcode: 'SW1Y 4JH',
      city: 'London',
      country: 'United Kingdom'
    },
    phone: '+44 20 7946 0018'
  }
}

// One invoice a month of 2024, amounts in euro cents (no float rounding in the data).
const CENTS = [3820, 4175, 4510, 3990, 3640, 3315, 3180, 3260, 3525, 4005, 4470, 4730]
const INVOICES = CENTS.map((cents, i) => {
  const month = String(i + 1).padStart(2, '0')
  return { id: `INV-2024-${month}`, date: `2024-${month}-05`, cents }
}).reverse() // newest first, as vendor sites list them

const PAGE_SIZE = 4
const PAGES = Math.ceil(INVOICES.length / PAGE_SIZE)

/** The invoices on page `page` (1-based), or null past the last page. */
function invoicePage(page) {
  if (!Number.isInteger(page) || page < 1 || page > PAGES) return null
  return INVOICES.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
}

function findInvoice(id) {
  return INVOICES.find(invoice => invoice.id === id) || null
}

module.exports = { ACCOUNT, PAGES, invoicePage, findInvoice }
