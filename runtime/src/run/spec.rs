//! What a run is given (DESIGN §3): the konnector, the Cozy job environment, the limits
//! that override its host's defaults, the network holes it adds, where saved data goes.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

use crate::net::{ConnectTo, NetConfig, ResolveOverride};

/// A string that must never reach a log: `Debug` prints `"<redacted>"`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"<redacted>\"")
    }
}

/// The Cozy job environment, typed; [`JobEnv::vars`] gives the `COZY_*` variables the
/// script sees as `process.env` (and nothing else of the host's environment).
#[derive(Debug, Clone, Default)]
pub struct JobEnv {
    pub cozy_url: Option<String>,
    pub credentials: Option<Secret>,
    pub fields: Option<Value>,
    pub parameters: Option<Value>,
    pub payload: Option<Value>,
    pub language: Option<String>,
    pub locale: Option<String>,
    pub time_limit: Option<u64>,
    pub job_id: Option<String>,
    pub trigger_id: Option<String>,
    pub manual_execution: Option<bool>,
}

impl JobEnv {
    pub fn vars(&self) -> Vec<(&'static str, String)> {
        let json = |v: &Option<Value>| v.as_ref().map(Value::to_string);
        [
            ("COZY_URL", self.cozy_url.clone()),
            (
                "COZY_CREDENTIALS",
                self.credentials.as_ref().map(|s| s.0.clone()),
            ),
            ("COZY_FIELDS", json(&self.fields)),
            ("COZY_PARAMETERS", json(&self.parameters)),
            ("COZY_PAYLOAD", json(&self.payload)),
            ("COZY_LANGUAGE", self.language.clone()),
            ("COZY_LOCALE", self.locale.clone()),
            ("COZY_TIME_LIMIT", self.time_limit.map(|t| t.to_string())),
            ("COZY_JOB_ID", self.job_id.clone()),
            ("COZY_TRIGGER_ID", self.trigger_id.clone()),
            (
                "COZY_JOB_MANUAL_EXECUTION",
                self.manual_execution.map(|b| b.to_string()),
            ),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect()
    }
}

/// Bounds of one run (DESIGN §5).
#[derive(Debug, Clone)]
pub struct Limits {
    /// Cap of the isolate's allocator.
    pub max_heap_bytes: usize,
    /// Wall-clock deadline of the whole run, waiting included.
    pub timeout: Duration,
    /// Cap of the JS stack; deeper recursion is a catchable `RangeError`.
    pub max_stack_bytes: usize,
    /// Bytes of log messages kept and forwarded; past it records are dropped and counted.
    pub max_log_bytes: usize,
    /// What the run's scratch folder (`os.tmpdir()`) may hold; past it writes fail `ENOSPC`.
    pub max_disk_bytes: u64,
}

impl Limits {
    pub const DEFAULT_MAX_HEAP_BYTES: usize = 512 * 1024 * 1024;
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(300);
    pub const DEFAULT_MAX_DISK_BYTES: u64 = 100 * 1024 * 1024;
    /// Bounds of the JS stack cap: QuickJS takes 0 for "no limit" (recursion would then
    /// overflow the run's thread and abort the process), and the thread's own stack is
    /// sized from it.
    pub const STACK_BYTES: std::ops::RangeInclusive<usize> = 64 * 1024..=64 * 1024 * 1024;
    /// The longest deadline: a week is longer than any job, and far from `Instant`'s end.
    pub const MAX_TIMEOUT: Duration = Duration::from_secs(7 * 24 * 3600);

