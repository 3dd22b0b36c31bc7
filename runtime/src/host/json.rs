//! The JSON forms of a host's configuration and of a run request, shared by the C ABI and
//! `kvm worker` (README "Embedding"): what a non-Rust host (the Go stack) sends. Unknown
//! fields are refused so a misspelt limit is an error, not a silently ignored one.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use serde::Deserialize;
use serde_json::Value;

use super::HostConfig;
use crate::code_cache::CodeCache;
use crate::net::{ConnectTo, NetConfig, ResolveOverride};
use crate::run::spec::{
    Backend, JobEnv, KonnectorInput, LimitOverrides, Limits, NetAdditions, RunSpec, Secret,
};

/// A request that cannot become a run or a host, with what is wrong in it.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct RequestError(String);

/// `{"concurrency", "limits": {...}, "allow": [...], "resolve": [...], "connect_to": [...],
/// "scratch_root", "cache_dir"}`, every field optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HostConfigJson {
    /// [`HostConfig::concurrency`], at least 1.
    pub concurrency: Option<usize>,
    /// Every run's limits; those not given are [`Limits::default`]'s.
    #[serde(default)]
    pub limits: LimitsJson,
    /// `ADDR:PORT` every run may reach although the policy refuses it.
    #[serde(default)]
    pub allow: Vec<String>,
    /// `HOST:PORT:ADDR`: names every run resolves without DNS.
    #[serde(default)]
    pub resolve: Vec<String>,
    /// `HOST:PORT:HOST2:PORT2`: where every run's connections to an origin go instead.
    #[serde(default)]
    pub connect_to: Vec<String>,
    /// [`HostConfig::scratch_root`]; the system's temporary folder when absent.
    pub scratch_root: Option<PathBuf>,
    /// The bytecode cache's folder; none means no cache.
    pub cache_dir: Option<PathBuf>,
}

/// Limits in plain units; each field optional.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsJson {
    /// [`Limits::timeout`], in milliseconds.
    pub timeout_ms: Option<u64>,
    /// [`Limits::max_heap_bytes`].
    pub max_heap_bytes: Option<usize>,
    /// [`Limits::max_stack_bytes`].
    pub max_stack_bytes: Option<usize>,
    /// [`Limits::max_log_bytes`].
    pub max_log_bytes: Option<usize>,
    /// [`Limits::max_disk_bytes`].
    pub max_disk_bytes: Option<u64>,
}

/// `{"id", "konnector", "env": {"COZY_URL": ..., ...}, "limits": {...}, "allow": [...],
/// "resolve": [...], "connect_to": [...], "args": [...]}`. `konnector` is a path, or
/// `{"tarball": "<base64 of a .tar.gz>", "name": "..."}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunRequest {
    /// [`RunSpec::id`]: the host makes one up when absent.
    pub id: Option<String>,
    /// What to run.
    pub konnector: KonnectorJson,
    /// The `COZY_*` variables, as the stack sets them; others are refused.
    #[serde(default)]
    pub env: BTreeMap<String, Value>,
    /// This run's limits over its host's.
    #[serde(default)]
    pub limits: LimitsJson,
    /// `ADDR:PORT` this run may reach although the policy refuses it.
    #[serde(default)]
    pub allow: Vec<String>,
    /// `HOST:PORT:ADDR`: names this run resolves without DNS.
    #[serde(default)]
    pub resolve: Vec<String>,
    /// `HOST:PORT:HOST2:PORT2`: where this run's connections to an origin go instead.
    #[serde(default)]
    pub connect_to: Vec<String>,
    /// `process.argv.slice(2)`.
    #[serde(default)]
    pub args: Vec<String>,
    /// [`RunSpec::withhold_token`].
    #[serde(default)]
    pub withhold_token: bool,
}

/// The konnector of a [`RunRequest`].
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum KonnectorJson {
    /// A script, a folder or a `.tar.gz`, as [`KonnectorInput::Path`].
    Path(PathBuf),
    /// A `.tar.gz` in memory, as [`KonnectorInput::Tarball`].
    Tarball {
        /// The archive's bytes in base64.
        tarball: String,
        /// Stands for its path in errors and stack traces.
        name: Option<String>,
    },
}

impl LimitsJson {
    /// The limits given, over whatever defaults they are applied to.
    pub fn overrides(&self) -> LimitOverrides {
        LimitOverrides {
            max_heap_bytes: self.max_heap_bytes,
            timeout: self.timeout_ms.map(Duration::from_millis),
            max_stack_bytes: self.max_stack_bytes,
            max_log_bytes: self.max_log_bytes,
            max_disk_bytes: self.max_disk_bytes,
        }
    }
}

