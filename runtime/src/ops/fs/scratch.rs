//! The run's scratch folder (DESIGN §3, §5): the one place a script may write, `os.tmpdir()`
//! inside the isolate. Created when the run starts with a unique name, removed when the
//! [`Scratch`] guard drops, which `run()` holds past the run's thread, so a timeout, an
//! error or a panic removes it too. [`Quota`] bounds what it may hold.

use std::cell::Cell;
use std::io;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// What every file and folder costs besides its bytes, as a filesystem block would: it
/// bounds the number of entries too, not only their size.
pub const ENTRY_BYTES: u64 = 4096;

#[derive(Debug, thiserror::Error)]
#[error("cannot create the run's scratch folder under {parent}: {source}")]
pub struct ScratchError {
    parent: PathBuf,
    source: io::Error,
}

/// Owns the scratch folder: dropping it removes the folder and everything in it.
#[derive(Debug)]
pub struct Scratch {
    path: PathBuf,
}

impl Scratch {
    /// Creates `<parent>/kvm-run-<random>`, readable by the host's user only.
    pub fn create(parent: &Path) -> Result<Scratch, ScratchError> {
        let fail = |source| ScratchError {
            parent: parent.to_path_buf(),
            source,
        };
        let parent_real = std::fs::canonicalize(parent).map_err(fail)?;
        let name = format!("kvm-run-{}", uuid::Uuid::new_v4().simple());
        let path = parent_real.join(name);
        std::fs::DirBuilder::new()
            .mode(0o700)
            .create(&path)
            .map_err(fail)?;
        Ok(Scratch { path })
    }

    /// Canonical.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let removed = std::fs::remove_dir_all(&self.path).or_else(|_| {
            // The script may have taken its own permissions away from a folder.
            grant_owner(&self.path);
            std::fs::remove_dir_all(&self.path)
        });
        match removed {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => {
                tracing::warn!(path = %self.path.display(), "cannot remove the scratch folder: {e}")
            }
        }
    }
}

/// Gives the owner full access to every folder under `dir` (best effort).
fn grant_owner(dir: &Path) {
    let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            grant_owner(&entry.path());
        }
    }
}

/// Bytes the scratch folder may hold, holds, and held at most: each entry counts
/// [`ENTRY_BYTES`] plus its length, so a sparse write far into a file counts as if it were
/// filled.
#[derive(Debug)]
pub struct Quota {
    limit: u64,
    used: Cell<u64>,
    peak: Cell<u64>,
}

impl Quota {
    pub fn new(limit: u64) -> Self {
        Quota {
            limit,
            used: Cell::new(0),
            peak: Cell::new(0),
        }
    }

    pub fn limit(&self) -> u64 {
        self.limit
    }

    pub fn used(&self) -> u64 {
        self.used.get()
    }

    /// The most [`Quota::used`] has been (the report's `disk_bytes`).
    pub fn peak(&self) -> u64 {
        self.peak.get()
    }

    /// Whether `bytes` more still fit.
    pub fn fits(&self, bytes: u64) -> bool {
        self.used.get().saturating_add(bytes) <= self.limit
    }

    /// Records a change of size, once it happened on disk.
    pub fn adjust(&self, before: u64, after: u64) {
        let used = self
            .used
            .get()
            .saturating_add(after.saturating_sub(before))
            .saturating_sub(before.saturating_sub(after));
        self.used.set(used);
        self.peak.set(self.peak.get().max(used));
    }

    /// The note of an `ENOSPC` error.
    pub fn note(&self) -> String {
        const MIB: u64 = 1024 * 1024;
        let size = if self.limit.is_multiple_of(MIB) {
            format!("{} MiB", self.limit / MIB)
        } else {
            format!("{} bytes", self.limit)
        };
        format!("the run's disk quota of {size} is used up")
    }
}

/// What an entry counts against the quota.
pub fn footprint(meta: &std::fs::Metadata) -> u64 {
    ENTRY_BYTES + if meta.is_file() { meta.len() } else { 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scratch_folder_is_unique_private_and_removed_on_drop() {
        let parent = tempfile::tempdir().unwrap();
        let a = Scratch::create(parent.path()).unwrap();
        let b = Scratch::create(parent.path()).unwrap();
        assert_ne!(a.path(), b.path());
        let mode = std::fs::metadata(a.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
        let locked = a.path().join("x/y");
        std::fs::create_dir_all(&locked).unwrap();
        std::fs::write(locked.join("f"), "data").unwrap();
        std::fs::set_permissions(a.path().join("x"), std::fs::Permissions::from_mode(0o000))
            .unwrap();
        let path = a.path().to_path_buf();
        drop(a);
        assert!(!path.exists());
        let missing = parent.path().join("missing");
        let error = Scratch::create(&missing).unwrap_err().to_string();
        assert!(
            error.starts_with("cannot create the run's scratch folder under"),
            "{error}"
        );
    }

    #[test]
    fn quota_counts_growth_and_release() {
        let quota = Quota::new(10 * 1024 * 1024);
        assert!(quota.fits(10 * 1024 * 1024));
        quota.adjust(0, 6 * 1024 * 1024);
        assert!(!quota.fits(5 * 1024 * 1024));
        quota.adjust(6 * 1024 * 1024, 1024);
        assert_eq!(quota.used(), 1024);
        quota.adjust(5000, 0);
        assert_eq!(quota.used(), 0);
        assert_eq!(quota.peak(), 6 * 1024 * 1024);
        assert_eq!(quota.note(), "the run's disk quota of 10 MiB is used up");
        assert_eq!(
            Quota::new(1000).note(),
            "the run's disk quota of 1000 bytes is used up"
        );
    }
}
