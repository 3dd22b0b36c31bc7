//! Webpack bundles of the npm projects under tests/npm/ (and benches/), built as
//! cozy-konnector-build ships konnectors by `examples/build-bundle`, which caches each build
//! under target/bundles/. Shared by the tests and the benchmarks.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Builds the npm project in `project` (relative to the workspace) and returns the bundle's
/// path. A missing npm or a failed install is a failure, never a skip: CI installs npm.
pub fn build(project: &str) -> PathBuf {
    let top = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("runtime/ sits in the workspace");
    let script = top.join("examples/build-bundle");
    let output = Command::new(&script)
        .arg(top.join(project))
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", script.display()));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "building the bundle of {project} failed ({}); the bundle tests need node and npm \
         with the npm registry reachable (Debian: apt-get install nodejs npm):\n{stderr}",
        output.status
    );
    let path = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
    assert!(
        path.is_file(),
        "build-bundle printed {path:?}, not a file:\n{stderr}"
    );
    path
}

/// The `node_modules` the bundle of `project` was built from: its dependencies as npm
/// installed them, for running the real libraries under node beside kvm.
#[allow(dead_code)] // the benches include this file and only build
pub fn node_modules(project: &str) -> PathBuf {
    build(project)
        .parent()
        .and_then(Path::parent)
        .expect("a bundle is DIR/dist/index.js")
        .join("node_modules")
}
