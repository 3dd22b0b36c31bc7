// The run's cookie jars, kept by the host (runtime/src/ops/cookies.rs): cookies never sit in
// the isolate's memory between requests, and none outlives the run. `runJar` is request's
// global jar (`jar: true`), shared by every requestFactory of the run; `createJar()` is
// request's `jar()`, a jar of its own (CookieKonnector's session).
//
// A jar's `serialize()` gives tough-cookie's CookieJar.serializeSync() object, and `load`
// takes one (or its JSON text), which is how CookieKonnector keeps a session in the account:
// a session saved by the real library loads here and ours loads there.
'use strict';

const ops = require('internal/ops');

const href = (uri) => String(uri && typeof uri === 'object' && uri.href ? uri.href : uri);

class Jar {
  constructor(id) {
    this.id = id;
  }

  // The Cookie header for a request to `url` ('' when none).
  cookieHeader(url) {
    return ops.cookieHeader(this.id, href(url));
  }

  // Keeps the Set-Cookie values of a response from `url` (one string or a list); values
  // for another site or a public suffix are skipped, as request's jar skips them.
  store(url, setCookies) {
    const values = Array.isArray(setCookies) ? setCookies : [setCookies];
    return ops.cookieStore(this.id, href(url), values.filter((v) => v != null).map(String));
  }

  serialize() {
    return JSON.parse(ops.cookieSerialize(this.id));
  }

  // Replaces the jar's cookies with a serialized jar's.
  load(serialized) {
    const text = typeof serialized === 'string' ? serialized : JSON.stringify(serialized);
    return ops.cookieLoad(this.id, text);
  }

  // request's jar methods.
  setCookie(cookie, uri) {
    this.store(uri, [String(cookie)]);
  }

  getCookieString(uri) {
    return this.cookieHeader(uri);
  }

  // The tough-cookie CookieJar request keeps as `_jar`, for the calls konnectors make on it.
  get _jar() {
    return {
      getCookieStringSync: (uri) => this.cookieHeader(uri),
      setCookieSync: (cookie, uri) => this.setCookie(cookie, uri),
      serializeSync: () => this.serialize(),
      toJSON: () => this.serialize(),
    };
  }
}

const runJar = new Jar(0);

module.exports = {
  runJar,
  createJar: () => new Jar(ops.cookieJarNew()),
};
