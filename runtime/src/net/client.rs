//! The run's HTTP client: from a request description to a streamed response, one hop at a
//! time (DESIGN §4.1-4.8).
//!
//! Each hop, the first and every redirect alike, goes through the policy (`check_url`), then
//! pinning (resolution and `check_resolved`, `pin.rs`), and only then to hyper, whose
//! connector can dial nothing but the pinned addresses. Redirects are followed here, not by
//! hyper, so each hop is checked like a first request (Deno's `httpRedirectFetch`), with the
//! WHATWG method and header rules and a hop cap. Limits are enforced here and in `body.rs`:
//! requests in flight (a semaphore; waiters queue), the request timeout up to the final
//! headers, and the per-run totals (`stats.rs`). Each run builds its own [`Network`], so no
//! connection, TLS session or DNS cache is shared between runs (DESIGN §4.8); environment
//! proxies are never read. Dropping a `fetch` future or its body cancels the request.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use http::{Method, Request, Response, StatusCode, Uri, Version};
use http_body_util::BodyExt as _;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use rustls::RootCertStore;
use tokio::sync::Semaphore;
use tokio::time::timeout_at;
use url::Url;

use super::body::{describe, encodings, BodyContext, ResponseBody, Source};
use super::config::{NetConfig, NetLimits, Traffic};
use super::connector::{tls_config, webpki_roots, Connector, PinTable};
use super::error::NetError;
use super::local::LocalOrigin;
use super::pin::Pinner;
use super::policy::{check_url, Target};
use super::record::{Recording, Slot, Tap};
use super::replay::{Cassette, UNMATCHED_RULE};
use super::resolver::Dns;
use super::stats::{NetStats, RecordId, Recorder};
use super::upload::{RequestBody, WireBody};

/// What `fetch` does with a redirect response.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum RedirectMode {
    /// Follow it, checking each hop like a first request.
    #[default]
    Follow,
    /// Return the 3xx response as it is.
    Manual,
    /// Fail with `ERR_REDIRECT`.
    Error,
}

/// A request as the script described it.
#[derive(Debug)]
pub struct FetchRequest {
    pub method: String,
    pub url: String,
    /// Names in any case; values whose characters are all below U+0100 (JS ByteStrings).
    pub headers: Vec<(String, String)>,
    pub body: Option<RequestBody>,
    pub redirect: RedirectMode,
}

/// A response whose headers arrived; its body streams.
#[derive(Debug)]
pub struct FetchResponse {
    pub status: u16,
    pub status_text: String,
    /// The final URL, after redirects, without fragment.
    pub url: String,
    pub redirected: bool,
    /// Lower-case names; values decoded byte for byte (Latin-1, as JS ByteStrings). Grouped
    /// by name in the order names first appeared (hyper keeps no finer order); repeated
    /// headers such as `set-cookie` stay separate entries.
    pub headers: Vec<(String, String)>,
    pub body: ResponseBody,
}

/// Headers the transport writes itself; a script's own are ignored, as browsers do, so they
/// cannot desynchronise a pooled connection or break h2.
const TRANSPORT_HEADERS: &[HeaderName] = &[
    header::HOST,
    header::CONTENT_LENGTH,
    header::TRANSFER_ENCODING,
    header::CONNECTION,
    header::UPGRADE,
    header::TE,
    header::TRAILER,
];
const TRANSPORT_HEADER_NAMES: &[&str] = &["keep-alive", "proxy-connection"];

/// Dropped when a redirect turns the request into a body-less GET (WHATWG fetch).
const BODY_HEADERS: &[HeaderName] = &[
    header::CONTENT_ENCODING,
    header::CONTENT_LANGUAGE,
    header::CONTENT_LOCATION,
    header::CONTENT_TYPE,
];

/// Dropped when a redirect leaves the origin: credentials meant for the first one.
const CREDENTIAL_HEADERS: &[HeaderName] = &[
    header::AUTHORIZATION,
    header::COOKIE,
    header::PROXY_AUTHORIZATION,
];

const USER_AGENT: &str = concat!("kvm/", env!("CARGO_PKG_VERSION"));
const ACCEPT_ENCODING: &str = "gzip, deflate, br";

/// One run's network: its client, pool, resolver and counters.
#[derive(Clone)]
pub struct Network {
    shared: Arc<Shared>,
}

struct Shared {
    client: Client<Connector, WireBody>,
    local: Option<LocalOrigin>,
    pins: Arc<PinTable>,
    pinner: Pinner,
    limits: NetLimits,
    slots: Arc<Semaphore>,
    recorder: Arc<Recorder>,
    traffic: Traffic,
}

impl Network {
    pub fn new(config: NetConfig) -> Self {
        Network::with_roots(config, webpki_roots())
    }

    /// A network trusting `roots` instead of the public web's, for test servers with their
    /// own certificate.
    pub(crate) fn with_roots(config: NetConfig, roots: RootCertStore) -> Self {
        let NetConfig {
            allow,
            resolve,
            connect_to,
            limits,
            resolver,
            local,
            traffic,
        } = config;
        let pins = Arc::new(PinTable::default());
        let connector = Connector::new(pins.clone(), tls_config(roots), limits.connect_timeout);
        let client = Client::builder(TokioExecutor::new())
            .timer(TokioTimer::new())
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(Duration::from_secs(90))
            .build(connector);
        Network {
            shared: Arc::new(Shared {
                client,
                local,
                pins,
                pinner: Pinner::new(allow, resolve, connect_to, Dns::new(&resolver)),
                slots: Arc::new(Semaphore::new(limits.max_concurrent.max(1))),
                recorder: Arc::new(Recorder::new(limits.clone())),
                limits,
                traffic,
            }),
        }
    }

