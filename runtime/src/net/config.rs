//! What a run's network may do: allowances, curl-style overrides, limits (DESIGN §4.6, §4.8).
//!
//! `--resolve HOST:PORT:ADDR[,ADDR...]` answers a name with given addresses instead of DNS, and
//! `--connect-to HOST:PORT:ADDR:PORT2` sends the connections for HOST:PORT to ADDR:PORT2, both
//! with curl's syntax, so a test points a vendor's real host name at a local mock without
//! touching the konnector. Neither opens a hole: the addresses they lead to are still checked
//! by the policy unless also allowed with `--allow` (see `pin.rs`). The limits bound what one
//! run may cost, whatever the script does.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use super::policy::{Allowances, Host};
use super::resolver::Resolver;

/// Everything one run's [`Network`](super::Network) is built from.
#[derive(Debug, Clone, Default)]
pub struct NetConfig {
    pub allow: Allowances,
    pub resolve: Vec<ResolveOverride>,
    pub connect_to: Vec<ConnectTo>,
    pub limits: NetLimits,
    pub resolver: Resolver,
    /// The origin answered in-process, without a socket (the local Cozy).
    pub local: Option<super::LocalOrigin>,
    /// Whether the run's exchanges go to the network, are recorded, or are replayed.
    pub traffic: Traffic,
}

/// What happens to the run's exchanges with everything but the local origin (issue 6).
#[derive(Debug, Clone, Default)]
pub enum Traffic {
    /// Sent, and that is all.
    #[default]
    Live,
    /// Sent and recorded (`--record`).
    Record(Arc<super::Recording>),
    /// Answered from a recording, never sent (`--replay`).
    Replay(Arc<super::Cassette>),
}

/// Per-response and per-run bounds (DESIGN §4, "Limits per run").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetLimits {
    /// Largest response body, counted after decompression so that a gzip bomb stops early.
    pub max_response_bytes: u64,
    /// Until the response headers (resolution and connection included), then for each body
    /// read.
    pub request_timeout: Duration,
    /// For each address tried, TCP and TLS handshakes together.
    pub connect_timeout: Duration,
    /// Requests waiting for their response headers at once; more wait their turn. Bodies
    /// being read do not count, so an unread body never blocks later requests.
    pub max_concurrent: usize,
    /// Requests in the run, each redirect hop counting as one.
    pub max_requests: u64,
    /// Response body bytes received in the run, as they came over the wire (before decoding).
    pub max_bytes_in: u64,
    /// Request body bytes sent in the run.
    pub max_bytes_out: u64,
    /// Redirects followed for one `fetch`.
    pub max_redirects: u32,
}

impl Default for NetLimits {
    fn default() -> Self {
        const MIB: u64 = 1024 * 1024;
        NetLimits {
            max_response_bytes: 100 * MIB,
            request_timeout: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            max_concurrent: 16,
            max_requests: 10_000,
            max_bytes_in: 1024 * MIB,
            max_bytes_out: 256 * MIB,
            max_redirects: 20,
        }
    }
}

/// A malformed `--resolve` or `--connect-to` value; the message names the part at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{option}: {message}")]
pub struct OverrideError {
    pub option: &'static str,
    pub message: String,
}

/// `--resolve HOST:PORT:ADDR[,ADDR...]`: requests to HOST on PORT use these addresses, no DNS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolveOverride {
    /// Normalised as the policy normalises URL hosts (lower case, punycode, no trailing dot).
    pub host: String,
    pub port: u16,
    pub addrs: Vec<IpAddr>,
}

impl ResolveOverride {
    pub(super) fn matches(&self, host: &str, port: u16) -> bool {
        self.host == host && self.port == port
    }
}

