// The URLs whose Cookie headers tough_cookie.js and jar_session.js compare.
module.exports.URLS = [
  'https://vendor.example/a/b/c',
  'https://www.vendor.example/app/page',
  'http://www.vendor.example/app/page',
  'https://vendor.example.org/',
  'https://other.example/'
]
