//! The run's connector: dials only addresses the policy checked (DESIGN §4.3).
//!
//! hyper-util's pooled client asks its connector for a connection to a URI, which carries a
//! name and a port but not our checked answer. So before each request the client records in
//! a [`PinTable`] the checked socket addresses for that request's scheme and authority (the
//! pool's own key), and the connector dials from that table only: it never resolves, and an
//! authority with no entry fails closed. `--connect-to` port mappings live in those
//! addresses, which reqwest's `Resolve` could not express. A pooled connection is reused
//! only under the same key, so it too goes to an address that was checked for that name.
//!
//! TLS is rustls (ring) with the webpki roots, naming and verifying the URL's host even when
//! `--connect-to` sends the bytes elsewhere, and offering h2 and HTTP/1.1 by ALPN.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use http::Uri;
use hyper_util::client::legacy::connect::{Connected, Connection};
use hyper_util::rt::TokioIo;
use rustls::pki_types::ServerName;
use rustls::{CertificateError, ClientConfig, RootCertStore};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_rustls::TlsConnector;

use super::error::NetError;

/// Where the connector may dial, per (is https, authority) as the request URI spells them.
#[derive(Default)]
pub(super) struct PinTable(Mutex<Pins>);

type Pins = HashMap<(bool, String), Arc<[SocketAddr]>>;

impl PinTable {
    /// Records the checked addresses for the authority of `uri`, replacing older ones (which
    /// were checked too).
    pub(super) fn set(&self, uri: &Uri, addrs: Vec<SocketAddr>) {
        if let Some(key) = key(uri) {
            self.lock().insert(key, addrs.into());
        }
    }

    fn get(&self, uri: &Uri) -> Option<Arc<[SocketAddr]>> {
        self.lock().get(&key(uri)?).cloned()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Pins> {
        // The map is consistent after any panic (one insert or get), so poisoning is moot.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn key(uri: &Uri) -> Option<(bool, String)> {
    let https = uri.scheme() == Some(&http::uri::Scheme::HTTPS);
    Some((https, uri.authority()?.as_str().to_ascii_lowercase()))
}

/// The TLS settings of one run: its own session cache, nothing shared (DESIGN §4.8).
pub(super) fn tls_config(roots: RootCertStore) -> Arc<ClientConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        // Not script-reachable: the ring provider supports the default versions by
        // construction; a failure here is a build mistake.
        .expect("the ring provider supports TLS 1.2 and 1.3")
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Arc::new(config)
}

/// The public web's roots, as browsers ship them.
pub(super) fn webpki_roots() -> RootCertStore {
    RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    }
}

#[derive(Clone)]
pub(super) struct Connector {
    pins: Arc<PinTable>,
    tls: TlsConnector,
    connect_timeout: Duration,
}

impl Connector {
    pub(super) fn new(
        pins: Arc<PinTable>,
        tls: Arc<ClientConfig>,
        connect_timeout: Duration,
    ) -> Connector {
        Connector {
            pins,
            tls: TlsConnector::from(tls),
            connect_timeout,
        }
    }

    async fn connect(self, uri: Uri) -> Result<Conn, NetError> {
        let addrs = self.pins.get(&uri).ok_or_else(|| {
            NetError::Io(format!("no checked address for {uri} (connection refused)"))
        })?;
        let tcp = self.dial(&addrs).await?;
        if uri.scheme() != Some(&http::uri::Scheme::HTTPS) {
            return Ok(Conn {
                io: TokioIo::new(Stream::Tcp(tcp)),
                h2: false,
            });
        }
        let host = uri.host().unwrap_or_default();
        let server_name = server_name(host).ok_or_else(|| NetError::Tls {
            host: host.to_owned(),
            message: "not a valid TLS server name".to_owned(),
            code: "ERR_TLS_CERT_ALTNAME_INVALID",
        })?;
        let tls_error = |err: io::Error| NetError::Tls {
            host: host.to_owned(),
            code: tls_code(&err),
            message: err.to_string(),
        };
        let peer = tcp.peer_addr().map_err(&tls_error)?;
        let tls = tokio::time::timeout(self.connect_timeout, self.tls.connect(server_name, tcp))
            .await
            .map_err(|_| NetError::ConnectTimeout {
                addr: peer,
                after: self.connect_timeout,
            })?
            .map_err(tls_error)?;
        let h2 = tls.get_ref().1.alpn_protocol() == Some(b"h2");
        Ok(Conn {
            io: TokioIo::new(Stream::Tls(Box::new(tls))),
            h2,
        })
    }

    /// Tries each checked address in turn, each within the connect timeout.
    async fn dial(&self, addrs: &[SocketAddr]) -> Result<TcpStream, NetError> {
        let mut last = NetError::Io("no address to connect to".to_owned());
        for &addr in addrs {
            match tokio::time::timeout(self.connect_timeout, TcpStream::connect(addr)).await {
                Ok(Ok(tcp)) => {
                    // Requests are written whole; waiting to coalesce only adds latency.
                    tcp.set_nodelay(true).ok();
                    return Ok(tcp);
                }
                Ok(Err(err)) => {
                    last = NetError::Connect {
                        addr,
                        kind: err.kind(),
                        message: err.to_string(),
                    }
                }
                Err(_) => {
                    last = NetError::ConnectTimeout {
                        addr,
                        after: self.connect_timeout,
                    }
                }
            }
            tracing::debug!(%addr, error = %last, "connection attempt failed");
        }
        Err(last)
    }
}

