//! The sandboxed network end to end, through JS `fetch` (issue 3): a loopback test server
//! reached only through `--allow`; denials at the first request and at redirect hops, the
//! limits, streaming and abort. Nothing but servers this test starts is ever contacted.

mod common;

use common::{Dir, KvmCmd, Run, Server};
use serde_json::Value;

/// Runs an ES module `source` (top-level await) with `args`; returns output and report.
fn run(source: &str, args: &[&str]) -> (Run, Value) {
    let dir = Dir::new();
    let script = dir.write("fetch.mjs", source);
    KvmCmd::new().arg(&script).args(args).report(&dir)
}

#[test]
fn allowed_server_answers_get_and_post_with_every_body_type() {
    let server = Server::start();
    let echo = server.url("/echo");
    let source = format!(
        r#"
        const get = await fetch('{echo}?q=1');
        const seen = await get.json();
        console.log(get.status, get.ok, get.headers.get('content-type'), seen.method, seen.path);
        const bodies = {{
          string: 'plain text',
          arrayBuffer: new TextEncoder().encode('bytes').buffer,
          typedArray: new Uint8Array([104, 105]),
          params: new URLSearchParams({{ a: '1', b: 'x y' }}),
          blob: new Blob(['blob body'], {{ type: 'text/x-blob' }}),
          formData: (() => {{ const f = new FormData(); f.append('field', 'value'); return f; }})(),
        }};
        for (const [kind, body] of Object.entries(bodies)) {{
          const res = await fetch('{echo}', {{ method: 'POST', body }});
          const echoed = await res.json();
          const type = echoed.headers.find(([n]) => n === 'content-type');
          const text = kind === 'formData' ? echoed.body.includes('name="field"') && echoed.body.includes('value') : echoed.body;
          console.log(kind, echoed.method, type ? type[1].split(';')[0] : '-', text);
        }}
        "#
    );
    let (run, report) = run(&source, &["--allow", &server.allow()]);
    run.assert_code(0);
    assert_eq!(
        run.messages(),
        "200 true application/json GET /echo?q=1\n\
         string POST text/plain plain text\n\
         arrayBuffer POST - bytes\n\
         typedArray POST - hi\n\
         params POST application/x-www-form-urlencoded a=1&b=x+y\n\
         blob POST text/x-blob blob body\n\
         formData POST multipart/form-data true\n"
    );
    assert_eq!(report["stats"]["requests"], 7);
    // The hole in the policy is in the log.
    assert_eq!(
        report["logs"][0]["message"],
        format!(
            "network: {} is allowed by --allow, an exception to the policy",
            server.allow()
        )
    );
    assert_eq!(report["requests"][0]["status"], 200);
    assert_eq!(report["requests"][0]["method"], "GET");
}

#[test]
fn without_allow_the_same_url_is_denied_by_the_policy() {
    let server = Server::start();
    let source = format!(
        r#"
        try {{ await fetch('{}'); }}
        catch (e) {{ console.log(e.name, e.message, e.cause.code, e.cause.rule); }}
        "#,
        server.url("/echo")
    );
    let (run, report) = run(&source, &[]);
    run.assert_code(0);
    assert_eq!(
        run.messages(),
        "TypeError fetch failed ERR_NETWORK_DENIED loopback 127.0.0.0/8\n"
    );
    assert_eq!(report["denied"][0]["rule"], "loopback 127.0.0.0/8");
    assert_eq!(report["stats"]["requests"], 0);
    assert!(
        server.server.requests().is_empty(),
        "nothing reached the server"
    );
}

