//! Heap and time limits (DESIGN §5, issue 2): hostile scripts end with their own outcome and
//! a `critical` line, within a second of the limit, and kvm itself survives.

mod common;

use common::{Dir, KvmCmd, Run};
use serde_json::Value;

/// Runs `source` as a script with `args` and returns the output and the report.
fn run_script(source: &str, args: &[&str]) -> (Run, Value) {
    let dir = Dir::new();
    let script = dir.write("script.js", source);
    KvmCmd::new().arg(&script).args(args).report(&dir)
}

/// Outcome `timeout`, exit status 3, a `critical` TIMEOUT line, within a second of 1 s.
fn assert_timed_out_after_1s(run: &Run, report: &Value) {
    run.assert_code(3);
    assert_eq!(report["outcome"], "timeout");
    assert_eq!(last_critical(report), "TIMEOUT");
    assert_ended_near(report, 1000);
}

fn last_critical(report: &Value) -> String {
    report["error"].as_str().unwrap_or_default().to_string()
}

/// The deadline is enforced within one second of the limit (the report's own clock).
fn assert_ended_near(report: &Value, limit_ms: u64) {
    let wall = report["stats"]["wall_ms"].as_u64().unwrap();
    assert!(
        (limit_ms..limit_ms + 1000).contains(&wall),
        "ended after {wall} ms, limit {limit_ms} ms"
    );
}

#[test]
fn busy_loop_times_out() {
    let (run, report) = run_script("console.log('start'); while (true) {}", &["--timeout", "1"]);
    assert_timed_out_after_1s(&run, &report);
}

#[test]
fn catching_does_not_escape_the_deadline() {
    let (run, report) = run_script(
        "for (;;) { try { for (;;) {} } catch (e) {} finally { continue; } }",
        &["--timeout", "1"],
    );
    assert_timed_out_after_1s(&run, &report);
}

#[test]
fn waiting_on_a_pending_promise_and_a_long_timer_times_out() {
    let (run, report) = run_script(
        "setTimeout(() => {}, 3600 * 1000); new Promise(() => {}).then(() => console.log('no'));",
        &["--timeout", "1"],
    );
    assert_timed_out_after_1s(&run, &report);
}

#[test]
fn sigterm_reaches_listeners_before_the_deadline() {
    // A tenth of the time before the deadline, like the stack's kill; the run still ends
    // at its deadline. Without a listener nothing is noticed (the timer test above).
    let (run, report) = run_script(
        "const t0 = Date.now();
         process.on('SIGTERM', (sig) => console.log(sig, Date.now() - t0 >= 800));
         setInterval(() => {}, 1000);",
        &["--timeout", "1"],
    );
    assert_timed_out_after_1s(&run, &report);
    assert_eq!(run.messages(), "SIGTERM true\nTIMEOUT\n");
    let warned = run.records().iter().any(|r| {
        r["type"] == "warning" && r["message"].as_str().unwrap().starts_with("SIGTERM sent")
    });
    assert!(warned, "{}", run.describe());
}

#[test]
fn cozy_time_limit_is_the_default_deadline() {
    let dir = Dir::new();
    let script = dir.write("wait.js", "setTimeout(() => {}, 3600 * 1000)");
    let (run, report) = KvmCmd::new()
        .env("COZY_TIME_LIMIT", "1")
        .arg(&script)
        .report(&dir);
    run.assert_code(3);
    assert_ended_near(&report, 1000);
}

#[test]
fn heap_bomb_ends_out_of_memory() {
    let (run, report) = run_script(
        "const keep = []; for (;;) keep.push(new Array(100000).fill(1.5));",
        &["--max-heap", "32"],
    );
    run.assert_code(4);
    assert_eq!(report["outcome"], "out_of_memory");
    assert_eq!(last_critical(&report), "MEMORY_LIMIT");
    let peak = report["stats"]["peak_heap_bytes"].as_u64().unwrap();
    assert!(
        peak <= 32 * 1024 * 1024 && peak > 16 * 1024 * 1024,
        "{peak}"
    );
}

#[test]
fn catching_out_of_memory_does_not_escape_the_cap() {
    let (run, report) = run_script(
        r#"
        const keep = [];
        for (;;) {
          try { keep.push('x'.repeat(1 << 20) + keep.length); } catch (e) { console.log('caught', e.message); }
        }
        "#,
        &["--max-heap", "16", "--timeout", "20"],
    );
    run.assert_code(4);
    assert_eq!(report["outcome"], "out_of_memory");
}

#[test]
fn deep_recursion_is_a_catchable_range_error() {
    let (run, report) = run_script(
        r#"
        function down(n) { return down(n + 1) + 1; }
        try { down(0); } catch (e) { console.log(e instanceof RangeError, e.message); }
        const nested = JSON.parse('['.repeat(100000) + ']'.repeat(100000));
        "#,
        &[],
    );
    assert_eq!(
        run.stdout()
            .lines()
            .next()
            .map(|l| serde_json::from_str::<Value>(l).unwrap()["message"].clone()),
        Some("true Maximum call stack size exceeded".into()),
        "{}",
        run.describe()
    );
    // The uncaught one (JSON nesting) fails the run cleanly rather than crashing kvm.
    run.assert_code(1);
    assert!(last_critical(&report).contains("RangeError"), "{report}");
}
