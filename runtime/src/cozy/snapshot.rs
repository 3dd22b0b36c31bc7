//! What a run saved into a local Cozy folder — `importedData.json` (`{doctype: [docs]}`) and
//! the files beside it at their Cozy path — made comparable between runs and runtimes:
//! revisions dropped, times and generated ids replaced by placeholders, file ids by the
//! files' paths (so `invoice: "io.cozy.files:<id>"` stays meaningful), account ids by
//! `[account]`, documents in a stable order, and the files on disk as path, size and md5.
//! `kvm test` compares it with a committed snapshot; the tests compare node's and kvm's.

use std::collections::HashMap;
use std::io;
use std::path::Path;

use md5::{Digest, Md5};
use serde_json::{json, Map, Value};

const DUMP: &str = "importedData.json";
const INDEX: &str = ".kvm-cozy.json";

/// Why a folder has no readable saved data.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: io::Error },
    #[error("{path} is not what the local Cozy writes: {message}")]
    Invalid { path: String, message: String },
}

/// The saved data of the local Cozy in `dir`, normalised (see the module documentation).
/// A folder where nothing was saved gives an empty `files on disk` list and no doctype.
pub fn saved_data(dir: &Path) -> Result<Value, SnapshotError> {
    let dump: Map<String, Value> = match read(&dir.join(DUMP))? {
        Some(bytes) => parse(&dir.join(DUMP), &bytes)?,
        None => Map::new(),
    };
    let index = match read(&dir.join(INDEX))? {
        Some(bytes) => parse(&dir.join(INDEX), &bytes)?,
        None => Value::Null,
    };
    let ids = stable_ids(&index, dump.get("io.cozy.accounts"));

    let mut saved = Map::new();
    for (doctype, docs) in dump {
        let Value::Array(mut docs) = docs else {
            return Err(invalid(&dir.join(DUMP), format!("{doctype} is not a list")));
        };
        for doc in &mut docs {
            make_stable(doc, &ids);
        }
        docs.sort_by_key(|doc| doc.to_string());
        saved.insert(doctype, Value::Array(docs));
    }
    let mut on_disk = Vec::new();
    list_files(dir, dir, &mut on_disk)?;
    on_disk.sort_by_key(|file| file["path"].to_string());
    saved.insert("files on disk".into(), Value::Array(on_disk));
    Ok(Value::Object(saved))
}

fn read(path: &Path) -> Result<Option<Vec<u8>>, SnapshotError> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(SnapshotError::Read {
            path: path.display().to_string(),
            source,
        }),
    }
}

fn parse<T: serde::de::DeserializeOwned>(path: &Path, bytes: &[u8]) -> Result<T, SnapshotError> {
    serde_json::from_slice(bytes).map_err(|e| invalid(path, e.to_string()))
}

fn invalid(path: &Path, message: String) -> SnapshotError {
    SnapshotError::Invalid {
        path: path.display().to_string(),
        message,
    }
}

/// Ids made meaningful: io.cozy.files ids → Cozy paths (from the local Cozy's index: a
/// node's name under its directory's path), account ids → `[account]`.
fn stable_ids(index: &Value, accounts: Option<&Value>) -> HashMap<String, String> {
    let empty = Map::new();
    let nodes = index["files"].as_object().unwrap_or(&empty);
    let path = |id: &str| {
        let mut names = Vec::new();
        let mut id = id;
        // Bounded by the number of nodes, so a corrupt index with a cycle cannot loop.
        while let Some(node) = nodes.get(id).filter(|_| names.len() <= nodes.len()) {
            names.push(node["name"].as_str().unwrap_or_default());
            id = node["dir_id"].as_str().unwrap_or_default();
        }
        names.reverse();
        format!("/{}", names.join("/"))
    };
    let mut ids: HashMap<String, String> = nodes.keys().map(|id| (id.clone(), path(id))).collect();
    for account in accounts.and_then(Value::as_array).into_iter().flatten() {
        if let Some(id) = account["_id"].as_str() {
            ids.insert(id.into(), "[account]".into());
        }
    }
    ids
}