#[test]
fn redirects_to_internal_addresses_are_denied_at_the_hop() {
    let server = Server::start();
    // A second server, not allowed: the hop to it must be refused before any connection.
    let other = Server::start();
    let to_loopback = server.url(&format!("/redirect/302?to={}", other.url("/echo")));
    let to_metadata = server.url("/redirect/302?to=http://169.254.169.254/latest/meta-data");
    let source = format!(
        r#"
        for (const url of ['{to_loopback}', '{to_metadata}']) {{
          try {{ await fetch(url); console.log('reached'); }}
          catch (e) {{ console.log(e.cause.code, e.cause.rule); }}
        }}
        const manual = await fetch('{to_metadata}', {{ redirect: 'manual' }});
        console.log(manual.status, manual.headers.get('location'));
        "#
    );
    let (run, report) = run(&source, &["--allow", &server.allow()]);
    run.assert_code(0);
    assert_eq!(
        run.messages(),
        "ERR_NETWORK_DENIED loopback 127.0.0.0/8\n\
         ERR_NETWORK_DENIED link-local 169.254.0.0/16\n\
         302 http://169.254.169.254/latest/meta-data\n"
    );
    assert_eq!(report["denied"].as_array().unwrap().len(), 2);
    assert!(other.server.requests().is_empty());
}

#[test]
fn redirect_loops_stop_at_the_cap() {
    let server = Server::start();
    let source = format!(
        r#"
        try {{ await fetch('{}'); }} catch (e) {{ console.log(e.cause.code); }}
        "#,
        server.url("/loop/0")
    );
    let (run, report) = run(&source, &["--allow", &server.allow()]);
    run.assert_code(0);
    assert_eq!(run.messages(), "ERR_TOO_MANY_REDIRECTS\n");
    // The first request and 20 redirects followed.
    assert_eq!(report["stats"]["requests"], 21);
}

#[test]
fn slow_server_hits_the_request_timeout() {
    let server = Server::start();
    let source = format!(
        r#"
        try {{ await fetch('{}'); }} catch (e) {{ console.log(e.cause.code); }}
        "#,
        server.url("/slow-headers?ms=5000")
    );
    let (run, report) = run(
        &source,
        &["--allow", &server.allow(), "--request-timeout", "0.3"],
    );
    run.assert_code(0);
    assert_eq!(run.messages(), "ETIMEDOUT\n");
    assert!(report["stats"]["wall_ms"].as_u64().unwrap() < 5000);
}

#[test]
fn unread_bodies_do_not_block_later_requests() {
    let server = Server::start();
    // Bodies that never end, never read: only waiting for headers counts against the cap.
    let source = format!(
        r#"
        let ok = 0;
        for (let i = 0; i < 12; i++) if ((await fetch('{}')).status === 200) ok++;
        console.log(ok);
        "#,
        server.url("/stall-body?ms=30000")
    );
    let (run, _) = run(
        &source,
        &[
            "--allow",
            &server.allow(),
            "--max-concurrent-requests",
            "2",
            "--timeout",
            "20",
        ],
    );
    run.assert_code(0);
    assert_eq!(run.messages(), "12\n");
}

#[test]
fn gzip_is_decoded_and_a_gzip_bomb_stops_at_the_body_limit() {
    let server = Server::start();
    let source = format!(
        r#"
        const text = await (await fetch('{gzip}')).text();
        console.log(text.length, text.slice(0, 9));
        try {{ await (await fetch('{bomb}')).arrayBuffer(); console.log('swallowed'); }}
        catch (e) {{ console.log(e.cause ? e.cause.code : e.code); }}
        "#,
        gzip = server.url("/gzip?n=5000"),
        bomb = server.url("/bomb?mb=64"),
    );
    let (run, report) = run(
        &source,
        &["--allow", &server.allow(), "--max-response", "1"],
    );
    run.assert_code(0);
    assert_eq!(run.messages(), "5000 the quick\nERR_BODY_TOO_LARGE\n");
    // The bomb's wire size is tiny: it was stopped early, not downloaded and refused.
    assert!(report["stats"]["bytes_in"].as_u64().unwrap() < 1024 * 1024);
}

