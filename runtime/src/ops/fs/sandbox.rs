//! Which paths a script may touch (DESIGN §3): the konnector's own folder, read-only, and the
//! run's scratch folder, read-write; nothing else. A path is checked after resolving every
//! symlink in it, the way the kernel will, so a link inside the konnector's folder that
//! points out is refused too; components that do not exist yet are appended as they are, so
//! a file about to be created under a symlinked folder is checked where it will really land.
//! The op then works on the resolved path, which cannot change under it: the script can
//! create no symlink and cannot write in the konnector's folder.

use std::collections::VecDeque;
use std::ffi::OsString;
use std::io;
use std::path::{Component, Path, PathBuf};

use super::error::{Errno, FsError};

pub const OUTSIDE: &str =
    "kvm: only the konnector's folder (read-only) and the run's scratch folder are accessible";
pub const READ_ONLY: &str = "kvm: the konnector's folder is read-only; write under os.tmpdir()";

/// Linux's limit on symlinks followed while resolving one path.
const MAX_LINKS: u32 = 40;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

/// Whether a symlink as the last component is followed (`stat`) or is the object itself
/// (`lstat`, `unlink`, `rename`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Follow {
    Yes,
    No,
}

#[derive(Debug)]
pub struct Sandbox {
    root: PathBuf,
    scratch: PathBuf,
}

impl Sandbox {
    /// Both folders must be canonical.
    pub fn new(root: PathBuf, scratch: PathBuf) -> Self {
        Sandbox { root, scratch }
    }

    pub fn scratch(&self) -> &Path {
        &self.scratch
    }

    /// The real path `path` names (relative paths are relative to the konnector's folder,
    /// the script's `process.cwd()`), or the error the script gets for it.
    pub fn resolve(
        &self,
        path: &str,
        access: Access,
        follow: Follow,
        syscall: &'static str,
    ) -> Result<PathBuf, FsError> {
        if path.is_empty() {
            return Err(FsError::new(Errno::Enoent, syscall, path));
        }
        let absolute = self.root.join(path);
        // A trailing slash makes the kernel follow a final symlink and insist on a folder.
        let trailing_slash = path.ends_with('/');
        let follow_last = follow == Follow::Yes || trailing_slash;
        let real = match real_path(&absolute, follow_last) {
            Ok(real) => real,
            // Failing to resolve somewhere outside says nothing the script may learn.
            Err((reached, _)) if self.rule(&reached, Access::Read).is_some() => {
                return Err(self.denial(path, Access::Read, syscall, &reached));
            }
            Err((_, error)) => return Err(FsError::io(&error, syscall, path)),
        };
        if self.rule(&real, access).is_some() {
            return Err(self.denial(path, access, syscall, &real));
        }
        Ok(if trailing_slash { real.join("") } else { real })
    }

    /// The rule `real` breaks for `access`, if any.
    fn rule(&self, real: &Path, access: Access) -> Option<&'static str> {
        if real.starts_with(&self.scratch) {
            None
        } else if real.starts_with(&self.root) {
            (access == Access::Write).then_some(READ_ONLY)
        } else {
            Some(OUTSIDE)
        }
    }

    fn denial(&self, path: &str, access: Access, syscall: &'static str, real: &Path) -> FsError {
        let note = self.rule(real, access).unwrap_or(OUTSIDE);
        FsError::new(Errno::Eacces, syscall, path).with_note(note)
    }
}

/// Resolves every symlink of the absolute `path` (the last one only if `follow_last`);
/// components after the first missing one are taken as they are. On failure, returns how
/// far it got with the error.
fn real_path(path: &Path, follow_last: bool) -> Result<PathBuf, (PathBuf, io::Error)> {
    let mut real = PathBuf::from("/");
    let mut rest: VecDeque<OsString> = components(path).collect();
    let mut links = 0;
    let mut missing = false;
    while let Some(name) = rest.pop_front() {
        if name == ".." {
            if missing {
                // The kernel would fail on the missing folder before going back up.
                return Err((real, io::ErrorKind::NotFound.into()));
            }
            real.pop();
            continue;
        }
        let next = real.join(&name);
        let last = rest.is_empty();
        if !missing {
            match std::fs::symlink_metadata(&next) {
                Ok(meta) if meta.file_type().is_symlink() && (follow_last || !last) => {
                    links += 1;
                    if links > MAX_LINKS {
                        return Err((real, io::Error::from_raw_os_error(40)));
                    }
                    let target = std::fs::read_link(&next).map_err(|e| (next.clone(), e))?;
                    if target.is_absolute() {
                        real = PathBuf::from("/");
                    }
                    for component in components(&target).collect::<Vec<_>>().into_iter().rev() {
                        rest.push_front(component);
                    }
                    continue;
                }
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => missing = true,
                Err(e) => return Err((next, e)),
            }
        }
        real = next;
    }
    Ok(real)
}

