'use strict';
// fetch() over the host's network ops. The host applies the network policy (DESIGN §4), follows
// redirects hop by hop, decodes gzip/deflate/br and adds user-agent and accept-encoding; this side
// turns a Request into the op's init, and the op's head and chunks into a Response whose body is
// pulled from the host one chunk at a time (never buffered whole unless a reader asks for it).
//
// The ops (internal/ops):
//   fetchStart(init) -> Promise<head>    init = { method, url, headers: [[name, value]...],
//                                        body: Uint8Array | undefined, redirect, requestId }
//                                        head = { status, statusText, url, redirected, headers, bodyId }
//   fetchRead(bodyId) -> Promise<Uint8Array | null>   the next decoded chunk, null at the end
//   fetchCancel(bodyId)                  the body is no longer wanted
//   fetchAbort(requestId)                abort an in-flight request and its body
// Their errors carry a `code` (ERR_NETWORK_DENIED with `rule` and `url`, ETIMEDOUT, ...); they
// reach scripts as the `cause` of undici's TypeError('fetch failed') or TypeError('terminated').

const ops = require('internal/ops');
const { atob } = require('internal/encoding');
const { typeErrorWithCause, utf8Encode } = require('internal/fetch/util');
const { parseMimeType, serializeMimeType } = require('internal/fetch/mime');
const { internals: headersInternals } = require('internal/fetch/headers');
const { ReadableStream } = require('internal/fetch/readable_stream');
const { sourceBody, streamBody, bodyBytes } = require('internal/fetch/body');
const { Request, internals: { requestRecord } } = require('internal/fetch/request');
const { internals: { responseFromNetwork, NULL_BODY_STATUSES } } = require('internal/fetch/response');
const { nextRequestId } = require('internal/request_ids');

function withoutFragment(url) {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}

// Headers undici sends when the script sets none of that name (scripts never see them on the
// Request). The host adds the transport ones (host, connection, content-length, user-agent,
// accept-encoding), so a vendor's server sees the same request as from Node.
const DEFAULT_HEADERS = [['accept', '*/*'], ['accept-language', '*'], ['sec-fetch-mode', 'cors']];

function wireHeaders(headers) {
  const list = headersInternals.entries(headers);
  for (const [name, value] of DEFAULT_HEADERS) {
    if (!headersInternals.has(headers, name)) list.push([name, value]);
  }
  return list;
}

// One fetch from the host: the request body is read, the op started, and the Response's body
// stream pulls chunks until the end, a cancel, an error or an abort, whichever comes first.
class HostFetch {
  constructor(record, resolve, reject) {
    this.record = record;
    this.resolve = resolve;
    this.reject = reject;
    this.requestId = 0; // set once the host knows the request
    this.bodyId = null;
    this.controller = null; // of the response body stream
    this.settled = false; // the fetch promise
    this.finished = false; // nothing left to abort
    this.signal = record.signalSource; // the caller's signal, which the request's follows
    this.onAbort = () => this.abort(this.signal.reason);
    if (this.signal !== null) this.signal.addEventListener('abort', this.onAbort, { once: true });
  }

  async run() {
    const { record } = this;
    let body;
    if (record.body !== null) {
      try {
        body = await bodyBytes(record.body);
      } catch (error) {
        if (!this.finished) this.fail(typeErrorWithCause('fetch failed', error));
        return;
      }
      if (this.finished) return;
    }
    this.requestId = nextRequestId();
    let head;
    try {
      head = await ops.fetchStart({
        method: record.method,
        url: withoutFragment(record.url),
        headers: wireHeaders(record.headers),
        body,
        redirect: record.redirect,
        requestId: this.requestId,
      });
    } catch (error) {
      if (!this.finished) this.fail(typeErrorWithCause('fetch failed', error));
      return;
    }
    if (this.finished) {
      ops.fetchCancel(head.bodyId); // aborted while the head was on its way: the body is not wanted
      return;
    }
    this.respond(head);
  }

  respond(head) {
    let body = null;
    if (this.record.method === 'HEAD' || NULL_BODY_STATUSES.includes(head.status)) {
      ops.fetchCancel(head.bodyId);
      this.finish();
    } else {
      this.bodyId = head.bodyId;
      body = streamBody(this.bodyStream());
    }
    this.settled = true;
    this.resolve(responseFromNetwork({
      status: head.status,
      statusText: head.statusText,
      url: withoutFragment(head.url),
      redirected: head.redirected,
      headers: head.headers,
      body,
    }));
  }

