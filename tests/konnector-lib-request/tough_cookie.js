// The real tough-cookie (2.5, cozy-konnector-libs' through request) under node: `make`
// prints the JSON of a session as CookieKonnector saves it, `load JSON` loads one. Either
// way the Cookie headers of URLS follow, one line each (tests/konnector_lib_request.rs).
const { CookieJar } = require('tough-cookie')
const { URLS } = require('./session_urls')

const [mode, json] = process.argv.slice(2)
let jar
if (mode === 'make') {
  jar = new CookieJar(undefined, { looseMode: true })
  jar.setCookieSync('sid=abc; Path=/; HttpOnly', 'https://vendor.example/login')
  jar.setCookieSync('pref=1; Domain=vendor.example; Path=/app; Secure; Max-Age=3600', 'https://www.vendor.example/x')
  jar.setCookieSync('exp=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT', 'http://vendor.example/a/b/c')
  jar.setCookieSync('gone=1; Max-Age=1', 'http://vendor.example/')
  const saved = jar.toJSON()
  // Made an hour ago: `gone` has expired since, `pref` has not.
  const hourAgo = new Date(Date.now() - 3600 * 1000 + 60 * 1000).toISOString()
  for (const cookie of saved.cookies) cookie.creation = cookie.lastAccessed = hourAgo
  console.log(JSON.stringify(saved))
  jar = CookieJar.fromJSON(saved)
} else {
  jar = CookieJar.fromJSON(json)
}
for (const url of URLS) console.log(url, jar.getCookieStringSync(url))
