//! The options that configure a [`HostConfig`], shared by `kvm run` (one run) and
//! `kvm worker` (every run of the worker): limits, the network's holes and limits, the
//! bytecode cache.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context as _, Result};

use super::args::time_limit;
use super::net_args::{NetLimitArgs, PolicyArgs};
use crate::code_cache::CodeCache;
use crate::host::HostConfig;
use crate::run::spec::Limits;

#[derive(Debug, Clone, clap::Args)]
pub struct HostArgs {
    /// Heap cap of the isolate in MiB
    ///
    /// Every byte the script's JavaScript holds counts. Past it the run ends with outcome
    /// out_of_memory and a critical MEMORY_LIMIT line (`kvm run` exits 4).
    #[arg(long, value_name = "MB", default_value_t = 512, value_parser = clap::value_parser!(u64).range(1..=65536))]
    pub max_heap: u64,

    /// Disk quota of the run's scratch folder in MiB
    ///
    /// The scratch folder (os.tmpdir() in the script) is the only place the script may write;
    /// it is removed when the run ends. Each file counts its bytes plus 4 KiB, each folder
    /// 4 KiB. Past the quota, writes fail with ENOSPC.
    #[arg(long, value_name = "MB", default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=1_048_576))]
    pub max_disk: u32,

    /// Deadline of the whole run in seconds [default: COZY_TIME_LIMIT, else 300]
    ///
    /// Counts waiting too (timers, network). Past it the run ends with outcome timeout and a
    /// critical TIMEOUT line (`kvm run` exits 3). A script listening for SIGTERM gets it a
    /// tenth of the time (at most 2 s) before the deadline.
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<f64>,

    /// Folder of the bytecode cache [default: $XDG_CACHE_HOME/kvm, else ~/.cache/kvm]
    ///
    /// The first run of a large konnector file (64 KiB or more) stores its compiled
    /// bytecode there, later runs read it instead of parsing. Only kvm writes it; entries
    /// are checked before use. It must not overlap the konnector's folder.
    #[arg(long, value_name = "DIR", conflicts_with = "no_cache")]
    pub cache_dir: Option<PathBuf>,

    /// Compile the konnector's code on every run, without the bytecode cache
    #[arg(long)]
    pub no_cache: bool,

    #[command(flatten)]
    pub policy: PolicyArgs,

    #[command(flatten)]
    pub net_limits: NetLimitArgs,
}

impl HostArgs {
    /// A host running at most `concurrency` runs at once with the limits, the network
    /// policy and the code cache the options give.
    pub fn to_host_config(&self, concurrency: usize) -> Result<HostConfig> {
        let timeout = match (self.timeout, time_limit()?) {
            (Some(t), _) if t.is_finite() && t > 0.0 => Duration::try_from_secs_f64(t)
                .with_context(|| format!("--timeout: {t} seconds is too long"))?,
            (Some(t), _) => bail!("--timeout: must be a positive number of seconds, got {t}"),
            (None, Some(limit)) => Duration::from_secs(limit),
            (None, None) => Limits::DEFAULT_TIMEOUT,
        };
        let limits = Limits {
            max_heap_bytes: (self.max_heap as usize) * 1024 * 1024,
            max_disk_bytes: u64::from(self.max_disk) * 1024 * 1024,
            timeout,
            ..Limits::default()
        };
        limits
            .check()
            .map_err(|e| anyhow::anyhow!("--timeout / COZY_TIME_LIMIT: {e}"))?;
        Ok(HostConfig {
            limits,
            net: self.policy.config(self.net_limits.limits()?),
            concurrency,
            code_cache: self.code_cache()?,
            ..HostConfig::default()
        })
    }

    /// The cache `--cache-dir` names (it must open), else the user's default one (without
    /// it the runs go on uncached, with a warning).
    fn code_cache(&self) -> Result<Option<Arc<CodeCache>>> {
        if self.no_cache {
            return Ok(None);
        }
        if let Some(dir) = &self.cache_dir {
            let cache = CodeCache::open(dir).context("--cache-dir")?;
            return Ok(Some(Arc::new(cache)));
        }
        let Some(dir) = CodeCache::default_dir() else {
            return Ok(None);
        };
        match CodeCache::open(dir) {
            Ok(cache) => Ok(Some(Arc::new(cache))),
            Err(e) => {
                eprintln!("kvm: warning: {e}; running without it (--no-cache silences this)");
                Ok(None)
            }
        }
    }
}
