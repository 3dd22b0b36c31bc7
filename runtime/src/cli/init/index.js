// {{name}}: signs in to the vendor's site, reads the bills it lists and saves them with
// their PDFs. Adapt BASE_URL, the sign-in form and the selectors to the real site.

const {
  BaseKonnector,
  requestFactory,
  signin,
  scrape,
  saveBills,
  log,
  errors
} = require('cozy-konnector-libs')

const BASE_URL = 'https://www.example.com'
const VENDOR = '{{slug}}'

// One cookie jar for every request, so that the session cookie goes along.
const request = requestFactory({ cheerio: true, jar: true })

module.exports = new BaseKonnector(start)

async function start(fields) {
  log('info', 'Signing in')
  await authenticate(fields.login, fields.password)
  log('info', 'Fetching the bills')
  const bills = await fetchBills()
  log('info', `Saving ${bills.length} bills`)
  await saveBills(bills, fields, {
    identifiers: [VENDOR],
    contentType: 'application/pdf',
    sourceAccount: this.accountId,
    sourceAccountIdentifier: fields.login
  })
}

// signin loads the form, keeps its hidden inputs (a CSRF token) and posts them with ours.
async function authenticate(login, password) {
  const $ = await signin({
    url: `${BASE_URL}/login`,
    formSelector: 'form',
    formData: { login, password },
    requestInstance: request
  })
  if ($('.error').length > 0) {
    throw new Error(errors.LOGIN_FAILED)
  }
}

async function fetchBills() {
  const $ = await request(`${BASE_URL}/bills`)
  return scrape(
    $,
    {
      date: { sel: '.date', parse: text => new Date(text.trim()) },
      amount: { sel: '.amount', parse: text => parseFloat(text.replace(',', '.')) },
      vendorRef: { sel: '.number' },
      pdf: { sel: 'a', attr: 'href' }
    },
    'table.bills tbody tr'
  ).map(({ date, amount, vendorRef, pdf }) => ({
    vendor: VENDOR,
    vendorRef,
    date,
    amount,
    currency: 'EUR',
    fileurl: new URL(pdf, BASE_URL).href,
    filename: `${date.toISOString().slice(0, 10)}_${VENDOR}_${vendorRef}.pdf`
  }))
}
