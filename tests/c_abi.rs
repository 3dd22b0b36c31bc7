//! The C ABI (`runtime/src/capi/`): its header is the one cbindgen generates, a C program
//! drives the bare ABI from several threads, and the Go example (`examples/go/`) links it
//! through cgo and runs two konnectors at once.

mod common;

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

const HEADER: &str = "runtime/include/kvm.h";

#[test]
fn the_committed_header_is_the_generated_one() {
    let runtime = common::top().join("runtime");
    let config = cbindgen::Config::from_file(runtime.join("cbindgen.toml")).unwrap();
    let bindings = cbindgen::Builder::new()
        .with_config(config)
        .with_src(runtime.join("src/capi/mod.rs"))
        .generate()
        .expect("cbindgen reads runtime/src/capi/");
    let mut generated = Vec::new();
    bindings.write(&mut generated);
    let path = common::top().join(HEADER);
    if std::env::var_os("KVM_WRITE_HEADER").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{HEADER} is not what cbindgen makes of runtime/src/capi/: regenerate it with \
         `KVM_WRITE_HEADER=1 cargo test --test c_abi` and commit it"
    );
}

/// The folder holding the `libkvm.so` and `libkvm.a` built with the library this test links:
/// the `deps/` folder it runs from (`cargo build` also copies them one folder up, but
/// `cargo test` alone does not).
fn library_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().to_path_buf();
    assert!(
        dir.join("libkvm.so").is_file(),
        "no libkvm.so in {}: runtime/Cargo.toml's [lib] crate-type must include cdylib",
        dir.display()
    );
    dir
}

/// Links `-lkvm` dynamically, finding it again at run time without LD_LIBRARY_PATH.
fn link_flags() -> [String; 2] {
    let dir = library_dir();
    [
        format!("-L{}", dir.display()),
        format!("-Wl,-rpath,{}", dir.display()),
    ]
}

/// A konnector that logs once, then waits on a timer far past any test.
const LONG_RUN: &str = "console.log('started'); setInterval(() => {}, 1000);\n";

#[test]
fn a_c_program_drives_the_bare_abi_from_several_threads() {
    let dir = common::Dir::new();
    let program = dir.path().join("capi_test");
    let top = common::top();
    let built = Command::new("cc")
        .args(["-std=c11", "-Wall", "-Wextra", "-Werror", "-pthread", "-o"])
        .arg(&program)
        .arg(top.join("tests/c/capi_test.c"))
        .arg(format!("-I{}", top.join("runtime/include").display()))
        .args(link_flags())
        .arg("-lkvm")
        .output()
        .expect("cc (gcc) runs: apt-get install gcc");
    assert!(
        built.status.success(),
        "tests/c/capi_test.c does not build:\n{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let long_run = dir.write("long.js", LONG_RUN);
    let ran = Command::new(&program)
        .arg(top.join("examples/hello"))
        .arg(&long_run)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&ran.stdout);
    assert!(
        ran.status.success(),
        "capi_test failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&ran.stderr)
    );
    let lines = Lines(stdout.lines().collect());

    for name in ["ada", "grace"] {
        let report = lines.report(name);
        assert_eq!(report["outcome"], "success", "{report}");
        assert_eq!(report["id"], format!("hello-{name}"));
        let logs = report["logs"].as_array().unwrap();
        assert!(
            logs.iter()
                .any(|r| r["message"] == format!("Hello, {name}!")),
            "{report}"
        );
        // The callback saw each record the report holds, as it happened.
        assert_eq!(lines.number(&format!("records {name}")), logs.len() as f64);
    }

    let config_error: Value = serde_json::from_str(lines.value("error config")).unwrap();
    assert!(
        config_error["error"]
            .as_str()
            .unwrap()
            .contains("timeout_mss"),
        "{config_error}"
    );
    for (name, id, names) in [
        ("bad_json", "", "run request: invalid JSON"),
        ("unknown_field", "u1", "unknown field `colour`"),
        ("null_request", "", "request_json is NULL"),
        ("null_host", "", "kvm_run: host is NULL"),
        ("not_utf8", "", "request_json is not UTF-8"),
        (
            "duplicate_id",
            "long",
            "id \"long\" is already running on this host",
        ),
    ] {
        let report = lines.report(name);
        assert_eq!(report["outcome"], "crashed", "{report}");
        assert_eq!(report["id"], id, "{report}");
        assert!(
            report["error"].as_str().unwrap().contains(names),
            "{name}: {report}"
        );
    }
    assert_eq!(lines.number("cancel_result null_id"), -1.0);
    assert_eq!(lines.number("cancel_result unknown_id"), 0.0);

    assert_eq!(lines.number("cancel_result long"), 1.0);
    let cancelled = lines.report("long");
    assert_eq!(cancelled["outcome"], "cancelled", "{cancelled}");
    assert!(cancelled["error"]
        .as_str()
        .unwrap()
        .starts_with("CANCELLED"));
    assert!(lines.number("cancel_ms") < 1000.0, "{stdout}");

    // kvm_host_free with a run going: the run ends cancelled, and the host goes quickly.
    assert_eq!(lines.report("last")["outcome"], "cancelled");
    assert!(lines.number("free_ms") < 1000.0, "{stdout}");
}

