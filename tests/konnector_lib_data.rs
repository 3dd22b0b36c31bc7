//! The saving half of kvm's own cozy-konnector-libs (konnector-lib/, issue 8) against the
//! real library: `tests/konnector-lib-data/src/index.js` — bills, files, bank operation
//! links, identity, account data; no vendor, its files are made in memory — runs bundled
//! with cozy-konnector-libs 5.13 under node (against kvm's local Cozy served on loopback) and
//! unbundled under kvm (which serves its own library), and both must save the same data,
//! file metadata included, and log the same. Nothing but the Cozy the test serves on
//! loopback is contacted.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::example_servers::ServedCozy;
use common::saved_data::saved_data;
use common::server::sample;
use common::{protocol_records, top, Dir, KvmCmd, Run, Server};
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
    let output = common::node_command(real_bundle(), &[])
        .current_dir(dir.path())
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

/// A konnector folder in `dir` (`source` as index.js, the demo's manifest with `permissions`)
/// run by `kvm` in local mode with `args`; the run, its report and the data folder.
fn run_konnector(
    kvm: KvmCmd,
    dir: &Dir,
    source: &str,
    permissions: Value,
    args: &[String],
) -> (Run, Value, PathBuf) {
    let mut manifest: Value = serde_json::from_slice(
        &std::fs::read(top().join(DEMO).join("manifest.konnector")).unwrap(),
    )
    .unwrap();
    manifest["permissions"] = permissions;
    dir.write("konnector/manifest.konnector", &manifest.to_string());
    dir.write("konnector/index.js", source);
    let data = dir.path().join("data");
    let (run, report) = kvm
        .arg(dir.path().join("konnector"))
        .arg("--local")
        .arg(&data)
        .args(args)
        .args(["--timeout", "30"])
        .report(dir);
    (run, report, data)
}

fn demo_permissions() -> Value {
    let manifest: Value = serde_json::from_slice(
        &std::fs::read(top().join(DEMO).join("manifest.konnector")).unwrap(),
    )
    .unwrap();
    manifest["permissions"].clone()
}

fn fields_arg(fields: Value) -> Vec<String> {
    vec!["--fields".into(), fields.to_string()]
}

/// The local Cozy's record of the file at `path` (e.g. `/Administrative/Demo Vendor/a.pdf`).
fn file_at(data: &Path, path: &str) -> Value {
    let files = file_attributes(data);
    files
        .get(path)
        .cloned()
        .unwrap_or_else(|| panic!("no {path} in {files:#}"))
}