impl FromStr for ResolveOverride {
    type Err = OverrideError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = |message: String| OverrideError {
            option: "--resolve",
            message,
        };
        let expected = || err(format!("expected HOST:PORT:ADDR[,ADDR...], got {s:?}"));
        let fields = split_fields(s, 3).ok_or_else(expected)?;
        let [host, port, addrs] = fields.as_slice() else {
            return Err(expected());
        };
        let host = match parse_host(host).map_err(|m| err(format!("{m} in {s:?}")))? {
            Host::Domain(name) => name,
            Host::Ip(_) => {
                return Err(err(format!(
                    "HOST must be a name, got the address {host:?} in {s:?}"
                )))
            }
        };
        let port = parse_port(port).map_err(|m| err(format!("{m} in {s:?}")))?;
        let addrs = addrs
            .split(',')
            .map(|addr| {
                parse_addr(addr).ok_or_else(|| err(format!("bad address {addr:?} in {s:?}")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ResolveOverride { host, port, addrs })
    }
}

impl fmt::Display for ResolveOverride {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:", self.host, self.port)?;
        for (i, addr) in self.addrs.iter().enumerate() {
            let sep = if i == 0 { "" } else { "," };
            match addr {
                IpAddr::V4(v4) => write!(f, "{sep}{v4}")?,
                IpAddr::V6(v6) => write!(f, "{sep}[{v6}]")?,
            }
        }
        Ok(())
    }
}

/// `--connect-to HOST:PORT:ADDR:PORT2`: connections for HOST:PORT go to ADDR:PORT2. As in
/// curl, an empty HOST or PORT matches any, an empty ADDR or PORT2 keeps the original; TLS
/// still names and verifies the original host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectTo {
    pub host: Option<Host>,
    pub port: Option<u16>,
    pub to_host: Option<Host>,
    pub to_port: Option<u16>,
}

impl ConnectTo {
    /// Where a connection for `host:port` goes, when this entry changes it.
    pub(super) fn redirect(&self, host: &Host, port: u16) -> Option<(Host, u16)> {
        let matches =
            self.host.as_ref().is_none_or(|h| h == host) && self.port.is_none_or(|p| p == port);
        let to = (
            self.to_host.clone().unwrap_or_else(|| host.clone()),
            self.to_port.unwrap_or(port),
        );
        (matches && (&to.0, to.1) != (host, port)).then_some(to)
    }
}

impl FromStr for ConnectTo {
    type Err = OverrideError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = |message: String| OverrideError {
            option: "--connect-to",
            message,
        };
        let expected = || err(format!("expected HOST:PORT:ADDR:PORT2, got {s:?}"));
        // One field more than needed, so that a fifth one is an error, not part of PORT2.
        let fields = split_fields(s, 5).ok_or_else(expected)?;
        let [host, port, to_host, to_port] = fields.as_slice() else {
            return Err(expected());
        };
        let optional = |field: &str| (!field.is_empty()).then_some(());
        let in_s = |m: String| err(format!("{m} in {s:?}"));
        Ok(ConnectTo {
            host: optional(host)
                .map(|()| parse_host(host))
                .transpose()
                .map_err(in_s)?,
            port: optional(port)
                .map(|()| parse_port(port))
                .transpose()
                .map_err(in_s)?,
            to_host: optional(to_host)
                .map(|()| parse_host(to_host))
                .transpose()
                .map_err(in_s)?,
            to_port: optional(to_port)
                .map(|()| parse_port(to_port))
                .transpose()
                .map_err(in_s)?,
        })
    }
}

impl fmt::Display for ConnectTo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let host = |h: &Option<Host>| match h {
            None => String::new(),
            Some(Host::Domain(name)) => name.clone(),
            Some(Host::Ip(IpAddr::V4(v4))) => v4.to_string(),
            Some(Host::Ip(IpAddr::V6(v6))) => format!("[{v6}]"),
        };
        let port = |p: Option<u16>| p.map(|p| p.to_string()).unwrap_or_default();
        write!(
            f,
            "{}:{}:{}:{}",
            host(&self.host),
            port(self.port),
            host(&self.to_host),
            port(self.to_port)
        )
    }
}

