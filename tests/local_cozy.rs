//! The local Cozy against the real client libraries: a konnector built from
//! cozy-konnector-libs 5.13 (`tests/cozy-konnector`, bundled with webpack as konnectors
//! ship) runs under node against `kvm::cozy::serve` on loopback, and what it saved is
//! checked in the folder: documents in importedData.json, PDFs (fetched from the test's
//! vendor server) at their Cozy path with the right bytes, nothing saved twice by the
//! konnector's second pass. The same bundle under kvm, against the in-process Cozy, must
//! save the same.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use common::server::{sample, TestServer};
use common::{request_urls, Dir, KvmCmd};
use kvm::cozy::{KonnectorJob, LocalCozy};
use serde_json::{json, Value};

const SLUG: &str = "testvendor";
const FOLDER: &str = "Administrative/Test Vendor";
/// Sizes of the two bills' PDFs, served by the vendor as `/bytes?n=SIZE`.
const PDF_SIZES: [usize; 2] = [5000, 7000];

/// The konnector's bundle, built once and cached under target/bundles.
fn bundle() -> PathBuf {
    common::bundle::build("tests/cozy-konnector")
}

/// The account fields: the vendor's URL tells the konnector where to fetch the PDFs.
fn fields(vendor: &TestServer) -> serde_json::Map<String, Value> {
    let fields = json!({"login": "ada", "vendorUrl": vendor.url("")
        .trim_end_matches('/')});
    fields.as_object().unwrap().clone()
}

fn documents(dir: &Path) -> Value {
    let text = std::fs::read_to_string(dir.join("importedData.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// What the konnector must have saved in `dir`, whichever runtime ran it.
fn assert_saved(dir: &Path) {
    let docs = documents(dir);
    let bills = docs["io.cozy.bills"].as_array().unwrap();
    assert_eq!(bills.len(), 2, "each bill once: {bills:#?}");
    for (bill, month) in bills.iter().zip(["2024-01", "2024-02"]) {
        assert_eq!(bill["vendor"], "Test Vendor");
        assert_eq!(bill["vendorRef"], format!("REF-{month}"));
        assert_eq!(bill["currency"], "EUR");
        assert!(bill["invoice"]
            .as_str()
            .unwrap()
            .starts_with("io.cozy.files:"));
        // cozyMetadata is the library's, kept as sent.
        assert_eq!(bill["cozyMetadata"]["createdByApp"], SLUG);
        // The second pass updates each bill (the library's rule: no matchingCriterias).
        assert!(bill["_rev"].as_str().unwrap().starts_with("2-"), "{bill}");
    }
    let identities = docs["io.cozy.identities"].as_array().unwrap();
    assert_eq!(identities.len(), 1);
    assert_eq!(identities[0]["identifier"], "ada");
    assert_eq!(identities[0]["contact"]["name"]["givenName"], "Ada");
    let contracts = docs["io.cozy.test.contracts"].as_array().unwrap();
    assert_eq!(contracts.len(), 1, "updateOrCreate updated: {contracts:#?}");
    assert_eq!(contracts[0]["label"], "Internet and TV");
    assert!(contracts[0]["_rev"].as_str().unwrap().starts_with("2-"));
    let accounts = docs["io.cozy.accounts"].as_array().unwrap();
    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0]["account_type"], SLUG);
    assert_eq!(accounts[0]["auth"]["login"], "ada");

    // The PDFs, with the vendor's bytes, and nothing else in the konnector's folder.
    let folder = dir.join(FOLDER);
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["2024-01.pdf", "2024-02.pdf"]);
    for (name, size) in names.iter().zip(PDF_SIZES) {
        let bytes = std::fs::read(folder.join(name)).unwrap();
        assert!(bytes == sample(size), "{name}: wrong content");
    }
    // Each bill points at its file.
    let index: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join(".kvm-cozy.json")).unwrap())
            .unwrap();
    for bill in bills {
        let id = bill["invoice"]
            .as_str()
            .unwrap()
            .trim_start_matches("io.cozy.files:");
        let file = &index["files"][id];
        assert_eq!(file["type"], "file", "{id}: {file}");
        assert_eq!(file["mime"], "application/pdf");
        assert_eq!(file["cozyMetadata"]["sourceAccountIdentifier"], "ada");
        assert_eq!(file["metadata"]["carbonCopy"], true);
    }
}

