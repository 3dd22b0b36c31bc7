//! A response body, streamed, decoded and bounded (DESIGN §4, "Limits per run").
//!
//! Chunks come as the server sends them, so a 100 MB PDF never sits in memory whole. The
//! body is decoded per `Content-Encoding` (gzip, deflate with or without its zlib wrapper,
//! br, in the order the header lists them) by pull decoders that each produce at most one
//! buffer per read, and the response limit counts **decoded** bytes as they are produced: a
//! gzip bomb stops after about one buffer past the limit, not after inflating. Wire bytes
//! count against the run's `bytes_in` total; each read has the request timeout, so a stalled
//! body ends with `ETIMEDOUT`. Dropping the body closes its stream (hyper resets the
//! connection or the h2 stream), which is how an abort cancels a request.

use std::fmt;
use std::future::poll_fn;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use async_compression::tokio::bufread::{BrotliDecoder, DeflateDecoder, GzipDecoder, ZlibDecoder};
use bytes::Bytes;
use hyper::body::{Body, Incoming};
use tokio::io::{AsyncBufRead, AsyncBufReadExt, BufReader};
use tokio_util::io::StreamReader;

use super::error::NetError;
use super::record::Tap;
use super::stats::{RecordId, Recorder};

/// Size of the decoded chunks handed out, and so the most a decoder runs past the limit.
const CHUNK: usize = 64 * 1024;

/// More stacked encodings than this are passed through undecoded, as unknown ones are.
const MAX_ENCODINGS: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Encoding {
    Gzip,
    Deflate,
    Brotli,
}

/// The decoders to apply, last listed first; `None` to pass the body through as it came
/// (no encoding, an unknown one, or too many), as browsers do.
pub(super) fn encodings<'a>(values: impl Iterator<Item = &'a [u8]>) -> Option<Vec<Encoding>> {
    let mut chain = Vec::new();
    for value in values {
        for token in String::from_utf8_lossy(value).split(',') {
            match token.trim().to_ascii_lowercase().as_str() {
                "" | "identity" => {}
                "gzip" | "x-gzip" => chain.push(Encoding::Gzip),
                "deflate" => chain.push(Encoding::Deflate),
                "br" => chain.push(Encoding::Brotli),
                _ => return None,
            }
        }
    }
    (!chain.is_empty() && chain.len() <= MAX_ENCODINGS).then_some(chain)
}

/// What a body needs from the request that produced it.
pub(super) struct BodyContext {
    pub(super) url: String,
    pub(super) recorder: Arc<Recorder>,
    pub(super) record: RecordId,
    pub(super) started: Instant,
    pub(super) read_timeout: Duration,
    pub(super) max_bytes: u64,
    /// Where `--record` keeps a copy of what the script reads.
    pub(super) tap: Option<Tap>,
}

/// A response body; read it with [`ResponseBody::next_chunk`].
pub struct ResponseBody {
    reader: Reader,
    /// For the decode error message: the `Content-Encoding` as sent.
    encoding: String,
    produced: u64,
    context: BodyContext,
    /// Set once the record is closed: the end, or the error to repeat.
    outcome: Option<Result<(), NetError>>,
}

enum Reader {
    Raw(RawStream),
    /// Decoders are set up at the first read, once the first bytes tell raw deflate from
    /// zlib, and an empty body (HEAD, 204, 304) needs none.
    Pending(RawStream, Vec<Encoding>),
    Decoded(Box<dyn AsyncBufRead + Send + Unpin>),
    /// A body answered in-process (the local Cozy): what is left of it.
    Memory(Bytes),
    Done,
}

impl ResponseBody {
    pub(super) fn new(
        source: Source,
        decode: Option<(Vec<Encoding>, String)>,
        context: BodyContext,
    ) -> ResponseBody {
        // A body known to be empty (HEAD, 204, 304, `content-length: 0`) ends now, so a
        // response the script never reads does not hold its place.
        let empty = source.is_end_stream();
        let raw = RawStream {
            source,
            recorder: context.recorder.clone(),
            record: context.record,
        };
        let (reader, encoding) = match decode {
            Some((chain, header)) => (Reader::Pending(raw, chain), header),
            None => (Reader::Raw(raw), String::new()),
        };
        let mut body = ResponseBody {
            reader,
            encoding,
            produced: 0,
            context,
            outcome: None,
        };
        if empty {
            body.close(Ok(()));
        }
        body
    }

