'use strict';
// Blob and File as Node 20 has them (node:buffer, also globals). A blob's bytes are a list of
// immutable chunks that slices and other blobs share; they are joined only when a caller asks for
// one buffer (arrayBuffer()).

const {
  internals: { nodeError, invalidArgType, invalidThis, missingArgs, quoteString },
} = require('internal/event_target');
const {
  utf8Encode, utf8DecodeChunks, copyBufferSource, toArrayBuffer, makeEnumerable, defineToStringTag,
  inspectCustom,
} = require('internal/fetch/util');
const { internals: { streamFromChunks } } = require('internal/fetch/readable_stream');

const STREAM_CHUNK = 65536; // stream() hands out pieces of at most this many bytes, as Node does

// A type made only of printable ASCII is lower-cased; anything else makes it empty.
function normalizeType(type) {
  const text = `${type}`;
  return /^[\x20-\x7E]*$/.test(text) ? text.toLowerCase() : '';
}

function isSequence(value) {
  return value !== null && typeof value !== 'string' && typeof value?.[Symbol.iterator] === 'function';
}

function checkOptions(options) {
  if (options !== undefined && options !== null && typeof options !== 'object' && typeof options !== 'function') {
    throw invalidArgType('options', 'a dictionary', options);
  }
  const endings = `${options?.endings ?? 'transparent'}`;
  if (endings !== 'transparent' && endings !== 'native') {
    throw nodeError(TypeError, 'ERR_INVALID_ARG_VALUE',
      `The property 'options.endings' is invalid. Received ${quoteString(endings)}`);
  }
  return { type: normalizeType(options?.type ?? ''), endings };
}

// The chunks of each source: strings as UTF-8, buffers copied, blobs shared, anything else as text.
function chunksOf(sources, endings) {
  const chunks = [];
  const push = (chunk) => {
    if (chunk.byteLength > 0) chunks.push(chunk);
  };
  for (const source of sources) {
    if (isBlob(source)) {
      for (const chunk of blobChunks(source)) push(chunk);
      continue;
    }
    const copy = copyBufferSource(source);
    if (copy !== null) {
      push(copy);
      continue;
    }
    const text = `${source}`;
    push(utf8Encode(endings === 'native' ? text.replace(/\r\n/g, '\n') : text)); // as Node does on POSIX
  }
  return chunks;
}

function totalSize(chunks) {
  let size = 0;
  for (const chunk of chunks) size += chunk.byteLength;
  return size;
}

// The chunks covering bytes [start, end), as views on the originals.
function sliceChunks(chunks, start, end) {
  const out = [];
  let offset = 0;
  for (const chunk of chunks) {
    const chunkEnd = offset + chunk.byteLength;
    if (chunkEnd > start && offset < end) {
      out.push(chunk.subarray(Math.max(0, start - offset), Math.min(chunk.byteLength, end - offset)));
    }
    offset = chunkEnd;
    if (offset >= end) break;
  }
  return out;
}

// Blob.slice's relative positions: negative counts from the end, clamped to [0, size].
function relativePosition(value, size, fallback) {
  if (value === undefined) return fallback;
  const n = Math.trunc(Number(value)) || 0;
  return n < 0 ? Math.max(size + n, 0) : Math.min(n, size);
}

function splitForStream(chunks) {
  const out = [];
  for (const chunk of chunks) {
    for (let at = 0; at < chunk.byteLength; at += STREAM_CHUNK) out.push(chunk.subarray(at, at + STREAM_CHUNK));
  }
  return out;
}

let isBlob;
let blobChunks;
let adoptChunks;

class Blob {
  #chunks = [];
  #size = 0;
  #type = '';

  constructor(sources = undefined, options = undefined) {
    if (sources !== undefined && !isSequence(sources)) throw invalidArgType('sources', 'a sequence', sources);
    const { type, endings } = checkOptions(options);
    if (sources !== undefined) this.#chunks = chunksOf(sources, endings);
    this.#size = totalSize(this.#chunks);
    this.#type = type;
  }

  get type() {
    if (!isBlob(this)) throw invalidThis('Blob');
    return this.#type;
  }

  get size() {
    if (!isBlob(this)) throw invalidThis('Blob');
    return this.#size;
  }

  slice(start = undefined, end = undefined, contentType = undefined) {
    if (!isBlob(this)) throw invalidThis('Blob');
    const size = this.#size;
    const from = relativePosition(start, size, 0);
    const to = relativePosition(end, size, size);
    const type = contentType === undefined ? '' : normalizeType(contentType);
    const blob = new Blob([], { type });
    adoptChunks(blob, to > from ? sliceChunks(this.#chunks, from, to) : []);
    return blob;
  }

  arrayBuffer() {
    if (!isBlob(this)) return Promise.reject(invalidThis('Blob'));
    return Promise.resolve(toArrayBuffer(this.#chunks));
  }

  text() {
    if (!isBlob(this)) return Promise.reject(invalidThis('Blob'));
    return Promise.resolve(utf8DecodeChunks(this.#chunks));
  }

  stream() {
    if (!isBlob(this)) throw invalidThis('Blob');
    return streamFromChunks(splitForStream(this.#chunks));
  }

  [inspectCustom](depth, options, inspect) {
    if (depth < 0) return this;
    return `${this[Symbol.toStringTag]} ${inspect({ size: this.#size, type: this.#type }, options)}`;
  }

  static {
    isBlob = (value) => value !== null && typeof value === 'object' && #chunks in value;
    blobChunks = (blob) => blob.#chunks;
    adoptChunks = (blob, chunks) => {
      blob.#chunks = chunks;
      blob.#size = totalSize(chunks);
    };
  }
}

makeEnumerable(Blob.prototype, ['type', 'size', 'slice', 'arrayBuffer', 'text', 'stream']);
defineToStringTag(Blob, 'Blob');

let isFile;

class File extends Blob {
  #name;
  #lastModified;

  constructor(fileBits, fileName, options = undefined) {
    if (arguments.length < 2) throw missingArgs('fileBits', 'fileName');
    super(fileBits, options);
    let lastModified = options?.lastModified;
    if (lastModified === undefined) {
      lastModified = Date.now();
    } else {
      lastModified = +lastModified;
      if (Number.isNaN(lastModified)) lastModified = 0;
    }
    this.#name = `${fileName}`.toWellFormed();
    this.#lastModified = lastModified;
  }

  get name() {
    if (!isFile(this)) throw invalidThis('File');
    return this.#name;
  }

  get lastModified() {
    if (!isFile(this)) throw invalidThis('File');
    return this.#lastModified;
  }

  [inspectCustom](depth, options, inspect) {
    if (depth < 0) return this;
    const shown = { size: this.size, type: this.type, name: this.#name, lastModified: this.#lastModified };
    return `File ${inspect(shown, options)}`;
  }

  static {
    isFile = (value) => value !== null && typeof value === 'object' && #name in value;
  }
}

makeEnumerable(File.prototype, ['name', 'lastModified']);
defineToStringTag(File, 'File');

// A blob over chunks the caller hands over and will not modify (a consumed body, a form part).
function blobFromChunks(chunks, type) {
  const blob = new Blob([], { type });
  adoptChunks(blob, chunks.filter((chunk) => chunk.byteLength > 0));
  return blob;
}

module.exports = { Blob, File };

Object.defineProperty(module.exports, 'internals', {
  value: {
    isBlob: (value) => isBlob(value),
    isFile: (value) => isFile(value),
    blobChunks: (blob) => blobChunks(blob),
    blobFromChunks,
  },
});
