//! The local Cozy's folder: what is stored where, and how it is written.
//!
//! - `importedData.json`: `{ "<doctype>": [docs] }`, the documents of `/data`, as
//!   cozy-jobs-cli's standalone mode writes them;
//! - the files, at their Cozy path under the folder (`/Administrative/x.pdf` is
//!   `DIR/Administrative/x.pdf`);
//! - `.kvm-cozy.json`: what the files need besides their bytes (ids, revisions, md5, dates,
//!   metadata, references) and the Mango indexes defined.
//!
//! Nothing is created before the first write, so a run that saves nothing leaves nothing
//! behind. Every JSON file is written whole to a temporary file, synced, then renamed over
//! the old one: a crash leaves the previous version, never half of one.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use md5::{Digest, Md5};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub(super) const DOCUMENTS: &str = "importedData.json";
pub(super) const INDEX: &str = ".kvm-cozy.json";
pub(super) const ROOT_ID: &str = "io.cozy.files.root-dir";
pub(super) const TRASH_ID: &str = "io.cozy.files.trash-dir";
pub(super) const TRASH_NAME: &str = ".cozy_trash";

/// An error of the local folder, naming the file at fault.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not valid JSON ({source}); fix or remove it")]
    Parse {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("{path} names {name:?}, which is not a file name or not under the root; it was not written by kvm: remove it")]
    Corrupt { path: PathBuf, name: String },
    #[error("{0} is a symbolic link: the local Cozy never follows one out of its folder; use a plain folder")]
    Link(PathBuf),
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Directories sort before files in listings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum Kind {
    Directory,
    File,
}

/// A file or directory of the virtual file system, as `.kvm-cozy.json` keeps it; the path
/// is not stored but follows `dir_id` up to the root, so a move is one change.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Node {
    pub rev: String,
    #[serde(rename = "type")]
    pub kind: Kind,
    pub name: String,
    pub dir_id: String,
    pub created_at: String,
    pub updated_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub md5sum: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    #[serde(default)]
    pub executable: bool,
    #[serde(default)]
    pub trashed: bool,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
    #[serde(default, rename = "cozyMetadata")]
    pub cozy_metadata: Map<String, Value>,
    /// `{"type", "id"}` of the documents referencing this file (e.g. the konnector).
    #[serde(default)]
    pub referenced_by: Vec<Value>,
    /// Where a trashed node came from, to restore it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restore_path: Option<String>,
}