#[test]
fn large_bodies_stream_chunk_by_chunk() {
    let server = Server::start();
    let size = 32 * 1024 * 1024;
    let source = format!(
        r#"
        const res = await fetch('{}');
        let total = 0, chunks = 0;
        for await (const chunk of res.body) {{ total += chunk.length; chunks += 1; }}
        console.log(total, chunks > 1);
        "#,
        server.url(&format!("/bytes?n={size}"))
    );
    let (run, report) = run(&source, &["--allow", &server.allow()]);
    run.assert_code(0);
    assert_eq!(run.messages(), format!("{size} true\n"));
    // Never held whole in the isolate.
    assert!(report["stats"]["peak_heap_bytes"].as_u64().unwrap() < size / 2);
}

#[test]
fn abort_works_mid_body() {
    let server = Server::start();
    let source = format!(
        r#"
        const controller = new AbortController();
        const res = await fetch('{}', {{ signal: controller.signal }});
        const reader = res.body.getReader();
        const first = await reader.read();
        console.log(new TextDecoder().decode(first.value));
        controller.abort();
        try {{ await reader.read(); console.log('read on'); }} catch (e) {{ console.log(e.name); }}
        "#,
        server.url("/stall-body?ms=10000")
    );
    let (run, report) = run(&source, &["--allow", &server.allow()]);
    run.assert_code(0);
    assert_eq!(run.messages(), "first,\nAbortError\n");
    // The stalled body did not keep the run alive.
    assert!(report["stats"]["wall_ms"].as_u64().unwrap() < 10_000);
}

#[test]
fn policy_check_says_allow_or_deny_per_url() {
    let allowed = "127.0.0.1:8080";
    let run = KvmCmd::new()
        .args(["policy", "check", "--allow", allowed])
        .args([
            "http://127.0.0.1:8080/",
            "http://169.254.169.254/",
            "http://10.0.0.1:5984/",
        ])
        .output();
    run.assert_code(3);
    assert_eq!(
        run.stdout(),
        "allow http://127.0.0.1:8080/ -> 127.0.0.1:8080\n\
         deny http://169.254.169.254/: link-local 169.254.0.0/16\n\
         deny http://10.0.0.1:5984/: forbidden port 5984\n"
    );
    let run = KvmCmd::new()
        .args([
            "policy",
            "check",
            "--allow",
            allowed,
            "http://127.0.0.1:8080/x",
        ])
        .output();
    run.assert_code(0);
    let run = KvmCmd::new()
        .args(["policy", "check", "--resolve", "bad"])
        .output();
    run.assert_code(2);
}

#[test]
fn resolve_and_connect_to_point_a_vendor_name_at_the_mock() {
    let server = Server::start();
    let port = server.server.port();
    let source = format!(
        r#"
        const a = await (await fetch('http://vendor.example:{port}/echo')).json();
        const b = await (await fetch('http://www.vendor.example/echo')).json();
        console.log(a.headers.find(([n]) => n === 'host')[1], b.headers.find(([n]) => n === 'host')[1]);
        "#
    );
    let resolve = format!("vendor.example:{port}:127.0.0.1");
    let connect_to = format!("www.vendor.example:80:127.0.0.1:{port}");
    let (run, _) = run(
        &source,
        &[
            "--allow",
            &server.allow(),
            "--resolve",
            &resolve,
            "--connect-to",
            &connect_to,
        ],
    );
    run.assert_code(0);
    assert_eq!(
        run.messages(),
        format!("vendor.example:{port} www.vendor.example\n")
    );
    // Without --allow, the override's target is still checked by the policy.
    let (run, report) = run_denied(&source, &resolve, &connect_to);
    run.assert_code(1);
    assert_eq!(report["denied"][0]["rule"], "loopback 127.0.0.0/8");
}

fn run_denied(source: &str, resolve: &str, connect_to: &str) -> (Run, Value) {
    run(source, &["--resolve", resolve, "--connect-to", connect_to])
}
