// Node's legacy URL API (`url.parse`, `url.format` of objects, `url.resolve`, `Url`): the
// lenient pre-WHATWG parser that old libraries (request, tough-cookie, form-data...) still
// call. Written from Node 20's documentation and from probing node 20 (the differential
// corpus tests/node-compat/url_legacy*.js pins each quirk); nothing here follows a standard.
'use strict';

const ops = require('internal/ops');
const querystring = require('querystring');
const { codedError, invalidArgType } = require('internal/errors');

// Protocols that always have a host and `//` (given as keys with and without the colon,
// since objects passed to `format`/`resolveObject` may hold either).
const SLASHED = new Set(['http', 'https', 'ftp', 'gopher', 'file',
  'http:', 'https:', 'ftp:', 'gopher:', 'file:']);
// Protocols whose rest is never a host and never escaped (`javascript:alert(1)`).
const HOSTLESS = new Set(['javascript', 'javascript:']);

const PROTOCOL = /^[a-z0-9.+-]+:/i;
// A plain path and query without whitespace: taken as is, nothing escaped.
const SIMPLE_PATH = /^(\/\/?(?!\/)[^?\s]*)(\?[^\s]*)?$/;
// `//user@host` without a protocol still names a host.
const AUTH_AND_HOST = /^\/\/[^@/]+@[^@/]+/;
const PORT = /:[0-9]*$/;
// Characters that end a host name (RFC 2396 never allows them there); the rest moves to the path.
const NON_HOST = new Set([' ', '"', '%', "'", ';', '<', '>', '^', '`', '{', '|', '}']);
const HOST_END = new Set(['#', '/', '?']);
// Left in a host after IDNA mapping, these would let a name pass for another: Node throws.
const FORBIDDEN_HOST = /[\0\t\n\r #%/:<>?@[\\\]^|]/;
const FORBIDDEN_IPV6_HOST = /[\0\t\n\r #%/<>?@\\^|]/;
const MAX_HOSTNAME = 255;
// Escaped in everything after the host, even where encodeURIComponent would not.
const AUTO_ESCAPE = /[\t\n\r "'<>\\^`{|}]/g;

function percentEncode(char) {
  return `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
}

// Node trims what it considers whitespace: controls, space, NBSP and BOM.
function isTrimmed(code) {
  return code <= 0x20 || code === 0xa0 || code === 0xfeff;
}

function invalidUrl(input) {
  const error = codedError(TypeError, 'ERR_INVALID_URL', 'Invalid URL');
  error.input = input;
  return error;
}

function uriMalformed() {
  return codedError(URIError, 'ERR_INVALID_URI', 'URI malformed');
}

function decodeAuth(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    // Node lets the engine's own URIError through: its message is V8's.
    throw new URIError('URI malformed');
  }
}

let warnedInvalidPort = false;

function warnInvalidPort(input) {
  if (warnedInvalidPort) return;
  warnedInvalidPort = true;
  process.emitWarning(`The URL ${input} is invalid. Future versions of Node.js will throw an error.`,
    'DeprecationWarning', 'DEP0170');
}

// The fields are own properties in this order, all null until parsed: that is what
// console.log and Object.keys show, and what resolveObject copies.
function Url() {
  this.protocol = null;
  this.slashes = null;
  this.auth = null;
  this.host = null;
  this.port = null;
  this.hostname = null;
  this.hash = null;
  this.search = null;
  this.query = null;
  this.pathname = null;
  this.path = null;
  this.href = null;
}

// The input without surrounding whitespace, backslashes before the query or fragment turned
// into slashes (as browsers do), and whether it has a `#` or an `@` before the query.
function trimInput(input) {
  let start = 0;
  let end = input.length;
  while (start < end && isTrimmed(input.charCodeAt(start))) start++;
  while (end > start && isTrimmed(input.charCodeAt(end - 1))) end--;
  const text = input.slice(start, end);
  const split = text.search(/[?#]/);
  const head = split === -1 ? text : text.slice(0, split);
  return {
    rest: head.replace(/\\/g, '/') + (split === -1 ? '' : text.slice(split)),
    hasHash: text.includes('#'),
    hasAt: head.includes('@'),
  };
}

function setQuery(url, query, parseQueryString) {
  url.query = parseQueryString ? querystring.parse(query) : query;
}

// Splits `rest` (after `//`) into auth, host and what follows. Tabs and newlines are dropped up
// to the end of the host; the last `@` before it ends the auth; a NON_HOST character ends the
// host early.
function splitAuthority(rest) {
  let kept = '';
  let at = -1;
  let stop = -1;
  let i = 0;
  for (; i < rest.length; i++) {
    const char = rest[i];
    if (char === '\t' || char === '\n' || char === '\r') continue;
    if (HOST_END.has(char)) {
      if (stop === -1) stop = kept.length;
      break;
    }
    if (char === '@') {
      at = kept.length;
      stop = -1;
    } else if (stop === -1 && NON_HOST.has(char)) {
      stop = kept.length;
    }
    kept += char;
  }
  const hostStart = at + 1;
  return {
    auth: at === -1 ? null : decodeAuth(kept.slice(0, at)),
    host: stop === -1 ? kept.slice(hostStart) : kept.slice(hostStart, stop),
    rest: stop === -1 ? '' : kept.slice(stop) + rest.slice(i),
  };
}

// Host parsing for URLs with an authority; returns what is left after the host.
function parseAuthority(url, rest, input) {
  const authority = splitAuthority(rest);
  rest = authority.rest;
  if (authority.auth !== null) url.auth = authority.auth;
  url.host = authority.host;
  url.parseHost();
  let hostname = typeof url.hostname === 'string' ? url.hostname : '';
  const ipv6 = hostname.startsWith('[') && hostname.endsWith(']');
  if (!ipv6) {
    // Whatever follows a colon the port pattern did not take (`a:1:2`, `a:x`) is path.
    const colon = hostname.indexOf(':');
    if (colon !== -1) {
      warnInvalidPort(input);
      rest = `/${hostname.slice(colon)}${rest}`;
      hostname = hostname.slice(0, colon);
    }
  }
  hostname = hostname.length > MAX_HOSTNAME ? '' : hostname.toLowerCase();
  if (hostname !== '') {
    if (ipv6) {
      if (FORBIDDEN_IPV6_HOST.test(hostname)) throw invalidUrl(input);
    } else {
      // Node hands the name to IDNA as a C string: a NUL ends it.
      const nul = hostname.indexOf('\0');
      const ascii = ops.legacyDomainToASCII(nul === -1 ? hostname : hostname.slice(0, nul));
      if (!ascii || FORBIDDEN_HOST.test(ascii)) throw invalidUrl(input);
      hostname = ascii;
    }
  }
  url.host = hostname + (url.port ? `:${url.port}` : '');
  if (ipv6) {
    hostname = hostname.slice(1, -1);
    if (rest[0] !== '/') rest = `/${rest}`;
  }
  url.hostname = hostname;
  return rest;
}

Url.prototype.parse = function parse(input, parseQueryString, slashesDenoteHost) {
  if (typeof input !== 'string') throw invalidArgType('url', 'of type string', input);
  let { rest, hasHash, hasAt } = trimInput(input);

  if (!slashesDenoteHost && !hasHash && !hasAt) {
    const simple = SIMPLE_PATH.exec(rest);
    if (simple) {
      this.path = rest;
      this.href = rest;
      this.pathname = simple[1];
      if (simple[2]) {
        this.search = simple[2];
        setQuery(this, this.search.slice(1), parseQueryString);
      } else if (parseQueryString) {
        this.search = null;
        this.query = Object.create(null);
      }
      return this;
    }
  }

  const protocol = PROTOCOL.exec(rest)?.[0];
  const lowerProtocol = protocol?.toLowerCase();
  if (protocol) {
    this.protocol = lowerProtocol;
    rest = rest.slice(protocol.length);
  }

  let slashes = false;
  if (slashesDenoteHost || protocol || AUTH_AND_HOST.test(rest)) {
    slashes = rest.startsWith('//');
    if (slashes && !HOSTLESS.has(lowerProtocol)) {
      rest = rest.slice(2);
      this.slashes = true;
    }
  }

  // Node tests the protocol as written here, so `HTTP:x` has a host and `http:x` has not.
  if (!HOSTLESS.has(lowerProtocol) && (slashes || (protocol && !SLASHED.has(protocol)))) {
    rest = parseAuthority(this, rest, input);
  }

  if (!HOSTLESS.has(lowerProtocol)) {
    rest = rest.replace(AUTO_ESCAPE, percentEncode);
  }

  const hash = rest.indexOf('#');
  if (hash !== -1) this.hash = rest.slice(hash);
  const beforeHash = hash === -1 ? rest : rest.slice(0, hash);
  const question = beforeHash.indexOf('?');
  if (question !== -1) {
    this.search = beforeHash.slice(question);
    setQuery(this, beforeHash.slice(question + 1), parseQueryString);
  } else if (parseQueryString) {
    this.search = null;
    this.query = Object.create(null);
  }
  const pathname = question === -1 ? beforeHash : beforeHash.slice(0, question);
  if (pathname !== '') this.pathname = pathname;
  if (SLASHED.has(lowerProtocol) && this.hostname && !this.pathname) this.pathname = '/';

  // `path` is what http.request takes.
  if (this.pathname || this.search) this.path = (this.pathname || '') + (this.search || '');
  this.href = this.format();
  return this;
};

// `#` and `?` in a pathname would be read back as fragment and query.
function escapePathname(pathname) {
  let out = '';
  for (let i = 0; i < pathname.length; i++) {
    const char = pathname[i];
    out += char === '#' ? '%23' : char === '?' ? '%3F' : char;
  }
  return out;
}

function encodeAuth(auth) {
  try {
    return encodeURIComponent(auth).replace(/%3A/gi, ':');
  } catch {
    throw uriMalformed();
  }
}

Url.prototype.format = function format() {
  const auth = this.auth ? `${encodeAuth(this.auth)}@` : '';
  let protocol = this.protocol || '';
  let pathname = this.pathname || '';
  let hash = this.hash || '';
  let host = '';
  if (this.host) {
    host = auth + this.host;
  } else if (this.hostname) {
    const hostname = this.hostname;
    const bare6 = hostname.includes(':') && !(hostname.startsWith('[') && hostname.endsWith(']'));
    host = auth + (bare6 ? `[${hostname}]` : hostname);
    if (this.port) host += `:${this.port}`;
  }
  const query = this.query !== null && typeof this.query === 'object'
    ? querystring.stringify(this.query) : '';
  let search = this.search || (query && `?${query}`) || '';

  if (protocol && protocol.charCodeAt(protocol.length - 1) !== 58 /* : */) protocol += ':';
  if (typeof pathname === 'string') pathname = escapePathname(pathname);

  // Only slashed protocols get `//` unless the URL had it: not mailto:, xmpp:...
  if (this.slashes || SLASHED.has(protocol)) {
    if (this.slashes || host) {
      if (pathname && pathname[0] !== '/') pathname = `/${pathname}`;
      host = `//${host}`;
    } else if (protocol === 'file:') {
      host = '//';
    }
  }
  search = search.replace(/#/g, '%23');
  if (hash && hash[0] !== '#') hash = `#${hash}`;
  if (search && search[0] !== '?') search = `?${search}`;
  return protocol + host + pathname + search + hash;
};

Url.prototype.resolve = function resolve(relative) {
  return this.resolveObject(urlParse(relative, false, true)).format();
};

// RFC 3986 §5.2-style resolution with Node's own treatment of hosts, dot segments and
// protocols without slashes; `this` is not modified.
Url.prototype.resolveObject = function resolveObject(relative) {
  if (typeof relative === 'string') relative = urlParse(relative, false, true);
  const result = new Url();
  Object.assign(result, this);
  result.hash = relative.hash;

  // A bare fragment (or nothing) keeps everything else.
  if (relative.href === '') return finish(result);

  // `//host/path`: everything but the protocol comes from the relative URL.
  if (relative.slashes && !relative.protocol) {
    for (const key of Object.keys(relative)) {
      if (key !== 'protocol') result[key] = relative[key];
    }
    if (SLASHED.has(result.protocol) && result.hostname && !result.pathname) {
      result.path = result.pathname = '/';
    }
    return finish(result);
  }

  if (relative.protocol && relative.protocol !== result.protocol) {
    return switchProtocol(result, relative);
  }
  return mergePaths(result, relative);
};

function finish(result) {
  result.href = result.format();
  return result;
}

function setPath(result) {
  if (result.pathname !== null || result.search !== null) {
    result.path = (result.pathname || '') + (result.search || '');
  }
}

// A relative URL with another protocol replaces the base, except that a slashed protocol
// without a host takes its first path segment as host (`http:a/b` from `ftp:` → `http://a/b`).
function switchProtocol(result, relative) {
  if (!SLASHED.has(relative.protocol)) {
    Object.assign(result, relative);
    return finish(result);
  }
  result.protocol = relative.protocol;
  if (!relative.host && !/^file:?$/.test(relative.protocol) &&
      !HOSTLESS.has(relative.protocol)) {
    const segments = (relative.pathname || '').split('/');
    while (segments.length && !(relative.host = segments.shift()));
    if (!relative.host) relative.host = '';
    if (!relative.hostname) relative.hostname = '';
    if (segments[0] !== '') segments.unshift('');
    if (segments.length < 2) segments.unshift('');
    result.pathname = segments.join('/');
  } else {
    result.pathname = relative.pathname;
  }
  result.search = relative.search;
  result.query = relative.query;
  result.host = relative.host || '';
  result.auth = relative.auth;
  result.hostname = relative.hostname || relative.host;
  result.port = relative.port;
  if (result.pathname || result.search) {
    result.path = (result.pathname || '') + (result.search || '');
  }
  result.slashes = result.slashes || relative.slashes;
  return finish(result);
}

// Moves a leading `user@host` segment of a host-less URL's path into auth and host.
function takeAuthFromHost(result) {
  const at = result.host ? result.host.indexOf('@') : -1;
  if (at > 0) {
    const parts = result.host.split('@');
    result.auth = parts.shift();
    result.host = result.hostname = parts.shift();
  }
}

// Same protocol (or none): the relative path applies to the base's, dot segments resolved.
// For protocols without slashes (mailto:, urn:) the host is just the first path segment.
function mergePaths(result, relative) {
  const sourceAbsolute = result.pathname && result.pathname.charAt(0) === '/';
  const relativeAbsolute = relative.host ||
    (relative.pathname && relative.pathname.charAt(0) === '/');
  let mustEndAbsolute = relativeAbsolute || sourceAbsolute || (result.host && relative.pathname);
  const removeAllDots = mustEndAbsolute;
  let source = (result.pathname && result.pathname.split('/')) || [];
  const relativePath = (relative.pathname && relative.pathname.split('/')) || [];
  const hostInPath = result.protocol && !SLASHED.has(result.protocol);

  if (hostInPath) {
    result.hostname = '';
    result.port = null;
    if (result.host) {
      if (source[0] === '') source[0] = result.host;
      else source.unshift(result.host);
    }
    result.host = '';
    if (relative.protocol) {
      // A relative URL with the protocol brings its own host and auth (or none).
      relative.hostname = null;
      relative.port = null;
      result.auth = null;
      if (relative.host) {
        if (relativePath[0] === '') relativePath[0] = relative.host;
        else relativePath.unshift(relative.host);
      }
      relative.host = null;
    }
    mustEndAbsolute = mustEndAbsolute && (relativePath[0] === '' || source[0] === '');
  }

  if (relativeAbsolute) {
    if (relative.host || relative.host === '') {
      if (result.host !== relative.host) result.auth = null;
      result.host = relative.host;
      result.port = relative.port;
    }
    if (relative.hostname || relative.hostname === '') {
      if (result.hostname !== relative.hostname) result.auth = null;
      result.hostname = relative.hostname;
    }
    result.search = relative.search;
    result.query = relative.query;
    source = relativePath;
  } else if (relativePath.length) {
    // Replace the base's last segment.
    source.pop();
    source = source.concat(relativePath);
    result.search = relative.search;
    result.query = relative.query;
  } else if (relative.search !== null && relative.search !== undefined) {
    // Only a query: the base's path stays.
    if (hostInPath) {
      result.hostname = result.host = source.shift();
      takeAuthFromHost(result);
    }
    result.search = relative.search;
    result.query = relative.query;
    setPath(result);
    return finish(result);
  }

  if (!source.length) {
    // No path left (e.g. `?q` against a host-only base): only the query remains.
    result.pathname = null;
    result.path = result.search ? `/${result.search}` : null;
    return finish(result);
  }

  let last = source[source.length - 1];
  const hasTrailingSlash = ((result.host || relative.host || source.length > 1) &&
    (last === '.' || last === '..')) || last === '';

  // Drop `.` and each `..` with the segment before it, counting `..` that go above the root.
  let up = 0;
  for (let i = source.length - 1; i >= 0; i--) {
    last = source[i];
    if (last === '.') {
      source.splice(i, 1);
    } else if (last === '..') {
      source.splice(i, 1);
      up++;
    } else if (up) {
      source.splice(i, 1);
      up--;
    }
  }
  if (!mustEndAbsolute && !removeAllDots) {
    for (; up > 0; up--) source.unshift('..');
  }
  if (mustEndAbsolute && source[0] !== '' && (!source[0] || source[0].charAt(0) !== '/')) {
    source.unshift('');
  }
  if (hasTrailingSlash && source.join('/').slice(-1) !== '/') source.push('');

  const isAbsolute = source[0] === '' || (source[0] && source[0].charAt(0) === '/');
  if (hostInPath) {
    result.hostname = result.host = isAbsolute ? '' : source.length ? source.shift() : '';
    takeAuthFromHost(result);
  }
  mustEndAbsolute = mustEndAbsolute || (result.host && source.length);
  if (mustEndAbsolute && !isAbsolute) source.unshift('');

  if (source.length > 0) {
    result.pathname = source.join('/');
  } else {
    result.pathname = null;
    result.path = null;
  }
  setPath(result);
  result.auth = relative.auth || result.auth;
  result.slashes = result.slashes || relative.slashes;
  return finish(result);
}

// Splits a `host:port` host into port and hostname (`:` alone is no port).
Url.prototype.parseHost = function parseHost() {
  let host = this.host;
  const port = PORT.exec(host)?.[0];
  if (port) {
    if (port !== ':') this.port = port.slice(1);
    host = host.slice(0, host.length - port.length);
  }
  if (host) this.hostname = host;
};

function urlParse(input, parseQueryString, slashesDenoteHost) {
  if (input instanceof Url) return input;
  const url = new Url();
  url.parse(input, parseQueryString, slashesDenoteHost);
  return url;
}

function urlResolve(source, relative) {
  return urlParse(source, false, true).resolve(relative);
}

function urlResolveObject(source, relative) {
  if (!source) return relative;
  return urlParse(source, false, true).resolveObject(relative);
}

module.exports = { Url, urlParse, urlResolve, urlResolveObject };
