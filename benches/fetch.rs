//! Throughput of the sandboxed `fetch` (issue 3), against one loopback server started here,
//! three contenders side by side in one run, alternating rounds, medians reported:
//! - kvm: the release `kvm` binary running a JS script with `fetch` (`--allow` the server);
//! - node: `node` 20 running the same script with its built-in fetch (undici);
//! - raw: [`kvm::net::Network`] used directly in-process, what kvm's JS `fetch` sits on, so
//!   kvm/raw is the cost of the JS side and the bridge.
//!
//! Figures: (a) requests per second of sequential small GETs (`/bytes?n=100`, body read
//! whole); (b) MiB/s of large downloads (`/bytes?n=64 MiB`, read chunk by chunk and
//! discarded), from the headers to the end of the body, and whole: the test server builds
//! each body before it answers, which alone takes longer than the transfer. The scripts time
//! themselves with `performance.now()` around each loop, so process start-up is not counted.
//! Run: `cargo bench --bench fetch` (writes target/bench-fetch.md and prints it).

mod common;

#[path = "../tests/common/server.rs"]
#[allow(dead_code)]
mod server;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::median;
use kvm::net::{FetchRequest, NetConfig, Network, RedirectMode};
use serde_json::Value;
use server::TestServer;

/// A table row: its label, its unit, and how to read the figure.
type Row = (String, &'static str, fn(&Figures) -> f64);

const ROUNDS: usize = 7;
/// Small requests timed per round, after `WARMUP` untimed ones (the connection opened).
const SMALL: usize = 2000;
const SMALL_BYTES: usize = 100;
const WARMUP: usize = 300;
/// Large downloads timed per round.
const LARGE: usize = 3;
const LARGE_BYTES: usize = 64 << 20;
const MIB: f64 = (1 << 20) as f64;

/// The headers kvm's JS `fetch` adds (undici's defaults), so raw sends the same request.
const JS_DEFAULT_HEADERS: [(&str, &str); 3] = [
    ("accept", "*/*"),
    ("accept-language", "*"),
    ("sec-fetch-mode", "cors"),
];

/// One round's figures for one contender.
#[derive(Debug, Clone, Copy)]
struct Figures {
    /// Small GETs per second.
    rps: f64,
    /// MiB/s of the large bodies, from their headers to their end.
    body_mibps: f64,
    /// MiB/s of the large downloads whole, the server's time to build each body included.
    whole_mibps: f64,
}

/// The script kvm and node both run: an ES module printing one `bench {...}` line.
fn script(base: &str) -> String {
    format!(
        r#"const base = '{base}';
const small = base + '/bytes?n={SMALL_BYTES}';
const large = base + '/bytes?n={LARGE_BYTES}';
for (let i = 0; i < {WARMUP}; i++) {{
  const res = await fetch(small);
  await res.arrayBuffer();
}}
let started = performance.now();
let smallBytes = 0;
for (let i = 0; i < {SMALL}; i++) {{
  const res = await fetch(small);
  smallBytes += (await res.arrayBuffer()).byteLength;
}}
const smallMs = performance.now() - started;
started = performance.now();
let largeBytes = 0;
let bodyMs = 0;
for (let i = 0; i < {LARGE}; i++) {{
  const res = await fetch(large);
  const headers = performance.now();
  const reader = res.body.getReader();
  for (;;) {{
    const {{ done, value }} = await reader.read();
    if (done) break;
    largeBytes += value.byteLength;
  }}
  bodyMs += performance.now() - headers;
}}
const largeMs = performance.now() - started;
console.log('bench ' + JSON.stringify({{ smallMs, smallBytes, largeMs, bodyMs, largeBytes }}));
"#
    )
}

/// The figures from the script's `bench {...}` line, checking every byte arrived.
fn figures(line: &str) -> Figures {
    let json: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line:?}"));
    let num = |key: &str| {
        json[key]
            .as_f64()
            .unwrap_or_else(|| panic!("{key} in {line}"))
    };
    assert_eq!(num("smallBytes"), (SMALL * SMALL_BYTES) as f64, "{line}");
    assert_eq!(num("largeBytes"), (LARGE * LARGE_BYTES) as f64, "{line}");
    let mib = (LARGE * LARGE_BYTES) as f64 / MIB;
    Figures {
        rps: SMALL as f64 / (num("smallMs") / 1000.0),
        body_mibps: mib / (num("bodyMs") / 1000.0),
        whole_mibps: mib / (num("largeMs") / 1000.0),
    }
}

