//! The embedding API (DESIGN §3, §5 "Concurrency"): a [`Host`] is built once from a
//! [`HostConfig`] and runs konnectors, many at once, each in its own isolate on its own
//! thread, at most `concurrency` at a time (more wait in a queue). Nothing is global: two
//! hosts in one process share no state.
//!
//! ```
//! use std::sync::Arc;
//! use kvm::{Host, HostConfig, Outcome, RunSpec};
//!
//! let host = Host::new(HostConfig::default());
//! // The example konnector of this repository (doc tests run in `runtime/`).
//! let mut spec = RunSpec::new("../examples/hello");
//! spec.env.fields = Some(serde_json::json!({"login": "ada"}));
//! let run = host.start(spec, Arc::new(|run_id, record| println!("{run_id}: {}", record.message)));
//! let canceller = run.canceller(); // `canceller.cancel()`, from any thread, ends the run at once
//! let report = run.wait(); // or `.await` it from any async runtime
//! assert_eq!(report.outcome, Outcome::Success);
//! assert_eq!(report.logs[0].message, "Hello, ada!");
//! canceller.cancel(); // harmless once the run has ended
//! ```

#![warn(missing_docs)]

pub mod json;
mod pool;

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

use tokio::sync::oneshot;

use crate::code_cache::CodeCache;
use crate::net::NetConfig;
use crate::run::cancel::Cancel;
use crate::run::report::{RunReport, Start};
use crate::run::spec::{Limits, RunSpec};
use crate::run::{self, LogSink, Plan};
use pool::{Pool, Task};

/// What every run of a host shares.
#[derive(Debug, Clone)]
pub struct HostConfig {
    /// Limits of a run that does not override them.
    pub limits: Limits,
    /// Network policy additions (allowed sockets, name overrides), network limits and the
    /// resolver of every run; a run adds its own holes on top.
    pub net: NetConfig,
    /// Runs at once; more wait for a place in a queue. Default: twice the CPUs, the stack's
    /// worker pool.
    pub concurrency: usize,
    /// Where each run's scratch folder (its `os.tmpdir()`) is made and removed.
    pub scratch_root: PathBuf,
    /// Bytecode of konnectors' large files, kept between runs (disk and memory); `None`
    /// compiles them on every run.
    pub code_cache: Option<Arc<CodeCache>>,
}

impl Default for HostConfig {
    fn default() -> Self {
        let cpus = std::thread::available_parallelism().map_or(1, usize::from);
        HostConfig {
            limits: Limits::default(),
            net: NetConfig::default(),
            concurrency: 2 * cpus,
            scratch_root: std::env::temp_dir(),
            code_cache: None,
        }
    }
}

/// Runs konnectors. Cheap to clone: clones share the queue and the bound.
#[derive(Clone)]
pub struct Host {
    config: Arc<HostConfig>,
    pool: Arc<Pool>,
    next_id: Arc<AtomicU64>,
}

impl Host {
    /// A host with its own queue and bound; it starts no thread until a run comes.
    pub fn new(config: HostConfig) -> Host {
        Host {
            pool: Pool::new(config.concurrency),
            config: Arc::new(config),
            next_id: Arc::new(AtomicU64::new(1)),
        }
    }

    /// What every run of this host starts from.
    pub fn config(&self) -> &HostConfig {
        &self.config
    }

    /// Queues `spec` and returns at once. `sink` receives each log record as it happens,
    /// on the run's thread. The returned handle is a `Send` future of the report, usable
    /// from any async runtime, or [`RunHandle::wait`]ed on from a plain thread.
    pub fn start(&self, spec: RunSpec, sink: LogSink) -> RunHandle {
        let queued = self.next_id.fetch_add(1, Ordering::Relaxed);
        let id = spec.id.clone().unwrap_or_else(|| format!("run-{queued}"));
        let cancel = Cancel::default();
        let (send, report) = oneshot::channel();
        let plan = Plan {
            id: id.clone(),
            limits: spec.limits.apply(&self.config.limits),
            net: self.config.net.clone(),
            code_cache: self.config.code_cache.clone(),
            scratch_root: self.config.scratch_root.clone(),
            cancel: cancel.clone(),
            spec,
        };
        self.pool.submit(Task {
            id: queued,
            start: Box::new(move || {
                // The handle may be gone: nobody waits for this report.
                let _ = send.send(run::execute(plan, sink, pool::DISPATCH_STACK_BYTES));
            }),
        });
        RunHandle {
            id,
            canceller: Canceller {
                cancel,
                queued,
                pool: self.pool.clone(),
            },
            report,
            started: Start::now(),
        }
    }

