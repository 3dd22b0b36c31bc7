//! The saving half of kvm's own cozy-konnector-libs (konnector-lib/, issue 8) against the
//! real library: `tests/konnector-lib-data/src/index.js` — bills, files, bank operation
//! links, identity, account data; no vendor, its files are made in memory — runs bundled
//! with cozy-konnector-libs 5.13 under node (against kvm's local Cozy served on loopback) and
//! unbundled under kvm (which serves its own library), and both must save the same data,
//! file metadata included, and log the same. Nothing but the Cozy the test serves on
//! loopback is contacted.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::example_servers::ServedCozy;
use common::saved_data::saved_data;
use common::{protocol_records, top, Dir, KvmCmd};
use serde_json::{json, Map, Value};

const SOURCE: &str = "tests/konnector-lib-data/src";
/// The npm project the real bundle is built from: the demo konnector's (its package.json,
/// lock, webpack config and manifest) with this test's source, in a folder of a fixed name
/// so `examples/build-bundle` caches the build.
const PROJECT: &str = "target/konnector-lib-data";
const DEMO: &str = "examples/demo-konnector";

fn fields() -> Map<String, Value> {
    json!({"login": "ada@example.com"})
        .as_object()
        .unwrap()
        .clone()
}

/// The konnector bundled with the real library, built once per test run.
fn real_bundle() -> &'static Path {
    static BUNDLE: OnceLock<PathBuf> = OnceLock::new();
    BUNDLE.get_or_init(|| {
        let project = top().join(PROJECT);
        let _ = std::fs::remove_dir_all(&project);
        std::fs::create_dir_all(project.join("src")).unwrap();
        for file in [
            "package.json",
            "package-lock.json",
            "webpack.config.js",
            "manifest.konnector",
        ] {
            std::fs::copy(top().join(DEMO).join(file), project.join(file)).unwrap();
        }
        std::fs::copy(
            top().join(SOURCE).join("index.js"),
            project.join("src/index.js"),
        )
        .unwrap();
        common::bundle::build(PROJECT)
    })
}

/// Runs the real bundle under node against a served local Cozy saving into `dir/data`;
/// returns the exit code and the records.
fn run_real_under_node(dir: &Dir) -> (Option<i32>, Vec<String>, PathBuf) {
    let data = dir.path().join("data");
    let stack = ServedCozy::start(&data, fields());
    let output = Command::new("node")
        .arg(real_bundle())
        .current_dir(dir.path())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .envs(stack.node_env())
        .output()
        .unwrap();
    assert!(
        output.status.code().is_some(),
        "node died: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.code(), protocol_records(&output.stdout), data)
}

/// The konnector as kvm runs it: a folder with the source and the manifest, no
/// node_modules, saving into the local Cozy in `dir/data`.
fn run_under_kvm(dir: &Dir) -> (i32, Vec<String>, Value, PathBuf) {
    let konnector = dir.path().join("konnector");
    std::fs::create_dir(&konnector).unwrap();
    std::fs::copy(
        top().join(SOURCE).join("index.js"),
        konnector.join("index.js"),
    )
    .unwrap();
    std::fs::copy(
        top().join(DEMO).join("manifest.konnector"),
        konnector.join("manifest.konnector"),
    )
    .unwrap();
    let data = dir.path().join("data");
    let (run, report) = KvmCmd::new()
        .arg(&konnector)
        .arg("--local")
        .arg(&data)
        .arg("--fields")
        .arg(Value::Object(fields()).to_string())
        .args(["--timeout", "60"])
        .report(dir);
    let records = protocol_records(run.stdout().as_bytes());
    (run.code(), records, report, data)
}

/// What the saved files carry besides their bytes (which `saved_data` compares), from the
/// local Cozy's index: by path, their type, mime, metadata and account. Left out: the
/// references the real library adds to the subfolders it makes, which kvm's capabilities
/// cannot add.
fn file_attributes(data: &Path) -> Value {
    let index: Value =
        serde_json::from_slice(&std::fs::read(data.join(".kvm-cozy.json")).unwrap()).unwrap();
    let nodes = index["files"].as_object().unwrap();
    let path_of = |id: &str| {
        let mut names = Vec::new();
        let mut id = id.to_string();
        while let Some(node) = nodes.get(&id) {
            names.push(node["name"].as_str().unwrap().to_string());
            id = node["dir_id"].as_str().unwrap().to_string();
        }
        names.reverse();
        format!("/{}", names.join("/"))
    };
    let mut files = Map::new();
    for (id, node) in nodes {
        let meta = &node["cozyMetadata"];
        files.insert(
            path_of(id),
            json!({
                "type": node["type"],
                "mime": node["mime"],
                "metadata": node["metadata"],
                "sourceAccount": meta["sourceAccount"].is_string(),
                "sourceAccountIdentifier": meta["sourceAccountIdentifier"],
                "createdByApp": meta["createdByApp"],
            }),
        );
    }
    Value::Object(files)
}

/// `saved_data`, with the ids of bills and operations (which it leaves as they are where
/// links name them) replaced by the bill's vendorRef and the operation's label, and every
/// object's keys in one order (the local Cozy keeps them as sent, and key order is no part
/// of a document), each doctype's documents sorted again.
fn comparable(data: &Path) -> Value {
    let dump: Value =
        serde_json::from_slice(&std::fs::read(data.join("importedData.json")).unwrap()).unwrap();
    let mut names = Vec::new();
    for (doctype, key) in [
        ("io.cozy.bills", "vendorRef"),
        ("io.cozy.bank.operations", "label"),
    ] {
        for doc in dump[doctype].as_array().into_iter().flatten() {
            let id = doc["_id"].as_str().unwrap().to_string();
            names.push((id, format!("[{} {}]", doctype, doc[key].as_str().unwrap())));
        }
    }
    let Value::Object(saved) = canonical(saved_data(data), &names) else {
        panic!("saved data is an object")
    };
    // Each doctype's documents in the order of their canonical form.
    let sorted = saved.into_iter().map(|(doctype, docs)| {
        let mut docs = docs.as_array().unwrap().clone();
        docs.sort_by_key(|doc| doc.to_string());
        (doctype, Value::Array(docs))
    });
    Value::Object(sorted.collect())
}

fn canonical(value: Value, names: &[(String, String)]) -> Value {
    match value {
        Value::String(mut text) => {
            for (id, name) in names {
                text = text.replace(id, name);
            }
            Value::String(text)
        }
        Value::Array(items) => {
            Value::Array(items.into_iter().map(|v| canonical(v, names)).collect())
        }
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map
                .into_iter()
                .map(|(k, v)| (k, canonical(v, names)))
                .collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().collect())
        }
        other => other,
    }
}

#[test]
fn kvm_library_saves_what_the_real_library_saves() {
    let (node_dir, kvm_dir) = (Dir::new(), Dir::new());
    let (code, node_records, node_data) = run_real_under_node(&node_dir);
    assert_eq!(code, Some(0), "{node_records:#?}");
    let (code, kvm_records, report, kvm_data) = run_under_kvm(&kvm_dir);
    assert_eq!(
        (code, &report["outcome"]),
        (0, &json!("success")),
        "{kvm_records:#?}"
    );

    let saved = comparable(&kvm_data);
    assert_eq!(
        saved,
        comparable(&node_data),
        "kvm's and the real library's saved data"
    );
    assert_eq!(
        file_attributes(&kvm_data),
        file_attributes(&node_data),
        "kvm's and the real library's file attributes"
    );
    assert_eq!(kvm_records, node_records);
    insta::assert_json_snapshot!("konnector_lib_data_saved_data", saved);
}
