//! The isolate's allocator: counts every byte QuickJS holds, refuses to go past the heap cap,
//! and remembers that it refused (DESIGN §5). QuickJS turns a refused allocation into an
//! ordinary, catchable "out of memory" exception; the interrupt handler reads
//! [`HeapMeter::exhausted`] so a script cannot catch its way past the cap. Ending JS itself
//! allocates (the uncatchable "interrupted" error): once the host decides to stop, a small
//! reserve above the cap makes room for it.

use std::alloc::{self, Layout};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use rquickjs::allocator::Allocator;

/// Shared between the allocator (inside the runtime) and the host.
#[derive(Debug)]
pub struct HeapMeter {
    limit: usize,
    used: AtomicUsize,
    peak: AtomicUsize,
    exhausted: AtomicBool,
    /// Set when the run is being stopped: the reserve is usable.
    stopping: AtomicBool,
}

/// Room above the cap for the error that stops the run (and its stack trace).
const STOP_RESERVE: usize = 2 * 1024 * 1024;

impl HeapMeter {
    pub fn new(limit: usize) -> Arc<Self> {
        Arc::new(HeapMeter {
            limit,
            used: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
            exhausted: AtomicBool::new(false),
            stopping: AtomicBool::new(false),
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

    fn reserve(&self, bytes: usize) -> bool {
        let used = self.used.load(Ordering::Relaxed);
        let limit = if self.stopping.load(Ordering::Relaxed) {
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

    #[test]
    fn counts_peak_and_refuses_past_the_limit() {
        let meter = HeapMeter::new(1000);
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
}