/// Runs `command` to its end, failing the test past a generous guard against hangs.
fn run_to_end(mut command: Command) -> std::process::Output {
    let child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the command starts");
    let pid = child.id() as libc::pid_t;
    let (done, outcome) = std::sync::mpsc::channel();
    // Reading both pipes while waiting, so a chatty child never blocks on a full pipe.
    std::thread::spawn(move || done.send(child.wait_with_output()));
    match outcome.recv_timeout(Duration::from_secs(120)) {
        Ok(output) => output.unwrap(),
        Err(_) => {
            // SAFETY: kill(2) on the child this test started.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            let output = outcome.recv().unwrap().unwrap();
            panic!(
                "the konnector did not end in 120 s:\n{}\n--- stderr\n{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
}

/// The lines of cozy-logger output at `error` or `critical` level.
fn errors(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter(|l| {
            serde_json::from_str::<Value>(l)
                .is_ok_and(|v| v["type"] == "error" || v["type"] == "critical")
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn a_konnector_under_node_saves_into_the_served_local_cozy() {
    let bundle = bundle();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let vendor = runtime.block_on(TestServer::start());
    let data = Dir::new();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let cozy = Arc::new(LocalCozy::open(data.path(), &url).unwrap().with_app(SLUG));
    let job = KonnectorJob {
        slug: SLUG.into(),
        name: "Test Vendor".into(),
        fields: fields(&vendor),
    };
    let cozy_fields = cozy.prepare(&job).unwrap();
    runtime.spawn(kvm::cozy::serve(listener, cozy.clone()));

    let mut node = Command::new("node");
    node.arg(&bundle)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("COZY_URL", &url)
        .env("COZY_CREDENTIALS", cozy.token())
        .env("COZY_FIELDS", cozy_fields.to_string());
    let output = run_to_end(node);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let described = format!(
        "{stdout}\n--- stderr\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{described}");
    assert_eq!(errors(&stdout), Vec::<String>::new(), "{described}");
    assert_saved(data.path());
    // Two passes of two bills: two downloads, no more.
    let downloads = vendor
        .requests()
        .iter()
        .filter(|r| r.path.starts_with("/bytes"))
        .count();
    assert_eq!(downloads, 2);
}

/// The same bundle under kvm, saving into the in-process local Cozy: `request` downloads
/// the PDFs over kvm's `http` module, cozy-client uploads them through fetch, and the
/// folder ends up as node's does.
#[test]
fn same_konnector_under_kvm() {
    let bundle = bundle();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let vendor = runtime.block_on(TestServer::start());
    let konnector = Dir::new();
    std::fs::copy(&bundle, konnector.path().join("index.js")).unwrap();
    let manifest = json!({"slug": SLUG, "name": "Test Vendor", "version": "1.0.0"});
    konnector.write("manifest.konnector", &manifest.to_string());
    let config = json!({"fields": fields(&vendor)});
    konnector.write("konnector-dev-config.json", &config.to_string());
    let (run, report) = KvmCmd::new()
        .arg(konnector.path())
        .args(["--allow", &vendor.addr().to_string(), "--timeout", "120"])
        .report(&konnector);
    run.assert_code(0);
    assert_eq!(report["outcome"], "success");
    assert_saved(&konnector.path().join("data"));
}

/// A script that saves a document and a file through the stack's API with fetch, the way
/// cozy-client does, and prints what it got back.
const SAVING_SCRIPT: &str = r#"
const url = process.env.COZY_URL;
const auth = { Authorization: `Bearer ${process.env.COZY_CREDENTIALS}` };
(async () => {
  const fields = JSON.parse(process.env.COZY_FIELDS || '{}');
  let r = await fetch(`${url}data/io.cozy.bills/`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'application/json' },
    body: JSON.stringify({ amount: 12, vendor: 'edf' })
  });
  console.log('bill', r.status);
  r = await fetch(`${url}files/${fields.folder_to_save}?Type=file&Name=bill.pdf`, {
    method: 'POST', headers: auth, body: '%PDF-1.4 demo'
  });
  console.log('file', r.status);
  r = await fetch(`${url}data/io.cozy.accounts/${fields.account}`, { headers: auth });
  console.log('login', (await r.json()).auth.login);
})();
"#;

#[test]
fn kvm_answers_the_stack_origin_in_process_and_saves_into_the_folder() {
    let konnector = Dir::new();
    konnector.write("index.js", SAVING_SCRIPT);
    konnector.write(
        "manifest.konnector",
        r#"{"slug": "edf", "name": "EDF", "version": "1.0.0"}"#,
    );
    // Comments are allowed, as in cozy-jobs-cli's file.
    konnector.write(
        "konnector-dev-config.json",
        "{\n  // the account\n  \"fields\": {\"login\": \"ada\"}\n}\n",
    );
    let (run, report) = KvmCmd::new().arg(konnector.path()).report(&konnector);
    run.assert_code(0);
    assert_eq!(run.messages(), "bill 201\nfile 201\nlogin ada\n");
    // The requests are in the report like any, and no address was allowed for them.
    let urls = request_urls(&report);
    assert_eq!(urls.len(), 3);
    assert!(
        urls.iter()
            .all(|u| u.starts_with("http://cozy.localhost:8080/")),
        "{urls:?}"
    );
    assert_eq!(report["requests"][0]["status"], 201);
    assert!(!run.stdout().contains("allowed by --allow"));
    // The one file saved counts in the stats; the bill, a document, does not.
    assert_eq!(report["stats"]["files_written"], 1);
    assert_eq!(report["stats"]["disk_bytes"], b"%PDF-1.4 demo".len());

    let data = konnector.path().join("data");
    let docs = documents(&data);
    assert_eq!(docs["io.cozy.bills"][0]["amount"], 12);
    assert_eq!(docs["io.cozy.accounts"][0]["account_type"], "edf");
    assert_eq!(
        std::fs::read(data.join("Administrative/EDF/bill.pdf")).unwrap(),
        b"%PDF-1.4 demo"
    );
}

#[test]
fn a_run_that_saves_nothing_leaves_nothing() {
    let konnector = Dir::new();
    let script = konnector.write(
        "read.js",
        r#"
(async () => {
  const r = await fetch(process.env.COZY_URL + 'data/io.cozy.bills/_all_docs', {
    headers: { Authorization: 'Bearer ' + process.env.COZY_CREDENTIALS } });
  console.log(r.status);
})();
"#,
    );
    // A bare script, and a script given fields (which gets an account, in memory).
    for fields in [None, Some(r#"{"login": "ada"}"#)] {
        let mut kvm = KvmCmd::new().arg(&script);
        if let Some(fields) = fields {
            kvm = kvm.args(["--fields", fields]);
        }
        let run = kvm.output();
        run.assert_code(0);
        assert_eq!(run.messages(), "404\n");
        let left: Vec<_> = std::fs::read_dir(konnector.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "only the script: {left:?}");
    }
}

#[test]
fn a_konnector_without_fields_is_told_how_to_configure_one() {
    let konnector = Dir::new();
    konnector.write("index.js", "");
    konnector.write("manifest.konnector", r#"{"slug": "edf", "name": "EDF"}"#);
    let run = KvmCmd::new().arg(konnector.path()).output();
    run.assert_code(2);
    let stderr = run.stderr();
    assert!(stderr.contains("konnector-dev-config.json"), "{stderr}");
    assert!(stderr.contains(r#""fields""#), "a sample: {stderr}");
    // --local forces the local Cozy for any script, and so asks for fields too.
    let bare = Dir::new();
    let script = bare.write("bare.js", "");
    let run = KvmCmd::new().arg(&script).args(["--local", "--"]).output();
    run.assert_code(2);
    assert!(
        run.stderr().contains("--local needs account fields"),
        "{}",
        run.stderr()
    );
    // Given a folder and fields, it saves there.
    let saving = bare.write("saving.js", SAVING_SCRIPT);
    let out = Dir::new();
    let run = KvmCmd::new()
        .arg(&saving)
        .arg("--local")
        .arg(out.path().join("saved"))
        .args(["--fields", r#"{"login": "bob"}"#])
        .output();
    run.assert_code(0);
    assert_eq!(run.messages(), "bill 201\nfile 201\nlogin bob\n");
    assert_eq!(
        documents(&out.path().join("saved"))["io.cozy.bills"][0]["amount"],
        12
    );
    assert!(!bare.path().join("data").exists());
}
