//! Name resolution for a run (DESIGN §4.3): the host, not the system's `getaddrinfo` behind
//! the connector's back, asks for A and AAAA, so every answer can be checked before a socket.
//!
//! Deno's `ext/fetch/dns.rs` shape: a [`Resolver`] enum, hickory with the system's
//! configuration by default, or a stub function so tests can script answers (rebinding,
//! mixed public and private answers) without any DNS traffic. Each run builds its own
//! resolver, so no cache is shared between runs (DESIGN §4.8). Any failure, an empty answer
//! included, fails closed.

use std::fmt;
use std::net::IpAddr;
use std::sync::{Arc, OnceLock};

use hickory_resolver::config::LookupIpStrategy;
use hickory_resolver::TokioResolver;

use super::error::NetError;

/// A scripted resolver: a name in, its addresses or an error message out.
pub type StubFn = dyn Fn(&str) -> Result<Vec<IpAddr>, String> + Send + Sync;

/// Which resolver a run uses.
#[derive(Clone, Default)]
pub enum Resolver {
    /// hickory-resolver with the system configuration (`/etc/resolv.conf`, hosts file),
    /// asking for A and AAAA records.
    #[default]
    Hickory,
    /// Answers from a function, for tests.
    Stub(Arc<StubFn>),
}

impl Resolver {
    pub fn stub(f: impl Fn(&str) -> Result<Vec<IpAddr>, String> + Send + Sync + 'static) -> Self {
        Resolver::Stub(Arc::new(f))
    }
}

impl fmt::Debug for Resolver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Resolver::Hickory => "Hickory",
            Resolver::Stub(_) => "Stub",
        })
    }
}

/// A run's resolver.
pub(super) enum Dns {
    /// Built on the run's first lookup: reading the system configuration and building the
    /// resolver's cache is most of a small run's network setup, and most runs that resolve
    /// nothing (replays, local Cozy, scripts without requests) would pay it for nothing.
    /// `Err` says why the system configuration could not be read: every lookup fails.
    Hickory(OnceLock<Result<Box<TokioResolver>, String>>),
    Stub(Arc<StubFn>),
}

impl Dns {
    pub(super) fn new(resolver: &Resolver) -> Dns {
        match resolver {
            Resolver::Hickory => Dns::Hickory(OnceLock::new()),
            Resolver::Stub(f) => Dns::Stub(f.clone()),
        }
    }

    fn hickory() -> Result<Box<TokioResolver>, String> {
        TokioResolver::builder_tokio()
            .map(|mut builder| {
                builder.options_mut().ip_strategy = LookupIpStrategy::Ipv4AndIpv6;
                Box::new(builder.build())
            })
            .map_err(|err| format!("no system DNS configuration: {err}"))
    }

    /// All the addresses of `name`, never empty.
    pub(super) async fn lookup(&self, name: &str) -> Result<Vec<IpAddr>, NetError> {
        let fail = |message: String| NetError::Dns {
            host: name.to_owned(),
            message,
        };
        let addrs = match self {
            Dns::Hickory(resolver) => {
                let resolver = resolver
                    .get_or_init(Dns::hickory)
                    .as_ref()
                    .map_err(|message| fail(message.clone()))?;
                // The trailing dot makes the name absolute: a konnector's host is never
                // completed with the machine's search domains.
                let lookup = resolver
                    .lookup_ip(format!("{name}."))
                    .await
                    .map_err(|err| fail(err.to_string()))?;
                lookup.iter().collect()
            }
            Dns::Stub(f) => f(name).map_err(fail)?,
        };
        if addrs.is_empty() {
            return Err(fail("no address".to_owned()));
        }
        Ok(addrs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_stub_answers_and_failures_fail_closed() {
        let dns = Dns::new(&Resolver::stub(|name| match name {
            "vendor.example" => Ok(vec!["192.0.2.1".parse().unwrap()]),
            "empty.example" => Ok(vec![]),
            _ => Err("NXDOMAIN".to_owned()),
        }));
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        assert_eq!(dns.lookup("vendor.example").await.unwrap(), vec![ip]);
        for (name, message) in [("empty.example", "no address"), ("nx.example", "NXDOMAIN")] {
            let err = dns.lookup(name).await.unwrap_err();
            assert_eq!(
                err,
                NetError::Dns {
                    host: name.into(),
                    message: message.into()
                }
            );
            assert_eq!(err.code(), "ENOTFOUND");
        }
    }

    /// hickory answers RFC 6761 names itself, so this sends no query: `*.localhost` is
    /// loopback (how a dev stack's `COZY_URL` resolves) and `*.invalid` does not exist.
    #[tokio::test]
    async fn hickory_answers_special_use_names_locally() {
        let dns = Dns::new(&Resolver::Hickory);
        let addrs = dns.lookup("cozy.localhost").await.unwrap();
        assert!(addrs.contains(&"127.0.0.1".parse().unwrap()), "{addrs:?}");
        assert!(addrs.contains(&"::1".parse().unwrap()), "{addrs:?}");
        let err = dns.lookup("vendor.invalid").await.unwrap_err();
        assert_eq!(err.code(), "ENOTFOUND", "{err}");
    }

    #[test]
    fn resolver_debug_does_not_need_the_stub() {
        assert_eq!(format!("{:?}", Resolver::default()), "Hickory");
        assert_eq!(format!("{:?}", Resolver::stub(|_| Ok(vec![]))), "Stub");
    }
}
