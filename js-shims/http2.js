'use strict';
// Node 20's `http2`, denied (DESIGN §3): kvm's fetch is the only network client, so sessions
// and servers cannot be created (bundles built with undici 7 still require the module at load
// time). The constants and the settings helpers work as in Node; custom settings are not
// packed.

const { codedError, invalidArgType } = require('internal/errors');
const { deniedConstructor, deniedFunction } = require('internal/denied');

const CAPABILITY = 'http2';

const NUMERIC_CONSTANTS = {
  NGHTTP2_ERR_FRAME_SIZE_ERROR: -522, NGHTTP2_SESSION_SERVER: 0, NGHTTP2_SESSION_CLIENT: 1,
  NGHTTP2_STREAM_STATE_IDLE: 1, NGHTTP2_STREAM_STATE_OPEN: 2,
  NGHTTP2_STREAM_STATE_RESERVED_LOCAL: 3, NGHTTP2_STREAM_STATE_RESERVED_REMOTE: 4,
  NGHTTP2_STREAM_STATE_HALF_CLOSED_LOCAL: 5, NGHTTP2_STREAM_STATE_HALF_CLOSED_REMOTE: 6,
  NGHTTP2_STREAM_STATE_CLOSED: 7, NGHTTP2_FLAG_NONE: 0, NGHTTP2_FLAG_END_STREAM: 1,
  NGHTTP2_FLAG_END_HEADERS: 4, NGHTTP2_FLAG_ACK: 1, NGHTTP2_FLAG_PADDED: 8,
  NGHTTP2_FLAG_PRIORITY: 32, DEFAULT_SETTINGS_HEADER_TABLE_SIZE: 4096,
  DEFAULT_SETTINGS_ENABLE_PUSH: 1, DEFAULT_SETTINGS_MAX_CONCURRENT_STREAMS: 4294967295,
  DEFAULT_SETTINGS_INITIAL_WINDOW_SIZE: 65535, DEFAULT_SETTINGS_MAX_FRAME_SIZE: 16384,
  DEFAULT_SETTINGS_MAX_HEADER_LIST_SIZE: 65535, DEFAULT_SETTINGS_ENABLE_CONNECT_PROTOCOL: 0,
  MAX_MAX_FRAME_SIZE: 16777215, MIN_MAX_FRAME_SIZE: 16384, MAX_INITIAL_WINDOW_SIZE: 2147483647,
  NGHTTP2_SETTINGS_HEADER_TABLE_SIZE: 1, NGHTTP2_SETTINGS_ENABLE_PUSH: 2,
  NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS: 3, NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE: 4,
  NGHTTP2_SETTINGS_MAX_FRAME_SIZE: 5, NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE: 6,
  NGHTTP2_SETTINGS_ENABLE_CONNECT_PROTOCOL: 8, PADDING_STRATEGY_NONE: 0,
  PADDING_STRATEGY_ALIGNED: 1, PADDING_STRATEGY_MAX: 2, PADDING_STRATEGY_CALLBACK: 1,
  NGHTTP2_NO_ERROR: 0, NGHTTP2_PROTOCOL_ERROR: 1, NGHTTP2_INTERNAL_ERROR: 2,
  NGHTTP2_FLOW_CONTROL_ERROR: 3, NGHTTP2_SETTINGS_TIMEOUT: 4, NGHTTP2_STREAM_CLOSED: 5,
  NGHTTP2_FRAME_SIZE_ERROR: 6, NGHTTP2_REFUSED_STREAM: 7, NGHTTP2_CANCEL: 8,
  NGHTTP2_COMPRESSION_ERROR: 9, NGHTTP2_CONNECT_ERROR: 10, NGHTTP2_ENHANCE_YOUR_CALM: 11,
  NGHTTP2_INADEQUATE_SECURITY: 12, NGHTTP2_HTTP_1_1_REQUIRED: 13, NGHTTP2_DEFAULT_WEIGHT: 16,
};

