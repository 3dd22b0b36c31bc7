//! fs errors as Node shapes them: `code`, negative `errno`, `syscall`, `path` (and `dest`),
//! message `CODE: description, syscall 'path'`. kvm's own refusals (the sandbox, the disk
//! quota) add a note naming the rule, so a script's log says why.

use std::fmt;
use std::io;

/// The errno values a script may meet (Linux numbers, which Node reports negated) with
/// libuv's descriptions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Errno {
    Eperm,
    Enoent,
    Eio,
    Ebadf,
    Eacces,
    Ebusy,
    Eexist,
    Exdev,
    Enotdir,
    Eisdir,
    Einval,
    Emfile,
    Efbig,
    Enospc,
    Erofs,
    Enametoolong,
    Enotempty,
    Eloop,
}

impl Errno {
    const ALL: [Errno; 18] = [
        Errno::Eperm,
        Errno::Enoent,
        Errno::Eio,
        Errno::Ebadf,
        Errno::Eacces,
        Errno::Ebusy,
        Errno::Eexist,
        Errno::Exdev,
        Errno::Enotdir,
        Errno::Eisdir,
        Errno::Einval,
        Errno::Emfile,
        Errno::Efbig,
        Errno::Enospc,
        Errno::Erofs,
        Errno::Enametoolong,
        Errno::Enotempty,
        Errno::Eloop,
    ];

    /// (number, code, description).
    fn row(self) -> (i32, &'static str, &'static str) {
        match self {
            Errno::Eperm => (1, "EPERM", "operation not permitted"),
            Errno::Enoent => (2, "ENOENT", "no such file or directory"),
            Errno::Eio => (5, "EIO", "i/o error"),
            Errno::Ebadf => (9, "EBADF", "bad file descriptor"),
            Errno::Eacces => (13, "EACCES", "permission denied"),
            Errno::Ebusy => (16, "EBUSY", "resource busy or locked"),
            Errno::Eexist => (17, "EEXIST", "file already exists"),
            Errno::Exdev => (18, "EXDEV", "cross-device link not permitted"),
            Errno::Enotdir => (20, "ENOTDIR", "not a directory"),
            Errno::Eisdir => (21, "EISDIR", "illegal operation on a directory"),
            Errno::Einval => (22, "EINVAL", "invalid argument"),
            Errno::Emfile => (24, "EMFILE", "too many open files"),
            Errno::Efbig => (27, "EFBIG", "file too large"),
            Errno::Enospc => (28, "ENOSPC", "no space left on device"),
            Errno::Erofs => (30, "EROFS", "read-only file system"),
            Errno::Enametoolong => (36, "ENAMETOOLONG", "name too long"),
            Errno::Enotempty => (39, "ENOTEMPTY", "directory not empty"),
            Errno::Eloop => (40, "ELOOP", "too many symbolic links encountered"),
        }
    }

    pub fn code(self) -> &'static str {
        self.row().1
    }

    /// Node's `errno`: the negated Linux number.
    pub fn errno(self) -> i32 {
        -self.row().0
    }

    pub fn description(self) -> &'static str {
        self.row().2
    }

    /// The errno of an OS error; anything unlisted is reported as `EIO`.
    pub fn of(error: &io::Error) -> Errno {
        if let Some(raw) = error.raw_os_error() {
            if let Some(errno) = Errno::ALL.into_iter().find(|e| e.row().0 == raw) {
                return errno;
            }
        }
        match error.kind() {
            io::ErrorKind::NotFound => Errno::Enoent,
            io::ErrorKind::PermissionDenied => Errno::Eacces,
            io::ErrorKind::AlreadyExists => Errno::Eexist,
            io::ErrorKind::InvalidInput => Errno::Einval,
            _ => Errno::Eio,
        }
    }
}

/// One failed fs call, carrying everything Node puts on the error object.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {}, {}{}", errno.code(), errno.description(), syscall, self.targets())]
pub struct FsError {
    pub errno: Errno,
    pub syscall: &'static str,
    /// The path as the script gave it (Node never shows the resolved one).
    pub path: Option<String>,
    pub dest: Option<String>,
    /// Why kvm refused, appended in parentheses.
    pub note: Option<String>,
}

impl FsError {
    pub fn new(errno: Errno, syscall: &'static str, path: &str) -> Self {
        FsError {
            errno,
            syscall,
            path: Some(path.to_string()),
            dest: None,
            note: None,
        }
    }

    /// An error of a call on a file descriptor: Node names no path then.
    pub fn on_fd(errno: Errno, syscall: &'static str) -> Self {
        FsError {
            errno,
            syscall,
            path: None,
            dest: None,
            note: None,
        }
    }

    pub fn io(error: &io::Error, syscall: &'static str, path: &str) -> Self {
        Self::new(Errno::of(error), syscall, path)
    }

    pub fn with_dest(mut self, dest: &str) -> Self {
        self.dest = Some(dest.to_string());
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    fn targets(&self) -> Targets<'_> {
        Targets(self)
    }
}

/// ` 'path' -> 'dest' (note)`, each part only when present.
struct Targets<'a>(&'a FsError);

impl fmt::Display for Targets<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = &self.0.path {
            write!(f, " '{path}'")?;
        }
        if let Some(dest) = &self.0.dest {
            write!(f, " -> '{dest}'")?;
        }
        if let Some(note) = &self.0.note {
            write!(f, " ({note})")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_have_nodes_shape() {
        let e = FsError::new(Errno::Enoent, "open", "a.txt");
        assert_eq!(
            e.to_string(),
            "ENOENT: no such file or directory, open 'a.txt'"
        );
        assert_eq!(e.errno.errno(), -2);
        let e = FsError::new(Errno::Exdev, "rename", "a").with_dest("b");
        assert_eq!(
            e.to_string(),
            "EXDEV: cross-device link not permitted, rename 'a' -> 'b'"
        );
        let e = FsError::on_fd(Errno::Ebadf, "write").with_note("why");
        assert_eq!(e.to_string(), "EBADF: bad file descriptor, write (why)");
    }

    #[test]
    fn os_errors_map_to_their_code() {
        let e = io::Error::from_raw_os_error(39);
        assert_eq!(Errno::of(&e), Errno::Enotempty);
        let e = io::Error::from_raw_os_error(999);
        assert_eq!(Errno::of(&e), Errno::Eio);
        let e = io::Error::from(io::ErrorKind::NotFound);
        assert_eq!(Errno::of(&e), Errno::Enoent);
    }
}