    /// Sends `request`, following redirects as its mode says, and returns once the final
    /// response's headers are in. With `decode` (fetch), the body is decoded per
    /// `Content-Encoding`, and `Accept-Encoding` and `User-Agent` are offered unless the
    /// request sets them; without (Node's `http` module), the body stays as sent and the
    /// headers as the script wrote them. A streamed body is sent once: a redirect that would
    /// send it again fails (WHATWG fetch).
    pub async fn fetch(
        &self,
        request: FetchRequest,
        decode: bool,
    ) -> Result<FetchResponse, NetError> {
        let shared = &self.shared;
        if let Some(local) = &shared.local {
            if let Some(url) = local.serves(&request.url) {
                return self.fetch_local(local, url, request).await;
            }
        }
        let mut method = parse_method(&request.method)?;
        let mut headers = request_headers(request.headers, decode)?;
        let mut body = request.body;
        // A streamed body leaves with its first hop.
        let mut body_sent = false;
        // Waiting for a place is not the server's slowness: the timeout starts after it.
        // The place is held until the response's headers are in: a body the script never
        // reads must not block later requests (node opens another connection).
        let _place = shared
            .slots
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| NetError::Io("the network is shut down".to_owned()))?;
        let deadline = tokio::time::Instant::now() + shared.limits.request_timeout;
        let mut input = request.url;
        let mut redirects = 0;
        loop {
            let target = check_url(&input, shared.pinner.allowances()).map_err(|denial| {
                shared.recorder.deny(&input, &denial.rule);
                NetError::Denied(denial)
            })?;
            let hop_body = match &body {
                Some(RequestBody::Bytes(bytes)) => Some(RequestBody::Bytes(bytes.clone())),
                Some(RequestBody::Stream(_)) => {
                    body_sent = true;
                    body.take()
                }
                None => None,
            };
            // The stack's own origin always goes live, and is neither recorded nor
            // replayed: its traffic is the Cozy's, not the vendor's, and carries the job's
            // credentials.
            let stack = shared.pinner.allowances().is_stack_origin(&target);
            let hop = match &shared.traffic {
                Traffic::Replay(cassette) if !stack => {
                    self.replayed(cassette, &method, &target, hop_body).await?
                }
                Traffic::Record(recording) if !stack => {
                    self.hop(
                        &method,
                        &target,
                        &headers,
                        hop_body,
                        deadline,
                        Some(recording),
                    )
                    .await?
                }
                _ => {
                    self.hop(&method, &target, &headers, hop_body, deadline, None)
                        .await?
                }
            };
            let location = hop.parts.headers.get(header::LOCATION);
            let status = hop.parts.status;
            let location = match location {
                Some(location)
                    if is_redirect(status) && request.redirect != RedirectMode::Manual =>
                {
                    String::from_utf8_lossy(location.as_bytes()).into_owned()
                }
                _ => return Ok(hop.into_response(decode, redirects > 0)),
            };
            // The redirect's own body is not read: dropping it closes its stream.
            hop.done();
            let streamed = matches!(body, Some(RequestBody::Stream(_))) || body_sent;
            let next = target
                .url()
                .join(&location)
                .map_err(|_| NetError::InvalidRedirect {
                    url: without_fragment(target.url()),
                    location: location.clone(),
                })?;
            if request.redirect == RedirectMode::Error {
                return Err(NetError::RedirectNotAllowed {
                    url: without_fragment(&next),
                });
            }
            if redirects >= shared.limits.max_redirects {
                return Err(NetError::TooManyRedirects {
                    url: without_fragment(&next),
                    limit: shared.limits.max_redirects,
                });
            }
            redirects += 1;
            let post_to_get = matches!(status.as_u16(), 301 | 302) && method == Method::POST;
            let see_other =
                status == StatusCode::SEE_OTHER && method != Method::GET && method != Method::HEAD;
            if post_to_get || see_other {
                method = Method::GET;
                body = None;
                body_sent = false;
                BODY_HEADERS.iter().for_each(|name| {
                    headers.remove(name);
                });
            } else if streamed {
                return Err(NetError::StreamedBodyRedirect {
                    url: without_fragment(&next),
                });
            }
            if next.origin() != target.url().origin() {
                CREDENTIAL_HEADERS.iter().for_each(|name| {
                    headers.remove(name);
                });
            }
            input = next.into();
        }
    }

    /// A request to the origin answered in-process: recorded and bounded like any other,
    /// but no policy, resolution or socket is involved, and its answer is final (a
    /// redirect is returned as it is).
    async fn fetch_local(
        &self,
        local: &LocalOrigin,
        url: Url,
        request: FetchRequest,
    ) -> Result<FetchResponse, NetError> {
        let shared = &self.shared;
        let method = parse_method(&request.method)?;
        let headers = request_headers(request.headers, false)?;
        let url = without_fragment(&url);
        let started = Instant::now();
        let whole = match &request.body {
            Some(RequestBody::Bytes(bytes)) => bytes.len() as u64,
            _ => 0,
        };
        let record = shared.recorder.begin(method.as_str(), &url, whole)?;
        let mut guard = HopGuard::new(&shared.recorder, record, started);
        // The handler takes the body whole.
        let body = match self.gather(request.body, record).await {
            Ok(body) => body,
            Err(err) => return Err(guard.fail(err)),
        };
        let mut forwarded = Request::new(body);
        *forwarded.method_mut() = method;
        *forwarded.uri_mut() = Uri::try_from(url.as_str())
            .map_err(|err| NetError::InvalidRequest(format!("cannot send to {url}: {err}")))?;
        *forwarded.headers_mut() = headers;
        let (parts, body) = local.answer(forwarded).await.into_parts();
        // From here the body closes the record.
        guard.armed = false;
        let ms = guard.ms();
        shared.recorder.status(record, parts.status.as_u16(), ms);
        let headers = parts
            .headers
            .iter()
            .map(|(name, value)| (name.as_str().to_owned(), latin1(value.as_bytes())))
            .collect();
        let context = BodyContext {
            url: url.clone(),
            recorder: shared.recorder.clone(),
            record,
            started,
            read_timeout: shared.limits.request_timeout,
            max_bytes: shared.limits.max_response_bytes,
            tap: None,
        };
        let body = ResponseBody::in_memory(body, context).inspect_err(|err| {
            let error = Some(format!("{}: {err}", err.code()));
            shared.recorder.finish(record, ms, error);
        })?;
        Ok(FetchResponse {
            status: parts.status.as_u16(),
            status_text: parts.status.canonical_reason().unwrap_or("").to_owned(),
            url,
            redirected: false,
            headers,
            body,
        })
    }

    /// One request to an accepted target: pin, record, send, wait for the headers.
    async fn hop(
        &self,
        method: &Method,
        target: &Target,
        headers: &HeaderMap,
        body: Option<RequestBody>,
        deadline: tokio::time::Instant,
        recording: Option<&Arc<Recording>>,
    ) -> Result<Hop, NetError> {
        let shared = &self.shared;
        let url = without_fragment(target.url());
        let started = Instant::now();
        let timeout = || NetError::Timeout {
            url: url.clone(),
            waiting_for: "headers",
            after: shared.limits.request_timeout,
        };
        let uri = Uri::try_from(url.as_str())
            .map_err(|err| NetError::InvalidRequest(format!("cannot send to {url}: {err}")))?;
        // A whole body counts before it is sent, a streamed one as it goes.
        let (whole, length) = match &body {
            Some(RequestBody::Bytes(bytes)) => (bytes.len() as u64, Some(bytes.len() as u64)),
            Some(RequestBody::Stream(stream)) => (0, stream.length()),
            None => (0, None),
        };
        shared.recorder.admit(whole)?;
        let addrs = match timeout_at(deadline, shared.pinner.pin(target)).await {
            Ok(Ok(addrs)) => addrs,
            Ok(Err(NetError::Denied(denial))) => {
                shared.recorder.deny(&url, &denial.rule);
                return Err(NetError::Denied(denial));
            }
            Ok(Err(err)) => return Err(self.failed(method, &url, started, err)),
            Err(_) => return Err(self.failed(method, &url, started, timeout())),
        };
        let record = shared.recorder.begin(method.as_str(), &url, whole)?;
        let guard = HopGuard::new(&shared.recorder, record, started);
        shared.pins.set(&uri, addrs);
        let bodiless = body.is_none();
        let recording = recording.map(|recording| {
            let whole = match &body {
                Some(RequestBody::Bytes(bytes)) => Some(bytes.as_ref()),
                _ => None,
            };
            let slot = recording.request(method.as_str(), &url, headers, whole);
            (recording.clone(), slot)
        });
        let body = match body {
            Some(RequestBody::Bytes(bytes)) => {
                WireBody::Whole(Some(bytes).filter(|b| !b.is_empty()))
            }
            Some(RequestBody::Stream(stream)) => {
                let tap = recording
                    .as_ref()
                    .map(|(recording, slot)| Tap::new(recording.clone(), *slot));
                WireBody::streamed(stream, shared.recorder.clone(), record, tap)
            }
            None => WireBody::Whole(None),
        };
        let mut request = Request::new(body);
        *request.method_mut() = method.clone();
        *request.uri_mut() = uri;
        *request.headers_mut() = headers.clone();
        // As fetch does: a body's length, even 0, and 0 for a body-less POST or PUT, which
        // some servers require; hyper alone would send neither. A streamed body of no
        // declared length goes chunked.
        let length = match length {
            None if bodiless && (*method == Method::POST || *method == Method::PUT) => Some(0),
            length => length,
        };
        if let Some(length) = length {
            request
                .headers_mut()
                .insert(header::CONTENT_LENGTH, HeaderValue::from(length));
        }
        let response = match timeout_at(deadline, shared.client.request(request)).await {
            Ok(Ok(response)) => response,
            Ok(Err(err)) => return Err(guard.fail(client_error(&err))),
            Err(_) => return Err(guard.fail(timeout())),
        };
        shared
            .recorder
            .status(record, response.status().as_u16(), guard.ms());
        tracing::debug!(%method, url, status = response.status().as_u16(), "fetched");
        let (parts, incoming) = response.into_parts();
        Ok(Hop {
            status_text: status_text(&parts),
            parts,
            source: Source::Wire(incoming),
            url,
            guard,
            read_timeout: shared.limits.request_timeout,
            max_bytes: shared.limits.max_response_bytes,
            recording,
        })
    }

    /// One request answered from the recording being replayed: no resolution, no socket.
    /// Counted and recorded in the report like a hop that went out; an unmatched one is
    /// also listed as denied, with the replay's rule.
    async fn replayed(
        &self,
        cassette: &Cassette,
        method: &Method,
        target: &Target,
        body: Option<RequestBody>,
    ) -> Result<Hop, NetError> {
        let shared = &self.shared;
        let url = without_fragment(target.url());
        let started = Instant::now();
        let whole = match &body {
            Some(RequestBody::Bytes(bytes)) => bytes.len() as u64,
            _ => 0,
        };
        let record = shared.recorder.begin(method.as_str(), &url, whole)?;
        let guard = HopGuard::new(&shared.recorder, record, started);
        let body = match self.gather(body, record).await {
            Ok(body) => body,
            Err(err) => return Err(guard.fail(err)),
        };
        let answer = match cassette.answer(method.as_str(), &url, &body) {
            Ok(answer) => answer,
            Err(err) => {
                shared.recorder.deny(&url, UNMATCHED_RULE);
                return Err(guard.fail(err));
            }
        };
        let mut response = Response::new(());
        *response.status_mut() = answer.status;
        for (name, value) in &answer.headers {
            let bytes: Vec<u8> = value.chars().map(|c| c as u32 as u8).collect();
            if let (Ok(name), Ok(value)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_bytes(&bytes),
            ) {
                response.headers_mut().append(name, value);
            }
        }
        shared
            .recorder
            .status(record, answer.status.as_u16(), guard.ms());
        let (parts, ()) = response.into_parts();
        Ok(Hop {
            status_text: answer.status_text,
            parts,
            source: Source::Replayed(Some(answer.body)),
            url,
            guard,
            read_timeout: shared.limits.request_timeout,
            max_bytes: shared.limits.max_response_bytes,
            recording: None,
        })
    }

    /// A body that is not sent on a wire, whole: a stream is gathered, counted against
    /// `bytes_out` and checked against its declared length as it would be on the wire.
    async fn gather(&self, body: Option<RequestBody>, record: RecordId) -> Result<Bytes, NetError> {
        match body {
            Some(RequestBody::Bytes(bytes)) => Ok(bytes),
            Some(RequestBody::Stream(stream)) => {
                let wire = WireBody::streamed(stream, self.shared.recorder.clone(), record, None);
                Ok(wire.collect().await?.to_bytes())
            }
            None => Ok(Bytes::new()),
        }
    }

    /// Records a hop that failed before a request went out (resolution, timeout).
    fn failed(&self, method: &Method, url: &str, started: Instant, err: NetError) -> NetError {
        match self.shared.recorder.begin(method.as_str(), url, 0) {
            Ok(record) => HopGuard::new(&self.shared.recorder, record, started).fail(err),
            Err(_) => err,
        }
    }

    /// What `url` may reach, as `fetch` would decide, without sending anything: the checked
    /// addresses a connection would use (after `--resolve` and `--connect-to`), or why not.
    pub async fn check(&self, url: &str) -> Result<Vec<SocketAddr>, NetError> {
        let shared = &self.shared;
        let denied = |denial: super::policy::Denial, url: &str| {
            shared.recorder.deny(url, &denial.rule);
            NetError::Denied(denial)
        };
        let target = check_url(url, shared.pinner.allowances()).map_err(|d| denied(d, url))?;
        let url = without_fragment(target.url());
        let timeout = shared.limits.request_timeout;
        match tokio::time::timeout(timeout, shared.pinner.pin(&target)).await {
            Ok(Err(NetError::Denied(denial))) => Err(denied(denial, &url)),
            Ok(result) => result,
            Err(_) => Err(NetError::Timeout {
                url,
                waiting_for: "resolution",
                after: timeout,
            }),
        }
    }

    /// A snapshot of what the run's network did so far.
    pub fn stats(&self) -> NetStats {
        self.shared.recorder.snapshot()
    }
}

