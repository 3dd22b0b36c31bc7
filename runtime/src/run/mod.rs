//! A run from start to report (DESIGN §3): one isolate on its own thread, so a run's
//! stack, heap and event loop never touch another's, and the caller survives whatever the
//! script does.

pub mod cancel;
mod cpu_time;
pub mod konnector;
mod local;
pub mod log;
pub mod report;
pub mod spec;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

pub use log::LogSink;

use crate::code_cache::{CodeCache, CodeStats};
use crate::cozy::SavedFiles;
use crate::cozy_client::{CozyAccess, Grants};
use crate::engine::{self, run_state::Stop};
use crate::net::{self, Cassette, LocalOrigin, NetConfig, NetStats, Recording};
use crate::ops::fs::{DiskUsage, Scratch};
use crate::protocol::{self, Level, LogRecord};
use cancel::Cancel;
use log::RunLog;
use report::{Outcome, RunReport, Start, Stats};
use spec::{Backend, JobEnv, Limits, RunSpec, Traffic};

/// Stack of the run's thread: QuickJS's own cap (`Limits::max_stack_bytes`) plus room for
/// the host's frames.
pub(crate) const THREAD_STACK_BYTES: usize = 16 * 1024 * 1024;

/// A spec resolved against its host's configuration: everything a run needs.
pub(crate) struct Plan {
    pub id: String,
    pub spec: RunSpec,
    pub limits: Limits,
    /// The host's network configuration, before the spec's additions.
    pub net: NetConfig,
    pub code_cache: Option<Arc<CodeCache>>,
    pub scratch_root: PathBuf,
    pub cancel: Cancel,
}

/// What the engine reads of a run once its backend is attached.
pub(crate) struct Job<'a> {
    pub env: &'a JobEnv,
    pub args: &'a [String],
    pub limits: &'a Limits,
    pub code_cache: Option<Arc<CodeCache>>,
    pub cancel: &'a Cancel,
    /// What the konnector's Cozy capabilities may reach, when the run has a stack.
    pub cozy: Option<CozyAccess>,
}

/// Runs `plan` to its end and reports. Blocks the calling thread. The isolate runs on that
/// thread when its stack (`stack_here` bytes) is as large as the run needs, a panic caught
/// as a thread's would be, else on a thread of its own: starting a thread and faulting in
/// its stack is a good part of a small run's cost.
pub(crate) fn execute(plan: Plan, sink: LogSink, stack_here: usize) -> RunReport {
    let started = Start::now();
    let id = plan.id.clone();
    if let Err(e) = plan.limits.check() {
        return ended(
            &id,
            &sink,
            started,
            Outcome::Crashed,
            &crash_message(&format!("limits: {e}")),
        );
    }
    if plan.cancel.is_requested() {
        return ended(
            &id,
            &sink,
            started,
            Outcome::Cancelled,
            &cancelled_message(),
        );
    }
    // Held here, past the run's thread, so the folder goes whatever way the run ends.
    let scratch = match Scratch::create(&plan.scratch_root) {
        Ok(scratch) => scratch,
        Err(e) => return ended(&id, &sink, started, Outcome::Crashed, &crash_message(&e)),
    };
    let scratch_path = scratch.path().to_path_buf();
    let log = RunLog::new(id.clone(), sink.clone(), plan.limits.max_log_bytes);
    let stack = THREAD_STACK_BYTES.max(plan.limits.max_stack_bytes * 4);
    let outcome = if stack <= stack_here {
        catch_unwind(AssertUnwindSafe(|| {
            run_here(&plan, &scratch_path, log, started)
        }))
        .map_err(|panic| panic_message(&panic))
    } else {
        std::thread::Builder::new()
            .name("kvm-run".into())
            .stack_size(stack)
            .spawn(move || run_here(&plan, &scratch_path, log, started))
            .map_err(|e| format!("cannot start the run's thread: {e}"))
            .and_then(|thread| thread.join().map_err(|panic| panic_message(&panic)))
    };
    outcome.unwrap_or_else(|message| {
        ended(
            &id,
            &sink,
            started,
            Outcome::Crashed,
            &crash_message(&message),
        )
    })
}

