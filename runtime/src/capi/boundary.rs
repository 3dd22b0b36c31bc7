//! No panic crosses into C: unwinding out of an `extern "C"` function aborts the caller's
//! whole process (the stack), so each entry point turns one into its own error value.

use std::panic::{catch_unwind, AssertUnwindSafe};

/// Runs `body`; if it panics, returns `on_panic(<the panic's message>)` instead.
pub fn guarded<T>(on_panic: impl FnOnce(String) -> T, body: impl FnOnce() -> T) -> T {
    // Nothing `body` touches is reused after a panic but the host's state, whose locks
    // recover from poisoning.
    catch_unwind(AssertUnwindSafe(body))
        .unwrap_or_else(|panic| on_panic(crate::run::panic_message(&panic)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_the_fallback_value_with_its_message() {
        let value = guarded(|message| message, || -> String { panic!("boom {}", 1) });
        assert_eq!(value, "boom 1");
        assert_eq!(guarded(|_| 0, || 7), 7);
    }
}
