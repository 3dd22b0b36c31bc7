//! What a run's network did, for the report (DESIGN §4.7), and the per-run totals it bounds.
//!
//! One [`RequestRecord`] per hop (a redirect is a hop of its own) and one [`DeniedRecord`] per
//! denial, with stable field names, as smokescreen's canonical decision log line. The same
//! lock keeps the run's counters, so the `requests`, `bytes_in` and `bytes_out` limits are
//! checked and counted in one step even with requests in flight at once.

use std::sync::{Mutex, MutexGuard, PoisonError};

use serde::{Deserialize, Serialize};

use super::config::NetLimits;
use super::error::NetError;

/// A snapshot of the run's network activity.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NetStats {
    pub requests: Vec<RequestRecord>,
    pub denied: Vec<DeniedRecord>,
    /// Response body bytes received, before decoding.
    pub bytes_in: u64,
    /// Request body bytes sent.
    pub bytes_out: u64,
}

/// One request sent, or attempted past the policy: one per redirect hop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestRecord {
    pub method: String,
    pub url: String,
    /// `None` when no response came.
    pub status: Option<u16>,
    /// Body bytes received for this hop, before decoding.
    pub bytes_in: u64,
    pub bytes_out: u64,
    /// From the start of the hop to the end of its body, or to its headers while the body
    /// is still being read.
    pub ms: u64,
    /// Why the hop failed, its body included (`ETIMEDOUT: ...`).
    pub error: Option<String>,
}

/// One refused destination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeniedRecord {
    pub url: String,
    pub rule: String,
}

/// The run's recorder; its lock is held only for a push or an addition.
pub(super) struct Recorder {
    stats: Mutex<NetStats>,
    limits: NetLimits,
}

/// Where a hop's record sits, to complete it as its body streams.
#[derive(Debug, Clone, Copy)]
pub(super) struct RecordId(usize);

impl Recorder {
    pub(super) fn new(limits: NetLimits) -> Recorder {
        Recorder {
            stats: Mutex::default(),
            limits,
        }
    }

    fn lock(&self) -> MutexGuard<'_, NetStats> {
        // Every update leaves the stats consistent, so a panic elsewhere cannot corrupt them.
        self.stats.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(super) fn snapshot(&self) -> NetStats {
        self.lock().clone()
    }

    pub(super) fn deny(&self, url: &str, rule: &str) {
        tracing::info!(url, rule, "network access denied");
        self.lock().denied.push(DeniedRecord {
            url: url.to_owned(),
            rule: rule.to_owned(),
        });
    }

    /// Whether one more request sending `bytes_out` body bytes fits the run's limits, asked
    /// before resolving so that a run past its limits sends no DNS query either.
    pub(super) fn admit(&self, bytes_out: u64) -> Result<(), NetError> {
        self.fits(&self.lock(), bytes_out)
    }

    fn fits(&self, stats: &NetStats, bytes_out: u64) -> Result<(), NetError> {
        if stats.requests.len() as u64 >= self.limits.max_requests {
            return Err(NetError::LimitReached {
                what: "requests",
                limit: self.limits.max_requests,
            });
        }
        self.fits_out(stats, bytes_out)
    }

    fn fits_out(&self, stats: &NetStats, bytes_out: u64) -> Result<(), NetError> {
        if stats.bytes_out.saturating_add(bytes_out) > self.limits.max_bytes_out {
            return Err(NetError::LimitReached {
                what: "bytes_out",
                limit: self.limits.max_bytes_out,
            });
        }
        Ok(())
    }

    /// Opens the record of a hop that is about to send `bytes_out` body bytes, counting it
    /// against the run's request and upload limits.
    pub(super) fn begin(
        &self,
        method: &str,
        url: &str,
        bytes_out: u64,
    ) -> Result<RecordId, NetError> {
        let mut stats = self.lock();
        self.fits(&stats, bytes_out)?;
        stats.bytes_out += bytes_out;
        stats.requests.push(RequestRecord {
            method: method.to_owned(),
            url: url.to_owned(),
            status: None,
            bytes_in: 0,
            bytes_out,
            ms: 0,
            error: None,
        });
        Ok(RecordId(stats.requests.len() - 1))
    }

