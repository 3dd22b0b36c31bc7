'use strict';
// The body of a Request or Response: what a BodyInit becomes ("extract a body"), and the Body
// mixin (body, bodyUsed, arrayBuffer, blob, formData, json, text).
//
// A body is a record { stream, source, used }. `source` holds the bytes when they are known up
// front (strings, buffers, blobs, forms) as a list of chunks that are never modified; the stream
// over them is only made if someone asks for it, and reading a body that has no stream yet takes
// the chunks directly. A fetched body has a stream and no source.

const { URLSearchParams } = require('internal/url');
const {
  illegalInvocation, toUSVString, utf8Encode, utf8DecodeChunks, copyBufferSource, isArrayBuffer,
  concatBytes, toArrayBuffer,
} = require('internal/fetch/util');
const { extractMimeType, serializeMimeType } = require('internal/fetch/mime');
const {
  ReadableStream,
  internals: {
    isReadableStream, isDisturbed, isUnusable, markDisturbed, lockAsConsumed, readAllChunks, streamFromChunks,
    streamFromIterable,
  },
} = require('internal/fetch/readable_stream');
const { internals: { isBlob, blobChunks, blobFromChunks } } = require('internal/fetch/blob');
const {
  internals: { isFormData, serializeMultipart, parseMultipart, parseUrlencoded },
} = require('internal/fetch/form_data');
const { internals: headersInternals } = require('internal/fetch/headers');

function sourceBody(chunks) {
  return { stream: null, source: chunks, used: false };
}

function streamBody(stream) {
  return { stream, source: null, used: false };
}

// Chunks of an async iterable body (undici accepts them, e.g. a Node Readable) as bytes.
async function* iterableBytes(iterable) {
  for await (const chunk of iterable) {
    if (typeof chunk === 'string') yield utf8Encode(chunk);
    else if (ArrayBuffer.isView(chunk)) yield new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    else if (isArrayBuffer(chunk)) yield new Uint8Array(chunk);
    else yield chunk; // rejected when read: not a Uint8Array
  }
}

// Fetch's "extract a body": { body, type } where type is the Content-Type it implies, or null.
function extractBody(object) {
  if (typeof object === 'string') {
    return { body: sourceBody([utf8Encode(object)]), type: 'text/plain;charset=UTF-8' };
  }
  if (object instanceof URLSearchParams) {
    return { body: sourceBody([utf8Encode(object.toString())]), type: 'application/x-www-form-urlencoded;charset=UTF-8' };
  }
  const copy = copyBufferSource(object);
  if (copy !== null) return { body: sourceBody([copy]), type: null };
  if (isBlob(object)) return { body: sourceBody(blobChunks(object)), type: object.type || null };
  if (isFormData(object)) {
    const { chunks, contentType } = serializeMultipart(object);
    return { body: sourceBody(chunks), type: contentType };
  }
  if (isReadableStream(object)) {
    if (isUnusable(object)) throw new TypeError('Response body object should not be disturbed or locked');
    return { body: streamBody(object), type: null };
  }
  if (object !== null && typeof object === 'object' && typeof object[Symbol.asyncIterator] === 'function') {
    return { body: streamBody(streamFromIterable(iterableBytes(object))), type: null };
  }
  // Anything else is a USVString (undici's message for a symbol names nothing, hence 'undefined').
  const text = toUSVString(object, 'undefined', 'undefined');
  return { body: sourceBody([utf8Encode(text)]), type: 'text/plain;charset=UTF-8' };
}

// The body's stream, made on first use. A body already consumed through its source gets a closed
// stream that is locked and disturbed, as Node's would be.
function bodyStream(body) {
  if (body.stream === null) {
    if (body.used) {
      body.stream = new ReadableStream({ start: (controller) => controller.close() });
      lockAsConsumed(body.stream);
    } else {
      body.stream = streamFromChunks(body.source);
    }
  }
  return body.stream;
}

function isBodyUnusable(body) {
  return body.stream === null ? body.used : isUnusable(body.stream);
}

