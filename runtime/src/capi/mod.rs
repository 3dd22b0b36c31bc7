//! The C ABI (README "Embedding"): what a host written in another language — the Go stack,
//! through cgo — links to run konnectors in-process. A thin layer over [`crate::Host`] and
//! the JSON forms of `host/json.rs`; `runtime/include/kvm.h` is generated from this module by
//! cbindgen (`tests/c_abi.rs` checks it is up to date).
//!
//! Every entry point catches panics (a panic unwinding into C is undefined behaviour), and
//! every error — NULL pointer, invalid UTF-8, bad JSON — comes back as JSON naming it.

mod boundary;
mod callback;
mod host;
mod strings;

use std::ffi::{c_char, c_int, c_void};

pub use callback::KvmLogCallback;
pub use host::KvmHost;

use boundary::guarded;
use strings::{into_c_string, read_str};

/// Creates a host from a JSON configuration (every field optional):
/// `{"concurrency": N, "limits": {"timeout_ms", "max_heap_bytes", "max_stack_bytes",
/// "max_log_bytes", "max_disk_bytes"}, "allow": ["ADDR:PORT"], "resolve": ["HOST:PORT:ADDR"],
/// "connect_to": ["HOST:PORT:ADDR:PORT2"], "scratch_root": "/dir", "cache_dir": "/dir"}`.
///
/// Returns the host, to destroy with `kvm_host_free`, or NULL when the configuration is
/// NULL, not UTF-8 or invalid; then, if `error` is not NULL, `*error` receives
/// `{"error": "<what is wrong>"}`, a string the caller frees with `kvm_string_free`
/// (`*error` is set to NULL on success).
///
/// # Safety
/// `config_json` is NULL or a NUL-terminated string, read during the call only. `error` is
/// NULL or points to writable storage for one pointer.
#[no_mangle]
pub unsafe extern "C" fn kvm_host_new(
    config_json: *const c_char,
    error: *mut *mut c_char,
) -> *mut KvmHost {
    let created = guarded(
        |panic| Err(format!("kvm_host_new panicked: {panic}")),
        || {
            let json = read_str(config_json, "config_json")?;
            KvmHost::new(json).map_err(|e| e.to_string())
        },
    );
    let (host, message) = match created {
        Ok(host) => (Box::into_raw(Box::new(host)), None),
        Err(message) => (std::ptr::null_mut(), Some(message)),
    };
    if !error.is_null() {
        *error = message.map_or(std::ptr::null_mut(), |message| {
            into_c_string(serde_json::json!({ "error": message }).to_string())
        });
    }
    host
}

/// Runs a konnector to its end, blocking the calling thread, and returns its report as JSON
/// (`{"id", "outcome", "error", "exit_code", "logs", "stats", "requests", "denied"}`, outcome
/// one of `success`, `failed`, `timeout`, `out_of_memory`, `cancelled`, `crashed`), a string
/// the caller frees with `kvm_string_free`. Never NULL.
///
/// `request_json`: `{"id": "...", "konnector": "/path" | {"tarball": "<base64 .tar.gz>",
/// "name": "..."}, "env": {"COZY_URL": ..., "COZY_FIELDS": ..., ...}, "limits": {...},
/// "allow": [...], "resolve": [...], "connect_to": [...], "args": [...]}`. Give an `id`
/// to be able to cancel the run with `kvm_run_cancel`: it must be unique among the host's
/// runs going; without one the host names the run `run-N`. A request that cannot become a
/// run (NULL, not UTF-8, invalid JSON, unknown field, duplicate id, host being destroyed)
/// gets a report with outcome `crashed` whose `error` names the problem.
///
/// Many threads may call this at once on one host; the host's `concurrency` bounds the runs
/// going, the others wait in a queue (their call blocks meanwhile).
///
/// `log`, unless NULL, receives each log record as it happens: `user_data` as given, the run
/// id and the record as JSON (`{"type": "info", "message": "...", ...}`). Both strings are
/// valid during the callback only. It is called on a thread of kvm's (or, for a run
/// cancelled while queued, on the thread of `kvm_run_cancel` or `kvm_host_free`), never
/// twice at once for one run, and never after this function returns. From inside the
/// callback, only `kvm_run_cancel`, `kvm_string_free` and `kvm_host_free` (which then returns
/// without waiting; the callback still gets the run's last records) may be called; it must
/// not unwind (C++ exception, Go panic) into kvm.
///
/// # Safety
/// `host` is NULL or a live host from `kvm_host_new`; `request_json` is NULL or a
/// NUL-terminated string, read during the call only. `log` and `user_data` must stay valid
/// until this function returns.
#[no_mangle]
pub unsafe extern "C" fn kvm_run(
    host: *const KvmHost,
    request_json: *const c_char,
    log: KvmLogCallback,
    user_data: *mut c_void,
) -> *mut c_char {
    let report = guarded(
        |panic| host::refused_report(request_json, &format!("CRASHED: kvm_run: {panic}")),
        || {
            let Some(host) = host.as_ref().map(KvmHost::shared) else {
                return host::refused_report(request_json, "kvm_run: host is NULL");
            };
            match read_str(request_json, "request_json") {
                Ok(json) => host.run(json, callback::sink(log, user_data)),
                Err(message) => host::refused_report(std::ptr::null(), &message),
            }
        },
    );
    into_c_string(serde_json::to_string(&report).expect("a report serializes"))
}

