'use strict';
// Incremental bytes -> string decoding for `readable.setEncoding()` and the `encoding` option: a
// multi-byte character (or base64 group) split across chunks is held back until it is complete,
// as Node's StringDecoder does.

const errors = require('internal/streams/errors');
const { getBuffer } = require('internal/streams/utils');

const ALIASES = {
  utf8: 'utf8', 'utf-8': 'utf8',
  ucs2: 'utf16le', 'ucs-2': 'utf16le', utf16le: 'utf16le', 'utf-16le': 'utf16le',
  latin1: 'latin1', binary: 'latin1',
  base64: 'base64', base64url: 'base64url', hex: 'hex', ascii: 'ascii',
};

function normalizeEncoding(encoding) {
  if (encoding === undefined || encoding === null || encoding === '') return 'utf8';
  const name = ALIASES[String(encoding).toLowerCase()];
  if (name === undefined) throw errors.unknownEncoding(encoding);
  return name;
}

// Bytes a UTF-8 sequence starting with `byte` needs (1 for ASCII and stray bytes).
function utf8Length(byte) {
  if (byte >= 0xf0 && byte <= 0xf7) return 4;
  if (byte >= 0xe0) return byte <= 0xef ? 3 : 1;
  if (byte >= 0xc0) return 2;
  return 1;
}

function isContinuation(byte) {
  return (byte & 0xc0) === 0x80;
}

class StreamDecoder {
  constructor(encoding) {
    this.encoding = normalizeEncoding(encoding);
    this.pending = []; // bytes of an incomplete character or group, held for the next chunk
  }

  write(chunk) {
    if (typeof chunk === 'string') return chunk;
    const Buffer = getBuffer();
    const buf = this.pending.length ? Buffer.concat([Buffer.from(this.pending), chunk]) : chunk;
    this.pending = [];
    switch (this.encoding) {
      case 'utf8': return this.writeUtf8(buf);
      case 'utf16le': return this.writeUtf16(buf);
      case 'base64':
      case 'base64url': return this.writeGroups(buf, 3);
      default: return buf.toString(this.encoding);
    }
  }

  end(chunk) {
    let out = chunk ? this.write(chunk) : '';
    if (this.pending.length) {
      const rest = getBuffer().from(this.pending);
      this.pending = [];
      if (this.encoding === 'utf8') out += '\ufffd';
      else if (this.encoding === 'utf16le') out += rest.toString('utf16le', 0, rest.length & ~1);
      else out += rest.toString(this.encoding);
    }
    return out;
  }

  holdFrom(buf, start) {
    this.pending = Array.from(buf.subarray(start));
    return buf.toString(this.encoding, 0, start);
  }

  // Holds back a trailing lead byte whose continuation bytes have not arrived yet.
  writeUtf8(buf) {
    const stop = Math.max(0, buf.length - 3);
    for (let i = buf.length - 1; i >= stop; i--) {
      const byte = buf[i];
      if (isContinuation(byte)) continue;
      if (byte >= 0xc0 && utf8Length(byte) > buf.length - i && this.tailContinues(buf, i)) {
        return this.holdFrom(buf, i);
      }
      break;
    }
    return buf.toString('utf8');
  }

  tailContinues(buf, lead) {
    for (let i = lead + 1; i < buf.length; i++) if (!isContinuation(buf[i])) return false;
    return true;
  }

  // Holds an odd byte, and a high surrogate until its low half comes.
  writeUtf16(buf) {
    let end = buf.length & ~1;
    if (end >= 2) {
      const last = buf[end - 2] | (buf[end - 1] << 8);
      if (last >= 0xd800 && last <= 0xdbff) end -= 2;
    }
    return this.holdFrom(buf, end);
  }

  writeGroups(buf, size) {
    return this.holdFrom(buf, buf.length - (buf.length % size));
  }
}

module.exports = { StreamDecoder, normalizeEncoding };
