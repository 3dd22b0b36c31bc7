//! Cancelling a run: the host's handle raises the flag; the isolate's interrupt handler and
//! its event loop (which may be asleep awaiting a timer or a fetch) both notice it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tokio::sync::Notify;

#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<Flag>);

#[derive(Debug, Default)]
struct Flag {
    requested: AtomicBool,
    notify: Notify,
}

impl Cancel {
    pub fn cancel(&self) {
        self.0.requested.store(true, Ordering::SeqCst);
        self.0.notify.notify_waiters();
    }

    pub fn is_requested(&self) -> bool {
        self.0.requested.load(Ordering::SeqCst)
    }

    /// Resolves once the run is cancelled.
    pub async fn requested(&self) {
        let notified = self.0.notify.notified();
        tokio::pin!(notified);
        // Registered before the check, so a cancel between the two is not missed.
        notified.as_mut().enable();
        if !self.is_requested() {
            notified.await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "current_thread")]
    async fn a_waiter_wakes_on_cancel_from_another_thread() {
        let cancel = Cancel::default();
        let other = cancel.clone();
        let thread = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(20));
            other.cancel();
        });
        cancel.requested().await;
        assert!(cancel.is_requested());
        thread.join().unwrap();
        // Already cancelled: resolves at once.
        cancel.requested().await;
    }
}