#[test]
fn save_files_downloads_each_file_once_with_its_metadata() {
    let vendor = Server::start();
    let dir = Dir::new();
    let source = r#"
const { BaseKonnector, saveFiles, log } = require('cozy-konnector-libs')
module.exports = new BaseKonnector(async function (fields) {
  // The second pass names A's file differently: found by its key, it keeps its name.
  const entries = pass => [
    { fileurl: `${fields.vendor}/bytes?n=3000`, filename: pass === 1 ? 'a.pdf' : 'a-renamed.pdf', vendorRef: 'A', fileAttributes: { metadata: { carbonCopy: true } } },
    { fileurl: `${fields.vendor}/bytes?n=2000`, vendorRef: 'B', subPath: 'Sub' },
    { fileurl: `${fields.vendor}/bytes?n=0`, filename: 'empty.pdf', vendorRef: 'C' },
  ]
  const options = { fileIdAttributes: ['vendorRef'], sourceAccount: this.accountId, sourceAccountIdentifier: fields.login }
  for (const pass of [1, 2]) {
    const saved = await saveFiles(entries(pass), fields, options)
    log('info', `pass ${pass}: ` + saved.map(e => e.fileDocument ? `${e.fileDocument.name} ${e.fileDocument.size} ${e.fileDocument.attributes.dir_id === e.fileDocument.dir_id}` : 'none').join(', '))
  }
})
"#;
    let fields = json!({"login": "ada", "vendor": vendor.url("").trim_end_matches('/')});
    let mut args = fields_arg(fields);
    args.extend(["--allow".to_string(), vendor.allow()]);
    let (run, report, data) = run_konnector(KvmCmd::new(), &dir, source, demo_permissions(), &args);
    run.assert_code(0);
    assert_eq!(report["outcome"], "success");
    let records = protocol_records(run.stdout().as_bytes());
    let infos: Vec<&String> = records.iter().filter(|r| r.starts_with("info: ")).collect();
    assert_eq!(
        infos,
        [
            "info: saveFiles created 3 files for 3 entries",
            "info: pass 1: a.pdf 3000 true, bytes 2000 true, none",
            // The empty file was deleted: it is downloaded (and deleted) again.
            "info: saveFiles created 1 files for 3 entries",
            "info: pass 2: a.pdf 3000 true, bytes 2000 true, none",
        ]
    );
    for warning in [
        "warning: empty.pdf is empty",
        "warning: BAD_FILE_SIZE",
        "warning: Could not download file after 1 tries removing the file",
    ] {
        assert!(
            records.iter().any(|r| r == warning),
            "{warning}: {records:#?}"
        );
    }

    let saved = file_attributes(&data);
    assert!(
        !saved
            .as_object()
            .unwrap()
            .keys()
            .any(|p| p.contains("empty")),
        "the empty file is deleted: {saved:#}"
    );

    // Each file downloaded once, but the invalid one (twice).
    let downloads: Vec<String> = vendor
        .server
        .requests()
        .iter()
        .map(|r| r.path.clone())
        .collect();
    assert_eq!(
        downloads,
        ["/bytes?n=3000", "/bytes?n=2000", "/bytes?n=0", "/bytes?n=0"]
    );
    let folder = data.join("Administrative/Demo Vendor");
    assert!(std::fs::read(folder.join("a.pdf")).unwrap() == sample(3000));
    // Named after the URL's last segment, in the entry's subPath.
    assert!(std::fs::read(folder.join("Sub/bytes")).unwrap() == sample(2000));

    let a = file_at(&data, "/Administrative/Demo Vendor/a.pdf");
    assert_eq!(a["mime"], "application/pdf");
    assert_eq!(
        a["metadata"],
        json!({"carbonCopy": true, "fileIdAttributes": "A"})
    );
    assert_eq!(a["sourceAccount"], true);
    assert_eq!(a["sourceAccountIdentifier"], "ada");
    assert_eq!(a["createdByApp"], "demo-konnector");
    let b = file_at(&data, "/Administrative/Demo Vendor/Sub/bytes");
    assert_eq!(b["metadata"], json!({"fileIdAttributes": "B"}));
    assert_eq!(
        file_at(&data, "/Administrative/Demo Vendor/Sub")["type"],
        "directory"
    );
}

#[test]
fn errors_end_the_run_with_the_error_code_as_the_real_library_does() {
    let dir = Dir::new();
    let source = r#"
const { BaseKonnector, errors, log } = require('cozy-konnector-libs')
module.exports = new BaseKonnector(async function (fields) {
  await this.deactivateAutoSuccessfulLogin()
  log('info', `state ${this._account.state}`)
  await this.notifySuccessfulLogin()
  log('info', `state ${this._account.state}`)
  await this.saveAccountData({ step: 1 })
  await this.saveAccountData({ other: 2 }, { merge: false })
  log('info', `data ${JSON.stringify(this.getAccountData())}`)
  try {
    await this.waitForTwoFaCode({ type: 'sms' })
  } catch (err) {
    log('info', `2FA: ${err.message}`)
  }
  throw new Error(errors.LOGIN_FAILED)
})
"#;
    let (run, report, data) = run_konnector(
        KvmCmd::new(),
        &dir,
        source,
        demo_permissions(),
        &fields_arg(json!({"login": "ada"})),
    );
    run.assert_code(1);
    assert_eq!(report["outcome"], "failed");
    assert_eq!(report["error"], "LOGIN_FAILED");
    assert_eq!(
        protocol_records(run.stdout().as_bytes()),
        [
            "info: state HANDLE_LOGIN_SUCCESS",
            "info: state LOGIN_SUCCESS",
            "info: data {\"other\":2}",
            "warning: waitForTwoFaCode: this in not a manual execution. It is not possible to handle 2FA here.",
            "info: 2FA: USER_ACTION_NEEDED.TWOFA_EXPIRED",
            "warning: Error from konnector",
            "critical: LOGIN_FAILED",
        ]
    );
    let dump: Value =
        serde_json::from_slice(&std::fs::read(data.join("importedData.json")).unwrap()).unwrap();
    let account = &dump["io.cozy.accounts"][0];
    assert_eq!(account["state"], "LOGIN_SUCCESS");
    assert_eq!(account["data"], json!({"other": 2}));
}

