//! Start-up cost (issue 2), each figure a ratio against a baseline measured in the same run:
//! (1) whole-process wall time and peak RSS of `kvm examples/hello` vs `node` running the
//!     same script, alternating runs;
//! (2) in-process cost of creating, running and dropping one isolate with all its globals
//!     (median of 1,000 runs of an empty script).
//! Run: `cargo bench --bench startup` (writes target/bench-startup.md and prints it).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

mod common;

use common::median;

const ROUNDS: usize = 30;
const ISOLATES: usize = 1000;

/// Wall time and peak RSS (KiB) of one child process, from wait4's rusage.
// The child is reaped by wait4 (std's wait() gives no rusage).
#[allow(clippy::zombie_processes)]
fn measure(program: &Path, args: &[&Path]) -> (Duration, i64) {
    let started = Instant::now();
    let child = Command::new(program)
        .args(args)
        .env_clear()
        .env("COZY_FIELDS", r#"{"login":"bench"}"#)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{}: {e}", program.display()));
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child; `usage` is a valid out-pointer.
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as i32);
    assert_eq!(status, 0, "{} failed", program.display());
    (started.elapsed(), usage.ru_maxrss)
}

fn main() {
    let top = common::top();
    let kvm = PathBuf::from(env!("CARGO_BIN_EXE_kvm"));
    let node = PathBuf::from("node");
    let script = top.join("examples/hello/index.js");

    let (mut kvm_ms, mut kvm_rss, mut node_ms, mut node_rss) = (vec![], vec![], vec![], vec![]);
    for _ in 0..ROUNDS {
        let (t, rss) = measure(&kvm, &[&script]);
        kvm_ms.push(t.as_secs_f64() * 1000.0);
        kvm_rss.push(rss as f64 / 1024.0);
        let (t, rss) = measure(&node, &[&script]);
        node_ms.push(t.as_secs_f64() * 1000.0);
        node_rss.push(rss as f64 / 1024.0);
    }
    let (km, nm) = (median(kvm_ms), median(node_ms));
    let (kr, nr) = (median(kvm_rss), median(node_rss));

    let empty = tempfile::tempdir().unwrap();
    let empty_script = empty.path().join("empty.js");
    std::fs::write(&empty_script, "").unwrap();
    let mut isolate_ms = Vec::with_capacity(ISOLATES);
    let host = kvm::Host::new(kvm::HostConfig::default());
    for _ in 0..ISOLATES {
        let spec = kvm::RunSpec::new(&empty_script);
        let started = Instant::now();
        let report = host.start(spec, Arc::new(|_, _| {})).wait();
        isolate_ms.push(started.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(report.outcome, kvm::Outcome::Success);
    }
    let per_isolate = median(isolate_ms);

    let table = format!(
        "| figure | kvm | baseline | ratio (goal) |\n|---|---|---|---|\n\
         | `examples/hello` wall, median of {ROUNDS} | {km:.1} ms | node {nm:.1} ms | {:.2}× (≤ 0.25×) |\n\
         | `examples/hello` peak RSS, median | {kr:.1} MiB | node {nr:.1} MiB | {:.2}× (≤ 0.25×) |\n\
         | isolate create+run+drop, median of {ISOLATES} | {per_isolate:.3} ms | — | goal ≤ 1 ms |\n",
        km / nm,
        kr / nr,
    );
    let out = top.join("target/bench-startup.md");
    std::fs::write(&out, &table).unwrap();
    println!("{table}\n(written to {})", out.display());
}
