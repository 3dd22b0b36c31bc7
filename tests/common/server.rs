//! A loopback HTTP server for the network's unit tests and the JS end-to-end tests (shared
//! by path, so it names no crate type): it binds
//! `127.0.0.1:0`, so a client reaches it only through an exact `--allow` of its address
//! (DESIGN §4.6), and it records what it saw, so a test can assert that a denied hop never
//! connected. Plain HTTP/1.1, or HTTPS with its own certificate offering h2 and HTTP/1.1.
//!
//! Routes (any method):
//! - `/echo`: 200, JSON `{method, path, version, headers: [[name, value]...], body}`.
//! - `/status/CODE`: that status, body `status CODE`.
//! - `/reason`: 200 with the reason phrase `Fine By Me`.
//! - `/redirect/CODE?to=URL`: that status with `Location: URL` (URL as given, relative or not).
//! - `/loop/N`: 302 to `/loop/N+1`, forever.
//! - `/slow-headers?ms=N`: headers after N ms.
//! - `/stall-body?ms=N`: headers and `first,` at once, `last` after N ms.
//! - `/bytes?n=N`: [`sample`]`(N)` streamed in 64 KiB chunks.
//! - `/gzip?n=N`, `/deflate?n=N` (zlib), `/deflate-raw?n=N`, `/br?n=N`, `/gzip-br?n=N`
//!   (`Content-Encoding: gzip, br`): [`sample`]`(N)` so encoded.
//! - `/bomb?mb=N`: N MiB of zeros, gzipped (about 1 KiB per MiB on the wire).
//! - `/cookies`: `set-cookie: a=1`, `x-between: 1`, `set-cookie: b=2`.

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use async_compression::tokio::bufread::{BrotliEncoder, DeflateEncoder, GzipEncoder, ZlibEncoder};
use bytes::Bytes;
use http::{Request, Response, StatusCode};
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full};
use hyper::body::{Body, Frame, Incoming};
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::RootCertStore;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;

/// A request as the server received it.
#[derive(Debug, Clone)]
pub struct SeenRequest {
    pub method: String,
    /// Path and query.
    pub path: String,
    /// `HTTP/1.1` or `HTTP/2.0`.
    pub version: String,
    /// Lower-case names, in hyper's order.
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
}

impl SeenRequest {
    /// The first value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Default)]
struct State {
    requests: Mutex<Vec<SeenRequest>>,
    connections: AtomicUsize,
    in_flight: AtomicUsize,
    peak_in_flight: AtomicUsize,
}

/// A running server; it stops when dropped.
pub struct TestServer {
    addr: SocketAddr,
    scheme: &'static str,
    state: Arc<State>,
    task: JoinHandle<()>,
}

/// The deterministic body of `/bytes`, `/gzip` and the like: `n` bytes of readable text.
pub fn sample(n: usize) -> Vec<u8> {
    b"the quick brown fox jumps over the lazy dog 0123456789\n"
        .iter()
        .copied()
        .cycle()
        .take(n)
        .collect()
}

impl TestServer {
    /// Plain HTTP/1.1 on `127.0.0.1:0`.
    pub async fn start() -> TestServer {
        TestServer::spawn(None).await
    }

    /// HTTPS on `127.0.0.1:0` with a fresh self-signed certificate for `names` (DNS names or
    /// IP addresses), offering h2 and HTTP/1.1 by ALPN. Returns the roots that trust it, for
    /// `Network::with_roots`.
    pub async fn start_tls(names: &[&str]) -> (TestServer, RootCertStore) {
        let names = names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        let cert = rcgen::generate_simple_self_signed(names).expect("certificate");
        let der = CertificateDer::from(cert.cert.der().to_vec());
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(cert.key_pair.serialize_der()));
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("tls versions")
            .with_no_client_auth()
            .with_single_cert(vec![der.clone()], key)
            .expect("server certificate");
        config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        let mut roots = RootCertStore::empty();
        roots.add(der).expect("root");
        let server = TestServer::spawn(Some(TlsAcceptor::from(Arc::new(config)))).await;
        (server, roots)
    }

    async fn spawn(tls: Option<TlsAcceptor>) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("local addr");
        let state = Arc::new(State::default());
        let scheme = if tls.is_some() { "https" } else { "http" };
        let accepting = state.clone();
        let task = tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                // Small replies must not wait for the client's delayed ACK.
                let _ = tcp.set_nodelay(true);
                accepting.connections.fetch_add(1, Ordering::SeqCst);
                let state = accepting.clone();
                let tls = tls.clone();
                tokio::spawn(async move {
                    match tls {
                        Some(acceptor) => {
                            if let Ok(stream) = acceptor.accept(tcp).await {
                                serve(stream, state).await;
                            }
                        }
                        None => serve(tcp, state).await,
                    }
                });
            }
        });
        TestServer {
            addr,
            scheme,
            state,
            task,
        }
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// `http://127.0.0.1:PORT` + `path` (or `https://`).
    pub fn url(&self, path: &str) -> String {
        format!("{}://{}{path}", self.scheme, self.addr)
    }

    /// Every request received so far, in arrival order.
    pub fn requests(&self) -> Vec<SeenRequest> {
        self.state.requests.lock().expect("requests").clone()
    }

    /// TCP connections accepted so far.
    pub fn connections(&self) -> usize {
        self.state.connections.load(Ordering::SeqCst)
    }

    /// The most requests it was handling at once (until their headers were sent).
    pub fn peak_in_flight(&self) -> usize {
        self.state.peak_in_flight.load(Ordering::SeqCst)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve<S>(stream: S, state: Arc<State>)
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let service = service_fn(move |req| handle(state.clone(), req));
    // A connection ending mid-request is what some tests do; nothing to report.
    let _ = auto::Builder::new(TokioExecutor::new())
        .serve_connection(TokioIo::new(stream), service)
        .await;
}