fn run_here(plan: &Plan, scratch: &Path, mut log: RunLog, started: Start) -> RunReport {
    let cpu_before = cpu_time::thread_cpu_time();
    let prepared = konnector::locate_input(&plan.spec.konnector)
        .map_err(|e| e.to_string())
        .and_then(|konnector| {
            let (env, local) = match &plan.spec.backend {
                Backend::Stack => (plan.spec.env.clone(), None),
                Backend::Local(local) => {
                    let (env, origin, cozy) = local::attach(&plan.spec.env, local)?;
                    (env, Some((origin, cozy)))
                }
            };
            let (origin, cozy) = local.unzip();
            let net = network(plan, &env, origin)?;
            Ok((konnector, env, net, cozy))
        });
    let (konnector, mut env, net, local_cozy) = match prepared {
        Ok(prepared) => prepared,
        Err(message) => {
            log.push(LogRecord::new(Level::Critical, message));
            let counts = Counts {
                cpu: cpu_time::thread_cpu_time().saturating_sub(cpu_before),
                ..Counts::default()
            };
            return report(&plan.id, Outcome::Crashed, 1, log, counts, started);
        }
    };
    // Every hole in the policy is logged (DESIGN §4.6).
    for addr in net.allow.sockets() {
        log.push(LogRecord::new(
            Level::Warning,
            format!("network: {addr} is allowed by --allow, an exception to the policy"),
        ));
    }
    let cozy = cozy_access(&konnector, plan.spec.withhold_token, &mut env);
    let job = Job {
        env: &env,
        args: &plan.spec.args,
        limits: &plan.limits,
        code_cache: plan.code_cache.clone(),
        cancel: &plan.cancel,
        cozy,
    };
    let recording = match &net.traffic {
        net::Traffic::Record(recording) => Some(recording.clone()),
        _ => None,
    };
    let ending = engine::run(&job, &konnector, scratch, net, log, started.instant());
    let mut log = ending.log;
    let written = recording.map(|recording| {
        if let Some(warning) = recording.cap_warning() {
            log.push(LogRecord::new(Level::Warning, warning));
        }
        recording.write()
    });
    let outcome = match ending.stop {
        Some(Stop::Timeout) => {
            log.push(LogRecord::new(
                Level::Warning,
                format!(
                    "the run reached its time limit of {} s",
                    plan.limits.timeout.as_secs_f64()
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
                    plan.limits.max_heap_bytes / (1024 * 1024)
                ),
            ));
            log.push(LogRecord::new(Level::Critical, "MEMORY_LIMIT"));
            Outcome::OutOfMemory
        }
        Some(Stop::Cancelled) => {
            log.push(LogRecord::new(Level::Critical, cancelled_message()));
            Outcome::Cancelled
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
    let outcome = traffic_ending(outcome, &ending.net, written, &mut log);
    let counts = Counts {
        cpu: cpu_time::thread_cpu_time().saturating_sub(cpu_before),
        peak_heap_bytes: ending.peak_heap_bytes,
        net: ending.net,
        code: ending.code,
        disk: ending.disk,
        saved: local_cozy
            .map(|cozy| cozy.saved_files())
            .unwrap_or_default(),
    };
    let mut report = report(&plan.id, outcome, ending.exit_code, log, counts, started);
    report.konnector = konnector.manifest;
    report
}

/// The konnector's access to the Cozy: its capabilities, checked against its manifest's
/// permissions, and, unless it uses kvm's own cozy-konnector-libs or the host withholds
/// it, the token in its `process.env` too (taken out of `env` otherwise).
fn cozy_access(
    konnector: &konnector::Konnector,
    withhold_token: bool,
    env: &mut JobEnv,
) -> Option<CozyAccess> {
    let grants = konnector
        .manifest
        .as_ref()
        .map_or_else(Grants::no_manifest, |m| m.grants.clone());
    let access = CozyAccess::from_env(env, grants);
    // Reading the konnector's code to decide is needed only when there is a token to keep
    // and the host has not already ruled.
    if env.credentials.is_some() {
        let withheld = withhold_token
            || {
                let mode = konnector::cozy_mode(konnector);
                tracing::debug!(?mode, entry = %konnector.entry.display(), "how the konnector reaches the Cozy");
                mode == konnector::CozyMode::Capabilities
            };
        if withheld {
            env.credentials = None;
        }
    }
    access
}

/// What recording or replaying adds to the run's ending: a request the replay had no
/// answer to fails the run even if the script went on (`REPLAY_UNMATCHED`, naming it), and
/// so does a recording that could not be written.
fn traffic_ending(
    outcome: Outcome,
    stats: &NetStats,
    written: Option<Result<(), String>>,
    log: &mut RunLog,
) -> Outcome {
    let unmatched = stats
        .requests
        .iter()
        .filter_map(|r| r.error.as_deref())
        .find_map(|e| e.strip_prefix("ERR_REPLAY_UNMATCHED: "));
    let failure = match (unmatched, written) {
        (Some(first), _) => format!("REPLAY_UNMATCHED: {first}"),
        (None, Some(Err(message))) => message,
        _ => return outcome,
    };
    log.push(LogRecord::new(Level::Critical, failure));
    match outcome {
        Outcome::Success => Outcome::Failed,
        other => other,
    }
}

/// The run's network configuration: the host's with the spec's additions, plus the stack's
/// own origin (DESIGN §4.6) unless the local Cozy answers it in-process (`local`), and the
/// recording or the replay the spec asks for (its redaction knows the account fields).
fn network(plan: &Plan, env: &JobEnv, local: Option<LocalOrigin>) -> Result<NetConfig, String> {
    let spec = &plan.spec;
    let mut config = plan.net.clone();
    let fields = spec.env.fields.as_ref();
    let credentials = env.credentials.as_ref().map(|secret| secret.0.as_str());
    config.traffic = match &spec.traffic {
        Traffic::Live => net::Traffic::Live,
        Traffic::Record { har, redact } => net::Traffic::Record(Arc::new(Recording::new(
            har,
            fields,
            credentials,
            redact.clone(),
            config.limits.max_response_bytes,
        ))),
        Traffic::Replay { har } => {
            net::Traffic::Replay(Arc::new(Cassette::load(har, fields, credentials)?))
        }
    };
    spec.net.add_to(&mut config);
    if let Some(local) = local {
        config.local = Some(local);
    } else if let Some(url) = &env.cozy_url {
        config
            .allow
            .allow_stack_origin(url)
            .map_err(|e| format!("COZY_URL {url} cannot be the stack's origin: {e}"))?;
    }
    Ok(config)
}

/// What was counted during a run.
#[derive(Default)]
struct Counts {
    /// The run's thread's CPU time.
    cpu: Duration,
    peak_heap_bytes: u64,
    net: NetStats,
    code: CodeStats,
    /// The scratch folder's.
    disk: DiskUsage,
    /// Into the local Cozy, in local mode.
    saved: SavedFiles,
}

fn report(
    id: &str,
    outcome: Outcome,
    exit_code: i32,
    log: RunLog,
    counts: Counts,
    started: Start,
) -> RunReport {
    let wall = started.instant().elapsed();
    let (started_at, ended_at) = started.dates(wall);
    let (logs, logs_dropped) = log.finish();
    let Counts {
        cpu,
        peak_heap_bytes,
        net,
        code,
        disk,
        saved,
    } = counts;
    RunReport {
        id: id.to_string(),
        started_at,
        ended_at,
        outcome,
        konnector: None,
        error: protocol::job_error(&logs).map(str::to_string),
        exit_code,
        logs,
        stats: Stats {
            wall_ms: wall.as_millis() as u64,
            cpu_ms: cpu.as_millis() as u64,
            peak_heap_bytes,
            logs_dropped,
            requests: net.requests.len() as u64,
            denied: net.denied.len() as u64,
            bytes_in: net.bytes_in,
            bytes_out: net.bytes_out,
            files_written: disk.files_written + saved.files,
            disk_bytes: disk.peak_bytes + saved.bytes,
            code_cache_hits: code.hits,
            code_cache_writes: code.writes,
        },
        requests: net.requests,
        denied: net.denied,
    }
}

/// The report of a run that ended before its isolate started, with one critical record.
fn ended(id: &str, sink: &LogSink, started: Start, outcome: Outcome, message: &str) -> RunReport {
    let mut log = RunLog::new(id.to_string(), sink.clone(), usize::MAX);
    log.push(LogRecord::new(Level::Critical, message));
    report(id, outcome, 1, log, Counts::default(), started)
}

/// The report of a run whose own never came: its dispatch thread could not start, or
/// panicked outside the run (see the host's log).
pub(crate) fn lost(id: &str, started: Start) -> RunReport {
    let message = crash_message(&"the run ended without a report (see the host's log)");
    ended(id, &silent(), started, Outcome::Crashed, &message)
}

/// The report of a request that never became a run (invalid, refused by its host, or a
/// panic at the embedding boundary): `crashed`, its one critical record naming the cause.
pub(crate) fn refused(id: &str, message: &str) -> RunReport {
    ended(id, &silent(), Start::now(), Outcome::Crashed, message)
}

fn silent() -> LogSink {
    Arc::new(|_: &str, _: &LogRecord| {})
}

fn crash_message(cause: &dyn std::fmt::Display) -> String {
    format!("CRASHED: {cause}")
}

/// What a cancelled run's log ends with (a code the stack can read, like `TIMEOUT`).
fn cancelled_message() -> String {
    "CANCELLED: the run was cancelled by its host".into()
}

pub(crate) fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".into())
}
