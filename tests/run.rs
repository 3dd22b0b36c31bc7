//! `kvm <script>`: the Cozy job contract, the output protocol, the run report and exit
//! statuses (issue 2).

mod common;

use common::{Dir, KvmCmd};
use serde_json::Value;

fn types(report: &Value) -> Vec<(String, String)> {
    report["logs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["type"].as_str().unwrap().to_string(),
                r["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn hello_example_runs_and_reports_success() {
    let dir = Dir::new();
    let (run, report) = KvmCmd::new()
        .arg(common::top().join("examples/hello"))
        .args(["--fields", r#"{"login":"ada"}"#])
        .report(&dir);
    run.assert_code(0);
    assert_eq!(report["outcome"], "success");
    assert_eq!(report["error"], Value::Null);
    assert_eq!(report["exit_code"], 0);
    let records = run.records();
    assert_eq!(records[0]["type"], "info");
    assert_eq!(records[0]["message"], "Hello, ada!");
    // cozy-logger fields pass through to the stack.
    assert_eq!(records[0]["label"], "hello");
    assert!(records
        .iter()
        .any(|r| r["type"] == "debug" && r["message"] == "plain text becomes a debug record"));
    assert!(report["stats"]["wall_ms"].is_u64());
    assert!(report["stats"]["peak_heap_bytes"].as_u64().unwrap() > 0);
}

#[test]
fn process_env_holds_the_job_variables_and_nothing_of_the_host() {
    let dir = Dir::new();
    let script = dir.write("env.js", "console.log(JSON.stringify(process.env))");
    let run = KvmCmd::new()
        .env("HOST_SECRET", "do-not-leak")
        .env("COZY_CREDENTIALS", "token-from-env")
        .env("COZY_TIME_LIMIT", "30")
        .arg(&script)
        .args([
            "--url",
            "http://cozy.localhost:8080/",
            "--job-id",
            "job1",
            "--locale",
            "fr",
        ])
        .args(["--fields", r#"{"login":"me"}"#, "--payload", "{}"])
        .arg("--parameters")
        .arg(format!("@{}", dir.write("p.json", r#"{"a":1}"#).display()))
        .output();
    run.assert_code(0);
    let env: Value = serde_json::from_str(&run.messages()).unwrap();
    assert_eq!(
        env,
        serde_json::json!({
            "COZY_URL": "http://cozy.localhost:8080/",
            "COZY_CREDENTIALS": "token-from-env",
            "COZY_FIELDS": r#"{"login":"me"}"#,
            "COZY_PARAMETERS": r#"{"a":1}"#,
            "COZY_PAYLOAD": "{}",
            "COZY_LOCALE": "fr",
            "COZY_TIME_LIMIT": "30",
            "COZY_JOB_ID": "job1",
        })
    );
}

#[test]
fn usage_errors_exit_2_with_one_line_naming_the_cause() {
    let dir = Dir::new();
    let script = dir.write("a.js", "");
    let cases: [(&[&str], &str); 3] = [
        (&["--fields", "{oops"], "--fields: invalid JSON"),
        (&["--bogus"], "--bogus"),
        (
            &["--fields", "@/nonexistent.json"],
            "--fields: cannot read /nonexistent.json",
        ),
    ];
    for (args, cause) in cases {
        let run = KvmCmd::new().arg(&script).args(args).output();
        run.assert_code(2);
        assert!(run.stderr().contains(cause), "{args:?}: {}", run.describe());
    }
    let run = KvmCmd::new().arg(dir.path().join("missing.js")).output();
    run.assert_code(2);
    assert_eq!(run.stderr().lines().count(), 1, "{}", run.describe());
    assert!(run.stderr().contains("missing.js: no such file or folder"));
}

#[test]
fn help_shows_examples_and_exit_statuses() {
    let run = KvmCmd::new().arg("--help").output();
    run.assert_code(0);
    for needle in [
        "kvm script.js",
        "Exit status:",
        "3  the run hit its time limit",
    ] {
        assert!(
            run.stdout().contains(needle),
            "{needle}: {}",
            run.describe()
        );
    }
    let run = KvmCmd::new().args(["run", "--help"]).output();
    assert!(
        run.stdout().contains("--max-heap <MB>"),
        "{}",
        run.describe()
    );
    assert!(
        run.stdout().contains("COZY_TIME_LIMIT"),
        "{}",
        run.describe()
    );
}

#[test]
fn stdout_protocol_lines_pass_through_capped_and_stderr_is_warning() {
    let dir = Dir::new();
    let script = dir.write(
        "out.js",
        r#"
        console.log(JSON.stringify({ type: 'info', message: 'x'.repeat(5000), time: 't' }));
        console.log('{"type":"nope","message":"m"}');
        process.stdout.write('partial ');
        process.stdout.write('line\n');
        console.error('to stderr');
        console.log(JSON.stringify({ type: 'error', message: 'VENDOR_DOWN' }));
        "#,
    );
    let (run, report) = KvmCmd::new().arg(&script).report(&dir);
    run.assert_code(1);
    let records = run.records();
    assert_eq!(records[0]["type"], "info");
    assert_eq!(records[0]["message"].as_str().unwrap().len(), 4000);
    assert_eq!(records[0]["time"], "t");
    assert_eq!(
        types(&report)[1..],
        [
            ("debug".into(), r#"{"type":"nope","message":"m"}"#.into()),
            ("debug".into(), "partial line".into()),
            ("warning".into(), "to stderr".into()),
            ("error".into(), "VENDOR_DOWN".into()),
        ]
    );
    // An `error` line fails the job even with exit code 0, as the stack decides.
    assert_eq!(report["outcome"], "failed");
    assert_eq!(report["exit_code"], 0);
    assert_eq!(report["error"], "VENDOR_DOWN");
}

#[test]
fn pretty_format_prints_one_readable_line_per_record() {
    let dir = Dir::new();
    let script = dir.write("p.js", "console.log('hi'); console.warn('careful')");
    let run = KvmCmd::new()
        .arg(&script)
        .args(["--log-format", "pretty"])
        .output();
    run.assert_code(0);
    let lines: Vec<_> = run.stdout().lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 2, "{}", run.describe());
    assert!(lines[0].ends_with(" debug    hi"), "{lines:?}");
    assert!(lines[1].ends_with(" warning  careful"), "{lines:?}");
    // Not a terminal: no colour codes.
    assert!(!run.stdout().contains('\x1b'));
    assert!(run.stderr().contains("success in"), "{}", run.describe());
}

#[test]
fn process_exit_ends_the_run_at_once_with_its_code() {
    let dir = Dir::new();
    let script = dir.write(
        "exit.js",
        r#"
        process.on('exit', (code) => console.log('exit event', code));
        try { process.exit(7); } catch (e) { console.log('caught', e); } finally { console.log('finally'); }
        console.log('after');
        "#,
    );
    let (run, report) = KvmCmd::new().arg(&script).report(&dir);
    run.assert_code(1);
    assert_eq!(run.messages(), "exit event 7\n");
    assert_eq!(report["outcome"], "failed");
    assert_eq!(report["exit_code"], 7);
}

#[test]
fn exit_code_property_and_exit_listeners() {
    let dir = Dir::new();
    let script = dir.write(
        "code.js",
        "process.exitCode = 3; process.on('exit', c => console.log('bye', c));",
    );
    let (run, report) = KvmCmd::new().arg(&script).report(&dir);
    run.assert_code(1);
    assert_eq!(run.messages(), "bye 3\n");
    assert_eq!(report["exit_code"], 3);
}

#[test]
fn uncaught_throw_in_a_timer_is_critical_with_message_and_stack() {
    let dir = Dir::new();
    let script = dir.write(
        "throw.js",
        "function explode() {\n  throw new Error('boom');\n}\nsetTimeout(() => explode(), 1);\nsetTimeout(() => console.log('never'), 50);\n",
    );
    let (run, report) = KvmCmd::new().arg(&script).report(&dir);
    run.assert_code(1);
    assert_eq!(report["outcome"], "failed");
    assert_eq!(report["exit_code"], 1);
    let error = report["error"].as_str().unwrap();
    assert!(error.starts_with("UNKNOWN_ERROR: Error: boom"), "{error}");
    let path = script.canonicalize().unwrap();
    assert!(
        error.contains(&format!("at explode ({}:2:", path.display())),
        "{error}"
    );
    assert!(!run.stdout().contains("never"));
}

#[test]
fn unhandled_rejection_fails_the_run_and_listeners_can_handle_it() {
    let dir = Dir::new();
    let script = dir.write("rej.js", "Promise.reject(new TypeError('nope'));");
    let (run, report) = KvmCmd::new().arg(&script).report(&dir);
    run.assert_code(1);
    assert!(report["error"]
        .as_str()
        .unwrap()
        .starts_with("UNKNOWN_ERROR: TypeError: nope"));

    let script = dir.write(
        "handled.js",
        r#"
        process.on('unhandledRejection', (r) => console.log('seen', r.message));
        process.on('uncaughtException', (e) => console.log('caught', e.message));
        Promise.reject(new Error('late'));
        setTimeout(() => { throw new Error('in timer'); }, 1);
        const p = Promise.reject(new Error('handled later'));
        p.catch(() => console.log('handled in time'));
        "#,
    );
    let (run, report) = KvmCmd::new().arg(&script).report(&dir);
    run.assert_code(0);
    assert_eq!(
        run.messages(),
        "handled in time\nseen late\ncaught in timer\n"
    );
    assert_eq!(report["outcome"], "success");
}

#[test]
fn syntax_error_fails_with_its_position() {
    let dir = Dir::new();
    let script = dir.write("bad.js", "const a = 1;\nconst b = ;\n");
    let (run, report) = KvmCmd::new().arg(&script).report(&dir);
    run.assert_code(1);
    assert_eq!(report["outcome"], "failed");
    let error = report["error"].as_str().unwrap();
    assert!(error.contains("SyntaxError"), "{error}");
    assert!(error.contains("bad.js:2:"), "{error}");
}

#[test]
fn report_has_the_documented_fields() {
    let dir = Dir::new();
    let script = dir.write("ok.js", "console.log('x')");
    let (_, report) = KvmCmd::new().arg(&script).report(&dir);
    let keys: Vec<_> = report.as_object().unwrap().keys().cloned().collect();
    assert_eq!(
        keys,
        [
            "id",
            "started_at",
            "ended_at",
            "outcome",
            "error",
            "exit_code",
            "logs",
            "stats",
            "requests",
            "denied"
        ]
    );
    assert_eq!(
        report["logs"][0],
        serde_json::json!({"type": "debug", "message": "x"})
    );
    let stats: Vec<_> = report["stats"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(
        stats,
        [
            "wall_ms",
            "cpu_ms",
            "peak_heap_bytes",
            "logs_dropped",
            "requests",
            "denied",
            "bytes_in",
            "bytes_out",
            "files_written",
            "disk_bytes",
            "code_cache_hits",
            "code_cache_writes",
        ]
    );
    for stat in stats {
        assert!(report["stats"][&stat].is_u64(), "{stat}");
    }
}

fn stat(report: &Value, name: &str) -> u64 {
    report["stats"][name]
        .as_u64()
        .unwrap_or_else(|| panic!("stats.{name} in {report}"))
}

#[test]
fn cpu_ms_counts_the_runs_work_not_its_waits() {
    let dir = Dir::new();
    // Bounds that hold on a loaded machine yet fail if the counter is broken: busy for 300
    // ms of wall time gets far more than 30 ms of CPU unless the wrong thread is measured,
    // and a thread can never use more CPU than the time it ran.
    let busy = dir.write(
        "busy.js",
        "const end = Date.now() + 300; let n = 0; while (Date.now() < end) n++;",
    );
    let (run, report) = KvmCmd::new().arg(&busy).report(&dir);
    run.assert_code(0);
    let (cpu, wall) = (stat(&report, "cpu_ms"), stat(&report, "wall_ms"));
    assert!(
        (30..=wall).contains(&cpu),
        "busy: cpu {cpu} ms, wall {wall} ms"
    );
    // Asleep for 300 ms: the CPU is the bootstrap's, a fraction of the wall time.
    let sleepy = dir.write("sleepy.js", "setTimeout(() => {}, 300);");
    let (run, report) = KvmCmd::new().arg(&sleepy).report(&dir);
    run.assert_code(0);
    let (cpu, wall) = (stat(&report, "cpu_ms"), stat(&report, "wall_ms"));
    assert!(
        wall >= 300 && cpu < wall / 2,
        "asleep: cpu {cpu} ms, wall {wall} ms"
    );
}

#[test]
fn files_written_and_disk_bytes_follow_the_scratch_folder() {
    let dir = Dir::new();
    // Three files; `a` rewritten larger, then `b` removed: three files written, and the
    // peak is when all three held their largest (each entry also counts 4 KiB).
    let script = dir.write(
        "files.js",
        r#"
const fs = require('fs'), os = require('os'), path = require('path');
const at = (name) => path.join(os.tmpdir(), name);
fs.writeFileSync(at('a'), 'a'.repeat(1000));
fs.writeFileSync(at('b'), Buffer.alloc(2000));
fs.promises.writeFile(at('c'), 'c'.repeat(3000)).then(() => {
  fs.writeFileSync(at('a'), 'A'.repeat(5000));
  fs.unlinkSync(at('b'));
  fs.readFileSync(at('c'));
});
"#,
    );
    let (run, report) = KvmCmd::new().arg(&script).report(&dir);
    run.assert_code(0);
    assert_eq!(stat(&report, "files_written"), 3);
    assert_eq!(stat(&report, "disk_bytes"), 3 * 4096 + 5000 + 2000 + 3000);
    // A run that writes nothing.
    let reader = dir.write(
        "reader.js",
        "require('fs').readdirSync(require('os').tmpdir())",
    );
    let (_, report) = KvmCmd::new().arg(&reader).report(&dir);
    assert_eq!(
        (stat(&report, "files_written"), stat(&report, "disk_bytes")),
        (0, 0)
    );
}

#[test]
fn started_at_and_ended_at_are_rfc3339_utc_dates_wall_ms_apart() {
    use time::format_description::well_known::Rfc3339;
    let dir = Dir::new();
    let script = dir.write("wait.js", "setTimeout(() => {}, 50);");
    let before = time::OffsetDateTime::now_utc();
    let (_, report) = KvmCmd::new().arg(&script).report(&dir);
    let after = time::OffsetDateTime::now_utc();
    let date = |name: &str| {
        let text = report[name].as_str().unwrap();
        // UTC with milliseconds: `2026-01-31T09:05:03.042Z`.
        assert!(text.len() == 24 && text.ends_with('Z'), "{name}: {text}");
        time::OffsetDateTime::parse(text, &Rfc3339).unwrap()
    };
    let (started, ended) = (date("started_at"), date("ended_at"));
    let ms = time::Duration::milliseconds;
    assert!(before - ms(1) <= started && started < ended && ended <= after + ms(1));
    let apart = (ended - started).whole_milliseconds();
    let wall = i128::from(stat(&report, "wall_ms"));
    assert!(
        (apart - wall).abs() <= 1,
        "{apart} ms apart, wall_ms {wall}"
    );
}