    /// A body already in memory, handed out in chunks and counted like one off a
    /// connection.
    /// A body already whole in the host's memory (the local Cozy's answers). Its bytes
    /// count against the run's `bytes_in` and the response limit at once, not as the script
    /// reads them: bodies held unread must not grow the host's memory past the limits.
    pub(super) fn in_memory(bytes: Bytes, context: BodyContext) -> Result<ResponseBody, NetError> {
        let size = bytes.len() as u64;
        if size > context.max_bytes {
            return Err(NetError::BodyTooLarge {
                limit: context.max_bytes,
            });
        }
        context.recorder.received(context.record, size)?;
        let mut body = ResponseBody {
            reader: Reader::Memory(bytes),
            encoding: String::new(),
            produced: 0,
            context,
            outcome: None,
        };
        if size == 0 {
            body.close(Ok(()));
        }
        Ok(body)
    }

    /// The next chunk of the body, `None` at its end. Errors: `ETIMEDOUT` when the server
    /// stalls longer than the request timeout, `ERR_BODY_TOO_LARGE` past the response
    /// limit, `ERR_NETWORK_LIMIT` past the run's `bytes_in`, `Z_DATA_ERROR` on a corrupt
    /// encoding. After the end or an error, every call answers the same.
    pub async fn next_chunk(&mut self) -> Result<Option<Bytes>, NetError> {
        if let Some(outcome) = &self.outcome {
            return outcome.clone().map(|()| None);
        }
        let timeout = self.context.read_timeout;
        let result = match tokio::time::timeout(timeout, self.read()).await {
            Ok(result) => result,
            Err(_) => Err(NetError::Timeout {
                url: self.context.url.clone(),
                waiting_for: "body",
                after: timeout,
            }),
        };
        let result = result.and_then(|chunk| match chunk {
            Some(chunk) => {
                self.produced += chunk.len() as u64;
                if self.produced > self.context.max_bytes {
                    return Err(NetError::BodyTooLarge {
                        limit: self.context.max_bytes,
                    });
                }
                Ok(Some(chunk))
            }
            None => Ok(None),
        });
        match result {
            Ok(Some(chunk)) => {
                if let Some(tap) = &mut self.context.tap {
                    tap.take(&chunk);
                }
                Ok(Some(chunk))
            }
            Ok(None) => {
                self.close(Ok(()));
                Ok(None)
            }
            Err(err) => {
                self.close(Err(err.clone()));
                Err(err)
            }
        }
    }

    async fn read(&mut self) -> Result<Option<Bytes>, NetError> {
        loop {
            match &mut self.reader {
                Reader::Raw(raw) => return raw.next_data().await.map_err(NetError::from_io),
                Reader::Pending(..) => {
                    let Reader::Pending(raw, chain) =
                        std::mem::replace(&mut self.reader, Reader::Done)
                    else {
                        continue;
                    };
                    self.reader = match decoders(raw, &chain).await {
                        Ok(Some(decoder)) => Reader::Decoded(decoder),
                        Ok(None) => Reader::Done,
                        Err(err) => return Err(self.decode_error(err)),
                    };
                }
                Reader::Decoded(decoder) => {
                    let chunk = match decoder.fill_buf().await {
                        Ok([]) => return Ok(None),
                        Ok(buf) => Bytes::copy_from_slice(buf),
                        Err(err) => return Err(self.decode_error(err)),
                    };
                    decoder.consume(chunk.len());
                    return Ok(Some(chunk));
                }
                Reader::Memory(rest) if rest.is_empty() => return Ok(None),
                // Counted whole when it was made: see [`ResponseBody::in_memory`].
                Reader::Memory(rest) => return Ok(Some(rest.split_to(rest.len().min(CHUNK)))),
                Reader::Done => return Ok(None),
            }
        }
    }

