// The demo konnector: signs in to the demo vendor (a form with a CSRF token and a session
// cookie), walks its paginated invoices, saves them as bills with their PDFs, and saves
// the user's identity from the vendor's JSON profile.

const {
  BaseKonnector,
  requestFactory,
  signin,
  scrape,
  saveBills,
  saveIdentity,
  log,
  errors
} = require('cozy-konnector-libs')
const { parseFrenchDate, parseFrenchAmount } = require('./parse')

// The vendor's name never changes: tests point it at a local server (kvm with --resolve
// and --connect-to, node through HTTP_PROXY), so the saved URLs are the same everywhere.
const BASE_URL = 'http://demo-vendor.test'
const VENDOR = 'demo-vendor'

// One cookie jar (jar: true is request's global jar) for the pages, the JSON profile and
// the PDF downloads of saveBills, so they all carry the session cookie.
const request = requestFactory({ cheerio: true, jar: true })
const requestJson = requestFactory({ json: true, jar: true })

module.exports = new BaseKonnector(start)

async function start(fields) {
  log('info', 'Signing in')
  await authenticate(fields.login, fields.password)
  log('info', 'Signed in')

  const bills = await fetchBills()
  log('info', `Found ${bills.length} invoices, saving them`)
  await saveBills(bills, fields, {
    // How the vendor's debits are labelled on bank statements, to link bills to them.
    identifiers: ['demo vendor'],
    fileIdAttributes: ['vendorRef'],
    contentType: 'application/pdf',
    sourceAccount: this.accountId,
    sourceAccountIdentifier: fields.login
  })

  log('info', 'Saving the identity')
  await saveIdentity(await fetchIdentity(), fields.login)
}

// signin loads the form, keeps its hidden inputs (the CSRF token) and posts them with ours;
// the request follows the 302 to /account, or back to /login?error=1 on a wrong password.
async function authenticate(login, password) {
  const $ = await signin({
    url: `${BASE_URL}/login`,
    formSelector: 'form',
    formData: { email: login, password },
    requestInstance: request
  })
  const refusal = $('p.error').text().trim()
  if (refusal) {
    log('warn', `The vendor refused the sign-in: ${refusal}`)
    throw new Error(errors.LOGIN_FAILED)
  }
  if ($('p.welcome').length !== 1) {
    log('warn', `Signing in led to an unknown page: ${$('h1').text()}`)
    throw new Error(errors.VENDOR_DOWN)
  }
}

async function fetchBills() {
  const bills = []
  let url = `${BASE_URL}/invoices?page=1`
  while (url) {
    log('debug', `Reading ${url}`)
    const $ = await request(url)
    const rows = scrape(
      $,
      {
        date: { sel: 'td.date', parse: parseFrenchDate },
        amount: { sel: 'td.amount', parse: parseFrenchAmount },
        vendorRef: { sel: 'td.number' },
        pdf: { sel: 'a.pdf', attr: 'href' }
      },
      'table.invoices tbody tr'
    )
    for (const { date, amount, vendorRef, pdf } of rows) {
      bills.push({
        vendor: VENDOR,
        vendorRef,
        date,
        amount,
        currency: 'EUR',
        fileurl: new URL(pdf, url).href,
        filename: `${date.toISOString().slice(0, 10)}_${VENDOR}_${amount.toFixed(2)}EUR_${vendorRef}.pdf`
      })
    }
    const next = $('a.next').attr('href')
    url = next ? new URL(next, url).href : null
  }
  return bills
}

async function fetchIdentity() {
  const profile = await requestJson(`${BASE_URL}/api/profile`)
  const { street, postcode, city, country } = profile.address
  return {
    contact: {
      name: { givenName: profile.name.first, familyName: profile.name.last },
      email: [{ address: profile.email }],
      address: [
        {
          street,
          postCode: postcode,
          city,
          country,
          formattedAddress: `${street}, ${postcode} ${city}, ${country}`
        }
      ],
      phone: [{ number: profile.phone, type: 'voice' }]
    }
  }
}
