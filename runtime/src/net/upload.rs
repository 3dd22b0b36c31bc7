//! Request bodies: given whole, or streamed chunk by chunk as the script writes them (Node's
//! `req.write()`; DESIGN §4, "Limits per run").
//!
//! A whole body goes with its `Content-Length`. A streamed one is fed through a bounded
//! channel, so a script writing faster than the server reads waits instead of filling
//! memory; without a declared length hyper frames it `Transfer-Encoding: chunked` (HTTP/1.1)
//! or as DATA frames (h2). Streamed bytes count against the run's `bytes_out` as they are
//! sent, the way a whole body is counted before it is. The stream must be ended explicitly:
//! if the script's side goes away first (abort, run ending), the body fails, so hyper cuts
//! the request short and the server never takes a truncated body for a whole one.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use hyper::body::{Body, Frame, SizeHint};
use tokio::sync::mpsc;

use super::error::NetError;
use super::record::Tap;
use super::stats::{RecordId, Recorder};

/// Chunks waiting in a stream's channel before the writer has to wait.
const CHANNEL_CHUNKS: usize = 4;

/// A request body as the script gives it.
#[derive(Debug)]
pub enum RequestBody {
    Bytes(Bytes),
    Stream(BodyStream),
}

/// What the writer sends down a stream's channel.
#[derive(Debug)]
enum Piece {
    Chunk(Bytes),
    End,
}

/// The writing end of a streamed body; clone it freely, but write from one place at a time
/// (the channel keeps the order of completed sends).
#[derive(Debug, Clone)]
pub struct BodySender(mpsc::Sender<Piece>);

impl BodySender {
    /// Queues `chunk`, waiting while the channel is full. Fails once the request is over.
    pub async fn write(&self, chunk: Bytes) -> Result<(), BodyClosed> {
        self.0
            .send(Piece::Chunk(chunk))
            .await
            .map_err(|_| BodyClosed)
    }

    /// Ends the body: the last chunk was written.
    pub async fn end(&self) -> Result<(), BodyClosed> {
        self.0.send(Piece::End).await.map_err(|_| BodyClosed)
    }
}

/// The request no longer reads its body (it failed, was aborted, or its response came).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the request's body is no longer being sent")]
pub struct BodyClosed;

/// The reading end of a streamed body, handed to the request.
#[derive(Debug)]
pub struct BodyStream {
    rx: mpsc::Receiver<Piece>,
    /// The length the script declared (`Content-Length`), if it did.
    length: Option<u64>,
}

/// A streamed body of `length` bytes if declared, else of any length, and its writer.
pub fn body_channel(length: Option<u64>) -> (BodySender, BodyStream) {
    let (tx, rx) = mpsc::channel(CHANNEL_CHUNKS);
    (BodySender(tx), BodyStream { rx, length })
}

impl BodyStream {
    pub(super) fn length(&self) -> Option<u64> {
        self.length
    }
}

/// The body hyper sends for one hop.
pub(super) enum WireBody {
    Whole(Option<Bytes>),
    Streamed(Counted),
}

impl WireBody {
    /// A streamed body counted against the run's totals on `record`, and copied to `tap`
    /// as it leaves when recorded.
    pub(super) fn streamed(
        stream: BodyStream,
        recorder: Arc<Recorder>,
        record: RecordId,
        tap: Option<Tap>,
    ) -> Self {
        WireBody::Streamed(Counted {
            stream,
            recorder,
            record,
            sent: 0,
            done: false,
            tap,
        })
    }
}

/// A streamed body as it leaves: counted, checked against its declared length.
pub(super) struct Counted {
    stream: BodyStream,
    recorder: Arc<Recorder>,
    record: RecordId,
    sent: u64,
    done: bool,
    /// `--record`: the copy of what was sent, handed over at the end.
    tap: Option<Tap>,
}

impl Counted {
    /// Hands the recorded copy of the body over, once it was sent whole.
    fn deliver_copy(&mut self) {
        if let Some(tap) = self.tap.take() {
            tap.close_request();
        }
    }

    fn next(&mut self, piece: Option<Piece>) -> Option<Result<Frame<Bytes>, NetError>> {
        let declared = self.stream.length;
        match piece {
            Some(Piece::Chunk(chunk)) => {
                self.sent += chunk.len() as u64;
                if declared.is_some_and(|length| self.sent > length) {
                    return Some(Err(NetError::InvalidRequest(format!(
                        "the body is longer than its declared Content-Length of {}",
                        declared.unwrap_or_default()
                    ))));
                }
                if let Err(err) = self.recorder.sent(self.record, chunk.len() as u64) {
                    return Some(Err(err));
                }
                if let Some(tap) = &mut self.tap {
                    tap.take(&chunk);
                }
                // hyper stops reading at the declared length, before the end is seen.
                if declared == Some(self.sent) {
                    self.deliver_copy();
                }
                Some(Ok(Frame::data(chunk)))
            }
            Some(Piece::End) => {
                self.done = true;
                self.deliver_copy();
                match declared {
                    Some(length) if self.sent != length => {
                        Some(Err(NetError::InvalidRequest(format!(
                            "the body ended after {} bytes, not its declared Content-Length of {length}",
                            self.sent
                        ))))
                    }
                    _ => None,
                }
            }
            None => Some(Err(NetError::Io(
                "the request body was abandoned before its end".to_owned(),
            ))),
        }
    }
}

impl Body for WireBody {
    type Data = Bytes;
    type Error = NetError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, NetError>>> {
        match self.get_mut() {
            WireBody::Whole(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            WireBody::Streamed(counted) if counted.done => Poll::Ready(None),
            WireBody::Streamed(counted) => loop {
                let piece = match counted.stream.rx.poll_recv(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(piece) => piece,
                };
                // Empty chunks would end a chunked body early on the wire.
                if let Some(Piece::Chunk(chunk)) = &piece {
                    if chunk.is_empty() {
                        continue;
                    }
                }
                let frame = counted.next(piece);
                if matches!(frame, Some(Err(_))) {
                    counted.done = true;
                }
                return Poll::Ready(frame);
            },
        }
    }

    fn is_end_stream(&self) -> bool {
        match self {
            WireBody::Whole(bytes) => bytes.is_none(),
            WireBody::Streamed(counted) => counted.done,
        }
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            WireBody::Whole(bytes) => {
                SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64))
            }
            WireBody::Streamed(Counted {
                stream:
                    BodyStream {
                        length: Some(length),
                        ..
                    },
                sent,
                ..
            }) => SizeHint::with_exact(length.saturating_sub(*sent)),
            WireBody::Streamed(_) => SizeHint::default(),
        }
    }
}
