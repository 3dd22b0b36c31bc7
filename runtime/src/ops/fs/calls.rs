//! The calls that take a path: each resolves it through the sandbox first (the access it
//! needs, whether a final symlink is followed), then does the work on the resolved path and
//! keeps the quota's books.

use std::fs::{File, FileTimes, Metadata};
use std::io;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::archived::{archived_fields, node_fields};
use super::error::{Errno, FsError};
use super::sandbox::{Access, Follow, READ_ONLY};
use super::scratch::{footprint, ENTRY_BYTES};
use super::Fs;

/// `fs.constants.{R,W,X}_OK`.
const W_OK: u32 = 2;
const X_OK: u32 = 1;

/// `fs.constants.UV_DIRENT_*`, the kinds `readdir(…, { withFileTypes })` reports.
fn dirent_kind(kind: std::fs::FileType) -> u8 {
    use std::os::unix::fs::FileTypeExt;
    match kind {
        k if k.is_file() => 1,
        k if k.is_dir() => 2,
        k if k.is_symlink() => 3,
        k if k.is_fifo() => 4,
        k if k.is_socket() => 5,
        k if k.is_char_device() => 6,
        k if k.is_block_device() => 7,
        _ => 0,
    }
}

/// A change of a file's metadata: `chmod` or `utimes`.
#[derive(Debug, Clone, Copy)]
pub enum Change {
    Mode(u32),
    /// Access and modification times, in seconds since the epoch.
    Times(f64, f64),
}

impl Change {
    pub fn apply(self, file: &File) -> io::Result<()> {
        match self {
            Change::Mode(mode) => {
                file.set_permissions(std::fs::Permissions::from_mode(mode & 0o777))
            }
            Change::Times(atime, mtime) => file.set_times(
                FileTimes::new()
                    .set_accessed(system_time(atime)?)
                    .set_modified(system_time(mtime)?),
            ),
        }
    }
}

fn system_time(seconds: f64) -> io::Result<SystemTime> {
    let invalid = || io::Error::from(io::ErrorKind::InvalidInput);
    let span = Duration::try_from_secs_f64(seconds.abs()).map_err(|_| invalid())?;
    let time = if seconds >= 0.0 {
        UNIX_EPOCH.checked_add(span)
    } else {
        UNIX_EPOCH.checked_sub(span)
    };
    time.ok_or_else(invalid)
}

/// Node's `Stats` numbers in its order: dev, mode, nlink, uid, gid, rdev, blksize, ino, size,
/// blocks, then atime, mtime, ctime and birthtime in milliseconds. Owners read as the
/// script's own neutral ids (`process.getuid()`), not the host's.
pub fn stat_fields(meta: &Metadata) -> [f64; 14] {
    let ms = |s: i64, ns: i64| s as f64 * 1000.0 + ns as f64 / 1e6;
    let birth = meta
        .created()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0);
    [
        meta.dev() as f64,
        meta.mode() as f64,
        meta.nlink() as f64,
        1000.0,
        1000.0,
        meta.rdev() as f64,
        meta.blksize() as f64,
        meta.ino() as f64,
        meta.size() as f64,
        meta.blocks() as f64,
        ms(meta.atime(), meta.atime_nsec()),
        ms(meta.mtime(), meta.mtime_nsec()),
        ms(meta.ctime(), meta.ctime_nsec()),
        birth,
    ]
}

/// Six random letters and digits for `mkdtemp`, as libuv picks them.
fn random_suffix() -> String {
    const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let random = uuid::Uuid::new_v4();
    random.as_bytes()[..6]
        .iter()
        .map(|b| char::from(CHARS[usize::from(*b) % CHARS.len()]))
        .collect()
}

impl Fs {
    /// `stat`'s numbers for any path, archived ones included.
    pub fn stat_numbers(&self, path: &str, follow: Follow) -> Result<[f64; 14], FsError> {
        match self.archived(path, "stat") {
            Some(found) => Ok(node_fields(&found?)),
            None => self.stat(path, follow).map(|meta| stat_fields(&meta)),
        }
    }

