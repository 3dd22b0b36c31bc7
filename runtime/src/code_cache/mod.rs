//! The host-owned bytecode cache of konnector code (issue 7): a konnector's first run
//! compiles each large file and stores its bytecode; later runs read it instead of parsing.
//!
//! Only kvm writes entries, in a folder only the host reaches (created 0700, never inside
//! the konnector's folder); each entry is authenticated with a secret of this cache
//! (`entry.rs`) and checked before QuickJS sees a byte of it: QuickJS trusts the bytecode
//! it reads. Writes go through a temporary file renamed into place, so concurrent runs
//! never read half an entry (both may compile once). Entries are named by what they were
//! compiled from (`key.rs`), so editing a file simply makes a new entry.
//!
//! This module stores bytes; compiling and reading them is `engine/code.rs`.

mod entry;
mod key;
mod memory;

use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub use entry::Refused;
pub use key::{CacheKey, KeyInputs};

/// Name of the per-cache secret inside the folder.
const SECRET_FILE: &str = "secret";

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("code cache {dir}: {source}")]
    Io { dir: PathBuf, source: io::Error },
    #[error(
        "code cache {dir}: the folder is writable by other users (mode {mode:o}); \
         run `chmod 700 {dir}` or choose another --cache-dir"
    )]
    Shared { dir: PathBuf, mode: u32 },
    #[error(
        "code cache {dir}: {SECRET_FILE} is not a 32-byte key; delete it and the cache \
         rebuilds itself"
    )]
    BadSecret { dir: PathBuf },
}

/// What a run did with the cache, for its report.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CodeStats {
    /// Files whose bytecode was read from the cache instead of compiled.
    pub hits: u64,
    /// Files compiled and stored for the next runs.
    pub writes: u64,
}

/// What a lookup found.
pub enum Lookup {
    /// Verified bytecode.
    Hit(Arc<[u8]>),
    Miss,
    /// An entry that is not loaded (the reason says why); the caller recompiles and stores.
    Refused(Refused),
}

pub struct CodeCache {
    dir: PathBuf,
    secret: entry::Secret,
    memory: Mutex<memory::Lru>,
    min_source_bytes: usize,
}

impl fmt::Debug for CodeCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CodeCache")
            .field("dir", &self.dir)
            .field("min_source_bytes", &self.min_source_bytes)
            .finish_non_exhaustive()
    }
}

impl CodeCache {
    /// Only sources of this size or more get an entry. Measured (release, whole process):
    /// a 76 KB file costs ~30 ms to compile and ~5 ms from the cache, a 7.3 MB bundle ~1 s
    /// and ~0.4 s; below this the few ms saved per file are not worth a file each.
    pub const DEFAULT_MIN_SOURCE_BYTES: usize = 64 * 1024;
    /// Bytes of bytecode kept in memory by one process.
    pub const DEFAULT_MEMORY_BYTES: usize = 128 * 1024 * 1024;

    /// Opens the cache in `dir`, creating it (mode 0700) and its secret (mode 0600).
    pub fn open(dir: impl Into<PathBuf>) -> Result<CodeCache, OpenError> {
        let dir = dir.into();
        let io = |source| OpenError::Io {
            dir: dir.clone(),
            source,
        };
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&dir)
            .map_err(io)?;
        let dir = fs::canonicalize(&dir).map_err(io)?;
        let mode = fs::metadata(&dir).map_err(io)?.permissions().mode();
        if mode & 0o022 != 0 {
            return Err(OpenError::Shared { dir, mode });
        }
        let secret = match secret(&dir) {
            Ok(secret) => secret,
            Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                return Err(OpenError::BadSecret { dir })
            }
            Err(e) => return Err(OpenError::Io { dir, source: e }),
        };
        Ok(CodeCache {
            dir,
            secret,
            memory: Mutex::new(memory::Lru::new(Self::DEFAULT_MEMORY_BYTES)),
            min_source_bytes: Self::DEFAULT_MIN_SOURCE_BYTES,
        })
    }

    /// The user's cache folder for kvm: `$XDG_CACHE_HOME/kvm`, else `~/.cache/kvm`.
    pub fn default_dir() -> Option<PathBuf> {
        let absolute = |var| {
            std::env::var_os(var)
                .map(PathBuf::from)
                .filter(|p| p.is_absolute())
        };
        absolute("XDG_CACHE_HOME")
            .or_else(|| absolute("HOME").map(|home| home.join(".cache")))
            .map(|base| base.join("kvm"))
    }

    /// Only sources of at least `bytes` are cached.
    pub fn with_min_source_bytes(mut self, bytes: usize) -> Self {
        self.min_source_bytes = bytes;
        self
    }

    /// Keeps at most `bytes` of bytecode in this process's memory.
    pub fn with_memory_bytes(mut self, bytes: usize) -> Self {
        self.memory = Mutex::new(memory::Lru::new(bytes));
        self
    }

    /// The cache's folder (canonical).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether a source of `len` bytes is worth caching.
    pub fn worth_caching(&self, len: usize) -> bool {
        len >= self.min_source_bytes
    }

    /// Whether the konnector whose files are at `root` could see the cache folder (or the
    /// reverse): then the cache must not be used for it.
    pub fn overlaps(&self, root: &Path) -> bool {
        let root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        root.starts_with(&self.dir) || self.dir.starts_with(&root)
    }

    /// The verified bytecode stored under `key`, from memory or disk.
    pub fn get(&self, key: &CacheKey) -> Lookup {
        if let Some(bytes) = self.memory().get(key) {
            return Lookup::Hit(bytes);
        }
        let file = match fs::read(self.path(key)) {
            Ok(file) => file,
            // An unreadable entry is as good as none: it is rewritten.
            Err(_) => return Lookup::Miss,
        };
        match entry::open(&self.secret, key, &file) {
            Ok(bytecode) => {
                let bytes: Arc<[u8]> = bytecode.into();
                self.memory().insert(*key, bytes.clone());
                Lookup::Hit(bytes)
            }
            Err(refused) => Lookup::Refused(refused),
        }
    }

    /// Stores `bytecode` under `key`: in memory, and on disk through a temporary file
    /// renamed into place.
    pub fn put(&self, key: &CacheKey, bytecode: Vec<u8>) -> io::Result<()> {
        let sealed = entry::seal(&self.secret, key, &bytecode);
        self.memory().insert(*key, bytecode.into());
        let temp = write_private_temp(&self.dir, &sealed)?;
        fs::rename(&temp, self.path(key)).inspect_err(|_| {
            let _ = fs::remove_file(&temp);
        })
    }

    /// Where the entry for `key` lives.
    pub fn path(&self, key: &CacheKey) -> PathBuf {
        self.dir.join(format!("{key}.qbc"))
    }

    fn memory(&self) -> std::sync::MutexGuard<'_, memory::Lru> {
        // The LRU is consistent after every call: a panic elsewhere cannot break it.
        self.memory.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The cache's secret, created on first use. Concurrent first runs race to link their own
