//! From a URL string to a destination the policy accepts (DESIGN §4.1-4.3).
//!
//! [`check_url`] runs, in this order: the WHATWG parse (`url` crate, whose typed host already
//! turns `0x7f.1`, `2130706433` or `127。0。0。1` into `127.0.0.1`), the scheme (`http`/`https`
//! only), userinfo (refused, so `http://example.com@127.0.0.1/` cannot mislead a reader), the
//! port (before DNS: the resolver never sees it), then the host: an IP literal is classified at
//! once, `localhost` and `*.localhost` are refused by name, any other name is returned for the
//! caller to resolve. [`check_resolved`] then judges every address of that answer, since a name
//! with one internal address could be steered to it.

use std::net::{IpAddr, SocketAddr};

use url::Url;

use super::classify::{classify, Class};
use super::port::is_forbidden_port;
use super::{Allowances, Denial};

/// The schemes a konnector may fetch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Http,
    Https,
}

impl Scheme {
    fn default_port(self) -> u16 {
        match self {
            Scheme::Http => 80,
            Scheme::Https => 443,
        }
    }
}

/// The host to connect to, normalised: names lower-case without a trailing dot, addresses
/// canonical (`::ffff:a.b.c.d` becomes IPv4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Host {
    /// A name still to be resolved, then checked with [`check_resolved`].
    Domain(String),
    /// An address literal, already classified by [`check_url`].
    Ip(IpAddr),
}

/// A URL that passed [`check_url`]; only this module builds one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    url: Url,
    scheme: Scheme,
    host: Host,
    port: u16,
}

impl Target {
    /// The parsed URL, as the request will carry it.
    pub fn url(&self) -> &Url {
        &self.url
    }

    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    pub fn host(&self) -> &Host {
        &self.host
    }

    /// The port to connect to, the scheme's default when the URL names none.
    pub fn port(&self) -> u16 {
        self.port
    }

    pub(super) fn same_origin(&self, other: &Target) -> bool {
        (self.scheme, &self.host, self.port) == (other.scheme, &other.host, other.port)
    }

    fn deny(&self, rule: impl Into<String>, addr: Option<IpAddr>) -> Denial {
        deny(&self.url, rule, addr)
    }

    /// Denies `ip` unless the exact socket is allowed or it classifies as public.
    fn check_addr(&self, ip: IpAddr, allow: &Allowances) -> Result<(), Denial> {
        let ip = ip.to_canonical();
        if allow.permits_socket(SocketAddr::new(ip, self.port)) {
            return Ok(());
        }
        match classify(ip) {
            Class::Public => Ok(()),
            denied @ Class::Denied(_) => Err(self.deny(denied.to_string(), Some(ip))),
        }
    }
}

/// Checks a URL before any DNS query: scheme, userinfo, port, then the host. An IP literal is
/// classified here; a name comes back as [`Host::Domain`] for the caller to resolve and pass
/// to [`check_resolved`].
pub fn check_url(input: &str, allow: &Allowances) -> Result<Target, Denial> {
    let target = parse(input)?;
    if allow.is_stack_origin(&target) {
        return Ok(target);
    }
    match &target.host {
        Host::Ip(ip) => target.check_addr(*ip, allow)?,
        // RFC 6761 lets resolvers answer these with loopback without asking DNS, so no answer
        // could be trusted to be the name's: refuse them by name.
        Host::Domain(name) if name == "localhost" || name.ends_with(".localhost") => {
            return Err(target.deny("loopback name localhost", None));
        }
        Host::Domain(_) => {}
    }
    Ok(target)
}

/// Checks the addresses a name of `target` resolved to: denied when there are none, or when
/// any one is denied (not just the one that would be dialled), naming that address and rule.
pub fn check_resolved(target: &Target, addrs: &[IpAddr], allow: &Allowances) -> Result<(), Denial> {
    if addrs.is_empty() {
        return Err(target.deny("no address", None));
    }
    if allow.is_stack_origin(target) {
        return Ok(());
    }
    addrs
        .iter()
        .try_for_each(|&ip| target.check_addr(ip, allow))
}

