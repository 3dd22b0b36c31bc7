//! Many runs at once (issue 9's benchmark, issue 7 figure (d)): `kvm worker --concurrency 8`
//! fed a stream of run requests, against spawning `node konnector.js` per run with 8
//! processes at a time, same machine, same bench run. Two konnectors:
//! - small: requires a generated 1 MiB bundle, makes 3 requests to a loopback server
//!   started here (`--allow`ed), logs 20 lines;
//! - the example konnector (`examples/demo-konnector`, built by `examples/build-bundle`)
//!   against the demo vendor site, saving into kvm's local Cozy served on loopback (the
//!   same for both; each run a Cozy of its own, so every run does a first run's work);
//!   on kvm as that bundle, and as its source over kvm's own cozy-konnector-libs (issue 8;
//!   the token stays in the worker), both against node running the bundle.
//!
//! Figures: runs per second (timed from the first request to the last report, after a
//! warm-up of 8 untimed runs: the bytecode cache filled, node's files in the page cache);
//! memory per concurrent run: the worker's peak RSS (`VmHWM`) divided by 8, against the
//! median of node's per-process peak RSS.
//! Run: `cargo bench --bench worker` (writes target/bench-worker.md and prints it).

mod common;

#[path = "../tests/common/bundle.rs"]
mod bundle;
#[path = "../tests/common/demo_konnector.rs"]
mod demo_konnector;
#[path = "../tests/common/example_servers.rs"]
#[allow(dead_code)]
mod example_servers;
#[path = "../tests/common/server.rs"]
#[allow(dead_code)]
mod server;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use common::{median, top};
use example_servers::{DemoVendor, ServedCozy};
use serde_json::{json, Value};
use server::TestServer;

const CONCURRENCY: usize = 8;
const MIB: f64 = 1024.0 * 1024.0;

/// A konnector as each contender runs it; run `n` (from 0, warm-up runs first) gets
/// `request(n)` or `node_env(n)`.
struct Konnector<'a> {
    /// Request fields for the worker beyond `id`: `konnector`, `env`, `args`.
    request: Box<dyn Fn(usize) -> Value + Sync + 'a>,
    /// Options of `kvm worker` beyond `--concurrency` and `--cache-dir`.
    worker_args: Vec<String>,
    /// `node`'s arguments, and the environment of each node process.
    node_args: Vec<String>,
    node_env: Box<dyn Fn(usize) -> Vec<(String, String)> + Sync + 'a>,
    /// Timed runs: kvm's, node's (sized to take seconds, not minutes).
    kvm_runs: usize,
    node_runs: usize,
}

#[derive(Debug, Clone, Copy)]
struct Figures {
    runs_per_s: f64,
    /// Bytes of RSS per concurrent run.
    rss_per_run: f64,
}

/// Runs `konnector` through one `kvm worker`: warm-up, then `kvm_runs` timed runs.
fn kvm_worker(kvm: &Path, konnector: &Konnector, cache: &Path) -> Figures {
    let mut child = Command::new(kvm)
        .arg("worker")
        .arg(format!("--concurrency={CONCURRENCY}"))
        .arg("--cache-dir")
        .arg(cache)
        .args(&konnector.worker_args)
        .env_clear()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the release kvm binary starts");
    let mut stdin = child.stdin.take().unwrap();
    let mut events = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut sent = 0;
    let mut send = move |id: String| {
        let mut request = (konnector.request)(sent);
        sent += 1;
        request["id"] = id.into();
        writeln!(stdin, "{request}").unwrap();
    };
    let mut reports = |n: usize| {
        for _ in 0..n {
            let report = loop {
                let line = events
                    .next()
                    .expect("the worker reports every run")
                    .unwrap();
                let event: Value = serde_json::from_str(&line).unwrap();
                match event["event"].as_str() {
                    Some("report") => break event,
                    Some("log") => continue,
                    _ => panic!("the worker refused a request: {event}"),
                }
            };
            assert_eq!(report["outcome"], "success", "{report}");
        }
    };

    // One run alone first: it fills the cache (and the Cozy) before any other starts.
    send("warm-0".into());
    reports(1);
    for i in 1..CONCURRENCY {
        send(format!("warm-{i}"));
    }
    reports(CONCURRENCY - 1);
    let started = Instant::now();
    for i in 0..konnector.kvm_runs {
        send(format!("run-{i}"));
    }
    reports(konnector.kvm_runs);
    let elapsed = started.elapsed().as_secs_f64();
    let peak = peak_rss(child.id());
    drop(send);
    assert!(child.wait().unwrap().success(), "the worker exits 0 at EOF");
    Figures {
        runs_per_s: konnector.kvm_runs as f64 / elapsed,
        rss_per_run: peak / CONCURRENCY as f64,
    }
}

