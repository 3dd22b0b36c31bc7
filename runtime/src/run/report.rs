//! What a run gives back (DESIGN §3): an outcome, the log, stats. Field names are stable.

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
    /// Konnector files whose bytecode came from the code cache instead of being compiled,
    /// and files compiled and stored in it.
    pub code_cache_hits: u64,
    pub code_cache_writes: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunReport {
    /// The run's id: the spec's, or one its host made up.
    pub id: String,
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