impl Node {
    /// A node with no content, tags, metadata or references yet.
    pub(super) fn new(
        kind: Kind,
        name: &str,
        dir_id: &str,
        created_at: String,
        updated_at: String,
    ) -> Node {
        Node {
            rev: String::new(),
            kind,
            name: name.to_owned(),
            dir_id: dir_id.to_owned(),
            created_at,
            updated_at,
            md5sum: None,
            size: None,
            mime: None,
            class: None,
            executable: false,
            trashed: false,
            tags: Vec::new(),
            metadata: None,
            cozy_metadata: Map::new(),
            referenced_by: Vec::new(),
            restore_path: None,
        }
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Index {
    #[serde(default)]
    files: BTreeMap<String, Node>,
    /// Mango indexes by doctype: name → fields. Kept so `_index` answers `exists` again.
    #[serde(default)]
    indexes: BTreeMap<String, BTreeMap<String, Value>>,
    /// Metadata objects sent to `/files/upload/metadata`, until an upload names them.
    #[serde(default)]
    upload_metadata: BTreeMap<String, Value>,
}

/// The local Cozy's state: loaded once, changed in memory, written through.
#[derive(Debug)]
pub(super) struct Store {
    dir: PathBuf,
    docs: BTreeMap<String, Vec<Value>>,
    index: Index,
    /// Size of each file this Store wrote content for, by id, as last written: what a run
    /// saved (its report's `files_written` and `disk_bytes`). Not stored.
    written: BTreeMap<String, u64>,
}

impl Store {
    /// Reads the folder's state; a missing folder or file is an empty Cozy.
    /// The folder may come with the konnector (`data/` in its folder): its index is
    /// checked, and links refused, so no name in it reaches outside the folder.
    pub(super) fn open(dir: &Path) -> Result<Store, StoreError> {
        for path in [dir.to_path_buf(), dir.join(DOCUMENTS), dir.join(INDEX)] {
            refuse_link(&path).map_err(|_| StoreError::Link(path.clone()))?;
        }
        let store = Store {
            dir: dir.to_path_buf(),
            docs: read_json(&dir.join(DOCUMENTS))?.unwrap_or_default(),
            index: read_json(&dir.join(INDEX))?.unwrap_or_default(),
            written: BTreeMap::new(),
        };
        for (id, node) in &store.index.files {
            if !is_plain_name(&node.name) || store.path_of(id).is_none() {
                let (path, name) = (dir.join(INDEX), node.name.clone());
                return Err(StoreError::Corrupt { path, name });
            }
        }
        Ok(store)
    }

    // ---- documents -------------------------------------------------------------------

    /// The documents of a doctype, `None` when its database was never created.
    pub(super) fn docs(&self, doctype: &str) -> Option<&[Value]> {
        self.docs.get(doctype).map(Vec::as_slice)
    }

    pub(super) fn doc(&self, doctype: &str, id: &str) -> Option<&Value> {
        self.docs(doctype)?.iter().find(|d| doc_id(d) == Some(id))
    }

    /// Creates the doctype's database if needed, without writing: an index alone is not
    /// data worth a file.
    pub(super) fn create_database(&mut self, doctype: &str) {
        self.docs.entry(doctype.to_owned()).or_default();
    }

    /// Inserts or replaces (by `_id`) a document that already has its new `_rev`.
    pub(super) fn put_doc(&mut self, doctype: &str, doc: Value) -> Result<(), StoreError> {
        self.stage_doc(doctype, doc);
        self.flush()
    }

    /// [`Store::put_doc`] in memory only, written with the next write: what the stack
    /// prepares for a run (the account) is not worth a file until the konnector saves.
    pub(super) fn stage_doc(&mut self, doctype: &str, doc: Value) {
        let docs = self.docs.entry(doctype.to_owned()).or_default();
        match docs.iter_mut().find(|d| doc_id(d) == doc_id(&doc)) {
            Some(slot) => *slot = doc,
            None => docs.push(doc),
        }
    }

    pub(super) fn remove_doc(&mut self, doctype: &str, id: &str) -> Result<(), StoreError> {
        if let Some(docs) = self.docs.get_mut(doctype) {
            docs.retain(|d| doc_id(d) != Some(id));
        }
        self.flush()
    }

    // ---- indexes ---------------------------------------------------------------------

    /// Records an index; `false` when one of that name already existed.
    pub(super) fn define_index(&mut self, doctype: &str, name: &str, definition: Value) -> bool {
        self.create_database(doctype);
        self.index
            .indexes
            .entry(doctype.to_owned())
            .or_default()
            .insert(name.to_owned(), definition)
            .is_none()
    }

    // ---- files -----------------------------------------------------------------------

    pub(super) fn node(&self, id: &str) -> Option<&Node> {
        self.index.files.get(id)
    }

    pub(super) fn nodes(&self) -> impl Iterator<Item = (&String, &Node)> {
        self.index.files.iter()
    }

    pub(super) fn children(&self, dir_id: &str) -> Vec<(&String, &Node)> {
        let mut children: Vec<_> = self
            .index
            .files
            .iter()
            .filter(|(_, node)| node.dir_id == dir_id)
            .collect();
        children.sort_by(|a, b| (a.1.kind, &a.1.name).cmp(&(b.1.kind, &b.1.name)));
        children
    }

    pub(super) fn child_named(&self, dir_id: &str, name: &str) -> Option<&String> {
        self.index
            .files
            .iter()
            .find(|(_, node)| node.dir_id == dir_id && node.name == name)
            .map(|(id, _)| id)
    }

    /// The Cozy path of a node (`/` for the root), `None` for an unknown id.
    pub(super) fn path_of(&self, id: &str) -> Option<String> {
        let mut parts = Vec::new();
        let mut current = id;
        // Bounded: a corrupt index with a cycle must not hang the run.
        for _ in 0..=self.index.files.len() {
            match current {
                ROOT_ID => {
                    parts.reverse();
                    return Some(format!("/{}", parts.join("/")));
                }
                TRASH_ID => parts.push(TRASH_NAME),
                _ => {
                    let node = self.index.files.get(current)?;
                    parts.push(&node.name);
                    current = &node.dir_id;
                    continue;
                }
            }
            current = ROOT_ID;
        }
        None
    }

    /// The id at a Cozy path.
    pub(super) fn id_at(&self, path: &str) -> Option<String> {
        let mut current = ROOT_ID.to_owned();
        for part in path.split('/').filter(|p| !p.is_empty()) {
            current = match (current.as_str(), part) {
                (ROOT_ID, TRASH_NAME) => TRASH_ID.to_owned(),
                _ => self.child_named(&current, part)?.clone(),
            };
        }
        Some(current)
    }

    /// Where a Cozy path lives on disk. Each part must be a plain name and nothing on the
    /// way may be a symbolic link, so nothing outside the folder is ever read, written or
    /// removed.
    pub(super) fn disk_path(&self, cozy_path: &str) -> std::io::Result<PathBuf> {
        let mut path = self.dir.clone();
        refuse_link(&path)?;
        for part in cozy_path.split('/').filter(|p| !p.is_empty()) {
            if !is_plain_name(part) {
                let message = format!("{cozy_path}: {part:?} is not a file name");
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    message,
                ));
            }
            path.push(part);
            refuse_link(&path)?;
        }
        Ok(path)
    }

    pub(super) fn put_node(&mut self, id: &str, node: Node) -> Result<(), StoreError> {
        self.stage_node(id, node);
        self.flush()
    }

    /// [`Store::put_node`] in memory only, like [`Store::stage_doc`].
    pub(super) fn stage_node(&mut self, id: &str, node: Node) {
        self.index.files.insert(id.to_owned(), node);
    }