type Reply = Response<BoxBody<Bytes, Infallible>>;

async fn handle(state: Arc<State>, req: Request<Incoming>) -> Result<Reply, Infallible> {
    let now = state.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    state.peak_in_flight.fetch_max(now, Ordering::SeqCst);
    let reply = route(&state, req).await;
    state.in_flight.fetch_sub(1, Ordering::SeqCst);
    Ok(reply)
}

async fn route(state: &State, req: Request<Incoming>) -> Reply {
    let (parts, body) = req.into_parts();
    let body = body
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let seen = SeenRequest {
        method: parts.method.to_string(),
        path: parts
            .uri
            .path_and_query()
            .map(|p| p.to_string())
            .unwrap_or_default(),
        version: format!("{:?}", parts.version),
        headers: parts
            .headers
            .iter()
            .map(|(n, v)| (n.to_string(), String::from_utf8_lossy(v.as_bytes()).into()))
            .collect(),
        body,
    };
    state.requests.lock().expect("requests").push(seen.clone());
    let query: HashMap<String, String> = parts
        .uri
        .query()
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .into_owned()
                .collect()
        })
        .unwrap_or_default();
    let num = |key: &str| {
        query
            .get(key)
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(0)
    };
    let path = parts.uri.path();
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match segments.as_slice() {
        ["echo"] => {
            let json = serde_json::json!({
                "method": seen.method,
                "path": seen.path,
                "version": seen.version,
                "headers": seen.headers,
                "body": String::from_utf8_lossy(&seen.body),
            });
            reply(
                200,
                &[("content-type", "application/json")],
                json.to_string(),
            )
        }
        ["status", code] => {
            let code = code.parse().unwrap_or(500);
            reply(code, &[], format!("status {code}"))
        }
        ["reason"] => {
            let mut response = reply(200, &[], "ok");
            let reason = hyper::ext::ReasonPhrase::from_static(b"Fine By Me");
            response.extensions_mut().insert(reason);
            response
        }
        ["redirect", code] => {
            let to = query.get("to").cloned().unwrap_or_default();
            reply(
                code.parse().unwrap_or(302),
                &[("location", &to)],
                "redirect",
            )
        }
        ["loop", n] => {
            let next = format!("/loop/{}", n.parse::<u64>().unwrap_or(0) + 1);
            reply(302, &[("location", &next)], "")
        }
        ["slow-headers"] => {
            tokio::time::sleep(Duration::from_millis(num("ms") as u64)).await;
            reply(200, &[], "late")
        }
        ["stall-body"] => {
            let (tx, rx) = mpsc::channel(1);
            let ms = num("ms") as u64;
            tokio::spawn(async move {
                let _ = tx.send(Bytes::from_static(b"first,")).await;
                tokio::time::sleep(Duration::from_millis(ms)).await;
                let _ = tx.send(Bytes::from_static(b"last")).await;
            });
            streamed(rx, &[])
        }
        ["bytes"] => {
            let (tx, rx) = mpsc::channel(4);
            let data = Bytes::from(sample(num("n")));
            tokio::spawn(async move {
                for start in (0..data.len()).step_by(64 * 1024) {
                    let end = (start + 64 * 1024).min(data.len());
                    if tx.send(data.slice(start..end)).await.is_err() {
                        return;
                    }
                }
            });
            streamed(rx, &[("content-length", &num("n").to_string())])
        }
        ["gzip" | "deflate" | "deflate-raw" | "br" | "gzip-br"] => {
            let data = sample(num("n"));
            let (encoded, header) = match path {
                "/gzip" => (encode(GzipEncoder::new(&data[..])).await, "gzip"),
                "/deflate" => (encode(ZlibEncoder::new(&data[..])).await, "deflate"),
                "/deflate-raw" => (encode(DeflateEncoder::new(&data[..])).await, "deflate"),
                "/br" => (encode(BrotliEncoder::new(&data[..])).await, "br"),
                _ => {
                    let gzipped = encode(GzipEncoder::new(&data[..])).await;
                    (encode(BrotliEncoder::new(&gzipped[..])).await, "gzip, br")
                }
            };
            reply(200, &[("content-encoding", header)], encoded)
        }
        ["bomb"] => {
            let zeros = vec![0u8; num("mb") << 20];
            let encoded = encode(GzipEncoder::new(&zeros[..])).await;
            reply(200, &[("content-encoding", "gzip")], encoded)
        }
        ["cookies"] => reply(
            200,
            &[
                ("set-cookie", "a=1"),
                ("x-between", "1"),
                ("set-cookie", "b=2"),
            ],
            "",
        ),
        _ => reply(404, &[], "not found"),
    }
}

async fn encode(mut encoder: impl AsyncRead + Unpin) -> Vec<u8> {
    let mut out = Vec::new();
    encoder.read_to_end(&mut out).await.expect("encode");
    out
}

fn reply(status: u16, headers: &[(&str, &str)], body: impl Into<Bytes>) -> Reply {
    let mut builder = Response::builder().status(StatusCode::from_u16(status).expect("status"));
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder
        .body(Full::new(body.into()).boxed())
        .expect("response")
}

fn streamed(rx: mpsc::Receiver<Bytes>, headers: &[(&str, &str)]) -> Reply {
    let mut builder = Response::builder();
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(ChannelBody(rx).boxed()).expect("response")
}

/// A body fed chunk by chunk from a task, to stream or stall on purpose.
struct ChannelBody(mpsc::Receiver<Bytes>);

impl Body for ChannelBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.0
            .poll_recv(cx)
            .map(|chunk| chunk.map(|c| Ok(Frame::data(c))))
    }
}
