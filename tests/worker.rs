//! `kvm worker` (README "Worker mode"): requests as JSON lines on stdin, events as JSON
//! lines on stdout. A scripted session of runs of every kind mixed with malformed lines, and
//! the ways a run or the worker is stopped: `{"cancel"}`, SIGTERM.

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ExitStatus};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use common::{fixture, Dir, KvmCmd, Server};

/// Guards against a hung worker; never reached by a passing test.
const HANG: Duration = Duration::from_secs(60);

/// A `kvm worker` with its stdin and stdout piped.
struct Worker {
    child: Child,
    stdin: Option<ChildStdin>,
    events: mpsc::Receiver<Value>,
}

impl Worker {
    fn start(dir: &Dir, args: &[&str]) -> Worker {
        let mut child = KvmCmd::new()
            .args(["worker", "--no-cache"])
            .args(args)
            .spawn_piped(dir.path());
        let stdin = child.stdin.take();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let (send, events) = mpsc::channel();
        std::thread::spawn(move || {
            for line in stdout.lines() {
                let line = line.unwrap();
                let event = serde_json::from_str(&line)
                    .unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}"));
                if send.send(event).is_err() {
                    return;
                }
            }
        });
        Worker {
            child,
            stdin,
            events,
        }
    }

    fn send(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        writeln!(stdin, "{line}").unwrap();
        stdin.flush().unwrap();
    }

    fn next_event(&self) -> Value {
        self.events
            .recv_timeout(HANG)
            .expect("the worker writes its next event")
    }

    /// The next event of run `id` (or about its line), skipping other runs' events.
    fn next_of(&self, id: &str) -> Value {
        loop {
            let event = self.next_event();
            if event["id"] == id {
                return event;
            }
        }
    }

    /// Closes stdin, reads every event left and waits for the worker to exit.
    fn finish(mut self) -> (Vec<Value>, ExitStatus) {
        drop(self.stdin.take());
        let mut rest = Vec::new();
        // The channel closes when the worker closes its stdout, at exit.
        while let Ok(event) = self.events.recv_timeout(HANG) {
            rest.push(event);
        }
        (rest, self.wait())
    }

    fn wait(&mut self) -> ExitStatus {
        let deadline = Instant::now() + HANG;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            if Instant::now() > deadline {
                self.child.kill().unwrap();
                panic!("the worker did not exit");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

fn scripts(dir: &Dir) {
    dir.write(
        "ok.js",
        "console.log('ok ' + JSON.parse(process.env.COZY_FIELDS).n);",
    );
    dir.write(
        "logs.js",
        "for (let i = 0; i < 5; i++) console.log(JSON.stringify({type: 'info', message: 'line ' + i}));",
    );
    dir.write("throws.js", "throw new Error('boom');");
    dir.write("exits.js", "process.exit(3);");
    dir.write(
        "login_failed.js",
        "console.log(JSON.stringify({type: 'error', message: 'LOGIN_FAILED'}));",
    );
    dir.write("sleeps.js", "setTimeout(() => {}, 60000);");
    dir.write(
        "fetches.js",
        "fetch(process.argv[2]).then(r => console.log('status ' + r.status),
                                     e => console.log(e.cause.code + ' ' + e.cause.rule));",
    );
}

#[test]
fn a_session_of_twenty_lines_gets_one_report_per_run_and_one_error_per_bad_line() {
    let dir = Dir::new();
    scripts(&dir);
    let server = Server::start();
    let echo = server.url("/echo");
    let run = |id: &str, konnector: &str| json!({"id": id, "konnector": konnector});
    let with = |mut request: Value, field: &str, value: Value| {
        request[field] = value;
        request
    };
    let fields = |n: u32| json!({"COZY_FIELDS": {"n": n}});
    let lines: Vec<String> = vec![
        with(run("a1", "ok.js"), "env", fields(1)).to_string(),
        run("l1", "logs.js").to_string(),
        r#"{"id": "broken", "#.into(),
        run("f1", "throws.js").to_string(),
        with(run("u1", "ok.js"), "colour", json!("red")).to_string(),
        with(run("t1", "sleeps.js"), "limits", json!({"timeout_ms": 300})).to_string(),
        json!({"id": "m1", "env": {}}).to_string(),
        run("e1", "exits.js").to_string(),
        with(run("v1", "ok.js"), "env", json!({"PATH": "/bin"})).to_string(),
        run("x1", "login_failed.js").to_string(),
        with(
            with(run("n1", "fetches.js"), "args", json!([echo])),
            "allow",
            json!([server.allow()]),
        )
        .to_string(),
        with(run("d1", "fetches.js"), "args", json!([echo])).to_string(),
        with(run("a2", "ok.js"), "env", fields(2)).to_string(),
        json!({"konnector": "ok.js"}).to_string(),
        "[1, 2]".into(),
        run("c1", "no-such-konnector.js").to_string(),
        run("l2", "logs.js").to_string(),
        json!({"cancel": "nobody"}).to_string(),
        // COZY_FIELDS as the stack sets it: a string of JSON.
        with(
            run("a3", "ok.js"),
            "env",
            json!({"COZY_FIELDS": "{\"n\": 3}"}),
        )
        .to_string(),
        with(run("t2", "sleeps.js"), "limits", json!({"timeout_ms": 300})).to_string(),
    ];
    assert_eq!(lines.len(), 20);

    let mut worker = Worker::start(&dir, &["--concurrency", "4"]);
    for line in &lines {
        worker.send(line);
    }
    let (events, status) = worker.finish();
    assert!(status.success(), "exit status {status}");

    let expected_outcomes = [
        ("a1", "success"),
        ("l1", "success"),
        ("f1", "failed"),
        ("t1", "timeout"),
        ("e1", "failed"),
        ("x1", "failed"),
        ("n1", "success"),
        ("d1", "success"),
        ("a2", "success"),
        ("c1", "crashed"),
        ("l2", "success"),
        ("a3", "success"),
        ("t2", "timeout"),
    ];
    let mut reports: HashMap<&str, &Value> = HashMap::new();
    let mut logs: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut errors = Vec::new();
    for event in &events {
        let id = event["id"].as_str();
        match event["event"].as_str() {
            Some("log") => {
                let id = id.expect("a log event names its run");
                assert!(!reports.contains_key(id), "{id} logs after its report");
                assert!(event["type"].is_string(), "{event}");
                logs.entry(id)
                    .or_default()
                    .push(event["message"].as_str().unwrap());
            }
            Some("report") => {
                let id = id.expect("a report names its run");
                assert!(reports.insert(id, event).is_none(), "two reports for {id}");
            }
            Some("error") => errors.push(event),
            _ => panic!("unknown event {event}"),
        }
    }
    let mut ids: Vec<&str> = reports.keys().copied().collect();
    ids.sort();
    let mut expected_ids: Vec<&str> = expected_outcomes.iter().map(|(id, _)| *id).collect();
    expected_ids.sort();
    assert_eq!(ids, expected_ids, "one report per run request");
    for (id, outcome) in expected_outcomes {
        assert_eq!(reports[id]["outcome"], outcome, "{id}: {}", reports[id]);
        let run_logs = logs.get(id).cloned().unwrap_or_default();
        assert_eq!(
            reports[id]["logs"].as_array().unwrap().len(),
            run_logs.len(),
            "{id}: each record of the report was an event first"
        );
    }
    assert_eq!(logs["a1"], ["ok 1"]);
    assert_eq!(logs["a2"], ["ok 2"]);
    assert_eq!(logs["a3"], ["ok 3"]);
    let five: Vec<String> = (0..5).map(|i| format!("line {i}")).collect();
    assert_eq!(logs["l1"], five);
    assert_eq!(logs["l2"], five);
    assert!(logs["n1"].contains(&"status 200"), "{:?}", logs["n1"]);
    assert!(
        logs["d1"].contains(&"ERR_NETWORK_DENIED loopback 127.0.0.0/8"),
        "{:?}",
        logs["d1"]
    );
    assert_eq!(reports["d1"]["denied"][0]["rule"], "loopback 127.0.0.0/8");
    assert_eq!(reports["e1"]["exit_code"], 3);
    assert_eq!(reports["x1"]["error"], "LOGIN_FAILED");
    assert_eq!(reports["t1"]["error"], "TIMEOUT");
    assert!(reports["f1"]["error"]
        .as_str()
        .unwrap()
        .contains("Error: boom"));

    let expected_errors = [
        (3, None, "invalid JSON"),
        (5, Some("u1"), "unknown field `colour`"),
        (7, Some("m1"), "missing field `konnector`"),
        (9, Some("v1"), "env.PATH: not a Cozy job variable"),
        (14, None, "id: missing"),
        (15, None, "expected a JSON object"),
        (18, Some("nobody"), "cancel: no run \"nobody\" is going"),
    ];
    let mut errors: Vec<&Value> = errors;
    errors.sort_by_key(|e| e["line"].as_u64());
    assert_eq!(errors.len(), expected_errors.len(), "{errors:#?}");
    for (error, (line, id, message)) in errors.iter().zip(expected_errors) {
        assert_eq!(error["line"], line, "{error}");
        assert_eq!(error["id"].as_str(), id, "{error}");
        let text = error["message"].as_str().unwrap();
        assert!(text.contains(message), "line {line}: {text}");
    }
}

#[test]
fn a_cancel_line_cancels_its_run_and_frees_the_id() {
    let dir = Dir::new();
    scripts(&dir);
    let never_ends = fixture("never_ends.js");
    let long = json!({"id": "long", "konnector": never_ends}).to_string();
    let mut worker = Worker::start(&dir, &[]);
    worker.send(&long);
    let first = worker.next_of("long");
    assert_eq!(first["message"], "waiting for the vendor", "{first}");

    worker.send(&long);
    let duplicate = worker.next_of("long");
    assert_eq!(duplicate["event"], "error", "{duplicate}");
    assert_eq!(duplicate["line"], 2);
    assert!(duplicate["message"]
        .as_str()
        .unwrap()
        .contains("belongs to a run still going"));

    worker.send(r#"{"cancel": "long"}"#);
    let mut report = worker.next_of("long");
    while report["event"] == "log" {
        report = worker.next_of("long");
    }
    assert_eq!(report["event"], "report", "{report}");
    assert_eq!(report["outcome"], "cancelled");
    assert!(report["error"].as_str().unwrap().starts_with("CANCELLED"));

    // Its report out, the id may name a new run.
    worker.send(
        &json!({"id": "long", "konnector": "ok.js", "env": {"COZY_FIELDS": {"n": 4}}}).to_string(),
    );
    let (events, status) = worker.finish();
    assert!(status.success(), "exit status {status}");
    let outcomes: Vec<_> = events
        .iter()
        .filter(|e| e["event"] == "report")
        .map(|e| (e["id"].clone(), e["outcome"].clone()))
        .collect();
    assert_eq!(outcomes, [(json!("long"), json!("success"))]);
}

#[test]
fn sigterm_cancels_every_run_reports_them_and_exits_0() {
    let dir = Dir::new();
    let never_ends = fixture("never_ends.js");
    // One place: "going" runs, "queued" waits for it.
    let mut worker = Worker::start(&dir, &["--concurrency", "1"]);
    worker.send(&json!({"id": "going", "konnector": never_ends}).to_string());
    worker.send(&json!({"id": "queued", "konnector": never_ends}).to_string());
    worker.next_of("going");
    // SAFETY: signals our own child by its pid.
    assert_eq!(
        unsafe { libc::kill(worker.child.id() as i32, libc::SIGTERM) },
        0
    );
    // stdin stays open: the signal alone ends the worker.
    let mut reports = HashMap::new();
    while reports.len() < 2 {
        let event = worker.next_event();
        if event["event"] == "report" {
            reports.insert(
                event["id"].as_str().unwrap().to_string(),
                event["outcome"].clone(),
            );
        }
    }
    assert_eq!(reports["going"], "cancelled");
    assert_eq!(reports["queued"], "cancelled");
    let status = worker.wait();
    assert!(status.success(), "exit status {status}");
}
