//! CPU time of the calling thread, for the report's `cpu_ms`: a run's work happens on its
//! own thread, so the thread's clock is the run's.

use std::time::Duration;

/// User and system CPU time the calling thread has used so far; zero if the clock cannot
/// be read (it can on Linux and macOS).
pub fn thread_cpu_time() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid timespec to write to, and the clock id is a constant.
    let read = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    if read != 0 {
        return Duration::ZERO;
    }
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    #[test]
    fn counts_this_threads_work_not_its_sleep() {
        let before = thread_cpu_time();
        std::thread::sleep(Duration::from_millis(200));
        let slept = thread_cpu_time() - before;
        assert!(slept < Duration::from_millis(100), "{slept:?} while asleep");
        // Busy for 50 ms of wall time: at least some of it on the CPU, never more.
        let (before, start) = (thread_cpu_time(), Instant::now());
        let mut x = 0u64;
        while start.elapsed() < Duration::from_millis(50) {
            x = std::hint::black_box(x.wrapping_add(1));
        }
        let busy = thread_cpu_time() - before;
        assert!(
            busy > Duration::ZERO && busy <= start.elapsed() + Duration::from_millis(10),
            "{busy:?}"
        );
    }
}
