//! Network policy: the pure decision whether a konnector may reach a destination (DESIGN §4).
//!
//! Every `fetch`, and every redirect hop, passes here before any DNS query or socket:
//! [`check_url`] parses with the WHATWG parser and refuses other schemes, userinfo, forbidden
//! ports, `localhost` names and internal IP literals; once a name is resolved,
//! [`check_resolved`] classifies every answer and refuses the name if any one is internal.
//! Nothing here does I/O, so the whole policy is tested by tables, as smokescreen's
//! `TestClassifyAddr`; resolving, pinning and redirects build on it.
//!
//! The only holes are [`Allowances`] (DESIGN §4.6): the stack's own origin from `COZY_URL`,
//! which may be on loopback, and exact socket addresses given with `--allow ADDR:PORT`.

mod classify;
mod port;
mod target;

use std::net::{IpAddr, SocketAddr};

pub use classify::{classify, Class, Range};
pub use port::is_forbidden_port;
pub use target::{check_resolved, check_url, Host, Scheme, Target};

/// A refused destination: what was refused and the rule that refused it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("network access denied: {}{rule}", subject(.host, .addr.as_ref()))]
pub struct Denial {
    /// The rule, stable and human-readable: `loopback 127.0.0.0/8`, `forbidden port 5984`,
    /// `scheme file`, `userinfo in url`, `invalid url: empty host`.
    pub rule: String,
    /// The host as the parsed URL serialises it (never with userinfo); empty when the URL
    /// does not parse or has no host.
    pub host: String,
    /// The denied address, canonical (`::ffff:a.b.c.d` shown as IPv4), when an address was
    /// classified.
    pub addr: Option<IpAddr>,
}

impl Denial {
    /// The stable code a script sees on the error's `cause` (DESIGN §4.7).
    pub fn code(&self) -> &'static str {
        "ERR_NETWORK_DENIED"
    }
}

/// `host: ` or `host -> addr: ` for the message, the address only when it adds something.
fn subject(host: &str, addr: Option<&IpAddr>) -> String {
    match addr {
        Some(ip) if host != ip.to_string() && host != format!("[{ip}]") => {
            format!("{host} -> {ip}: ")
        }
        _ if host.is_empty() => String::new(),
        _ => format!("{host}: "),
    }
}

/// The explicit exceptions to the address rules (DESIGN §4.6). They lift only address
/// classification and the `localhost` name rule: scheme, userinfo and port rules still apply.
#[derive(Debug, Clone, Default)]
pub struct Allowances {
    sockets: Vec<SocketAddr>,
    stack: Option<Target>,
}

impl Allowances {
    /// Allows one exact address and port (`--allow ADDR:PORT`), e.g. a test server on loopback.
    pub fn allow_socket(&mut self, addr: SocketAddr) {
        self.sockets
            .push(SocketAddr::new(addr.ip().to_canonical(), addr.port()));
    }

    /// Allows the origin (scheme, host, port) of the stack's `COZY_URL`, which may be on
    /// loopback. Fails when that URL itself breaks the scheme, userinfo or port rules.
    pub fn allow_stack_origin(&mut self, cozy_url: &str) -> Result<(), Denial> {
        self.stack = Some(target::parse(cozy_url)?);
        Ok(())
    }

    /// The exact addresses allowed with `--allow`, for the run's log.
    pub fn sockets(&self) -> &[SocketAddr] {
        &self.sockets
    }

    fn permits_socket(&self, addr: SocketAddr) -> bool {
        self.sockets.contains(&addr)
    }

    /// Whether `target` is the stack's own origin (`COZY_URL`'s scheme, host and port).
    pub fn is_stack_origin(&self, target: &Target) -> bool {
        self.stack
            .as_ref()
            .is_some_and(|stack| stack.same_origin(target))
    }
}
