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
