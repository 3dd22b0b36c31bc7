// A CookieKonnector for the demo vendor (tests/konnector_lib_request.rs runs it twice): the
// first run signs in and its session is saved in the account; the next one restores it and
// needs no sign-in.
const { CookieKonnector } = require('cozy-konnector-libs')

const BASE = 'http://demo-vendor.test'

class DemoKonnector extends CookieKonnector {
  // Signed in when /account is served instead of a redirect to the form.
  async testSession() {
    const page = await this.request({ uri: `${BASE}/account`, resolveWithFullResponse: true })
    return page.request.uri.href === `${BASE}/account`
  }

  async fetch(fields) {
    if (await this.testSession()) {
      console.log('session: restored')
    } else {
      console.log('session: signing in')
      const form = await this.request(`${BASE}/login`)
      const csrf = /name="csrf_token" value="([0-9a-f]+)"/.exec(form)[1]
      await this.request({
        uri: `${BASE}/login`,
        method: 'POST',
        form: { csrf_token: csrf, email: fields.login, password: fields.password }
      })
    }
    const profile = await this.request({ uri: `${BASE}/api/profile`, json: true })
    console.log('profile:', profile.name.first)
  }
}

new DemoKonnector({ json: false }).run()
