//! The one error type of the network transport (DESIGN §4.7).
//!
//! Every failure a konnector's request can meet is a [`NetError`] variant carrying what a
//! script, the report and an operator need (the rule, the host, the limit), and each variant
//! declares beside it the stable Node-style `code` a script sees on the error, so the JS
//! binding maps errors in one place and a policy denial is never mistaken for an I/O failure
//! (smokescreen's `denyError`, Deno's `FetchError`).

use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use super::policy::Denial;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NetError {
    /// The policy refused the URL or one of its addresses (DESIGN §4.1-4.4).
    #[error(transparent)]
    Denied(#[from] Denial),
    /// The whole request (resolution, connection, headers) or one body read took longer than
    /// the request timeout.
    #[error("request to {url} timed out after {after:?} waiting for {waiting_for}")]
    Timeout {
        url: String,
        /// `headers` or `body`.
        waiting_for: &'static str,
        after: Duration,
    },
    /// No address of the destination accepted a connection (TCP and TLS handshake) within the
    /// connect timeout; `addr` is the last one tried.
    #[error("connecting to {addr} timed out after {after:?}")]
    ConnectTimeout { addr: SocketAddr, after: Duration },
    /// Every address refused or failed the connection; `addr` is the last one tried.
    #[error("connecting to {addr} failed: {message}")]
    Connect {
        addr: SocketAddr,
        kind: io::ErrorKind,
        message: String,
    },
    /// The TLS handshake failed, for instance on a certificate that does not verify.
    #[error("TLS handshake with {host} failed: {message}")]
    Tls {
        host: String,
        message: String,
        code: &'static str,
    },
    #[error("more than {limit} redirects (the last to {url})")]
    TooManyRedirects { url: String, limit: u32 },
    /// A redirect met with `redirect: 'error'`.
    #[error("redirect to {url} refused: the request's redirect mode is \"error\"")]
    RedirectNotAllowed { url: String },
    /// A redirect that would send the request's body again, which was streamed (WHATWG
    /// fetch: a body without a source cannot be replayed).
    #[error("cannot follow the redirect to {url}: the request body was streamed and cannot be sent again")]
    StreamedBodyRedirect { url: String },
    #[error("redirect from {url} to an invalid location {location:?}")]
    InvalidRedirect { url: String, location: String },
    /// The response body, counted after decoding, passed the per-response limit.
    #[error("response body larger than the limit of {limit} bytes")]
    BodyTooLarge { limit: u64 },
    /// A per-run total (`requests`, `bytes_in`, `bytes_out`) is used up.
    #[error("network limit reached: {what} (limit {limit})")]
    LimitReached { what: &'static str, limit: u64 },
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// Resolution failed: no answer is no address, and the request fails closed.
    #[error("cannot resolve {host}: {message}")]
    Dns { host: String, message: String },
    #[error("cannot decode the {encoding} response body: {message}")]
    Decode { encoding: String, message: String },
    /// `--replay`: no recorded request matches this one (`METHOD URL`).
    #[error("no recorded request matches {request}{}", closest.as_ref().map(|c| format!(" (closest: {c})")).unwrap_or_default())]
    ReplayUnmatched {
        request: String,
        closest: Option<String>,
    },
    /// Any other transport failure (connection closed mid-response, protocol error).
    #[error("network error: {0}")]
    Io(String),
}

impl NetError {
    /// The stable code a script sees on the error (Node's where Node has one).
    pub fn code(&self) -> &'static str {
        match self {
            NetError::Denied(denial) => denial.code(),
            NetError::Timeout { .. } | NetError::ConnectTimeout { .. } => "ETIMEDOUT",
            NetError::Connect { kind, .. } => io_code(*kind),
            NetError::Tls { code, .. } => code,
            NetError::TooManyRedirects { .. } => "ERR_TOO_MANY_REDIRECTS",
            NetError::RedirectNotAllowed { .. } => "ERR_REDIRECT",
            NetError::InvalidRedirect { .. } => "ERR_INVALID_URL",
            NetError::StreamedBodyRedirect { .. } => "ERR_STREAMED_BODY_REDIRECT",
            NetError::BodyTooLarge { .. } => "ERR_BODY_TOO_LARGE",
            NetError::LimitReached { .. } => "ERR_NETWORK_LIMIT",
            NetError::InvalidRequest(_) => "ERR_INVALID_REQUEST",
            NetError::Dns { .. } => "ENOTFOUND",
            NetError::Decode { .. } => "Z_DATA_ERROR",
            NetError::ReplayUnmatched { .. } => "ERR_REPLAY_UNMATCHED",
            NetError::Io(_) => "ERR_NETWORK",
        }
    }

    /// The policy rule of a denial (`loopback 127.0.0.0/8`), or the replay's for a request it
    /// has no answer to, for the report and the script.
    pub fn rule(&self) -> Option<&str> {
        match self {
            NetError::Denied(denial) => Some(&denial.rule),
            NetError::ReplayUnmatched { .. } => Some(super::replay::UNMATCHED_RULE),
            _ => None,
        }
    }

    /// Recovers a `NetError` carried inside an `io::Error` (decoders and stream adapters only
    /// speak `io::Error`), or describes the I/O failure.
    pub(super) fn from_io(err: io::Error) -> NetError {
        match err
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<NetError>())
        {
            Some(net) => net.clone(),
            None => NetError::Io(err.to_string()),
        }
    }
}

