//! The isolate's allocator: counts every byte QuickJS holds, refuses to go past the heap cap,
//! and remembers that it refused (DESIGN §5). QuickJS turns a refused allocation into an
//! ordinary, catchable "out of memory" exception; the interrupt handler reads
//! [`HeapMeter::exhausted`] so a script cannot catch its way past the cap. Ending JS itself
//! allocates (the uncatchable "interrupted" error): once the host decides to stop, a small
//! reserve above the cap makes room for it.
//!
//! QuickJS never calls the interrupt handler while it compiles, so a huge script (or `eval`
//! of a huge string) would outlast a cancel or the deadline. The allocator is the one hook
//! compiling goes through: once the run is cancelled or past its deadline, it refuses
//! every allocation until the host opens the reserve, and the compile fails at its next one.

use std::alloc::{self, Layout};
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use rquickjs::allocator::Allocator;

use crate::run::cancel::Cancel;

/// Shared between the allocator (inside the runtime) and the host.
#[derive(Debug)]
pub struct HeapMeter {
    limit: usize,
    used: AtomicUsize,
    peak: AtomicUsize,
    exhausted: AtomicBool,
    /// Set when the run is being stopped: the reserve is usable.
    stopping: AtomicBool,
    cancel: Cancel,
    deadline: Instant,
    /// Allocations until the next look at the clock.
    until_clock: AtomicU32,
}

/// Room above the cap for the error that stops the run (and its stack trace).
const STOP_RESERVE: usize = 2 * 1024 * 1024;

/// The deadline is read once every this many allocations: a clock read costs about what an
/// allocation does, and compiling allocates far more often than a millisecond passes.
const CLOCK_EVERY: u32 = 256;

impl HeapMeter {
    /// A meter refusing past `limit` bytes, and everything once `cancel` is raised or
    /// `deadline` has passed (until [`HeapMeter::stopping`]).
    pub fn new(limit: usize, cancel: Cancel, deadline: Instant) -> Arc<Self> {
        Arc::new(HeapMeter {
            limit,
            used: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
            exhausted: AtomicBool::new(false),
            stopping: AtomicBool::new(false),
            cancel,
            deadline,
            until_clock: AtomicU32::new(CLOCK_EVERY),
        })
    }

    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::Relaxed)
    }

    pub fn used(&self) -> usize {
        self.used.load(Ordering::Relaxed)
    }

    pub fn exhausted(&self) -> bool {
        self.exhausted.load(Ordering::Relaxed)
    }

    /// Opens the reserve: called once the host has decided to stop the run.
    pub fn stopping(&self) {
        self.stopping.store(true, Ordering::Relaxed);
    }

    /// Whether the host wants the run stopped: the stop reasons that come from outside the
    /// isolate. Refusing for them is not running out of memory: `exhausted` stays unset.
    fn halted(&self) -> bool {
        if self.cancel.is_requested() {
            return true;
        }
        if self.until_clock.fetch_sub(1, Ordering::Relaxed) > 1 {
            return false;
        }
        self.until_clock.store(CLOCK_EVERY, Ordering::Relaxed);
        Instant::now() >= self.deadline
    }

    /// Charges memory the host holds for the run outside QuickJS (parsed HTML documents)
    /// to the same budget; `false`, and the run exhausted, when it does not fit.
    pub fn charge(&self, bytes: usize) -> bool {
        self.reserve(bytes)
    }

    /// Gives back what [`HeapMeter::charge`] took.
    pub fn refund(&self, bytes: usize) {
        self.release(bytes);
    }

    fn reserve(&self, bytes: usize) -> bool {
        let stopping = self.stopping.load(Ordering::Relaxed);
        if !stopping && self.halted() {
            return false;
        }
        let used = self.used.load(Ordering::Relaxed);
        let limit = if stopping {
            self.limit.saturating_add(STOP_RESERVE)
        } else {
            self.limit
        };
        if used.saturating_add(bytes) > limit {
            self.exhausted.store(true, Ordering::Relaxed);
            return false;
        }
        // One runtime allocates from one thread at a time: load/store is enough.
        self.used.store(used + bytes, Ordering::Relaxed);
        self.peak.fetch_max(used + bytes, Ordering::Relaxed);
        true
    }

    fn release(&self, bytes: usize) {
        self.used.fetch_sub(bytes, Ordering::Relaxed);
    }
}

/// Each block carries its size in a header, so freeing knows what to give back.
const HEADER: usize = 16;
const ALIGN: usize = 16;

fn layout(size: usize) -> Option<Layout> {
    Layout::from_size_align(size.checked_add(HEADER)?, ALIGN).ok()
}

pub struct MeteredAllocator(pub Arc<HeapMeter>);

