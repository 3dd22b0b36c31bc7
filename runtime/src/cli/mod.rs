//! The `kvm` command: parse, run, print, report, exit with the outcome's status.

pub mod args;
mod host_args;
mod init;
mod konnector_test;
mod local;
mod net_args;
mod output;
mod policy;
mod worker;

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context as _, Result};
use clap::Parser;

use args::{Cli, Command, RunArgs};
use output::Printer;

/// Exit status for usage errors (unknown option, missing file, invalid JSON).
const USAGE: u8 = 2;

pub fn main() -> ExitCode {
    let argv = args::with_default_command(std::env::args().collect());
    let cli = match Cli::try_parse_from(argv) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { USAGE } else { 0 });
        }
    };
    let result = match cli.command {
        Command::Run(args) => run(&args),
        Command::Policy(args::PolicyCommand::Check { urls, url, policy }) => {
            policy::check(&urls, url.as_deref(), &policy)
        }
        Command::Test(args) => konnector_test::test(&args),
        Command::Init { name } => init::init(&name),
        Command::Worker(args) => worker::main(&args),
    };
    result.unwrap_or_else(|e| {
        eprintln!("kvm: error: {e:#}");
        ExitCode::from(USAGE)
    })
}

fn run(args: &RunArgs) -> Result<ExitCode> {
    let printer = Arc::new(Printer::new(args.log_format));
    let sink = printer.clone();
    let report = run_with(args, Arc::new(move |_, record| sink.record(record)))?;
    printer.summary(&report);
    if let Some(path) = &args.report {
        let json = serde_json::to_string_pretty(&report).context("serializing the report")?;
        std::fs::write(path, json + "\n")
            .with_context(|| format!("--report: cannot write {}", path.display()))?;
    }
    Ok(ExitCode::from(report.outcome.exit_status()))
}

/// Runs the konnector `args` describe on a host of its own, its records going to `sink`.
fn run_with(args: &RunArgs, sink: crate::LogSink) -> Result<crate::RunReport> {
    let spec = args.to_spec()?;
    let host = crate::Host::new(args.host.to_host_config(1)?);
    Ok(host.start(spec, sink).wait())
}
