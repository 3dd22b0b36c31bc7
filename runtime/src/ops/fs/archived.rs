//! The read-only `fs` view of a konnector shipped as an archive: its files live in memory
//! under a virtual folder (`run::konnector::Source`), so the calls that read them are
//! answered here, before the sandbox looks at the disk. Writes there fail like writes to a
//! konnector folder on disk (`EACCES`, read-only).

use std::path::{Path, PathBuf};

use super::error::{Errno, FsError};
use super::sandbox::READ_ONLY;
use super::Fs;
use crate::run::konnector::archive::Node;

/// `S_IFREG | 0o444` and `S_IFDIR | 0o555`: nothing in an archive is writable.
const FILE_MODE: f64 = 0o100444 as f64;
const DIR_MODE: f64 = 0o40555 as f64;

/// An archive path's answer: its node, or the error the script gets.
pub type Lookup = Result<Node, FsError>;

/// `stat` numbers (see `calls::stat_fields`) of an archived file of `size` bytes, or of an
/// archived folder.
pub fn archived_fields(size: Option<usize>) -> [f64; 14] {
    let (mode, size) = match size {
        Some(size) => (FILE_MODE, size as f64),
        None => (DIR_MODE, 0.0),
    };
    [
        0.0, mode, 1.0, 1000.0, 1000.0, 0.0, 4096.0, 0.0, size, 0.0, 0.0, 0.0, 0.0, 0.0,
    ]
}

/// `stat` numbers of an archive's node.
pub fn node_fields(node: &Node) -> [f64; 14] {
    archived_fields(match node {
        Node::File(data) => Some(data.len()),
        Node::Dir => None,
    })
}

impl Fs {
    /// None when `path` is not in the konnector's archive.
    pub(super) fn archived(&self, path: &str, syscall: &'static str) -> Option<Lookup> {
        if path.is_empty() {
            return None;
        }
        let found = self.source.archived(Path::new(path))?;
        Some(found.map_err(|_| FsError::new(Errno::Enoent, syscall, path)))
    }

    /// `open` of an archived file: read-only, served from memory.
    pub(super) fn open_archived(
        &self,
        path: &str,
        writes: bool,
        node: Node,
    ) -> Result<i32, FsError> {
        const SYSCALL: &str = "open";
        if writes {
            return Err(FsError::new(Errno::Eacces, SYSCALL, path).with_note(READ_ONLY));
        }
        match node {
            Node::File(data) => Ok(self.files.borrow_mut().open_memory(data)),
            Node::Dir => Err(FsError::new(Errno::Eisdir, SYSCALL, path)),
        }
    }

    /// The names in an archived folder with their `readdir` kinds (file 1, folder 2).
    pub(super) fn list_archived(
        &self,
        path: &str,
        node: Node,
    ) -> Result<Vec<(String, u8)>, FsError> {
        if matches!(node, Node::File(_)) {
            return Err(FsError::new(Errno::Enotdir, "scandir", path));
        }
        Ok(self
            .source
            .list(Path::new(path))
            .into_iter()
            .map(|(name, dir)| (name, if dir { 2 } else { 1 }))
            .collect())
    }

    /// Where an archived path is, in the virtual folder (no links to resolve there).
    pub(super) fn realpath_archived(&self, path: &str) -> PathBuf {
        crate::run::konnector::source::normalize(&self.source.root().join(path))
    }
}