#[test]
fn left_out_exports_load_and_throw_feature_unavailable_once_used() {
    let dir = Dir::new();
    let source = r#"
const { cozyClient, htmlToPDF, createCozyPDFDocument, solveCaptcha, categorize, createCategorizer, utils, wrapIfSentrySetUp, manifest, log } = require('cozy-konnector-libs')
wrapIfSentrySetUp({ run() {} }, 'run')
log('info', `slug ${manifest.data.slug}`)
const uses = {
  cozyClient: () => cozyClient.data.find('io.cozy.bills', 'x'),
  htmlToPDF: () => htmlToPDF(),
  createCozyPDFDocument: () => createCozyPDFDocument(),
  solveCaptcha: () => solveCaptcha({}),
  categorize: () => categorize([]),
  createCategorizer: () => createCategorizer(),
  getPdfText: () => utils.getPdfText('id'),
}
;(async () => {
  for (const [name, use] of Object.entries(uses)) {
    try {
      await use()
      log('info', `${name}: worked`)
    } catch (err) {
      log('info', `${name}: ${err.code} ${err.message.split(':')[0]}`)
    }
  }
})()
"#;
    let (run, _, _) = run_konnector(
        KvmCmd::new(),
        &dir,
        source,
        demo_permissions(),
        &fields_arg(json!({})),
    );
    run.assert_code(0);
    assert_eq!(
        protocol_records(run.stdout().as_bytes()),
        [
            "info: slug demo-konnector",
            "info: cozyClient: ERR_FEATURE_UNAVAILABLE cozyClient.data is not available in kvm's cozy-konnector-libs",
            "info: htmlToPDF: ERR_FEATURE_UNAVAILABLE htmlToPDF is not available in kvm's cozy-konnector-libs",
            "info: createCozyPDFDocument: ERR_FEATURE_UNAVAILABLE createCozyPDFDocument is not available in kvm's cozy-konnector-libs",
            "info: solveCaptcha: ERR_FEATURE_UNAVAILABLE solveCaptcha is not available in kvm's cozy-konnector-libs",
            "info: categorize: ERR_FEATURE_UNAVAILABLE categorize is not available in kvm's cozy-konnector-libs",
            "info: createCategorizer: ERR_FEATURE_UNAVAILABLE createCategorizer is not available in kvm's cozy-konnector-libs",
            "info: getPdfText: ERR_FEATURE_UNAVAILABLE utils.getPdfText is not available in kvm's cozy-konnector-libs",
        ]
    );
}