    /// A transport error carried through the decoders, or the decoder's own complaint.
    fn decode_error(&self, err: io::Error) -> NetError {
        match NetError::from_io(err) {
            NetError::Io(message) => NetError::Decode {
                encoding: self.encoding.clone(),
                message,
            },
            transport => transport,
        }
    }

    /// Closes the record; the stream itself is dropped.
    fn close(&mut self, outcome: Result<(), NetError>) {
        if let Some(tap) = &mut self.context.tap {
            tap.close_response(outcome.is_ok());
        }
        let error = outcome
            .as_ref()
            .err()
            .map(|err| format!("{}: {err}", err.code()));
        self.finish(error);
        self.reader = Reader::Done;
        self.outcome = Some(outcome);
    }

    fn finish(&mut self, error: Option<String>) {
        let ms = self.context.started.elapsed().as_millis() as u64;
        self.context.recorder.finish(self.context.record, ms, error);
    }
}

impl Drop for ResponseBody {
    fn drop(&mut self) {
        if self.outcome.is_none() {
            if let Some(tap) = &mut self.context.tap {
                tap.close_response(false);
            }
            self.finish(Some("ABORT_ERR: body dropped before its end".to_owned()));
        }
    }
}

impl fmt::Debug for ResponseBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseBody")
            .field("url", &self.context.url)
            .field("encoding", &self.encoding)
            .field("produced", &self.produced)
            .field("outcome", &self.outcome)
            .finish_non_exhaustive()
    }
}

/// Stacks the decoders, innermost (the last encoding applied) first. Peeks at each layer's
/// first bytes: none means an empty body, and for deflate, the first byte tells a zlib
/// header (`0x?8`, as undici checks) from a raw stream that some servers send.
async fn decoders(
    raw: RawStream,
    chain: &[Encoding],
) -> io::Result<Option<Box<dyn AsyncBufRead + Send + Unpin>>> {
    let mut reader: Box<dyn AsyncBufRead + Send + Unpin> = Box::new(StreamReader::new(raw));
    for encoding in chain.iter().rev() {
        let Some(&first) = reader.fill_buf().await?.first() else {
            return Ok(None);
        };
        reader = match encoding {
            Encoding::Gzip => {
                let mut gzip = GzipDecoder::new(reader);
                gzip.multiple_members(true);
                Box::new(BufReader::with_capacity(CHUNK, gzip))
            }
            Encoding::Deflate if first & 0x0f == 0x08 => {
                Box::new(BufReader::with_capacity(CHUNK, ZlibDecoder::new(reader)))
            }
            Encoding::Deflate => {
                Box::new(BufReader::with_capacity(CHUNK, DeflateDecoder::new(reader)))
            }
            Encoding::Brotli => {
                Box::new(BufReader::with_capacity(CHUNK, BrotliDecoder::new(reader)))
            }
        };
    }
    Ok(Some(reader))
}

/// Where a hop's body comes from: the connection, or a recording being replayed.
pub(super) enum Source {
    Wire(Incoming),
    Replayed(Option<Bytes>),
}

impl Source {
    fn is_end_stream(&self) -> bool {
        match self {
            Source::Wire(incoming) => incoming.is_end_stream(),
            Source::Replayed(bytes) => bytes.as_ref().is_none_or(Bytes::is_empty),
        }
    }
}

