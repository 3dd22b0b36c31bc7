//! Start-up cost (issue 2), each figure a ratio against a baseline measured in the same run:
//! (1) whole-process wall time and peak RSS of `kvm examples/hello` vs `node` running the
//!     same script, alternating runs;
//! (2) in-process cost of creating, running and dropping one isolate with all its globals
//!     (median of 1,000 runs of an empty script).
//! Each figure also has its CPU time (user + system, all threads), which a machine busy with
//! other work inflates far less than wall time.
//! Run: `cargo bench --bench startup` (writes target/bench-startup.md and prints it);
//! `cargo bench --bench startup -- isolate` measures (2) only and prints it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

mod common;

use common::median;

const ROUNDS: usize = 30;
const ISOLATES: usize = 1000;

/// User + system time in `usage`.
fn cpu(usage: &libc::rusage) -> Duration {
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    time(usage.ru_utime) + time(usage.ru_stime)
}

/// This process's CPU time so far, all its threads.
fn own_cpu() -> Duration {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `usage` is a valid out-pointer.
    assert_eq!(unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) }, 0);
    cpu(&usage)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Wall time, CPU time and peak RSS (KiB) of one child process, from wait4's rusage.
// The child is reaped by wait4 (std's wait() gives no rusage).
#[allow(clippy::zombie_processes)]
fn measure(program: &Path, args: &[&Path]) -> (Duration, Duration, i64) {
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
    (started.elapsed(), cpu(&usage), usage.ru_maxrss)
}

/// Median wall and CPU time (ms) of creating, running and dropping one isolate for an empty
/// script, in this process.
fn isolate_ms() -> (f64, f64) {
    let empty = tempfile::tempdir().unwrap();
    let empty_script = empty.path().join("empty.js");
    std::fs::write(&empty_script, "").unwrap();
    let (mut wall, mut cpu) = (Vec::with_capacity(ISOLATES), Vec::with_capacity(ISOLATES));
    let host = kvm::Host::new(kvm::HostConfig::default());
    for _ in 0..ISOLATES {
        let spec = kvm::RunSpec::new(&empty_script);
        let (started, cpu_before) = (Instant::now(), own_cpu());
        let report = host.start(spec, Arc::new(|_, _| {})).wait();
        wall.push(ms(started.elapsed()));
        cpu.push(ms(own_cpu() - cpu_before));
        assert_eq!(report.outcome, kvm::Outcome::Success);
    }
    (median(wall), median(cpu))
}

fn main() {
    let (isolate, isolate_cpu) = isolate_ms();
    let isolate_row = format!(
        "| isolate create+run+drop, median of {ISOLATES} | {isolate:.3} ms (CPU {isolate_cpu:.3} ms) \
         | — | goal ≤ 1 ms |\n"
    );
    if std::env::args().any(|arg| arg == "isolate") {
        println!("{isolate_row}");
        return;
    }

    let top = common::top();
    let kvm = PathBuf::from(env!("CARGO_BIN_EXE_kvm"));
    let node = PathBuf::from("node");
    let script = top.join("examples/hello/index.js");

    let (mut kvm_ms, mut kvm_cpu, mut kvm_rss) = (vec![], vec![], vec![]);
    let (mut node_ms, mut node_cpu, mut node_rss) = (vec![], vec![], vec![]);
    for _ in 0..ROUNDS {
        let (t, c, rss) = measure(&kvm, &[&script]);
        kvm_ms.push(ms(t));
        kvm_cpu.push(ms(c));
        kvm_rss.push(rss as f64 / 1024.0);
        let (t, c, rss) = measure(&node, &[&script]);
        node_ms.push(ms(t));
        node_cpu.push(ms(c));
        node_rss.push(rss as f64 / 1024.0);
    }
    let (km, nm) = (median(kvm_ms), median(node_ms));
    let (kc, nc) = (median(kvm_cpu), median(node_cpu));
    let (kr, nr) = (median(kvm_rss), median(node_rss));

    let table = format!(
        "| figure | kvm | baseline | ratio (goal) |\n|---|---|---|---|\n\
         | `examples/hello` wall, median of {ROUNDS} | {km:.1} ms | node {nm:.1} ms | {:.2}× (≤ 0.25×) |\n\
         | `examples/hello` CPU, median | {kc:.1} ms | node {nc:.1} ms | {:.2}× |\n\
         | `examples/hello` peak RSS, median | {kr:.1} MiB | node {nr:.1} MiB | {:.2}× (≤ 0.25×) |\n\
         {isolate_row}",
        km / nm,
        kc / nc,
        kr / nr,
    );
    let out = top.join("target/bench-startup.md");
    std::fs::write(&out, &table).unwrap();
    println!("{table}\n(written to {})", out.display());
}
