//! The caller's log callback as a [`LogSink`]: each record as JSON, on the run's thread.

use std::cell::Cell;
use std::ffi::{c_char, c_void, CString};
use std::sync::Arc;

use crate::run::LogSink;

/// Receives one log record as it happens: the `user_data` given to `kvm_run`, the run's id
/// and the record as JSON (`{"type": "debug|info|warning|error|critical", "message": "...",
/// ...}`), both NUL-terminated and valid during the call only.
pub type KvmLogCallback = Option<
    unsafe extern "C" fn(user_data: *mut c_void, run_id: *const c_char, record_json: *const c_char),
>;

thread_local! {
    /// Set while this thread is inside a caller's callback: a call back into kvm that
    /// would wait for the run (`kvm_run`, `kvm_host_free`) must not wait there.
    static IN_CALLBACK: Cell<bool> = const { Cell::new(false) };
}

pub fn in_callback() -> bool {
    IN_CALLBACK.with(Cell::get)
}

/// The callback and its `user_data`, which the caller keeps valid until `kvm_run` returns —
/// and kvm calls it only before then (the run's sink is dropped with the run).
struct Callback {
    call: unsafe extern "C" fn(*mut c_void, *const c_char, *const c_char),
    user_data: *mut c_void,
}

// SAFETY: the caller vouches for `user_data` being usable from kvm's threads (the header
// says the callback runs there); kvm never calls the callback twice at once for one run.
unsafe impl Send for Callback {}
unsafe impl Sync for Callback {}

pub fn sink(log: KvmLogCallback, user_data: *mut c_void) -> LogSink {
    let Some(call) = log else {
        return Arc::new(|_: &str, _: &crate::LogRecord| {});
    };
    let callback = Callback { call, user_data };
    Arc::new(move |run_id, record| {
        let callback = &callback;
        // Run ids from requests hold no NUL (checked before the run) and JSON escapes it.
        let (Ok(run_id), Ok(json)) = (
            CString::new(run_id),
            CString::new(serde_json::to_string(record).expect("a log record serializes")),
        ) else {
            return;
        };
        // Restored, not cleared: cancelling a queued run from a callback calls that run's
        // callback inside this one.
        let outer = IN_CALLBACK.with(|flag| flag.replace(true));
        // SAFETY: the caller's contract for `kvm_run`'s `log` and `user_data`.
        unsafe { (callback.call)(callback.user_data, run_id.as_ptr(), json.as_ptr()) };
        IN_CALLBACK.with(|flag| flag.set(outer));
    })
}
