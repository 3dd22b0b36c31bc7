// Runs under node with the real cozy-konnector-libs 5.13 (the demo konnector's node_modules)
// and under kvm with its own (tests/konnector_lib_request.rs): every line it prints must be
// the same. Against the demo vendor (examples/demo-vendor) at http://demo-vendor.test.
const { log, retry, requestFactory, errors } = require('cozy-konnector-libs')

const BASE = 'http://demo-vendor.test'
const ACCOUNT = { email: 'ada@example.com', password: 's3cret' }

const print = (...values) => console.log(values.map(v => (typeof v === 'string' ? v : JSON.stringify(v))).join(' '))
const sorted = object => Object.fromEntries(Object.keys(object).sort().map(k => [k, object[k]]))

// What `fn` writes to stdout, which is where cozy-logger writes its lines.
function captured(fn) {
  const write = process.stdout.write
  let out = ''
  process.stdout.write = chunk => {
    out += chunk
    return true
  }
  try {
    fn()
  } finally {
    process.stdout.write = write
  }
  return out
}

function logLines() {
  const calls = [
    ['info', 'Signed in', 'login'],
    ['warning', 'cozy-logger knows warn, not warning'],
    ['warn', 'careful'],
    ['error', new Error('boom')],
    ['critical', { message: 'LOGIN_FAILED', no_retry: true }, 'auth', 'my-konnector'],
    ['debug', { no_message: true }],
    ['ok', 'fine', undefined, 'ns']
  ]
  for (const call of calls) {
    const out = captured(() => log(...call))
    const lines = out.split('\n').filter(Boolean).map(line => {
      const record = JSON.parse(line)
      const time = typeof record.time === 'string' && !isNaN(Date.parse(record.time))
      delete record.time
      return { time, ...sorted(record) }
    })
    print('log', call[0], lines)
  }
}

async function retries() {
  const fast = { interval: 1 }
  let calls = 0
  const value = await retry(() => {
    calls += 1
    if (calls < 3) throw new Error(`try ${calls}`)
    return `ok after ${calls}`
  }, fast)
  print('retry resolves', value, calls)

  const attempt = async (options, fail) => {
    calls = 0
    try {
      await retry(() => {
        calls += 1
        return fail(calls)
      }, { ...fast, ...options })
      print('retry resolved after', calls)
    } catch (err) {
      const failure = err.failure && (err.failure.message || err.failure)
      print('retry rejects after', calls, err.code || err.name, err.message.replace(/after \d+ ms/, 'after N ms'), failure || '')
    }
  }
  await attempt({ max_tries: 4, backoff: 2 }, n => Promise.reject(new Error(`down ${n}`)))
  await attempt({ predicate: err => err instanceof RangeError }, () => { throw new TypeError('not retried') })
  await attempt({ predicate: { code: 'EAGAIN' } }, n => { throw Object.assign(new Error(`again ${n}`), { code: n < 2 ? 'EAGAIN' : 'EOTHER' }) })
  await attempt({}, () => { throw new retry.StopError(new Error('stop now')) })
  await attempt({ max_tries: 2, throw_original: true }, () => { throw new Error('original') })
  await attempt({ max_tries: 2 }, () => Promise.reject({ reason: 'not an error' }))
}

function jars() {
  const jar = requestFactory().jar()
  jar.setCookie('sid=abc; Path=/; HttpOnly', 'http://vendor.example/login')
  jar.setCookie('pref=1; Domain=vendor.example; Path=/app; Secure', 'https://www.vendor.example/x')
  jar.setCookie('exp=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT', 'http://vendor.example/a/b/c')
  jar.setCookie('deep=3; Path=/a/b', 'http://vendor.example/a/b/c')
  jar.setCookie('sid=replaced; Path=/; HttpOnly', 'http://vendor.example/')
  const urls = [
    'http://vendor.example/a/b/c',
    'https://www.vendor.example/app/page',
    'http://www.vendor.example/app/page',
    'http://vendor.example.org/',
    'http://other.example/'
  ]
  for (const url of urls) print('cookies for', url, jar.getCookieString(url))
  const json = jar._jar.toJSON()
  const cookies = json.cookies.map(({ creation, lastAccessed, ...rest }) => ({
    times: typeof creation === 'string' && typeof lastAccessed === 'string',
    ...rest
  }))
  print('serialized', { ...json, cookies })
}

async function requests() {
  const rq = requestFactory({ json: false, jar: true })
  // No session yet: the profile is refused (request-promise's StatusCodeError).
  try {
    await requestFactory()(`${BASE}/api/profile`)
  } catch (err) {
    print('profile refused', err.name, err.statusCode, err.message, err.error)
  }
  // Without a jar, the session never sticks: /account sends back to the form.
  const bare = await requestFactory({ json: false })({ uri: `${BASE}/account`, resolveWithFullResponse: true })
  print('no jar', bare.statusCode, bare.request.uri.href, bare.headers['content-type'])

  // The form's CSRF token and the session cookie of GET /login go with the POST, whose 302
  // to /account is followed as a GET with the new session cookie.
  const form = await rq(`${BASE}/login`)
  const csrf = /name="csrf_token" value="([0-9a-f]+)"/.exec(form)[1]
  const signedIn = await rq({
    uri: `${BASE}/login`,
    method: 'POST',
    form: { csrf_token: csrf, ...ACCOUNT },
    resolveWithFullResponse: true
  })
  print('signed in', signedIn.statusCode, signedIn.request.uri.href, signedIn.request.method, /Welcome/.test(signedIn.body))
  print('invoices', (await rq(`${BASE}/invoices?page=1`)).includes('INV-2024-12'))
  const pdf = await rq({ uri: `${BASE}/invoices/INV-2024-12.pdf`, encoding: null })
  print('pdf', Buffer.isBuffer(pdf), pdf.slice(0, 5).toString(), pdf.length > 100)
  const profile = await requestFactory({ jar: true })(`${BASE}/api/profile`)
  print('profile', profile.name, profile.address.city)
  const full = await rq({ uri: `${BASE}/api/profile`, json: true, resolveWithFullResponse: true })
  print('full', full.statusCode, full.statusMessage, full.body.email, typeof full.headers)

  // A wrong password: the 302 leads back to the form, in a jar of its own.
  const other = requestFactory({ json: false, jar: rq.jar() })
  const again = /name="csrf_token" value="([0-9a-f]+)"/.exec(await other(`${BASE}/login`))[1]
  const refused = await other({
    uri: `${BASE}/login`,
    method: 'POST',
    form: { csrf_token: again, email: ACCOUNT.email, password: 'wrong' },
    resolveWithFullResponse: true
  })
  print('wrong password', refused.statusCode, refused.request.uri.href)

  // followAllRedirects: false (request's own default) leaves a POST's 302 to the caller.
  const plain = requestFactory({ json: false, jar: true, followAllRedirects: false })
  const token = /name="csrf_token" value="([0-9a-f]+)"/.exec(await plain(`${BASE}/login`))[1]
  try {
    await plain({ uri: `${BASE}/login`, method: 'POST', form: { csrf_token: token, ...ACCOUNT } })
  } catch (err) {
    print('not followed', err.name, err.statusCode, err.response.headers.location)
  }
  const simple = await plain({ uri: `${BASE}/nowhere`, simple: false, resolveWithFullResponse: true })
  print('simple false', simple.statusCode, simple.body)
}

async function main() {
  logLines()
  await retries()
  print('errors', errors)
  jars()
  await requests()
  print('done')
}

main().catch(err => {
  print('failed', err.stack || err)
  process.exitCode = 1
})