/// A hop whose headers arrived.
struct Hop {
    parts: http::response::Parts,
    status_text: String,
    source: Source,
    url: String,
    guard: HopGuard,
    read_timeout: Duration,
    max_bytes: u64,
    /// `--record`: the recording and this hop's entry in it.
    recording: Option<(Arc<Recording>, Slot)>,
}

impl Hop {
    /// Closes a redirect hop, whose body is dropped unread (and recorded empty).
    fn done(mut self) {
        if let Some((recording, slot)) = &self.recording {
            recording.response(*slot, &self.parts, &self.status_text, true);
            recording.response_body(*slot, Vec::new(), true, false);
        }
        self.guard.close(None);
    }

    fn into_response(mut self, decode: bool, redirected: bool) -> FetchResponse {
        self.guard.armed = false;
        let parts = self.parts;
        let status_text = self.status_text;
        let encoding = parts.headers.get_all(header::CONTENT_ENCODING);
        let decoders = decode
            .then(|| encodings(encoding.iter().map(HeaderValue::as_bytes)))
            .flatten()
            .map(|chain| {
                let sent = encoding.iter().map(|v| latin1(v.as_bytes()));
                (chain, sent.collect::<Vec<_>>().join(", "))
            });
        let headers = parts
            .headers
            .iter()
            .map(|(name, value)| (name.as_str().to_owned(), latin1(value.as_bytes())))
            .collect();
        let tap = self.recording.map(|(recording, slot)| {
            recording.response(slot, &parts, &status_text, decoders.is_none());
            Tap::new(recording, slot)
        });
        let body = ResponseBody::new(
            self.source,
            decoders,
            BodyContext {
                url: self.url.clone(),
                recorder: self.guard.recorder.clone(),
                record: self.guard.record,
                started: self.guard.started,
                read_timeout: self.read_timeout,
                max_bytes: self.max_bytes,
                tap,
            },
        );
        FetchResponse {
            status: parts.status.as_u16(),
            status_text,
            url: self.url,
            redirected,
            headers,
            body,
        }
    }
}

/// Closes a hop's record however the hop ends: a dropped `fetch` future leaves an aborted
/// record, not an open one.
struct HopGuard {
    recorder: Arc<Recorder>,
    record: RecordId,
    started: Instant,
    armed: bool,
}

impl HopGuard {
    fn new(recorder: &Arc<Recorder>, record: RecordId, started: Instant) -> HopGuard {
        HopGuard {
            recorder: recorder.clone(),
            record,
            started,
            armed: true,
        }
    }

    fn ms(&self) -> u64 {
        self.started.elapsed().as_millis() as u64
    }

    fn close(&mut self, error: Option<String>) {
        if self.armed {
            self.armed = false;
            self.recorder.finish(self.record, self.ms(), error);
        }
    }

    fn fail(mut self, err: NetError) -> NetError {
        self.close(Some(format!("{}: {err}", err.code())));
        err
    }
}

impl Drop for HopGuard {
    fn drop(&mut self) {
        self.close(Some(
            "ABORT_ERR: request dropped before its response".to_owned(),
        ));
    }
}

/// The reason phrase as the server sent it (HTTP/1), else the status's canonical one.
fn status_text(parts: &http::response::Parts) -> String {
    match parts.extensions.get::<hyper::ext::ReasonPhrase>() {
        Some(reason) => latin1(reason.as_bytes()),
        None if parts.version == Version::HTTP_2 => String::new(),
        None => parts.status.canonical_reason().unwrap_or("").to_owned(),
    }
}

fn is_redirect(status: StatusCode) -> bool {
    matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308)
}

fn without_fragment(url: &Url) -> String {
    let mut url = url.clone();
    url.set_fragment(None);
    url.into()
}

/// Header bytes as a JS ByteString: each byte one character.
fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// The method as WHATWG fetch normalises it; CONNECT, TRACE and TRACK are refused.
fn parse_method(method: &str) -> Result<Method, NetError> {
    const NORMALISED: &[&str] = &["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"];
    let method = match NORMALISED.iter().find(|m| m.eq_ignore_ascii_case(method)) {
        Some(upper) => upper,
        None => method,
    };
    if ["CONNECT", "TRACE", "TRACK"]
        .iter()
        .any(|m| m.eq_ignore_ascii_case(method))
    {
        return Err(NetError::InvalidRequest(format!(
            "method {method} is forbidden"
        )));
    }
    Method::from_bytes(method.as_bytes())
        .map_err(|_| NetError::InvalidRequest(format!("invalid method {method:?}")))
}

/// The script's headers, checked (no CR/LF injection), without those the transport owns,
/// plus the defaults it did not set.
fn request_headers(headers: Vec<(String, String)>, decode: bool) -> Result<HeaderMap, NetError> {
    let mut map = HeaderMap::with_capacity(headers.len() + 2);
    for (name, value) in headers {
        let header_name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| NetError::InvalidRequest(format!("invalid header name {name:?}")))?;
        if TRANSPORT_HEADERS.contains(&header_name)
            || TRANSPORT_HEADER_NAMES.contains(&header_name.as_str())
        {
            continue;
        }
        let trimmed = value.trim_matches([' ', '\t', '\r', '\n']);
        let bytes = trimmed
            .chars()
            .map(|c| u8::try_from(u32::from(c)).ok())
            .collect::<Option<Vec<u8>>>();
        let header_value = bytes
            .and_then(|bytes| HeaderValue::from_bytes(&bytes).ok())
            .ok_or_else(|| {
                NetError::InvalidRequest(format!("invalid value for header {name:?}"))
            })?;
        map.append(header_name, header_value);
    }
    if !decode {
        return Ok(map);
    }
    if !map.contains_key(header::ACCEPT_ENCODING) {
        map.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static(ACCEPT_ENCODING),
        );
    }
    if !map.contains_key(header::USER_AGENT) {
        map.insert(header::USER_AGENT, HeaderValue::from_static(USER_AGENT));
    }
    Ok(map)
}

/// The connector's own error if it caused the failure, else hyper's, described.
fn client_error(err: &hyper_util::client::legacy::Error) -> NetError {
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        if let Some(net) = cause.downcast_ref::<NetError>() {
            return net.clone();
        }
        source = cause.source();
    }
    NetError::Io(describe(err))
}

#[cfg(test)]
mod tests {
    use super::super::policy::Allowances;
    use super::super::resolver::Resolver;
    use super::super::test_server::{sample, TestServer};
    use super::super::upload::{body_channel, BodyClosed, BodySender};
    use super::*;
    use bytes::Bytes;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn config(allowed: &[&TestServer]) -> NetConfig {
        let mut allow = Allowances::default();
        for server in allowed {
            allow.allow_socket(server.addr());
        }
        NetConfig {
            allow,
            // Tests never reach a real resolver: names come from stubs or overrides.
            resolver: Resolver::stub(|name| Err(format!("no DNS in tests ({name})"))),
            ..NetConfig::default()
        }
    }

    fn get(url: impl Into<String>) -> FetchRequest {
        FetchRequest {
            method: "GET".into(),
            url: url.into(),
            headers: vec![],
            body: None,
            redirect: RedirectMode::Follow,
        }
    }

    fn post(url: impl Into<String>, body: &'static str) -> FetchRequest {
        FetchRequest {
            method: "POST".into(),
            headers: vec![("Content-Type".into(), "text/plain".into())],
            body: Some(RequestBody::Bytes(Bytes::from_static(body.as_bytes()))),
            ..get(url)
        }
    }

