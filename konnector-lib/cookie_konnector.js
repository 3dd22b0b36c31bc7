// The library's CookieKonnector: a BaseKonnector whose requests share one cookie jar that
// outlives the run in the account, as the real library keeps it — tough-cookie's
// serialization as JSON text under the account's `data.auth.session` — so a session saved
// by a bundled konnector goes on here, and back. A subclass implements `testSession()`
// (is the restored session still signed in?) and uses `this.request`; `signin`, `saveBills`
// and `saveFiles` use it too, and the session is saved after a sign-in and at the end.
// The account needs GET and PUT on io.cozy.accounts in the manifest's permissions.
'use strict';

const BaseKonnector = require('konnector-lib/base_konnector');
const requestFactory = require('konnector-lib/request_factory');
const { createJar } = require('konnector-lib/internal/jar');
const log = require('konnector-lib/internal/logger').namespace('CookieKonnector');

const JAR_ACCOUNT_KEY = 'session';

class CookieKonnector extends BaseKonnector {
  // `requestFactoryOptions` configure `this.request` (the jar is always the session's).
  // As with the real one, the subclass calls `run()` itself.
  constructor(requestFactoryOptions) {
    super();
    if (!this.testSession) {
      throw new Error('Could not find a testSession method. CookieKonnector needs it to test if a session is valid. Please implement it');
    }
    this.request = this.requestFactory(requestFactoryOptions);
  }

  async initAttributes(...args) {
    await super.initAttributes(...args);
    await this.initSession();
  }

  async end() {
    await this.saveSession();
    return super.end();
  }

  // requestFactory with this konnector's jar.
  requestFactory(options) {
    this._jar = this._jar || createJar();
    return requestFactory({ ...options, jar: this._jar });
  }

  // An empty session, saved to the account. The jar is emptied in place, so `this.request`
  // starts anew too (the real one swaps in a new jar that `this.request` does not use).
  async resetSession() {
    log('debug', 'Reset cookie session...');
    this._jar.load({ cookies: [] });
    return this.saveSession();
  }

  // Loads the session saved in the account, if any (an account in state RESET_SESSION
  // starts anew); true when one was found.
  async initSession() {
    const accountData = this.getAccountData();
    try {
      if (this._account.state === 'RESET_SESSION') {
        log('debug', 'RESET_SESSION state found');
        await this.resetSession();
        await this.updateAccountAttributes({ state: null });
      }
    } catch (err) {
      log('warn', 'Could not reset the session');
      log('warn', err.message);
    }
    try {
      const saved = accountData && accountData.auth ? accountData.auth[JAR_ACCOUNT_KEY] : null;
      if (saved) {
        log('debug', 'found saved session, using it...');
        this._jar.load(saved);
        return true;
      }
    } catch (err) {
      log('debug', 'Could not parse session');
    }
    log('debug', 'Found no session');
    return false;
  }

  // Saves the session into the account (its `data.auth`, whose other keys it replaces, as
  // the real library does).
  async saveSession() {
    const accountData = { ...this._account.data, auth: {} };
    accountData.auth[JAR_ACCOUNT_KEY] = JSON.stringify(this._jar.serialize());
    await this.saveAccountData(accountData);
    log('debug', 'saved the session');
  }

  async signin(options) {
    const result = await super.signin({ ...options, requestInstance: this.request });
    await this.saveSession();
    return result;
  }

  saveFiles(entries, fields, options) {
    return super.saveFiles(entries, fields, { ...options, requestInstance: this.request });
  }

  saveBills(entries, fields, options) {
    return super.saveBills(entries, fields, { ...options, requestInstance: this.request });
  }
}

module.exports = CookieKonnector;
