'use strict';
// The Cozy as host capabilities (issue 8): every operation is a host call that checks the
// manifest's `permissions`, confines files to the run's folder and uses the stack token,
// which never enters the isolate (runtime/src/cozy_client/). All functions return Promises.
// Failures are Errors with a `code`: ERR_ACCESS_DENIED (naming the permission, or the path
// outside the run's folder), ERR_COZY_STACK with `status` (the stack's HTTP status) and the
// stack's message, a network code, or ERR_INVALID_ARG_VALUE.

const ops = require('internal/ops');

// The host's errors carry string properties; `status` is the stack's HTTP status, a number.
function failed(error) {
  if (error && error.status !== undefined) error.status = Number(error.status);
  throw error;
}

function call(name, args, body) {
  return ops.cozyCall(name, JSON.stringify(args), body).then((json) => JSON.parse(json), failed);
}

// Bytes for the host: a Buffer, a typed array or an ArrayBuffer as they are, a string as UTF-8.
function bytes(body) {
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  throw new TypeError('a file body must be a Buffer, a Uint8Array or a string');
}

// Upload options as JSON: a Date becomes its ISO string.
function fileOptions(options = {}) {
  const date = options.lastModifiedDate;
  return {
    contentType: options.contentType,
    lastModifiedDate: date instanceof Date ? date.toISOString() : date,
    metadata: options.metadata,
    sourceAccount: options.sourceAccount,
    sourceAccountIdentifier: options.sourceAccountIdentifier,
  };
}

const account = {
  get: () => call('account.get', []),
  update: (changes) => call('account.update', [changes]),
};

const data = {
  find: (doctype, selector = {}, options = {}) => call('data.find', [doctype, selector, options]),
  all: (doctype) => call('data.all', [doctype]),
  get: (doctype, id) => call('data.get', [doctype, id]),
  create: (doctype, doc) => call('data.create', [doctype, doc]),
  update: (doctype, doc) => call('data.update', [doctype, doc]),
  updateAttributes: (doctype, id, changes) => call('data.updateAttributes', [doctype, id, changes]),
  delete: (doctype, doc) => call('data.delete', [doctype, doc]),
  bulk: (doctype, docs) => call('data.bulk', [doctype, docs]),
};

const files = {
  folder: () => call('files.folder', []),
  statByPath: (path) => call('files.statByPath', [path]),
  mkdirp: (path) => call('files.mkdirp', [path]),
  find: (selector) => call('files.find', [selector]),
  destroy: (fileId) => call('files.destroy', [fileId]),
  create: (dirPath, name, body, options) =>
    call('files.create', [dirPath, name, fileOptions(options)], bytes(body)),
  replace: (fileId, body, options) => call('files.replace', [fileId, fileOptions(options)], bytes(body)),
  download: (fileId) =>
    ops
      .cozyDownload(fileId)
      .then((array) => Buffer.from(array.buffer, array.byteOffset, array.byteLength), failed),
};

module.exports = { account, data, files };
