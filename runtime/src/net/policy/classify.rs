//! Address classification: which IP addresses a konnector may never reach (DESIGN §4.3-4.4).
//!
//! Every address is classified after canonicalisation, so `::ffff:127.0.0.1` is judged as
//! `127.0.0.1`; other IPv6 embeddings of IPv4 (NAT64, 6to4, Teredo, IPv4-compatible) need no
//! unwrapping because their whole ranges are denied. The tables are DESIGN §4.4: IPv4 special
//! purpose ranges; for IPv6 everything outside global unicast 2000::/3, and the special ranges
//! inside it. Each [`Class`] names its rule and range (`loopback 127.0.0.0/8`), as smokescreen's
//! `ipType` does, so a denial tells the script and the report exactly why.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The verdict on one address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Outside every denied range: the policy lets it through.
    Public,
    /// Inside a range of the deny table.
    Denied(&'static Range),
}

/// A named CIDR range of the deny table; displays as `name base/prefix`.
#[derive(Debug, PartialEq, Eq)]
pub struct Range {
    name: &'static str,
    base: IpAddr,
    prefix: u8,
}

impl Range {
    const fn v4(name: &'static str, [a, b, c, d]: [u8; 4], prefix: u8) -> Self {
        Self {
            name,
            base: IpAddr::V4(Ipv4Addr::new(a, b, c, d)),
            prefix,
        }
    }

    const fn v6(name: &'static str, [a, b, c, d, e, f, g, h]: [u16; 8], prefix: u8) -> Self {
        Self {
            name,
            base: IpAddr::V6(Ipv6Addr::new(a, b, c, d, e, f, g, h)),
            prefix,
        }
    }

    fn contains(&self, ip: IpAddr) -> bool {
        // Left-align IPv4 in 128 bits so one mask computation serves both families.
        let (base, ip) = match (self.base, ip) {
            (IpAddr::V4(base), IpAddr::V4(ip)) => (
                u128::from(u32::from(base)) << 96,
                u128::from(u32::from(ip)) << 96,
            ),
            (IpAddr::V6(base), IpAddr::V6(ip)) => (u128::from(base), u128::from(ip)),
            _ => return false,
        };
        let mask = u128::MAX
            .checked_shl(128 - u32::from(self.prefix))
            .unwrap_or(0);
        (base ^ ip) & mask == 0
    }
}

impl fmt::Display for Range {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}/{}", self.name, self.base, self.prefix)
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Class::Public => f.write_str("public"),
            Class::Denied(range) => range.fmt(f),
        }
    }
}

/// DESIGN §4.4, IPv4. First match wins: 255.255.255.255 is named before 240.0.0.0/4 holds it.
static DENIED_V4: [Range; 16] = [
    Range::v4("this network", [0, 0, 0, 0], 8),
    Range::v4("private", [10, 0, 0, 0], 8),
    Range::v4("carrier-grade nat", [100, 64, 0, 0], 10),
    Range::v4("loopback", [127, 0, 0, 0], 8),
    // Cloud metadata services (169.254.169.254) live here.
    Range::v4("link-local", [169, 254, 0, 0], 16),
    Range::v4("private", [172, 16, 0, 0], 12),
    Range::v4("ietf protocol", [192, 0, 0, 0], 24),
    Range::v4("documentation", [192, 0, 2, 0], 24),
    Range::v4("6to4 relay", [192, 88, 99, 0], 24),
    Range::v4("private", [192, 168, 0, 0], 16),
    Range::v4("benchmarking", [198, 18, 0, 0], 15),
    Range::v4("documentation", [198, 51, 100, 0], 24),
    Range::v4("documentation", [203, 0, 113, 0], 24),
    Range::v4("multicast", [224, 0, 0, 0], 4),
    Range::v4("broadcast", [255, 255, 255, 255], 32),
    Range::v4("reserved", [240, 0, 0, 0], 4),
];

/// Global unicast: any IPv6 address outside it is denied, under this name when no more
/// specific range below applies.
static GLOBAL_UNICAST: Range =
    Range::v6("outside global unicast", [0x2000, 0, 0, 0, 0, 0, 0, 0], 3);

/// Ranges outside 2000::/3, named only so that a denial says more than "outside global
/// unicast"; first match wins (`::1` before `::/96`). Mapped `::ffff:0:0/96` is absent:
/// canonicalisation turned it into IPv4 already.
static NAMED_OUTSIDE_V6: [Range; 7] = [
    Range::v6("unspecified", [0, 0, 0, 0, 0, 0, 0, 0], 128),
    Range::v6("loopback", [0, 0, 0, 0, 0, 0, 0, 1], 128),
    Range::v6("ipv4-compatible", [0, 0, 0, 0, 0, 0, 0, 0], 96),
    Range::v6("nat64", [0x64, 0xff9b, 0, 0, 0, 0, 0, 0], 96),
    Range::v6("unique local", [0xfc00, 0, 0, 0, 0, 0, 0, 0], 7),
    Range::v6("link-local", [0xfe80, 0, 0, 0, 0, 0, 0, 0], 10),
    Range::v6("multicast", [0xff00, 0, 0, 0, 0, 0, 0, 0], 8),
];

