//! The in-process side of the cache: verified bytecode kept in memory, least recently used
//! first out, bounded by bytes, so a long-lived host running the same konnectors again
//! reads no file.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::key::CacheKey;

pub struct Lru {
    capacity: usize,
    used: usize,
    /// Bumped on every use: an entry's last use orders eviction.
    clock: u64,
    entries: HashMap<CacheKey, (u64, Arc<[u8]>)>,
    by_use: BTreeMap<u64, CacheKey>,
}

impl Lru {
    pub fn new(capacity: usize) -> Self {
        Lru {
            capacity,
            used: 0,
            clock: 0,
            entries: HashMap::new(),
            by_use: BTreeMap::new(),
        }
    }

    pub fn get(&mut self, key: &CacheKey) -> Option<Arc<[u8]>> {
        self.clock += 1;
        let (used_at, bytes) = self.entries.get_mut(key)?;
        self.by_use.remove(used_at);
        *used_at = self.clock;
        self.by_use.insert(self.clock, *key);
        Some(bytes.clone())
    }

    /// Keeps `bytes` under `key`, dropping the least recently used entries past the
    /// capacity; an entry larger than the whole capacity is not kept.
    pub fn insert(&mut self, key: CacheKey, bytes: Arc<[u8]>) {
        self.remove(&key);
        if bytes.len() > self.capacity {
            return;
        }
        self.clock += 1;
        self.used += bytes.len();
        self.entries.insert(key, (self.clock, bytes));
        self.by_use.insert(self.clock, key);
        while self.used > self.capacity {
            let Some((_, oldest)) = self.by_use.pop_first() else {
                break;
            };
            if let Some((_, bytes)) = self.entries.remove(&oldest) {
                self.used -= bytes.len();
            }
        }
    }

    fn remove(&mut self, key: &CacheKey) {
        if let Some((used_at, bytes)) = self.entries.remove(key) {
            self.by_use.remove(&used_at);
            self.used -= bytes.len();
        }
    }

    #[cfg(test)]
    fn used(&self) -> usize {
        self.used
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: u8) -> CacheKey {
        CacheKey([n; 32])
    }

    fn bytes(len: usize) -> Arc<[u8]> {
        vec![0; len].into()
    }

    #[test]
    fn the_least_recently_used_goes_first_and_bytes_stay_bounded() {
        let mut lru = Lru::new(100);
        lru.insert(key(1), bytes(40));
        lru.insert(key(2), bytes(40));
        assert!(lru.get(&key(1)).is_some()); // 2 is now the least recently used
        lru.insert(key(3), bytes(40));
        assert!(lru.get(&key(2)).is_none());
        assert!(lru.get(&key(1)).is_some() && lru.get(&key(3)).is_some());
        assert_eq!(lru.used(), 80);
    }

    #[test]
    fn replacing_an_entry_counts_its_bytes_once() {
        let mut lru = Lru::new(100);
        lru.insert(key(1), bytes(60));
        lru.insert(key(1), bytes(30));
        assert_eq!(lru.used(), 30);
        assert_eq!(lru.get(&key(1)).unwrap().len(), 30);
    }

    #[test]
    fn an_entry_larger_than_the_capacity_is_not_kept() {
        let mut lru = Lru::new(100);
        lru.insert(key(1), bytes(50));
        lru.insert(key(2), bytes(101));
        assert!(lru.get(&key(2)).is_none());
        assert!(lru.get(&key(1)).is_some());
        assert_eq!(lru.used(), 50);
    }
}