    /// `fstat`'s numbers for any descriptor, archived files included.
    pub fn fstat_numbers(&self, fd: i32) -> Result<[f64; 14], FsError> {
        let size = self.files.borrow().memory_size(fd);
        match size {
            Some(size) => Ok(archived_fields(Some(size))),
            None => self.fstat(fd).map(|meta| stat_fields(&meta)),
        }
    }

    /// `stat` (follows a final symlink) or `lstat`.
    pub fn stat(&self, path: &str, follow: Follow) -> Result<Metadata, FsError> {
        let syscall = if follow == Follow::Yes {
            "stat"
        } else {
            "lstat"
        };
        let real = self.sandbox.resolve(path, Access::Read, follow, syscall)?;
        let meta = match follow {
            Follow::Yes => std::fs::metadata(&real),
            Follow::No => std::fs::symlink_metadata(&real),
        };
        meta.map_err(|e| FsError::io(&e, syscall, path))
    }

    /// `access(path, mode)`: asking for `W_OK` on a konnector file is refused as writing it
    /// would be.
    pub fn access(&self, path: &str, mode: u32) -> Result<(), FsError> {
        const SYSCALL: &str = "access";
        if let Some(found) = self.archived(path, SYSCALL) {
            found?;
            if mode & W_OK != 0 {
                return Err(FsError::new(Errno::Eacces, SYSCALL, path).with_note(READ_ONLY));
            }
            return Ok(());
        }
        let access = if mode & W_OK != 0 {
            Access::Write
        } else {
            Access::Read
        };
        let real = self.sandbox.resolve(path, access, Follow::Yes, SYSCALL)?;
        let meta = std::fs::metadata(&real).map_err(|e| FsError::io(&e, SYSCALL, path))?;
        let denied = (mode & W_OK != 0 && meta.permissions().readonly())
            || (mode & X_OK != 0 && meta.mode() & 0o111 == 0);
        if denied {
            return Err(FsError::new(Errno::Eacces, SYSCALL, path));
        }
        Ok(())
    }

    /// Names and `UV_DIRENT_*` kinds, in the directory's own order (like node).
    pub fn readdir(&self, path: &str) -> Result<Vec<(String, u8)>, FsError> {
        const SYSCALL: &str = "scandir";
        if let Some(found) = self.archived(path, SYSCALL) {
            return self.list_archived(path, found?);
        }
        let fail = |e: io::Error| FsError::io(&e, SYSCALL, path);
        let real = self
            .sandbox
            .resolve(path, Access::Read, Follow::Yes, SYSCALL)?;
        let mut entries = Vec::new();
        for entry in std::fs::read_dir(real).map_err(fail)? {
            let entry = entry.map_err(fail)?;
            let kind = entry.file_type().map_or(0, dirent_kind);
            entries.push((entry.file_name().to_string_lossy().into_owned(), kind));
        }
        Ok(entries)
    }

    /// `mkdir`; with `recursive`, creates the missing parents too and returns how many
    /// folders it created (0 when the folder was already there).
    pub fn mkdir(&self, path: &str, recursive: bool, mode: u32) -> Result<usize, FsError> {
        const SYSCALL: &str = "mkdir";
        let fail = |e: io::Error| FsError::io(&e, SYSCALL, path);
        if recursive {
            // An existing folder needs no write: `mkdir -p` of the konnector's own is fine.
            let real = self
                .sandbox
                .resolve(path, Access::Read, Follow::Yes, SYSCALL)?;
            if std::fs::metadata(real).is_ok_and(|m| m.is_dir()) {
                return Ok(0);
            }
        }
        let real = self
            .sandbox
            .resolve(path, Access::Write, Follow::No, SYSCALL)?;
        let mut missing = vec![real.as_path()];
        if recursive {
            let mut dir = real.as_path();
            loop {
                match std::fs::metadata(dir) {
                    Ok(meta) if meta.is_dir() => {
                        missing.pop();
                        break;
                    }
                    Ok(_) if dir == real => return Err(FsError::new(Errno::Eexist, SYSCALL, path)),
                    Ok(_) => return Err(FsError::new(Errno::Enotdir, SYSCALL, path)),
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                    Err(e) => return Err(fail(e)),
                }
                match dir.parent() {
                    Some(parent) => {
                        dir = parent;
                        missing.push(dir);
                    }
                    None => break,
                }
            }
        }
        self.reserve(ENTRY_BYTES * missing.len() as u64, SYSCALL, path)?;
        for dir in missing.iter().rev() {
            std::fs::DirBuilder::new()
                .mode(mode & 0o777)
                .create(dir)
                .map_err(fail)?;
            self.quota.adjust(0, ENTRY_BYTES);
        }
        Ok(missing.len())
    }

