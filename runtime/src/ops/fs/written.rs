//! Which files of the scratch folder a run created or wrote: the report's `files_written`.
//! Files are told apart by inode, so writing one file many times, under any of its names,
//! counts once; once its bytes are released the inode may be reused by a new file, which
//! then counts as another.

use std::collections::HashSet;

use super::files::Key;

#[derive(Debug, Default)]
pub struct Written {
    /// Files written that still exist.
    live: HashSet<Key>,
    count: u64,
}

impl Written {
    /// `key` was created, truncated or written to.
    pub fn note(&mut self, key: Key) {
        if self.live.insert(key) {
            self.count += 1;
        }
    }

    /// `key`'s file is gone from the disk.
    pub fn forget(&mut self, key: Key) {
        self.live.remove(&key);
    }

    /// Files written over the run, gone or not.
    pub fn count(&self) -> u64 {
        self.count
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_counts_once_until_it_is_gone() {
        let mut written = Written::default();
        written.note((1, 10));
        written.note((1, 10));
        written.note((1, 11));
        assert_eq!(written.count(), 2);
        written.forget((1, 10));
        assert_eq!(written.count(), 2);
        written.note((1, 10));
        assert_eq!(written.count(), 3);
    }
}