impl MeteredAllocator {
    fn allocate(&mut self, size: usize, zeroed: bool) -> *mut u8 {
        let Some(layout) = layout(size) else {
            return std::ptr::null_mut();
        };
        if !self.0.reserve(layout.size()) {
            return std::ptr::null_mut();
        }
        // SAFETY: the layout has a non-zero size (it includes the header).
        let base = unsafe {
            if zeroed {
                alloc::alloc_zeroed(layout)
            } else {
                alloc::alloc(layout)
            }
        };
        if base.is_null() {
            self.0.release(layout.size());
            return base;
        }
        // SAFETY: `base` holds at least HEADER bytes, aligned for usize.
        unsafe {
            base.cast::<usize>().write(size);
            base.add(HEADER)
        }
    }
}

// SAFETY: blocks are 16-byte aligned, at least the requested size, and freed with the
// layout they were allocated with (read back from the header).
unsafe impl Allocator for MeteredAllocator {
    fn alloc(&mut self, size: usize) -> *mut u8 {
        self.allocate(size, false)
    }

    fn calloc(&mut self, count: usize, size: usize) -> *mut u8 {
        match count.checked_mul(size) {
            Some(total) => self.allocate(total, true),
            None => std::ptr::null_mut(),
        }
    }

    unsafe fn dealloc(&mut self, ptr: *mut u8) {
        let base = ptr.sub(HEADER);
        let size = base.cast::<usize>().read();
        let layout = Layout::from_size_align_unchecked(size + HEADER, ALIGN);
        self.0.release(layout.size());
        alloc::dealloc(base, layout);
    }

    unsafe fn realloc(&mut self, ptr: *mut u8, new_size: usize) -> *mut u8 {
        // libc's contract, which QuickJS may rely on.
        if ptr.is_null() {
            return self.allocate(new_size, false);
        }
        let base = ptr.sub(HEADER);
        let old_size = base.cast::<usize>().read();
        let old = Layout::from_size_align_unchecked(old_size + HEADER, ALIGN);
        let Some(new) = layout(new_size) else {
            return std::ptr::null_mut();
        };
        if new.size() > old.size() && !self.0.reserve(new.size() - old.size()) {
            return std::ptr::null_mut();
        }
        let moved = alloc::realloc(base, old, new.size());
        if moved.is_null() {
            if new.size() > old.size() {
                self.0.release(new.size() - old.size());
            }
            return moved;
        }
        if new.size() < old.size() {
            self.0.release(old.size() - new.size());
        }
        moved.cast::<usize>().write(new_size);
        moved.add(HEADER)
    }

    unsafe fn usable_size(ptr: *mut u8) -> usize {
        ptr.sub(HEADER).cast::<usize>().read()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::time::Duration;

    fn far() -> Instant {
        Instant::now() + Duration::from_secs(3600)
    }

    #[test]
    fn counts_peak_and_refuses_past_the_limit() {
        let meter = HeapMeter::new(1000, Cancel::default(), far());
        let mut a = MeteredAllocator(meter.clone());
        let p = a.alloc(400);
        assert!(!p.is_null());
        let p = unsafe { a.realloc(p, 600) };
        assert!(!p.is_null());
        assert_eq!(meter.peak(), 600 + HEADER);
        assert!(a.alloc(500).is_null());
        assert!(meter.exhausted());
        meter.stopping();
        let q = a.alloc(500);
        assert!(!q.is_null());
        unsafe { a.dealloc(q) };
        unsafe { a.dealloc(p) };
        assert_eq!(meter.used.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn a_cancel_refuses_everything_until_the_stop_opens_the_reserve() {
        let cancel = Cancel::default();
        let meter = HeapMeter::new(1 << 20, cancel.clone(), far());
        let mut a = MeteredAllocator(meter.clone());
        let p = a.alloc(100);
        assert!(!p.is_null());
        cancel.cancel();
        assert!(a.alloc(100).is_null());
        assert!(unsafe { a.realloc(p, 200) }.is_null());
        assert!(!meter.exhausted(), "a cancel is not an out-of-memory");
        meter.stopping();
        let q = a.alloc(100);
        assert!(!q.is_null());
        unsafe { a.dealloc(q) };
        unsafe { a.dealloc(p) };
    }

    #[test]
    fn the_deadline_refuses_within_a_few_hundred_allocations() {
        let meter = HeapMeter::new(1 << 30, Cancel::default(), Instant::now());
        let mut a = MeteredAllocator(meter.clone());
        let refused = (0..=CLOCK_EVERY)
            .map(|_| a.alloc(8))
            .position(|p| p.is_null());
        assert!(refused.is_some(), "no refusal past the deadline");
        assert!(!meter.exhausted());
    }
}
