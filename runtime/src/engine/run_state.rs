//! Per-run state shared by the event loop and the ops. Owned by the run's thread; nothing
//! here is global, so runs never see each other's state (DESIGN §5 "Concurrency").
//! It holds no JS value: everything JS lives in the runtime, so dropping the runtime
//! frees all of it.

use std::cell::{Cell, RefCell};
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::alloc::HeapMeter;
use super::async_op::HostFuture;
use crate::code_cache::{CodeCache, CodeStats};
use crate::cozy_client::CozyClient;
use crate::net::Network;
use crate::ops::fs::Fs;
use crate::ops::timers::TimerQueue;
use crate::run::cancel::Cancel;
use crate::run::konnector::Source;
use crate::run::log::RunLog;

pub struct RunState {
    pub log: RefCell<RunLog>,
    pub timers: RefCell<TimerQueue>,
    /// Set by `process.exit(code)`: the run ends as soon as control returns to the host.
    pub exit_code: Cell<Option<i32>>,
    /// Futures staged by ops, taken by the event loop on its next turn.
    pub spawned: RefCell<Vec<HostFuture>>,
    pub started: Instant,
    pub deadline: Instant,
    /// When `SIGTERM` goes to the script's listeners, shortly before the deadline, like the
    /// stack's kill; `None` once sent.
    pub sigterm_at: Cell<Option<Instant>>,
    pub heap: Arc<HeapMeter>,
    /// The konnector's files (a folder or an archive): the only ones the loader may read.
    pub source: Source,
    /// The konnector's entry file (the main module).
    pub entry: PathBuf,
    /// What `fs` may reach: the konnector's folder, read-only, and the run's scratch folder.
    pub fs: Fs,
    /// The run's own network: its client, pool and counters (DESIGN §4.8).
    pub net: Network,
    /// The host's client of the stack for the konnector's Cozy capabilities (over `net`);
    /// `None` when the run has no stack URL and token.
    pub cozy: Option<Rc<CozyClient>>,
    /// Where large files' bytecode is kept between runs; `None` compiles every time.
    pub code_cache: Option<Arc<CodeCache>>,
    pub code_stats: RefCell<CodeStats>,
    /// Raised by the run's host to end it now.
    pub cancel: Cancel,
}

impl RunState {
    pub fn spawn(&self, future: HostFuture) {
        self.spawned.borrow_mut().push(future);
    }

    /// Why JS must stop now, if it must: checked by the interrupt handler and after every
    /// call into JS, in this order of precedence.
    pub fn stop_reason(&self) -> Option<Stop> {
        if self.heap.exhausted() {
            Some(Stop::OutOfMemory)
        } else if let Some(code) = self.exit_code.get() {
            Some(Stop::Exit(code))
        } else if self.cancel.is_requested() {
            Some(Stop::Cancelled)
        } else if Instant::now() >= self.deadline {
            Some(Stop::Timeout)
        } else {
            None
        }
    }
}

/// Time a script listening for `SIGTERM` gets between the signal and its deadline: a
/// tenth of the run's time, at most this.
const SIGTERM_GRACE: Duration = Duration::from_secs(2);

/// When `SIGTERM` is due for a run that started at `started` with `timeout`.
pub fn sigterm_time(started: Instant, timeout: Duration) -> Instant {
    started + timeout - (timeout / 10).min(SIGTERM_GRACE)
}

/// Why a run ended before its event loop ran dry.
#[derive(Debug, Clone, PartialEq)]
pub enum Stop {
    Exit(i32),
    /// An exception nothing handled: the formatted message and stack.
    Uncaught(String),
    Timeout,
    OutOfMemory,
    Cancelled,
}