/// The peak resident set of a live process, in bytes (`VmHWM`).
fn peak_rss(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kib: f64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("/proc/PID/status has VmHWM");
    kib * 1024.0
}

/// Runs `konnector` under node, one process per run, `CONCURRENCY` at a time: warm-up, then
/// `node_runs` timed runs.
fn node_per_run(konnector: &Konnector) -> Figures {
    let run_all = |first: usize, runs: usize| {
        let next = AtomicUsize::new(0);
        let peaks = Mutex::new(Vec::with_capacity(runs));
        std::thread::scope(|scope| {
            for _ in 0..CONCURRENCY {
                scope.spawn(|| loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= runs {
                        return;
                    }
                    let peak = node_once(konnector, first + n);
                    peaks.lock().unwrap().push(peak);
                });
            }
        });
        peaks.into_inner().unwrap()
    };
    node_once(konnector, 0);
    run_all(1, CONCURRENCY - 1);
    let started = Instant::now();
    let peaks = run_all(CONCURRENCY, konnector.node_runs);
    let elapsed = started.elapsed().as_secs_f64();
    Figures {
        runs_per_s: konnector.node_runs as f64 / elapsed,
        rss_per_run: median(peaks),
    }
}

/// One node process to its end; its peak RSS in bytes, from wait4's rusage.
// The child is reaped by wait4 (std's wait() gives no rusage).
#[allow(clippy::zombie_processes)]
fn node_once(konnector: &Konnector, n: usize) -> f64 {
    let child = Command::new("node")
        .args(&konnector.node_args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .envs((konnector.node_env)(n))
        .stdout(Stdio::null())
        // The example konnector's DEP0005 notice on every run.
        .stderr(Stdio::null())
        .spawn()
        .expect("node 20 is installed (see README)");
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child; `usage` is a valid out-pointer.
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as i32);
    assert_eq!(status, 0, "node {:?} failed", konnector.node_args);
    usage.ru_maxrss as f64 * 1024.0
}

/// A JS file of about `bytes` bytes of distinct functions, the same on every run.
fn generated_bundle(bytes: usize) -> String {
    let mut js = String::from("'use strict';\n");
    for i in 0.. {
        if js.len() >= bytes {
            break;
        }
        js += &format!(
            "function f{i}(x) {{ const label = 'generated function number {i}'; \
             return label.length + x * {i}; }}\nexports.f{i} = f{i};\n"
        );
    }
    js
}

const SMALL_KONNECTOR: &str = r#"'use strict';
const lib = require('./bundle.js');
const base = process.argv[2];
(async () => {
  let bytes = 0;
  for (let i = 0; i < 3; i++) {
    const response = await fetch(`${base}/echo?i=${i}`);
    bytes += (await response.text()).length;
  }
  for (let i = 0; i < 20; i++) {
    console.log(JSON.stringify({ type: 'info', message: `line ${i}: ${lib.f1(i)}, ${bytes} bytes` }));
  }
})();
"#;

fn small_konnector(work: &Path, server: &TestServer) -> Konnector<'static> {
    // A folder of its own: the cache must lie outside the konnector's folder.
    let dir = work.join("small");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("bundle.js"), generated_bundle(1 << 20)).unwrap();
    let script = dir.join("konnector.js");
    std::fs::write(&script, SMALL_KONNECTOR).unwrap();
    let base = format!("http://{}", server.addr());
    let request = json!({"konnector": script, "args": [base]});
    Konnector {
        request: Box::new(move |_| request.clone()),
        worker_args: vec!["--allow".into(), server.addr().to_string()],
        node_args: vec![script.display().to_string(), base],
        node_env: Box::new(|_| vec![]),
        kvm_runs: 400,
        node_runs: 48,
    }
}

