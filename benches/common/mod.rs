//! What the benchmarks share: the workspace's folder, the median of a sample, and a child
//! process timed and measured to its end.

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Instant;

pub fn top() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("runtime/ sits in the workspace")
        .to_path_buf()
}

pub fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    values[values.len() / 2]
}

/// What a script wrote to its stdout under kvm: the messages of the `debug` records kvm
/// printed as JSON lines (`--log-format json`).
#[allow(dead_code)] // each bench compiles this module; only some read kvm's output
pub fn printed(kvm_stdout: &str) -> String {
    kvm_stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|record| record["type"] == "debug")
        .map(|record| format!("{}\n", record["message"].as_str().unwrap()))
        .collect()
}

/// One child process run to its end.
#[allow(dead_code)] // each bench compiles this module; only some spawn processes
pub struct Finished {
    pub wall_ms: f64,
    pub peak_rss_mib: f64,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `command` to its end, its outputs captured; panics unless it exits 0. Its peak RSS
/// is wait4's: Linux counts a child's memory before its exec, so call it while the bench's
/// own process is small.
// The child is reaped by wait4 (std's wait() gives no rusage).
#[allow(dead_code, clippy::zombie_processes)]
pub fn run_to_end(command: &mut Command) -> Finished {
    let started = Instant::now();
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{command:?}: {e}"));
    // The outputs are small (a run's log): reading one to its end cannot block the other.
    let (mut stdout, mut stderr) = (String::new(), String::new());
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child; `usage` is a valid out-pointer.
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as i32);
    assert_eq!(status, 0, "{command:?} failed:\n{stdout}\n{stderr}");
    Finished {
        wall_ms: started.elapsed().as_secs_f64() * 1000.0,
        peak_rss_mib: usage.ru_maxrss as f64 / 1024.0,
        stdout,
        stderr,
    }
}