fn run_script(program: &Path, args: &[&str], script: &Path) -> String {
    let output = Command::new(program)
        .arg(script)
        .args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .current_dir(script.parent().unwrap())
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", program.display()));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{} failed: {}\n{stdout}\n{}",
        program.display(),
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// kvm prints `{"type":"debug","message":"bench {...}"}` for the script's line.
fn kvm_round(kvm: &Path, script: &Path, allow: &str) -> Figures {
    let stdout = run_script(kvm, &["--allow", allow, "--log-format", "json"], script);
    let message = stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter_map(|record| record["message"].as_str().map(str::to_owned))
        .find_map(|message| message.strip_prefix("bench ").map(str::to_owned))
        .unwrap_or_else(|| panic!("no bench line from kvm:\n{stdout}"));
    figures(&message)
}

fn node_round(script: &Path) -> Figures {
    let stdout = run_script(Path::new("node"), &[], script);
    let line = stdout
        .lines()
        .find_map(|line| line.strip_prefix("bench "))
        .unwrap_or_else(|| panic!("no bench line from node:\n{stdout}"));
    figures(line)
}

/// The same loops on `Network` directly, on a current-thread runtime as kvm's isolate has,
/// with a fresh network (so a fresh pool) per round as each kvm run has.
fn raw_round(runtime: &tokio::runtime::Runtime, addr: SocketAddr, base: &str) -> Figures {
    let mut config = NetConfig::default();
    config.allow.allow_socket(addr);
    let network = Network::new(config);
    let get = |url: String| FetchRequest {
        method: "GET".into(),
        url,
        headers: JS_DEFAULT_HEADERS
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect(),
        body: None,
        redirect: RedirectMode::Follow,
    };
    let small = format!("{base}/bytes?n={SMALL_BYTES}");
    let large = format!("{base}/bytes?n={LARGE_BYTES}");
    runtime.block_on(async {
        // Bytes read, and the time from the headers to the end of the body.
        let drain = |url: String| {
            let network = network.clone();
            let request = get(url);
            async move {
                let mut response = network.fetch(request, true).await.expect("raw fetch");
                let headers = Instant::now();
                let mut bytes = 0;
                while let Some(chunk) = response.body.next_chunk().await.expect("raw body") {
                    bytes += chunk.len();
                }
                (bytes, headers.elapsed())
            }
        };
        for _ in 0..WARMUP {
            drain(small.clone()).await;
        }
        let started = Instant::now();
        let mut small_bytes = 0;
        for _ in 0..SMALL {
            small_bytes += drain(small.clone()).await.0;
        }
        let small_ms = started.elapsed().as_secs_f64() * 1000.0;
        let started = Instant::now();
        let (mut large_bytes, mut body) = (0, Duration::ZERO);
        for _ in 0..LARGE {
            let (bytes, elapsed) = drain(large.clone()).await;
            large_bytes += bytes;
            body += elapsed;
        }
        let large_ms = started.elapsed().as_secs_f64() * 1000.0;
        figures(
            &serde_json::json!({
                "smallMs": small_ms,
                "smallBytes": small_bytes,
                "largeMs": large_ms,
                "bodyMs": body.as_secs_f64() * 1000.0,
                "largeBytes": large_bytes,
            })
            .to_string(),
        )
    })
}

fn main() {
    let top = common::top();
    let kvm = PathBuf::from(env!("CARGO_BIN_EXE_kvm"));

    // The server on its own thread, as in the tests; the clients on others.
    let server_runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let server = server_runtime.block_on(TestServer::start());
    let client_runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let base = server.url("");
    let allow = server.addr().to_string();

    let dir = tempfile::tempdir().unwrap();
    let script_path = dir.path().join("fetch-bench.mjs");
    std::fs::write(&script_path, script(&base)).unwrap();

    // What the server alone costs per large body (it builds it before answering), the same
    // for every contender: a floor under the large-download times.
    let started = Instant::now();
    let built = server::sample(LARGE_BYTES).len();
    let sample_ms = started.elapsed().as_secs_f64() * 1000.0;
    assert_eq!(built, LARGE_BYTES);

    let (mut kvm_runs, mut node_runs, mut raw_runs) = (vec![], vec![], vec![]);
    let bench_started = Instant::now();
    for round in 1..=ROUNDS {
        let k = kvm_round(&kvm, &script_path, &allow);
        let n = node_round(&script_path);
        let r = raw_round(&client_runtime, server.addr(), &base);
        eprintln!(
            "round {round}: req/s kvm {:.0} node {:.0} raw {:.0}; body MiB/s kvm {:.0} node {:.0} raw {:.0}",
            k.rps, n.rps, r.rps, k.body_mibps, n.body_mibps, r.body_mibps
        );
        kvm_runs.push(k);
        node_runs.push(n);
        raw_runs.push(r);
    }
    let elapsed = bench_started.elapsed().as_secs_f64();

    let large_mib = LARGE_BYTES >> 20;
    let mut table = format!(
        "| median of {ROUNDS} rounds | kvm | node 20 | raw `Network` | kvm/node (goal ≥ 1) | kvm/raw |\n\
         |---|---|---|---|---|---|\n"
    );
    let rows: [Row; 3] = [
        (
            format!("sequential GET `/bytes?n={SMALL_BYTES}`, body read, {SMALL} a round"),
            "req/s",
            |f| f.rps,
        ),
        (
            format!("`/bytes?n={large_mib}MiB` body read chunk by chunk, headers to end, {LARGE} a round"),
            "MiB/s",
            |f| f.body_mibps,
        ),
        (
            format!("the same downloads whole (server's {sample_ms:.0} ms body build included)"),
            "MiB/s",
            |f| f.whole_mibps,
        ),
    ];
    for (name, unit, figure) in rows {
        let med = |runs: &[Figures]| median(runs.iter().map(figure).collect());
        let (k, n, r) = (med(&kvm_runs), med(&node_runs), med(&raw_runs));
        table += &format!(
            "| {name} | {k:.0} {unit} | {n:.0} {unit} | {r:.0} {unit} | {:.2}× | {:.2}× |\n",
            k / n,
            k / r
        );
    }
    table += &format!(
        "\nTimed inside each script with `performance.now()` around each loop (process start-up \
         excluded), after {WARMUP} untimed small requests; one loopback server (TCP_NODELAY) for \
         all; rounds alternate kvm, node, raw; {elapsed:.0} s in all.\n"
    );
    let out = top.join("target/bench-fetch.md");
    std::fs::write(&out, &table).unwrap();
    println!("{table}\n(written to {})", out.display());
}
