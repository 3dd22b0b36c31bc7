//! `kvm worker`: runs konnectors for a host process that prefers a process boundary to the
//! library (README "Worker mode"). Requests come as JSON lines on stdin, events go out as
//! JSON lines on stdout; runs go concurrently through one [`Host`].

mod lines;
mod output;
mod protocol;
mod runs;

use std::num::NonZeroUsize;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context as _, Result};
use tokio::signal::unix::{signal, Signal, SignalKind};
use tokio::sync::Notify;

use super::host_args::HostArgs;
use crate::host::{Host, HostConfig};
use lines::{read_line, Line, MAX_LINE_BYTES};
use output::Output;
use protocol::{error_event, LineError, Request};
use runs::Runs;

const PROTOCOL: &str = r#"Protocol (JSON lines; the README's "Worker mode" has the details):
  stdin, one request a line:
    {"id": "j1", "konnector": "path/to/konnector", "env": {"COZY_URL": "...", "COZY_FIELDS": {...}},
     "limits": {"timeout_ms": 60000}, "allow": ["127.0.0.1:8080"], "resolve": [], "args": []}
    {"cancel": "j1"}        cancel run j1: its report follows, outcome "cancelled"
  stdout, one event a line:
    {"id": "j1", "event": "log", "type": "info", "message": "..."}    as run j1 logs
    {"id": "j1", "event": "report", "outcome": "success", ...}        once per run, at its end
    {"id": "j1", "event": "error", "line": 3, "message": "..."}       a line that is no request
  At end of input the worker waits for its runs, then exits 0. On SIGTERM or SIGINT (or
  when stdout closes) it cancels every run, writes their reports and exits 0.

Examples:
  kvm worker --concurrency 8 < requests.jsonl
  kvm worker --allow 127.0.0.1:8080 --timeout 120 --cache-dir /var/cache/kvm"#;

#[derive(Debug, clap::Args)]
#[command(after_help = PROTOCOL)]
pub struct WorkerArgs {
    /// Runs at once; more wait in a queue [default: twice the CPUs]
    #[arg(long, value_name = "N")]
    pub concurrency: Option<NonZeroUsize>,

    /// Defaults of every run (a request's "limits" override them) and the network's holes
    /// for every run (a request's "allow", "resolve" and "connect_to" add to them)
    #[command(flatten)]
    pub host: HostArgs,
}

pub fn main(args: &WorkerArgs) -> Result<ExitCode> {
    let concurrency = args
        .concurrency
        .map_or_else(|| HostConfig::default().concurrency, NonZeroUsize::get);
    let host = Host::new(args.host.to_host_config(concurrency)?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("kvm-worker")
        .enable_all()
        .build()
        .context("starting the worker's async runtime")?;
    let stdout_closed = Arc::new(Notify::new());
    let output = Output::start({
        let stdout_closed = stdout_closed.clone();
        move || stdout_closed.notify_one()
    })
    .context("starting the worker's output thread")?;
    let runs = Arc::new(Runs::new(host, output.clone(), runtime.handle().clone()));
    let (terminate, interrupt) = {
        // Installed before the first request is read: a signal then always stops cleanly.
        let _entered = runtime.enter();
        let install = |kind| signal(kind).context("installing the worker's signal handlers");
        (
            install(SignalKind::terminate())?,
            install(SignalKind::interrupt())?,
        )
    };
    runtime.spawn(stop_when_asked(
        runs.clone(),
        output.clone(),
        [terminate, interrupt],
        stdout_closed,
    ));

    serve(&runs, &output);
    runtime.block_on(runs.ended());
    output.flush();
    Ok(ExitCode::SUCCESS)
}

/// Reads requests until end of input, answering each bad line with an error event.
fn serve(runs: &Runs, output: &Output) {
    let mut input = std::io::stdin().lock();
    let mut buf = Vec::new();
    let mut number = 0;
    loop {
        let line = match read_line(&mut input, MAX_LINE_BYTES, &mut buf) {
            Ok(Some(line)) => line,
            Ok(None) => return,
            Err(e) => {
                let message = format!("cannot read stdin ({e}): no more requests are read");
                return output.line(error_event(None, None, &message));
            }
        };
        number += 1;
        let refused = match line {
            Line::TooLong(bytes) => Err(LineError {
                id: None,
                message: format!("line too long: {bytes} bytes, at most {MAX_LINE_BYTES}"),
            }),
            Line::Read if buf.trim_ascii().is_empty() => Ok(()),
            Line::Read => match protocol::parse(&buf) {
                Ok(Request::Run { id, spec }) => {
                    runs.start(id.clone(), *spec).map_err(|message| LineError {
                        id: Some(id),
                        message,
                    })
                }
                Ok(Request::Cancel(id)) => runs.cancel(&id).map_err(|message| LineError {
                    id: Some(id),
                    message,
                }),
                Err(error) => Err(error),
            },
        };
        if let Err(LineError { id, message }) = refused {
            output.line(error_event(id.as_deref(), Some(number), &message));
        }
    }
}

/// On SIGTERM, SIGINT or a closed stdout: cancel every run, write their reports, exit 0.
async fn stop_when_asked(
    runs: Arc<Runs>,
    output: Output,
    [mut terminate, mut interrupt]: [Signal; 2],
    stdout_closed: Arc<Notify>,
) {
    tokio::select! {
        _ = terminate.recv() => {}
        _ = interrupt.recv() => {}
        _ = stdout_closed.notified() => {}
    }
    runs.stop();
    runs.ended().await;
    output.flush();
    std::process::exit(0);
}
