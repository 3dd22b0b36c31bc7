//! What a run gives back (DESIGN §3): an outcome, the log, stats. Field names are stable.

use std::time::{Duration, Instant, SystemTime};

use serde::{Deserialize, Serialize};

use crate::net::{DeniedRecord, RequestRecord};
use crate::protocol::LogRecord;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Success,
    Failed,
    Timeout,
    OutOfMemory,
    /// Its host cancelled it.
    Cancelled,
    Crashed,
}

impl Outcome {
    /// Exit status of the `kvm` command for this outcome.
    pub fn exit_status(self) -> u8 {
        match self {
            Outcome::Success => 0,
            Outcome::Failed | Outcome::Crashed | Outcome::Cancelled => 1,
            Outcome::Timeout => 3,
            Outcome::OutOfMemory => 4,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    pub wall_ms: u64,
    /// CPU time (user and system) of the run's own thread, which runs the isolate, its event
    /// loop and every task of its current-thread tokio runtime: the script, the ops, DNS
    /// lookups, TLS, HTTP, body decoding, the local Cozy's answers, the log sink's calls.
    /// Not counted: the host's side before and after that thread (queueing, creating and
    /// removing the scratch folder) and whatever the kernel does outside the thread's time
    /// (e.g. writing back file pages). 0 when the run never started or its thread panicked.
    pub cpu_ms: u64,
    /// Highest number of bytes the isolate's allocator held at once.
    pub peak_heap_bytes: u64,
    /// Log records dropped past the log budget.
    pub logs_dropped: u64,
    /// Requests sent (each redirect hop counts), and refused by the network policy.
    pub requests: u64,
    pub denied: u64,
    /// Response body bytes received (before decoding) and request body bytes sent.
    pub bytes_in: u64,
    pub bytes_out: u64,
    /// Distinct files the run created, truncated or wrote bytes to: in its scratch folder
    /// (each counts once however often it is written; one removed and made again counts
    /// again) and, in local mode, in the local Cozy (each file id uploaded or replaced
    /// counts once). Folders, and documents under `/data`, are not files.
    pub files_written: u64,
    /// The most the scratch folder held at once, as its quota (`max_disk_bytes`) counts:
    /// each file's length plus 4 KiB for every file and folder; plus, in local mode, the
    /// size of each file saved into the local Cozy as last written.
    pub disk_bytes: u64,
    /// Konnector files whose bytecode came from the code cache instead of being compiled,
    /// and files compiled and stored in it.
    pub code_cache_hits: u64,
    pub code_cache_writes: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunReport {
    /// The run's id: the spec's, or one its host made up.
    pub id: String,
    /// When the run left its host's queue, and when it ended: RFC 3339 in UTC with
    /// milliseconds. `ended_at` is `started_at` plus `stats.wall_ms` on the monotonic clock,
    /// so the two agree even if the system clock steps during the run.
    pub started_at: String,
    pub ended_at: String,
    pub outcome: Outcome,
    /// The konnector's slug and name from its `manifest.konnector`, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub konnector: Option<crate::run::konnector::Manifest>,
    /// The job's error as the stack reads it: last `critical` message, else last `error`.
    pub error: Option<String>,
    /// The script's exit code (`process.exit(n)`, `process.exitCode`, 1 when it threw).
    pub exit_code: i32,
    pub logs: Vec<LogRecord>,
    pub stats: Stats,
    /// Every request, one per redirect hop: method, url, status, bytes, ms.
    pub requests: Vec<RequestRecord>,
    /// Every destination the network policy refused, with its rule.
    pub denied: Vec<DeniedRecord>,
}

/// When a run started: on the monotonic clock, which times it, and on the system clock,
/// which dates it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Start {
    instant: Instant,
    at: SystemTime,
}

impl Start {
    pub fn now() -> Start {
        Start {
            instant: Instant::now(),
            at: SystemTime::now(),
        }
    }

    pub fn instant(&self) -> Instant {
        self.instant
    }

    /// `started_at` and `ended_at` of a run that took `wall`.
    pub fn dates(&self, wall: Duration) -> (String, String) {
        (rfc3339(self.at), rfc3339(self.at + wall))
    }
}

/// `2026-01-31T09:05:03.042Z`: RFC 3339, UTC, milliseconds.
fn rfc3339(time: SystemTime) -> String {
    let format = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
    );
    time::OffsetDateTime::from(time)
        .format(&format)
        .expect("a date of the system clock formats")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_rfc3339_utc_with_milliseconds_and_wall_apart() {
        let start = Start {
            instant: Instant::now(),
            at: SystemTime::UNIX_EPOCH + Duration::from_millis(1_767_225_903_042),
        };
        let (started, ended) = start.dates(Duration::from_millis(1_234));
        assert_eq!(started, "2026-01-01T00:05:03.042Z");
        assert_eq!(ended, "2026-01-01T00:05:04.276Z");
    }
}