impl HostConfigJson {
    /// The host configuration `json` describes.
    pub fn parse(json: &str) -> Result<HostConfig, RequestError> {
        let config: HostConfigJson = serde_json::from_str(json)
            .map_err(|e| RequestError(format!("host config: invalid JSON: {e}")))?;
        config.into_config()
    }

    /// Checks the addresses and opens the cache folder.
    pub fn into_config(self) -> Result<HostConfig, RequestError> {
        let defaults = HostConfig::default();
        let mut net = NetConfig::default();
        additions(&self.allow, &self.resolve, &self.connect_to)?.add_to(&mut net);
        let code_cache = match self.cache_dir {
            Some(dir) => Some(Arc::new(CodeCache::open(&dir).map_err(|e| {
                RequestError(format!("host config: cache_dir {}: {e}", dir.display()))
            })?)),
            None => None,
        };
        if self.concurrency == Some(0) {
            return Err(RequestError(
                "host config: concurrency must be at least 1".into(),
            ));
        }
        let limits = self.limits.overrides().apply(&Limits::default());
        limits
            .check()
            .map_err(|e| RequestError(format!("host config: limits: {e}")))?;
        Ok(HostConfig {
            limits,
            net,
            concurrency: self.concurrency.unwrap_or(defaults.concurrency),
            scratch_root: self.scratch_root.unwrap_or(defaults.scratch_root),
            code_cache,
        })
    }
}

impl RunRequest {
    /// The run `json` describes.
    pub fn parse(json: &str) -> Result<RunSpec, RequestError> {
        let request: RunRequest = serde_json::from_str(json)
            .map_err(|e| RequestError(format!("run request: invalid JSON: {e}")))?;
        request.into_spec()
    }

    /// Checks the addresses, decodes the tarball and types the environment.
    pub fn into_spec(self) -> Result<RunSpec, RequestError> {
        let konnector = match self.konnector {
            KonnectorJson::Path(path) => KonnectorInput::Path(path),
            KonnectorJson::Tarball { tarball, name } => {
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(tarball.as_bytes())
                    .map_err(|e| RequestError(format!("konnector.tarball: not base64: {e}")))?;
                KonnectorInput::Tarball {
                    name: name.unwrap_or_else(|| "konnector.tar.gz".into()),
                    bytes: bytes.into(),
                }
            }
        };
        let env = job_env(&self.env)?;
        let mut limits = self.limits.overrides();
        // As the CLI does: the stack's time limit for the job is the run's deadline
        // unless the request sets one.
        if limits.timeout.is_none() {
            limits.timeout = env.time_limit.map(Duration::from_secs);
        }
        limits
            .apply(&Limits::default())
            .check()
            .map_err(|e| RequestError(format!("run request: limits: {e}")))?;
        Ok(RunSpec {
            id: self.id,
            konnector,
            args: self.args,
            env,
            limits,
            net: additions(&self.allow, &self.resolve, &self.connect_to)?,
            backend: Backend::Stack,
            traffic: Default::default(),
            withhold_token: self.withhold_token,
        })
    }
}

fn additions(
    allow: &[String],
    resolve: &[String],
    connect_to: &[String],
) -> Result<NetAdditions, RequestError> {
    let allow = allow
        .iter()
        .map(|a| {
            a.parse::<SocketAddr>()
                .map_err(|_| RequestError(format!("allow: expected ADDR:PORT, got {a:?}")))
        })
        .collect::<Result<_, _>>()?;
    let resolve = resolve
        .iter()
        .map(|r| r.parse::<ResolveOverride>())
        .collect::<Result<_, _>>()
        .map_err(|e| RequestError(format!("resolve: {}", e.message)))?;
    let connect_to = connect_to
        .iter()
        .map(|c| c.parse::<ConnectTo>())
        .collect::<Result<_, _>>()
        .map_err(|e| RequestError(format!("connect_to: {}", e.message)))?;
    Ok(NetAdditions {
        allow,
        resolve,
        connect_to,
    })
}