#[test]
fn documents_are_filtered_updated_and_deduplicated_by_their_keys() {
    let dir = Dir::new();
    let source = r#"
const { BaseKonnector, hydrateAndFilter, filterData, addData, updateOrCreate, utils, normalizeFilename, Document, log } = require('cozy-konnector-libs')
const DOCTYPE = 'io.cozy.test.items'
module.exports = new BaseKonnector(async function (fields) {
  const items = [{ name: 'a', n: 1 }, { name: 'b', n: 2 }, { name: 'a', n: 3 }]
  await addData(await hydrateAndFilter(items, DOCTYPE, { keys: ['name'] }), DOCTYPE, { sourceAccount: this.accountId })
  const again = await filterData([{ name: 'a' }, { name: 'c' }], DOCTYPE, { keys: ['name'] })
  log('info', `left ${JSON.stringify(again.map(i => i.name))}`)
  await updateOrCreate([{ name: 'b', n: 20 }, { name: 'd', n: 4 }], DOCTYPE, ['name'], { sourceAccountIdentifier: 'ada' })
  const all = await utils.queryAll(DOCTYPE, { name: 'b' })
  log('info', `b ${all.map(i => i.n)}`)
  const { toKeep, toRemove } = await utils.findDuplicates(DOCTYPE, { keys: ['name'] })
  log('info', `keep ${toKeep.length} remove ${toRemove.map(d => d.name + ':' + (d.original === toKeep.find(k => k.name === d.name)._id))}`)
  await utils.batchDelete(DOCTYPE, toRemove)
  await utils.batchUpdateAttributes(DOCTYPE, toKeep.map(d => d._id), { checked: true })
  log('info', `name ${normalizeFilename(' *foo/bar: <baz> \\"qux"\t???', 'txt')} ${utils.formatDate('2024-03-04T10:00:00Z')}`)
  const doc = new Document({ date: new Date('2024-01-01T00:00:00Z'), _id: 'x' })
  log('info', `equal ${doc.isEqual({ date: '2024-01-01T00:00:00.000Z', metadata: { version: undefined } })}`)
  try {
    await addData([{ name: 'x' }], 'io.cozy.contacts')
  } catch (err) {
    log('info', `contacts: ${err.code}`)
  }
})
"#;
    let mut permissions = demo_permissions();
    permissions["items"] = json!({"type": "io.cozy.test.items"});
    let (run, _, data) = run_konnector(
        KvmCmd::new(),
        &dir,
        source,
        permissions,
        &fields_arg(json!({})),
    );
    run.assert_code(0);
    let infos: Vec<String> = protocol_records(run.stdout().as_bytes())
        .into_iter()
        .filter(|r| r.starts_with("info: "))
        .collect();
    assert_eq!(
        infos,
        [
            "info: left [\"c\"]",
            "info: b 20",
            "info: keep 3 remove a:true",
            "info: name foo bar baz qux.txt 2024-03-04",
            "info: equal true",
            "info: contacts: ERR_ACCESS_DENIED",
        ]
    );
    assert!(
        run.stdout()
            .contains("Use hydrateAndFilter now. filterData will be removed"),
        "filterData warns"
    );
    let dump: Value =
        serde_json::from_slice(&std::fs::read(data.join("importedData.json")).unwrap()).unwrap();
    let mut items: Vec<(String, Value, Value)> = dump["io.cozy.test.items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["name"].as_str().unwrap().to_string(),
                d["n"].clone(),
                d["checked"].clone(),
            )
        })
        .collect();
    items.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        items,
        [
            ("a".to_string(), json!(1), json!(true)),
            ("b".to_string(), json!(20), json!(true)),
            ("d".to_string(), json!(4), json!(true)),
        ]
    );
    let d = dump["io.cozy.test.items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "d")
        .unwrap();
    assert_eq!(d["cozyMetadata"]["createdByApp"], "demo-konnector");
    assert_eq!(d["cozyMetadata"]["sourceAccountIdentifier"], "ada");
}

#[test]
fn two_fa_codes_are_asked_and_read_through_the_account() {
    let dir = Dir::new();
    let source = r#"
const { BaseKonnector, log } = require('cozy-konnector-libs')
module.exports = new BaseKonnector(async function (fields) {
  // The user types the code in Cozy's home a moment after it is asked for.
  setTimeout(() => this.updateAccountAttributes({ twoFACode: '123456' }), 300)
  const code = await this.waitForTwoFaCode({ type: 'sms', heartBeat: 100 })
  log('info', `code ${code}, state ${this._account.state}, twoFACode ${this._account.twoFACode}`)
  try {
    await this.waitForTwoFaCode({ type: 'app_code', retry: true, heartBeat: 50, endTime: Date.now() + 200 })
  } catch (err) {
    log('info', `${err.message}, state ${this._account.state}`)
  }
})
"#;
    let kvm = KvmCmd::new().env("COZY_JOB_MANUAL_EXECUTION", "true");
    let (run, _, _) = run_konnector(
        kvm,
        &dir,
        source,
        demo_permissions(),
        &fields_arg(json!({})),
    );
    run.assert_code(0);
    let records = protocol_records(run.stdout().as_bytes());
    assert_eq!(
        records,
        [
            "info: code 123456, state null, twoFACode null",
            "info: USER_ACTION_NEEDED.TWOFA_EXPIRED, state TWOFA_NEEDED_RETRY.APP_CODE",
        ]
    );
    // While waiting, the account told Cozy's home which code it awaits.
    assert!(
        run.stdout()
            .contains("current accountState : TWOFA_NEEDED.SMS"),
        "{}",
        run.stdout()
    );
}