/// The example konnector against the demo vendor, `kvm_konnector` (its bundle or its source)
/// in the worker and its bundle under node, as many timed runs as `stacks` holds beyond the
/// warm-up's; run `n` saves into `stacks[n]`, a Cozy of its own: the stack never runs one
/// account twice at once (runs saving the same bills at once conflict), and every run then
/// does a first run's work.
fn demo_konnector<'a>(
    kvm_konnector: &Path,
    bundle: &Path,
    site: &DemoVendor,
    stacks: &'a [ServedCozy],
) -> Konnector<'a> {
    let runs = stacks.len() - CONCURRENCY;
    let kvm_konnector = kvm_konnector.to_path_buf();
    let proxy = site.node_env("127.0.0.1");
    Konnector {
        request: Box::new(move |n| {
            let env: serde_json::Map<String, Value> = stacks[n]
                .node_env()
                .into_iter()
                .map(|(name, value)| (name, value.into()))
                .collect();
            json!({"konnector": kvm_konnector, "env": env})
        }),
        worker_args: site.kvm_args(),
        node_args: vec![bundle.display().to_string()],
        node_env: Box::new(move |n| {
            let mut env = stacks[n].node_env();
            env.extend(proxy.iter().cloned());
            env
        }),
        kvm_runs: runs,
        node_runs: runs,
    }
}

fn row(figure: &str, kvm: f64, node: f64, unit: &str, goal: &str) -> String {
    format!(
        "| {figure} | {kvm:.1} {unit} | {node:.1} {unit} | {:.2}× ({goal}) |\n",
        kvm / node
    )
}

fn rows(name: &str, kvm: Figures, node: Figures) -> String {
    row(
        &format!("{name}: runs/s"),
        kvm.runs_per_s,
        node.runs_per_s,
        "runs/s",
        "≥ 10×",
    ) + &row(
        &format!("{name}: peak RSS per concurrent run"),
        kvm.rss_per_run / MIB,
        node.rss_per_run / MIB,
        "MiB",
        "≤ 0.2×",
    )
}

fn main() {
    let kvm = PathBuf::from(env!("CARGO_BIN_EXE_kvm"));
    let work = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let server = runtime.block_on(TestServer::start());
    let mut table = format!(
        "| figure ({CONCURRENCY} runs at once) | kvm worker | node per run | ratio (goal) |\n\
         |---|---|---|---|\n"
    );
    // Each pair of rows is printed as soon as measured.
    let mut add = |name: &str, kvm: Figures, node: Figures| {
        let rows = rows(name, kvm, node);
        print!("{rows}");
        table += &rows;
    };

    let small = small_konnector(work.path(), &server);
    let small_kvm = kvm_worker(&kvm, &small, &work.path().join("cache-small"));
    add(
        "small konnector (1 MiB bundle, 3 requests, 20 lines)",
        small_kvm,
        node_per_run(&small),
    );

    let demo_bundle = bundle::build("examples/demo-konnector");
    let site = DemoVendor::start();
    let config = top().join("examples/demo-konnector/konnector-dev-config.json");
    let config: Value = serde_json::from_slice(&std::fs::read(config).unwrap()).unwrap();
    let fields = config["fields"].as_object().unwrap();
    let (kvm_runs, node_runs) = (24, 16);
    let stacks = |name: &str, runs: usize| -> Vec<ServedCozy> {
        (0..CONCURRENCY + runs)
            .map(|n| ServedCozy::start(&work.path().join(format!("{name}-{n}")), fields.clone()))
            .collect()
    };
    let demo_source = demo_konnector::unbundled(work.path());
    // Each contender's Cozies stop before the next one's start.
    let demo_kvm = |konnector: &Path, name: &str| {
        let stacks = stacks(&format!("cozy-{name}"), kvm_runs);
        let demo = demo_konnector(konnector, &demo_bundle, &site, &stacks);
        kvm_worker(&kvm, &demo, &work.path().join(format!("cache-{name}")))
    };
    let bundle_kvm = demo_kvm(&demo_bundle, "bundle");
    let source_kvm = demo_kvm(&demo_source, "source");
    let node_stacks = stacks("cozy-node", node_runs);
    let demo = demo_konnector(&demo_bundle, &demo_bundle, &site, &node_stacks);
    let node = node_per_run(&demo);
    add("(d) example konnector vs the demo site", bundle_kvm, node);
    add(
        "(d) example konnector, its source on kvm's library (its bundle on node)",
        source_kvm,
        node,
    );

    let out = top().join("target/bench-worker.md");
    std::fs::write(&out, &table).unwrap();
    println!("\n{table}\n(written to {})", out.display());
}