    pub(super) fn remove_nodes(&mut self, ids: &[String]) -> Result<(), StoreError> {
        for id in ids {
            self.index.files.remove(id);
        }
        self.flush()
    }

    pub(super) fn keep_upload_metadata(&mut self, id: &str, metadata: Value) {
        self.index.upload_metadata.insert(id.to_owned(), metadata);
    }

    pub(super) fn take_upload_metadata(&mut self, id: &str) -> Option<Value> {
        self.index.upload_metadata.remove(id)
    }

    // ---- writing ---------------------------------------------------------------------

    /// Writes the content of file `id` at `disk` (from [`Store::disk_path`]).
    pub(super) fn write_content(
        &mut self,
        id: &str,
        disk: &Path,
        bytes: &[u8],
    ) -> Result<(), StoreError> {
        write_atomically(disk, bytes)?;
        self.written.insert(id.to_owned(), bytes.len() as u64);
        Ok(())
    }

    pub(super) fn written(&self) -> super::SavedFiles {
        super::SavedFiles {
            files: self.written.len() as u64,
            bytes: self.written.values().sum(),
        }
    }

    /// Writes both files: whatever was staged goes with the first real write, and the
    /// documents never point at files the index lost (or the reverse).
    fn flush(&self) -> Result<(), StoreError> {
        write_json(&self.dir.join(DOCUMENTS), &self.docs)?;
        write_json(&self.dir.join(INDEX), &self.index)
    }
}

pub(super) fn doc_id(doc: &Value) -> Option<&str> {
    doc.get("_id").and_then(Value::as_str)
}

/// The next CouchDB-like revision, `N-<md5 of the content>`.
pub(super) fn next_rev(previous: Option<&str>, content: &Value) -> String {
    let generation = previous
        .and_then(|rev| rev.split('-').next())
        .and_then(|n| n.parse::<u64>().ok())
        .unwrap_or(0);
    let digest = Md5::digest(content.to_string().as_bytes());
    format!("{}-{}", generation + 1, hex::encode(digest))
}

/// A new document id, as CouchDB makes them: 32 hex digits.
pub(super) fn new_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Option<T>, StoreError> {
    let text = match std::fs::read(path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(StoreError::Read {
                path: path.to_path_buf(),
                source,
            })
        }
    };
    serde_json::from_slice(&text)
        .map(Some)
        .map_err(|source| StoreError::Parse {
            path: path.to_path_buf(),
            source,
        })
}

/// A name a node may have: not empty, `.` or `..`, without `/` or NUL.
pub(super) fn is_plain_name(name: &str) -> bool {
    !(name.is_empty() || name == "." || name == ".." || name.contains(['/', '\0']))
}

fn refuse_link(path: &Path) -> std::io::Result<()> {
    match path.symlink_metadata() {
        Ok(meta) if meta.file_type().is_symlink() => Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            format!("{} is a symbolic link, never followed", path.display()),
        )),
        _ => Ok(()),
    }
}

fn write_json(path: &Path, value: &impl Serialize) -> Result<(), StoreError> {
    let mut text = serde_json::to_vec_pretty(value).expect("JSON values serialize");
    text.push(b'\n');
    write_atomically(path, &text)
}

/// Writes `bytes` at `path` through a synced temporary file renamed over it, creating the
/// folders on the way.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let failed = |source| StoreError::Write {
        path: path.to_path_buf(),
        source,
    };
    let parent = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(failed)?;
    let mut temp = tempfile::Builder::new()
        .prefix(".kvm-write-")
        .tempfile_in(parent)
        .map_err(failed)?;
    temp.write_all(bytes).map_err(failed)?;
    temp.as_file().sync_all().map_err(failed)?;
    temp.persist(path).map_err(|err| failed(err.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revisions_count_up_and_hash_the_content() {
        let doc = serde_json::json!({"a": 1});
        let first = next_rev(None, &doc);
        assert!(first.starts_with("1-") && first.len() == 34, "{first}");
        assert!(next_rev(Some(&first), &doc).starts_with("2-"));
        assert_ne!(next_rev(None, &serde_json::json!({"a": 2})), first);
    }

    #[test]
    fn nothing_is_written_before_a_document() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let mut store = Store::open(&data).unwrap();
        store.define_index("io.cozy.bills", "by-date", serde_json::json!(["date"]));
        assert!(!data.exists());
        store
            .put_doc(
                "io.cozy.bills",
                serde_json::json!({"_id": "b1", "_rev": "1-x"}),
            )
            .unwrap();
        let reopened = Store::open(&data).unwrap();
        assert_eq!(reopened.doc("io.cozy.bills", "b1").unwrap()["_rev"], "1-x");
        assert!(data.join(INDEX).exists());
        let leftovers: Vec<_> = std::fs::read_dir(&data)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|name| name.starts_with(".kvm-write-"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn a_corrupt_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(DOCUMENTS), "{oops").unwrap();
        let err = Store::open(dir.path()).unwrap_err().to_string();
        assert!(err.contains("importedData.json is not valid JSON"), "{err}");
    }
}
