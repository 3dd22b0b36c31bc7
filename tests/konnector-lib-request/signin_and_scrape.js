// signin and scrape on the demo vendor (examples/demo-vendor), under node with the real
// cozy-konnector-libs 5.13 and under kvm with its own (tests/konnector_lib_request.rs):
// every line it prints must be the same.
const { signin, scrape, requestFactory } = require('cozy-konnector-libs')

const BASE = 'http://demo-vendor.test'
const ACCOUNT = { email: 'ada@example.com', password: 's3cret' }
const print = (...values) => console.log(values.map(v => (typeof v === 'string' ? v : JSON.stringify(v))).join(' '))

async function outcome(promise) {
  try {
    return await promise
  } catch (err) {
    return `rejected: ${err.message}`
  }
}

async function main() {
  // The form's hidden CSRF token goes with our fields; the 302 after the POST is followed.
  const request = requestFactory({ cheerio: true, jar: true })
  const $ = await signin({ url: `${BASE}/login`, formSelector: 'form', formData: { email: ACCOUNT.email, password: ACCOUNT.password }, requestInstance: request })
  print('signed in', $('p.welcome').text().trim(), $('h1').text())

  // formData as a function of the form page.
  const seen = []
  const $again = await signin({
    url: `${BASE}/login`,
    formSelector: 'form',
    formData: $form => {
      seen.push($form('input[type=hidden]').attr('name'))
      return ACCOUNT
    },
    validate: (statusCode, $page, full) => statusCode === 200 && full.request.uri.href.endsWith('/account')
  })
  print('form data function', seen, $again('p.welcome').length)

  print('wrong password', await outcome(signin({
    url: `${BASE}/login`,
    formSelector: 'form',
    formData: { email: ACCOUNT.email, password: 'wrong' },
    validate: (statusCode, $page, full) => !full.request.uri.href.includes('error=1')
  })))
  print('forged token', await outcome(signin({ url: `${BASE}/login`, formSelector: 'form', formData: { ...ACCOUNT, csrf_token: 'forged' } })))
  print('not a form', await outcome(signin({ url: `${BASE}/login`, formSelector: 'h1', formData: ACCOUNT })))
  print('raw', typeof (await signin({ url: `${BASE}/login`, formSelector: 'form', formData: ACCOUNT, parse: 'raw' })))
  try {
    signin({ url: `${BASE}/login`, formSelector: 'form', parse: 'yaml' })
  } catch (err) {
    print('unknown strategy', err.message)
  }
  try {
    signin({ formSelector: 'form' })
  } catch (err) {
    print('no url', err.message)
  }

  const $invoices = await request(`${BASE}/invoices?page=1`)
  const rows = scrape($invoices, {
    number: '.number',
    date: { sel: 'td.date' },
    amount: { sel: 'td.amount', parse: text => parseFloat(text.replace(',', '.')) },
    pdf: { sel: 'a.pdf', attr: 'href' },
    cells: { sel: 'td', fn: $cells => $cells.length },
    broken: { sel: 'td.date', parse: () => { throw new Error('unparsable') } }
  }, 'table.invoices tbody tr')
  print('rows', rows.length, rows[0], rows[rows.length - 1])
  print('one value', scrape($invoices('table.invoices tbody tr').first(), 'td.number'))
  print('one spec', scrape($invoices('table.invoices'), { sel: 'a.pdf', attr: 'href' }))
  print('done')
}

main().catch(err => {
  print('failed', err.stack || err)
  process.exitCode = 1
})