/// Splits on `:` outside `[...]`, into at most `max` fields, the last taking the rest (so a
/// bare IPv6 address list can end a `--resolve` value). `None` on an unclosed bracket.
fn split_fields(s: &str, max: usize) -> Option<Vec<&str>> {
    let mut fields = Vec::with_capacity(max);
    let mut start = 0;
    let mut in_brackets = false;
    for (i, c) in s.char_indices() {
        match c {
            '[' => in_brackets = true,
            ']' => in_brackets = false,
            ':' if !in_brackets && fields.len() + 1 < max => {
                fields.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    fields.push(&s[start..]);
    (!in_brackets).then_some(fields)
}

/// A host as the policy normalises it: names through the WHATWG host parser (lower case,
/// punycode) without the root dot, addresses canonical, IPv6 in brackets.
fn parse_host(host: &str) -> Result<Host, String> {
    let bad = || format!("bad host {host:?}");
    match url::Host::parse(host).map_err(|_| bad())? {
        url::Host::Domain(name) => {
            let name = name.strip_suffix('.').unwrap_or(&name);
            if name.is_empty() || name.split('.').any(str::is_empty) {
                return Err(bad());
            }
            Ok(Host::Domain(name.to_owned()))
        }
        url::Host::Ipv4(v4) => Ok(Host::Ip(IpAddr::V4(v4))),
        url::Host::Ipv6(v6) => Ok(Host::Ip(IpAddr::V6(v6).to_canonical())),
    }
}

fn parse_port(port: &str) -> Result<u16, String> {
    match port.parse::<u16>() {
        Ok(p) if p != 0 && port.bytes().all(|b| b.is_ascii_digit()) => Ok(p),
        _ => Err(format!("bad port {port:?}")),
    }
}

/// An address literal as curl takes it: dotted IPv4, IPv6 bare or in brackets.
fn parse_addr(addr: &str) -> Option<IpAddr> {
    let bare = addr
        .strip_prefix('[')
        .and_then(|a| a.strip_suffix(']'))
        .unwrap_or(addr);
    bare.parse::<IpAddr>().ok().map(|ip| ip.to_canonical())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn resolve_overrides_parse_like_curl() {
        let rows: &[(&str, &str, u16, &[&str])] = &[
            (
                "vendor.example:443:127.0.0.1",
                "vendor.example",
                443,
                &["127.0.0.1"],
            ),
            (
                "Vendor.Example.:80:127.0.0.1,127.0.0.2",
                "vendor.example",
                80,
                &["127.0.0.1", "127.0.0.2"],
            ),
            ("v.example:8080:[::1]", "v.example", 8080, &["::1"]),
            ("v.example:8080:::1", "v.example", 8080, &["::1"]),
            (
                "v.example:8080:[::1],192.0.2.1",
                "v.example",
                8080,
                &["::1", "192.0.2.1"],
            ),
            (
                "v.example:80:::ffff:127.0.0.1",
                "v.example",
                80,
                &["127.0.0.1"],
            ),
            (
                "bücher.example:80:192.0.2.7",
                "xn--bcher-kva.example",
                80,
                &["192.0.2.7"],
            ),
        ];
        for (input, host, port, addrs) in rows {
            let got: ResolveOverride = input.parse().unwrap_or_else(|e| panic!("{input}: {e}"));
            let want = ResolveOverride {
                host: host.to_string(),
                port: *port,
                addrs: addrs.iter().map(|a| ip(a)).collect(),
            };
            assert_eq!(got, want, "{input}");
            assert_eq!(got.to_string().parse::<ResolveOverride>().unwrap(), want);
        }
    }

    #[test]
    fn bad_resolve_overrides_name_the_bad_part() {
        let rows = [
            ("vendor.example", "--resolve: expected HOST:PORT:ADDR[,ADDR...], got \"vendor.example\""),
            ("vendor.example:443", "--resolve: expected HOST:PORT:ADDR[,ADDR...], got \"vendor.example:443\""),
            ("v.example:https:127.0.0.1", "--resolve: bad port \"https\" in \"v.example:https:127.0.0.1\""),
            ("v.example:0:127.0.0.1", "--resolve: bad port \"0\" in \"v.example:0:127.0.0.1\""),
            ("v.example:+80:127.0.0.1", "--resolve: bad port \"+80\" in \"v.example:+80:127.0.0.1\""),
            ("v.example:80:localhost", "--resolve: bad address \"localhost\" in \"v.example:80:localhost\""),
            ("v.example:80:", "--resolve: bad address \"\" in \"v.example:80:\""),
            ("v.example:80:127.0.0.1,", "--resolve: bad address \"\" in \"v.example:80:127.0.0.1,\""),
            ("v.example:80:[::1", "--resolve: expected HOST:PORT:ADDR[,ADDR...], got \"v.example:80:[::1\""),
            (":80:127.0.0.1", "--resolve: bad host \"\" in \":80:127.0.0.1\""),
            ("a..b:80:127.0.0.1", "--resolve: bad host \"a..b\" in \"a..b:80:127.0.0.1\""),
            (
                "127.0.0.1:80:127.0.0.2",
                "--resolve: HOST must be a name, got the address \"127.0.0.1\" in \"127.0.0.1:80:127.0.0.2\"",
            ),
        ];
        for (input, want) in rows {
            let got = input.parse::<ResolveOverride>().unwrap_err().to_string();
            assert_eq!(got, want, "{input}");
        }
    }

    #[test]
    fn connect_to_parses_like_curl() {
        let name = |s: &str| Some(Host::Domain(s.to_owned()));
        let addr = |s: &str| Some(Host::Ip(ip(s)));
        let rows = [
            (
                "vendor.example:80:127.0.0.1:8080",
                name("vendor.example"),
                Some(80),
                addr("127.0.0.1"),
                Some(8080),
            ),
            (
                "Vendor.Example:443:[::1]:8443",
                name("vendor.example"),
                Some(443),
                addr("::1"),
                Some(8443),
            ),
            (
                "[2001:db8::1]:443:mock.test:8443",
                addr("2001:db8::1"),
                Some(443),
                name("mock.test"),
                Some(8443),
            ),
            ("::127.0.0.1:", None, None, addr("127.0.0.1"), None),
            (
                "vendor.example:443::8443",
                name("vendor.example"),
                Some(443),
                None,
                Some(8443),
            ),
        ];
        for (input, host, port, to_host, to_port) in rows {
            let got: ConnectTo = input.parse().unwrap_or_else(|e| panic!("{input}: {e}"));
            let want = ConnectTo {
                host,
                port,
                to_host,
                to_port,
            };
            assert_eq!(got, want, "{input}");
            assert_eq!(got.to_string().parse::<ConnectTo>().unwrap(), want);
        }
        for (input, want) in [
            (
                "vendor.example:80:127.0.0.1",
                "--connect-to: expected HOST:PORT:ADDR:PORT2, got \"vendor.example:80:127.0.0.1\"",
            ),
            (
                "a:80:127.0.0.1:80:9",
                "--connect-to: expected HOST:PORT:ADDR:PORT2, got \"a:80:127.0.0.1:80:9\"",
            ),
            (
                "a:80:127.0.0.1:99999",
                "--connect-to: bad port \"99999\" in \"a:80:127.0.0.1:99999\"",
            ),
            (
                "a:80:::1:8080",
                "--connect-to: expected HOST:PORT:ADDR:PORT2, got \"a:80:::1:8080\"",
            ),
            (
                "a b:80:127.0.0.1:8080",
                "--connect-to: bad host \"a b\" in \"a b:80:127.0.0.1:8080\"",
            ),
        ] {
            assert_eq!(
                input.parse::<ConnectTo>().unwrap_err().to_string(),
                want,
                "{input}"
            );
        }
    }

    #[test]
    fn connect_to_redirects_only_what_it_matches() {
        let vendor = Host::Domain("vendor.example".into());
        let other = Host::Domain("other.example".into());
        let lo = Host::Ip(ip("127.0.0.1"));
        let entry: ConnectTo = "vendor.example:80:127.0.0.1:8080".parse().unwrap();
        assert_eq!(entry.redirect(&vendor, 80), Some((lo.clone(), 8080)));
        assert_eq!(entry.redirect(&vendor, 443), None);
        assert_eq!(entry.redirect(&other, 80), None);
        let any: ConnectTo = "::127.0.0.1:".parse().unwrap();
        assert_eq!(any.redirect(&other, 443), Some((lo.clone(), 443)));
        // A mapping onto itself changes nothing.
        assert_eq!(any.redirect(&lo, 443), None);
        let port_only: ConnectTo = "vendor.example:443::8443".parse().unwrap();
        assert_eq!(
            port_only.redirect(&vendor, 443),
            Some((vendor.clone(), 8443))
        );
    }

    #[test]
    fn default_limits_are_the_documented_ones() {
        let limits = NetLimits::default();
        assert_eq!(limits.max_response_bytes, 100 << 20);
        assert_eq!(limits.request_timeout, Duration::from_secs(60));
        assert_eq!(limits.connect_timeout, Duration::from_secs(10));
        assert_eq!(limits.max_concurrent, 16);
        assert_eq!(limits.max_requests, 10_000);
        assert_eq!(limits.max_bytes_in, 1 << 30);
        assert_eq!(limits.max_bytes_out, 256 << 20);
        assert_eq!(limits.max_redirects, 20);
    }
}