    /// Runs `spec` to its end: [`Host::start`] then await.
    pub async fn run(&self, spec: RunSpec, sink: LogSink) -> RunReport {
        self.start(spec, sink).await
    }

    /// `(queued, running)`: runs waiting for a place, and runs going. While some wait,
    /// `running` is the bound.
    pub fn load(&self) -> (usize, usize) {
        self.pool.load()
    }
}

/// Ends a run early: a running one stops at once (JS is interrupted, pending fetches and
/// timers dropped) with outcome `cancelled`; a queued one never starts.
#[derive(Clone)]
pub struct Canceller {
    cancel: Cancel,
    queued: u64,
    pool: Arc<Pool>,
}

impl Canceller {
    /// Asks the run to end; returns at once. A queued run's report is made here, on the
    /// calling thread (its sink gets the `CANCELLED` record here). Harmless on a run that
    /// has ended, and when repeated.
    pub fn cancel(&self) {
        self.cancel.cancel();
        // A queued run reports now rather than when a place frees up; it ends before
        // making an isolate, since it is cancelled.
        if let Some(task) = self.pool.take_queued(self.queued) {
            (task.start)();
        }
    }
}

/// A run queued or going: a future of its report. Dropping it leaves the run going to its
/// end (its sink still gets every record); cancel it first to stop it.
pub struct RunHandle {
    id: String,
    canceller: Canceller,
    report: oneshot::Receiver<RunReport>,
    /// When the host took the run, to date the report of a run whose thread was lost.
    started: Start,
}

impl RunHandle {
    /// The run's id: its spec's, or the one its host made up (`run-N`).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// A handle that ends this run, to keep or send to another thread.
    pub fn canceller(&self) -> Canceller {
        self.canceller.clone()
    }

    /// Blocks the calling thread until the report. Works on any thread, an async
    /// runtime's included (whose other tasks then wait too: await the handle there).
    pub fn wait(self) -> RunReport {
        // Not tokio's `blocking_recv`, which panics inside a runtime: a C caller cannot
        // know whether its thread is one, and a panic there would leave the run going.
        let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
        let mut cx = Context::from_waker(&waker);
        let mut handle = std::pin::pin!(self);
        loop {
            if let Poll::Ready(report) = handle.as_mut().poll(&mut cx) {
                return report;
            }
            std::thread::park();
        }
    }
}

/// Wakes the thread blocked in [`RunHandle::wait`].
struct Unpark(std::thread::Thread);

impl Wake for Unpark {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }
}

impl Future for RunHandle {
    type Output = RunReport;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<RunReport> {
        Pin::new(&mut self.report)
            .poll(cx)
            .map(|received| received.unwrap_or_else(|_| run::lost(&self.id, self.started)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::report::Outcome;
    use crate::run::spec::LimitOverrides;

    #[test]
    fn a_run_whose_limits_would_crash_the_host_is_refused() {
        let host = Host::new(HostConfig::default());
        let spec = RunSpec {
            // QuickJS reads 0 as "no cap": recursion would overflow the thread and abort.
            limits: LimitOverrides {
                max_stack_bytes: Some(0),
                ..LimitOverrides::default()
            },
            ..RunSpec::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/hello"))
        };
        let report = host.start(spec, Arc::new(|_, _| {})).wait();
        assert_eq!(report.outcome, Outcome::Crashed);
        let error = report.error.unwrap();
        assert!(error.contains("limits: max_stack_bytes must be"), "{error}");
    }
}
