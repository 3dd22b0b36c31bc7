//! konnector-lib's requests, cookies, sign-in, scraping, logging, retries and errors
//! (issue 8). The scripts of tests/konnector-lib-request/ run under node with the real
//! cozy-konnector-libs 5.13 (the demo konnector's node_modules, installed from npm by
//! `examples/build-bundle`) and under kvm with its own, against the demo vendor on loopback,
//! and must print the same. The cookie jar keeps a session across a sign-in's 302, sends
//! nothing to other sites, and reads and writes the real tough-cookie's sessions.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::example_servers::DemoVendor;
use common::{first_difference, top, Dir, KvmCmd, Server};
use serde_json::Value;

fn script(name: &str) -> PathBuf {
    top().join("tests/konnector-lib-request").join(name)
}

/// The demo konnector's node_modules: the real cozy-konnector-libs and its dependencies.
fn real_library() -> &'static Path {
    static MODULES: OnceLock<PathBuf> = OnceLock::new();
    MODULES.get_or_init(|| {
        let modules = common::bundle::node_modules("examples/demo-konnector");
        assert!(
            modules.join("cozy-konnector-libs").is_dir(),
            "{} holds no cozy-konnector-libs",
            modules.display()
        );
        modules
    })
}

/// Runs `script` under node with the real library. The library makes its Cozy client when
/// loaded, from COZY_URL and COZY_CREDENTIALS: these scripts never call it.
fn node_with_real_library(script: &Path, args: &[&str], env: Vec<(String, String)>) -> String {
    let output = common::node_command(script, args)
        .env("NODE_PATH", real_library())
        .env("COZY_URL", "http://cozy.localhost:8080/")
        .env("COZY_CREDENTIALS", "never-used")
        .envs(env)
        .output()
        .expect("node 20 is installed (see README)");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{} fails under node with the real library ({}):\n{stdout}\n{}",
        script.display(),
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// A record as the stack reads it: its type (cozy-logger's `warn` is the protocol's
/// `warning`), where it comes from and its message.
fn describe(record: &Value) -> String {
    let field = |name: &str| record[name].as_str().unwrap_or_default().to_string();
    let kind = match field("type").as_str() {
        "warn" => "warning".to_string(),
        other => other.to_string(),
    };
    format!(
        "{kind} [{}/{}] {}",
        field("namespace"),
        field("label"),
        field("message")
    )
}

/// Node's stdout read the way kvm reads a script's stdout (runtime/src/run/log.rs): a
/// cozy-logger JSON line is a record, any other line a `debug` one.
fn node_records(stdout: &str) -> String {
    stdout
        .lines()
        .map(|line| match serde_json::from_str::<Value>(line) {
            Ok(record) if record.get("type").is_some() => describe(&record) + "\n",
            _ => describe(&serde_json::json!({"type": "debug", "message": line})) + "\n",
        })
        .collect()
}

/// kvm's records, without its note that the vendor's address is allowed.
fn kvm_records(records: &[Value]) -> String {
    records
        .iter()
        .filter(|r| {
            !r["message"]
                .as_str()
                .unwrap_or_default()
                .starts_with("network: ")
        })
        .map(|r| describe(r) + "\n")
        .collect()
}

/// `name` against the demo vendor under node (the real library) and kvm (its own), which
/// ends with `exit_code`.
fn same_as_the_real_library(name: &str, exit_code: i32) {
    let vendor = DemoVendor::start();
    let script = script(name);
    let expected = node_records(&node_with_real_library(
        &script,
        &[],
        vendor.node_env("127.0.0.1"),
    ));
    assert!(
        expected.ends_with("] done\n"),
        "the script did not finish under node:\n{expected}"
    );
    let run = KvmCmd::new()
        .arg(&script)
        .args(vendor.kvm_args())
        .args(["--log-format", "json", "--timeout", "60"])
        .output();
    let actual = kvm_records(&run.records());
    assert!(
        actual == expected,
        "kvm's output differs from node's at {}\n(full kvm run: {})",
        first_difference(&expected, &actual),
        run.describe()
    );
    run.assert_code(exit_code);
}

// Logs, retries, errors, the jar's matching and serialization, and requests: the session
// of a sign-in's 302 reaching the next pages and the PDF, redirects and status errors.
#[test]
fn requests_cookies_logs_and_retries_behave_as_the_real_library() {
    same_as_the_real_library("same_as_the_real_library.js", 0);
}

// signin with the form's CSRF hidden input, its LOGIN_FAILED, VENDOR_DOWN, INVALID_FORM and
// UNKNOWN_PARSING_STRATEGY, and scrape's specs over requestFactory's `cheerio: true`. The
// `error` lines signin logs on the way, as the real one does, fail the job (the stack's rule).
#[test]
fn signin_and_scrape_behave_as_the_real_library() {
    same_as_the_real_library("signin_and_scrape.js", 1);
}

#[test]
fn cookies_stay_with_their_site_across_redirects() {
    let server = Server::start();
    let port = server.server.port();
    let one = format!("http://one.test:{port}");
    let two = format!("http://two.test:{port}");
    let run = KvmCmd::new()
        .arg(script("other_sites.js"))
        .args(["--allow", &server.allow()])
        .args(["--resolve", &format!("one.test:{port}:127.0.0.1")])
        .args(["--resolve", &format!("two.test:{port}:127.0.0.1")])
        .args(["--log-format", "json", "--", &one, &two])
        .output();
    run.assert_code(0);
    let printed = run.messages();
    assert!(printed.ends_with("done\n"), "{}", run.describe());
    assert!(
        printed.contains("denied RequestError ERR_NETWORK_DENIED loopback 127.0.0.0/8\n"),
        "{printed}"
    );

    let seen = server.server.requests();
    let step = |name: &str| {
        seen.iter()
            .find(|r| r.path.contains(&format!("step={name}")))
            .unwrap_or_else(|| panic!("no request of step {name} in {seen:#?}"))
    };
    assert_eq!(step("same-site").header("cookie"), Some("a=1; b=2"));
    assert_eq!(step("other-site").header("cookie"), None);
    let redirected = step("redirected");
    assert_eq!(
        redirected.header("host"),
        Some(&*format!("two.test:{port}"))
    );
    assert_eq!(redirected.header("cookie"), None);
    // The redirect's hop itself carried them, its target did not.
    let hop = seen
        .iter()
        .find(|r| r.path.starts_with("/redirect/302"))
        .unwrap();
    assert_eq!(hop.header("cookie"), Some("a=1; b=2"));
    assert_eq!(
        redirected.header("referer"),
        Some(&*format!("{one}{}", hop.path))
    );

    // A form and a query string as request writes them (the qs package's encoding), and
    // the script's own Cookie header before the jar's.
    let form = step("form");
    assert_eq!(form.method, "POST");
    assert_eq!(form.path, "/echo?step=form&page=2&q=a%20b");
    assert_eq!(
        std::str::from_utf8(&form.body).unwrap(),
        "a=b%20c&n%5B0%5D=1&n%5B1%5D=2&o%5Bx%5D=y%21%2A%28%29%27~&z=&e=%C3%A9%26%3D"
    );
    assert_eq!(
        form.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(form.header("accept"), Some("application/json"));
    assert_eq!(form.header("cookie"), Some("own=1; a=1; b=2"));

    let json = step("json");
    assert_eq!(json.method, "PUT");
    assert_eq!(std::str::from_utf8(&json.body).unwrap(), r#"{"a":[1]}"#);
    assert_eq!(json.header("content-type"), Some("application/json"));
    assert_eq!(
        json.header("cookie"),
        None,
        "this requestFactory has no jar"
    );
    let agent = json.header("user-agent").unwrap();
    assert!(agent.starts_with("Mozilla/5.0 ("), "{agent}");

    // `debug: 'simple'`: one line per request and response on stderr (warnings).
    let debug: Vec<String> = run
        .records()
        .iter()
        .filter(|r| r["type"] == "warning")
        .map(|r| r["message"].as_str().unwrap().to_string())
        .filter(|m| m.contains("step=debug") || m.starts_with("<- "))
        .collect();
    step("debug");
    assert_eq!(debug.len(), 2, "{debug:?}");
    assert_eq!(debug[0], format!("GET -> {one}/echo?step=debug "));
    assert!(
        debug[1].starts_with("<- 200  Content-Length: "),
        "{debug:?}"
    );
}

/// The Cookie headers a script printed for each URL of session_urls.js: `URL value` lines.
fn header_lines(output: &str) -> Vec<&str> {
    output.lines().filter(|l| l.starts_with("http")).collect()
}

#[test]
fn sessions_of_the_real_tough_cookie_load_and_ours_load_there() {
    // A session as the real CookieKonnector saves it, made an hour ago.
    let made = node_with_real_library(&script("tough_cookie.js"), &["make"], vec![]);
    let (session, expected) = made.split_once('\n').unwrap();
    let expected = header_lines(expected);
    assert!(
        expected.contains(&"https://vendor.example/a/b/c exp=2; sid=abc"),
        "{made}"
    );

    let run = KvmCmd::new()
        .arg(script("jar_session.js"))
        .args(["--log-format", "json", "--", session])
        .output();
    run.assert_code(0);
    let printed = run.messages();
    assert_eq!(header_lines(&printed), expected, "{}", run.describe());

    // Ours, back in the real tough-cookie: the same cookies for the same URLs.
    let ours = printed.lines().last().unwrap();
    let serialized: Value = serde_json::from_str(ours).unwrap();
    let keys: Vec<&str> = serialized["cookies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["sid", "pref", "exp"], "the expired one is dropped");
    let loaded = node_with_real_library(&script("tough_cookie.js"), &["load", ours], vec![]);
    assert_eq!(header_lines(&loaded), expected);
}

#[test]
fn a_cookie_konnector_restores_its_session_from_the_account() {
    let vendor = DemoVendor::start();
    let cozy = common::Dir::new();
    let run = || {
        let run = KvmCmd::new()
            .arg(script("cookie-konnector"))
            .arg("--local")
            .arg(cozy.path())
            .args([
                "--fields",
                r#"{"login":"ada@example.com","password":"s3cret"}"#,
            ])
            .args(vendor.kvm_args())
            .args(["--log-format", "json"])
            .output();
        run.assert_code(0);
        run.messages()
    };
    let first = run();
    assert!(
        first.contains("session: signing in\n") && first.contains("profile: Ada\n"),
        "{first}"
    );
    let second = run();
    assert!(
        second.contains("found saved session, using it...\n")
            && second.contains("session: restored\n")
            && second.contains("profile: Ada\n")
            && !second.contains("signing in"),
        "{second}"
    );

    // Where and how the real CookieKonnector keeps it: tough-cookie's JSON as text under
    // the account's data.auth.session.
    let saved: Value =
        serde_json::from_slice(&std::fs::read(cozy.path().join("importedData.json")).unwrap())
            .unwrap();
    let accounts = saved["io.cozy.accounts"].as_array().unwrap();
    assert_eq!(accounts.len(), 1, "{saved:#}");
    let session = accounts[0]["data"]["auth"]["session"].as_str().unwrap();
    let session: Value = serde_json::from_str(session).unwrap();
    assert_eq!(session["storeType"], "MemoryCookieStore");
    let cookies = session["cookies"].as_array().unwrap();
    assert_eq!(
        cookies.len(),
        1,
        "the sign-in's session replaced the form's: {session:#}"
    );
    assert_eq!(cookies[0]["key"], "demo_sid");
    assert_eq!(cookies[0]["domain"], "demo-vendor.test");
    assert_eq!(cookies[0]["hostOnly"], true);
    assert_eq!(cookies[0]["httpOnly"], true);
}

/// Cookie jars are host memory the heap cap does not see: a run hands them at most 16 MiB
/// of cookies over its life, then setting more throws.
#[test]
fn a_run_s_cookie_jars_take_a_bounded_amount_of_cookies() {
    let dir = Dir::new();
    let konnector = dir.path().join("k");
    dir.write(
        "k/index.js",
        "const { requestFactory } = require('cozy-konnector-libs')\n\
         const value = 'x'.repeat(8000)\n\
         let set = 0\n\
         try {\n\
           for (;;) {\n\
             const jar = requestFactory().jar()\n\
             for (let i = 0; i < 100; i++) jar.setCookie(`c${i}=${value}`, 'https://a.example/')\n\
             set += 100\n\
           }\n\
         } catch (error) { console.log(set, error.message) }\n",
    );
    let run = KvmCmd::new().arg(&konnector).output();
    run.assert_code(0);
    let out = run.messages();
    let (set, message) = out.trim().split_once(' ').unwrap();
    let set: usize = set.parse().unwrap();
    assert!((2000..2200).contains(&set), "{out}");
    assert!(message.contains("at most 16 MiB of cookies"), "{message}");
}