/// into place; the loser reads the winner's.
fn secret(dir: &Path) -> io::Result<entry::Secret> {
    let path = dir.join(SECRET_FILE);
    let read = || -> io::Result<entry::Secret> {
        fs::read(&path)?
            .try_into()
            .map_err(|_| io::Error::from(io::ErrorKind::InvalidData))
    };
    match read() {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        other => return other,
    }
    let mut secret = [0; 32];
    getrandom::fill(&mut secret).map_err(io::Error::other)?;
    let temp = write_private_temp(dir, &secret)?;
    let linked = fs::hard_link(&temp, &path);
    fs::remove_file(&temp)?;
    match linked {
        Ok(()) => Ok(secret),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => read(),
        Err(e) => Err(e),
    }
}

/// A new file in `dir` holding `bytes`, readable by the owner only.
fn write_private_temp(dir: &Path, bytes: &[u8]) -> io::Result<PathBuf> {
    let path = dir.join(format!(".tmp-{}", uuid::Uuid::new_v4()));
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&path)?;
    file.write_all(bytes).inspect_err(|_| {
        let _ = fs::remove_file(&path);
    })?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::key::test_key as key;
    use super::*;

    #[test]
    fn entries_survive_the_process_and_are_checked() {
        let dir = tempfile::tempdir().unwrap();
        let cache = CodeCache::open(dir.path().join("c")).unwrap();
        let k = key("x");
        assert!(matches!(cache.get(&k), Lookup::Miss));
        cache.put(&k, b"bytecode".to_vec()).unwrap();
        // A second cache on the same folder (another process) reads it from disk.
        let again = CodeCache::open(dir.path().join("c")).unwrap();
        assert!(matches!(again.get(&k), Lookup::Hit(b) if &*b == b"bytecode"));
        let path = again.path(&k);
        let mut file = fs::read(&path).unwrap();
        *file.last_mut().unwrap() ^= 1;
        fs::write(&path, file).unwrap();
        let third = CodeCache::open(dir.path().join("c")).unwrap();
        assert!(matches!(third.get(&k), Lookup::Refused(Refused::Checksum)));
        // What was verified before stays in memory: the file is not read again.
        assert!(matches!(again.get(&k), Lookup::Hit(_)));
    }

    #[test]
    fn the_folder_and_secret_are_private_and_the_secret_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c");
        let first = CodeCache::open(&path).unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o700);
        assert_eq!(mode(&path.join(SECRET_FILE)), 0o600);
        assert_eq!(CodeCache::open(&path).unwrap().secret, first.secret);
        let leftovers = fs::read_dir(&path).unwrap().count();
        assert_eq!(leftovers, 1, "only the secret, no temporary file");
    }

    #[test]
    fn a_folder_others_may_write_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o777)).unwrap();
        let error = CodeCache::open(dir.path()).unwrap_err();
        assert!(matches!(error, OpenError::Shared { .. }), "{error}");
        assert!(error.to_string().contains("chmod 700"));
    }

    #[test]
    fn a_konnector_folder_overlapping_the_cache_is_detected() {
        let dir = tempfile::tempdir().unwrap();
        let cache = CodeCache::open(dir.path().join("c")).unwrap();
        assert!(cache.overlaps(dir.path()));
        assert!(cache.overlaps(&dir.path().join("c/k")));
        assert!(!cache.overlaps(&dir.path().join("k")));
    }
}
