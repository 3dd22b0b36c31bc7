//! The local Cozy against the real client libraries: a konnector built from
//! cozy-konnector-libs 5.13 (`tests/cozy-konnector`, bundled with webpack as konnectors
//! ship) runs under node against `kvm::cozy::serve` on loopback, and what it saved is
//! checked in the folder: documents in importedData.json, PDFs (fetched from the test's
//! vendor server) at their Cozy path with the right bytes, nothing saved twice by the
//! konnector's second pass. The same bundle under kvm, against the in-process Cozy, must
//! save the same; it needs the `http` module (request), see `same_konnector_under_kvm`.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use common::server::{sample, TestServer};
use common::{Dir, KvmCmd};
use kvm::cozy::{KonnectorJob, LocalCozy};
use serde_json::{json, Value};

const SLUG: &str = "testvendor";
const FOLDER: &str = "Administrative/Test Vendor";
/// Sizes of the two bills' PDFs, served by the vendor as `/bytes?n=SIZE`.
const PDF_SIZES: [usize; 2] = [5000, 7000];

/// The konnector's bundle, built once and cached under target/bundles.
fn bundle() -> PathBuf {
    let top = common::top();
    let output = Command::new(top.join("examples/build-bundle"))
        .arg(top.join("tests/cozy-konnector"))
        .stderr(Stdio::inherit())
        .output()
        .expect("examples/build-bundle runs (it needs node and npm)");
    assert!(
        output.status.success(),
        "building the test konnector failed"
    );
    PathBuf::from(String::from_utf8(output.stdout).unwrap().trim())
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

/// The same bundle under kvm, saving into the in-process local Cozy. cozy-konnector-libs
/// downloads files with `request`, over Node's `http` module, which kvm does not offer
/// yet (issue 5, part 1): until it lands this test is ignored, on purpose and named.
#[test]
#[ignore = "needs the http module (issue 5, part 1)"]
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
