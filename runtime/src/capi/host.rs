//! The host behind a `KvmHost *`: runs named by id so another thread can cancel them, and
//! the count of calls in progress so destroying the host can wait for them.

use std::ffi::c_char;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use super::callback::in_callback;
use super::strings::read_str;
use crate::host::json::{HostConfigJson, RequestError, RunRequest};
use crate::run::{self, LogSink};
use crate::{Canceller, Host, RunReport};

/// A host made by `kvm_host_new`. Opaque to C.
pub struct KvmHost {
    // Shared with each call in progress, so it outlives the box C frees.
    shared: Arc<Shared>,
}

pub struct Shared {
    host: Host,
    state: Mutex<State>,
    /// Notified when the last call in progress returns.
    idle: Condvar,
}

#[derive(Default)]
struct State {
    closing: bool,
    calls: usize,
    next_key: u64,
    going: Vec<Going>,
}

/// A run started and not yet reported.
struct Going {
    key: u64,
    /// The id the request gave, which `kvm_run_cancel` names it by; `None` when the host
    /// made one up (so a made-up `run-N` never matches another run's chosen id).
    id: Option<String>,
    canceller: Canceller,
}

/// One `kvm_run` or `kvm_run_cancel` in progress, and the run it started: counted and
/// listed until dropped, even by a panic.
struct Call {
    shared: Arc<Shared>,
    run: Option<u64>,
}

impl Drop for Call {
    fn drop(&mut self) {
        // Cancelling a run that reported does nothing; one still going means the call
        // unwound before its report, and the run must not outlive the call (its callback
        // would fire after `kvm_run` returned).
        let unreported = self.run.and_then(|key| {
            let mut state = self.shared.lock();
            let at = state.going.iter().position(|run| run.key == key)?;
            Some(state.going.swap_remove(at).canceller)
        });
        // Outside the lock: cancelling a queued run calls its callback here.
        if let Some(canceller) = unreported {
            canceller.cancel();
        }
        let mut state = self.shared.lock();
        state.calls -= 1;
        if state.calls == 0 {
            self.shared.idle.notify_all();
        }
    }
}

impl KvmHost {
    pub fn new(config_json: &str) -> Result<KvmHost, RequestError> {
        Ok(KvmHost {
            shared: Arc::new(Shared {
                host: Host::new(HostConfigJson::parse(config_json)?),
                state: Mutex::default(),
                idle: Condvar::new(),
            }),
        })
    }

    /// The host's state, which a call keeps for as long as it runs: a log callback may
    /// free the `KvmHost` meanwhile.
    pub fn shared(&self) -> Arc<Shared> {
        self.shared.clone()
    }
}

const CLOSING: &str = "kvm_run: the host is being destroyed (kvm_host_free)";

impl Shared {
    /// Runs the request to its end; a request that cannot run gets a `crashed` report.
    pub fn run(self: &Arc<Self>, request_json: &str, sink: LogSink) -> RunReport {
        let refused = |message: &str| run::refused(&request_id(request_json), message);
        if in_callback() {
            return refused(
                "kvm_run: called from a log callback, where it would block its own run; \
                 call it from another thread",
            );
        }
        let Some(mut call) = self.enter() else {
            return refused(CLOSING);
        };
        let spec = match RunRequest::parse(request_json) {
            Ok(spec) => spec,
            Err(e) => return refused(&e.to_string()),
        };
        let handle = {
            let mut state = self.lock();
            // Destroying may have begun while the request was read: it cancels only the
            // runs listed, so this one must not start.
            if state.closing {
                return refused(CLOSING);
            }
            if let Some(id) = &spec.id {
                if id.contains('\0') {
                    return refused("run request: id contains a NUL character");
                }
                if state.going.iter().any(|run| run.id.as_ref() == Some(id)) {
                    return refused(&format!(
                        "run request: id {id:?} is already running on this host; ids name \
                         runs for kvm_run_cancel, so give each run going its own"
                    ));
                }
            }
            // Started under the lock so no two runs take one id.
            let id = spec.id.clone();
            let handle = self.host.start(spec, sink);
            let key = state.next_key;
            state.next_key += 1;
            state.going.push(Going {
                key,
                id,
                canceller: handle.canceller(),
            });
            call.run = Some(key);
            handle
        };
        handle.wait()
    }

    /// Cancels the runs with this id; whether there was one.
    pub fn cancel(self: &Arc<Self>, id: &str) -> bool {
        let Some(_call) = self.enter() else {
            return false;
        };
        let cancellers: Vec<Canceller> = self
            .lock()
            .going
            .iter()
            .filter(|run| run.id.as_deref() == Some(id))
            .map(|run| run.canceller.clone())
            .collect();
        // Outside the lock: cancelling a queued run reports it here, calling its callback,
        // which may call back into kvm.
        for canceller in &cancellers {
            canceller.cancel();
        }
        !cancellers.is_empty()
    }

    /// Refuses new runs, cancels the ones going and waits for their calls to return (not
    /// from a callback: its own run could not end while it waits).
    pub fn close(&self) {
        let cancellers: Vec<Canceller> = {
            let mut state = self.lock();
            state.closing = true;
            state
                .going
                .iter()
                .map(|run| run.canceller.clone())
                .collect()
        };
        for canceller in &cancellers {
            canceller.cancel();
        }
        if in_callback() {
            return;
        }
        let mut state = self.lock();
        while state.calls > 0 {
            state = self.idle.wait(state).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// Counts a call in progress, unless the host is being destroyed.
    fn enter(self: &Arc<Self>) -> Option<Call> {
        let mut state = self.lock();
        if state.closing {
            return None;
        }
        state.calls += 1;
        Some(Call {
            shared: self.clone(),
            run: None,
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // Every update of the state is a single step: a panic elsewhere leaves it whole.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A report for a request that never ran, with the request's id when it has one.
///
/// # Safety
/// `request_json` is NULL or a NUL-terminated string valid during the call.
pub unsafe fn refused_report(request_json: *const c_char, message: &str) -> RunReport {
    let id = read_str(request_json, "request_json")
        .map(request_id)
        .unwrap_or_default();
    run::refused(&id, message)
}

/// The `id` of a request, read leniently so a report can name the run even when the rest
/// of the request is wrong.
fn request_id(request_json: &str) -> String {
    serde_json::from_str::<serde_json::Value>(request_json)
        .ok()
        .and_then(|request| Some(request.get("id")?.as_str()?.to_string()))
        .unwrap_or_default()
}
