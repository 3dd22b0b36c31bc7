//! The example konnector's world (issue 5): the demo vendor site it scrapes, checked with a
//! plain HTTP client on loopback; the bundle `examples/build-bundle` makes of it; and its
//! runs under node (saving into kvm's local Cozy served on loopback) and under kvm (local
//! mode), which must save the same data. Nothing but the
//! servers these tests spawn on loopback is ever contacted.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

use common::example_servers::{DemoVendor, ServedCozy, VENDOR_HOST as HOST};
use common::saved_data::saved_data;
use common::{demo_konnector, protocol_records as records, request_urls, top, Dir, KvmCmd};

/// A response as read off the wire.
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }
}

/// One HTTP/1.1 request on a fresh connection to `addr`; `target` is a path, or an
/// absolute URL as a proxy would receive it.
fn send(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Response {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut head = format!(
        "{method} {target} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head += &format!("{name}: {value}\r\n");
    }
    stream
        .write_all(format!("{head}\r\n{body}").as_bytes())
        .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();

    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete head");
    let head = std::str::from_utf8(&raw[..split]).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .map(|line| {
            let (name, value) = line.split_once(':').unwrap();
            (name.to_string(), value.trim().to_string())
        })
        .collect();
    let response = Response {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    };
    let length: usize = response.header("content-length").unwrap().parse().unwrap();
    assert_eq!(response.body.len(), length, "the whole body arrived");
    response
}

/// A client that keeps the site's session cookie, as a browser would.
struct Browser {
    addr: SocketAddr,
    cookie: Option<String>,
}

impl Browser {
    fn new(site: &DemoVendor) -> Self {
        Browser {
            addr: site.addr(),
            cookie: None,
        }
    }

    fn request(&mut self, method: &str, path: &str, form: Option<&[(&str, &str)]>) -> Response {
        let mut headers = Vec::new();
        if let Some(cookie) = &self.cookie {
            headers.push(("Cookie", cookie.as_str()));
        }
        let body = form.map(urlencode).unwrap_or_default();
        if form.is_some() {
            headers.push(("Content-Type", "application/x-www-form-urlencoded"));
        }
        let response = send(self.addr, method, path, &headers, &body);
        if let Some(set_cookie) = response.header("set-cookie") {
            self.cookie = Some(set_cookie.split(';').next().unwrap().to_string());
        }
        response
    }

    fn get(&mut self, path: &str) -> Response {
        self.request("GET", path, None)
    }

    fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Response {
        self.request("POST", path, Some(form))
    }

    /// Loads the sign-in form and returns its CSRF token.
    fn open_login(&mut self) -> String {
        let page = self.get("/login");
        assert_eq!(page.status, 200);
        attribute_after(&page.text(), r#"name="csrf_token" value=""#)
    }

    fn sign_in(&mut self, password: &str) -> Response {
        let csrf = self.open_login();
        self.post(
            "/login",
            &[
                ("csrf_token", &csrf),
                ("email", "ada@example.com"),
                ("password", password),
            ],
        )
    }
}

fn urlencode(form: &[(&str, &str)]) -> String {
    let encode = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    form.iter()
        .map(|(name, value)| format!("{}={}", encode(name), encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The text from the end of `marker` to the next `"`.
fn attribute_after(html: &str, marker: &str) -> String {
    let start = html
        .find(marker)
        .unwrap_or_else(|| panic!("no {marker} in {html}"))
        + marker.len();
    html[start..].split('"').next().unwrap().to_string()
}

/// Every text between `start` and the next `end`.
fn all_between<'a>(html: &'a str, start: &str, end: &str) -> Vec<&'a str> {
    html.split(start)
        .skip(1)
        .map(|rest| rest.split(end).next().unwrap())
        .collect()
}

#[test]
fn login_form_sets_a_session_cookie_and_holds_a_csrf_token() {
    let site = DemoVendor::start();
    let page = Browser::new(&site).get("/login");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let cookie = page.header("set-cookie").unwrap();
    assert!(cookie.starts_with("demo_sid="), "{cookie}");
    assert!(cookie.ends_with("; Path=/; HttpOnly"), "{cookie}");
    let csrf = attribute_after(
        &page.text(),
        r#"<input type="hidden" name="csrf_token" value=""#,
    );
    assert_eq!(csrf.len(), 32, "a 128-bit hex token: {csrf}");
    assert!(page
        .text()
        .contains(r#"<form method="post" action="/login">"#));
}

#[test]
fn signing_in_redirects_to_the_account_with_a_new_session() {
    let site = DemoVendor::start();
    let mut browser = Browser::new(&site);
    browser.open_login();
    let before = browser.cookie.clone().unwrap();
    let csrf = attribute_after(
        &browser.get("/login").text(),
        r#"name="csrf_token" value=""#,
    );
    let signed_in = browser.post(
        "/login",
        &[
            ("csrf_token", &csrf),
            ("email", "ada@example.com"),
            ("password", "s3cret"),
        ],
    );
    assert_eq!(signed_in.status, 302);
    assert_eq!(signed_in.header("location"), Some("/account"));
    let cookie = signed_in.header("set-cookie").unwrap();
    assert!(cookie.ends_with("; Path=/; HttpOnly"), "{cookie}");
    assert_ne!(
        browser.cookie.as_deref(),
        Some(before.as_str()),
        "a fresh session after sign-in"
    );

    let account = browser.get("/account");
    assert_eq!(account.status, 200);
    assert!(account
        .text()
        .contains(r#"<p class="welcome">Welcome, Ada Lovelace.</p>"#));
}

#[test]
fn wrong_password_goes_back_to_the_form_with_an_error() {
    let site = DemoVendor::start();
    let mut browser = Browser::new(&site);
    let refused = browser.sign_in("wrong");
    assert_eq!(refused.status, 302);
    assert_eq!(refused.header("location"), Some("/login?error=1"));
    let form = browser.get("/login?error=1");
    assert_eq!(form.status, 200);
    assert!(form
        .text()
        .contains(r#"<p class="error">Wrong email or password.</p>"#));
    assert_eq!(browser.get("/account").header("location"), Some("/login"));
    assert!(
        !browser.get("/login").text().contains("class=\"error\""),
        "no error without ?error=1"
    );
}

#[test]
fn sign_in_needs_the_form_s_cookie_and_csrf_token() {
    let site = DemoVendor::start();
    let good = [("email", "ada@example.com"), ("password", "s3cret")];

    let mut browser = Browser::new(&site);
    let csrf = browser.open_login();
    browser.cookie = None;
    let no_cookie = browser.post(
        "/login",
        &[&[("csrf_token", csrf.as_str())][..], &good].concat(),
    );
    assert_eq!(no_cookie.status, 403);
    assert!(
        no_cookie.text().starts_with("No sign-in session"),
        "{}",
        no_cookie.text()
    );

    let mut browser = Browser::new(&site);
    browser.open_login();
    let forged = browser.post("/login", &[&[("csrf_token", "0123")][..], &good].concat());
    assert_eq!(forged.status, 403);
    assert!(
        forged.text().starts_with("Invalid CSRF token"),
        "{}",
        forged.text()
    );

    // A sign-in session is good for one attempt: replaying its form is refused.
    let mut browser = Browser::new(&site);
    let csrf = browser.open_login();
    let login_cookie = browser.cookie.clone();
    let form = [&[("csrf_token", csrf.as_str())][..], &good].concat();
    assert_eq!(browser.post("/login", &form).status, 302);
    browser.cookie = login_cookie;
    assert_eq!(browser.post("/login", &form).status, 403);
}

#[test]
fn pages_need_a_session() {
    let site = DemoVendor::start();
    let mut browser = Browser::new(&site);
    for path in ["/account", "/invoices?page=1", "/invoices/INV-2024-12.pdf"] {
        let page = browser.get(path);
        assert_eq!(
            (page.status, page.header("location")),
            (302, Some("/login")),
            "{path}"
        );
    }
    let profile = browser.get("/api/profile");
    assert_eq!(profile.status, 401);
    assert_eq!(profile.text(), r#"{"error":"not signed in"}"#);
}

#[test]
fn invoices_are_three_pages_linked_by_next() {
    let site = DemoVendor::start();
    let mut browser = Browser::new(&site);
    assert_eq!(browser.sign_in("s3cret").status, 302);

    let mut path = "/invoices?page=1".to_string();
    let mut pages = Vec::new();
    loop {
        let page = browser.get(&path);
        assert_eq!(page.status, 200, "{path}");
        let html = page.text();
        let rows: Vec<String> = all_between(&html, "<tr>\n", "</tr>")
            .iter()
            .map(|row| {
                let cell =
                    |class: &str| all_between(row, &format!("<td class=\"{class}\">"), "<")[0];
                let pdf = attribute_after(row, r#"<a class="pdf" href=""#);
                [cell("date"), cell("amount"), cell("number"), &pdf].join(" | ")
            })
            .collect();
        pages.push(rows);
        match all_between(&html, r#"<a class="next" href=""#, "\"").first() {
            Some(next) => path = next.to_string(),
            None => break,
        }
    }
    assert_eq!(
        pages,
        [
            [
                "05/12/2024 | 47,30 € | INV-2024-12 | /invoices/INV-2024-12.pdf",
                "05/11/2024 | 44,70 € | INV-2024-11 | /invoices/INV-2024-11.pdf",
                "05/10/2024 | 40,05 € | INV-2024-10 | /invoices/INV-2024-10.pdf",
                "05/09/2024 | 35,25 € | INV-2024-09 | /invoices/INV-2024-09.pdf",
            ],
            [
                "05/08/2024 | 32,60 € | INV-2024-08 | /invoices/INV-2024-08.pdf",
                "05/07/2024 | 31,80 € | INV-2024-07 | /invoices/INV-2024-07.pdf",
                "05/06/2024 | 33,15 € | INV-2024-06 | /invoices/INV-2024-06.pdf",
                "05/05/2024 | 36,40 € | INV-2024-05 | /invoices/INV-2024-05.pdf",
            ],
            [
                "05/04/2024 | 39,90 € | INV-2024-04 | /invoices/INV-2024-04.pdf",
                "05/03/2024 | 45,10 € | INV-2024-03 | /invoices/INV-2024-03.pdf",
                "05/02/2024 | 41,75 € | INV-2024-02 | /invoices/INV-2024-02.pdf",
                "05/01/2024 | 38,20 € | INV-2024-01 | /invoices/INV-2024-01.pdf",
            ],
        ]
    );
    assert_eq!(browser.get("/invoices?page=4").status, 404);
}

#[test]
fn invoice_pdfs_are_valid_deterministic_and_distinct() {
    let site = DemoVendor::start();
    let mut browser = Browser::new(&site);
    assert_eq!(browser.sign_in("s3cret").status, 302);

    let pdf = browser.get("/invoices/INV-2024-03.pdf");
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    let bytes = &pdf.body;
    assert!(bytes.starts_with(b"%PDF-1.4\n") && bytes.ends_with(b"%%EOF\n"));
    // startxref gives the byte offset of the cross-reference table.
    let text = String::from_utf8(bytes.clone()).unwrap();
    let startxref: usize = all_between(&text, "startxref\n", "\n")[0].parse().unwrap();
    assert!(text[startxref..].starts_with("xref\n0 6\n"), "{text}");
    assert!(text.contains("(Invoice INV-2024-03) Tj"));
    assert!(text.contains("(Amount: 45.10 EUR) Tj"));

    assert_eq!(
        browser.get("/invoices/INV-2024-03.pdf").body,
        pdf.body,
        "the same bytes each time"
    );
    assert_ne!(
        browser.get("/invoices/INV-2024-04.pdf").body,
        pdf.body,
        "each invoice its own bytes"
    );
    assert_eq!(browser.get("/invoices/INV-1999-01.pdf").status, 404);
}

#[test]
fn profile_is_json_behind_the_session() {
    let site = DemoVendor::start();
    let mut browser = Browser::new(&site);
    assert_eq!(browser.sign_in("s3cret").status, 302);
    let profile = browser.get("/api/profile");
    assert_eq!(profile.status, 200);
    assert_eq!(
        profile.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    let profile: serde_json::Value = serde_json::from_slice(&profile.body).unwrap();
    assert_eq!(
        profile,
        serde_json::json!({
            "name": {"first": "Ada", "last": "Lovelace"},
            "email": "ada@example.com",
            "address": {
                "street": "12 St James’s Square",
                "postcode": "SW1Y 4JH",
                "city": "London",
                "country": "United Kingdom"
            },
            "phone": "+44 20 7946 0018"
        })
    );
}

#[test]
fn proxy_form_requests_are_served_for_the_vendor_name_only() {
    let site = DemoVendor::start();
    let login = send(site.addr(), "GET", &format!("http://{HOST}/login"), &[], "");
    assert_eq!(login.status, 200);
    assert!(login.text().contains("csrf_token"));
    // The absolute URL is only the request's target: it is sent to the site, never out.
    let other = send(
        site.addr(),
        "GET",
        "http://cozy.localhost:8080/status",
        &[],
        "",
    );
    assert_eq!(other.status, 502);
    assert!(
        other.text().contains("not cozy.localhost:8080"),
        "{}",
        other.text()
    );
}

#[test]
fn kvm_reaches_the_demo_vendor_by_its_name() {
    let site = DemoVendor::start();
    let dir = Dir::new();
    // No cookie: /account redirects to /login, which kvm's fetch follows.
    let script = dir.write(
        "probe.mjs",
        "const res = await fetch('http://demo-vendor.test/account');\n\
         const html = await res.text();\n\
         console.log(res.status, res.url, res.redirected, html.includes('name=\"csrf_token\"'));\n",
    );
    let (run, report) = KvmCmd::new()
        .arg(&script)
        .args(site.kvm_args())
        .report(&dir);
    run.assert_code(0);
    assert_eq!(
        run.messages(),
        "200 http://demo-vendor.test/login true true\n"
    );
    let urls = request_urls(&report);
    assert_eq!(
        urls,
        [
            "http://demo-vendor.test/account",
            "http://demo-vendor.test/login"
        ]
    );
}

/// The konnector's bundle, built once per test run (cached under target/bundles/).
fn bundle() -> &'static Path {
    static BUNDLE: OnceLock<PathBuf> = OnceLock::new();
    BUNDLE.get_or_init(|| common::bundle::build("examples/demo-konnector"))
}

#[test]
fn bundle_builds_with_the_manifest_compiled_in() {
    let bundle = bundle();
    assert!(
        bundle.starts_with(top().join("target/bundles")),
        "{}",
        bundle.display()
    );
    assert!(bundle.ends_with("dist/index.js"));
    let code = std::fs::read_to_string(bundle).unwrap();
    assert!(
        code.contains(r#""slug":"demo-konnector""#),
        "the manifest is compiled in"
    );
    assert!(code.contains("const BASE_URL = 'http://demo-vendor.test'"));
    assert!(code.contains("cozy-konnector-libs"));
}

/// The `fields` of a konnector-dev-config.json.
fn fields(config: &Path) -> serde_json::Map<String, serde_json::Value> {
    let config: serde_json::Value =
        serde_json::from_slice(&std::fs::read(config).unwrap()).unwrap();
    config["fields"].as_object().unwrap().clone()
}

/// Runs the bundle under node against the demo vendor and kvm's local Cozy served on
/// loopback, with the fields of `config` (a konnector-dev-config.json); returns the exit
/// code, the records and the folder the Cozy saved into.
fn run_under_node(config: &Path, dir: &Dir) -> (Option<i32>, Vec<String>, PathBuf) {
    let site = DemoVendor::start();
    let stack = ServedCozy::start(&dir.path().join("data"), fields(config));
    let output = Command::new("node")
        .arg(bundle())
        .current_dir(dir.path())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .envs(stack.node_env())
        .envs(site.node_env("127.0.0.1"))
        .output()
        .unwrap();
    let described = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.code().is_some(), "node died: {described}");
    (
        output.status.code(),
        records(&output.stdout),
        stack.data().to_path_buf(),
    )
}

/// The konnector as its bundle is deployed (cozy-konnector-build's output): the bundle as
/// `index.js` and the manifest, in `dir/bundled`.
fn bundled_konnector(dir: &Dir) -> PathBuf {
    let konnector = dir.path().join("bundled");
    std::fs::create_dir(&konnector).unwrap();
    std::fs::copy(bundle(), konnector.join("index.js")).unwrap();
    std::fs::copy(
        top().join("examples/demo-konnector/manifest.konnector"),
        konnector.join("manifest.konnector"),
    )
    .unwrap();
    konnector
}

/// Runs `konnector` (a folder) under kvm as a developer does — `--config`, the local Cozy
/// in `dir/data` — against the demo vendor; returns the exit code, the records, the report
/// and the data folder.
fn run_under_kvm(
    konnector: &Path,
    config: &Path,
    dir: &Dir,
) -> (i32, Vec<String>, serde_json::Value, PathBuf) {
    let site = DemoVendor::start();
    let data = dir.path().join("data");
    let (run, report) = KvmCmd::new()
        .arg(konnector)
        .arg("--config")
        .arg(config)
        .arg("--local")
        .arg(&data)
        .args(site.kvm_args())
        .args(["--timeout", "120"])
        .report(dir);
    // Left out: what node writes to stderr (its DEP0005 notice for `new Buffer()`), which
    // kvm logs as a warning, and kvm's notice of the --allow hole.
    let records = records(run.stdout().as_bytes())
        .into_iter()
        .filter(|r| !r.starts_with("warning: (node:") && !r.starts_with("warning: network: "))
        .collect();
    (run.code(), records, report, data)
}

fn lines(list: &[&str]) -> Vec<String> {
    list.iter().map(|line| line.to_string()).collect()
}

const SAVED_RECORDS: [&str; 5] = [
    "info: Signing in",
    "info: Signed in",
    "info: Found 12 invoices, saving them",
    "info: saveFiles created 12 files for 12 entries",
    "info: Saving the identity",
];

#[test]
fn bundle_under_kvm_saves_what_it_saves_under_node() {
    let config = top().join("examples/demo-konnector/konnector-dev-config.json");
    let (node_dir, kvm_dir) = (Dir::new(), Dir::new());
    let (code, records, node_data) = run_under_node(&config, &node_dir);
    assert_eq!((code, records), (Some(0), lines(&SAVED_RECORDS)));

    let konnector = bundled_konnector(&kvm_dir);
    let (code, records, report, kvm_data) = run_under_kvm(&konnector, &config, &kvm_dir);
    assert_eq!((code, records), (0, lines(&SAVED_RECORDS)));
    assert_eq!(report["outcome"], "success");

    let saved = saved_data(&kvm_data);
    assert_eq!(
        saved,
        saved_data(&node_data),
        "kvm and node saved different data"
    );
    insta::assert_json_snapshot!("demo_konnector_saved_data", saved);
}

/// What the konnector logs when the vendor refuses its password.
const LOGIN_FAILED_RECORDS: [&str; 4] = [
    "info: Signing in",
    "warning: The vendor refused the sign-in: Wrong email or password.",
    "warning: Error from konnector",
    "critical: LOGIN_FAILED",
];

/// A konnector-dev-config.json in `dir` whose password the vendor refuses.
fn wrong_password_config(dir: &Dir) -> PathBuf {
    dir.write(
        "konnector-dev-config.json",
        r#"{"COZY_URL": "http://cozy.localhost:8080", "fields": {"login": "ada@example.com", "password": "wrong"}}"#,
    )
}

/// Asserts a kvm run the vendor refused: `LOGIN_FAILED`, and nothing saved.
fn assert_login_failed(run: (i32, Vec<String>, serde_json::Value, PathBuf)) {
    let (code, records, report, data) = run;
    assert_eq!((code, records), (1, lines(&LOGIN_FAILED_RECORDS)));
    assert_eq!(report["outcome"], "failed");
    assert_eq!(report["error"], "LOGIN_FAILED");
    assert!(!data.join("importedData.json").exists(), "nothing saved");
}

#[test]
fn a_wrong_password_ends_with_login_failed_under_node_and_kvm() {
    let dir = Dir::new();
    let config = wrong_password_config(&dir);
    let (code, records, data) = run_under_node(&config, &dir);
    assert_eq!((code, records), (Some(1), lines(&LOGIN_FAILED_RECORDS)));
    assert!(!data.join("importedData.json").exists(), "nothing saved");

    let kvm_dir = Dir::new();
    let konnector = bundled_konnector(&kvm_dir);
    assert_login_failed(run_under_kvm(&konnector, &config, &kvm_dir));
}

#[test]
fn unbundled_source_saves_what_its_bundle_saves() {
    let config = top().join("examples/demo-konnector/konnector-dev-config.json");
    let (bundled_dir, unbundled_dir) = (Dir::new(), Dir::new());
    let konnector = bundled_konnector(&bundled_dir);
    let (code, records, _, bundled_data) = run_under_kvm(&konnector, &config, &bundled_dir);
    assert_eq!((code, records), (0, lines(&SAVED_RECORDS)));

    let konnector = demo_konnector::unbundled(unbundled_dir.path());
    assert!(!konnector.join("node_modules").exists());
    let (code, records, report, data) = run_under_kvm(&konnector, &config, &unbundled_dir);
    assert_eq!((code, records), (0, lines(&SAVED_RECORDS)));
    assert_eq!(report["outcome"], "success");

    let saved = saved_data(&data);
    assert_eq!(
        saved,
        saved_data(&bundled_data),
        "the source over kvm's library saved other data than its bundle"
    );
    insta::assert_json_snapshot!("demo_konnector_saved_data", saved);
}

#[test]
fn unbundled_source_with_a_wrong_password_ends_with_login_failed() {
    let dir = Dir::new();
    let config = wrong_password_config(&dir);
    let konnector = demo_konnector::unbundled(dir.path());
    assert_login_failed(run_under_kvm(&konnector, &config, &dir));
}

/// A konnector that says whether the stack token is in its `process.env`, then saves a
/// bill; with `library`, through kvm's cozy-konnector-libs (no copy in its folder),
/// else with no library at all.
const TOKEN_PROBE: &str = "const { BaseKonnector, addData, log } = require('cozy-konnector-libs')
module.exports = new BaseKonnector(async () => {
  log('info', `COZY_CREDENTIALS in process.env: ${'COZY_CREDENTIALS' in process.env}`)
  await addData([{ vendor: 'probe', amount: 1 }], 'io.cozy.bills')
})
";
const NO_LIBRARY_PROBE: &str = "console.log(JSON.stringify({ type: 'info', message:
  `COZY_CREDENTIALS in process.env: ${'COZY_CREDENTIALS' in process.env}` }))
";

#[test]
fn the_stack_token_never_enters_a_konnector_on_kvm_s_library() {
    let config = top().join("examples/demo-konnector/konnector-dev-config.json");
    let dir = Dir::new();
    let stack = ServedCozy::start(&dir.path().join("data"), fields(&config));
    let run = |name: &str, source: &str| {
        let konnector = dir.path().join(name);
        dir.write(&format!("{name}/index.js"), source);
        std::fs::copy(
            top().join("examples/demo-konnector/manifest.konnector"),
            konnector.join("manifest.konnector"),
        )
        .unwrap();
        let mut kvm = KvmCmd::new().arg(&konnector).args(["--log-format", "json"]);
        for (name, value) in stack.node_env() {
            kvm = kvm.env(&name, &value);
        }
        let run = kvm.output();
        run.assert_code(0);
        records(run.stdout().as_bytes())
    };

    // The Cozy is the stack's, reached with the token: the host holds it, the isolate not.
    assert_eq!(
        run("on-kvm-library", TOKEN_PROBE),
        ["info: COZY_CREDENTIALS in process.env: false"]
    );
    let imported: serde_json::Value =
        serde_json::from_slice(&std::fs::read(stack.data().join("importedData.json")).unwrap())
            .unwrap();
    let bills = imported["io.cozy.bills"].as_array().unwrap();
    assert_eq!(
        bills.iter().map(|b| &b["vendor"]).collect::<Vec<_>>(),
        ["probe"],
        "the bill saved through the host's capability"
    );
    // A konnector without the library (a bundle brings its own client) gets the token, as
    // under node: the probe does see it when it is there.
    assert_eq!(
        run("no-library", NO_LIBRARY_PROBE),
        ["info: COZY_CREDENTIALS in process.env: true"]
    );
}
