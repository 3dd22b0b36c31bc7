//! Record and replay (issue 6): the demo konnector recorded against the demo vendor site,
//! then replayed with the site stopped; the HAR file's structure and redaction; a request
//! the recording lacks; `kvm test` and its snapshot. Nothing but the demo site these tests
//! start on loopback is ever contacted, and only while recording.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::example_servers::DemoVendor;
use common::saved_data::saved_data;
use common::{top, Dir, KvmCmd};
use serde_json::Value;

/// The account fields of examples/demo-konnector/konnector-dev-config.json.
const SECRETS: [&str; 3] = ["ada@example.com", "ada%40example.com", "s3cret"];

/// One recorded run, shared by the tests: the konnector folder, the HAR, the data saved.
struct Recorded {
    konnector: PathBuf,
    har: PathBuf,
    data: PathBuf,
    report: Value,
}

/// A konnector folder under `root`: the demo bundle as `konnector.js`, its manifest and dev
/// config, and `index.js` (given, or one requiring the bundle).
fn konnector(root: &Path, index: Option<&str>) -> PathBuf {
    static BUNDLE: OnceLock<PathBuf> = OnceLock::new();
    let bundle = BUNDLE.get_or_init(|| common::bundle::build("examples/demo-konnector"));
    let folder = root.join("konnector");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::copy(bundle, folder.join("konnector.js")).unwrap();
    for file in ["manifest.konnector", "konnector-dev-config.json"] {
        std::fs::copy(
            top().join("examples/demo-konnector").join(file),
            folder.join(file),
        )
        .unwrap();
    }
    let index = index.unwrap_or("module.exports = require('./konnector.js')\n");
    std::fs::write(folder.join("index.js"), index).unwrap();
    folder
}

/// Records the demo konnector once per test run; the site stops when it is done.
fn recorded() -> &'static Recorded {
    static RECORDED: OnceLock<Recorded> = OnceLock::new();
    RECORDED.get_or_init(|| {
        let root = top().join("target/replay-tests");
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        let konnector = konnector(&root, None);
        let har = root.join("cassette.har");
        let data = root.join("recorded-data");
        let report = root.join("record-report.json");
        let site = DemoVendor::start();
        let run = KvmCmd::new()
            .arg(&konnector)
            .arg("--local")
            .arg(&data)
            .args(site.kvm_args())
            .arg("--record")
            .arg(&har)
            .args(["--timeout", "120", "--report"])
            .arg(&report)
            .output();
        drop(site);
        run.assert_code(0);
        let report = serde_json::from_slice(&std::fs::read(report).unwrap()).unwrap();
        Recorded {
            konnector,
            har,
            data,
            report,
        }
    })
}

fn har(recorded: &Recorded) -> Value {
    serde_json::from_slice(&std::fs::read(&recorded.har).unwrap()).unwrap()
}

#[test]
fn a_recorded_run_replays_with_the_site_stopped_and_saves_the_same_data() {
    let recorded = recorded();
    let dir = Dir::new();
    let data = dir.path().join("data");
    // No --allow, --resolve or site: a request that reached for the network would fail.
    let (run, report) = KvmCmd::new()
        .arg(&recorded.konnector)
        .arg("--local")
        .arg(&data)
        .arg("--replay")
        .arg(&recorded.har)
        .args(["--timeout", "120"])
        .report(&dir);
    run.assert_code(0);
    assert_eq!(report["outcome"], "success");
    assert_eq!(report["denied"], serde_json::json!([]));
    assert_eq!(saved_data(&data), saved_data(&recorded.data));

    // The vendor's requests are the recorded ones, in the same order.
    let vendor = |report: &Value| -> Vec<String> {
        report["requests"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| {
                r["url"]
                    .as_str()
                    .unwrap()
                    .starts_with("http://demo-vendor.test/")
            })
            .map(|r| format!("{} {} {}", r["method"], r["url"], r["status"]))
            .collect()
    };
    assert_eq!(vendor(&report), vendor(&recorded.report));
    assert_eq!(vendor(&report).len(), 19, "{:#?}", vendor(&report));
}

