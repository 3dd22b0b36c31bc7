//! File descriptors: `openSync`, `readSync`, `writeSync`, ... and what `readFile`,
//! `writeFile` and the streams are built on. The table is per run; numbers start at 3 like
//! a process's first free descriptor (0-2 are the shims' stdio). Every write is checked
//! against the quota before it happens and accounted after.

use std::cell::Cell;
use std::collections::{BTreeMap, HashSet};
use std::fs::{File, Metadata, OpenOptions};
use std::io::{Read, Seek, Write};
use std::os::unix::fs::{FileExt, MetadataExt, OpenOptionsExt};
use std::sync::Arc;

use super::calls::Change;
use super::error::{Errno, FsError};
use super::sandbox::{Access, Follow, READ_ONLY};
use super::scratch::{footprint, ENTRY_BYTES};
use super::Fs;

/// Linux's open(2) flags, as `fs.constants` gives them to scripts.
pub mod flags {
    pub const O_ACCMODE: u32 = 0o3;
    pub const O_RDONLY: u32 = 0;
    pub const O_WRONLY: u32 = 1;
    pub const O_CREAT: u32 = 0o100;
    pub const O_EXCL: u32 = 0o200;
    pub const O_TRUNC: u32 = 0o1000;
    pub const O_APPEND: u32 = 0o2000;
    pub const O_DIRECTORY: u32 = 0o200000;
    pub const O_NOFOLLOW: u32 = 0o400000;
}
use flags::*;

/// Like a process's default `ulimit -n`.
const MAX_OPEN: usize = 1024;
const FIRST_FD: i32 = 3;

/// An inode, to tell when a removed file's last descriptor closes.
pub type Key = (u64, u64);

#[derive(Debug)]
struct OpenFile {
    file: File,
    key: Key,
    append: bool,
    /// The path the script opened, for the quota's error.
    path: String,
    /// In the scratch folder: its metadata (mode, times) may change too.
    in_scratch: bool,
}

/// A konnector file read from an archive: its bytes and the read position.
#[derive(Debug)]
struct MemoryFile {
    data: Arc<[u8]>,
    position: Cell<u64>,
}

impl MemoryFile {
    fn read(&self, buf: &mut [u8], position: Option<u64>) -> usize {
        let at = position
            .unwrap_or(self.position.get())
            .min(self.data.len() as u64) as usize;
        let n = buf.len().min(self.data.len() - at);
        buf[..n].copy_from_slice(&self.data[at..at + n]);
        if position.is_none() {
            self.position.set((at + n) as u64);
        }
        n
    }
}

#[derive(Debug, Default)]
pub struct Files {
    open: BTreeMap<i32, OpenFile>,
    memory: BTreeMap<i32, MemoryFile>,
    /// Removed while open: their bytes count until the last descriptor closes.
    orphans: HashSet<Key>,
}

impl Files {
    pub fn is_open(&self, key: Key) -> bool {
        self.open.values().any(|f| f.key == key)
    }

    pub fn orphan(&mut self, key: Key) {
        self.orphans.insert(key);
    }

    fn get(&self, fd: i32, syscall: &'static str) -> Result<&OpenFile, FsError> {
        self.open
            .get(&fd)
            .ok_or_else(|| FsError::on_fd(Errno::Ebadf, syscall))
    }

    /// The lowest free number, as open(2) picks.
    fn free_fd(&self) -> i32 {
        let mut fd = FIRST_FD;
        while self.open.contains_key(&fd) || self.memory.contains_key(&fd) {
            fd += 1;
        }
        fd
    }

    pub fn open_memory(&mut self, data: Arc<[u8]>) -> i32 {
        let fd = self.free_fd();
        let position = Cell::new(0);
        self.memory.insert(fd, MemoryFile { data, position });
        fd
    }

    /// An archived file's size, if `fd` is one.
    pub fn memory_size(&self, fd: i32) -> Option<usize> {
        self.memory.get(&fd).map(|m| m.data.len())
    }
}

fn key(meta: &Metadata) -> Key {
    (meta.dev(), meta.ino())
}

impl Fs {
    /// open(2): `flags` are Linux's `O_*` bits; `mode` applies to a created file.
    pub fn open(&self, path: &str, flags: u32, mode: u32) -> Result<i32, FsError> {
        const SYSCALL: &str = "open";
        let writes = flags & O_ACCMODE != O_RDONLY || flags & (O_CREAT | O_TRUNC | O_APPEND) != 0;
        if let Some(found) = self.archived(path, SYSCALL) {
            return self.open_archived(path, writes, found?);
        }
        let access = if writes { Access::Write } else { Access::Read };
        let follow = if flags & O_NOFOLLOW != 0 {
            Follow::No
        } else {
            Follow::Yes
        };
        let real = self.sandbox.resolve(path, access, follow, SYSCALL)?;
        if self.files.borrow().open.len() >= MAX_OPEN {
            return Err(FsError::new(Errno::Emfile, SYSCALL, path));
        }
        let before = std::fs::metadata(&real).ok();
        if flags & O_CREAT != 0 && before.is_none() {
            self.reserve(ENTRY_BYTES, SYSCALL, path)?;
        }
        if flags & O_DIRECTORY != 0 && before.as_ref().is_some_and(|m| !m.is_dir()) {
            return Err(FsError::new(Errno::Enotdir, SYSCALL, path));
        }
        let file = OpenOptions::new()
            .read(flags & O_ACCMODE != O_WRONLY)
            .write(flags & O_ACCMODE != O_RDONLY)
            .append(flags & O_APPEND != 0)
            .truncate(flags & O_TRUNC != 0)
            .create(flags & O_CREAT != 0)
            .create_new(flags & (O_CREAT | O_EXCL) == O_CREAT | O_EXCL)
            .custom_flags((flags & O_NOFOLLOW) as i32)
            .mode(mode & 0o777)
            .open(&real)
            .map_err(|e| FsError::io(&e, SYSCALL, path))?;
        let meta = file
            .metadata()
            .map_err(|e| FsError::io(&e, SYSCALL, path))?;
        let held = before.as_ref().map_or(0, footprint);
        self.quota.adjust(held, footprint(&meta));
        if before.is_none() || flags & O_TRUNC != 0 {
            self.wrote(&meta);
        }
        let mut files = self.files.borrow_mut();
        let fd = files.free_fd();
        files.open.insert(
            fd,
            OpenFile {
                file,
                key: key(&meta),
                append: flags & O_APPEND != 0,
                path: path.to_string(),
                in_scratch: real.starts_with(self.sandbox.scratch()),
            },
        );
        Ok(fd)
    }