    /// `mkdtemp(prefix)`: a new folder named `prefix` and six random characters.
    pub fn mkdtemp(&self, prefix: &str) -> Result<String, FsError> {
        const SYSCALL: &str = "mkdtemp";
        let shown = format!("{prefix}XXXXXX");
        let fail = |e: io::Error| FsError::io(&e, SYSCALL, &shown);
        for _ in 0..100 {
            let path = format!("{prefix}{}", random_suffix());
            let real = self
                .sandbox
                .resolve(&path, Access::Write, Follow::No, SYSCALL)
                .map_err(|e| FsError {
                    path: Some(shown.clone()),
                    ..e
                })?;
            self.reserve(ENTRY_BYTES, SYSCALL, &shown)?;
            match std::fs::DirBuilder::new().mode(0o700).create(real) {
                Ok(()) => {
                    self.quota.adjust(0, ENTRY_BYTES);
                    return Ok(path);
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(fail(e)),
            }
        }
        Err(FsError::new(Errno::Eexist, SYSCALL, &shown))
    }

    pub fn rmdir(&self, path: &str) -> Result<(), FsError> {
        self.remove(path, "rmdir", |real| {
            self.remove_entry(real, |p| std::fs::remove_dir(p))
        })
    }

    pub fn unlink(&self, path: &str) -> Result<(), FsError> {
        self.remove(path, "unlink", |real| {
            self.remove_entry(real, |p| std::fs::remove_file(p))
        })
    }

    /// `rm -r`: the entry and everything under it (symlinks are removed, not followed).
    pub fn remove_tree(&self, path: &str) -> Result<(), FsError> {
        self.remove(path, "rm", |real| self.remove_below(real))
    }

    fn remove(
        &self,
        path: &str,
        syscall: &'static str,
        remove: impl FnOnce(&Path) -> io::Result<()>,
    ) -> Result<(), FsError> {
        let real = self
            .sandbox
            .resolve(path, Access::Write, Follow::No, syscall)?;
        remove(&real).map_err(|e| FsError::io(&e, syscall, path))
    }

    /// Removes one entry with `op` and releases what it held.
    fn remove_entry(&self, real: &Path, op: fn(&Path) -> io::Result<()>) -> io::Result<()> {
        let meta = std::fs::symlink_metadata(real)?;
        op(real)?;
        self.release(&meta);
        Ok(())
    }

    /// Removes `real` and what it holds, entry by entry, so a failure half-way keeps the
    /// books right.
    fn remove_below(&self, real: &Path) -> io::Result<()> {
        if std::fs::symlink_metadata(real)?.is_dir() {
            for entry in std::fs::read_dir(real)? {
                self.remove_below(&entry?.path())?;
            }
            self.remove_entry(real, |p| std::fs::remove_dir(p))
        } else {
            self.remove_entry(real, |p| std::fs::remove_file(p))
        }
    }

    /// `rename(from, to)`: both in the scratch folder; a replaced entry's bytes are released.
    pub fn rename(&self, from: &str, to: &str) -> Result<(), FsError> {
        const SYSCALL: &str = "rename";
        let fail = |e: io::Error| FsError::io(&e, SYSCALL, from).with_dest(to);
        let source = self
            .sandbox
            .resolve(from, Access::Write, Follow::No, SYSCALL)
            .map_err(|e| e.with_dest(to))?;
        let target = self
            .sandbox
            .resolve(to, Access::Write, Follow::No, SYSCALL)
            .map_err(|e| {
                FsError {
                    path: Some(from.to_string()),
                    ..e
                }
                .with_dest(to)
            })?;
        let moved = std::fs::symlink_metadata(&source).map_err(fail)?;
        let replaced = std::fs::symlink_metadata(&target).ok();
        std::fs::rename(&source, &target).map_err(fail)?;
        if let Some(replaced) = replaced {
            if (replaced.dev(), replaced.ino()) != (moved.dev(), moved.ino()) {
                self.release(&replaced);
            }
        }
        Ok(())
    }

    /// `copyFile(src, dest)`; `exclusive` is `COPYFILE_EXCL`.
    pub fn copy_file(&self, src: &str, dest: &str, exclusive: bool) -> Result<(), FsError> {
        const SYSCALL: &str = "copyfile";
        let err = |errno| FsError::new(errno, SYSCALL, src).with_dest(dest);
        let fail = |e: io::Error| FsError::io(&e, SYSCALL, src).with_dest(dest);
        let source = self
            .sandbox
            .resolve(src, Access::Read, Follow::Yes, SYSCALL)
            .map_err(|e| e.with_dest(dest))?;
        let target = self
            .sandbox
            .resolve(dest, Access::Write, Follow::Yes, SYSCALL)
            .map_err(|e| {
                FsError {
                    path: Some(src.to_string()),
                    ..e
                }
                .with_dest(dest)
            })?;
        let from = std::fs::metadata(&source).map_err(fail)?;
        if from.is_dir() {
            return Err(err(Errno::Eisdir));
        }
        let existing = std::fs::metadata(&target).ok();
        if let Some(existing) = &existing {
            if exclusive {
                return Err(err(Errno::Eexist));
            }
            if (existing.dev(), existing.ino()) == (from.dev(), from.ino()) {
                return Ok(());
            }
        }
        let before = existing.as_ref().map_or(0, footprint);
        let after = ENTRY_BYTES + from.len();
        self.reserve(after.saturating_sub(before), SYSCALL, src)
            .map_err(|e| e.with_dest(dest))?;
        let copied = std::fs::copy(&source, &target);
        let now = std::fs::metadata(&target).ok();
        self.quota.adjust(before, now.as_ref().map_or(0, footprint));
        if let Some(now) = &now {
            self.wrote(now);
        }
        copied.map(drop).map_err(fail)
    }

    /// The canonical path, which must exist.
    pub fn realpath(&self, path: &str) -> Result<PathBuf, FsError> {
        const SYSCALL: &str = "realpath";
        if let Some(found) = self.archived(path, SYSCALL) {
            return found.map(|_| self.realpath_archived(path));
        }
        let real = self
            .sandbox
            .resolve(path, Access::Read, Follow::Yes, SYSCALL)?;
        std::fs::symlink_metadata(&real).map_err(|e| FsError::io(&e, SYSCALL, path))?;
        Ok(real)
    }

    pub fn readlink(&self, path: &str) -> Result<PathBuf, FsError> {
        const SYSCALL: &str = "readlink";
        let real = self
            .sandbox
            .resolve(path, Access::Read, Follow::No, SYSCALL)?;
        std::fs::read_link(real).map_err(|e| FsError::io(&e, SYSCALL, path))
    }

    /// `chmod` / `utimes` of an entry of the scratch folder.
    pub fn set(&self, path: &str, syscall: &'static str, change: Change) -> Result<(), FsError> {
        let real = self
            .sandbox
            .resolve(path, Access::Write, Follow::Yes, syscall)?;
        let changed = match change {
            // A file without read permission can still change mode.
            Change::Mode(mode) => {
                std::fs::set_permissions(real, std::fs::Permissions::from_mode(mode & 0o777))
            }
            Change::Times(..) => File::open(real).and_then(|file| change.apply(&file)),
        };
        changed.map_err(|e| FsError::io(&e, syscall, path))
    }
}