/// Cancels the host's runs going or queued with this id (the request's `id`): each ends at
/// once with outcome `cancelled` and its `kvm_run` returns. Callable from any thread,
/// including a log callback. Returns 1 if a run had that id, 0 if none (not started yet,
/// already ended, or never existed), -1 if `host` or `run_id` is NULL or `run_id` is not
/// UTF-8.
///
/// # Safety
/// `host` is NULL or a live host from `kvm_host_new`; `run_id` is NULL or a NUL-terminated
/// string, read during the call only.
#[no_mangle]
pub unsafe extern "C" fn kvm_run_cancel(host: *const KvmHost, run_id: *const c_char) -> c_int {
    guarded(
        |_| -1,
        || {
            let Some(host) = host.as_ref().map(KvmHost::shared) else {
                return -1;
            };
            match read_str(run_id, "run_id") {
                Ok(id) => c_int::from(host.cancel(id)),
                Err(_) => -1,
            }
        },
    )
}

/// Destroys a host: its runs going or queued are cancelled (their `kvm_run` calls return
/// `cancelled` reports), and, unless called from a log callback, this returns once every
/// `kvm_run` and `kvm_run_cancel` call on the host has returned, so no callback runs
/// afterwards. NULL is ignored.
///
/// # Safety
/// `host` is NULL or a host from `kvm_host_new`, destroyed once. Calls on it already in
/// progress on other threads are safe; the caller must make sure no new call on it starts
/// from the moment this is called (e.g. stop handing out the pointer first).
#[no_mangle]
pub unsafe extern "C" fn kvm_host_free(host: *mut KvmHost) {
    if host.is_null() {
        return;
    }
    let host = Box::from_raw(host);
    guarded(|_| (), || host.shared().close());
}

/// Frees a string kvm returned (a report, an error). NULL is ignored.
///
/// # Safety
/// `s` is NULL or a string returned by kvm, freed once.
#[no_mangle]
pub unsafe extern "C" fn kvm_string_free(s: *mut c_char) {
    if !s.is_null() {
        drop(std::ffi::CString::from_raw(s));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::{CStr, CString};

    /// Takes a string kvm returned, as C would, and frees it.
    fn take(s: *mut c_char) -> serde_json::Value {
        let value = serde_json::from_str(unsafe { CStr::from_ptr(s) }.to_str().unwrap()).unwrap();
        unsafe { kvm_string_free(s) };
        value
    }

    fn hello(id: &str) -> CString {
        let hello = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/hello");
        CString::new(format!(r#"{{"id": "{id}", "konnector": "{hello}"}}"#)).unwrap()
    }

    #[test]
    fn a_run_from_a_thread_of_an_async_runtime_blocks_it_and_reports() {
        let host = unsafe { kvm_host_new(c"{}".as_ptr(), std::ptr::null_mut()) };
        assert!(!host.is_null());
        let request = hello("h1");
        // A cgo caller cannot know whether its thread runs an async runtime: kvm_run must
        // work there too (tokio's own blocking wait would panic and leave the run going).
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let report = runtime.block_on(async {
            take(unsafe { kvm_run(host, request.as_ptr(), None, std::ptr::null_mut()) })
        });
        assert_eq!(report["outcome"], "success", "{report}");
        assert_eq!(report["id"], "h1");
        // The id is free again once its run reported.
        let again = take(unsafe { kvm_run(host, request.as_ptr(), None, std::ptr::null_mut()) });
        assert_eq!(again["outcome"], "success", "{again}");
        unsafe { kvm_host_free(host) };
    }

    #[test]
    fn a_log_callback_may_cancel_its_run_and_destroy_its_host() {
        /// Cancels the run, then frees the host, on the run's first record (the host is
        /// gone for the next ones).
        unsafe extern "C" fn on_record(host: *mut c_void, run_id: *const c_char, _: *const c_char) {
            static FREED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
            if FREED.swap(true, std::sync::atomic::Ordering::SeqCst) {
                return;
            }
            let host = host.cast::<KvmHost>();
            assert_eq!(kvm_run_cancel(host, run_id), 1);
            kvm_host_free(host);
        }
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("long.js");
        std::fs::write(
            &script,
            "console.log('started'); setInterval(() => {}, 1000);",
        )
        .unwrap();
        let request =
            CString::new(format!(r#"{{"id": "long", "konnector": {script:?}}}"#)).unwrap();
        let host = unsafe { kvm_host_new(c"{}".as_ptr(), std::ptr::null_mut()) };
        let report = take(unsafe { kvm_run(host, request.as_ptr(), Some(on_record), host.cast()) });
        assert_eq!(report["outcome"], "cancelled", "{report}");
    }

    #[test]
    fn a_host_from_no_config_is_an_error_naming_it() {
        let mut error = std::ptr::null_mut();
        let host = unsafe { kvm_host_new(std::ptr::null(), &mut error) };
        assert!(host.is_null());
        assert_eq!(take(error)["error"], "config_json is NULL");
    }
}
