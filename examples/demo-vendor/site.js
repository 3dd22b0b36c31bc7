// The demo vendor's routes: a sign-in form guarded by a CSRF token and a cookie session,
// an account page, paginated invoices with their PDFs, and a JSON profile.

const crypto = require('crypto')
const { ACCOUNT, PAGES, invoicePage, findInvoice } = require('./data')
const { loginPage, accountPage, invoicesPage } = require('./pages')
const { textPdf } = require('./pdf')

// The name konnectors use for this site. Requests may also arrive in a proxy's absolute
// form (`GET http://demo-vendor.test/login`), which is how node reaches it by that name
// (HTTP_PROXY=this server): such requests are served only for this name.
const VENDOR_HOST = 'demo-vendor.test'
const COOKIE = 'demo_sid'
const MAX_FORM_BYTES = 16 * 1024

/** A request handler with its own sessions: sid → { csrf } before sign-in, { user } after. */
function createSite() {
  const sessions = new Map()

  function newSession(data) {
    const sid = crypto.randomBytes(16).toString('hex')
    sessions.set(sid, data)
    return `${COOKIE}=${sid}; Path=/; HttpOnly`
  }

  function session(req) {
    const sid = cookies(req)[COOKIE]
    return { sid, data: sid ? sessions.get(sid) : undefined }
  }

  function signedIn(req) {
    const { data } = session(req)
    return Boolean(data && data.user)
  }

  const routes = {
    'GET /': (req, res) => redirect(res, '/account'),

    'GET /login': (req, res, url) => {
      const csrf = crypto.randomBytes(16).toString('hex')
      res.setHeader('Set-Cookie', newSession({ csrf }))
      send(res, 200, 'text/html', loginPage(csrf, url.searchParams.get('error') === '1'))
    },

    'POST /login': async (req, res) => {
      const form = await readForm(req)
      const { sid, data } = session(req)
      if (!data || data.user) {
        return send(res, 403, 'text/plain', 'No sign-in session: load /login first, keeping its cookie.\n')
      }
      if (form.get('csrf_token') !== data.csrf) {
        return send(res, 403, 'text/plain', 'Invalid CSRF token: send the one of the /login form.\n')
      }
      sessions.delete(sid) // a sign-in session is good for one attempt
      if (form.get('email') !== ACCOUNT.email || form.get('password') !== ACCOUNT.password) {
        return redirect(res, '/login?error=1')
      }
      res.setHeader('Set-Cookie', newSession({ user: ACCOUNT.email }))
      redirect(res, '/account')
    },

    'GET /account': (req, res) => {
      if (!signedIn(req)) return redirect(res, '/login')
      send(res, 200, 'text/html', accountPage(ACCOUNT.profile))
    },

    'GET /invoices': (req, res, url) => {
      if (!signedIn(req)) return redirect(res, '/login')
      const page = Number(url.searchParams.get('page') || '1')
      const invoices = invoicePage(page)
      if (!invoices) return send(res, 404, 'text/plain', `No page ${page}: pages are 1 to ${PAGES}.\n`)
      send(res, 200, 'text/html', invoicesPage(invoices, page, PAGES))
    },

    'GET /api/profile': (req, res) => {
      if (!signedIn(req)) {
        return send(res, 401, 'application/json', JSON.stringify({ error: 'not signed in' }))
      }
      send(res, 200, 'application/json', JSON.stringify(ACCOUNT.profile))
    }
  }

  function invoicePdf(req, res, id) {
    if (!signedIn(req)) return redirect(res, '/login')
    const invoice = findInvoice(id)
    if (!invoice) return send(res, 404, 'text/plain', `No invoice ${id}.\n`)
    const euros = (invoice.cents / 100).toFixed(2)
    const pdf = textPdf([
      'Demo Vendor',
      `Invoice ${invoice.id}`,
      `Date: ${invoice.date}`,
      `Amount: ${euros} EUR`,
      `Customer: ${ACCOUNT.profile.name.first} ${ACCOUNT.profile.name.last}`
    ])
    send(res, 200, 'application/pdf', pdf)
  }

  return async function handle(req, res) {
    try {
      const url = new URL(req.url, 'http://' + VENDOR_HOST)
      if (/^https?:/i.test(req.url) && url.hostname !== VENDOR_HOST) {
        return send(res, 502, 'text/plain', `This server is ${VENDOR_HOST} only, not ${url.host}: exclude that host from HTTP_PROXY with NO_PROXY.\n`)
      }
      const route = routes[`${req.method} ${url.pathname}`]
      if (route) return await route(req, res, url)
      const pdf = /^\/invoices\/([A-Z0-9-]+)\.pdf$/.exec(url.pathname)
      if (pdf && req.method === 'GET') return invoicePdf(req, res, pdf[1])
      send(res, 404, 'text/plain', `Nothing at ${req.method} ${url.pathname}.\n`)
    } catch (err) {
      send(res, err.status || 500, 'text/plain', `${err.message}\n`)
    }
  }
}

function cookies(req) {
  const jar = {}
  for (const pair of (req.headers.cookie || '').split(';')) {
    const eq = pair.indexOf('=')
    if (eq > 0) jar[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim()
  }
  return jar
}

function readForm(req) {
  const type = (req.headers['content-type'] || '').split(';')[0].trim()
  if (type !== 'application/x-www-form-urlencoded') {
    return Promise.reject(httpError(415, `Send the form urlencoded, not as ${type || 'nothing'}.`))
  }
  return new Promise((resolve, reject) => {
    const chunks = []
    let size = 0
    req.on('data', chunk => {
      size += chunk.length
      if (size > MAX_FORM_BYTES) reject(httpError(413, `Forms are at most ${MAX_FORM_BYTES} bytes.`))
      else chunks.push(chunk)
    })
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))))
    req.on('error', reject)
  })
}

function httpError(status, message) {
  return Object.assign(new Error(message), { status })
}

function redirect(res, location) {
  res.setHeader('Location', location)
  send(res, 302, 'text/plain', `Redirecting to ${location}\n`)
}

function send(res, status, type, body) {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8')
  const charset = type.startsWith('text/') || type === 'application/json' ? '; charset=utf-8' : ''
  res.writeHead(status, { 'Content-Type': type + charset, 'Content-Length': bytes.length })
  res.end(bytes)
}

module.exports = { createSite }
