// WHATWG `URL` and `URLSearchParams`. Parsing and setters are the `url` crate's
// (runtime/src/ops/url.rs); the form-urlencoded rules are written here.
'use strict';

const ops = require('internal/ops');

const HREF = 0, ORIGIN = 1, PROTOCOL = 2, USERNAME = 3, PASSWORD = 4, HOST = 5, HOSTNAME = 6,
  PORT = 7, PATHNAME = 8, SEARCH = 9, HASH = 10;

const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

function parse(input, base) {
  const parts = base === undefined ? ops.urlParse(String(input))
    : ops.urlParse(String(input), String(base));
  return parts || null;
}

function invalidUrl(input) {
  const error = new TypeError('Invalid URL');
  error.code = 'ERR_INVALID_URL';
  error.input = input;
  return error;
}

class URL {
  #parts;
  #params = null;

  constructor(input, base) {
    if (arguments.length === 0) {
      const error = new TypeError('The "url" argument must be specified');
      error.code = 'ERR_MISSING_ARGS';
      throw error;
    }
    const parts = parse(input, base);
    if (!parts) throw invalidUrl(String(input));
    this.#parts = parts;
  }

  static canParse(input, base) {
    return parse(input, base) !== null;
  }

  #set(field, value) {
    const parts = ops.urlSet(this.#parts[HREF], field, String(value));
    if (field === 'href' && parts[HREF] !== this.#parts[HREF] && !URL.canParse(value)) {
      throw invalidUrl(String(value));
    }
    this.#parts = parts;
    if (this.#params && field !== 'hash') this.#params._reset(this.#parts[SEARCH]);
  }

  // Called by the linked URLSearchParams when it changes.
  _updateSearch(query) {
    this.#parts = ops.urlSet(this.#parts[HREF], 'search', query);
  }

  get href() { return this.#parts[HREF]; }
  set href(v) { this.#set('href', v); }
  get origin() { return this.#parts[ORIGIN]; }
  get protocol() { return this.#parts[PROTOCOL]; }
  set protocol(v) { this.#set('protocol', v); }
  get username() { return this.#parts[USERNAME]; }
  set username(v) { this.#set('username', v); }
  get password() { return this.#parts[PASSWORD]; }
  set password(v) { this.#set('password', v); }
  get host() { return this.#parts[HOST]; }
  set host(v) { this.#set('host', v); }
  get hostname() { return this.#parts[HOSTNAME]; }
  set hostname(v) { this.#set('hostname', v); }
  get port() { return this.#parts[PORT]; }
  set port(v) { this.#set('port', v); }
  get pathname() { return this.#parts[PATHNAME]; }
  set pathname(v) { this.#set('pathname', v); }
  get search() { return this.#parts[SEARCH]; }
  set search(v) { this.#set('search', v); }
  get hash() { return this.#parts[HASH]; }
  set hash(v) { this.#set('hash', v); }

  get searchParams() {
    if (this.#params === null) {
      this.#params = new URLSearchParams(this.#parts[SEARCH]);
      this.#params._url = this;
    }
    return this.#params;
  }

  toString() { return this.#parts[HREF]; }
  toJSON() { return this.#parts[HREF]; }

  [inspectCustom](depth, options, inspect) {
    const shown = {
      href: this.href, origin: this.origin, protocol: this.protocol,
      username: this.username, password: this.password, host: this.host,
      hostname: this.hostname, port: this.port, pathname: this.pathname,
      search: this.search, searchParams: this.searchParams, hash: this.hash,
    };
    if (depth < 0) return '[URL]';
    return 'URL ' + inspect(shown, { ...options, depth }).replace(/^\{/, '{');
  }
}

Object.defineProperty(URL.prototype, Symbol.toStringTag, { value: 'URL', configurable: true });

// application/x-www-form-urlencoded: these bytes stay as they are, space becomes '+'.
const SAFE = /[*\-._0-9A-Za-z]/;

function encodeComponent(text) {
  let out = '';
  for (const byte of new TextEncoder().encode(text)) {
    const ch = String.fromCharCode(byte);
    if (byte < 0x80 && SAFE.test(ch)) out += ch;
    else if (byte === 0x20) out += '+';
    else out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

function decodeComponent(text) {
  const bytes = [];
  const plus = text.replace(/\+/g, ' ');
  const encoded = new TextEncoder().encode(plus);
  for (let i = 0; i < encoded.length; i++) {
    const b = encoded[i];
    if (b === 0x25 && i + 2 < encoded.length && isHex(encoded[i + 1]) && isHex(encoded[i + 2])) {
      bytes.push(parseInt(String.fromCharCode(encoded[i + 1], encoded[i + 2]), 16));
      i += 2;
    } else {
      bytes.push(b);
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

function isHex(b) {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
}

function parseQuery(query) {
  const list = [];
  if (query.startsWith('?')) query = query.slice(1);
  for (const piece of query.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const name = eq === -1 ? piece : piece.slice(0, eq);
    const value = eq === -1 ? '' : piece.slice(eq + 1);
    list.push([decodeComponent(name), decodeComponent(value)]);
  }
  return list;
}

class URLSearchParams {
  #list = [];

  constructor(init = '') {
    if (init instanceof URLSearchParams) {
      this.#list = [...init];
    } else if (typeof init === 'object' && init !== null) {
      if (typeof init[Symbol.iterator] === 'function') {
        for (const pair of init) {
          const entry = [...pair];
          if (entry.length !== 2) {
            const error = new TypeError('Each query pair must be an iterable [name, value] tuple');
            error.code = 'ERR_INVALID_TUPLE';
            throw error;
          }
          this.#list.push([String(entry[0]), String(entry[1])]);
        }
      } else {
        for (const key of Object.keys(init)) this.#list.push([key, String(init[key])]);
      }
    } else {
      this.#list = parseQuery(String(init));
    }
  }

  _reset(search) {
    this.#list = parseQuery(search);
  }

  #update() {
    if (this._url) this._url._updateSearch(this.toString());
  }

  get size() { return this.#list.length; }

  append(name, value) {
    this.#list.push([String(name), String(value)]);
    this.#update();
  }

  delete(name, value) {
    name = String(name);
    this.#list = this.#list.filter(([n, v]) =>
      n !== name || (value !== undefined && v !== String(value)));
    this.#update();
  }

  get(name) {
    const found = this.#list.find(([n]) => n === String(name));
    return found ? found[1] : null;
  }

  getAll(name) {
    return this.#list.filter(([n]) => n === String(name)).map(([, v]) => v);
  }

  has(name, value) {
    return this.#list.some(([n, v]) => n === String(name) && (value === undefined || v === String(value)));
  }

  set(name, value) {
    name = String(name);
    const index = this.#list.findIndex(([n]) => n === name);
    if (index === -1) {
      this.#list.push([name, String(value)]);
    } else {
      this.#list[index][1] = String(value);
      this.#list = this.#list.filter(([n], i) => n !== name || i === index);
    }
    this.#update();
  }

  sort() {
    // Stable sort by code units of the names, as the standard says.
    this.#list = this.#list
      .map((entry, i) => [entry, i])
      .sort(([a, i], [b, j]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : i - j))
      .map(([entry]) => entry);
    this.#update();
  }

  forEach(callback, thisArg) {
    for (const [name, value] of this.#list) callback.call(thisArg, value, name, this);
  }

  *keys() { for (const [name] of this.#list) yield name; }
  *values() { for (const [, value] of this.#list) yield value; }
  *entries() { for (const [name, value] of this.#list) yield [name, value]; }
  [Symbol.iterator]() { return this.entries(); }

  toString() {
    return this.#list.map(([n, v]) => encodeComponent(n) + '=' + encodeComponent(v)).join('&');
  }

  [inspectCustom](depth, options, inspect) {
    if (this.#list.length === 0) return 'URLSearchParams {}';
    const body = this.#list.map(([n, v]) => `${inspect(n)} => ${inspect(v)}`).join(', ');
    return `URLSearchParams { ${body} }`;
  }
}

Object.defineProperty(URLSearchParams.prototype, Symbol.toStringTag, {
  value: 'URLSearchParams', configurable: true,
});

module.exports = { URL, URLSearchParams };