/// The steps that hold for every URL, the stack's own included: parse, scheme, userinfo,
/// port, host normalisation.
pub(super) fn parse(input: &str) -> Result<Target, Denial> {
    let url = Url::parse(input).map_err(|err| Denial {
        rule: format!("invalid url: {err}"),
        host: String::new(),
        addr: None,
    })?;
    let denial = |rule: String| deny(&url, rule, None);
    let scheme = match url.scheme() {
        "http" => Scheme::Http,
        "https" => Scheme::Https,
        other => return Err(denial(format!("scheme {other}"))),
    };
    if !url.username().is_empty() || url.password().is_some() {
        return Err(denial("userinfo in url".to_owned()));
    }
    let port = url.port().unwrap_or(scheme.default_port());
    if is_forbidden_port(port) {
        return Err(denial(format!("forbidden port {port}")));
    }
    let host = match url.host() {
        Some(url::Host::Ipv4(ip)) => Host::Ip(IpAddr::V4(ip)),
        Some(url::Host::Ipv6(ip)) => Host::Ip(IpAddr::V6(ip).to_canonical()),
        Some(url::Host::Domain(name)) => {
            // One trailing dot is the DNS root (`example.com.` is `example.com`). Any other
            // empty label cannot be resolved, and `127.0.0.1..` is a name to the WHATWG parser
            // that a lax resolver might read as an address: refuse them.
            let name = name.strip_suffix('.').unwrap_or(name);
            if name.split('.').any(str::is_empty) {
                return Err(denial("empty label in host name".to_owned()));
            }
            Host::Domain(name.to_owned())
        }
        None => return Err(denial("invalid url: no host".to_owned())),
    };
    Ok(Target {
        url,
        scheme,
        host,
        port,
    })
}

fn deny(url: &Url, rule: impl Into<String>, addr: Option<IpAddr>) -> Denial {
    Denial {
        rule: rule.into(),
        host: url.host_str().unwrap_or_default().to_owned(),
        addr,
    }
}

#[cfg(test)]
mod tests {
    use super::{check_resolved, check_url, Allowances, Denial, Host, Scheme};
    use std::net::{IpAddr, SocketAddr};

    /// What a row expects: allowed, or denied with a rule containing this text.
    enum Want {
        Allow,
        Deny(&'static str),
    }
    use Want::{Allow, Deny};

    const LOOPBACK: Want = Deny("loopback 127.0.0.0/8");
    const LOCALHOST: Want = Deny("loopback name localhost");
    const METADATA: Want = Deny("link-local 169.254.0.0/16");
    const USERINFO: Want = Deny("userinfo in url");
    const EMPTY_LABEL: Want = Deny("empty label in host name");
    const OUTSIDE: Want = Deny("outside global unicast 2000::/3");

