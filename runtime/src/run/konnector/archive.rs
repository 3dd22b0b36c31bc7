//! A konnector shipped as a `.tar.gz` (what `npm pack` and cozy-konnector-build produce),
//! read into memory and never extracted: the archive is untrusted input, so its sizes and
//! entry count are capped while it is decompressed (a tar bomb fails, it does not fill the
//! memory), and entries that would land outside it (absolute paths, `..`, links pointing out)
//! are refused. Devices and FIFOs are skipped; links inside are served as their targets.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use flate2::read::GzDecoder;
use tar::EntryType;

/// How much an archive may hold. The defaults leave room for a 7 MB webpack bundle and its
/// assets many times over.
#[derive(Debug, Clone)]
pub struct ArchiveLimits {
    pub max_compressed_bytes: u64,
    /// Everything decompressed: file contents and tar headers.
    pub max_unpacked_bytes: u64,
    pub max_entry_bytes: u64,
    pub max_entries: usize,
}

impl Default for ArchiveLimits {
    fn default() -> Self {
        ArchiveLimits {
            max_compressed_bytes: 64 * 1024 * 1024,
            max_unpacked_bytes: 256 * 1024 * 1024,
            max_entry_bytes: 64 * 1024 * 1024,
            max_entries: 10_000,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("cannot read the konnector archive {0}: {1}")]
    Open(PathBuf, std::io::Error),
    #[error("{0}: not a gzip-compressed tar ({1}); build it with `npm pack`")]
    Format(PathBuf, std::io::Error),
    #[error("{0}: {1} bytes compressed, over the {2}-byte cap of a konnector archive")]
    Compressed(PathBuf, u64, u64),
    #[error("{0}: unpacks to more than {1} bytes (a tar bomb?); a konnector archive holds less")]
    Unpacked(PathBuf, u64),
    #[error("{0}: entry {1} is {2} bytes, over the {3}-byte cap of one file")]
    Entry(PathBuf, String, u64, u64),
    #[error("{0}: more than {1} entries; a konnector archive holds fewer")]
    Entries(PathBuf, usize),
    #[error("{0}: entry {1} would land outside the archive (absolute or `..`); rebuild it with relative paths, as `npm pack` does")]
    Escape(PathBuf, String),
    #[error("{0}: link {1} points outside the archive ({2}); replace it with the file itself")]
    LinkOut(PathBuf, String, String),
    #[error("{0}: entry {1} is a sparse file, whose holes would bypass the size caps; npm pack never writes one")]
    Sparse(PathBuf, String),
}

/// What a path in the archive is.
#[derive(Debug, Clone)]
pub enum Node {
    File(Arc<[u8]>),
    Dir,
}

/// The archive's files by path relative to its top (a `package/` prefix removed).
#[derive(Debug)]
pub struct Archive {
    nodes: BTreeMap<PathBuf, Node>,
}

/// Counts decompressed bytes and fails past the cap, so a bomb stops early.
struct Capped<R> {
    inner: R,
    left: u64,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.left = self
            .left
            .checked_sub(n as u64)
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::FileTooLarge, "unpacked cap"))?;
        Ok(n)
    }
}

