// Cookies stay with the site that set them, across redirects too (tests/konnector_lib_request.rs
// reads what the loopback test server saw). Arguments: the server's URL under two names.
const { requestFactory } = require('cozy-konnector-libs')

const [one, two] = process.argv.slice(2)

async function main() {
  const rq = requestFactory({ jar: true })
  await rq(`${one}/cookies`) // set-cookie: a=1, b=2
  await rq(`${one}/echo?step=same-site`)
  await rq(`${two}/echo?step=other-site`)
  await rq(`${one}/redirect/302?to=${encodeURIComponent(`${two}/echo?step=redirected`)}`)
  await rq({
    uri: `${one}/echo?step=form`,
    method: 'POST',
    qs: { page: 2, q: 'a b' },
    form: { a: 'b c', n: [1, 2], o: { x: "y!*()'~" }, z: null, u: undefined, e: 'é&=' },
    headers: { Cookie: 'own=1' }
  })
  await requestFactory({ json: true, userAgent: true })({ uri: `${one}/echo?step=json`, method: 'PUT', body: { a: [1] } })
  console.log('done')
}

main().catch(err => {
  console.log('failed', err.stack || err)
  process.exitCode = 1
})