    /// Whether a run can be held to these limits; the error names the one that cannot.
    pub fn check(&self) -> Result<(), String> {
        if !Self::STACK_BYTES.contains(&self.max_stack_bytes) {
            return Err(format!(
                "max_stack_bytes must be between {} and {}, got {}",
                Self::STACK_BYTES.start(),
                Self::STACK_BYTES.end(),
                self.max_stack_bytes
            ));
        }
        if self.timeout.is_zero() || self.timeout > Self::MAX_TIMEOUT {
            return Err(format!(
                "timeout must be more than 0 and at most {} s, got {} ms",
                Self::MAX_TIMEOUT.as_secs(),
                self.timeout.as_millis()
            ));
        }
        Ok(())
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_heap_bytes: Self::DEFAULT_MAX_HEAP_BYTES,
            timeout: Self::DEFAULT_TIMEOUT,
            max_stack_bytes: 1024 * 1024,
            max_log_bytes: 16 * 1024 * 1024,
            max_disk_bytes: Self::DEFAULT_MAX_DISK_BYTES,
        }
    }
}

/// The limits one run sets for itself; the others are its host's defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LimitOverrides {
    pub max_heap_bytes: Option<usize>,
    pub timeout: Option<Duration>,
    pub max_stack_bytes: Option<usize>,
    pub max_log_bytes: Option<usize>,
    pub max_disk_bytes: Option<u64>,
}

impl LimitOverrides {
    /// `defaults` with this run's overrides applied.
    pub fn apply(&self, defaults: &Limits) -> Limits {
        Limits {
            max_heap_bytes: self.max_heap_bytes.unwrap_or(defaults.max_heap_bytes),
            timeout: self.timeout.unwrap_or(defaults.timeout),
            max_stack_bytes: self.max_stack_bytes.unwrap_or(defaults.max_stack_bytes),
            max_log_bytes: self.max_log_bytes.unwrap_or(defaults.max_log_bytes),
            max_disk_bytes: self.max_disk_bytes.unwrap_or(defaults.max_disk_bytes),
        }
    }
}

/// Network holes and name overrides one run adds to its host's (DESIGN §4.6): for tests
/// and development against a local copy of a vendor site. Each allowed address is logged.
#[derive(Debug, Clone, Default)]
pub struct NetAdditions {
    /// Exact `addr:port` the policy would refuse but this run may reach.
    pub allow: Vec<SocketAddr>,
    /// `--resolve HOST:PORT:ADDR`: names answered without DNS (the address is still checked).
    pub resolve: Vec<ResolveOverride>,
    /// `--connect-to HOST:PORT:HOST2:PORT2`: where connections for an origin go instead.
    pub connect_to: Vec<ConnectTo>,
}

impl NetAdditions {
    /// Opens these holes in `config`; its overrides come first, since the first match wins.
    pub fn add_to(&self, config: &mut NetConfig) {
        for addr in &self.allow {
            config.allow.allow_socket(*addr);
        }
        config.resolve.splice(0..0, self.resolve.iter().cloned());
        config
            .connect_to
            .splice(0..0, self.connect_to.iter().cloned());
    }
}

/// What becomes of the run's exchanges with everything but the stack's origin (issue 6).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Traffic {
    /// Sent to the network, and that is all.
    #[default]
    Live,
    /// Sent, and written to a HAR 1.2 file when the run ends, secrets redacted: the
    /// account fields' values, credentials and cookies, and the values under `redact`
    /// (header, query, form or JSON names).
    Record { har: PathBuf, redact: Vec<String> },
    /// Answered from a HAR file recorded so; nothing is sent.
    Replay { har: PathBuf },
}

/// Where the konnector's saved data goes (DESIGN §6).
#[derive(Debug, Clone, Default)]
pub enum Backend {
    /// The stack at `env.cozy_url`, reached with `env.credentials`, what production does.
    #[default]
    Stack,
    /// The local Cozy over a folder, answered in-process; the run sets `COZY_URL`,
    /// `COZY_CREDENTIALS` and, for a konnector, `COZY_FIELDS`.
    Local(LocalBackend),
}

#[derive(Debug, Clone)]
pub struct LocalBackend {
    /// The folder saved data goes to, made at the first write.
    pub dir: PathBuf,
    /// The instance URL the local Cozy answers for (`COZY_URL`).
    pub url: String,
    /// For a real konnector: the account and the folder to save to are made before it
    /// starts, as the stack does. `None` for a bare script.
    pub job: Option<crate::cozy::KonnectorJob>,
}