/// `bytes` decoded whole per `chain` (last listed first), at most `limit` bytes of it: for a
/// recorded body the script read raw.
pub(super) fn decode_whole(chain: &[Encoding], bytes: &[u8], limit: u64) -> io::Result<Vec<u8>> {
    use std::io::Read;
    let mut data = bytes.to_vec();
    for encoding in chain.iter().rev() {
        let input = data.as_slice();
        let reader: Box<dyn Read + '_> = match encoding {
            Encoding::Gzip => Box::new(flate2::read::MultiGzDecoder::new(input)),
            Encoding::Deflate if input.first().is_some_and(|b| b & 0x0f == 0x08) => {
                Box::new(flate2::read::ZlibDecoder::new(input))
            }
            Encoding::Deflate => Box::new(flate2::read::DeflateDecoder::new(input)),
            Encoding::Brotli => Box::new(brotli::Decompressor::new(input, CHUNK)),
        };
        let mut decoded = Vec::new();
        reader
            .take(limit.saturating_add(1))
            .read_to_end(&mut decoded)?;
        if decoded.len() as u64 > limit {
            return Err(io::Error::other(format!(
                "larger than the response limit of {limit} bytes once decoded"
            )));
        }
        data = decoded;
    }
    Ok(data)
}

/// The body as it comes off the connection, counted against the run's `bytes_in`. Errors are
/// `NetError`s inside `io::Error`, the only error the decoders pass through.
struct RawStream {
    source: Source,
    recorder: Arc<Recorder>,
    record: RecordId,
}

impl RawStream {
    async fn next_data(&mut self) -> io::Result<Option<Bytes>> {
        poll_fn(|cx| Pin::new(&mut *self).poll_data(cx)).await
    }

    fn poll_data(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<Option<Bytes>>> {
        let incoming = match &mut self.source {
            Source::Wire(incoming) => incoming,
            Source::Replayed(bytes) => {
                let data = bytes.take().filter(|b| !b.is_empty());
                if let Some(data) = &data {
                    if let Err(err) = self.recorder.received(self.record, data.len() as u64) {
                        return Poll::Ready(Err(io::Error::other(err)));
                    }
                }
                return Poll::Ready(Ok(data));
            }
        };
        loop {
            let frame = match Pin::new(&mut *incoming).poll_frame(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(Ok(None)),
                Poll::Ready(Some(Err(err))) => {
                    return Poll::Ready(Err(io::Error::other(NetError::Io(describe(&err)))))
                }
                Poll::Ready(Some(Ok(frame))) => frame,
            };
            // Trailers are not exposed; empty data frames carry nothing.
            let Ok(data) = frame.into_data() else {
                continue;
            };
            if data.is_empty() {
                continue;
            }
            if let Err(err) = self.recorder.received(self.record, data.len() as u64) {
                return Poll::Ready(Err(io::Error::other(err)));
            }
            return Poll::Ready(Ok(Some(data)));
        }
    }
}

impl futures_util::Stream for RawStream {
    type Item = io::Result<Bytes>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_data(cx).map(Result::transpose)
    }
}

/// An error with its causes, on one line (hyper's own message is terse).
pub(super) fn describe(err: &(dyn std::error::Error + 'static)) -> String {
    let mut message = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_encodings_parse_in_order() {
        use Encoding::*;
        let parse = |values: &[&str]| encodings(values.iter().map(|v| v.as_bytes()));
        assert_eq!(parse(&["gzip"]), Some(vec![Gzip]));
        assert_eq!(parse(&["X-GZIP"]), Some(vec![Gzip]));
        assert_eq!(parse(&["deflate, br"]), Some(vec![Deflate, Brotli]));
        assert_eq!(parse(&["gzip", "br"]), Some(vec![Gzip, Brotli]));
        assert_eq!(parse(&["identity"]), None);
        assert_eq!(parse(&[]), None);
        assert_eq!(parse(&["gzip, zstd"]), None);
        assert_eq!(parse(&["gzip, gzip, gzip, gzip"]), None);
    }

    #[test]
    fn a_raw_body_is_decoded_whole_within_the_limit() {
        use std::io::Write;
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gzip.write_all(&[b'a'; 1000]).unwrap();
        let gzipped = gzip.finish().unwrap();
        let decoded = decode_whole(&[Encoding::Gzip], &gzipped, 1000).unwrap();
        assert_eq!(decoded, vec![b'a'; 1000]);
        let err = decode_whole(&[Encoding::Gzip], &gzipped, 999).unwrap_err();
        assert!(err.to_string().contains("response limit of 999"), "{err}");
    }
}
