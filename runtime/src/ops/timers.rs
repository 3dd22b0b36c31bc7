//! Timers (`setTimeout`, `setInterval`, `setImmediate`) as the host sees them: ids with a
//! deadline, a ref flag and nothing else; the callbacks stay in JS (`js-shims/timers.js`).
//! Kept apart from the engine so the ordering rules are unit-tested without one.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::rc::Rc;
use std::time::{Duration, Instant};

use rquickjs::{Ctx, Exception, Function, Object};

use crate::engine::run_state::RunState;

/// Bound on live timers per run: a script creating timers in a loop ends with a
/// catchable error instead of growing the host's memory (DESIGN §5).
pub const MAX_TIMERS: usize = 100_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Timeout,
    Immediate,
}

struct Entry {
    key: Option<(Instant, u64)>,
    refed: bool,
}

#[derive(Default)]
pub struct TimerQueue {
    by_deadline: BTreeMap<(Instant, u64), u32>,
    immediates: VecDeque<u32>,
    entries: HashMap<u32, Entry>,
    refed: usize,
    seq: u64,
}

#[derive(Debug, thiserror::Error)]
#[error("too many timers: a run may hold at most {MAX_TIMERS} at once")]
pub struct TooManyTimers;

impl TimerQueue {
    /// Schedules `id`; a timer already scheduled under that id is replaced.
    pub fn start(
        &mut self,
        id: u32,
        kind: Kind,
        delay: Duration,
        now: Instant,
    ) -> Result<(), TooManyTimers> {
        self.clear(id);
        if self.entries.len() >= MAX_TIMERS {
            return Err(TooManyTimers);
        }
        let key = match kind {
            Kind::Timeout => {
                self.seq += 1;
                let key = (now + delay, self.seq);
                self.by_deadline.insert(key, id);
                Some(key)
            }
            Kind::Immediate => {
                self.immediates.push_back(id);
                None
            }
        };
        self.entries.insert(id, Entry { key, refed: true });
        self.refed += 1;
        Ok(())
    }

    pub fn clear(&mut self, id: u32) {
        let Some(entry) = self.entries.remove(&id) else {
            return;
        };
        match entry.key {
            Some(key) => {
                self.by_deadline.remove(&key);
            }
            None => self.immediates.retain(|&i| i != id),
        }
        if entry.refed {
            self.refed -= 1;
        }
    }

    /// `ref()`/`unref()`: an unref'd timer still fires but does not keep the run alive.
    pub fn set_ref(&mut self, id: u32, refed: bool) {
        if let Some(entry) = self.entries.get_mut(&id) {
            if entry.refed != refed {
                entry.refed = refed;
                if refed {
                    self.refed += 1;
                } else {
                    self.refed -= 1;
                }
            }
        }
    }

    /// True while some timer keeps the run alive.
    pub fn has_refed(&self) -> bool {
        self.refed > 0
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// When the loop must next wake up: now if immediates are queued, else the earliest
    /// timer's deadline.
    pub fn next_deadline(&self) -> Option<Instant> {
        if !self.immediates.is_empty() {
            return Some(Instant::now());
        }
        self.by_deadline.keys().next().map(|(at, _)| *at)
    }

    /// The immediates queued so far, in order (Node's check phase runs exactly these;
    /// immediates queued by them wait for the next turn).
    pub fn take_immediates(&mut self) -> Vec<u32> {
        let ids: Vec<u32> = self.immediates.drain(..).collect();
        for id in &ids {
            if let Some(entry) = self.entries.remove(id) {
                if entry.refed {
                    self.refed -= 1;
                }
            }
        }
        ids
    }

    /// The earliest timer due at `now`, removed from the queue.
    pub fn pop_due(&mut self, now: Instant) -> Option<u32> {
        let (&key, &id) = self.by_deadline.iter().next()?;
        if key.0 > now {
            return None;
        }
        self.clear(id);
        Some(id)
    }
}

pub(crate) fn install(ops: &Object<'_>, host: &Rc<RunState>) -> rquickjs::Result<()> {
    let ctx = ops.ctx().clone();

    let h = host.clone();
    let start = move |ctx: Ctx<'_>, id: u32, immediate: bool, ms: f64| {
        let (kind, delay) = if immediate {
            (Kind::Immediate, Duration::ZERO)
        } else {
            // Node clamps to [1, 2^31-1] ms and treats NaN as 1.
            let ms = if (1.0..=2_147_483_647.0).contains(&ms) {
                ms
            } else {
                1.0
            };
            (Kind::Timeout, Duration::from_secs_f64(ms / 1000.0))
        };
        h.timers
            .borrow_mut()
            .start(id, kind, delay, Instant::now())
            .map_err(|e| Exception::throw_range(&ctx, &e.to_string()))
    };
    ops.set("timerStart", Function::new(ctx.clone(), start)?)?;

