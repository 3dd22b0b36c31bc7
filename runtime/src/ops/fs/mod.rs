//! `fs` for scripts (DESIGN §3): the konnector's own files, read-only, and the run's scratch
//! folder (`os.tmpdir()`), read-write within its quota; any other path fails with `EACCES`
//! naming the rule. The calls are plain Rust on [`Fs`], the run's state, unit-tested
//! without the engine; [`bind`] hands them to `js-shims/internal/fs/`, which builds Node's
//! API (sync, callback, promise and stream forms) over them. Calls are synchronous: the disk
//! is local and the quota bounds every write.

mod archived;
mod bind;
mod calls;
mod error;
mod files;
mod sandbox;
mod scratch;
mod written;

use std::cell::RefCell;
use std::fs::Metadata;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

pub(crate) use bind::install;
pub use error::{Errno, FsError};
pub use scratch::Scratch;

use crate::run::konnector::Source;
use files::Files;
use sandbox::Sandbox;
use scratch::{footprint, Quota};
use written::Written;

/// One run's file system: what it may reach, its quota, its open files.
#[derive(Debug)]
pub struct Fs {
    /// The konnector's files; an archive's are answered from memory (`archived`).
    source: Source,
    sandbox: Sandbox,
    quota: Quota,
    files: RefCell<Files>,
    written: RefCell<Written>,
}

/// What a run did to its scratch folder, for its report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DiskUsage {
    /// Distinct files created, truncated or written to ([`written`]).
    pub files_written: u64,
    /// The quota's peak: the most the folder held at once.
    pub peak_bytes: u64,
}

impl Fs {
    /// `source`'s folder and `scratch` must be canonical.
    pub fn new(source: Source, scratch: PathBuf, max_disk_bytes: u64) -> Self {
        Fs {
            sandbox: Sandbox::new(source.root().to_path_buf(), scratch),
            source,
            quota: Quota::new(max_disk_bytes),
            files: RefCell::default(),
            written: RefCell::default(),
        }
    }

    pub fn usage(&self) -> DiskUsage {
        DiskUsage {
            files_written: self.written.borrow().count(),
            peak_bytes: self.quota.peak(),
        }
    }

    /// Counts the file `meta` describes as written.
    fn wrote(&self, meta: &Metadata) {
        self.written.borrow_mut().note((meta.dev(), meta.ino()));
    }

    /// The scratch folder: `os.tmpdir()`.
    pub fn scratch(&self) -> &Path {
        self.sandbox.scratch()
    }

    /// The disk quota and what the scratch folder holds, in bytes (`fs.statfs`).
    pub fn quota(&self) -> (u64, u64) {
        (self.quota.limit(), self.quota.used())
    }

    /// Gives back what a removed entry held: now, or when its last descriptor closes,
    /// since the disk keeps an open file's blocks until then.
    fn release(&self, meta: &Metadata) {
        let key = (meta.dev(), meta.ino());
        let mut files = self.files.borrow_mut();
        if meta.is_file() && files.is_open(key) {
            files.orphan(key);
        } else {
            self.quota.adjust(footprint(meta), 0);
            self.written.borrow_mut().forget(key);
        }
    }

    /// Fails with `ENOSPC` unless `bytes` more fit in the quota.
    fn reserve(&self, bytes: u64, syscall: &'static str, path: &str) -> Result<(), FsError> {
        if self.quota.fits(bytes) {
            Ok(())
        } else {
            Err(FsError::new(Errno::Enospc, syscall, path).with_note(self.quota.note()))
        }
    }
}

#[cfg(test)]
mod tests;