/// The `errno` name Node gives a failed connection.
fn io_code(kind: io::ErrorKind) -> &'static str {
    match kind {
        io::ErrorKind::ConnectionRefused => "ECONNREFUSED",
        io::ErrorKind::ConnectionReset => "ECONNRESET",
        io::ErrorKind::ConnectionAborted => "ECONNABORTED",
        io::ErrorKind::HostUnreachable => "EHOSTUNREACH",
        io::ErrorKind::NetworkUnreachable => "ENETUNREACH",
        io::ErrorKind::AddrNotAvailable => "EADDRNOTAVAIL",
        io::ErrorKind::TimedOut => "ETIMEDOUT",
        io::ErrorKind::BrokenPipe => "EPIPE",
        _ => "ERR_NETWORK",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_rules() {
        let addr: SocketAddr = "192.0.2.1:443".parse().unwrap();
        let denial = Denial {
            rule: "loopback 127.0.0.0/8".into(),
            host: "127.0.0.1".into(),
            addr: None,
        };
        let rows = [
            (NetError::Denied(denial), "ERR_NETWORK_DENIED"),
            (
                NetError::Connect {
                    addr,
                    kind: io::ErrorKind::ConnectionRefused,
                    message: "refused".into(),
                },
                "ECONNREFUSED",
            ),
            (
                NetError::ConnectTimeout {
                    addr,
                    after: Duration::from_secs(1),
                },
                "ETIMEDOUT",
            ),
            (
                NetError::LimitReached {
                    what: "requests",
                    limit: 1,
                },
                "ERR_NETWORK_LIMIT",
            ),
            (
                NetError::Dns {
                    host: "x".into(),
                    message: "no".into(),
                },
                "ENOTFOUND",
            ),
        ];
        for (err, code) in &rows {
            assert_eq!(err.code(), *code, "{err}");
        }
        assert_eq!(rows[0].0.rule(), Some("loopback 127.0.0.0/8"));
        assert_eq!(rows[1].0.rule(), None);
        assert_eq!(
            rows[0].0.to_string(),
            "network access denied: 127.0.0.1: loopback 127.0.0.0/8"
        );
    }

    #[test]
    fn a_net_error_survives_an_io_error_round_trip() {
        let err = NetError::BodyTooLarge { limit: 10 };
        let io = io::Error::other(err.clone());
        assert_eq!(NetError::from_io(io), err);
        let plain = NetError::from_io(io::Error::new(io::ErrorKind::InvalidData, "bad"));
        assert_eq!(plain, NetError::Io("bad".into()));
    }
}