    let h = host.clone();
    let clear = move |id: u32| h.timers.borrow_mut().clear(id);
    ops.set("timerClear", Function::new(ctx.clone(), clear)?)?;

    let h = host.clone();
    let set_ref = move |id: u32, refed: bool| h.timers.borrow_mut().set_ref(id, refed);
    ops.set("timerRef", Function::new(ctx, set_ref)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn due_timers_come_out_in_deadline_then_creation_order() {
        let t0 = Instant::now();
        let mut q = TimerQueue::default();
        q.start(1, Kind::Timeout, 10 * MS, t0).unwrap();
        q.start(2, Kind::Timeout, 5 * MS, t0).unwrap();
        q.start(3, Kind::Timeout, 5 * MS, t0).unwrap();
        assert_eq!(q.pop_due(t0 + 4 * MS), None);
        assert_eq!(q.next_deadline(), Some(t0 + 5 * MS));
        let due: Vec<_> = std::iter::from_fn(|| q.pop_due(t0 + 20 * MS)).collect();
        assert_eq!(due, [2, 3, 1]);
        assert!(q.is_empty() && !q.has_refed());
    }

    #[test]
    fn unref_keeps_the_timer_but_not_the_run() {
        let t0 = Instant::now();
        let mut q = TimerQueue::default();
        q.start(1, Kind::Timeout, MS, t0).unwrap();
        q.set_ref(1, false);
        q.set_ref(1, false);
        assert!(!q.has_refed());
        assert!(!q.is_empty());
        q.set_ref(1, true);
        assert!(q.has_refed());
        q.clear(1);
        assert!(!q.has_refed() && q.is_empty());
    }

    #[test]
    fn immediates_run_in_order_and_can_be_cleared() {
        let t0 = Instant::now();
        let mut q = TimerQueue::default();
        for id in 1..=3 {
            q.start(id, Kind::Immediate, Duration::ZERO, t0).unwrap();
        }
        q.clear(2);
        assert!(q.next_deadline().is_some_and(|at| at <= Instant::now()));
        assert_eq!(q.take_immediates(), [1, 3]);
        assert!(!q.has_refed());
    }

    #[test]
    fn restarting_an_id_replaces_it() {
        let t0 = Instant::now();
        let mut q = TimerQueue::default();
        q.start(1, Kind::Timeout, MS, t0).unwrap();
        q.start(1, Kind::Timeout, 9 * MS, t0).unwrap();
        assert_eq!(q.pop_due(t0 + 2 * MS), None);
        assert_eq!(q.pop_due(t0 + 9 * MS), Some(1));
    }

    #[test]
    fn the_timer_count_is_bounded() {
        let t0 = Instant::now();
        let mut q = TimerQueue::default();
        for id in 0..MAX_TIMERS as u32 {
            q.start(id, Kind::Timeout, MS, t0).unwrap();
        }
        assert!(q.start(u32::MAX, Kind::Timeout, MS, t0).is_err());
    }
}
