//! Differential tests (DESIGN §7): every script in tests/node-compat/ prints the same
//! thing under node 20 and under kvm. A script's stdout lines are compared with the
//! messages of kvm's log records (stdout text becomes one `debug` record per line).

mod common;

use common::KvmCmd;

#[test]
fn scripts_print_the_same_under_node_and_kvm() {
    let folder = common::top().join("tests/node-compat");
    let mut scripts: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "js" || e == "mjs"))
        .collect();
    scripts.sort();
    assert!(
        scripts.len() >= 10,
        "the corpus is missing: {}",
        folder.display()
    );
    let mut failures = Vec::new();
    for script in &scripts {
        let expected = common::node(script);
        let run = KvmCmd::new()
            .arg(script)
            .args(["--log-format", "json", "--timeout", "30"])
            .output();
        let actual = run.messages();
        if actual != expected {
            failures.push(format!(
                "== {}\n{}",
                script.file_name().unwrap().to_string_lossy(),
                common::first_difference(&expected, &actual)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} scripts differ from node:\n{}",
        failures.len(),
        scripts.len(),
        failures.join("\n")
    );
}
