//! The real npm library set (issue 4): lodash, moment, cheerio, bluebird, tough-cookie,
//! form-data, qs and iconv-lite, installed from the npm registry and bundled by webpack for
//! target node (tests/npm/libset/), each doing real work with deterministic results. The
//! bundle must print the same lines under node 20 and kvm and end with status 0.

mod common;

use std::process::Command;

use common::KvmCmd;

/// The sections tests/npm/libset/src/index.js prints, one per library, in order.
const LIBRARIES: [&str; 8] = [
    "lodash",
    "moment",
    "cheerio",
    "bluebird",
    "tough-cookie",
    "form-data",
    "qs",
    "iconv-lite",
];

#[test]
fn the_library_set_bundle_prints_the_same_under_node_and_kvm() {
    let bundle = common::bundle::build("tests/npm/libset");

    let node = Command::new("node")
        .arg(&bundle)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .output()
        .expect("node 20 is installed (see README)");
    let expected = String::from_utf8_lossy(&node.stdout).into_owned();
    assert!(
        node.status.success() && expected.ends_with("done\n"),
        "the bundle fails under node itself ({}):\n{expected}\n{}",
        node.status,
        String::from_utf8_lossy(&node.stderr)
    );
    for library in LIBRARIES {
        assert!(
            expected
                .lines()
                .any(|l| l.starts_with(&format!("{library} "))),
            "node printed nothing for {library}:\n{expected}"
        );
    }

    let run = KvmCmd::new()
        .arg(&bundle)
        .args(["--log-format", "json", "--timeout", "120"])
        .output();
    run.assert_code(0);
    let actual = run.messages();
    assert!(
        actual == expected,
        "kvm's output differs from node's at {}\n(full kvm run: {})",
        common::first_difference(&expected, &actual),
        run.describe()
    );
}
