//! What the benchmarks share: the workspace's folder and the median of a sample.

use std::path::PathBuf;

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