#[test]
fn the_har_has_every_hop_and_the_cozy_none() {
    let har = har(recorded());
    let entries = har["log"]["entries"].as_array().unwrap();
    let lines: Vec<String> = entries
        .iter()
        .map(|e| {
            format!(
                "{} {} {}",
                e["request"]["method"].as_str().unwrap(),
                e["request"]["url"].as_str().unwrap(),
                e["response"]["status"]
            )
        })
        .collect();
    assert_eq!(
        lines[..4],
        [
            "GET http://demo-vendor.test/login 200",
            // The sign-in's redirect is an entry of its own.
            "POST http://demo-vendor.test/login 302",
            "GET http://demo-vendor.test/account 200",
            "GET http://demo-vendor.test/invoices?page=1 200",
        ]
    );
    assert!(
        lines.iter().all(|l| l.contains("//demo-vendor.test/")),
        "the local Cozy is never recorded: {lines:#?}"
    );
    let sign_in = &entries[1];
    assert_eq!(
        sign_in["response"]["redirectURL"],
        "http://demo-vendor.test/account"
    );
    let form = sign_in["request"]["postData"]["text"].as_str().unwrap();
    assert!(
        form.ends_with("&email=[REDACTED:login]&password=[REDACTED:password]"),
        "{form}"
    );
    let pdf = entries
        .iter()
        .find(|e| e["request"]["url"].as_str().unwrap().ends_with(".pdf"))
        .unwrap();
    assert!(pdf["response"]["content"]["text"]
        .as_str()
        .unwrap()
        .starts_with("%PDF-1.4"));
}