impl tower_service::Service<Uri> for Connector {
    type Response = Conn;
    type Error = NetError;
    type Future = Pin<Box<dyn Future<Output = Result<Conn, NetError>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, uri: Uri) -> Self::Future {
        Box::pin(self.clone().connect(uri))
    }
}

/// The name TLS presents and verifies: the URL's host, without IPv6 brackets or root dot.
fn server_name(host: &str) -> Option<ServerName<'static>> {
    let bare = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    match bare.parse::<IpAddr>() {
        Ok(ip) => Some(ServerName::IpAddress(ip.into())),
        Err(_) => ServerName::try_from(bare.trim_end_matches('.').to_owned()).ok(),
    }
}

/// Node's code for a failed certificate check, so scripts can tell them apart.
fn tls_code(err: &io::Error) -> &'static str {
    let rustls_error = err
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>());
    match rustls_error {
        Some(rustls::Error::InvalidCertificate(cert)) => match cert {
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
                "CERT_HAS_EXPIRED"
            }
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
                "CERT_NOT_YET_VALID"
            }
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
                "ERR_TLS_CERT_ALTNAME_INVALID"
            }
            CertificateError::UnknownIssuer => "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
            CertificateError::Revoked => "CERT_REVOKED",
            _ => "ERR_TLS_CERT_INVALID",
        },
        _ => "ERR_TLS_HANDSHAKE",
    }
}

/// A dialled connection, plain or TLS, as hyper reads and writes it.
pub(super) struct Conn {
    io: TokioIo<Stream>,
    h2: bool,
}

impl Connection for Conn {
    fn connected(&self) -> Connected {
        let connected = Connected::new();
        if self.h2 {
            connected.negotiated_h2()
        } else {
            connected
        }
    }
}

impl hyper::rt::Read for Conn {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: hyper::rt::ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl hyper::rt::Write for Conn {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write_vectored(cx, bufs)
    }
}

enum Stream {
    Tcp(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
}

impl AsyncRead for Stream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Tcp(s) => Pin::new(s).poll_read(cx, buf),
            Stream::Tls(s) => Pin::new(s).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Stream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Stream::Tcp(s) => Pin::new(s).poll_write(cx, buf),
            Stream::Tls(s) => Pin::new(s).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Tcp(s) => Pin::new(s).poll_flush(cx),
            Stream::Tls(s) => Pin::new(s).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Tcp(s) => Pin::new(s).poll_shutdown(cx),
            Stream::Tls(s) => Pin::new(s).poll_shutdown(cx),
        }
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Stream::Tcp(s) => Pin::new(s).poll_write_vectored(cx, bufs),
            Stream::Tls(s) => Pin::new(s).poll_write_vectored(cx, bufs),
        }
    }

    fn is_write_vectored(&self) -> bool {
        match self {
            Stream::Tcp(s) => s.is_write_vectored(),
            Stream::Tls(s) => s.is_write_vectored(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_service::Service;

    #[test]
    fn pins_are_keyed_by_scheme_and_authority() {
        let table = PinTable::default();
        let addr: SocketAddr = "127.0.0.1:8080".parse().unwrap();
        table.set(
            &"http://Vendor.Example:8080/a?b".parse().unwrap(),
            vec![addr],
        );
        let got = |uri: &str| table.get(&uri.parse().unwrap()).map(|a| a.to_vec());
        assert_eq!(got("http://vendor.example:8080/"), Some(vec![addr]));
        assert_eq!(got("https://vendor.example:8080/"), None);
        assert_eq!(got("http://vendor.example/"), None);
        assert_eq!(got("http://vendor.example:8081/"), None);
    }

    #[tokio::test]
    async fn an_unpinned_authority_is_never_dialled() {
        let mut connector = Connector::new(
            Arc::default(),
            tls_config(webpki_roots()),
            Duration::from_secs(1),
        );
        let Err(err) = connector.call("http://192.0.2.1/".parse().unwrap()).await else {
            panic!("connected without a pin");
        };
        assert!(err.to_string().contains("no checked address"), "{err}");
    }

    #[tokio::test]
    async fn a_refused_connection_keeps_its_kind() {
        // A port nothing listens on: bind, note it, close.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        drop(listener);
        let pins = Arc::new(PinTable::default());
        let uri: Uri = format!("http://{addr}/").parse().unwrap();
        pins.set(&uri, vec![addr]);
        let mut connector =
            Connector::new(pins, tls_config(webpki_roots()), Duration::from_secs(5));
        let Err(err) = connector.call(uri).await else {
            panic!("connected to a closed port");
        };
        assert_eq!(err.code(), "ECONNREFUSED", "{err}");
    }

    #[test]
    fn server_names_drop_brackets_and_the_root_dot() {
        let name = |h: &str| server_name(h).map(|n| n.to_str().into_owned());
        assert_eq!(name("vendor.example."), Some("vendor.example".into()));
        assert_eq!(name("[::1]"), Some("::1".into()));
        assert_eq!(name("127.0.0.1"), Some("127.0.0.1".into()));
    }
}