/// DESIGN §4.4, the denied ranges inside 2000::/3. Teredo (which embeds an IPv4 address) is
/// named before the 2001::/23 block that holds it.
static DENIED_GLOBAL_V6: [Range; 5] = [
    Range::v6("teredo", [0x2001, 0, 0, 0, 0, 0, 0, 0], 32),
    Range::v6("ietf protocol", [0x2001, 0, 0, 0, 0, 0, 0, 0], 23),
    Range::v6("documentation", [0x2001, 0xdb8, 0, 0, 0, 0, 0, 0], 32),
    Range::v6("6to4", [0x2002, 0, 0, 0, 0, 0, 0, 0], 16),
    Range::v6("documentation", [0x3fff, 0, 0, 0, 0, 0, 0, 0], 20),
];

/// Classifies `ip` after mapping `::ffff:a.b.c.d` to `a.b.c.d`.
pub fn classify(ip: IpAddr) -> Class {
    let ip = ip.to_canonical();
    let first_match = |table: &'static [Range]| table.iter().find(|range| range.contains(ip));
    let denied = match ip {
        IpAddr::V4(_) => first_match(&DENIED_V4),
        IpAddr::V6(_) if GLOBAL_UNICAST.contains(ip) => first_match(&DENIED_GLOBAL_V6),
        IpAddr::V6(_) => Some(first_match(&NAMED_OUTSIDE_V6).unwrap_or(&GLOBAL_UNICAST)),
    };
    denied.map_or(Class::Public, Class::Denied)
}

#[cfg(test)]
mod tests {
    use super::{classify, Class};
    use std::net::IpAddr;

    fn class_of(ip: &str) -> String {
        classify(ip.parse::<IpAddr>().unwrap()).to_string()
    }

    /// One address per row of the tables, so every rule's name and range text is pinned (the
    /// URL table in `target.rs` covers the range boundaries).
    #[test]
    fn each_rule_displays_its_name_and_range() {
        let rows = [
            ("0.1.2.3", "this network 0.0.0.0/8"),
            ("10.1.2.3", "private 10.0.0.0/8"),
            ("100.100.100.200", "carrier-grade nat 100.64.0.0/10"),
            ("127.0.0.1", "loopback 127.0.0.0/8"),
            ("169.254.169.254", "link-local 169.254.0.0/16"),
            ("172.20.0.1", "private 172.16.0.0/12"),
            ("192.0.0.8", "ietf protocol 192.0.0.0/24"),
            ("192.0.2.1", "documentation 192.0.2.0/24"),
            ("192.88.99.1", "6to4 relay 192.88.99.0/24"),
            ("192.168.1.1", "private 192.168.0.0/16"),
            ("198.18.0.1", "benchmarking 198.18.0.0/15"),
            ("198.51.100.7", "documentation 198.51.100.0/24"),
            ("203.0.113.9", "documentation 203.0.113.0/24"),
            ("239.255.255.250", "multicast 224.0.0.0/4"),
            ("255.255.255.255", "broadcast 255.255.255.255/32"),
            ("255.255.255.254", "reserved 240.0.0.0/4"),
            ("::", "unspecified ::/128"),
            ("::1", "loopback ::1/128"),
            ("::7f00:1", "ipv4-compatible ::/96"),
            ("64:ff9b::a9fe:a9fe", "nat64 64:ff9b::/96"),
            ("fd00:ec2::254", "unique local fc00::/7"),
            ("fe80::1", "link-local fe80::/10"),
            ("ff02::1", "multicast ff00::/8"),
            ("100::1", "outside global unicast 2000::/3"),
            ("2001::1", "teredo 2001::/32"),
            ("2001:100::1", "ietf protocol 2001::/23"),
            ("2001:db8::1", "documentation 2001:db8::/32"),
            ("2002:7f00:1::", "6to4 2002::/16"),
            ("3fff::1", "documentation 3fff::/20"),
            ("93.184.215.14", "public"),
            ("2606:4700::1111", "public"),
        ];
        for (ip, want) in rows {
            assert_eq!(class_of(ip), want, "{ip}");
        }
    }

    #[test]
    fn mapped_ipv6_is_judged_as_ipv4() {
        assert_eq!(class_of("::ffff:127.0.0.1"), "loopback 127.0.0.0/8");
        assert_eq!(class_of("::ffff:a9fe:a9fe"), "link-local 169.254.0.0/16");
        assert_eq!(class_of("::ffff:93.184.215.14"), "public");
        // Only the mapped form is unwrapped: IPv4-compatible stays IPv6 and is denied whole.
        assert_eq!(class_of("::93.184.215.14"), "ipv4-compatible ::/96");
    }

    #[test]
    fn public_addresses_are_public() {
        for ip in [
            "1.1.1.1",
            "8.8.8.8",
            "93.184.215.14",
            "2a00:1450:4007:80c::200e",
        ] {
            assert_eq!(classify(ip.parse().unwrap()), Class::Public, "{ip}");
        }
    }
}
