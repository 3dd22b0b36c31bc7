// `url`: the WHATWG URL classes, the file-URL helpers and the legacy API (parse, format,
// resolve; internal/url_legacy.js).
'use strict';

const { URL, URLSearchParams } = require('internal/url');
const ops = require('internal/ops');
const { invalidArgType } = require('internal/errors');
const { Url, urlParse, urlResolve, urlResolveObject } = require('internal/url_legacy');

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

// An option left out (or null) keeps its default; anything else counts as a boolean.
function flag(value, byDefault) {
  return value === undefined || value === null ? byDefault : Boolean(value);
}

// A WHATWG URL's href without the parts the options drop, its host in Unicode if asked.
function formatURL(url, options) {
  let fragment = true;
  let unicode = false;
  let search = true;
  let auth = true;
  if (options) {
    if (typeof options !== 'object' || Array.isArray(options)) {
      throw invalidArgType('options', 'of type object', options);
    }
    fragment = flag(options.fragment, fragment);
    unicode = flag(options.unicode, unicode);
    search = flag(options.search, search);
    auth = flag(options.auth, auth);
  }
  return ops.urlFormat(url.href, fragment, unicode, search, auth);
}

function urlFormat(urlObject, options) {
  if (typeof urlObject === 'string') {
    urlObject = urlParse(urlObject);
  } else if (typeof urlObject !== 'object' || urlObject === null) {
    throw invalidArgType('urlObject', 'one of type object or string', urlObject);
  } else if (urlObject instanceof URL) {
    return formatURL(urlObject, options);
  }
  return Url.prototype.format.call(urlObject);
}

// The options http.request takes, from a WHATWG URL (or any object with its fields).
function urlToHttpOptions(url) {
  const { hostname, pathname, port, username, password, search } = url;
  const options = {
    __proto__: null,
    ...url,
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
  Url,
  parse: urlParse,
  resolve: urlResolve,
  resolveObject: urlResolveObject,
  format: urlFormat,
  URL,
  URLSearchParams,
  domainToASCII: (domain) => ops.domainToASCII(String(domain)),
  domainToUnicode: (domain) => ops.domainToUnicode(String(domain)),
  pathToFileURL,
  fileURLToPath,
  urlToHttpOptions,
};