/// The `COZY_*` variables as the stack sets them (strings; the JSON ones may also be
/// given as JSON values).
fn job_env(vars: &BTreeMap<String, Value>) -> Result<JobEnv, RequestError> {
    let mut env = JobEnv::default();
    for (name, value) in vars {
        let text = || match value {
            Value::String(s) => Ok(s.clone()),
            Value::Bool(_) | Value::Number(_) => Ok(value.to_string()),
            _ => Err(RequestError(format!("env.{name}: expected a string"))),
        };
        let json = || match value {
            Value::String(s) => serde_json::from_str(s)
                .map_err(|e| RequestError(format!("env.{name}: invalid JSON: {e}"))),
            other => Ok(other.clone()),
        };
        match name.as_str() {
            "COZY_URL" => env.cozy_url = Some(text()?),
            "COZY_CREDENTIALS" => env.credentials = Some(Secret(text()?)),
            "COZY_FIELDS" => env.fields = Some(json()?),
            "COZY_PARAMETERS" => env.parameters = Some(json()?),
            "COZY_PAYLOAD" => env.payload = Some(json()?),
            "COZY_LANGUAGE" => env.language = Some(text()?),
            "COZY_LOCALE" => env.locale = Some(text()?),
            "COZY_TIME_LIMIT" => {
                env.time_limit = Some(text()?.parse().map_err(|_| {
                    RequestError(format!("env.{name}: expected a number of seconds"))
                })?)
            }
            "COZY_JOB_ID" => env.job_id = Some(text()?),
            "COZY_TRIGGER_ID" => env.trigger_id = Some(text()?),
            "COZY_JOB_MANUAL_EXECUTION" => env.manual_execution = Some(text()? == "true"),
            other => {
                return Err(RequestError(format!(
                    "env.{other}: not a Cozy job variable (COZY_URL, COZY_CREDENTIALS, \
                     COZY_FIELDS, COZY_PARAMETERS, COZY_PAYLOAD, COZY_LANGUAGE, COZY_LOCALE, \
                     COZY_TIME_LIMIT, COZY_JOB_ID, COZY_TRIGGER_ID, COZY_JOB_MANUAL_EXECUTION)"
                )))
            }
        }
    }
    Ok(env)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_request_becomes_a_spec() {
        let spec = RunRequest::parse(
            r#"{"id": "j1", "konnector": "/k/index.js",
                "env": {"COZY_URL": "https://a.mycozy.cloud/", "COZY_FIELDS": "{\"login\":\"x\"}",
                        "COZY_PARAMETERS": {"p": 1}, "COZY_TIME_LIMIT": "30",
                        "COZY_JOB_MANUAL_EXECUTION": "true"},
                "limits": {"timeout_ms": 1500},
                "allow": ["127.0.0.1:9000"], "resolve": ["vendor.example:443:127.0.0.1"],
                "withhold_token": true}"#,
        )
        .unwrap();
        assert!(spec.withhold_token);
        assert_eq!(spec.id.as_deref(), Some("j1"));
        assert!(
            matches!(&spec.konnector, KonnectorInput::Path(p) if p.as_os_str() == "/k/index.js")
        );
        assert_eq!(spec.env.fields.unwrap()["login"], "x");
        assert_eq!(spec.env.parameters.unwrap()["p"], 1);
        assert_eq!(spec.env.time_limit, Some(30));
        assert_eq!(spec.env.manual_execution, Some(true));
        assert_eq!(spec.limits.timeout, Some(Duration::from_millis(1500)));
        let stack_limit =
            RunRequest::parse(r#"{"konnector": "k", "env": {"COZY_TIME_LIMIT": "900"}}"#).unwrap();
        assert_eq!(stack_limit.limits.timeout, Some(Duration::from_secs(900)));
        assert!(
            !stack_limit.withhold_token,
            "the konnector decides by default"
        );
        assert_eq!(spec.net.allow, ["127.0.0.1:9000".parse().unwrap()]);
        assert_eq!(spec.net.resolve[0].host, "vendor.example");
    }

    #[test]
    fn mistakes_are_named() {
        let error = |json: &str| RunRequest::parse(json).unwrap_err().to_string();
        assert!(error("{").contains("invalid JSON"));
        assert!(error(r#"{"konnector": "k", "limits": {"timeout": 3}}"#).contains("timeout"));
        assert!(error(r#"{"konnector": "k", "env": {"HOME": "/"}}"#)
            .contains("env.HOME: not a Cozy job variable"));
        assert!(error(r#"{"konnector": "k", "allow": ["localhost"]}"#)
            .contains("allow: expected ADDR:PORT"));
        assert!(error(r#"{"konnector": {"tarball": "%%"}}"#).contains("not base64"));
        assert!(
            error(r#"{"konnector": "k", "limits": {"max_stack_bytes": 0}}"#)
                .contains("limits: max_stack_bytes must be between")
        );
        assert!(HostConfigJson::parse(r#"{"concurrency": 0}"#)
            .unwrap_err()
            .to_string()
            .contains("at least 1"));
    }

    #[test]
    fn a_host_config_sets_defaults_for_every_run() {
        let config = HostConfigJson::parse(
            r#"{"concurrency": 3, "limits": {"max_heap_bytes": 1048576}, "allow": ["127.0.0.1:1"]}"#,
        )
        .unwrap();
        assert_eq!(config.concurrency, 3);
        assert_eq!(config.limits.max_heap_bytes, 1 << 20);
        assert_eq!(config.limits.timeout, Limits::DEFAULT_TIMEOUT);
        assert_eq!(config.net.allow.sockets(), ["127.0.0.1:1".parse().unwrap()]);
    }
}
