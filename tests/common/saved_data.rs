//! What a konnector run saved into a data folder — `importedData.json` (`{doctype: [docs]}`)
//! and the files beside it at their Cozy path, as kvm's local Cozy writes them — made
//! comparable between runs and runtimes: revisions dropped, times and generated ids
//! replaced by placeholders, file ids by the files' paths (so `invoice:
//! "io.cozy.files:<id>"` stays meaningful), account ids by `[account]`, documents in a stable order, and the files on
//! disk as path, size and md5.

use std::collections::HashMap;
use std::path::Path;

use md5::{Digest, Md5};
use serde_json::{json, Map, Value};

pub fn saved_data(dir: &Path) -> Value {
    let dump_path = dir.join("importedData.json");
    let text = std::fs::read_to_string(&dump_path)
        .unwrap_or_else(|e| panic!("{}: {e}", dump_path.display()));
    let dump: Map<String, Value> = serde_json::from_str(&text).unwrap();
    let paths = stable_ids(dir, dump.get("io.cozy.accounts"));

    let mut saved = Map::new();
    for (doctype, docs) in dump {
        let mut docs: Vec<Value> = docs.as_array().unwrap().clone();
        for doc in &mut docs {
            make_stable(doc, &paths);
        }
        docs.sort_by_key(|doc| doc.to_string());
        saved.insert(doctype, Value::Array(docs));
    }
    let mut on_disk = Vec::new();
    list_files(dir, dir, &mut on_disk);
    on_disk.sort_by_key(|file| file["path"].to_string());
    saved.insert("files on disk".into(), Value::Array(on_disk));
    Value::Object(saved)
}

/// Ids made meaningful: io.cozy.files ids → Cozy paths (from the local Cozy's index,
/// `.kvm-cozy.json`: a node's name under its directory's path), account ids → `[account]`.
fn stable_ids(dir: &Path, accounts: Option<&Value>) -> HashMap<String, String> {
    let index = std::fs::read(dir.join(".kvm-cozy.json"))
        .map(|bytes| serde_json::from_slice::<Value>(&bytes).unwrap())
        .unwrap_or(Value::Null);
    let nodes = index["files"].as_object().cloned().unwrap_or_default();
    let path = |id: &str| {
        let mut names = Vec::new();
        let mut id = id.to_string();
        while let Some(node) = nodes.get(&id) {
            names.push(node["name"].as_str().unwrap().to_string());
            id = node["dir_id"].as_str().unwrap().to_string();
        }
        names.reverse();
        format!("/{}", names.join("/"))
    };
    let mut ids: HashMap<String, String> = nodes.keys().map(|id| (id.clone(), path(id))).collect();
    for account in accounts.and_then(Value::as_array).into_iter().flatten() {
        ids.insert(account["_id"].as_str().unwrap().into(), "[account]".into());
    }
    ids
}

fn make_stable(value: &mut Value, paths: &HashMap<String, String>) {
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
                if !paths.contains_key(id) {
                    map.insert("_id".into(), "[id]".into());
                }
            }
            for value in map.values_mut() {
                make_stable(value, paths);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| make_stable(item, paths)),
        Value::String(text) => {
            let reference = text.strip_prefix("io.cozy.files:").unwrap_or(text);
            if let Some(path) = paths.get(reference) {
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

fn list_files(root: &Path, dir: &Path, out: &mut Vec<Value>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            list_files(root, &path, out);
        } else if path != root.join("importedData.json") && !is_hidden(&path) {
            let bytes = std::fs::read(&path).unwrap();
            out.push(json!({
                "path": format!("/{}", path.strip_prefix(root).unwrap().display()),
                "size": bytes.len(),
                "md5": format!("{:x}", Md5::digest(&bytes)),
            }));
        }
    }
}

/// The local Cozy's own index (`.kvm-cozy.json`) is not saved data.
fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| name.to_string_lossy().starts_with('.'))
}
