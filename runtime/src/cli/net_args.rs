//! Network options shared by `kvm run` and `kvm policy check` (DESIGN §4.6): the only holes
//! in the policy, each explicit and narrow, and the per-run network limits.

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::{Context as _, Result};

use crate::net::{ConnectTo, NetConfig, NetLimits, ResolveOverride};
use crate::run::spec::NetAdditions;

#[derive(Debug, Clone, clap::Args)]
pub struct PolicyArgs {
    /// Allow one exact address and port, e.g. a mock server on loopback (repeatable)
    ///
    /// Lifts the address rules for ADDR:PORT only; scheme, userinfo and forbidden-port rules
    /// still apply. Each use is logged.
    #[arg(long = "allow", value_name = "ADDR:PORT")]
    pub allow: Vec<SocketAddr>,

    /// Answer HOST on PORT with these addresses instead of DNS, like curl (repeatable)
    ///
    /// The addresses are still checked by the policy unless also allowed with --allow.
    #[arg(long = "resolve", value_name = "HOST:PORT:ADDR[,ADDR...]")]
    pub resolve: Vec<ResolveOverride>,

    /// Send connections for HOST:PORT to ADDR:PORT2, like curl (repeatable)
    ///
    /// TLS still names and verifies HOST. The target is still checked by the policy unless
    /// also allowed with --allow.
    #[arg(long = "connect-to", value_name = "HOST:PORT:ADDR:PORT2")]
    pub connect_to: Vec<ConnectTo>,
}

#[derive(Debug, Clone, clap::Args)]
pub struct NetLimitArgs {
    /// Largest response body in MiB, counted after decompression [default: 100]
    #[arg(long, value_name = "MB")]
    pub max_response: Option<u64>,

    /// Seconds to wait for a response's headers, then for each body read [default: 60]
    #[arg(long, value_name = "SECONDS")]
    pub request_timeout: Option<f64>,

    /// Seconds to wait for a connection (TCP and TLS) to each address [default: 10]
    #[arg(long, value_name = "SECONDS")]
    pub connect_timeout: Option<f64>,

    /// Requests waiting for their response headers at once; more wait their turn [default: 16]
    #[arg(long, value_name = "N")]
    pub max_concurrent_requests: Option<usize>,

    /// Requests in the whole run, each redirect hop counting [default: 10000]
    #[arg(long, value_name = "N")]
    pub max_requests: Option<u64>,

    /// MiB of response bodies the run may receive [default: 1024]
    #[arg(long, value_name = "MB")]
    pub max_bytes_in: Option<u64>,

    /// MiB of request bodies the run may send [default: 256]
    #[arg(long, value_name = "MB")]
    pub max_bytes_out: Option<u64>,
}

const MIB: u64 = 1024 * 1024;

fn seconds(option: &str, value: f64) -> Result<Duration> {
    Duration::try_from_secs_f64(value)
        .ok()
        .filter(|d| !d.is_zero())
        .with_context(|| format!("{option}: must be a positive number of seconds, got {value}"))
}

impl NetLimitArgs {
    pub fn limits(&self) -> Result<NetLimits> {
        let mut limits = NetLimits::default();
        if let Some(mb) = self.max_response {
            limits.max_response_bytes = mb * MIB;
        }
        if let Some(s) = self.request_timeout {
            limits.request_timeout = seconds("--request-timeout", s)?;
        }
        if let Some(s) = self.connect_timeout {
            limits.connect_timeout = seconds("--connect-timeout", s)?;
        }
        if let Some(n) = self.max_concurrent_requests {
            limits.max_concurrent = n;
        }
        if let Some(n) = self.max_requests {
            limits.max_requests = n;
        }
        if let Some(mb) = self.max_bytes_in {
            limits.max_bytes_in = mb * MIB;
        }
        if let Some(mb) = self.max_bytes_out {
            limits.max_bytes_out = mb * MIB;
        }
        Ok(limits)
    }
}

impl PolicyArgs {
    /// The network configuration; the run adds the stack's origin from `COZY_URL` itself.
    pub fn config(&self, limits: NetLimits) -> NetConfig {
        let mut config = NetConfig {
            limits,
            ..NetConfig::default()
        };
        NetAdditions {
            allow: self.allow.clone(),
            resolve: self.resolve.clone(),
            connect_to: self.connect_to.clone(),
        }
        .add_to(&mut config);
        config
    }
}