  // One chunk is read ahead, so the host works while the script handles the previous one. A body
  // dropped unread stays with the host until the run ends (a FinalizationRegistry would release it
  // sooner, but makes every garbage collection of QuickJS markedly slower).
  bodyStream() {
    return new ReadableStream({
      start: (controller) => {
        this.controller = controller;
      },
      pull: (controller) => this.pull(controller),
      cancel: () => {
        if (this.finished) return;
        this.finish();
        ops.fetchCancel(this.bodyId);
      },
    }, { highWaterMark: 1 });
  }

  pull(controller) {
    return ops.fetchRead(this.bodyId).then((chunk) => {
      if (this.finished) return undefined;
      if (chunk === null) {
        this.finish();
        controller.close();
        return undefined;
      }
      if (chunk.byteLength === 0) return this.pull(controller);
      controller.enqueue(chunk);
      return undefined;
    }, (error) => {
      if (this.finished) return;
      this.finish();
      controller.error(typeErrorWithCause('terminated', error));
    });
  }

  // Before the head: the host request is aborted and the fetch rejects with the reason; after it,
  // the body is cancelled and its stream errors with the reason.
  abort(reason) {
    if (this.finished) return;
    this.finish();
    if (this.bodyId !== null) ops.fetchCancel(this.bodyId);
    else if (this.requestId !== 0) ops.fetchAbort(this.requestId);
    if (!this.settled) {
      this.settled = true;
      this.reject(reason);
    } else if (this.controller !== null) {
      this.controller.error(reason);
    }
  }

  fail(error) {
    this.finish();
    this.settled = true;
    this.reject(error);
  }

  finish() {
    this.finished = true;
    if (this.signal !== null) this.signal.removeEventListener('abort', this.onAbort);
  }
}

// ---------------------------------------------------------------------------------------------------
// data: URLs are answered here (Fetch's "data: URL processor"); the network never sees them.

function percentDecode(text) {
  const bytes = utf8Encode(text);
  const out = new Uint8Array(bytes.length);
  let n = 0;
  const hex = (b) => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x25 && hex(bytes[i + 1]) && hex(bytes[i + 2])) {
      out[n++] = parseInt(String.fromCharCode(bytes[i + 1], bytes[i + 2]), 16);
      i += 2;
    } else {
      out[n++] = bytes[i];
    }
  }
  return out.subarray(0, n);
}

// Bytes as the string of the same code points (the standard's "isomorphic decode").
function latin1(bytes) {
  let text = '';
  for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
  return text;
}

function dataUrlResponse(url) {
  const input = withoutFragment(url).slice('data:'.length);
  const comma = input.indexOf(',');
  if (comma === -1) return null;
  let mimeText = input.slice(0, comma).replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '');
  let bytes = percentDecode(input.slice(comma + 1));
  const base64 = /;[\x20]*base64$/i.exec(mimeText);
  if (base64 !== null) {
    mimeText = mimeText.slice(0, base64.index);
    try {
      bytes = Uint8Array.from(atob(latin1(bytes)), (c) => c.charCodeAt(0));
    } catch {
      return null;
    }
  }
  if (mimeText.startsWith(';')) mimeText = `text/plain${mimeText}`;
  const mime = parseMimeType(mimeText);
  const type = mime === null ? 'text/plain;charset=US-ASCII' : serializeMimeType(mime);
  return responseFromNetwork({
    status: 200,
    statusText: 'OK',
    url: withoutFragment(url),
    redirected: false,
    headers: [['content-type', type]],
    body: sourceBody([bytes]),
  });
}

// ---------------------------------------------------------------------------------------------------

function fetch(input, init = undefined) {
  let record;
  try {
    record = requestRecord(new Request(input, init));
  } catch (error) {
    return Promise.reject(error);
  }
  if (record.signalSource?.aborted) return Promise.reject(record.signalSource.reason);
  if (record.url.startsWith('data:')) {
    const response = dataUrlResponse(record.url);
    if (response === null) return Promise.reject(new TypeError('fetch failed'));
    return Promise.resolve(response);
  }
  return new Promise((resolve, reject) => {
    new HostFetch(record, resolve, reject).run();
  });
}

module.exports = { fetch };