impl LocalBackend {
    /// The URL a local Cozy answers for unless told otherwise; never resolved or dialled.
    pub const DEFAULT_URL: &'static str = "http://cozy.localhost:8080/";
}

/// The konnector a run starts.
#[derive(Debug, Clone)]
pub enum KonnectorInput {
    /// A script (`.js`, `.cjs`, `.mjs`), a folder (package.json `main`, else `index.js`) or
    /// a `.tar.gz` of such a folder.
    Path(PathBuf),
    /// A `.tar.gz` of a konnector folder, already in memory (as the stack keeps them);
    /// `name` stands for its path in errors and stack traces.
    Tarball { name: String, bytes: Arc<[u8]> },
}

#[derive(Debug, Clone)]
pub struct RunSpec {
    /// Names the run in its log events and report (the stack's job id, say); the host
    /// makes one up when `None`.
    pub id: Option<String>,
    pub konnector: KonnectorInput,
    /// Arguments after the script, seen as `process.argv.slice(2)`.
    pub args: Vec<String>,
    pub env: JobEnv,
    /// Overrides of the host's default limits.
    pub limits: LimitOverrides,
    /// Holes added to the host's network policy; the run adds the stack's origin from
    /// `env.cozy_url` itself.
    pub net: NetAdditions,
    pub backend: Backend,
    /// Whether the run's vendor traffic is live, recorded or replayed.
    pub traffic: Traffic,
    /// Keep `COZY_CREDENTIALS` out of the isolate whatever the konnector's code looks like:
    /// the host's own guarantee for a konnector it knows runs on kvm's cozy-konnector-libs.
    /// Otherwise the konnector's main module decides (a hostile one can choose to get the
    /// token, as any bundle gets it).
    pub withhold_token: bool,
}

impl RunSpec {
    /// A run of the konnector at `path` with no job environment, the host's limits and
    /// no network holes.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        RunSpec {
            id: None,
            konnector: KonnectorInput::Path(path.into()),
            args: Vec::new(),
            env: JobEnv::default(),
            limits: LimitOverrides::default(),
            net: NetAdditions::default(),
            backend: Backend::Stack,
            traffic: Traffic::Live,
            withhold_token: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_replace_only_what_they_set() {
        let defaults = Limits::default();
        let limits = LimitOverrides {
            timeout: Some(Duration::from_secs(7)),
            ..LimitOverrides::default()
        }
        .apply(&defaults);
        assert_eq!(limits.timeout, Duration::from_secs(7));
        assert_eq!(limits.max_heap_bytes, defaults.max_heap_bytes);
        assert_eq!(limits.max_disk_bytes, defaults.max_disk_bytes);
    }

    #[test]
    fn limits_that_would_crash_the_host_are_refused() {
        let with = |overrides: LimitOverrides| overrides.apply(&Limits::default()).check();
        assert!(with(LimitOverrides::default()).is_ok());
        let no_stack_cap = with(LimitOverrides {
            max_stack_bytes: Some(0),
            ..LimitOverrides::default()
        });
        assert!(no_stack_cap
            .unwrap_err()
            .starts_with("max_stack_bytes must be"));
        let forever = with(LimitOverrides {
            timeout: Some(Duration::MAX),
            ..LimitOverrides::default()
        });
        assert!(forever.unwrap_err().starts_with("timeout must be"));
    }

    #[test]
    fn vars_hold_only_what_is_set_and_secrets_stay_out_of_debug() {
        let env = JobEnv {
            credentials: Some(Secret("tok".into())),
            fields: Some(serde_json::json!({"login": "a"})),
            manual_execution: Some(true),
            ..JobEnv::default()
        };
        assert_eq!(
            env.vars(),
            [
                ("COZY_CREDENTIALS", "tok".to_string()),
                ("COZY_FIELDS", r#"{"login":"a"}"#.to_string()),
                ("COZY_JOB_MANUAL_EXECUTION", "true".to_string()),
            ]
        );
        assert!(!format!("{env:?}").contains("tok"));
    }
}
