//! `kvm policy check URL...`: what a konnector may reach, resolved as a run would, without
//! sending anything. For operators (DESIGN §4).

use std::process::ExitCode;

use anyhow::{Context as _, Result};

use super::net_args::PolicyArgs;
use crate::net::{NetLimits, Network};

/// Exit status when any URL is denied (the same as a run's policy failure class).
const DENIED: u8 = 3;

pub fn check(urls: &[String], cozy_url: Option<&str>, policy: &PolicyArgs) -> Result<ExitCode> {
    let mut config = policy.config(NetLimits::default());
    if let Some(url) = cozy_url {
        config
            .allow
            .allow_stack_origin(url)
            .with_context(|| format!("--url / COZY_URL: {url} cannot be the stack's origin"))?;
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the resolver")?;
    let network = Network::new(config);
    let mut denied = false;
    for url in urls {
        match runtime.block_on(network.check(url)) {
            Ok(addrs) => {
                let addrs: Vec<String> = addrs.iter().map(ToString::to_string).collect();
                println!("allow {url} -> {}", addrs.join(", "));
            }
            Err(error) => {
                denied = true;
                println!(
                    "deny {url}: {}",
                    error
                        .rule()
                        .map_or_else(|| error.to_string(), str::to_string)
                );
            }
        }
    }
    Ok(ExitCode::from(if denied { DENIED } else { 0 }))
}