/// The lines a test program printed, `KEY... VALUE`.
struct Lines<'a>(Vec<&'a str>);

impl Lines<'_> {
    fn value(&self, key: &str) -> &str {
        let prefix = format!("{key} ");
        self.0
            .iter()
            .find_map(|line| line.strip_prefix(&prefix))
            .unwrap_or_else(|| panic!("no line {key:?} in:\n{}", self.0.join("\n")))
    }

    fn number(&self, key: &str) -> f64 {
        self.value(key).parse().unwrap()
    }

    fn report(&self, name: &str) -> Value {
        serde_json::from_str(self.value(&format!("report {name}"))).unwrap()
    }
}

#[test]
fn the_go_example_runs_two_konnectors_at_once_through_cgo() {
    let example = common::top().join("examples/go");
    let cache = library_dir().parent().unwrap().join("go");
    let program = common::Dir::new();
    let binary = program.path().join("embed");
    // Offline, and writing nothing outside the target folder (examples/go/README.md).
    let built = Command::new("go")
        .args(["build", "-o"])
        .arg(&binary)
        .arg(".")
        .current_dir(&example)
        .env("GOFLAGS", "-mod=mod")
        .env("GOPROXY", "off")
        .env("GOCACHE", cache.join("cache"))
        .env("GOPATH", cache.join("path"))
        .env("CGO_ENABLED", "1")
        // Ahead of the example's own flags: this test's build of the library.
        .env("CGO_LDFLAGS", link_flags().join(" "))
        .output();
    let built = match built {
        Ok(built) => built,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            panic!("`go` is not installed: apt-get install golang-go (.ci/run does)")
        }
        Err(e) => panic!("cannot run go: {e}"),
    };
    assert!(
        built.status.success(),
        "examples/go does not build:\n{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let ran = Command::new(&binary)
        .current_dir(&example)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&ran.stdout);
    assert!(
        ran.status.success(),
        "examples/go failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&ran.stderr)
    );
    let lines: Vec<&str> = stdout.lines().collect();
    for expected in [
        "[hello] info: Hello, ada!",
        "[hello] info: done",
        "[counter] info: tick 1 of 3",
        "[counter] info: counted to 3",
    ] {
        assert!(lines.contains(&expected), "no {expected:?} in:\n{stdout}");
    }
    // Records arrive as they happen: every one is printed before the reports.
    let first_report = lines.iter().position(|l| l.starts_with("report ")).unwrap();
    assert!(lines[..first_report].iter().all(|l| l.starts_with('[')));
    for id in ["hello", "counter"] {
        let prefix = format!("report {id}: success, 4 records, ");
        assert!(
            lines.iter().any(|l| l.starts_with(&prefix)),
            "no {prefix:?} in:\n{stdout}"
        );
    }
}