    /// Allowed rows use real-looking public addresses (93.184.215.14, 2606:4700::1111): they are
    /// only classified here, never contacted.
    #[rustfmt::skip]
    const URLS: &[(&str, Want)] = &[
        // Plain allowed forms; names are left for DNS.
        ("http://example.com/", Allow),
        ("https://example.com/", Allow),
        ("HTTPS://EXAMPLE.COM/path?q=1#frag", Allow),
        ("https://example.com:80/", Allow),
        ("http://example.com:443/", Allow),
        ("http://example.com:080/", Allow),
        ("http://example.com:8080/", Allow),
        ("http://example.com:65535/", Allow),
        ("http://example.com./", Allow),
        ("http://ex%61mple.com/", Allow),
        ("http://bücher.example/", Allow),
        ("http://metadata.google.internal/", Allow),
        ("http://xlocalhost/", Allow),
        ("http://localhost.example.com/", Allow),
        ("http://1e1/", Allow),
        ("  http://example.com/\t", Allow),
        ("http:example.com", Allow),
        ("http:///example.com", Allow),
        // Public address literals, in numeric forms the parser canonicalises.
        ("http://93.184.215.14/", Allow),
        ("https://93.184.215.14:8443/", Allow),
        ("http://1572394766/", Allow),
        ("http://0x5db8d70e/", Allow),
        ("http://0135.0270.0327.016/", Allow),
        ("http://93.12113678/", Allow),
        ("http://1.1.1.1/", Allow),
        ("http://[2606:4700::1111]/", Allow),
        ("http://[2a00:1450:4007:80c::200e]:8080/", Allow),
        ("http://[::ffff:93.184.215.14]/", Allow),
        // Loopback written every way the WHATWG parser accepts.
        ("http://127.0.0.1/", LOOPBACK),
        ("http://127.0.0.1:8080/", LOOPBACK),
        ("http://2130706433/", LOOPBACK),
        ("http://0177.0.0.1/", LOOPBACK),
        ("http://0x7f.1/", LOOPBACK),
        ("http://0X7F.0.0.1/", LOOPBACK),
        ("http://127.1/", LOOPBACK),
        ("http://127.0.1/", LOOPBACK),
        ("http://0x7f000001/", LOOPBACK),
        ("http://017700000001/", LOOPBACK),
        ("http://0x7fffffff/", LOOPBACK),
        ("http://127.0.0.1./", LOOPBACK),
        ("http://0x7f.1./", LOOPBACK),
        ("http://127。0。0。1/", LOOPBACK),
        ("http://127．0．0．1/", LOOPBACK),
        ("http://127｡0｡0｡1/", LOOPBACK),
        ("http://１２７.０.０.１/", LOOPBACK),
        ("http://%31%32%37.0.0.1/", LOOPBACK),
        ("http://%30x7f.1/", LOOPBACK),
        ("http://127.0.0.1#@example.com/", LOOPBACK),
        ("http://127.0.0.1:80\\@example.com/", LOOPBACK),
        ("http://[::ffff:127.0.0.1]/", LOOPBACK),
        ("http://[::ffff:7f00:1]/", LOOPBACK),
        ("http://[0:0:0:0:0:ffff:127.0.0.1]/", LOOPBACK),
        ("http://[::1]/", Deny("loopback ::1/128")),
        ("http://[0:0:0:0:0:0:0:1]:8080/", Deny("loopback ::1/128")),
        // Other IPv6 literal forms: embeddings, local scopes, zone ids.
        ("http://[::]/", Deny("unspecified ::/128")),
        ("http://[::127.0.0.1]/", Deny("ipv4-compatible ::/96")),
        ("http://[64:ff9b::7f00:1]/", Deny("nat64 64:ff9b::/96")),
        ("http://[64:ff9b::93.184.215.14]/", Deny("nat64 64:ff9b::/96")),
        ("http://[64:ff9b:1::1]/", OUTSIDE),
        ("http://[2002:7f00:1::]/", Deny("6to4 2002::/16")),
        ("http://[2002:5db8:d70e::1]/", Deny("6to4 2002::/16")),
        ("http://[2001::1]/", Deny("teredo 2001::/32")),
        ("http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/", Deny("teredo 2001::/32")),
        ("http://[fe80::1]/", Deny("link-local fe80::/10")),
        ("http://[fe80::1%25eth0]/", Deny("invalid url: invalid IPv6 address")),
        ("http://[fe80::1%eth0]/", Deny("invalid url: invalid IPv6 address")),
        ("http://[fc00::1]/", Deny("unique local fc00::/7")),
        ("http://[ff02::1]/", Deny("multicast ff00::/8")),
        ("http://[fec0::1]/", OUTSIDE),
        ("http://[100::1]/", OUTSIDE),
        ("http://[::ffff:10.0.0.1]/", Deny("private 10.0.0.0/8")),
        // Cloud metadata services.
        ("http://169.254.169.254/latest/meta-data/", METADATA),
        ("http://169.254.170.2/v2/credentials", METADATA),
        ("http://0xa9fea9fe/", METADATA),
        ("http://2852039166/", METADATA),
        ("http://[::ffff:169.254.169.254]/", METADATA),
        ("http://[fd00:ec2::254]/", Deny("unique local fc00::/7")),
        ("http://100.100.100.200/", Deny("carrier-grade nat 100.64.0.0/10")),
        // localhost by name, before any DNS.
        ("http://localhost/", LOCALHOST),
        ("http://localhost:8080/", LOCALHOST),
        ("http://LOCALHOST./", LOCALHOST),
        ("http://localhost./", LOCALHOST),
        ("http://localhost%2e/", LOCALHOST),
        ("http://foo.localhost/", LOCALHOST),
        ("http://a.b.localhost./", LOCALHOST),
        ("http://ⓛocalhost/", LOCALHOST),
        ("http://ｌｏｃａｌｈｏｓｔ/", LOCALHOST),
        // Empty labels beyond the root dot.
        ("http://localhost../", EMPTY_LABEL),
        ("http://127.0.0.1../", EMPTY_LABEL),
        ("http://example..com/", EMPTY_LABEL),
        ("http://./", EMPTY_LABEL),
        // Schemes other than http and https.
        ("file:///etc/passwd", Deny("scheme file")),
        ("file://localhost/etc/passwd", Deny("scheme file")),
        ("ftp://example.com/", Deny("scheme ftp")),
        ("ws://example.com/", Deny("scheme ws")),
        ("wss://example.com/", Deny("scheme wss")),
        ("data:text/plain,hi", Deny("scheme data")),
        ("javascript:alert(1)", Deny("scheme javascript")),
        ("gopher://127.0.0.1:70/_stats", Deny("scheme gopher")),
        ("blob:http://example.com/5c8e", Deny("scheme blob")),
        ("about:blank", Deny("scheme about")),
        ("mailto:someone@example.com", Deny("scheme mailto")),
        ("dict://127.0.0.1:11211/", Deny("scheme dict")),
        ("httpx://example.com/", Deny("scheme httpx")),
        // Not URLs at all.
        ("", Deny("invalid url: relative URL without a base")),
        ("example.com", Deny("invalid url: relative URL without a base")),
        ("//example.com/", Deny("invalid url: relative URL without a base")),
        ("http://", Deny("invalid url: empty host")),
        ("http://[::1/", Deny("invalid url: invalid IPv6 address")),
        ("http://example.com:65536/", Deny("invalid url: invalid port number")),
        ("http://256.0.0.1/", Deny("invalid url: invalid IPv4 address")),
        ("http://1.2.3.4.5/", Deny("invalid url: invalid IPv4 address")),
        ("http://09.1/", Deny("invalid url: invalid IPv4 address")),
        ("http://4294967296/", Deny("invalid url: invalid IPv4 address")),
        ("http://ex ample.com/", Deny("invalid url: invalid international domain name")),
        // Userinfo, refused before the host is looked at.
        ("http://user:pw@example.com/", USERINFO),
        ("http://user@example.com/", USERINFO),
        ("http://:pw@example.com/", USERINFO),
        ("http://example.com@127.0.0.1/", USERINFO),
        ("http://user:pw@93.184.215.14/", USERINFO),
        ("https://a%40b:c@example.com/", USERINFO),
        // An empty userinfo is dropped by the parser; a backslash ends the authority.
        ("http://@example.com/", Allow),
        ("http://:@example.com/", Allow),
        ("http://example.com\\@127.0.0.1/", Allow),
        // Forbidden ports, before the address (all of them: `every_forbidden_port_...`).
        ("http://example.com:0/", Deny("forbidden port 0")),
        ("http://example.com:5984/", Deny("forbidden port 5984")),
        ("http://example.com:6060/", Deny("forbidden port 6060")),
        ("http://example.com:25/", Deny("forbidden port 25")),
        ("https://example.com:465/", Deny("forbidden port 465")),
        ("http://example.com:587/", Deny("forbidden port 587")),
        ("https://example.com:22/", Deny("forbidden port 22")),
        ("http://127.0.0.1:5984/", Deny("forbidden port 5984")),
        ("http://localhost:6060/", Deny("forbidden port 6060")),
        ("http://example.com:5983/", Allow),
        ("http://example.com:5985/", Allow),
        ("http://example.com:6059/", Allow),
        ("http://example.com:6061/", Allow),
        // IPv4 range boundaries: just outside and just inside each end.
        ("http://0.0.0.0/", Deny("this network 0.0.0.0/8")),
        ("http://0/", Deny("this network 0.0.0.0/8")),
        ("http://0.255.255.255/", Deny("this network 0.0.0.0/8")),
        ("http://1.0.0.0/", Allow),
        ("http://9.255.255.255/", Allow),
        ("http://10.0.0.0/", Deny("private 10.0.0.0/8")),
        ("http://10.255.255.255/", Deny("private 10.0.0.0/8")),
        ("http://11.0.0.0/", Allow),
        ("http://100.63.255.255/", Allow),
        ("http://100.64.0.0/", Deny("carrier-grade nat 100.64.0.0/10")),
        ("http://100.127.255.255/", Deny("carrier-grade nat 100.64.0.0/10")),
        ("http://100.128.0.0/", Allow),
        ("http://126.255.255.255/", Allow),
        ("http://127.0.0.0/", LOOPBACK),
        ("http://127.255.255.255/", LOOPBACK),
        ("http://128.0.0.0/", Allow),
        ("http://169.253.255.255/", Allow),
        ("http://169.254.0.0/", METADATA),
        ("http://169.254.255.255/", METADATA),
        ("http://169.255.0.0/", Allow),
        ("http://172.15.255.255/", Allow),
        ("http://172.16.0.0/", Deny("private 172.16.0.0/12")),
        ("http://172.31.255.255/", Deny("private 172.16.0.0/12")),
        ("http://172.32.0.0/", Allow),
        ("http://191.255.255.255/", Allow),
        ("http://192.0.0.0/", Deny("ietf protocol 192.0.0.0/24")),
        ("http://192.0.0.255/", Deny("ietf protocol 192.0.0.0/24")),
        ("http://192.0.1.0/", Allow),
        ("http://192.0.1.255/", Allow),
        ("http://192.0.2.0/", Deny("documentation 192.0.2.0/24")),
        ("http://192.0.2.255/", Deny("documentation 192.0.2.0/24")),
        ("http://192.0.3.0/", Allow),
        ("http://192.88.98.255/", Allow),
        ("http://192.88.99.0/", Deny("6to4 relay 192.88.99.0/24")),
        ("http://192.88.99.255/", Deny("6to4 relay 192.88.99.0/24")),
        ("http://192.88.100.0/", Allow),
        ("http://192.167.255.255/", Allow),
        ("http://192.168.0.0/", Deny("private 192.168.0.0/16")),
        ("http://192.168.255.255/", Deny("private 192.168.0.0/16")),
        ("http://192.169.0.0/", Allow),
        ("http://198.17.255.255/", Allow),
        ("http://198.18.0.0/", Deny("benchmarking 198.18.0.0/15")),
        ("http://198.19.255.255/", Deny("benchmarking 198.18.0.0/15")),
        ("http://198.20.0.0/", Allow),
        ("http://198.51.99.255/", Allow),
        ("http://198.51.100.0/", Deny("documentation 198.51.100.0/24")),
        ("http://198.51.100.255/", Deny("documentation 198.51.100.0/24")),
        ("http://198.51.101.0/", Allow),
        ("http://203.0.112.255/", Allow),
        ("http://203.0.113.0/", Deny("documentation 203.0.113.0/24")),
        ("http://203.0.113.255/", Deny("documentation 203.0.113.0/24")),
        ("http://203.0.114.0/", Allow),
        ("http://223.255.255.255/", Allow),
        ("http://224.0.0.0/", Deny("multicast 224.0.0.0/4")),
        ("http://239.255.255.255/", Deny("multicast 224.0.0.0/4")),
        ("http://240.0.0.0/", Deny("reserved 240.0.0.0/4")),
        ("http://255.255.255.254/", Deny("reserved 240.0.0.0/4")),
        ("http://255.255.255.255/", Deny("broadcast 255.255.255.255/32")),
        ("http://4294967295/", Deny("broadcast 255.255.255.255/32")),
        // IPv6 range boundaries.
        ("http://[1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]/", OUTSIDE),
        ("http://[2000::]/", Allow),
        ("http://[2000:ffff:ffff:ffff:ffff:ffff:ffff:ffff]/", Allow),
        ("http://[2001::]/", Deny("teredo 2001::/32")),
        ("http://[2001:0:ffff:ffff:ffff:ffff:ffff:ffff]/", Deny("teredo 2001::/32")),
        ("http://[2001:1::]/", Deny("ietf protocol 2001::/23")),
        ("http://[2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff]/", Deny("ietf protocol 2001::/23")),
        ("http://[2001:200::]/", Allow),
        ("http://[2001:db7:ffff:ffff:ffff:ffff:ffff:ffff]/", Allow),
        ("http://[2001:db8::]/", Deny("documentation 2001:db8::/32")),
        ("http://[2001:db8:ffff:ffff:ffff:ffff:ffff:ffff]/", Deny("documentation 2001:db8::/32")),
        ("http://[2001:db9::]/", Allow),
        ("http://[2001:ffff:ffff:ffff:ffff:ffff:ffff:ffff]/", Allow),
        ("http://[2002::]/", Deny("6to4 2002::/16")),
        ("http://[2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff]/", Deny("6to4 2002::/16")),
        ("http://[2003::]/", Allow),
        ("http://[3ffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff]/", Allow),
        ("http://[3fff::]/", Deny("documentation 3fff::/20")),
        ("http://[3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff]/", Deny("documentation 3fff::/20")),
        ("http://[3fff:1000::]/", Allow),
        ("http://[3fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]/", Allow),
        ("http://[4000::]/", OUTSIDE),
        ("http://[64:ff9b::]/", Deny("nat64 64:ff9b::/96")),
        ("http://[64:ff9b::ffff:ffff]/", Deny("nat64 64:ff9b::/96")),
        ("http://[64:ff9b::1:0:0]/", OUTSIDE),
        ("http://[fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]/", OUTSIDE),
        ("http://[fc00::]/", Deny("unique local fc00::/7")),
        ("http://[fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]/", Deny("unique local fc00::/7")),
        ("http://[fe00::]/", OUTSIDE),
        ("http://[fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff]/", OUTSIDE),
        ("http://[fe80::]/", Deny("link-local fe80::/10")),
        ("http://[febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff]/", Deny("link-local fe80::/10")),
        ("http://[fec0::]/", OUTSIDE),
        ("http://[feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]/", OUTSIDE),
        ("http://[ff00::]/", Deny("multicast ff00::/8")),
        ("http://[::2]/", Deny("ipv4-compatible ::/96")),
        ("http://[::1:0:0]/", OUTSIDE),
    ];

