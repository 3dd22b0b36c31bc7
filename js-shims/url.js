// `url`: the WHATWG URL classes and the file-URL helpers.
'use strict';

const { URL, URLSearchParams } = require('internal/url');
const ops = require('internal/ops');

function invalidArg(message) {
  const error = new TypeError(message);
  error.code = 'ERR_INVALID_ARG_TYPE';
  return error;
}

function fileURLToPath(input) {
  const url = typeof input === 'string' ? new URL(input) : input;
  if (!(url instanceof URL)) {
    throw invalidArg('The "path" argument must be of type string or an instance of URL');
  }
  if (url.protocol !== 'file:') {
    const error = new TypeError('The URL must be of scheme file');
    error.code = 'ERR_INVALID_URL_SCHEME';
    throw error;
  }
  if (url.hostname !== '') {
    const error = new TypeError('File URL host must be "localhost" or empty on linux');
    error.code = 'ERR_INVALID_FILE_URL_HOST';
    throw error;
  }
  if (/%2f/i.test(url.pathname)) {
    const error = new TypeError('File URL path must not include encoded / characters');
    error.code = 'ERR_INVALID_FILE_URL_PATH';
    throw error;
  }
  return decodeURIComponent(url.pathname);
}

function pathToFileURL(path) {
  const absolute = require('path').resolve(path);
  const trailing = path.endsWith('/') && !absolute.endsWith('/') ? '/' : '';
  const encoded = (absolute + trailing).split('/').map((part) =>
    encodeURIComponent(part).replace(/%40/g, '@').replace(/%3A/g, ':')).join('/');
  return new URL('file://' + encoded);
}

// The options object http.request() takes, from a WHATWG URL.
function urlToHttpOptions(url) {
  const { hostname, pathname, port, username, password, search } = url;
  const options = {
    __proto__: null,
    ...url, // what a caller added to the URL object
    protocol: url.protocol,
    hostname: hostname && hostname[0] === '[' ? hostname.slice(1, -1) : hostname,
    hash: url.hash,
    search,
    pathname,
    path: `${pathname || ''}${search || ''}`,
    href: url.href,
  };
  if (port !== '') options.port = Number(port);
  if (username || password) {
    options.auth = `${decodeURIComponent(username)}:${decodeURIComponent(password)}`;
  }
  return options;
}

module.exports = {
  URL,
  URLSearchParams,
  fileURLToPath,
  pathToFileURL,
  urlToHttpOptions,
  domainToASCII: (domain) => ops.domainToASCII(String(domain)),
  domainToUnicode: (domain) => ops.domainToUnicode(String(domain)),
};
