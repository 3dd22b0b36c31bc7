//! A run from start to report (DESIGN §3): one isolate on its own thread, so a run's
//! stack, heap and event loop never touch another's, and the caller survives whatever the
//! script does.

pub mod konnector;
mod local;
pub mod log;
pub mod report;
pub mod spec;

use std::path::Path;
use std::time::Instant;

pub use log::LogSink;

use crate::code_cache::CodeStats;
use crate::engine::{self, host::Stop};
use crate::net::{NetConfig, NetStats};
use crate::ops::fs::Scratch;
use crate::protocol::{self, Level, LogRecord};
use log::RunLog;
use report::{Outcome, RunReport, Stats};
use spec::{Backend, RunSpec};

/// Stack of the run's thread: QuickJS's own cap (`Limits::max_stack_bytes`) plus room for
/// the host's frames.
const THREAD_STACK_BYTES: usize = 16 * 1024 * 1024;

/// Runs `spec` to its end and reports. Blocks the calling thread.
pub fn run(spec: RunSpec, sink: LogSink) -> RunReport {
    let started = Instant::now();
    // Held here, past the run's thread, so the folder goes whatever way the run ends.
    let scratch = match Scratch::create(&spec.limits.scratch_root) {
        Ok(scratch) => scratch,
        Err(e) => return crashed(&sink, started, &e.to_string()),
    };
    let scratch_path = scratch.path().to_path_buf();
    let log = RunLog::new(sink.clone(), spec.limits.max_log_bytes);
    let thread = std::thread::Builder::new()
        .name("kvm-run".into())
        .stack_size(THREAD_STACK_BYTES.max(spec.limits.max_stack_bytes * 4))
        .spawn(move || run_here(&spec, &scratch_path, log, started));
    match thread.map(|t| t.join()) {
        Ok(Ok(report)) => report,
        Ok(Err(panic)) => crashed(&sink, started, &panic_message(&panic)),
        Err(e) => crashed(
            &sink,
            started,
            &format!("cannot start the run's thread: {e}"),
        ),
    }
}

fn run_here(spec: &RunSpec, scratch: &Path, mut log: RunLog, started: Instant) -> RunReport {
    let prepared = konnector::locate(&spec.script)
        .map_err(|e| e.to_string())
        .and_then(|konnector| {
            let spec = match &spec.backend {
                Backend::Stack => spec.clone(),
                Backend::Local(local) => local::attach(spec, local)?,
            };
            let net = network(&spec)?;
            Ok((konnector, spec, net))
        });
    let (konnector, spec, net) = match prepared {
        Ok(prepared) => prepared,
        Err(message) => {
            log.push(LogRecord::new(Level::Critical, message));
            return report(Outcome::Crashed, 1, log, Counts::default(), started);
        }
    };
    // Every hole in the policy is logged (DESIGN §4.6).
    for addr in net.allow.sockets() {
        log.push(LogRecord::new(
            Level::Warning,
            format!("network: {addr} is allowed by --allow, an exception to the policy"),
        ));
    }
    let ending = engine::run(&spec, &konnector, scratch, net, log, started);
    let mut log = ending.log;
    let outcome = match ending.stop {
        Some(Stop::Timeout) => {
            log.push(LogRecord::new(
                Level::Warning,
                format!(
                    "the run reached its time limit of {} s",
                    spec.limits.timeout.as_secs_f64()
                ),
            ));
            log.push(LogRecord::new(Level::Critical, "TIMEOUT"));
            Outcome::Timeout
        }
        Some(Stop::OutOfMemory) => {
            log.push(LogRecord::new(
                Level::Warning,
                format!(
                    "the run used all of its heap ({} MiB)",
                    spec.limits.max_heap_bytes / (1024 * 1024)
                ),
            ));
            log.push(LogRecord::new(Level::Critical, "MEMORY_LIMIT"));
            Outcome::OutOfMemory
        }
        Some(Stop::Uncaught(message)) => {
            log.flush();
            log.push(LogRecord::new(
                Level::Critical,
                format!("UNKNOWN_ERROR: {message}"),
            ));
            Outcome::Failed
        }
        Some(Stop::Exit(_)) | None => {
            log.flush();
            if ending.exit_code != 0 || protocol::job_error(log.records()).is_some() {
                Outcome::Failed
            } else {
                Outcome::Success
            }
        }
    };
    let counts = Counts {
        peak_heap_bytes: ending.peak_heap_bytes,
        net: ending.net,
        code: ending.code,
    };
    let mut report = report(outcome, ending.exit_code, log, counts, started);
    report.konnector = konnector.manifest;
    report
}

/// The run's network configuration: the spec's, plus the stack's own origin (DESIGN §4.6)
/// unless the local Cozy answers it in-process.
fn network(spec: &RunSpec) -> Result<NetConfig, String> {
    let mut config = spec.net.clone();
    if let (Backend::Stack, Some(url)) = (&spec.backend, &spec.env.cozy_url) {
        config
            .allow
            .allow_stack_origin(url)
            .map_err(|e| format!("COZY_URL {url} cannot be the stack's origin: {e}"))?;
    }
    Ok(config)
}

/// What the engine counted during a run.
#[derive(Default)]
struct Counts {
    peak_heap_bytes: u64,
    net: NetStats,
    code: CodeStats,
}

fn report(
    outcome: Outcome,
    exit_code: i32,
    log: RunLog,
    counts: Counts,
    started: Instant,
) -> RunReport {
    let (logs, logs_dropped) = log.finish();
    let Counts {
        peak_heap_bytes,
        net,
        code,
    } = counts;
    RunReport {
        outcome,
        konnector: None,
        error: protocol::job_error(&logs).map(str::to_string),
        exit_code,
        logs,
        stats: Stats {
            wall_ms: started.elapsed().as_millis() as u64,
            peak_heap_bytes,
            logs_dropped,
            requests: net.requests.len() as u64,
            denied: net.denied.len() as u64,
            bytes_in: net.bytes_in,
            bytes_out: net.bytes_out,
            code_cache_hits: code.hits,
            code_cache_writes: code.writes,
        },
        requests: net.requests,
        denied: net.denied,
    }
}

fn crashed(sink: &LogSink, started: Instant, message: &str) -> RunReport {
    let mut log = RunLog::new(sink.clone(), usize::MAX);
    log.push(LogRecord::new(
        Level::Critical,
        format!("CRASHED: {message}"),
    ));
    report(Outcome::Crashed, 1, log, Counts::default(), started)
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "the run panicked".into())
}