    pub(super) fn status(&self, id: RecordId, status: u16, ms: u64) {
        if let Some(record) = self.lock().requests.get_mut(id.0) {
            record.status = Some(status);
            record.ms = ms;
        }
    }

    /// Counts `n` more body bytes of a streamed upload, refused past the run's `bytes_out`.
    pub(super) fn sent(&self, id: RecordId, n: u64) -> Result<(), NetError> {
        let mut stats = self.lock();
        self.fits_out(&stats, n)?;
        stats.bytes_out += n;
        if let Some(record) = stats.requests.get_mut(id.0) {
            record.bytes_out += n;
        }
        Ok(())
    }

    /// Counts `n` body bytes received; past the run's limit they are counted, then refused.
    pub(super) fn received(&self, id: RecordId, n: u64) -> Result<(), NetError> {
        let mut stats = self.lock();
        stats.bytes_in = stats.bytes_in.saturating_add(n);
        let over = stats.bytes_in > self.limits.max_bytes_in;
        if let Some(record) = stats.requests.get_mut(id.0) {
            record.bytes_in += n;
        }
        if over {
            return Err(NetError::LimitReached {
                what: "bytes_in",
                limit: self.limits.max_bytes_in,
            });
        }
        Ok(())
    }

    /// Closes a hop's record: its duration, and the error that ended it, if any.
    pub(super) fn finish(&self, id: RecordId, ms: u64, error: Option<String>) {
        if let Some(record) = self.lock().requests.get_mut(id.0) {
            record.ms = ms;
            record.error = error;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_are_counted_and_bounded() {
        let rec = Recorder::new(NetLimits {
            max_requests: 2,
            max_bytes_out: 10,
            max_bytes_in: 100,
            ..NetLimits::default()
        });
        rec.admit(10).unwrap();
        let a = rec.begin("POST", "http://a.example/", 6).unwrap();
        assert!(rec.admit(5).is_err());
        assert_eq!(
            rec.begin("POST", "http://a.example/", 5).unwrap_err(),
            NetError::LimitReached {
                what: "bytes_out",
                limit: 10
            }
        );
        let b = rec.begin("GET", "http://b.example/", 0).unwrap();
        assert_eq!(
            rec.begin("GET", "http://c.example/", 0).unwrap_err().code(),
            "ERR_NETWORK_LIMIT"
        );
        rec.status(a, 200, 3);
        rec.received(a, 60).unwrap();
        assert!(rec.received(b, 41).is_err());
        rec.finish(b, 9, Some("ERR_NETWORK_LIMIT: over".into()));
        // A streamed upload counts as it goes, up to the same total.
        rec.sent(b, 4).unwrap();
        assert!(rec.sent(b, 1).is_err());
        rec.deny("http://127.0.0.1/", "loopback 127.0.0.0/8");

        let stats = rec.snapshot();
        assert_eq!((stats.bytes_in, stats.bytes_out), (101, 10));
        assert_eq!(stats.requests[1].bytes_out, 4);
        assert_eq!(stats.requests[0].status, Some(200));
        assert_eq!(stats.requests[0].bytes_in, 60);
        assert_eq!(stats.requests[1].bytes_in, 41);
        assert_eq!(stats.requests[1].ms, 9);
        let json = serde_json::to_value(&stats).unwrap();
        assert_eq!(
            json["requests"][0],
            serde_json::json!({
                "method": "POST", "url": "http://a.example/", "status": 200,
                "bytes_in": 60, "bytes_out": 6, "ms": 3, "error": null
            })
        );
        assert_eq!(
            json["denied"],
            serde_json::json!([{"url": "http://127.0.0.1/", "rule": "loopback 127.0.0.0/8"}])
        );
    }
}