function isBodyDisturbed(body) {
  return body.stream === null ? body.used : isDisturbed(body.stream);
}

// Reads the whole body: its chunks, straight from the source when there is no stream yet.
function consumeChunks(body) {
  if (body.stream === null) {
    body.used = true;
    return Promise.resolve(body.source);
  }
  return readAllChunks(body.stream);
}

// "Clone a body": a body with no stream yet shares its source; otherwise the stream is teed.
function cloneBody(body) {
  if (body.stream === null) return sourceBody(body.source);
  const [mine, theirs] = body.stream.tee();
  body.stream = mine;
  return { stream: theirs, source: body.source, used: false };
}

// Moves a body to a new Request (`new Request(request)`): the old one is left used, and the new one
// reads what the old stream would have given.
function transferBody(body) {
  if (body.stream === null) {
    body.used = true;
    return sourceBody(body.source);
  }
  const reader = body.stream.getReader();
  markDisturbed(body.stream);
  const stream = new ReadableStream({
    pull: (controller) => reader.read().then(({ value, done }) => {
      if (done) controller.close();
      else controller.enqueue(value);
    }),
    cancel: (reason) => reader.cancel(reason),
  }, { highWaterMark: 0 });
  return streamBody(stream);
}

// A body's bytes in one buffer, for the host (which takes the request body whole).
function bodyBytes(body) {
  return consumeChunks(body).then(concatBytes);
}

// ---------------------------------------------------------------------------------------------------
// The Body mixin. `recordOf(object)` gives { headers, body } for a Request or Response, or undefined.

function unusable() {
  return new TypeError('Body is unusable: Body has already been read');
}

function mimeTypeOf(headers) {
  return extractMimeType(headersInternals.get(headers, 'content-type'));
}

function toFormData(chunks, headers) {
  const mime = mimeTypeOf(headers);
  if (mime !== null && mime.essence === 'multipart/form-data') {
    const boundary = mime.parameters.get('boundary');
    if (boundary === undefined) throw new TypeError('Failed to parse body as FormData.');
    return parseMultipart(concatBytes(chunks), boundary);
  }
  if (mime !== null && mime.essence === 'application/x-www-form-urlencoded') {
    return parseUrlencoded(concatBytes(chunks));
  }
  throw new TypeError('Content-Type was not one of "multipart/form-data" or "application/x-www-form-urlencoded".');
}

// In Node's prototype order.
const converters = {
  blob: (chunks, headers) => {
    const mime = mimeTypeOf(headers);
    return blobFromChunks(chunks, mime === null ? '' : serializeMimeType(mime));
  },
  arrayBuffer: (chunks) => toArrayBuffer(chunks),
  text: (chunks) => utf8DecodeChunks(chunks),
  json: (chunks) => JSON.parse(utf8DecodeChunks(chunks)),
  formData: toFormData,
};

// Fetch's "consume body".
function consumeBody(record, convert) {
  if (record.body === null) return Promise.resolve([]).then((chunks) => convert(chunks, record.headers));
  if (isBodyUnusable(record.body)) return Promise.reject(unusable());
  return consumeChunks(record.body).then((chunks) => convert(chunks, record.headers));
}

function installBodyMethods(Cls, recordOf) {
  for (const [name, convert] of Object.entries(converters)) {
    const method = {
      [name]() {
        const record = recordOf(this);
        if (record === undefined) return Promise.reject(illegalInvocation());
        return consumeBody(record, convert);
      },
    }[name];
    Object.defineProperty(Cls.prototype, name, { value: method, writable: true, enumerable: true, configurable: true });
  }
}

// The `body` and `bodyUsed` getters' logic, for the classes' own accessors.
function bodyOf(record) {
  return record.body === null ? null : bodyStream(record.body);
}

function bodyUsed(record) {
  return record.body !== null && isBodyDisturbed(record.body);
}

module.exports = {
  extractBody,
  sourceBody,
  streamBody,
  isBodyUnusable,
  cloneBody,
  transferBody,
  bodyBytes,
  bodyOf,
  bodyUsed,
  installBodyMethods,
};