// HTTP2_HEADER_X is x in lower case with dashes; the first six are pseudo-headers (`:status`).
const PSEUDO_HEADERS = ['STATUS', 'METHOD', 'AUTHORITY', 'SCHEME', 'PATH', 'PROTOCOL'];
const HEADERS = [
  'ACCEPT_ENCODING', 'ACCEPT_LANGUAGE', 'ACCEPT_RANGES', 'ACCEPT',
  'ACCESS_CONTROL_ALLOW_CREDENTIALS', 'ACCESS_CONTROL_ALLOW_HEADERS',
  'ACCESS_CONTROL_ALLOW_METHODS', 'ACCESS_CONTROL_ALLOW_ORIGIN', 'ACCESS_CONTROL_EXPOSE_HEADERS',
  'ACCESS_CONTROL_REQUEST_HEADERS', 'ACCESS_CONTROL_REQUEST_METHOD', 'AGE', 'AUTHORIZATION',
  'CACHE_CONTROL', 'CONNECTION', 'CONTENT_DISPOSITION', 'CONTENT_ENCODING', 'CONTENT_LENGTH',
  'CONTENT_TYPE', 'COOKIE', 'DATE', 'ETAG', 'FORWARDED', 'HOST', 'IF_MODIFIED_SINCE',
  'IF_NONE_MATCH', 'IF_RANGE', 'LAST_MODIFIED', 'LINK', 'LOCATION', 'RANGE', 'REFERER', 'SERVER',
  'SET_COOKIE', 'STRICT_TRANSPORT_SECURITY', 'TRANSFER_ENCODING', 'TE',
  'UPGRADE_INSECURE_REQUESTS', 'UPGRADE', 'USER_AGENT', 'VARY', 'X_CONTENT_TYPE_OPTIONS',
  'X_FRAME_OPTIONS', 'KEEP_ALIVE', 'PROXY_CONNECTION', 'X_XSS_PROTECTION', 'ALT_SVC',
  'CONTENT_SECURITY_POLICY', 'EARLY_DATA', 'EXPECT_CT', 'ORIGIN', 'PURPOSE',
  'TIMING_ALLOW_ORIGIN', 'X_FORWARDED_FOR', 'PRIORITY', 'ACCEPT_CHARSET',
  'ACCESS_CONTROL_MAX_AGE', 'ALLOW', 'CONTENT_LANGUAGE', 'CONTENT_LOCATION', 'CONTENT_MD5',
  'CONTENT_RANGE', 'DNT', 'EXPECT', 'EXPIRES', 'FROM', 'IF_MATCH', 'IF_UNMODIFIED_SINCE',
  'MAX_FORWARDS', 'PREFER', 'PROXY_AUTHENTICATE', 'PROXY_AUTHORIZATION', 'REFRESH',
  'RETRY_AFTER', 'TRAILER', 'TK', 'VIA', 'WARNING', 'WWW_AUTHENTICATE', 'HTTP2_SETTINGS',
];

// HTTP2_METHOD_X is x with dashes.
const METHODS = [
  'ACL', 'BASELINE_CONTROL', 'BIND', 'CHECKIN', 'CHECKOUT', 'CONNECT', 'COPY', 'DELETE', 'GET',
  'HEAD', 'LABEL', 'LINK', 'LOCK', 'MERGE', 'MKACTIVITY', 'MKCALENDAR', 'MKCOL', 'MKREDIRECTREF',
  'MKWORKSPACE', 'MOVE', 'OPTIONS', 'ORDERPATCH', 'PATCH', 'POST', 'PRI', 'PROPFIND',
  'PROPPATCH', 'PUT', 'REBIND', 'REPORT', 'SEARCH', 'TRACE', 'UNBIND', 'UNCHECKOUT', 'UNLINK',
  'UNLOCK', 'UPDATE', 'UPDATEREDIRECTREF', 'VERSION_CONTROL',
];

