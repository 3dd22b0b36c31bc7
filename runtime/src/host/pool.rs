//! The bound on runs at once: a run starts on a dispatch thread when a place is free, else
//! waits in a queue; a dispatch thread takes the next queued run when its own ends, and
//! ends when the queue is empty. No thread idles while nothing runs. A dispatch thread has
//! the stack a run needs, so a run with the default limits runs on it, not on a thread of
//! its own.

use std::collections::VecDeque;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Mutex};

/// The stack of a dispatch thread.
pub(super) const DISPATCH_STACK_BYTES: usize = crate::run::THREAD_STACK_BYTES;

/// A queued run: `start` runs it to its end (a cancelled one ends at once).
pub(super) struct Task {
    pub id: u64,
    pub start: Box<dyn FnOnce() + Send>,
}

pub(super) struct Pool {
    bound: usize,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    running: usize,
    queue: VecDeque<Task>,
}

impl Pool {
    pub fn new(bound: usize) -> Arc<Pool> {
        Arc::new(Pool {
            bound: bound.max(1),
            state: Mutex::default(),
        })
    }

    pub fn submit(self: &Arc<Self>, task: Task) {
        {
            let mut state = self.lock();
            if state.running >= self.bound {
                state.queue.push_back(task);
                return;
            }
            state.running += 1;
        }
        let pool = self.clone();
        let dispatched = std::thread::Builder::new()
            .name("kvm-dispatch".into())
            .stack_size(DISPATCH_STACK_BYTES)
            .spawn(move || pool.dispatch(task));
        if let Err(e) = dispatched {
            // No thread, no run: give the place back. The task's report channel is
            // dropped with it, which its handle reports as a crash naming this error.
            tracing::error!("kvm: cannot start a dispatch thread: {e}");
            self.lock().running -= 1;
        }
    }

    /// Takes `id` out of the queue if it has not started.
    pub fn take_queued(&self, id: u64) -> Option<Task> {
        let mut state = self.lock();
        let at = state.queue.iter().position(|task| task.id == id)?;
        state.queue.remove(at)
    }

    /// Runs waiting in the queue and runs going.
    pub fn load(&self) -> (usize, usize) {
        let state = self.lock();
        (state.queue.len(), state.running)
    }

    fn dispatch(&self, first: Task) {
        let mut task = first;
        loop {
            // A task reports its own panics (`run::execute` catches the run's); one escaping here
            // (from a log sink, say) must not take the place with it, or the queue behind
            // would wait forever.
            if let Err(panic) = catch_unwind(AssertUnwindSafe(task.start)) {
                tracing::error!(
                    "kvm: a run's dispatch panicked: {}",
                    crate::run::panic_message(&panic)
                );
            }
            let mut state = self.lock();
            match state.queue.pop_front() {
                Some(next) => task = next,
                None => {
                    state.running -= 1;
                    return;
                }
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A task never runs under the lock, so a poisoned lock only means a panic between
        // two counter updates: the state is still whole.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::mpsc;

    #[test]
    fn never_more_than_the_bound_at_once_and_every_task_runs() {
        let pool = Pool::new(3);
        let now = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let (done, finished) = mpsc::channel();
        // The first three wait for each other: they must all be running at once.
        let first = Arc::new(std::sync::Barrier::new(3));
        for id in 0..20 {
            let (now, most, done, first) = (now.clone(), most.clone(), done.clone(), first.clone());
            pool.submit(Task {
                id,
                start: Box::new(move || {
                    let at_once = now.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(at_once, Ordering::SeqCst);
                    if id < 3 {
                        first.wait();
                    }
                    std::thread::sleep(std::time::Duration::from_millis(5));
                    now.fetch_sub(1, Ordering::SeqCst);
                    done.send(id).unwrap();
                }),
            });
        }
        let mut ids: Vec<u64> = (0..20).map(|_| finished.recv().unwrap()).collect();
        ids.sort();
        assert_eq!(ids, (0..20).collect::<Vec<_>>());
        assert_eq!(most.load(Ordering::SeqCst), 3);
    }

    #[test]
    fn a_panicking_task_gives_its_place_back() {
        let pool = Pool::new(1);
        let (done, finished) = mpsc::channel();
        pool.submit(Task {
            id: 1,
            start: Box::new(|| panic!("a sink that panics")),
        });
        pool.submit(Task {
            id: 2,
            start: Box::new(move || done.send(()).unwrap()),
        });
        finished
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("the task queued behind a panic runs");
    }

    #[test]
    fn a_queued_task_can_be_taken_out() {
        let pool = Pool::new(1);
        let (release, wait) = mpsc::channel::<()>();
        pool.submit(Task {
            id: 1,
            start: Box::new(move || wait.recv().unwrap()),
        });
        pool.submit(Task {
            id: 2,
            start: Box::new(|| unreachable!("taken out of the queue")),
        });
        assert_eq!(pool.load(), (1, 1));
        assert!(pool.take_queued(2).is_some());
        assert!(
            pool.take_queued(1).is_none(),
            "a started task is not in the queue"
        );
        release.send(()).unwrap();
    }
}