    pub fn close(&self, fd: i32) -> Result<(), FsError> {
        let mut files = self.files.borrow_mut();
        if files.memory.remove(&fd).is_some() {
            return Ok(());
        }
        let closed = files
            .open
            .remove(&fd)
            .ok_or_else(|| FsError::on_fd(Errno::Ebadf, "close"))?;
        if files.orphans.contains(&closed.key) && !files.is_open(closed.key) {
            files.orphans.remove(&closed.key);
            if let Ok(meta) = closed.file.metadata() {
                self.quota.adjust(footprint(&meta), 0);
            }
            self.written.borrow_mut().forget(closed.key);
        }
        Ok(())
    }

    /// Reads into `buf` at `position`, or at the file's position (which then advances).
    pub fn read(&self, fd: i32, buf: &mut [u8], position: Option<u64>) -> Result<usize, FsError> {
        let files = self.files.borrow();
        if let Some(memory) = files.memory.get(&fd) {
            return Ok(memory.read(buf, position));
        }
        let open = files.get(fd, "read")?;
        let read = match position {
            Some(at) => open.file.read_at(buf, at),
            None => (&open.file).read(buf),
        };
        read.map_err(|e| FsError::on_fd(Errno::of(&e), "read"))
    }

    /// Writes all of `data` at `position`, or at the file's position; fails with `ENOSPC`,
    /// writing nothing, when the file would grow past the quota.
    pub fn write(&self, fd: i32, data: &[u8], position: Option<u64>) -> Result<usize, FsError> {
        const SYSCALL: &str = "write";
        let files = self.files.borrow();
        let open = files.get(fd, SYSCALL)?;
        let fail = |e: std::io::Error| FsError::on_fd(Errno::of(&e), SYSCALL);
        let len = open.file.metadata().map_err(fail)?.len();
        let at = match position {
            _ if open.append => len,
            Some(at) => at,
            None => (&open.file).stream_position().map_err(fail)?,
        };
        let end = at.saturating_add(data.len() as u64);
        self.reserve(end.saturating_sub(len), SYSCALL, &open.path)?;
        let written = match position {
            Some(at) if !open.append => open.file.write_all_at(data, at),
            _ => (&open.file).write_all(data),
        };
        let after = open
            .file
            .metadata()
            .map(|m| m.len())
            .unwrap_or(end.max(len));
        self.quota.adjust(len, after);
        if !data.is_empty() {
            self.written.borrow_mut().note(open.key);
        }
        written.map(|()| data.len()).map_err(fail)
    }

    pub fn fstat(&self, fd: i32) -> Result<Metadata, FsError> {
        let files = self.files.borrow();
        let open = files.get(fd, "fstat")?;
        open.file
            .metadata()
            .map_err(|e| FsError::on_fd(Errno::of(&e), "fstat"))
    }

    pub fn ftruncate(&self, fd: i32, len: u64) -> Result<(), FsError> {
        const SYSCALL: &str = "ftruncate";
        let files = self.files.borrow();
        let open = files.get(fd, SYSCALL)?;
        let fail = |e: std::io::Error| FsError::on_fd(Errno::of(&e), SYSCALL);
        let before = open.file.metadata().map_err(fail)?.len();
        self.reserve(len.saturating_sub(before), SYSCALL, &open.path)?;
        open.file.set_len(len).map_err(fail)?;
        self.quota.adjust(before, len);
        self.written.borrow_mut().note(open.key);
        Ok(())
    }

    pub fn fsync(&self, fd: i32) -> Result<(), FsError> {
        let files = self.files.borrow();
        let open = files.get(fd, "fsync")?;
        open.file
            .sync_all()
            .map_err(|e| FsError::on_fd(Errno::of(&e), "fsync"))
    }

    /// Changes mode and times of a file opened in the scratch folder; an open konnector
    /// file stays as it is (`EPERM`).
    pub fn fset(&self, fd: i32, syscall: &'static str, change: Change) -> Result<(), FsError> {
        let files = self.files.borrow();
        let open = files.get(fd, syscall)?;
        if !open.in_scratch {
            return Err(FsError::on_fd(Errno::Eperm, syscall).with_note(READ_ONLY));
        }
        change
            .apply(&open.file)
            .map_err(|e| FsError::on_fd(Errno::of(&e), syscall))
    }
}