#[test]
fn field_values_and_session_cookies_never_appear_in_the_har() {
    let recorded = recorded();
    let bytes = std::fs::read(&recorded.har).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    for secret in SECRETS {
        assert!(!text.contains(secret), "{secret} is in the HAR");
    }
    // The session cookie the site set is one placeholder everywhere it went.
    let har = har(recorded);
    let entries = har["log"]["entries"].as_array().unwrap();
    let set_cookie = |entry: &Value| -> Option<String> {
        entry["response"]["headers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["name"] == "set-cookie")
            .map(|h| h["value"].as_str().unwrap().to_owned())
    };
    let signed_in = set_cookie(&entries[1]).unwrap();
    assert_eq!(signed_in, "demo_sid=[REDACTED-2]; Path=/; HttpOnly");
    let cookie = entries[2]["request"]["headers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["name"] == "cookie")
        .unwrap();
    assert_eq!(cookie["value"], "demo_sid=[REDACTED-2]");
    assert_eq!(
        har["log"]["_redactedFields"],
        serde_json::json!(["login", "password"])
    );
}

#[test]
fn the_har_has_the_structure_har_1_2_requires() {
    validate_har(&har(recorded()));
}

#[test]
fn a_request_the_recording_lacks_fails_the_replay_naming_it() {
    let recorded = recorded();
    let dir = Dir::new();
    // A script with one request the recording lacks, then one it has: not the whole
    // konnector, whose replay the test above covers.
    let extra = "fetch('http://demo-vendor.test/api/extra?x=1')\n\
                 .catch(e => console.log('extra:', e.cause.code, e.cause.rule))\n\
                 .then(() => fetch('http://demo-vendor.test/login'))\n\
                 .then(r => console.log('then:', r.status))\n";
    let konnector = konnector(dir.path(), Some(extra));
    let (run, report) = KvmCmd::new()
        .arg(&konnector)
        .arg("--local")
        .arg(dir.path().join("data"))
        .arg("--replay")
        .arg(&recorded.har)
        .args(["--timeout", "120"])
        .report(&dir);
    run.assert_code(1);
    assert_eq!(report["outcome"], "failed");
    assert_eq!(
        report["error"],
        "REPLAY_UNMATCHED: no recorded request matches GET http://demo-vendor.test/api/extra?x=1 \
         (closest: GET http://demo-vendor.test/api/profile (its URL differs))"
    );
    assert_eq!(
        report["denied"],
        serde_json::json!([{"url": "http://demo-vendor.test/api/extra?x=1",
                            "rule": "replay: no recorded request matches"}])
    );
    let messages = run.messages();
    assert!(
        messages.contains("extra: ERR_REPLAY_UNMATCHED replay: no recorded request matches"),
        "{messages}"
    );
    // The run went on, answered from the recording.
    assert!(messages.contains("then: 200"), "{messages}");
}

#[test]
fn kvm_test_compares_with_the_snapshot_and_update_rewrites_it() {
    let recorded = recorded();
    let dir = Dir::new();
    let snapshot = dir.path().join("fixtures/snapshot.json");
    let test = |extra: &[&str]| {
        KvmCmd::new()
            .arg("test")
            .arg(&recorded.konnector)
            .arg("--cassette")
            .arg(&recorded.har)
            .arg("--snapshot")
            .arg(&snapshot)
            .args(["--timeout", "120"])
            .args(extra)
            .output()
    };
    let missing = test(&[]);
    missing.assert_code(1);
    assert!(
        missing.stdout().contains("--update"),
        "{}",
        missing.stdout()
    );

    test(&["--update"]).assert_code(0);
    let written = std::fs::read_to_string(&snapshot).unwrap();
    for secret in SECRETS {
        assert!(!written.contains(secret), "{secret} is in the snapshot");
    }
    let equal = test(&[]);
    equal.assert_code(0);
    assert!(
        equal
            .stdout()
            .starts_with("kvm test: the saved data matches"),
        "{}",
        equal.stdout()
    );

    let changed = written.replacen("\"amount\": 38.2,", "\"amount\": 38.25,", 1);
    assert_ne!(changed, written);
    std::fs::write(&snapshot, changed).unwrap();
    let differs = test(&[]);
    differs.assert_code(1);
    let out = differs.stdout();
    assert!(
        out.contains("\n-      \"amount\": 38.25,\n+      \"amount\": 38.2,\n"),
        "{out}"
    );
    assert!(out.contains("+++ this run"), "{out}");
    assert!(!out.contains('\x1b'), "no colour off a terminal: {out}");

    test(&["--update"]).assert_code(0);
    assert_eq!(std::fs::read_to_string(&snapshot).unwrap(), written);
}

/// The bodies of a HAR entry, decoded from base64 where they were stored so.
fn entry_bodies(entry: &Value) -> Vec<Vec<u8>> {
    use base64::Engine as _;
    let parts = [&entry["request"]["postData"], &entry["response"]["content"]];
    parts
        .iter()
        .filter_map(|part| {
            let text = part["text"].as_str()?;
            let base64 = part["_encoding"] == "base64" || part["encoding"] == "base64";
            Some(match base64 {
                true => base64::engine::general_purpose::STANDARD
                    .decode(text)
                    .unwrap(),
                false => text.as_bytes().to_vec(),
            })
        })
        .collect()
}

#[test]
fn against_a_stack_nothing_of_the_stack_nor_any_encoding_of_a_secret_is_recorded() {
    let (stack, vendor) = (common::Server::start(), common::Server::start());
    let dir = Dir::new();
    let har = dir.path().join("run.har");
    // A sign-in form encoded as `request`/`qs` do (RFC 3986), a Latin-1 upload, and the
    // job's token leaked to the vendor in a header (a konnector bug the file must not keep).
    let source = format!(
        r#"
        const stack = await fetch(process.env.COZY_URL + 'echo',
          {{ headers: {{ authorization: 'Bearer ' + process.env.COZY_CREDENTIALS }} }});
        console.log('stack', stack.status, (await stack.json()).path);
        const form = 'login=ada%40example.com&password=my%20pa%2Ass%21%C3%A9&lang=fr';
        const signIn = await fetch('{sign_in}', {{ method: 'POST', body: form,
          headers: {{ 'content-type': 'application/x-www-form-urlencoded',
                      'x-debug': process.env.COZY_CREDENTIALS }} }});
        console.log('sign-in', signIn.status, (await signIn.text()).length > 0);
        const latin1 = [0xff, ...'my pa*ss!'].map(c => typeof c === 'string' ? c.charCodeAt(0) : c);
        const upload = await fetch('{upload}', {{ method: 'PUT', body: new Uint8Array([...latin1, 0xe9]) }});
        console.log('upload', upload.status);
        "#,
        sign_in = vendor.url("/echo?u=ada%40example.com"),
        upload = vendor.url("/echo"),
    );
    let script = dir.write("script.mjs", &source);
    let token = "stack-token-0123456789";
    let run = KvmCmd::new()
        .arg(&script)
        .args(["--url", &stack.url("/"), "--credentials", token])
        .args(["--allow", &vendor.allow(), "--record"])
        .arg(&har)
        .args([
            "--fields",
            r#"{"login": "ada@example.com", "password": "my pa*ss!é"}"#,
        ])
        .output();
    run.assert_code(0);
    assert_eq!(
        run.messages(),
        "stack 200 /echo\nsign-in 200 true\nupload 200\n"
    );
    let text = std::fs::read_to_string(&har).unwrap();
    let har: Value = serde_json::from_str(&text).unwrap();
    let entries = har["log"]["entries"].as_array().unwrap();
    let urls: Vec<&str> = entries
        .iter()
        .map(|e| e["request"]["url"].as_str().unwrap())
        .collect();
    let u = vendor.url("/echo?u=[REDACTED:login]");
    assert_eq!(
        urls,
        [u.as_str(), &vendor.url("/echo")],
        "the stack is never recorded"
    );
    let secrets: [&[u8]; 6] = [
        b"ada@example.com",
        b"ada%40example.com",
        "my pa*ss!é".as_bytes(),
        b"my%20pa%2Ass%21%C3%A9",
        b"my pa*ss!\xe9",
        token.as_bytes(),
    ];
    let mut seen: Vec<Vec<u8>> = entries.iter().flat_map(entry_bodies).collect();
    seen.push(text.into_bytes());
    for secret in secrets {
        let found = seen
            .iter()
            .any(|b| b.windows(secret.len()).any(|w| w == secret));
        assert!(!found, "{} is in the HAR", String::from_utf8_lossy(secret));
    }
    let sign_in = &entries[0]["request"];
    assert_eq!(
        sign_in["postData"]["text"],
        "login=[REDACTED:login]&password=[REDACTED:password]&lang=fr"
    );
    let debug = sign_in["headers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["name"] == "x-debug");
    assert_eq!(debug.unwrap()["value"], "[REDACTED:COZY_CREDENTIALS]");
    assert_eq!(entry_bodies(&entries[1])[0], b"\xff[REDACTED:password]");
}

#[test]
fn kvm_init_makes_a_konnector_folder_once() {
    let dir = Dir::new();
    let folder = dir.path().join("acme-energy");
    let run = KvmCmd::new().arg("init").arg(&folder).output();
    run.assert_code(0);
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(folder.join("manifest.konnector")).unwrap()).unwrap();
    assert_eq!(manifest["slug"], "acme-energy");
    let index = std::fs::read_to_string(folder.join("src/index.js")).unwrap();
    assert!(index.contains("require('cozy-konnector-libs')"), "{index}");
    let again = KvmCmd::new().arg("init").arg(&folder).output();
    again.assert_code(2);
    assert!(
        again.stderr().contains("is not empty"),
        "{}",
        again.stderr()
    );
}

/// Checks what HAR 1.2 requires: each field present with its JSON type.
fn validate_har(har: &Value) {
    use Kind::*;
    let log = field(har, "", "log", Object);
    field(log, "log", "version", Str);
    let creator = field(log, "log", "creator", Object);
    field(creator, "log.creator", "name", Str);
    field(creator, "log.creator", "version", Str);
    let entries = field(log, "log", "entries", Array);
    assert!(!entries.as_array().unwrap().is_empty());
    for (i, entry) in entries.as_array().unwrap().iter().enumerate() {
        let at = format!("log.entries[{i}]");
        let started = field(entry, &at, "startedDateTime", Str).as_str().unwrap();
        assert!(
            is_iso_8601(started),
            "{at}.startedDateTime is not ISO 8601: {started}"
        );
        field(entry, &at, "time", Number);
        field(entry, &at, "cache", Object);
        let timings = field(entry, &at, "timings", Object);
        for name in ["send", "wait", "receive"] {
            field(timings, &format!("{at}.timings"), name, Number);
        }
        let request = field(entry, &at, "request", Object);
        let rq = format!("{at}.request");
        for name in ["method", "url", "httpVersion"] {
            field(request, &rq, name, Str);
        }
        for name in ["headersSize", "bodySize"] {
            field(request, &rq, name, Number);
        }
        name_values(field(request, &rq, "cookies", Array), &rq);
        name_values(field(request, &rq, "headers", Array), &rq);
        name_values(field(request, &rq, "queryString", Array), &rq);
        if let Some(post) = request.get("postData") {
            field(post, &rq, "mimeType", Str);
            field(post, &rq, "text", Str);
        }
        let response = field(entry, &at, "response", Object);
        let rs = format!("{at}.response");
        field(response, &rs, "status", Number);
        for name in ["statusText", "httpVersion", "redirectURL"] {
            field(response, &rs, name, Str);
        }
        for name in ["headersSize", "bodySize"] {
            field(response, &rs, name, Number);
        }
        name_values(field(response, &rs, "cookies", Array), &rs);
        name_values(field(response, &rs, "headers", Array), &rs);
        let content = field(response, &rs, "content", Object);
        field(content, &rs, "size", Number);
        field(content, &rs, "mimeType", Str);
        if let Some(text) = content.get("text") {
            assert!(text.is_string(), "{rs}.content.text is not a string");
        }
        if let Some(encoding) = content.get("encoding") {
            assert_eq!(encoding, "base64", "{rs}.content.encoding");
        }
    }
}

/// `YYYY-MM-DDTHH:MM:SS`, optional fraction, then `Z` or `±HH:MM`.
fn is_iso_8601(text: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let Some((date, rest)) = text.split_once('T') else {
        return false;
    };
    let date_ok = date.split('-').map(str::len).eq([4, 2, 2]) && date.split('-').all(digits);
    let (clock, zone) = match rest.find(['Z', '+', '-']) {
        Some(at) => rest.split_at(at),
        None => return false,
    };
    let whole = clock.split('.').next().unwrap_or_default();
    let clock_ok = whole.split(':').map(str::len).eq([2, 2, 2]) && whole.split(':').all(digits);
    let zone_ok = zone == "Z" || (zone.len() == 6 && zone.as_bytes()[3] == b':');
    date_ok && clock_ok && zone_ok
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Object,
    Array,
    Str,
    Number,
}

fn field<'a>(value: &'a Value, at: &str, name: &str, kind: Kind) -> &'a Value {
    let found = value
        .get(name)
        .unwrap_or_else(|| panic!("{at}.{name} is missing"));
    let right = match kind {
        Kind::Object => found.is_object(),
        Kind::Array => found.is_array(),
        Kind::Str => found.is_string(),
        Kind::Number => found.is_number(),
    };
    assert!(right, "{at}.{name} is not a {kind:?}: {found}");
    found
}

fn name_values(list: &Value, at: &str) {
    for item in list.as_array().unwrap() {
        field(item, at, "name", Kind::Str);
        field(item, at, "value", Kind::Str);
    }
}