    #[test]
    fn url_table() {
        assert!(URLS.len() >= 120, "table shrank to {} rows", URLS.len());
        let mut failures = Vec::new();
        for (url, want) in URLS {
            match (want, check_url(url, &Allowances::default())) {
                (Allow, Ok(_)) => {}
                (Deny(rule), Err(denial)) if denial.rule.contains(rule) => {
                    assert_eq!(denial.code(), "ERR_NETWORK_DENIED");
                }
                (Allow, Err(denial)) => failures.push(format!("{url:?}: want allow, got {denial}")),
                (Deny(rule), got) => failures.push(format!("{url:?}: want {rule:?}, got {got:?}")),
            }
        }
        assert!(
            failures.is_empty(),
            "{} rows failed:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    /// Written out here rather than read from `port.rs`, so that dropping a port fails.
    #[rustfmt::skip]
    const FORBIDDEN_PORTS: &[u16] = &[
        0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95,
        101, 102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179,
        389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601,
        636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 5984, 6000,
        6060, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
    ];

    #[test]
    fn every_forbidden_port_is_refused_whatever_the_host() {
        let hosts = [
            "example.com",
            "93.184.215.14",
            "[2606:4700::1111]",
            "localhost",
        ];
        for port in FORBIDDEN_PORTS {
            for host in hosts {
                for scheme in ["http", "https"] {
                    let url = format!("{scheme}://{host}:{port}/");
                    let denial = check_url(&url, &Allowances::default()).unwrap_err();
                    assert_eq!(denial.rule, format!("forbidden port {port}"), "{url}");
                }
            }
        }
    }

    #[test]
    fn targets_are_normalised() {
        let ip = |s: &str| Host::Ip(s.parse().unwrap());
        let name = |s: &str| Host::Domain(s.to_owned());
        #[rustfmt::skip]
        let rows = [
            ("http://1572394766/", Scheme::Http, ip("93.184.215.14"), 80),
            ("http://0x5db8d70e:8080/", Scheme::Http, ip("93.184.215.14"), 8080),
            ("http://[::ffff:93.184.215.14]/", Scheme::Http, ip("93.184.215.14"), 80),
            ("https://[2606:4700::1111]/", Scheme::Https, ip("2606:4700::1111"), 443),
            ("https://Example.COM./", Scheme::Https, name("example.com"), 443),
            ("HTTP://EXAMPLE.COM:80/", Scheme::Http, name("example.com"), 80),
            ("https://example.com:80/", Scheme::Https, name("example.com"), 80),
            ("http://ex%61mple.com/", Scheme::Http, name("example.com"), 80),
            ("http://bücher.example/", Scheme::Http, name("xn--bcher-kva.example"), 80),
            ("http://EXAMPLE。COM/", Scheme::Http, name("example.com"), 80),
        ];
        for (url, scheme, host, port) in rows {
            let target = check_url(url, &Allowances::default()).unwrap();
            let got = (target.scheme(), target.host(), target.port());
            assert_eq!(got, (scheme, &host, port), "{url}");
        }
    }

    fn addrs(list: &[&str]) -> Vec<IpAddr> {
        list.iter().map(|a| a.parse().unwrap()).collect()
    }

    /// A DNS answer for a name that passed `check_url`, and the (rule, address) it is denied
    /// with, if any.
    type ResolvedRow = (
        &'static str,
        &'static [&'static str],
        Option<(&'static str, &'static str)>,
    );

    #[rustfmt::skip]
    const RESOLVED: &[ResolvedRow] = &[
        ("http://example.com/", &["93.184.215.14"], None),
        ("http://example.com/", &["93.184.215.14", "2606:4700::1111"], None),
        ("http://example.com/", &["::ffff:93.184.215.14"], None),
        // Any denied address denies the name, wherever it sits in the answer.
        ("http://example.com/", &["93.184.215.14", "10.0.0.1"], Some(("private 10.0.0.0/8", "10.0.0.1"))),
        ("http://example.com/", &["10.0.0.1", "93.184.215.14"], Some(("private 10.0.0.0/8", "10.0.0.1"))),
        ("http://example.com/", &["2606:4700::1111", "::1"], Some(("loopback ::1/128", "::1"))),
        // Mapped answers are judged, and reported, as IPv4.
        ("http://example.com/", &["::ffff:192.168.1.1"], Some(("private 192.168.0.0/16", "192.168.1.1"))),
        ("http://example.com/", &["::ffff:7f00:1"], Some(("loopback 127.0.0.0/8", "127.0.0.1"))),
        ("http://example.com/", &["64:ff9b::a9fe:a9fe"], Some(("nat64 64:ff9b::/96", "64:ff9b::a9fe:a9fe"))),
        ("http://example.com/", &["fd00:ec2::254"], Some(("unique local fc00::/7", "fd00:ec2::254"))),
        ("http://example.com/", &["0.0.0.0"], Some(("this network 0.0.0.0/8", "0.0.0.0"))),
        // A name pointed (by CNAME or not) at the metadata service.
        ("http://metadata.google.internal/", &["169.254.169.254"], Some(("link-local 169.254.0.0/16", "169.254.169.254"))),
        // An empty answer fails closed.
        ("http://example.com/", &[], Some(("no address", ""))),
    ];

    #[test]
    fn resolved_table() {
        let allow = Allowances::default();
        for (url, answer, want) in RESOLVED {
            let target = check_url(url, &allow).unwrap();
            match (want, check_resolved(&target, &addrs(answer), &allow)) {
                (None, Ok(())) => {}
                (Some((rule, addr)), Err(denial)) => {
                    let got_addr = denial.addr.map(|a| a.to_string()).unwrap_or_default();
                    assert_eq!(
                        (denial.rule.as_str(), got_addr.as_str()),
                        (*rule, *addr),
                        "{url} {answer:?}"
                    );
                    assert_eq!(Some(denial.host.as_str()), target.url().host_str());
                }
                (want, got) => panic!("{url} {answer:?}: want {want:?}, got {got:?}"),
            }
        }
    }

    fn allowing(sockets: &[&str], stack: Option<&str>) -> Allowances {
        let mut allow = Allowances::default();
        for s in sockets {
            allow.allow_socket(s.parse::<SocketAddr>().unwrap());
        }
        if let Some(url) = stack {
            allow.allow_stack_origin(url).unwrap();
        }
        allow
    }

    #[test]
    fn an_allowed_socket_lifts_classification_for_that_socket_only() {
        let allow = allowing(&["127.0.0.1:8080", "[::1]:9000"], None);
        for url in [
            "http://127.0.0.1:8080/",
            "http://[::ffff:127.0.0.1]:8080/",
            "http://2130706433:8080/",
            "http://[::1]:9000/",
        ] {
            assert!(check_url(url, &allow).is_ok(), "{url}");
        }
        for (url, rule) in [
            ("http://127.0.0.1:8081/", "loopback 127.0.0.0/8"),
            ("http://127.0.0.2:8080/", "loopback 127.0.0.0/8"),
            ("http://127.0.0.1/", "loopback 127.0.0.0/8"),
            ("http://[::1]:8080/", "loopback ::1/128"),
            // An allowance opens an address, not a name: localhost stays refused.
            ("http://localhost:8080/", "loopback name localhost"),
        ] {
            assert_eq!(check_url(url, &allow).unwrap_err().rule, rule, "{url}");
        }

        // A vendor name pointed at the allowed mock (what `--resolve` will do).
        let target = check_url("https://vendor.example:8080/login", &allow).unwrap();
        assert!(check_resolved(&target, &addrs(&["127.0.0.1"]), &allow).is_ok());
        assert!(check_resolved(&target, &addrs(&["::ffff:127.0.0.1"]), &allow).is_ok());
        let denial = check_resolved(&target, &addrs(&["127.0.0.1", "127.0.0.2"]), &allow);
        let denial = denial.unwrap_err();
        assert_eq!(denial.rule, "loopback 127.0.0.0/8");
        assert_eq!(denial.addr, Some("127.0.0.2".parse().unwrap()));
        let other_port = check_url("https://vendor.example:8443/", &allow).unwrap();
        assert!(check_resolved(&other_port, &addrs(&["127.0.0.1"]), &allow).is_err());
    }

    #[test]
    fn an_allowance_never_lifts_scheme_userinfo_or_port_rules() {
        let allow = allowing(
            &["127.0.0.1:5984", "127.0.0.1:8080"],
            Some("http://127.0.0.1:8080"),
        );
        for (url, rule) in [
            ("http://127.0.0.1:5984/", "forbidden port 5984"),
            ("ws://127.0.0.1:8080/", "scheme ws"),
            ("http://u:p@127.0.0.1:8080/", "userinfo in url"),
        ] {
            assert_eq!(check_url(url, &allow).unwrap_err().rule, rule, "{url}");
        }
    }

    #[test]
    fn the_stack_origin_is_allowed_by_scheme_host_and_port() {
        let allow = allowing(&[], Some("http://cozy.localhost:8080/"));
        let target = check_url("http://cozy.localhost:8080/jobs/triggers", &allow).unwrap();
        assert!(check_resolved(&target, &addrs(&["127.0.0.1", "::1"]), &allow).is_ok());
        assert!(check_url("HTTP://COZY.LOCALHOST.:8080/", &allow).is_ok());
        for url in [
            "http://cozy.localhost:8081/",
            "https://cozy.localhost:8080/",
            "http://other.localhost:8080/",
            "http://127.0.0.1:8080/",
        ] {
            assert!(check_url(url, &allow).is_err(), "{url}");
        }

        // A stack on an address literal allows that literal, however it is spelled.
        let allow = allowing(&[], Some("http://127.0.0.1:8080"));
        assert!(check_url("http://0x7f.1:8080/", &allow).is_ok());
        assert!(check_url("http://[::ffff:127.0.0.1]:8080/", &allow).is_ok());
        assert!(check_url("http://127.0.0.1:8081/", &allow).is_err());
    }

    #[test]
    fn a_cozy_url_breaking_the_url_rules_is_refused() {
        for (url, rule) in [
            // Without `http://` the parser reads the host as a scheme.
            ("cozy.localhost:8080", "scheme cozy.localhost"),
            ("http://admin:pw@cozy.localhost:8080", "userinfo in url"),
            ("http://cozy.localhost:6060", "forbidden port 6060"),
            ("file:///var/lib/cozy", "scheme file"),
        ] {
            let denial = Allowances::default().allow_stack_origin(url).unwrap_err();
            assert_eq!(denial.rule, rule, "{url}");
        }
    }

    #[test]
    fn messages_name_host_address_and_rule_without_credentials() {
        let none = Allowances::default();
        let message = |url: &str| check_url(url, &none).unwrap_err().to_string();
        #[rustfmt::skip]
        let rows = [
            ("http://127.1/", "network access denied: 127.0.0.1: loopback 127.0.0.0/8"),
            ("http://[::1]/", "network access denied: [::1]: loopback ::1/128"),
            (
                "http://[::ffff:a9fe:a9fe]/",
                "network access denied: [::ffff:a9fe:a9fe] -> 169.254.169.254: link-local 169.254.0.0/16",
            ),
            ("http://user:secret@example.com/", "network access denied: example.com: userinfo in url"),
            ("data:text/plain,hi", "network access denied: scheme data"),
            ("http://", "network access denied: invalid url: empty host"),
        ];
        for (url, want) in rows {
            assert_eq!(message(url), want);
        }
        let target = check_url("http://example.com/", &none).unwrap();
        let denial: Denial = check_resolved(&target, &addrs(&["10.0.0.1"]), &none).unwrap_err();
        assert_eq!(
            denial.to_string(),
            "network access denied: example.com -> 10.0.0.1: private 10.0.0.0/8"
        );
    }
}
