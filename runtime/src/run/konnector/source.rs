//! The konnector's own files, wherever they are: a folder on disk (confined to it, symlinks
//! resolved) or an archive held in memory under a virtual folder (the archive's own path,
//! so `/x/k.tar.gz/lib/a.js` names `lib/a.js` in `/x/k.tar.gz`). The module loaders and the
//! read-only `fs` view read through this one type.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use super::archive::{Archive, Node};

#[derive(Debug, Clone)]
pub enum Source {
    /// A canonical folder.
    Folder(PathBuf),
    /// An archive and the virtual folder it is seen as.
    Archive(PathBuf, Arc<Archive>),
}

/// Why a path may not be read by the script's loader.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("ENOENT: no such file or directory, open '{0}'")]
    NotFound(String),
    #[error("EACCES: permission denied, open '{0}': only the konnector's own folder is readable")]
    Outside(String),
    #[error("EISDIR: illegal operation on a directory, read '{0}'")]
    Dir(String),
    #[error("EIO: {1}, open '{0}'")]
    Io(String, std::io::Error),
}

impl ReadError {
    pub fn code(&self) -> &'static str {
        match self {
            ReadError::NotFound(_) => "ENOENT",
            ReadError::Outside(_) => "EACCES",
            ReadError::Dir(_) => "EISDIR",
            ReadError::Io(..) => "EIO",
        }
    }
}

/// What a path names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    File,
    Dir,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::File => "file",
            Kind::Dir => "dir",
        }
    }
}

/// `path` with `.` and `..` applied, without touching the disk.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Resolves symlinks and refuses anything outside `root` (itself canonical).
fn confine(root: &Path, path: &str) -> Result<PathBuf, ReadError> {
    let real = std::fs::canonicalize(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ReadError::NotFound(path.to_string()),
        _ => ReadError::Io(path.to_string(), e),
    })?;
    if real.starts_with(root) {
        Ok(real)
    } else {
        Err(ReadError::Outside(path.to_string()))
    }
}

impl Source {
    /// The folder the konnector is seen in: `__dirname` of its top, `process.cwd()`.
    pub fn root(&self) -> &Path {
        match self {
            Source::Folder(root) | Source::Archive(root, _) => root,
        }
    }

    /// For an archive, the archive and `path` relative to its top if `path` is in its
    /// virtual folder; None for other paths.
    fn inside(&self, path: &Path) -> Option<(&Archive, PathBuf)> {
        let Source::Archive(root, archive) = self else {
            return None;
        };
        let inner = normalize(&root.join(path));
        let relative = inner.strip_prefix(root).ok()?.to_path_buf();
        Some((archive, relative))
    }

    /// For an archive, the node `path` names if it is in the archive's virtual folder
    /// (`Err(())` when it is there but missing); None for other paths.
    pub fn archived(&self, path: &Path) -> Option<Result<Node, ()>> {
        let (archive, relative) = self.inside(path)?;
        Some(archive.get(&relative).ok_or(()))
    }

    /// The names directly in the archived folder `path`, with whether each is a folder.
    pub fn list(&self, path: &Path) -> Vec<(String, bool)> {
        self.inside(path)
            .map(|(archive, relative)| archive.list(&relative))
            .unwrap_or_default()
    }

    pub fn read(&self, path: &str) -> Result<Vec<u8>, ReadError> {
        match (self, self.archived(Path::new(path))) {
            (_, Some(Ok(Node::File(data)))) => Ok(data.to_vec()),
            (_, Some(Ok(Node::Dir))) => Err(ReadError::Dir(path.to_string())),
            (_, Some(Err(_))) => Err(ReadError::NotFound(path.to_string())),
            (Source::Folder(root), None) => {
                let real = confine(root, path)?;
                std::fs::read(&real).map_err(|e| ReadError::Io(path.to_string(), e))
            }
            (Source::Archive(..), None) => Err(ReadError::Outside(path.to_string())),
        }
    }

    pub fn read_to_string(&self, path: &str) -> Result<String, ReadError> {
        let bytes = self.read(path)?;
        String::from_utf8(bytes).map_err(|e| {
            let invalid = std::io::Error::new(std::io::ErrorKind::InvalidData, e);
            ReadError::Io(path.to_string(), invalid)
        })
    }

    /// What `path` is, for the loaders' resolution; paths outside are None.
    pub fn kind(&self, path: &str) -> Option<Kind> {
        match (self, self.archived(Path::new(path))) {
            (_, Some(Ok(Node::File(_)))) => Some(Kind::File),
            (_, Some(Ok(Node::Dir))) => Some(Kind::Dir),
            (_, Some(Err(_))) | (Source::Archive(..), None) => None,
            (Source::Folder(root), None) => {
                let meta = std::fs::metadata(confine(root, path).ok()?).ok()?;
                Some(if meta.is_dir() { Kind::Dir } else { Kind::File })
            }
        }
    }
}