fn make_stable(value: &mut Value, ids: &HashMap<String, String>) {
    match value {
        Value::Object(map) => {
            map.remove("_rev");
            for key in ["created_at", "updated_at"] {
                placeholder(map, key, "[time]");
            }
            if let Some(Value::Object(meta)) = map.get_mut("cozyMetadata") {
                for key in ["createdAt", "updatedAt"] {
                    placeholder(meta, key, "[time]");
                }
                if let Some(Value::Array(apps)) = meta.get_mut("updatedByApps") {
                    for app in apps.iter_mut().filter_map(Value::as_object_mut) {
                        placeholder(app, "date", "[time]");
                    }
                }
            }
            if let Some(Value::String(id)) = map.get("_id") {
                if !ids.contains_key(id) {
                    map.insert("_id".into(), "[id]".into());
                }
            }
            for value in map.values_mut() {
                make_stable(value, ids);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| make_stable(item, ids)),
        Value::String(text) => {
            let reference = text.strip_prefix("io.cozy.files:").unwrap_or(text);
            if let Some(path) = ids.get(reference) {
                *text = text.replace(reference, path);
            }
        }
        _ => {}
    }
}

fn placeholder(map: &mut Map<String, Value>, key: &str, with: &str) {
    if let Some(value) = map.get_mut(key) {
        *value = with.into();
    }
}

fn list_files(root: &Path, dir: &Path, out: &mut Vec<Value>) -> Result<(), SnapshotError> {
    let failed = |path: &Path| {
        let path = path.display().to_string();
        move |source| SnapshotError::Read { path, source }
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound && dir == root => return Ok(()),
        Err(e) => return Err(failed(dir)(e)),
    };
    for entry in entries {
        let path = entry.map_err(failed(dir))?.path();
        if path.is_dir() {
            list_files(root, &path, out)?;
        } else if path != root.join(DUMP) && !is_hidden(&path) {
            let bytes = std::fs::read(&path).map_err(failed(&path))?;
            let relative = path.strip_prefix(root).unwrap_or(&path);
            out.push(json!({
                "path": format!("/{}", relative.display()),
                "size": bytes.len(),
                "md5": format!("{:x}", Md5::digest(&bytes)),
            }));
        }
    }
    Ok(())
}

/// The local Cozy's own index (`.kvm-cozy.json`) is not saved data.
fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| name.to_string_lossy().starts_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_times_and_revisions_are_made_stable_and_files_listed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(
            root.join(DUMP),
            r#"{"io.cozy.accounts":[{"_id":"acc1","_rev":"1-a"}],
                "io.cozy.bills":[
                  {"_id":"b2","amount":2,"invoice":"io.cozy.files:f1","cozyMetadata":{"createdAt":"2024-05-01"}},
                  {"_id":"b1","amount":1,"sourceAccount":"acc1","created_at":"now"}]}"#,
        )
        .unwrap();
        std::fs::write(
            root.join(INDEX),
            r#"{"files":{"d1":{"name":"Bills","dir_id":"root"},"f1":{"name":"a.pdf","dir_id":"d1"}}}"#,
        )
        .unwrap();
        std::fs::create_dir(root.join("Bills")).unwrap();
        std::fs::write(root.join("Bills/a.pdf"), b"%PDF").unwrap();

        let saved = saved_data(root).unwrap();
        assert_eq!(
            saved,
            json!({
                "io.cozy.accounts": [{"_id": "[account]"}],
                "io.cozy.bills": [
                    {"_id": "[id]", "amount": 1, "sourceAccount": "[account]", "created_at": "[time]"},
                    {"_id": "[id]", "amount": 2, "invoice": "io.cozy.files:/Bills/a.pdf",
                     "cozyMetadata": {"createdAt": "[time]"}},
                ],
                "files on disk": [{"path": "/Bills/a.pdf", "size": 4,
                                   "md5": format!("{:x}", Md5::digest(b"%PDF"))}],
            })
        );
    }

    #[test]
    fn an_empty_folder_saved_nothing_and_a_corrupt_dump_says_where() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("never-made");
        assert_eq!(saved_data(&missing).unwrap(), json!({"files on disk": []}));
        std::fs::write(dir.path().join(DUMP), "{not json").unwrap();
        let err = saved_data(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("importedData.json is not what the local Cozy writes"),
            "{err}"
        );
    }
}