/// `path` without `.`, refusing what climbs out (`..`) or starts elsewhere (`/`).
fn relative(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::Normal(name) => out.push(name),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

impl Archive {
    pub fn read(path: &Path, limits: &ArchiveLimits) -> Result<Archive, ArchiveError> {
        let file = std::fs::File::open(path).map_err(|e| ArchiveError::Open(path.into(), e))?;
        let size = file
            .metadata()
            .map_err(|e| ArchiveError::Open(path.into(), e))?
            .len();
        if size > limits.max_compressed_bytes {
            let cap = limits.max_compressed_bytes;
            return Err(ArchiveError::Compressed(path.into(), size, cap));
        }
        let mut compressed = Vec::with_capacity(size as usize);
        file.take(limits.max_compressed_bytes)
            .read_to_end(&mut compressed)
            .map_err(|e| ArchiveError::Open(path.into(), e))?;
        Archive::unpack(path, &compressed, limits)
    }

    /// `name` is the archive's path, for errors.
    pub fn unpack(
        name: &Path,
        compressed: &[u8],
        limits: &ArchiveLimits,
    ) -> Result<Archive, ArchiveError> {
        let capped = Capped {
            inner: GzDecoder::new(compressed),
            left: limits.max_unpacked_bytes,
        };
        let mut tar = tar::Archive::new(capped);
        let failed = |e: std::io::Error| match e.kind() {
            std::io::ErrorKind::FileTooLarge => {
                ArchiveError::Unpacked(name.into(), limits.max_unpacked_bytes)
            }
            _ => ArchiveError::Format(name.into(), e),
        };
        let mut nodes = BTreeMap::new();
        let mut links = Vec::new();
        let mut count = 0;
        for entry in tar.entries().map_err(failed)? {
            let mut entry = entry.map_err(failed)?;
            count += 1;
            if count > limits.max_entries {
                return Err(ArchiveError::Entries(name.into(), limits.max_entries));
            }
            let raw = entry.path().map_err(failed)?.into_owned();
            let shown = raw.display().to_string();
            let path =
                relative(&raw).ok_or_else(|| ArchiveError::Escape(name.into(), shown.clone()))?;
            let kind = entry.header().entry_type();
            match kind {
                // The tar crate fills a sparse file's holes itself, past the capped reader.
                EntryType::GNUSparse => return Err(ArchiveError::Sparse(name.into(), shown)),
                EntryType::Regular | EntryType::Continuous => {
                    let size = entry.header().size().map_err(failed)?;
                    if size > limits.max_entry_bytes {
                        let cap = limits.max_entry_bytes;
                        return Err(ArchiveError::Entry(name.into(), shown, size, cap));
                    }
                    let mut data = Vec::with_capacity(size as usize);
                    entry.read_to_end(&mut data).map_err(failed)?;
                    nodes.insert(path, Node::File(data.into()));
                }
                EntryType::Directory => {
                    nodes.insert(path, Node::Dir);
                }
                EntryType::Symlink | EntryType::Link => {
                    let target = entry.link_name().map_err(failed)?.unwrap_or_default();
                    // A symlink is relative to its folder, a hard link to the archive's top.
                    let joined = match kind {
                        EntryType::Symlink if !target.is_absolute() => {
                            path.parent().unwrap_or(Path::new("")).join(&target)
                        }
                        _ => target.to_path_buf(),
                    };
                    let inside = relative(&joined).ok_or_else(|| {
                        ArchiveError::LinkOut(
                            name.into(),
                            shown.clone(),
                            target.display().to_string(),
                        )
                    })?;
                    links.push((path, inside, shown));
                }
                // Devices, FIFOs and the like are nothing a konnector can use.
                _ => {}
            }
        }
        let mut archive = Archive { nodes };
        archive.resolve_links(name, links)?;
        archive.strip_package_prefix();
        archive.add_parent_dirs();
        Ok(archive)
    }

    /// Links are served as copies of what they point at (links to links included).
    fn resolve_links(
        &mut self,
        name: &Path,
        mut links: Vec<(PathBuf, PathBuf, String)>,
    ) -> Result<(), ArchiveError> {
        while !links.is_empty() {
            let before = links.len();
            links.retain(|(path, target, _)| match self.nodes.get(target).cloned() {
                Some(node) => {
                    self.nodes.insert(path.clone(), node);
                    false
                }
                None => true,
            });
            if links.len() == before {
                // What is left points at nothing in the archive: dangling, or a cycle.
                let (_, target, shown) = &links[0];
                let target = target.display().to_string();
                return Err(ArchiveError::LinkOut(name.into(), shown.clone(), target));
            }
        }
        Ok(())
    }

    /// `npm pack` puts everything under `package/`.
    fn strip_package_prefix(&mut self) {
        let prefix = Path::new("package");
        let under = |p: &PathBuf| p == prefix || p.starts_with(prefix);
        if !self.nodes.is_empty() && self.nodes.keys().all(under) {
            let nodes = std::mem::take(&mut self.nodes);
            self.nodes = nodes
                .into_iter()
                .filter_map(|(p, node)| {
                    let rest = p.strip_prefix(prefix).ok()?.to_path_buf();
                    (rest != Path::new("")).then_some((rest, node))
                })
                .collect();
        }
    }

    /// Tarballs often list files without their folders.
    fn add_parent_dirs(&mut self) {
        let parents: Vec<PathBuf> = self
            .nodes
            .keys()
            .flat_map(|p| p.ancestors().skip(1).map(Path::to_path_buf))
            .filter(|p| p != Path::new(""))
            .collect();
        for parent in parents {
            self.nodes.entry(parent).or_insert(Node::Dir);
        }
    }

    /// The node at `path` relative to the archive's top ("" is the top itself).
    pub fn get(&self, path: &Path) -> Option<Node> {
        if path == Path::new("") {
            return Some(Node::Dir);
        }
        self.nodes.get(path).cloned()
    }

    /// The names directly in the folder `path`, with whether each is a folder.
    pub fn list(&self, path: &Path) -> Vec<(String, bool)> {
        self.nodes
            .iter()
            .filter(|(p, _)| p.parent() == Some(path))
            .map(|(p, node)| {
                let name = p
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                (name, matches!(node, Node::Dir))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A .tar.gz of (path, contents) files, plus raw entries written by `extra`.
    fn tarball(files: &[(&str, &[u8])], extra: impl FnOnce(&mut tar::Builder<Vec<u8>>)) -> Vec<u8> {
        let mut builder = tar::Builder::new(Vec::new());
        for (path, data) in files {
            let mut header = tar::Header::new_gnu();
            header.set_size(data.len() as u64);
            header.set_mode(0o644);
            builder.append_data(&mut header, path, *data).unwrap();
        }
        extra(&mut builder);
        let tar = builder.into_inner().unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, &tar).unwrap();
        gz.finish().unwrap()
    }

    fn unpack(bytes: &[u8], limits: &ArchiveLimits) -> Result<Archive, String> {
        Archive::unpack(Path::new("k.tar.gz"), bytes, limits).map_err(|e| e.to_string())
    }

    fn raw_entry(builder: &mut tar::Builder<Vec<u8>>, kind: EntryType, name: &str, link: &str) {
        let mut header = tar::Header::new_gnu();
        header.set_entry_type(kind);
        header.set_size(0);
        // Written by hand: the builder's own setters refuse `..`, as they should.
        let field = &mut header.as_old_mut().name;
        field[..name.len()].copy_from_slice(name.as_bytes());
        if !link.is_empty() {
            header.set_link_name(link).unwrap();
        }
        header.set_cksum();
        builder.append(&header, std::io::empty()).unwrap();
    }

    #[test]
    fn strips_the_package_prefix_and_serves_links_inside() {
        let bytes = tarball(
            &[("package/index.js", b"1"), ("package/lib/a.js", b"2")],
            |b| {
                raw_entry(b, EntryType::Symlink, "package/lib/b.js", "a.js");
                raw_entry(b, EntryType::Fifo, "package/fifo", "");
            },
        );
        let archive = unpack(&bytes, &ArchiveLimits::default()).unwrap();
        assert!(matches!(archive.get(Path::new("lib/b.js")), Some(Node::File(d)) if &*d == b"2"));
        assert!(matches!(archive.get(Path::new("lib")), Some(Node::Dir)));
        assert!(archive.get(Path::new("fifo")).is_none());
        let mut names = archive.list(Path::new(""));
        names.sort();
        assert_eq!(names, [("index.js".into(), false), ("lib".into(), true)]);
    }

    #[test]
    fn refuses_escapes_and_links_out() {
        let escape = tarball(&[("index.js", b"1")], |b| {
            raw_entry(b, EntryType::Regular, "../escape.js", "");
        });
        let error = unpack(&escape, &ArchiveLimits::default()).unwrap_err();
        assert!(
            error.contains("entry ../escape.js would land outside"),
            "{error}"
        );
        let link = tarball(&[("index.js", b"1")], |b| {
            raw_entry(b, EntryType::Symlink, "lib/x", "../../etc/passwd");
        });
        let error = unpack(&link, &ArchiveLimits::default()).unwrap_err();
        assert!(error.contains("link lib/x points outside"), "{error}");
        let sparse = tarball(&[("index.js", b"1")], |b| {
            let mut header = tar::Header::new_gnu();
            header.set_entry_type(EntryType::GNUSparse);
            header.set_size(1);
            // One byte at the end of 64 MiB of holes that would come out of nothing.
            let gnu = header.as_gnu_mut().unwrap();
            gnu.set_real_size(64 << 20);
            gnu.sparse[0].set_offset((64 << 20) - 1);
            gnu.sparse[0].set_length(1);
            header.set_cksum();
            b.append_data(&mut header, "holes.bin", &b"x"[..]).unwrap();
        });
        let error = unpack(&sparse, &ArchiveLimits::default()).unwrap_err();
        assert!(
            error.contains("entry holes.bin is a sparse file"),
            "{error}"
        );
    }

    #[test]
    fn caps_sizes_and_counts() {
        let zeros = vec![0u8; 1 << 20];
        let bomb = tarball(&[("a", &zeros), ("b", &zeros)], |_| {});
        let small = ArchiveLimits {
            max_unpacked_bytes: 1 << 20,
            ..ArchiveLimits::default()
        };
        assert!(unpack(&bomb, &small)
            .unwrap_err()
            .contains("unpacks to more than 1048576 bytes"));
        let one = ArchiveLimits {
            max_entry_bytes: 1000,
            ..ArchiveLimits::default()
        };
        assert!(unpack(&bomb, &one)
            .unwrap_err()
            .contains("entry a is 1048576 bytes"));
        let few = ArchiveLimits {
            max_entries: 1,
            ..ArchiveLimits::default()
        };
        assert!(unpack(&bomb, &few)
            .unwrap_err()
            .contains("more than 1 entries"));
        assert!(unpack(b"not gzip", &ArchiveLimits::default())
            .unwrap_err()
            .contains("not a gzip-compressed tar"));
    }
}
