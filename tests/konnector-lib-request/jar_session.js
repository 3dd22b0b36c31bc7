// kvm's jar loads a session tough-cookie saved (the argument), prints the Cookie headers of
// URLS, one line each, then its own serialization (tests/konnector_lib_request.rs).
const { requestFactory } = require('cozy-konnector-libs')
const { URLS } = require('./session_urls')

const jar = requestFactory().jar()
jar.load(process.argv[2])
for (const url of URLS) console.log(url, jar.getCookieString(url))
console.log(JSON.stringify(jar._jar.toJSON()))
