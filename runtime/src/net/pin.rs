//! From a target the policy accepted to the exact socket addresses a connection may use
//! (DESIGN §4.3, §4.6).
//!
//! Deno's `PermissionedHttpConnector` idea: resolve here, check **every** answer with
//! [`check_resolved`], and hand the connector only that checked list, so no second lookup can
//! race the check (DNS rebinding). IP literals were classified by `check_url` and skip the
//! resolver. `--resolve` answers replace DNS and `--connect-to` replaces the destination,
//! both as in curl; what they lead to is checked like anything else (an exact `--allow`
//! lifts it). A `--connect-to` target is checked as the URL `scheme://ADDR:PORT2/` would be,
//! so its port rules and the allowance of its exact socket apply to the socket dialled.

use std::net::{IpAddr, SocketAddr};

use super::config::{ConnectTo, ResolveOverride};
use super::error::NetError;
use super::policy::{check_resolved, check_url, Allowances, Host, Scheme, Target};
use super::resolver::Dns;

pub(super) struct Pinner {
    allow: Allowances,
    resolve: Vec<ResolveOverride>,
    connect_to: Vec<ConnectTo>,
    dns: Dns,
}

impl Pinner {
    pub(super) fn new(
        allow: Allowances,
        resolve: Vec<ResolveOverride>,
        connect_to: Vec<ConnectTo>,
        dns: Dns,
    ) -> Pinner {
        Pinner {
            allow,
            resolve,
            connect_to,
            dns,
        }
    }

    pub(super) fn allowances(&self) -> &Allowances {
        &self.allow
    }

    /// The checked addresses to connect to for `target`, in the resolver's order, without
    /// duplicates.
    pub(super) async fn pin(&self, target: &Target) -> Result<Vec<SocketAddr>, NetError> {
        let redirected = self
            .connect_to
            .iter()
            .find_map(|entry| entry.redirect(target.host(), target.port()));
        match redirected {
            None => self.addresses(target).await,
            Some((host, port)) => {
                let url = format!(
                    "{}://{}:{port}/",
                    match target.scheme() {
                        Scheme::Http => "http",
                        Scheme::Https => "https",
                    },
                    match &host {
                        Host::Domain(name) => name.clone(),
                        Host::Ip(IpAddr::V4(v4)) => v4.to_string(),
                        Host::Ip(IpAddr::V6(v6)) => format!("[{v6}]"),
                    }
                );
                self.addresses(&check_url(&url, &self.allow)?).await
            }
        }
    }

    async fn addresses(&self, target: &Target) -> Result<Vec<SocketAddr>, NetError> {
        let ips = match target.host() {
            Host::Ip(ip) => vec![*ip],
            Host::Domain(name) => {
                let overridden = self
                    .resolve
                    .iter()
                    .find(|entry| entry.matches(name, target.port()));
                let ips = match overridden {
                    Some(entry) => entry.addrs.clone(),
                    None => self.dns.lookup(name).await?,
                };
                check_resolved(target, &ips, &self.allow)?;
                ips
            }
        };
        let mut addrs: Vec<SocketAddr> = Vec::with_capacity(ips.len());
        for ip in ips {
            let addr = SocketAddr::new(ip.to_canonical(), target.port());
            if !addrs.contains(&addr) {
                addrs.push(addr);
            }
        }
        Ok(addrs)
    }
}

#[cfg(test)]
mod tests {
    use super::super::resolver::Resolver;
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    fn pinner(allow: &[&str], resolve: &[&str], connect_to: &[&str], stub: Resolver) -> Pinner {
        let mut allowances = Allowances::default();
        for socket in allow {
            allowances.allow_socket(socket.parse().unwrap());
        }
        Pinner::new(
            allowances,
            resolve.iter().map(|s| s.parse().unwrap()).collect(),
            connect_to.iter().map(|s| s.parse().unwrap()).collect(),
            Dns::new(&stub),
        )
    }

    /// A stub for names that must never be looked up.
    fn no_dns() -> Resolver {
        Resolver::stub(|name| panic!("unexpected lookup of {name}"))
    }

    async fn pin(p: &Pinner, url: &str) -> Result<Vec<String>, String> {
        let target = check_url(url, p.allowances()).map_err(|d| d.rule)?;
        match p.pin(&target).await {
            Ok(addrs) => Ok(addrs.iter().map(ToString::to_string).collect()),
            Err(err) => Err(err.rule().map(str::to_owned).unwrap_or(err.to_string())),
        }
    }

