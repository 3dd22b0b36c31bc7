//! Snapshots (insta) of the reports of the example scripts, through the library API, with
//! dates, timings, heap sizes and local paths redacted (DESIGN §7).

mod common;

use std::sync::Arc;
use std::time::Duration;

use kvm::{Host, HostConfig, JobEnv, LimitOverrides, RunReport, RunSpec};

fn run(script: std::path::PathBuf, env: JobEnv, limits: LimitOverrides) -> RunReport {
    let spec = RunSpec {
        id: Some("snapshot".into()),
        env,
        limits,
        ..RunSpec::new(script)
    };
    Host::new(HostConfig::default())
        .start(spec, Arc::new(|_, _| {}))
        .wait()
}

fn assert_report(name: &str, report: &RunReport) {
    let mut settings = insta::Settings::clone_current();
    settings.add_redaction(".started_at", "[date]");
    settings.add_redaction(".ended_at", "[date]");
    settings.add_redaction(".stats.wall_ms", "[ms]");
    settings.add_redaction(".stats.cpu_ms", "[ms]");
    settings.add_redaction(".stats.peak_heap_bytes", "[bytes]");
    settings.add_filter(&regex_escape(&common::top().display().to_string()), "[top]");
    // Frames inside the shims move whenever a shim is edited: keep the script's own.
    settings.add_filter(r"\\n    at [^\\]*\((node:[^)]*|native)\)", "");
    settings.bind(|| insta::assert_json_snapshot!(name, report));
}

fn regex_escape(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '/' || c == '_' || c == '-' {
                c.to_string()
            } else {
                format!("\\{c}")
            }
        })
        .collect()
}

#[test]
fn hello_report() {
    let env = JobEnv {
        fields: Some(serde_json::json!({"login": "ada"})),
        ..JobEnv::default()
    };
    let report = run(
        common::top().join("examples/hello"),
        env,
        LimitOverrides::default(),
    );
    assert_report("hello", &report);
}

#[test]
fn uncaught_error_report() {
    let report = run(
        common::fixture("uncaught.js"),
        JobEnv::default(),
        LimitOverrides::default(),
    );
    assert_report("uncaught", &report);
}

#[test]
fn timeout_report() {
    let limits = LimitOverrides {
        timeout: Some(Duration::from_millis(300)),
        ..LimitOverrides::default()
    };
    let report = run(common::fixture("never_ends.js"), JobEnv::default(), limits);
    assert_report("timeout", &report);
}
