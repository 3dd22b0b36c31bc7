//! Node's `http`/`https` client over the sandboxed network (issue 5, part 1), end to end through
//! the `kvm` binary against the loopback test server, reached only through `--allow`. The main
//! test is differential: tests/fixtures/http_client.js runs under node 20 and under kvm against
//! the same server and must print the same lines. The others are kvm's own: policy denials as
//! 'error' events, servers denied, TLS never weakened.

mod common;

use common::{fixture, Dir, KvmCmd, Run, Server};

/// Runs a CommonJS `source` under kvm with `args`.
fn run(source: &str, args: &[&str]) -> Run {
    let dir = Dir::new();
    let script = dir.write("script.js", source);
    KvmCmd::new()
        .arg(&script)
        .args(["--log-format", "json", "--timeout", "30"])
        .args(args)
        .output()
}

#[test]
fn the_client_behaves_as_under_node() {
    let server = Server::start();
    let script = fixture("http_client.js");
    let base = server.url("/");
    let expected = common::node_with(&script, &[&base]);
    let node_requests = server.server.requests().len();
    assert!(
        expected.lines().count() >= 20,
        "node did not run the script:\n{expected}"
    );
    let run = KvmCmd::new()
        .arg(&script)
        .args(["--log-format", "json", "--timeout", "30"])
        .args(["--allow", &server.allow(), "--", &base])
        .output();
    run.assert_code(0);
    let actual = run.messages();
    assert_eq!(actual, expected, "kvm and node differ; {}", run.describe());

    // What the server saw from kvm: the chunked upload as such, the whole body with its length.
    let seen = &server.server.requests()[node_requests..];
    let chunked = seen
        .iter()
        .find(|r| r.method == "POST" && r.body == "one,two,three")
        .expect("the chunked upload");
    assert_eq!(chunked.header("transfer-encoding"), Some("chunked"));
    assert_eq!(chunked.header("content-length"), None);
    let whole = seen.iter().find(|r| r.method == "PUT").expect("the PUT");
    assert_eq!(whole.header("content-length"), Some("10"));
    assert_eq!(whole.header("transfer-encoding"), None);
    // No encoding asked for, no user agent added: only what the script set.
    assert!(seen
        .iter()
        .all(|r| r.header("accept-encoding").is_none() && r.header("user-agent").is_none()));
}

#[test]
fn denied_destinations_are_error_events_naming_the_rule() {
    let server = Server::start();
    let source = format!(
        r#"
        const http = require('http');
        function attempt(label, target) {{
          return new Promise((resolve) => {{
            const req = http.get(target, () => console.log(label, 'answered'));
            const events = [];
            req.on('socket', () => events.push('socket'));
            req.on('error', (err) => events.push(`error ${{err.code}} ${{err.rule}} ${{err.url}}`));
            req.on('close', () => {{ console.log(label, events.join(', ')); resolve(); }});
          }});
        }}
        (async () => {{
          await attempt('loopback', '{loopback}');
          await attempt('metadata', 'http://169.254.169.254/latest/meta-data/');
          await attempt('private', {{ host: '10.0.0.1', port: 8080, path: '/' }});
        }})();
        "#,
        loopback = server.url("/echo"),
    );
    let run = run(&source, &[]);
    run.assert_code(0);
    let port = server.server.port();
    assert_eq!(
        run.messages(),
        format!(
            "loopback socket, error ERR_NETWORK_DENIED loopback 127.0.0.0/8 http://127.0.0.1:{port}/echo\n\
             metadata socket, error ERR_NETWORK_DENIED link-local 169.254.0.0/16 http://169.254.169.254:80/latest/meta-data/\n\
             private socket, error ERR_NETWORK_DENIED private 10.0.0.0/8 http://10.0.0.1:8080/\n"
        )
    );
    assert!(server.server.requests().is_empty());
}

#[test]
fn servers_are_a_denied_capability() {
    let source = r#"
        for (const [name, make] of [
          ['http.createServer', () => require('http').createServer(() => {})],
          ['new http.Server', () => new (require('http').Server)()],
          ['https.createServer', () => require('node:https').createServer({}, () => {})],
        ]) {
          try { make(); console.log(name, 'created'); } catch (err) { console.log(name, err.code, err.message); }
        }
        "#;
    let run = run(source, &[]);
    run.assert_code(0);
    assert_eq!(
        run.messages(),
        "http.createServer ERR_ACCESS_DENIED http.createServer is not available in kvm: konnectors cannot accept connections (a konnector is an HTTP client only) (capability \"http_server\" is not granted)\n\
         new http.Server ERR_ACCESS_DENIED new http.Server() is not available in kvm: konnectors cannot accept connections (a konnector is an HTTP client only) (capability \"http_server\" is not granted)\n\
         https.createServer ERR_ACCESS_DENIED https.createServer is not available in kvm: konnectors cannot accept connections (a konnector is an HTTP client only) (capability \"http_server\" is not granted)\n"
    );
}

#[test]
fn https_options_never_weaken_certificate_checks() {
    let server = Server::start_tls(&["127.0.0.1"]);
    let source = format!(
        r#"
        const https = require('https');
        const attempt = (options) => new Promise((resolve) => {{
          https.get('{url}', options, (res) => {{ console.log('answered', res.statusCode); resolve(); }})
            .on('socket', (socket) => console.log('socket', socket.encrypted, socket.authorized))
            .on('error', (err) => {{ console.log('error', err.code); resolve(); }});
        }});
        (async () => {{
          await attempt({{ rejectUnauthorized: false }});
          await attempt({{ agent: new https.Agent({{ rejectUnauthorized: false, ca: 'pem' }}) }});
        }})();
        "#,
        url = server.url("/echo"),
    );
    let run = run(&source, &["--allow", &server.allow()]);
    run.assert_code(0);
    assert_eq!(
        run.messages(),
        "socket true true\nerror UNABLE_TO_GET_ISSUER_CERT_LOCALLY\n\
         socket true true\nerror UNABLE_TO_GET_ISSUER_CERT_LOCALLY\n"
    );
    let warnings: Vec<_> = run
        .records()
        .into_iter()
        .filter(|r| {
            r["type"] == "warning" && r["message"].as_str().unwrap().contains("https option")
        })
        .collect();
    assert_eq!(warnings.len(), 1, "{}", run.describe());
    assert!(warnings[0]["message"]
        .as_str()
        .unwrap()
        .contains("rejectUnauthorized: false ignored"));
    assert!(server.server.requests().is_empty());
}