    #[tokio::test]
    async fn literals_skip_the_resolver() {
        let p = pinner(&["127.0.0.1:8080"], &[], &[], no_dns());
        assert_eq!(
            pin(&p, "http://127.0.0.1:8080/").await.unwrap(),
            ["127.0.0.1:8080"]
        );
        assert_eq!(
            pin(&p, "http://[::ffff:127.0.0.1]:8080/").await.unwrap(),
            ["127.0.0.1:8080"]
        );
        assert_eq!(
            pin(&p, "https://192.0.2.1/").await.unwrap_err(),
            "documentation 192.0.2.0/24"
        );
    }

    #[tokio::test]
    async fn every_answer_is_checked() {
        let stub = Resolver::stub(|name| {
            let answer: &[&str] = match name {
                "public.example" => &["93.184.215.14", "2606:4700::1111", "93.184.215.14"],
                "mixed.example" => &["93.184.215.14", "10.0.0.1"],
                "cname-to-metadata.example" => &["169.254.169.254"],
                _ => return Err("NXDOMAIN".into()),
            };
            Ok(answer.iter().map(|a| a.parse().unwrap()).collect())
        });
        let p = pinner(&[], &[], &[], stub);
        assert_eq!(
            pin(&p, "https://public.example/").await.unwrap(),
            ["93.184.215.14:443", "[2606:4700::1111]:443"]
        );
        assert_eq!(
            pin(&p, "http://mixed.example/").await.unwrap_err(),
            "private 10.0.0.0/8"
        );
        assert_eq!(
            pin(&p, "http://cname-to-metadata.example/")
                .await
                .unwrap_err(),
            "link-local 169.254.0.0/16"
        );
        assert_eq!(
            pin(&p, "http://nx.example/").await.unwrap_err(),
            "cannot resolve nx.example: NXDOMAIN"
        );
    }

    #[tokio::test]
    async fn resolve_overrides_replace_dns_and_are_still_checked() {
        let p = pinner(
            &["127.0.0.1:8080"],
            &[
                "vendor.example:8080:127.0.0.1",
                "vendor.example:443:127.0.0.1",
                "pub.example:80:192.0.2.10",
            ],
            &[],
            no_dns(),
        );
        assert_eq!(
            pin(&p, "http://vendor.example:8080/").await.unwrap(),
            ["127.0.0.1:8080"]
        );
        // The override matches on the port too, and its answer is checked on that port.
        assert_eq!(
            pin(&p, "https://vendor.example/").await.unwrap_err(),
            "loopback 127.0.0.0/8"
        );
        assert_eq!(
            pin(&p, "http://pub.example/").await.unwrap_err(),
            "documentation 192.0.2.0/24"
        );
    }

    #[tokio::test]
    async fn connect_to_checks_the_socket_it_dials() {
        let p = pinner(
            &["127.0.0.1:8080"],
            &["mock.test:8080:127.0.0.1"],
            &[
                "vendor.example:80:127.0.0.1:8080",
                "vendor.example:443:127.0.0.1:5984",
                "other.example:80:127.0.0.1:9999",
                "named.example:80:mock.test:8080",
            ],
            no_dns(),
        );
        assert_eq!(
            pin(&p, "http://vendor.example/").await.unwrap(),
            ["127.0.0.1:8080"]
        );
        assert_eq!(
            pin(&p, "https://vendor.example/").await.unwrap_err(),
            "forbidden port 5984"
        );
        assert_eq!(
            pin(&p, "http://other.example/").await.unwrap_err(),
            "loopback 127.0.0.0/8"
        );
        assert_eq!(
            pin(&p, "http://named.example/").await.unwrap(),
            ["127.0.0.1:8080"]
        );
    }

    #[tokio::test]
    async fn one_lookup_per_pin() {
        let calls = Arc::new(AtomicUsize::new(0));
        let counter = calls.clone();
        let stub = Resolver::stub(move |_| {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            Ok(vec![if n == 0 { "93.184.215.14" } else { "127.0.0.1" }
                .parse()
                .unwrap()])
        });
        let p = pinner(&[], &[], &[], stub);
        assert_eq!(
            pin(&p, "http://rebind.example/").await.unwrap(),
            ["93.184.215.14:80"]
        );
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert_eq!(
            pin(&p, "http://rebind.example/").await.unwrap_err(),
            "loopback 127.0.0.0/8"
        );
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }
}
