//! The only code that touches the JS engine (DESIGN §2): one QuickJS runtime per run, its
//! limits (heap cap through [`alloc`], stack cap, interrupt handler at the deadline), the
//! shims' bootstrap and the event loop. The rest of the host never names rquickjs.

pub(crate) mod alloc;
pub(crate) mod async_op;
pub(crate) mod bytecode;
pub(crate) mod code;
pub(crate) mod embedded;
mod esm;
pub(crate) mod event_loop;
pub(crate) mod js;
pub(crate) mod run_state;

use std::cell::{Cell, RefCell};
use std::path::Path;
use std::rc::Rc;
use std::time::Instant;

use rquickjs::{Context, Runtime};

use crate::code_cache::CodeStats;
use crate::cozy_client::CozyClient;
use crate::net::{NetConfig, NetStats, Network};
use crate::ops::fs::{DiskUsage, Fs};
use crate::ops::timers::TimerQueue;
use crate::protocol::{Level, LogRecord};
use crate::run::konnector::Konnector;
use crate::run::log::RunLog;
use crate::run::Job;
use alloc::{HeapMeter, MeteredAllocator};
use run_state::{RunState, Stop};

/// How the engine's part of a run ended; `run/` turns it into a report.
pub struct Ending {
    /// `None` when the event loop ran dry (the normal end).
    pub stop: Option<Stop>,
    /// The script's exit code (`process.exitCode` at the end, or `process.exit`'s).
    pub exit_code: i32,
    pub peak_heap_bytes: u64,
    pub code: CodeStats,
    pub log: RunLog,
    pub net: NetStats,
    pub disk: DiskUsage,
}

/// Runs `spec`'s script to its end on the current thread, with `scratch` (canonical) as its
/// writable folder. Never panics on script input: every failure is an [`Ending`].
pub fn run(
    job: &Job<'_>,
    konnector: &Konnector,
    scratch: &Path,
    net: NetConfig,
    mut log: RunLog,
    started: Instant,
) -> Ending {
    let deadline = started + job.limits.timeout;
    let heap = HeapMeter::new(job.limits.max_heap_bytes, job.cancel.clone(), deadline);
    let code_cache = job.code_cache.clone().filter(|cache| {
        let overlaps = cache.overlaps(konnector.source.root());
        if overlaps {
            log.push(LogRecord::new(
                Level::Warning,
                format!(
                    "code cache: {} overlaps the konnector's folder {}, which the script can \
                     read: the run compiles without the cache; choose a --cache-dir outside it",
                    cache.dir().display(),
                    konnector.source.root().display()
                ),
            ));
        }
        !overlaps
    });
    let net = Network::new(net);
    let cozy = job
        .cozy
        .clone()
        .map(|access| Rc::new(CozyClient::new(access, net.clone())));
    let host = Rc::new(RunState {
        log: RefCell::new(log),
        timers: RefCell::new(TimerQueue::default()),
        exit_code: Cell::new(None),
        spawned: RefCell::new(Vec::new()),
        started,
        deadline,
        sigterm_at: Cell::new(Some(run_state::sigterm_time(started, job.limits.timeout))),
        heap: heap.clone(),
        source: konnector.source.clone(),
        entry: konnector.entry.clone(),
        fs: Fs::new(
            konnector.source.clone(),
            scratch.to_path_buf(),
            job.limits.max_disk_bytes,
        ),
        net,
        cozy,
        code_cache,
        code_stats: RefCell::default(),
        cancel: job.cancel.clone(),
    });
    let outcome = run_isolate(job, &host, heap.clone());
    // The runtime is gone, and with it everything JS: bytes still counted mean a JS
    // reference was lost, and the context (the whole run's state) leaked with it.
    debug_assert_eq!(heap.used(), 0, "the isolate leaked memory");
    let (stop, exit_code) = match outcome {
        Ok(end) => end,
        // The allocator refuses everything once the run is stopped, the isolate's creation
        // included: a run cancelled (or late) before its isolate exists ends for that reason.
        Err(e) => (
            Some(
                host.stop_reason()
                    .unwrap_or_else(|| Stop::Uncaught(format!("engine error: {e}"))),
            ),
            1,
        ),
    };
    let code = *host.code_stats.borrow();
    let log = host.log.replace(RunLog::new(
        String::new(),
        std::sync::Arc::new(|_, _| {}),
        0,
    ));
    Ending {
        stop,
        exit_code,
        peak_heap_bytes: heap.peak() as u64,
        code,
        log,
        net: host.net.stats(),
        disk: host.fs.usage(),
    }
}

fn run_isolate(
    job: &Job<'_>,
    host: &Rc<RunState>,
    heap: std::sync::Arc<HeapMeter>,
) -> rquickjs::Result<(Option<Stop>, i32)> {
    let runtime = Runtime::new_with_alloc(MeteredAllocator(heap))?;
    runtime.set_max_stack_size(job.limits.max_stack_bytes);
    let watched = host.clone();
    runtime.set_interrupt_handler(Some(Box::new(move || {
        let stop = watched.stop_reason().is_some();
        if stop {
            watched.heap.stopping();
        }
        stop
    })));
    runtime.set_loader(
        esm::Resolver::new(host.source.root()),
        esm::Loader::new(host.clone()),
    );
    let context = Context::full(&runtime)?;
    let tokio = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(rquickjs::Error::Io)?;
    let result = tokio.block_on(event_loop::EventLoop::run(&runtime, &context, host, job));
    // JS values die with the context and the runtime; the loop holds none past this point.
    drop(context);
    drop(runtime);
    result
}