const STATUSES = {
  CONTINUE: 100, SWITCHING_PROTOCOLS: 101, PROCESSING: 102, EARLY_HINTS: 103, OK: 200,
  CREATED: 201, ACCEPTED: 202, NON_AUTHORITATIVE_INFORMATION: 203, NO_CONTENT: 204,
  RESET_CONTENT: 205, PARTIAL_CONTENT: 206, MULTI_STATUS: 207, ALREADY_REPORTED: 208,
  IM_USED: 226, MULTIPLE_CHOICES: 300, MOVED_PERMANENTLY: 301, FOUND: 302, SEE_OTHER: 303,
  NOT_MODIFIED: 304, USE_PROXY: 305, TEMPORARY_REDIRECT: 307, PERMANENT_REDIRECT: 308,
  BAD_REQUEST: 400, UNAUTHORIZED: 401, PAYMENT_REQUIRED: 402, FORBIDDEN: 403, NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405, NOT_ACCEPTABLE: 406, PROXY_AUTHENTICATION_REQUIRED: 407,
  REQUEST_TIMEOUT: 408, CONFLICT: 409, GONE: 410, LENGTH_REQUIRED: 411,
  PRECONDITION_FAILED: 412, PAYLOAD_TOO_LARGE: 413, URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415, RANGE_NOT_SATISFIABLE: 416, EXPECTATION_FAILED: 417,
  TEAPOT: 418, MISDIRECTED_REQUEST: 421, UNPROCESSABLE_ENTITY: 422, LOCKED: 423,
  FAILED_DEPENDENCY: 424, TOO_EARLY: 425, UPGRADE_REQUIRED: 426, PRECONDITION_REQUIRED: 428,
  TOO_MANY_REQUESTS: 429, REQUEST_HEADER_FIELDS_TOO_LARGE: 431,
  UNAVAILABLE_FOR_LEGAL_REASONS: 451, INTERNAL_SERVER_ERROR: 500, NOT_IMPLEMENTED: 501,
  BAD_GATEWAY: 502, SERVICE_UNAVAILABLE: 503, GATEWAY_TIMEOUT: 504,
  HTTP_VERSION_NOT_SUPPORTED: 505, VARIANT_ALSO_NEGOTIATES: 506, INSUFFICIENT_STORAGE: 507,
  LOOP_DETECTED: 508, BANDWIDTH_LIMIT_EXCEEDED: 509, NOT_EXTENDED: 510,
  NETWORK_AUTHENTICATION_REQUIRED: 511,
};

function buildConstants() {
  const constants = { ...NUMERIC_CONSTANTS };
  for (const name of PSEUDO_HEADERS) constants[`HTTP2_HEADER_${name}`] = `:${name.toLowerCase()}`;
  for (const name of HEADERS) {
    constants[`HTTP2_HEADER_${name}`] = name.toLowerCase().replace(/_/g, '-');
  }
  for (const name of METHODS) constants[`HTTP2_METHOD_${name}`] = name.replace(/_/g, '-');
  for (const [name, code] of Object.entries(STATUSES)) constants[`HTTP_STATUS_${name}`] = code;
  return constants;
}

// ---------------------------------------------------------------------------------------------
// SETTINGS frame payloads: 6 bytes per setting (16-bit id, 32-bit value)

const UINT32_MAX = 4294967295;
const SETTINGS = [
  { id: 1, name: 'headerTableSize', min: 0, max: UINT32_MAX },
  { id: 2, name: 'enablePush', boolean: true },
  { id: 3, name: 'maxConcurrentStreams', min: 0, max: UINT32_MAX },
  { id: 4, name: 'initialWindowSize', min: 0, max: 2147483647 },
  { id: 5, name: 'maxFrameSize', min: 16384, max: 16777215 },
  { id: 6, name: 'maxHeaderListSize', min: 0, max: UINT32_MAX },
  { id: 8, name: 'enableConnectProtocol', boolean: true },
];