/// The names in `path`, `..` kept, `/` and `.` dropped.
fn components(path: &Path) -> impl Iterator<Item = OsString> + '_ {
    path.components().filter_map(|c| match c {
        Component::Normal(name) => Some(name.to_os_string()),
        Component::ParentDir => Some("..".into()),
        Component::RootDir | Component::CurDir | Component::Prefix(_) => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    struct Setup {
        _dir: tempfile::TempDir,
        outside: PathBuf,
        sandbox: Sandbox,
    }

    /// konnector/ (a.js, data/, link-out -> outside/, link-data -> data, dangling -> /etc/kvm-nope),
    /// scratch/, outside/secret.
    fn setup() -> Setup {
        let dir = tempfile::tempdir().unwrap();
        let top = std::fs::canonicalize(dir.path()).unwrap();
        let (root, scratch, outside) = (top.join("k"), top.join("s"), top.join("o"));
        for d in [&root, &scratch, &outside, &root.join("data")] {
            std::fs::create_dir(d).unwrap();
        }
        std::fs::write(root.join("a.js"), "1").unwrap();
        std::fs::write(outside.join("secret"), "s").unwrap();
        symlink(&outside, root.join("link-out")).unwrap();
        symlink("data", root.join("link-data")).unwrap();
        symlink("/etc/kvm-nope", root.join("dangling")).unwrap();
        Setup {
            _dir: dir,
            outside,
            sandbox: Sandbox::new(root, scratch),
        }
    }

    fn check(s: &Setup, path: &str, access: Access) -> Result<PathBuf, String> {
        s.sandbox
            .resolve(path, access, Follow::Yes, "open")
            .map_err(|e| e.to_string())
    }

    #[test]
    fn konnector_folder_is_readable_only() {
        let s = setup();
        let root = s.sandbox.root.clone();
        assert_eq!(check(&s, "a.js", Access::Read), Ok(root.join("a.js")));
        assert_eq!(
            check(&s, "./data/../a.js", Access::Read),
            Ok(root.join("a.js"))
        );
        assert_eq!(
            check(&s, "link-data/new.txt", Access::Read),
            Ok(root.join("data/new.txt"))
        );
        let denied = check(&s, "a.js", Access::Write).unwrap_err();
        assert_eq!(
            denied,
            format!("EACCES: permission denied, open 'a.js' ({READ_ONLY})")
        );
    }

    #[test]
    fn scratch_folder_is_writable() {
        let s = setup();
        let scratch = s.sandbox.scratch().to_path_buf();
        let file = scratch.join("new/deeper.txt");
        let path = file.to_str().unwrap();
        assert_eq!(check(&s, path, Access::Write), Ok(file.clone()));
        assert_eq!(
            check(&s, &format!("{}/", scratch.display()), Access::Write),
            Ok(scratch.join(""))
        );
    }

    #[test]
    fn everything_else_is_refused_naming_the_rule() {
        let s = setup();
        let secret = s.outside.join("secret");
        let via_scratch = format!("{}/../o/secret", s.sandbox.scratch().display());
        for path in [
            "../o/secret",
            secret.to_str().unwrap(),
            via_scratch.as_str(),
            "link-out/secret",
            "link-out/not-yet",
            "dangling",
            "/etc/passwd",
            "/proc/self/environ",
            "/nonexistent/x/../y",
        ] {
            for access in [Access::Read, Access::Write] {
                let denied = check(&s, path, access).unwrap_err();
                assert_eq!(
                    denied,
                    format!("EACCES: permission denied, open '{path}' ({OUTSIDE})"),
                    "{path}"
                );
            }
        }
    }

    #[test]
    fn a_final_symlink_is_not_followed_when_asked() {
        let s = setup();
        let link = s
            .sandbox
            .resolve("link-out", Access::Read, Follow::No, "lstat")
            .unwrap();
        assert_eq!(link, s.sandbox.root.join("link-out"));
        assert!(s
            .sandbox
            .resolve("link-out/", Access::Read, Follow::No, "lstat")
            .is_err());
    }

    #[test]
    fn os_errors_inside_are_reported_as_such() {
        let s = setup();
        assert_eq!(
            check(&s, "a.js/x", Access::Read).unwrap_err(),
            "ENOTDIR: not a directory, open 'a.js/x'"
        );
        assert_eq!(
            check(&s, "", Access::Read).unwrap_err(),
            "ENOENT: no such file or directory, open ''"
        );
        assert_eq!(
            check(&s, "nope/../a.js", Access::Read).unwrap_err(),
            "ENOENT: no such file or directory, open 'nope/../a.js'"
        );
        symlink("loop", s.sandbox.root.join("loop")).unwrap();
        assert_eq!(
            check(&s, "loop", Access::Read).unwrap_err(),
            "ELOOP: too many symbolic links encountered, open 'loop'"
        );
    }
}
