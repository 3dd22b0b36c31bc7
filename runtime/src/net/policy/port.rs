//! Ports a konnector may never connect to, refused before any DNS lookup (DESIGN §4.2).
//!
//! The check sits before resolution because the resolver never sees the port (Deno's
//! `ext/fetch/dns.rs` gives the same reason), so a forbidden port is refused without a query.

/// The Fetch standard's "bad ports" (port blocking), port 0 included, in its order. SMTP (25,
/// 465, 587) is among them: no mail may be sent from a konnector.
const FETCH_BAD_PORTS: &[u16] = &[
    0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101,
    102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427,
    465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990,
    993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667,
    6668, 6669, 6679, 6697, 10080,
];

/// Cozy internals a konnector must never reach, even on a public address: CouchDB and the
/// stack's admin API.
const COZY_INTERNAL_PORTS: &[u16] = &[5984, 6060];

/// Whether `port` may never be contacted, whatever the address.
pub fn is_forbidden_port(port: u16) -> bool {
    FETCH_BAD_PORTS.contains(&port) || COZY_INTERNAL_PORTS.contains(&port)
}

#[cfg(test)]
mod tests {
    use super::is_forbidden_port;

    /// Written out again rather than read from the lists above, so that dropping a port from the
    /// list fails this test.
    const EXPECTED_FORBIDDEN: &[u16] = &[
        0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95,
        101, 102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179,
        389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601,
        636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 5984, 6000,
        6060, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
    ];

    #[test]
    fn every_forbidden_port_is_refused() {
        let missing: Vec<u16> = EXPECTED_FORBIDDEN
            .iter()
            .copied()
            .filter(|&p| !is_forbidden_port(p))
            .collect();
        assert!(missing.is_empty(), "ports not refused: {missing:?}");
    }

    #[test]
    fn ports_a_vendor_may_use_are_open() {
        for port in [
            2, 24, 26, 80, 443, 464, 466, 586, 588, 1024, 3000, 5983, 5985, 6059, 6061, 8000, 8080,
            8443, 10079, 10081, 32768, 65535,
        ] {
            assert!(!is_forbidden_port(port), "port {port} refused");
        }
    }
}
