'use strict';

const { CookieJar, Cookie, permuteDomain, getPublicSuffix } = require('tough-cookie');

// The jar checks expiry against the real clock, so expiries are set relative to it
// (an hour either way); fixed instants are used where the API takes one.
const hourAgo = new Date(Date.now() - 3600e3).toUTCString();
const inAnHour = new Date(Date.now() + 3600e3).toUTCString();

module.exports = async function toughCookie(print) {
  const jar = new CookieJar();
  const set = (cookie, url) => jar.setCookieSync(cookie, url);
  set('session=abc123; Path=/; HttpOnly; Secure', 'https://www.vendor.example.com/login');
  set('lang=fr; Domain=vendor.example.com; Path=/', 'https://www.vendor.example.com/');
  set('cart=1; Path=/shop; Max-Age=3600', 'https://www.vendor.example.com/shop/items');
  set('dir=1', 'https://www.vendor.example.com/account/bills/list');
  set(`promo=x; Expires=${inAnHour}`, 'https://www.vendor.example.com/');
  set(`old=gone; Expires=${hourAgo}`, 'https://www.vendor.example.com/');
  set('tmp=1; Domain=vendor.example.com; Path=/', 'https://www.vendor.example.com/');
  set('tmp=; Domain=vendor.example.com; Path=/; Max-Age=0', 'https://www.vendor.example.com/');
  for (const [cookie, url] of [
    ['evil=1; Domain=other.example.org', 'https://www.vendor.example.com/'],
    ['tld=1; Domain=com', 'https://www.vendor.example.com/'],
    ['x=1; Secure', 'http://www.vendor.example.com/'],
  ]) {
    try {
      print('accepted', set(cookie, url) ? cookie : `${cookie} (ignored)`);
    } catch (e) {
      print('refused', e.message);
    }
  }
  const names = (url, opts) => jar.getCookiesSync(url, opts).map((c) => c.key).join(',');
  print('root', names('https://www.vendor.example.com/'));
  print('shop', names('https://www.vendor.example.com/shop/cart'));
  print('default path', [names('https://www.vendor.example.com/account/bills/'), names('https://www.vendor.example.com/account/')]);
  print('sub', names('https://api.vendor.example.com/v1'));
  print('http', names('http://www.vendor.example.com/'));
  print('non-http api', names('https://www.vendor.example.com/', { http: false }));
  set('idn=1; Path=/', 'https://www.münchen-bank.example/');
  set('idn2=1; Domain=xn--mnchen-bank-thb.example; Path=/', 'https://www.xn--mnchen-bank-thb.example/');
  print('idn', [names('https://konto.xn--mnchen-bank-thb.example/'), names('https://www.xn--mnchen-bank-thb.example/'),
    jar.getCookiesSync('https://www.münchen-bank.example/').map((c) => `${c.key}@${c.domain}`)]);
  print('header', jar.getCookieStringSync('https://www.vendor.example.com/shop'));
  print('async', await jar.getCookieString('https://www.vendor.example.com/'));
  const parsed = Cookie.parse('id=a3fWa; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Domain=.Example.COM; Path=/docs; SameSite=Lax');
  print('parse', [parsed.key, parsed.value, parsed.domain, parsed.path, parsed.sameSite, parsed.expires.toISOString(),
    parsed.cookieString(), parsed.toString()]);
  const fixed = Date.UTC(2015, 9, 21, 6, 28, 0);
  const aged = Cookie.parse('t=1; Max-Age=90');
  print('ttl', [parsed.TTL(fixed), aged.TTL(), new Date(aged.expiryTime(new Date(fixed))).toISOString()]);
  print('domains', [permuteDomain('a.b.vendor.example.co.uk'), getPublicSuffix('www.vendor.example.co.uk')]);
  const copy = CookieJar.deserializeSync(jar.serializeSync());
  print('serialized', copy.getCookiesSync('https://www.vendor.example.com/shop').map((c) => `${c.key}=${c.value}`));
};
