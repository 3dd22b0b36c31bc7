//! Shared test helpers: run the `kvm` binary with a clean environment (no host `COZY_*`
//! leaks in), in a fresh folder per test, and read its report.
#![allow(dead_code)]

pub mod bundle;
pub mod demo_konnector;
pub mod example_servers;
pub mod saved_data;
pub mod server;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

use server::TestServer;

/// The workspace's top folder.
pub fn top() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

pub fn fixture(name: &str) -> PathBuf {
    top().join("tests/fixtures").join(name)
}

/// A fresh folder holding the test's scripts.
pub struct Dir {
    pub dir: tempfile::TempDir,
}

impl Dir {
    pub fn new() -> Self {
        Dir {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `contents` at `name` (folders created) and returns its path.
    pub fn write(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        path
    }
}

pub struct KvmCmd {
    cmd: Command,
}

impl KvmCmd {
    pub fn new() -> Self {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_kvm"));
        cmd.env_clear();
        cmd.env("PATH", std::env::var_os("PATH").unwrap_or_default());
        KvmCmd { cmd }
    }

    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.cmd.args(args);
        self
    }

    pub fn arg(mut self, arg: impl AsRef<std::ffi::OsStr>) -> Self {
        self.cmd.arg(arg);
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.cmd.env(key, value);
        self
    }

    pub fn output(mut self) -> Run {
        let output = self.cmd.output().unwrap();
        Run { output }
    }

    /// Starts it in `dir` with stdin and stdout piped (`kvm worker`); stderr is the test's.
    pub fn spawn_piped(mut self, dir: &Path) -> std::process::Child {
        use std::process::Stdio;
        self.cmd
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap()
    }

    /// Runs with `--report` and returns the parsed report alongside the output.
    pub fn report(self, dir: &Dir) -> (Run, Value) {
        let path = dir.path().join("report.json");
        let run = self.arg("--report").arg(&path).output();
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("no report ({e}); {}", run.describe()));
        (run, serde_json::from_str(&text).unwrap())
    }
}

pub struct Run {
    pub output: Output,
}

impl Run {
    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    pub fn describe(&self) -> String {
        format!(
            "exit {}\n--- stdout\n{}\n--- stderr\n{}",
            self.code(),
            self.stdout(),
            self.stderr()
        )
    }

    /// Asserts the exit status, showing the output when it differs.
    pub fn assert_code(&self, expected: i32) -> &Self {
        assert_eq!(self.code(), expected, "{}", self.describe());
        self
    }

    /// The JSON records printed on stdout.
    pub fn records(&self) -> Vec<Value> {
        self.stdout()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l:?}")))
            .collect()
    }

    /// What the script printed on its stdout: the messages of the records, one per line,
    /// without the `warning`s that stderr lines become.
    pub fn messages(&self) -> String {
        self.records()
            .iter()
            .filter(|r| r["type"] != "warning")
            .map(|r| r["message"].as_str().unwrap().to_string() + "\n")
            .collect()
    }
}

/// A loopback test server on its own runtime, kept alive as long as this value, for tests
/// that run the `kvm` binary (or node) against it.
pub struct Server {
    pub server: TestServer,
    _runtime: tokio::runtime::Runtime,
}

impl Server {
    pub fn start() -> Server {
        Server::start_with(TestServer::start)
    }

    /// HTTPS with a self-signed certificate for `names`, which kvm does not trust.
    pub fn start_tls(names: &[&str]) -> Server {
        Server::start_with(|| async { TestServer::start_tls(names).await.0 })
    }

    fn start_with<F: std::future::Future<Output = TestServer>>(
        start: impl FnOnce() -> F,
    ) -> Server {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let server = runtime.block_on(start());
        Server {
            server,
            _runtime: runtime,
        }
    }

    pub fn url(&self, path: &str) -> String {
        self.server.url(path)
    }

    /// The `--allow` argument reaching it.
    pub fn allow(&self) -> String {
        self.server.addr().to_string()
    }
}

/// Runs `script` (a path) under node 20, in its folder, and returns stdout.
/// The URLs of the requests a run's report lists, in order.
pub fn request_urls(report: &Value) -> Vec<&str> {
    report["requests"]
        .as_array()
        .expect("the report lists requests")
        .iter()
        .map(|r| r["url"].as_str().unwrap())
        .collect()
}

pub fn node(script: &Path) -> String {
    node_with(script, &[])
}

/// `node script args...` in the script's folder, with nothing of the test's environment but
/// `PATH`.
pub fn node_command(script: &Path, args: &[&str]) -> Command {
    let mut command = Command::new("node");
    command
        .arg(script)
        .args(args)
        .current_dir(script.parent().unwrap())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default());
    command
}

/// Runs `script` with `args` under node 20, in its folder, and returns stdout.
pub fn node_with(script: &Path, args: &[&str]) -> String {
    let output = node_command(script, args)
        .output()
        .expect("node 20 is installed (see README)");
    // Shown with a failing test's output, where a script's crash under node explains a diff.
    eprint!("{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Where two outputs part: the first differing line and the next few, node's then kvm's.
pub fn first_difference(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<_>, Vec<_>) = (expected.lines().collect(), actual.lines().collect());
    let first = e
        .iter()
        .zip(&a)
        .position(|(x, y)| x != y)
        .unwrap_or(e.len().min(a.len()));
    let show = |lines: &[&str]| {
        lines
            .iter()
            .skip(first)
            .take(5)
            .map(|l| format!("  {l}\n"))
            .collect::<String>()
    };
    format!("line {}:\nnode:\n{}kvm:\n{}", first + 1, show(&e), show(&a))
}

/// The records of a run's stdout (kvm's, or a node konnector's cozy-logger lines), debug
/// ones left out, as `type: message`.
pub fn protocol_records(stdout: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|line| {
            serde_json::from_str::<serde_json::Value>(line)
                .unwrap_or_else(|e| panic!("{e}: {line}"))
        })
        .filter(|record| record["type"] != "debug")
        .map(|record| {
            // cozy-logger's `warn` is the protocol's `warning`, as kvm writes it.
            let level = match record["type"].as_str().unwrap() {
                "warn" => "warning",
                level => level,
            };
            format!("{level}: {}", record["message"].as_str().unwrap())
        })
        .collect()
}