    async fn read_all(body: &mut ResponseBody) -> Result<Vec<u8>, NetError> {
        let mut all = Vec::new();
        while let Some(chunk) = body.next_chunk().await? {
            all.extend_from_slice(&chunk);
        }
        Ok(all)
    }

    async fn json(response: &mut FetchResponse) -> serde_json::Value {
        serde_json::from_slice(&read_all(&mut response.body).await.unwrap()).unwrap()
    }

    fn header<'a>(response: &'a FetchResponse, name: &str) -> Vec<&'a str> {
        let values = response.headers.iter().filter(|(n, _)| n == name);
        values.map(|(_, v)| v.as_str()).collect()
    }

    fn denied_rule(result: Result<FetchResponse, NetError>) -> String {
        let err = result.expect_err("should be denied");
        assert_eq!(err.code(), "ERR_NETWORK_DENIED", "{err}");
        err.rule().unwrap().to_owned()
    }

    #[tokio::test]
    async fn get_and_post_are_echoed() {
        let server = TestServer::start().await;
        let net = Network::new(config(&[&server]));

        let mut response = net
            .fetch(get(server.url("/echo?x=1#frag")), true)
            .await
            .unwrap();
        assert_eq!(
            (response.status, response.status_text.as_str()),
            (200, "OK")
        );
        assert_eq!(response.url, server.url("/echo?x=1"));
        assert!(!response.redirected);
        assert_eq!(header(&response, "content-type"), ["application/json"]);
        let echo = json(&mut response).await;
        assert_eq!(
            (echo["method"].as_str(), echo["path"].as_str()),
            (Some("GET"), Some("/echo?x=1"))
        );

        let mut request = post(server.url("/echo"), "hello");
        request.method = "post".into();
        request.headers.push(("Host".into(), "evil.example".into()));
        request
            .headers
            .push(("User-Agent".into(), "konnector/1".into()));
        request.headers.push(("X-Multi".into(), " a ".into()));
        request.headers.push(("x-multi".into(), "b".into()));
        let mut response = net.fetch(request, true).await.unwrap();
        let echo = json(&mut response).await;
        assert_eq!(echo["method"], "POST");
        assert_eq!(echo["body"], "hello");

        let seen = server.requests();
        assert_eq!(seen[0].header("user-agent"), Some(USER_AGENT));
        assert_eq!(seen[0].header("accept-encoding"), Some("gzip, deflate, br"));
        assert_eq!(
            seen[0].header("host"),
            Some(server.addr().to_string().as_str())
        );
        assert_eq!(seen[1].header("user-agent"), Some("konnector/1"));
        assert_eq!(
            seen[1].header("host"),
            Some(server.addr().to_string().as_str())
        );
        assert_eq!(seen[1].header("content-length"), Some("5"));
        assert_eq!(seen[1].header("content-type"), Some("text/plain"));
        let multi: Vec<_> = seen[1]
            .headers
            .iter()
            .filter(|(n, _)| n == "x-multi")
            .collect();
        assert_eq!(multi.len(), 2);
        assert_eq!(multi[0].1, "a");

        let stats = net.stats();
        assert_eq!(stats.requests.len(), 2);
        assert_eq!(stats.bytes_out, 5);
        assert_eq!(stats.requests[1].method, "POST");
        assert_eq!(stats.requests[1].status, Some(200));
        assert!(stats
            .requests
            .iter()
            .all(|r| r.error.is_none() && r.bytes_in > 0));
        assert_eq!(
            stats.bytes_in,
            stats.requests.iter().map(|r| r.bytes_in).sum::<u64>()
        );
        assert!(stats.denied.is_empty());
        // One run, one pooled connection.
        assert_eq!(server.connections(), 1);
    }

    #[tokio::test]
    async fn without_allow_loopback_is_denied_before_any_connection() {
        let server = TestServer::start().await;
        let net = Network::new(config(&[]));
        let rule = denied_rule(net.fetch(get(server.url("/echo")), true).await);
        assert_eq!(rule, "loopback 127.0.0.0/8");
        assert_eq!(server.connections(), 0);
        let stats = net.stats();
        assert_eq!(stats.denied.len(), 1);
        assert_eq!(stats.denied[0].rule, "loopback 127.0.0.0/8");
        assert!(stats.requests.is_empty());
        // An allowance is for one exact socket: the same host on another port stays denied.
        let other = TestServer::start().await;
        let net = Network::new(config(&[&other]));
        assert_eq!(
            denied_rule(net.fetch(get(server.url("/")), true).await),
            "loopback 127.0.0.0/8"
        );
    }

    #[tokio::test]
    async fn each_redirect_hop_is_checked() {
        let server = TestServer::start().await;
        let other = TestServer::start().await;
        let net = Network::new(config(&[&server]));

        let mut response = net
            .fetch(get(server.url("/redirect/302?to=/echo")), true)
            .await
            .unwrap();
        assert_eq!(response.status, 200);
        assert!(response.redirected);
        assert_eq!(response.url, server.url("/echo"));
        assert_eq!(json(&mut response).await["path"], "/echo");

        let to_other = format!("/redirect/302?to={}", other.url("/echo"));
        let rule = denied_rule(net.fetch(get(server.url(&to_other)), true).await);
        assert_eq!(rule, "loopback 127.0.0.0/8");
        assert_eq!(other.connections(), 0);

        let to_metadata = "/redirect/301?to=http://169.254.169.254/latest/meta-data/";
        let rule = denied_rule(net.fetch(get(server.url(to_metadata)), true).await);
        assert_eq!(rule, "link-local 169.254.0.0/16");

        let stats = net.stats();
        let statuses: Vec<_> = stats.requests.iter().map(|r| r.status).collect();
        assert_eq!(statuses, [Some(302), Some(200), Some(302), Some(301)]);
        let denied: Vec<_> = stats
            .denied
            .iter()
            .map(|d| (d.url.as_str(), d.rule.as_str()))
            .collect();
        assert_eq!(
            denied,
            [
                (other.url("/echo").as_str(), "loopback 127.0.0.0/8"),
                (
                    "http://169.254.169.254/latest/meta-data/",
                    "link-local 169.254.0.0/16"
                ),
            ]
        );
    }

    #[tokio::test]
    async fn a_redirect_loop_stops_at_the_cap() {
        let server = TestServer::start().await;
        let mut config = config(&[&server]);
        config.limits.max_redirects = 5;
        let net = Network::new(config);
        let err = net
            .fetch(get(server.url("/loop/0")), true)
            .await
            .unwrap_err();
        assert_eq!(
            err,
            NetError::TooManyRedirects {
                url: server.url("/loop/6"),
                limit: 5
            }
        );
        assert_eq!(err.code(), "ERR_TOO_MANY_REDIRECTS");
        assert_eq!(server.requests().len(), 6);
        assert_eq!(net.stats().requests.len(), 6);
    }

    #[tokio::test]
    async fn redirects_change_the_method_as_fetch_does() {
        let server = TestServer::start().await;
        let net = Network::new(config(&[&server]));
        // (status, method in, method and body out)
        let rows = [
            (303, "POST", "GET", ""),
            (303, "PUT", "GET", ""),
            (302, "POST", "GET", ""),
            (301, "POST", "GET", ""),
            (301, "PUT", "PUT", "data"),
            (307, "POST", "POST", "data"),
            (308, "PUT", "PUT", "data"),
        ];
        for (status, method, want_method, want_body) in rows {
            let mut request = post(server.url(&format!("/redirect/{status}?to=/echo")), "data");
            request.method = method.into();
            let mut response = net.fetch(request, true).await.unwrap();
            let echo = json(&mut response).await;
            assert_eq!(
                (echo["method"].as_str(), echo["body"].as_str()),
                (Some(want_method), Some(want_body)),
                "{status} {method}"
            );
            let seen = server.requests().pop().unwrap();
            let content_type = seen.header("content-type");
            assert_eq!(
                content_type.is_some(),
                !want_body.is_empty(),
                "{status} {method}"
            );
        }
    }

    #[tokio::test]
    async fn credentials_are_dropped_when_a_redirect_changes_origin() {
        let first = TestServer::start().await;
        let second = TestServer::start().await;
        let net = Network::new(config(&[&first, &second]));
        let with_credentials = |url: String| FetchRequest {
            headers: vec![
                ("Authorization".into(), "Bearer secret".into()),
                ("Cookie".into(), "session=1".into()),
                ("Proxy-Authorization".into(), "Basic x".into()),
                ("X-Custom".into(), "kept".into()),
            ],
            ..get(url)
        };
        let cross = format!("/redirect/302?to={}", second.url("/echo"));
        net.fetch(with_credentials(first.url(&cross)), true)
            .await
            .unwrap();
        let seen = second.requests().pop().unwrap();
        assert_eq!(seen.header("authorization"), None);
        assert_eq!(seen.header("cookie"), None);
        assert_eq!(seen.header("proxy-authorization"), None);
        assert_eq!(seen.header("x-custom"), Some("kept"));

        net.fetch(with_credentials(first.url("/redirect/307?to=/echo")), true)
            .await
            .unwrap();
        let seen = first.requests().pop().unwrap();
        assert_eq!(seen.path, "/echo");
        assert_eq!(seen.header("authorization"), Some("Bearer secret"));
        assert_eq!(seen.header("cookie"), Some("session=1"));
    }

    #[tokio::test]
    async fn manual_and_error_redirect_modes() {
        let server = TestServer::start().await;
        let net = Network::new(config(&[&server]));
        let url = server.url("/redirect/302?to=http://169.254.169.254/");
        let manual = FetchRequest {
            redirect: RedirectMode::Manual,
            ..get(&url)
        };
        let response = net.fetch(manual, true).await.unwrap();
        assert_eq!(response.status, 302);
        assert_eq!(header(&response, "location"), ["http://169.254.169.254/"]);
        let error = FetchRequest {
            redirect: RedirectMode::Error,
            ..get(&url)
        };
        let err = net.fetch(error, true).await.unwrap_err();
        assert_eq!(
            err,
            NetError::RedirectNotAllowed {
                url: "http://169.254.169.254/".into()
            }
        );
        assert_eq!(err.code(), "ERR_REDIRECT");
        // A 3xx without Location is a plain response in every mode.
        let response = net
            .fetch(get(server.url("/status/304")), true)
            .await
            .unwrap();
        assert_eq!(response.status, 304);
        assert!(net.stats().denied.is_empty());
    }

    #[tokio::test]
    async fn a_slow_server_hits_the_request_timeout() {
        let server = TestServer::start().await;
        let mut config = config(&[&server]);
        config.limits.request_timeout = Duration::from_millis(300);
        let net = Network::new(config);
        let started = Instant::now();
        let err = net
            .fetch(get(server.url("/slow-headers?ms=5000")), true)
            .await
            .unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(3));
        assert_eq!(err.code(), "ETIMEDOUT");
        assert!(
            matches!(
                err,
                NetError::Timeout {
                    waiting_for: "headers",
                    ..
                }
            ),
            "{err}"
        );

        let mut response = net
            .fetch(get(server.url("/stall-body?ms=5000")), true)
            .await
            .unwrap();
        assert_eq!(response.body.next_chunk().await.unwrap().unwrap(), "first,");
        let err = response.body.next_chunk().await.unwrap_err();
        assert!(
            matches!(
                err,
                NetError::Timeout {
                    waiting_for: "body",
                    ..
                }
            ),
            "{err}"
        );
        // The error sticks.
        assert_eq!(response.body.next_chunk().await.unwrap_err(), err);

        let errors: Vec<_> = net
            .stats()
            .requests
            .into_iter()
            .map(|r| r.error.unwrap())
            .collect();
        assert!(
            errors.iter().all(|e| e.starts_with("ETIMEDOUT: ")),
            "{errors:?}"
        );
    }

    #[tokio::test]
    async fn bodies_are_decoded_per_content_encoding() {
        let server = TestServer::start().await;
        let net = Network::new(config(&[&server]));
        let want = sample(300_000);
        for (path, encoding) in [
            ("/gzip", "gzip"),
            ("/deflate", "deflate"),
            ("/deflate-raw", "deflate"),
            ("/br", "br"),
            ("/gzip-br", "gzip, br"),
        ] {
            let mut response = net
                .fetch(get(server.url(&format!("{path}?n=300000"))), true)
                .await
                .unwrap();
            assert_eq!(header(&response, "content-encoding"), [encoding]);
            let body = read_all(&mut response.body).await.unwrap();
            assert!(body == want, "{path}: {} bytes decoded", body.len());
        }
        // Without decoding, the body stays as sent and no encoding is asked for.
        let mut response = net
            .fetch(get(server.url("/gzip?n=300000")), false)
            .await
            .unwrap();
        let raw = read_all(&mut response.body).await.unwrap();
        assert_eq!(raw[..2], [0x1f, 0x8b]);
        assert!(raw.len() < want.len() / 10);
        assert_eq!(
            server.requests().pop().unwrap().header("accept-encoding"),
            None
        );
        // The run counts wire bytes, not decoded ones.
        let stats = net.stats();
        assert!(
            stats.bytes_in < 5 * want.len() as u64 / 10,
            "{}",
            stats.bytes_in
        );
    }

    #[tokio::test]
    async fn a_gzip_bomb_stops_at_the_body_limit() {
        let server = TestServer::start().await;
        let mut config = config(&[&server]);
        config.limits.max_response_bytes = 1 << 20;
        let net = Network::new(config);
        let mut response = net
            .fetch(get(server.url("/bomb?mb=10")), true)
            .await
            .unwrap();
        let mut delivered = 0;
        let err = loop {
            match response.body.next_chunk().await {
                Ok(Some(chunk)) => delivered += chunk.len(),
                Ok(None) => panic!("the bomb went off: {delivered} bytes"),
                Err(err) => break err,
            }
        };
        assert_eq!(err, NetError::BodyTooLarge { limit: 1 << 20 });
        assert_eq!(err.code(), "ERR_BODY_TOO_LARGE");
        assert!(delivered <= 1 << 20, "{delivered}");
        let record = net.stats().requests.pop().unwrap();
        assert!(record.error.unwrap().starts_with("ERR_BODY_TOO_LARGE"));
        assert!(record.bytes_in < 64 * 1024, "{}", record.bytes_in);
    }

    #[tokio::test]
    async fn resolve_points_a_vendor_name_at_the_allowed_mock() {
        let server = TestServer::start().await;
        let mut config = config(&[&server]);
        let entry = format!("vendor.example:{}:127.0.0.1", server.port());
        config.resolve.push(entry.parse().unwrap());
        config.resolver = Resolver::stub(|name| panic!("looked up {name} despite --resolve"));
        let net = Network::new(config.clone());
        let url = format!("http://vendor.example:{}/echo", server.port());
        let mut response = net.fetch(get(&url), true).await.unwrap();
        assert_eq!(json(&mut response).await["path"], "/echo");
        let host = format!("vendor.example:{}", server.port());
        assert_eq!(server.requests()[0].header("host"), Some(host.as_str()));
        assert_eq!(net.check(&url).await.unwrap(), [server.addr()]);

        // The override's answer is still checked when not allowed.
        config.allow = Allowances::default();
        let net = Network::new(config);
        assert_eq!(
            denied_rule(net.fetch(get(&url), true).await),
            "loopback 127.0.0.0/8"
        );
        assert_eq!(server.connections(), 1);
    }

    #[tokio::test]
    async fn connect_to_sends_a_vendor_port_to_the_mock() {
        let server = TestServer::start().await;
        let mut config = config(&[&server]);
        let entry = format!("vendor.example:80:127.0.0.1:{}", server.port());
        config.connect_to.push(entry.parse().unwrap());
        let lookups = Arc::new(AtomicUsize::new(0));
        let counter = lookups.clone();
        config.resolver = Resolver::stub(move |_| {
            counter.fetch_add(1, Ordering::SeqCst);
            Err("NXDOMAIN".into())
        });
        let net = Network::new(config.clone());
        let mut response = net
            .fetch(get("http://vendor.example/echo"), true)
            .await
            .unwrap();
        assert_eq!(response.url, "http://vendor.example/echo");
        assert_eq!(json(&mut response).await["path"], "/echo");
        assert_eq!(server.requests()[0].header("host"), Some("vendor.example"));
        assert_eq!(
            net.check("http://vendor.example/").await.unwrap(),
            [server.addr()]
        );
        assert_eq!(lookups.load(Ordering::SeqCst), 0);
        // Other ports of the name are not mapped: they resolve as usual.
        let err = net
            .fetch(get("http://vendor.example:8080/"), true)
            .await
            .unwrap_err();
        assert_eq!(err.code(), "ENOTFOUND");
        assert_eq!(lookups.load(Ordering::SeqCst), 1);

        config.allow = Allowances::default();
        let net = Network::new(config);
        assert_eq!(
            denied_rule(net.fetch(get("http://vendor.example/"), true).await),
            "loopback 127.0.0.0/8"
        );
        assert_eq!(server.connections(), 1);
    }

    /// A stub answering each lookup of any name with the next answer of `answers` (the last
    /// one repeated), and counting lookups.
    fn rebinding(answers: &'static [&'static str]) -> (Resolver, Arc<AtomicUsize>) {
        let calls = Arc::new(AtomicUsize::new(0));
        let counter = calls.clone();
        let stub = Resolver::stub(move |_| {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            let answer = answers[n.min(answers.len() - 1)];
            Ok(answer.split(',').map(|a| a.parse().unwrap()).collect())
        });
        (stub, calls)
    }

    #[tokio::test]
    async fn dns_rebinding_gets_no_second_lookup() {
        // First answer public, then loopback: the public answer is only checked (never dialled,
        // `check` sends nothing), and the request made after the switch is denied on its own
        // single lookup.
        let (stub, calls) = rebinding(&["93.184.215.14", "127.0.0.1"]);
        let net = Network::new(NetConfig {
            resolver: stub,
            ..config(&[])
        });
        let public: SocketAddr = "93.184.215.14:80".parse().unwrap();
        assert_eq!(net.check("http://rebind.example/").await.unwrap(), [public]);
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert_eq!(
            denied_rule(net.fetch(get("http://rebind.example/"), true).await),
            "loopback 127.0.0.0/8"
        );
        assert_eq!(calls.load(Ordering::SeqCst), 2);

        // First answer the allowed mock, then the metadata service: the connection uses the
        // checked answer, with no lookup of its own, and the next request is denied.
        let server = TestServer::start().await;
        let (stub, calls) = rebinding(&["127.0.0.1", "169.254.169.254"]);
        let net = Network::new(NetConfig {
            resolver: stub,
            ..config(&[&server])
        });
        let url = format!("http://rebind.example:{}/echo", server.port());
        net.fetch(get(&url), true).await.unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert_eq!(server.requests().len(), 1);
        assert_eq!(
            denied_rule(net.fetch(get(&url), true).await),
            "link-local 169.254.0.0/16"
        );
        assert_eq!(calls.load(Ordering::SeqCst), 2);
        assert_eq!(server.requests().len(), 1);
    }

    #[tokio::test]
    async fn a_name_with_any_internal_address_is_denied() {
        let server = TestServer::start().await;
        let (stub, _) = rebinding(&["192.0.2.10,10.0.0.1"]);
        let net = Network::new(NetConfig {
            resolver: stub,
            ..config(&[&server])
        });
        assert_eq!(
            denied_rule(net.fetch(get("http://mixed.example/"), true).await),
            "documentation 192.0.2.0/24"
        );
        // Even when one of the answers is the allowed mock.
        let (stub, _) = rebinding(&["127.0.0.1,10.0.0.1"]);
        let net = Network::new(NetConfig {
            resolver: stub,
            ..config(&[&server])
        });
        let url = format!("http://cname.example:{}/", server.port());
        assert_eq!(
            denied_rule(net.fetch(get(&url), true).await),
            "private 10.0.0.0/8"
        );
        assert_eq!(server.connections(), 0);
        let denied = &net.stats().denied[0];
        assert_eq!(
            (denied.url.as_str(), denied.rule.as_str()),
            (url.as_str(), "private 10.0.0.0/8")
        );
    }

    #[tokio::test]
    async fn dns_failure_fails_closed() {
        let net = Network::new(config(&[]));
        let err = net
            .fetch(get("https://vendor.example/"), true)
            .await
            .unwrap_err();
        assert_eq!(err.code(), "ENOTFOUND");
        let record = net.stats().requests.pop().unwrap();
        assert_eq!(record.status, None);
        assert!(record
            .error
            .unwrap()
            .starts_with("ENOTFOUND: cannot resolve vendor.example"));
    }

    #[tokio::test]
    async fn requests_in_flight_are_bounded() {
        let server = TestServer::start().await;
        let mut config = config(&[&server]);
        config.limits.max_concurrent = 2;
        let net = Network::new(config);
        let fetches = (0..6).map(|_| {
            let net = net.clone();
            let url = server.url("/slow-headers?ms=100");
            tokio::spawn(async move {
                let mut response = net.fetch(get(url), true).await.unwrap();
                read_all(&mut response.body).await.unwrap()
            })
        });
        for fetch in fetches.collect::<Vec<_>>() {
            assert_eq!(fetch.await.unwrap(), b"late");
        }
        assert_eq!(server.peak_in_flight(), 2);
    }

    #[tokio::test]
    async fn a_place_is_held_until_the_headers_or_until_the_fetch_is_dropped() {
        let server = TestServer::start().await;
        let mut config = config(&[&server]);
        config.limits.max_concurrent = 1;
        let net = Network::new(config);

        let mut response = net
            .fetch(get(server.url("/stall-body?ms=30000")), true)
            .await
            .unwrap();
        assert_eq!(response.body.next_chunk().await.unwrap().unwrap(), "first,");
        // A body still arriving (or never read) does not hold the place: the place bounds
        // requests waiting for their headers.
        let quick = Duration::from_secs(5);
        let fetched = tokio::time::timeout(quick, net.fetch(get(server.url("/echo")), true));
        fetched.await.expect("the place was freed").unwrap();
        drop(response);

        let unread = net
            .fetch(get(server.url("/status/204")), true)
            .await
            .unwrap();
        let fetched = tokio::time::timeout(quick, net.fetch(get(server.url("/echo")), true));
        fetched.await.expect("the place was freed").unwrap();
        drop(unread);

        let slow = net.fetch(get(server.url("/slow-headers?ms=30000")), true);
        assert!(tokio::time::timeout(Duration::from_millis(200), slow)
            .await
            .is_err());
        let fetched = tokio::time::timeout(quick, net.fetch(get(server.url("/echo")), true));
        fetched.await.expect("the place was freed").unwrap();

        let errors: Vec<_> = net.stats().requests.into_iter().map(|r| r.error).collect();
        assert!(
            errors[0].as_deref().unwrap().starts_with("ABORT_ERR"),
            "{errors:?}"
        );
        assert_eq!(errors[2], None, "{errors:?}");
        assert!(
            errors[4].as_deref().unwrap().starts_with("ABORT_ERR"),
            "{errors:?}"
        );
    }

    #[tokio::test]
    async fn run_totals_are_enforced() {
        let server = TestServer::start().await;
        let mut config = config(&[&server]);
        config.limits.max_requests = 3;
        config.limits.max_bytes_out = 10;
        config.limits.max_bytes_in = 100_000;
        let net = Network::new(config);
        let err = net
            .fetch(post(server.url("/echo"), "eleven byte"), true)
            .await
            .unwrap_err();
        assert_eq!(
            err,
            NetError::LimitReached {
                what: "bytes_out",
                limit: 10
            }
        );
        let mut response = net
            .fetch(get(server.url("/bytes?n=300000")), true)
            .await
            .unwrap();
        let err = read_all(&mut response.body).await.unwrap_err();
        assert_eq!(
            err,
            NetError::LimitReached {
                what: "bytes_in",
                limit: 100_000
            }
        );
        net.fetch(get(server.url("/status/204")), true)
            .await
            .unwrap();
        // The redirect's second hop would be the fourth request.
        let err = net
            .fetch(get(server.url("/redirect/302?to=/echo")), true)
            .await
            .unwrap_err();
        assert_eq!(
            err,
            NetError::LimitReached {
                what: "requests",
                limit: 3
            }
        );
        assert_eq!(err.code(), "ERR_NETWORK_LIMIT");
        assert_eq!(server.requests().len(), 3);
        // Past the limit, not even a name is resolved.
        let lookups = Arc::new(AtomicUsize::new(0));
        let counter = lookups.clone();
        let mut spent = NetConfig {
            resolver: Resolver::stub(move |_| {
                counter.fetch_add(1, Ordering::SeqCst);
                Ok(vec!["192.0.2.1".parse().unwrap()])
            }),
            ..NetConfig::default()
        };
        spent.limits.max_requests = 0;
        let net = Network::new(spent);
        let err = net
            .fetch(get("http://vendor.example/"), true)
            .await
            .unwrap_err();
        assert_eq!(
            err,
            NetError::LimitReached {
                what: "requests",
                limit: 0
            }
        );
        assert_eq!(lookups.load(Ordering::SeqCst), 0);
    }

    #[tokio::test]
    async fn https_negotiates_h2_and_verifies_the_url_host() {
        let (server, roots) = TestServer::start_tls(&["vendor.example"]).await;
        let mut config = config(&[&server]);
        let entry = format!("vendor.example:{}:127.0.0.1", server.port());
        config.resolve.push(entry.parse().unwrap());
        let net = Network::with_roots(config, roots);
        let url = format!("https://vendor.example:{}/echo", server.port());
        for _ in 0..3 {
            let mut response = net.fetch(get(&url), true).await.unwrap();
            assert_eq!(response.status_text, "");
            assert_eq!(json(&mut response).await["version"], "HTTP/2.0");
        }
        assert_eq!(server.connections(), 1);
        // The certificate names vendor.example only.
        let err = net.fetch(get(server.url("/echo")), true).await.unwrap_err();
        assert_eq!(err.code(), "ERR_TLS_CERT_ALTNAME_INVALID", "{err}");
        // And the public roots do not trust it.
        let net = Network::new(NetConfig {
            resolve: vec![entry.parse().unwrap()],
            ..config_for(&server)
        });
        let err = net.fetch(get(&url), true).await.unwrap_err();
        assert_eq!(err.code(), "UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "{err}");
    }

    fn config_for(server: &TestServer) -> NetConfig {
        config(&[server])
    }

    #[tokio::test]
    async fn a_refused_connection_says_econnrefused() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        drop(listener);
        let mut allow = Allowances::default();
        allow.allow_socket(addr);
        let net = Network::new(NetConfig {
            allow,
            ..config(&[])
        });
        let err = net
            .fetch(get(format!("http://{addr}/")), true)
            .await
            .unwrap_err();
        assert_eq!(err.code(), "ECONNREFUSED", "{err}");
        let record = net.stats().requests.pop().unwrap();
        assert!(record.error.unwrap().starts_with("ECONNREFUSED"));
    }

    #[tokio::test]
    async fn the_stack_origin_is_reached_through_the_system_resolver() {
        let server = TestServer::start().await;
        let stack = format!("http://cozy.localhost:{}", server.port());
        let mut allow = Allowances::default();
        allow.allow_stack_origin(&stack).unwrap();
        let net = Network::new(NetConfig {
            allow,
            ..NetConfig::default()
        });
        let mut response = net.fetch(get(format!("{stack}/echo")), true).await.unwrap();
        assert_eq!(json(&mut response).await["path"], "/echo");
        // The same server under another name or scheme is not the stack.
        let other = format!("http://other.localhost:{}/", server.port());
        assert_eq!(
            denied_rule(net.fetch(get(other), true).await),
            "loopback name localhost"
        );
    }

    /// A network with a loopback "stack" at `stack` and `vendor` allowed, and `traffic`.
    fn stack_and_vendor(stack: &TestServer, vendor: &TestServer, traffic: Traffic) -> Network {
        let mut config = config(&[vendor]);
        let cozy_url = format!("http://127.0.0.1:{}/", stack.port());
        config.allow.allow_stack_origin(&cozy_url).unwrap();
        Network::new(NetConfig { traffic, ..config })
    }

    #[tokio::test]
    async fn the_stack_origin_is_never_recorded() {
        let (stack, vendor) = (TestServer::start().await, TestServer::start().await);
        let dir = tempfile::tempdir().unwrap();
        let har = dir.path().join("run.har");
        let recording = Arc::new(Recording::new(&har, None, None, Vec::new(), 1 << 20));
        let net = stack_and_vendor(&stack, &vendor, Traffic::Record(recording.clone()));
        let mut bearer = get(format!("http://127.0.0.1:{}/echo", stack.port()));
        bearer.headers = vec![("Authorization".into(), "Bearer stack-token-123".into())];
        let mut response = net.fetch(bearer, true).await.unwrap();
        assert_eq!(json(&mut response).await["path"], "/echo");
        let mut response = net.fetch(get(vendor.url("/echo?v=1")), true).await.unwrap();
        read_all(&mut response.body).await.unwrap();
        recording.write().unwrap();
        let har: serde_json::Value = serde_json::from_slice(&std::fs::read(&har).unwrap()).unwrap();
        let urls: Vec<&str> = har["log"]["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["request"]["url"].as_str().unwrap())
            .collect();
        assert_eq!(urls, [vendor.url("/echo?v=1")]);
    }

    #[tokio::test]
    async fn the_stack_origin_goes_live_during_a_replay() {
        let (stack, vendor) = (TestServer::start().await, TestServer::start().await);
        let dir = tempfile::tempdir().unwrap();
        let har = dir.path().join("empty.har");
        let empty = r#"{"log": {"version": "1.2", "creator": {"name": "kvm", "version": "0"},
                        "entries": []}}"#;
        std::fs::write(&har, empty).unwrap();
        let cassette = Arc::new(Cassette::load(&har, None, None).unwrap());
        let net = stack_and_vendor(&stack, &vendor, Traffic::Replay(cassette));
        let stack_url = format!("http://127.0.0.1:{}/echo", stack.port());
        let mut response = net.fetch(get(stack_url), true).await.unwrap();
        assert_eq!(json(&mut response).await["path"], "/echo");
        let err = net.fetch(get(vendor.url("/echo")), true).await.unwrap_err();
        assert_eq!(err.code(), "ERR_REPLAY_UNMATCHED", "{err}");
    }

    #[tokio::test]
    async fn each_address_is_tried_in_turn_within_the_connect_timeout() {
        let server = TestServer::start().await;
        let port = server.port();
        // A listener whose accept queue is full drops new SYNs: connecting to it hangs.
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind("127.0.0.3:0".parse().unwrap()).unwrap();
        let full = socket.listen(1).unwrap();
        let hanging = full.local_addr().unwrap();
        let mut queued = Vec::new();
        for _ in 0..3 {
            let attempt = tokio::net::TcpStream::connect(hanging);
            if let Ok(Ok(stream)) = tokio::time::timeout(Duration::from_millis(200), attempt).await
            {
                queued.push(stream);
            }
        }
        let mut allow = Allowances::default();
        for addr in [
            hanging,
            SocketAddr::new([127, 0, 0, 2].into(), port),
            server.addr(),
        ] {
            allow.allow_socket(addr);
        }
        let mut limits = NetLimits {
            connect_timeout: Duration::from_millis(300),
            ..NetLimits::default()
        };
        let resolve = |addrs: &str| vec![format!("vendor.example:{port}:{addrs}").parse().unwrap()];
        // 127.0.0.2 refuses, 127.0.0.1 is the server.
        let net = Network::new(NetConfig {
            allow: allow.clone(),
            resolve: resolve("127.0.0.2,127.0.0.1"),
            limits: limits.clone(),
            ..config(&[])
        });
        let url = format!("http://vendor.example:{port}/echo");
        assert_eq!(net.fetch(get(&url), true).await.unwrap().status, 200);

        limits.request_timeout = Duration::from_secs(5);
        let net = Network::new(NetConfig {
            allow,
            connect_to: vec![
                format!("vendor.example:{port}:{}:{}", hanging.ip(), hanging.port())
                    .parse()
                    .unwrap(),
            ],
            limits,
            ..config(&[])
        });
        let started = Instant::now();
        let err = net.fetch(get(&url), true).await.unwrap_err();
        assert_eq!(
            err,
            NetError::ConnectTimeout {
                addr: hanging,
                after: Duration::from_millis(300)
            }
        );
        assert!(started.elapsed() < Duration::from_secs(3));
        drop(queued);
    }

    fn streamed(url: impl Into<String>, length: Option<u64>) -> (FetchRequest, BodySender) {
        let (sender, stream) = body_channel(length);
        let request = FetchRequest {
            method: "POST".into(),
            body: Some(RequestBody::Stream(stream)),
            ..get(url)
        };
        (request, sender)
    }

    /// Starts `request` on its own task, so the test can write its streamed body meanwhile.
    fn spawn_fetch(
        net: &Network,
        request: FetchRequest,
        decode: bool,
    ) -> tokio::task::JoinHandle<Result<FetchResponse, NetError>> {
        let net = net.clone();
        tokio::spawn(async move { net.fetch(request, decode).await })
    }

    #[tokio::test]
    async fn a_streamed_body_goes_chunked_and_counts_as_it_is_sent() {
        let server = TestServer::start().await;
        let net = Network::new(config(&[&server]));
        let (request, sender) = streamed(server.url("/echo"), None);
        let fetch = spawn_fetch(&net, request, false);
        for chunk in ["one,", "", "two,", "three"] {
            sender
                .write(Bytes::from_static(chunk.as_bytes()))
                .await
                .unwrap();
        }
        sender.end().await.unwrap();
        let mut response = fetch.await.unwrap().unwrap();
        let echo = json(&mut response).await;
        assert_eq!(echo["body"], "one,two,three");
        let seen = server.requests().pop().unwrap();
        assert_eq!(seen.header("transfer-encoding"), Some("chunked"));
        assert_eq!(seen.header("content-length"), None);
        // Without `decode`, nothing is added to the script's headers.
        assert_eq!(seen.header("user-agent"), None);
        let stats = net.stats();
        assert_eq!((stats.bytes_out, stats.requests[0].bytes_out), (13, 13));
        assert_eq!(
            sender.write(Bytes::from_static(b"late")).await,
            Err(BodyClosed)
        );

        // A declared length goes as Content-Length, and must be kept.
        let (request, sender) = streamed(server.url("/echo"), Some(6));
        let fetch = spawn_fetch(&net, request, false);
        sender.write(Bytes::from_static(b"abc")).await.unwrap();
        sender.write(Bytes::from_static(b"def")).await.unwrap();
        sender.end().await.unwrap();
        let mut response = fetch.await.unwrap().unwrap();
        assert_eq!(json(&mut response).await["body"], "abcdef");
        let seen = server.requests().pop().unwrap();
        assert_eq!(seen.header("content-length"), Some("6"));
        assert_eq!(seen.header("transfer-encoding"), None);
        let (request, sender) = streamed(server.url("/echo"), Some(2));
        let fetch = spawn_fetch(&net, request, false);
        let _ = sender.write(Bytes::from_static(b"abc")).await;
        let err = fetch.await.unwrap().unwrap_err();
        assert_eq!(err.code(), "ERR_INVALID_REQUEST", "{err}");
    }

    #[tokio::test]
    async fn a_streamed_body_abandoned_before_its_end_fails_the_request() {
        let server = TestServer::start().await;
        let net = Network::new(config(&[&server]));
        let (request, sender) = streamed(server.url("/echo"), None);
        let fetch = spawn_fetch(&net, request, false);
        sender.write(Bytes::from_static(b"partial")).await.unwrap();
        drop(sender);
        let err = fetch.await.unwrap().unwrap_err();
        assert_eq!(err.code(), "ERR_NETWORK", "{err}");
        assert!(err.to_string().contains("abandoned"), "{err}");
        // The server never answered a request with the truncated body.
        assert!(server.requests().iter().all(|seen| seen.body != "partial"));
    }

    #[tokio::test]
    async fn a_streamed_body_is_never_sent_twice() {
        let server = TestServer::start().await;
        let net = Network::new(config(&[&server]));
        // 303 turns the request into a GET without body: followed.
        let (request, sender) = streamed(server.url("/redirect/303?to=/echo"), None);
        let fetch = spawn_fetch(&net, request, true);
        sender.write(Bytes::from_static(b"form")).await.unwrap();
        sender.end().await.unwrap();
        let mut response = fetch.await.unwrap().unwrap();
        assert_eq!(json(&mut response).await["method"], "GET");
        // 307 would send it again: refused, as WHATWG fetch does.
        let (request, sender) = streamed(server.url("/redirect/307?to=/echo"), None);
        let fetch = spawn_fetch(&net, request, true);
        sender.write(Bytes::from_static(b"form")).await.unwrap();
        sender.end().await.unwrap();
        let err = fetch.await.unwrap().unwrap_err();
        assert_eq!(err.code(), "ERR_STREAMED_BODY_REDIRECT", "{err}");
        // Manual mode returns the 307 itself.
        let (mut request, sender) = streamed(server.url("/redirect/307?to=/echo"), None);
        request.redirect = RedirectMode::Manual;
        let fetch = spawn_fetch(&net, request, false);
        sender.end().await.unwrap();
        assert_eq!(fetch.await.unwrap().unwrap().status, 307);
        assert_eq!(server.requests().len(), 4);
    }

    #[tokio::test]
    async fn a_streamed_body_stops_at_the_runs_upload_limit() {
        let server = TestServer::start().await;
        let mut config = config(&[&server]);
        config.limits.max_bytes_out = 10;
        let net = Network::new(config);
        let (request, sender) = streamed(server.url("/echo"), None);
        let fetch = spawn_fetch(&net, request, false);
        sender.write(Bytes::from_static(b"123456")).await.unwrap();
        let _ = sender.write(Bytes::from_static(b"789012")).await;
        let _ = sender.end().await;
        let err = fetch.await.unwrap().unwrap_err();
        assert_eq!(
            err,
            NetError::LimitReached {
                what: "bytes_out",
                limit: 10
            }
        );
        assert_eq!(net.stats().bytes_out, 6);
    }

    #[tokio::test]
    async fn an_empty_post_says_so() {
        let server = TestServer::start().await;
        let net = Network::new(config(&[&server]));
        let request = FetchRequest {
            method: "POST".into(),
            ..get(server.url("/echo"))
        };
        net.fetch(request, true).await.unwrap();
        net.fetch(get(server.url("/echo")), true).await.unwrap();
        let seen = server.requests();
        assert_eq!(seen[0].header("content-length"), Some("0"));
        assert_eq!(seen[1].header("content-length"), None);
    }

    #[tokio::test]
    async fn response_headers_and_reason() {
        let server = TestServer::start().await;
        let net = Network::new(config(&[&server]));
        let response = net.fetch(get(server.url("/cookies")), true).await.unwrap();
        assert_eq!(header(&response, "set-cookie"), ["a=1", "b=2"]);
        assert_eq!(header(&response, "x-between"), ["1"]);
        let response = net.fetch(get(server.url("/reason")), true).await.unwrap();
        assert_eq!(response.status_text, "Fine By Me");
        let response = net
            .fetch(get(server.url("/status/418")), true)
            .await
            .unwrap();
        assert_eq!(
            (response.status, response.status_text.as_str()),
            (418, "I'm a teapot")
        );
    }

    #[tokio::test]
    async fn invalid_requests_are_refused_before_sending() {
        let server = TestServer::start().await;
        let net = Network::new(config(&[&server]));
        let with_header = |name: &str, value: &str| FetchRequest {
            headers: vec![(name.into(), value.into())],
            ..get(server.url("/echo"))
        };
        for request in [
            with_header("X-Injected", "a\r\nHost: evil"),
            with_header("Bad Name", "x"),
            with_header("X-Wide", "snowman ☃"),
            FetchRequest {
                method: "TRACE".into(),
                ..get(server.url("/"))
            },
            FetchRequest {
                method: "GE T".into(),
                ..get(server.url("/"))
            },
        ] {
            let err = net.fetch(request, true).await.unwrap_err();
            assert_eq!(err.code(), "ERR_INVALID_REQUEST", "{err}");
        }
        // Latin-1 values are bytes, as JS ByteStrings.
        net.fetch(with_header("X-Latin", "caf\u{e9}"), true)
            .await
            .unwrap();
        let seen = server.requests().pop().unwrap();
        assert_eq!(seen.header("x-latin"), Some("caf\u{fffd}"));
        // `patch` is not normalised, as in fetch.
        assert_eq!(parse_method("patch").unwrap().as_str(), "patch");
        assert_eq!(parse_method("delete").unwrap(), Method::DELETE);
        assert_eq!(server.connections(), 1);
    }

    #[tokio::test]
    async fn urls_the_whatwg_parser_leaves_unescaped_are_sent() {
        let server = TestServer::start().await;
        let net = Network::new(config(&[&server]));
        let mut response = net
            .fetch(get(server.url("/echo?q={a|b}^`x`&é=ü ")), true)
            .await
            .unwrap();
        assert_eq!(
            json(&mut response).await["path"],
            "/echo?q={a|b}^`x`&%C3%A9=%C3%BC"
        );
        let response = net.fetch(get(server.url("/a|b^c[d]")), true).await.unwrap();
        assert_eq!(response.status, 404);
        assert_eq!(server.requests()[1].path, "/a|b^c[d]");
    }

    #[tokio::test]
    async fn the_local_origin_is_answered_in_process_and_recorded() {
        let handler: super::super::LocalHandler = Arc::new(|request: Request<Bytes>| {
            Box::pin(async move {
                let (parts, body) = request.into_parts();
                let text = format!("{} {} {}", parts.method, parts.uri, body.len());
                let mut response = Response::new(Bytes::from(text));
                *response.status_mut() = StatusCode::CREATED;
                response
            })
        });
        let local = LocalOrigin::new("http://cozy.localhost:8080/", handler).unwrap();
        let lookups = Arc::new(AtomicUsize::new(0));
        let counter = lookups.clone();
        let net = Network::new(NetConfig {
            local: Some(local),
            resolver: Resolver::stub(move |_| {
                counter.fetch_add(1, Ordering::SeqCst);
                Err("no DNS in tests".into())
            }),
            ..NetConfig::default()
        });
        let mut response = net
            .fetch(post("http://cozy.localhost:8080/data/x/?a=1", "body"), true)
            .await
            .unwrap();
        assert_eq!(
            (response.status, response.status_text.as_str()),
            (201, "Created")
        );
        let body = read_all(&mut response.body).await.unwrap();
        assert_eq!(body, b"POST http://cozy.localhost:8080/data/x/?a=1 4");
        let record = net.stats().requests.pop().unwrap();
        assert_eq!(
            (record.status, record.bytes_out, record.bytes_in),
            (Some(201), 4, body.len() as u64)
        );
        assert_eq!(record.error, None);
        // Another port of the same name is not the local origin: the policy refuses it.
        let other = net.fetch(get("http://cozy.localhost:9090/"), true).await;
        assert_eq!(denied_rule(other), "loopback name localhost");
        assert_eq!(
            lookups.load(Ordering::SeqCst),
            0,
            "no resolution for either"
        );
    }

    #[tokio::test]
    async fn local_answers_count_whole_against_the_limits_before_they_are_read() {
        let handler: super::super::LocalHandler = Arc::new(|_: Request<Bytes>| {
            Box::pin(async { Response::new(Bytes::from(vec![b'x'; 1000])) })
        });
        let local = LocalOrigin::new("http://cozy.localhost:8080/", handler).unwrap();
        let mut config = NetConfig {
            local: Some(local),
            ..NetConfig::default()
        };
        config.limits.max_bytes_in = 2500;
        let net = Network::new(config.clone());
        // Held unread, two answers count; the third would pass the run's bytes_in.
        let url = "http://cozy.localhost:8080/files/download/x";
        let _held = [
            net.fetch(get(url), true).await.unwrap(),
            net.fetch(get(url), true).await.unwrap(),
        ];
        let err = net.fetch(get(url), true).await.unwrap_err();
        assert_eq!(err.code(), "ERR_NETWORK_LIMIT", "{err}");
        assert!(net.stats().requests[2].error.is_some());

        config.limits.max_response_bytes = 999;
        let net = Network::new(config);
        let err = net.fetch(get(url), true).await.unwrap_err();
        assert_eq!(err.code(), "ERR_BODY_TOO_LARGE", "{err}");
    }

    /// The engine may build a run's network before entering its runtime.
    #[test]
    fn a_network_is_built_outside_a_runtime() {
        let net = Network::new(NetConfig::default());
        assert_eq!(net.stats(), NetStats::default());
    }

    #[tokio::test]
    async fn nothing_is_shared_between_runs() {
        let server = TestServer::start().await;
        for _ in 0..2 {
            let net = Network::new(config(&[&server]));
            for _ in 0..2 {
                let mut response = net.fetch(get(server.url("/echo")), true).await.unwrap();
                read_all(&mut response.body).await.unwrap();
            }
        }
        assert_eq!(server.connections(), 2);
    }
}