// A TypeError for a non-boolean flag, a RangeError for a number out of range, as in Node.
function invalidSetting(Ctor, name, value) {
  return codedError(Ctor, 'ERR_HTTP2_INVALID_SETTING_VALUE',
    `Invalid value for setting "${name}": ${value}`);
}

function checkSetting(setting, value) {
  const ok = setting.boolean
    ? typeof value === 'boolean'
    : typeof value === 'number' && Number.isInteger(value) && value >= setting.min && value <= setting.max;
  if (!ok) throw invalidSetting(setting.boolean ? TypeError : RangeError, setting.name, value);
}

function getDefaultSettings() {
  return {
    headerTableSize: 4096,
    enablePush: true,
    initialWindowSize: 65535,
    maxFrameSize: 16384,
    maxConcurrentStreams: UINT32_MAX,
    maxHeaderSize: 65535,
    maxHeaderListSize: 65535,
    enableConnectProtocol: false,
  };
}

function toBuffer(bytes) {
  const B = globalThis.Buffer;
  return typeof B === 'function' ? B.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes;
}

function getPackedSettings(settings = getDefaultSettings()) {
  if (settings === null || typeof settings !== 'object') {
    throw invalidArgType('settings', 'of type object', settings);
  }
  const values = { ...settings };
  if (values.maxHeaderSize !== undefined) values.maxHeaderListSize = values.maxHeaderSize;
  const present = SETTINGS.filter((setting) => values[setting.name] !== undefined);
  const bytes = new Uint8Array(present.length * 6);
  const view = new DataView(bytes.buffer);
  present.forEach((setting, i) => {
    const value = values[setting.name];
    checkSetting(setting, value);
    view.setUint16(i * 6, setting.id);
    view.setUint32(i * 6 + 2, setting.boolean ? Number(value) : value);
  });
  return toBuffer(bytes);
}

function getUnpackedSettings(buf, options = {}) {
  if (!ArrayBuffer.isView(buf) || buf instanceof DataView) {
    throw invalidArgType('buf', 'an instance of Buffer or TypedArray', buf);
  }
  if (buf.byteLength % 6 !== 0) {
    throw codedError(RangeError, 'ERR_HTTP2_INVALID_PACKED_SETTINGS_LENGTH',
      'Packed settings length must be a multiple of six');
  }
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const settings = {};
  for (let offset = 0; offset < buf.byteLength; offset += 6) {
    const id = view.getUint16(offset);
    const value = view.getUint32(offset + 2);
    const setting = SETTINGS.find((s) => s.id === id);
    if (setting === undefined) {
      settings.customSettings ??= {};
      settings.customSettings[id] = value;
    } else if (setting.boolean) {
      settings[setting.name] = value !== 0;
    } else {
      if (id === 6) settings.maxHeaderSize = value;
      settings[setting.name] = value;
    }
  }
  if (options !== null && typeof options === 'object' && options.validate) {
    for (const setting of SETTINGS) {
      const value = settings[setting.name];
      if (value !== undefined && !setting.boolean) checkSetting(setting, value);
    }
  }
  return settings;
}

const denied = (name, length) => deniedFunction(`http2.${name}`, CAPABILITY, length);

module.exports = {
  connect: denied('connect', 3),
  constants: buildConstants(),
  createServer: denied('createServer', 2),
  createSecureServer: denied('createSecureServer', 2),
  getDefaultSettings,
  getPackedSettings,
  getUnpackedSettings,
  performServerHandshake: denied('performServerHandshake', 1),
  sensitiveHeaders: Symbol('sensitiveHeaders'),
  Http2ServerRequest: deniedConstructor('http2.Http2ServerRequest', CAPABILITY),
  Http2ServerResponse: deniedConstructor('http2.Http2ServerResponse', CAPABILITY),
};
