//! The embedding API under load (issue 9), through the library: many runs at once through
//! one `Host`, hostile ones among them, each ending with its own outcome while benign ones
//! succeed with their own output; cancelling running and queued runs; independent hosts;
//! the log sink as records happen; memory flat over thousands of runs.
//!
//! Tests measuring the whole process (threads, RSS) hold [`exclusive`]; the others hold
//! [`shared`] so they never run alongside those.

mod common;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, Instant};

use common::Dir;
use kvm::{
    Host, HostConfig, JobEnv, Level, LimitOverrides, LogRecord, LogSink, NetAdditions, Outcome,
    RunReport, RunSpec, Secret,
};
use serde_json::{json, Value};

static PROCESS: RwLock<()> = RwLock::new(());

/// For tests whose figures are the whole process's: nothing else runs meanwhile.
fn exclusive() -> RwLockWriteGuard<'static, ()> {
    PROCESS.write().unwrap_or_else(|e| e.into_inner())
}

fn shared() -> RwLockReadGuard<'static, ()> {
    PROCESS.read().unwrap_or_else(|e| e.into_inner())
}

fn host(concurrency: usize) -> Host {
    Host::new(HostConfig {
        concurrency,
        ..HostConfig::default()
    })
}

fn quiet() -> LogSink {
    Arc::new(|_, _| {})
}

/// Every record the sink received, with the id it came with.
type Received = Arc<Mutex<Vec<(String, LogRecord)>>>;

fn collector() -> (LogSink, Received) {
    let received = Received::default();
    let kept = received.clone();
    let sink: LogSink = Arc::new(move |id, record| {
        kept.lock().unwrap().push((id.to_string(), record.clone()));
    });
    (sink, received)
}

/// A sink sending each record's id and message down a channel, as it happens.
fn channel() -> (LogSink, mpsc::Receiver<(String, String)>) {
    let (send, receive) = mpsc::channel();
    let send = Mutex::new(send);
    let sink: LogSink = Arc::new(move |id, record| {
        let _ = send
            .lock()
            .unwrap()
            .send((id.to_string(), record.message.clone()));
    });
    (sink, receive)
}

/// Waits for a record whose message is `message`; panics after a hang guard.
fn wait_for(records: &mpsc::Receiver<(String, String)>, message: &str) -> String {
    loop {
        match records.recv_timeout(Duration::from_secs(60)) {
            Ok((id, m)) if m == message => return id,
            Ok(_) => {}
            Err(e) => panic!("no record {message:?}: {e}"),
        }
    }
}

fn messages(report: &RunReport) -> Vec<&str> {
    report.logs.iter().map(|r| r.message.as_str()).collect()
}

/// What the script itself printed: the host's warnings (allowances, denials) left out.
fn printed(report: &RunReport) -> Vec<&str> {
    report
        .logs
        .iter()
        .filter(|r| r.level != Level::Warning)
        .map(|r| r.message.as_str())
        .collect()
}

/// A loopback server that accepts connections and never answers, reached through an
/// explicit allowance. Closed with the value.
struct Stalled {
    addr: SocketAddr,
    accepted: Arc<AtomicUsize>,
    _runtime: tokio::runtime::Runtime,
}

impl Stalled {
    fn start() -> Stalled {
        let (runtime, listener) = common::example_servers::loopback_listener();
        let addr = listener.local_addr().unwrap();
        let accepted = Arc::new(AtomicUsize::new(0));
        let counter = accepted.clone();
        runtime.spawn(async move {
            let mut held = Vec::new();
            while let Ok((socket, _)) = listener.accept().await {
                held.push(socket);
                counter.fetch_add(1, Ordering::SeqCst);
            }
        });
        Stalled {
            addr,
            accepted,
            _runtime: runtime,
        }
    }

    /// Waits (with a hang guard) until a client connected.
    fn wait_for_a_connection(&self) {
        let guard = Instant::now() + Duration::from_secs(60);
        while self.accepted.load(Ordering::SeqCst) == 0 {
            assert!(Instant::now() < guard, "nobody connected to {}", self.addr);
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    fn url(&self) -> String {
        format!("http://{}/never", self.addr)
    }

    fn allow(&self) -> NetAdditions {
        NetAdditions {
            allow: vec![self.addr],
            ..NetAdditions::default()
        }
    }
}

/// The scripts of these tests, in one folder.
struct Scripts {
    dir: Dir,
}

const BENIGN: &str = r#"
'use strict';
const path = require('path');
const { EventEmitter } = require('events');
const fields = JSON.parse(process.env.COZY_FIELDS);
const done = new EventEmitter();
done.on('greet', (who) => {
  console.log(JSON.stringify({ type: 'info', message: `hello ${who} ${path.join('bills', who)}` }));
  console.log(JSON.stringify({ type: 'info', message: 'env ' + JSON.stringify(process.env) }));
});
setTimeout(() => done.emit('greet', fields.login.toUpperCase()), 1);
"#;

impl Scripts {
    fn new() -> Scripts {
        let dir = Dir::new();
        dir.write("benign.js", BENIGN);
        dir.write("spin.js", "console.log('spinning');\nfor (;;) {}\n");
        dir.write(
            "heap.js",
            // Catches each refused allocation and goes on: the cap must still end it.
            "const keep = [];\n\
             for (;;) { try { keep.push('x'.repeat(1 << 20) + keep.length); } catch (e) {} }\n",
        );
        dir.write(
            "flood.js",
            "for (let i = 0; ; i++) console.log('flood line ' + i);\n",
        );
        dir.write(
            "fetch.mjs",
            "console.log('fetching');\nawait fetch(process.argv[2]);\nconsole.log('answered');\n",
        );
        dir.write(
            "denied.mjs",
            r#"
            const urls = ['http://127.0.0.1:5984/', 'http://169.254.169.254/latest/meta-data', 'http://192.0.2.25:25/'];
            for (let round = 0; round < 10; round++) {
              for (const url of urls) {
                try { await fetch(url); console.log('reached ' + url); }
                catch (e) { if (round === 0) console.log(e.cause.code + ' ' + e.cause.rule); }
              }
            }
            "#,
        );
        dir.write(
            "timer.js",
            "console.log('before the timer');\nsetTimeout(() => console.log('after the timer'), 60000);\n",
        );
        Scripts { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn spec(&self, name: &str) -> RunSpec {
        RunSpec::new(self.path(name))
    }

    /// A benign run for user `n`: its own fields, credentials and job id.
    fn benign(&self, n: usize) -> RunSpec {
        RunSpec {
            id: Some(format!("benign-{n}")),
            env: JobEnv {
                fields: Some(json!({"login": format!("user{n}")})),
                credentials: Some(Secret(format!("token-of-user{n}"))),
                job_id: Some(format!("job-{n}")),
                ..JobEnv::default()
            },
            ..self.spec("benign.js")
        }
    }
}

/// What a benign run for user `n` must log: its own greeting and only its own variables.
fn assert_benign(n: usize, report: &RunReport) {
    assert_eq!(report.outcome, Outcome::Success, "{report:#?}");
    assert_eq!(report.id, format!("benign-{n}"));
    let logs = messages(report);
    assert_eq!(logs[0], format!("hello USER{n} bills/USER{n}"));
    let env: Value = serde_json::from_str(logs[1].strip_prefix("env ").unwrap()).unwrap();
    assert_eq!(
        env,
        json!({
            "COZY_CREDENTIALS": format!("token-of-user{n}"),
            "COZY_FIELDS": json!({"login": format!("user{n}")}).to_string(),
            "COZY_JOB_ID": format!("job-{n}"),
        })
    );
    assert_eq!(logs.len(), 2, "{logs:?}");
}

/// The hostile kinds and how each must end.
#[derive(Debug, Clone, Copy)]
enum Hostile {
    Spin,
    HeapBomb,
    LogFlood,
    StalledFetch,
    DeniedLoop,
}

const HOSTILE: [Hostile; 5] = [
    Hostile::Spin,
    Hostile::HeapBomb,
    Hostile::LogFlood,
    Hostile::StalledFetch,
    Hostile::DeniedLoop,
];

const FLOOD_LOG_BYTES: usize = 4 * 1024;

impl Hostile {
    fn spec(self, scripts: &Scripts, stalled: &Stalled, n: usize) -> RunSpec {
        let short = LimitOverrides {
            timeout: Some(Duration::from_secs(2)),
            ..LimitOverrides::default()
        };
        let spec = match self {
            Hostile::Spin => RunSpec {
                limits: short,
                ..scripts.spec("spin.js")
            },
            Hostile::HeapBomb => RunSpec {
                limits: LimitOverrides {
                    max_heap_bytes: Some(32 << 20),
                    timeout: Some(Duration::from_secs(60)),
                    ..LimitOverrides::default()
                },
                ..scripts.spec("heap.js")
            },
            Hostile::LogFlood => RunSpec {
                limits: LimitOverrides {
                    max_log_bytes: Some(FLOOD_LOG_BYTES),
                    ..short
                },
                ..scripts.spec("flood.js")
            },
            Hostile::StalledFetch => RunSpec {
                // Time to connect before the deadline, with 64 runs starting at once.
                limits: LimitOverrides {
                    timeout: Some(Duration::from_secs(4)),
                    ..LimitOverrides::default()
                },
                args: vec![stalled.url()],
                net: stalled.allow(),
                ..scripts.spec("fetch.mjs")
            },
            Hostile::DeniedLoop => scripts.spec("denied.mjs"),
        };
        RunSpec {
            id: Some(format!("hostile-{n}-{self:?}")),
            ..spec
        }
    }

    fn assert_ended(self, report: &RunReport, stalled: &Stalled) {
        let expected = match self {
            Hostile::Spin | Hostile::LogFlood | Hostile::StalledFetch => Outcome::Timeout,
            Hostile::HeapBomb => Outcome::OutOfMemory,
            Hostile::DeniedLoop => Outcome::Success,
        };
        assert_eq!(report.outcome, expected, "{self:?}: {report:#?}");
        match self {
            Hostile::Spin => assert_eq!(report.error.as_deref(), Some("TIMEOUT")),
            Hostile::HeapBomb => assert_eq!(report.error.as_deref(), Some("MEMORY_LIMIT")),
            Hostile::LogFlood => {
                assert!(report.stats.logs_dropped > 0, "{:?}", report.stats);
                let kept: usize = report
                    .logs
                    .iter()
                    .filter(|r| r.message.starts_with("flood line"))
                    .map(|r| r.message.len())
                    .sum();
                assert!(kept <= FLOOD_LOG_BYTES, "{kept} bytes of flood kept");
                assert_eq!(report.error.as_deref(), Some("TIMEOUT"));
            }
            Hostile::StalledFetch => {
                assert_eq!(printed(report), ["fetching", "TIMEOUT"]);
                assert_eq!(report.requests.len(), 1, "{:?}", report.requests);
                assert_eq!(report.requests[0].url, stalled.url());
                assert_eq!(report.requests[0].status, None);
            }
            Hostile::DeniedLoop => {
                assert_eq!(
                    printed(report),
                    [
                        "ERR_NETWORK_DENIED forbidden port 5984",
                        "ERR_NETWORK_DENIED link-local 169.254.0.0/16",
                        "ERR_NETWORK_DENIED forbidden port 25",
                    ]
                );
                assert_eq!(report.denied.len(), 30);
                let mut rules: HashMap<&str, usize> = HashMap::new();
                for denied in &report.denied {
                    *rules.entry(denied.rule.as_str()).or_default() += 1;
                }
                assert_eq!(
                    rules,
                    HashMap::from([
                        ("forbidden port 5984", 10),
                        ("link-local 169.254.0.0/16", 10),
                        ("forbidden port 25", 10),
                    ])
                );
                assert!(report.requests.is_empty(), "nothing was sent");
            }
        }
    }
}

/// A figure of this process from /proc/self/status (`VmRSS` in kB, `Threads`).
fn status(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or_else(|| panic!("no {field} in /proc/self/status"))
}

/// Threads the test harness may start meanwhile (for tests waiting on [`exclusive`]).
const HARNESS_THREADS: u64 = 4;

/// Waits (with a hang guard) until `host` runs nothing, then until the process is back to
/// `threads` threads: every run's threads are gone.
fn settle(host: &Host, threads: u64) {
    let guard = Instant::now() + Duration::from_secs(30);
    while host.load() != (0, 0) || status("Threads") > threads + HARNESS_THREADS {
        assert!(
            Instant::now() < guard,
            "still {:?} runs and {} threads (was {threads})",
            host.load(),
            status("Threads")
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// 48 benign and 16 hostile runs through `host` at once; while they go, `load` is sampled.
/// Returns every sample of (queued, running).
fn sixty_four_runs(host: &Host) -> Vec<(usize, usize)> {
    let scripts = Scripts::new();
    let stalled = Stalled::start();
    let (sink, received) = collector();
    let mut benign = Vec::new();
    let mut hostile = Vec::new();
    for n in 0..64 {
        // Hostile runs spread among the benign ones.
        if n % 4 == 1 {
            let kind = HOSTILE[hostile.len() % HOSTILE.len()];
            let spec = kind.spec(&scripts, &stalled, n);
            hostile.push((kind, host.start(spec, sink.clone())));
        } else {
            benign.push((n, host.start(scripts.benign(n), sink.clone())));
        }
    }
    assert_eq!((benign.len(), hostile.len()), (48, 16));
    let mut samples = vec![host.load()];
    let sampling = std::thread::scope(|scope| {
        let sampler = scope.spawn(|| {
            let mut samples = Vec::new();
            loop {
                let load = host.load();
                samples.push(load);
                if load == (0, 0) {
                    return samples;
                }
                std::thread::sleep(Duration::from_millis(5));
            }
        });
        let benign: Vec<_> = benign.into_iter().map(|(n, h)| (n, h.wait())).collect();
        let hostile: Vec<_> = hostile.into_iter().map(|(k, h)| (k, h.wait())).collect();
        (benign, hostile, sampler.join().unwrap())
    });
    let (benign, hostile, sampled) = sampling;
    samples.extend(sampled);
    let received = received.lock().unwrap();
    let mut by_run: HashMap<&str, Vec<&LogRecord>> = HashMap::new();
    for (id, record) in received.iter() {
        by_run.entry(id.as_str()).or_default().push(record);
    }
    for (n, report) in &benign {
        assert_benign(*n, report);
    }
    for (kind, report) in &hostile {
        kind.assert_ended(report, &stalled);
    }
    let stalls = hostile
        .iter()
        .filter(|(kind, _)| matches!(kind, Hostile::StalledFetch))
        .count();
    assert_eq!(
        stalled.accepted.load(Ordering::SeqCst),
        stalls,
        "each stalled fetch was connected, waiting, at its deadline"
    );
    // The sink got each run's records, and only those, with its id.
    let reports = benign
        .iter()
        .map(|(_, r)| r)
        .chain(hostile.iter().map(|(_, r)| r));
    for report in reports {
        let sunk: Vec<&LogRecord> = by_run.remove(report.id.as_str()).unwrap_or_default();
        assert_eq!(
            sunk,
            report.logs.iter().collect::<Vec<_>>(),
            "{}",
            report.id
        );
    }
    assert!(
        by_run.is_empty(),
        "records of unknown runs: {:?}",
        by_run.keys()
    );
    samples
}

/// After the load, the process is whole: a last run succeeds, and the runs' threads and
/// memory are gone.
fn assert_healthy_after(host: &Host, threads: u64, rss_kb: u64) {
    settle(host, threads);
    let scripts = Scripts::new();
    assert_benign(99, &host.start(scripts.benign(99), quiet()).wait());
    let grown = status("VmRSS").saturating_sub(rss_kb);
    assert!(
        grown < 256 * 1024,
        "RSS grew by {grown} kB over 64 runs that ended"
    );
}

#[test]
fn sixty_four_runs_at_once_with_sixteen_hostile() {
    let _process = exclusive();
    let threads = status("Threads");
    let rss = status("VmRSS");
    let host = host(64);
    let samples = sixty_four_runs(&host);
    assert!(
        samples.iter().all(|&(queued, _)| queued == 0),
        "a bound of 64 queues none of 64 runs: {samples:?}"
    );
    assert!(samples.iter().all(|&(_, running)| running <= 64));
    assert_healthy_after(&host, threads, rss);
}

#[test]
fn sixty_four_runs_through_a_bound_of_eight_queue() {
    let _process = exclusive();
    let threads = status("Threads");
    let rss = status("VmRSS");
    let host = host(8);
    let samples = sixty_four_runs(&host);
    assert!(
        samples.iter().any(|&(queued, _)| queued > 0),
        "64 runs through 8 places queued none: {samples:?}"
    );
    for &(queued, running) in &samples {
        assert!(running <= 8, "{running} runs at once past a bound of 8");
        // A place frees only when the queue is empty: waiting runs mean a full pool.
        if queued > 0 {
            assert_eq!(running, 8, "{queued} queued while a place was free");
        }
    }
    assert_healthy_after(&host, threads, rss);
}

/// Starts `spec`, cancels it from another thread once it logged `ready` and `settled`
/// returned, and returns its report and the time it took to end after the cancel.
fn cancel_when(
    host: &Host,
    spec: RunSpec,
    ready: &str,
    settled: impl FnOnce(),
) -> (RunReport, Duration) {
    let (sink, records) = channel();
    let run = host.start(spec, sink);
    assert_eq!(wait_for(&records, ready), run.id());
    settled();
    let canceller = run.canceller();
    let cancelled = std::thread::spawn(move || {
        canceller.cancel();
        Instant::now()
    })
    .join()
    .unwrap();
    let report = run.wait();
    (report, cancelled.elapsed())
}

/// Ended by its host, promptly, with the documented last record.
fn assert_cancelled(report: &RunReport, took: Duration) {
    assert_eq!(report.outcome, Outcome::Cancelled, "{report:#?}");
    let last = report.logs.last().unwrap();
    assert_eq!(
        (last.level, last.message.as_str()),
        (
            Level::Critical,
            "CANCELLED: the run was cancelled by its host"
        )
    );
    assert_eq!(report.error.as_deref(), Some(last.message.as_str()));
    assert!(took < Duration::from_secs(1), "ended {took:?} after cancel");
}

/// Long enough that only a cancel can end these runs within the test.
fn long(spec: RunSpec) -> RunSpec {
    RunSpec {
        limits: LimitOverrides {
            timeout: Some(Duration::from_secs(120)),
            ..LimitOverrides::default()
        },
        ..spec
    }
}

#[test]
fn cancel_ends_a_busy_loop_at_once() {
    let _process = shared();
    let scripts = Scripts::new();
    let (report, took) = cancel_when(&host(2), long(scripts.spec("spin.js")), "spinning", || {});
    assert_cancelled(&report, took);
}

#[test]
fn cancel_ends_a_run_waiting_on_a_fetch_that_never_answers() {
    let _process = shared();
    let scripts = Scripts::new();
    let stalled = Stalled::start();
    let spec = RunSpec {
        args: vec![stalled.url()],
        net: stalled.allow(),
        ..long(scripts.spec("fetch.mjs"))
    };
    let (report, took) = cancel_when(&host(2), spec, "fetching", || {
        stalled.wait_for_a_connection()
    });
    assert_cancelled(&report, took);
    assert_eq!(
        printed(&report),
        ["fetching", "CANCELLED: the run was cancelled by its host"]
    );
    assert_eq!(report.requests.len(), 1);
    assert_eq!(report.requests[0].status, None);
}

#[test]
fn cancel_ends_a_run_waiting_on_a_long_timer() {
    let _process = shared();
    let scripts = Scripts::new();
    let (report, took) = cancel_when(
        &host(2),
        long(scripts.spec("timer.js")),
        "before the timer",
        || {},
    );
    assert_cancelled(&report, took);
    assert_eq!(
        messages(&report),
        [
            "before the timer",
            "CANCELLED: the run was cancelled by its host"
        ]
    );
}

#[test]
fn a_cancelled_queued_run_reports_at_once_without_starting() {
    let _process = shared();
    let scripts = Scripts::new();
    let host = host(1);
    let (sink, records) = channel();
    let busy = host.start(long(scripts.spec("spin.js")), sink);
    wait_for(&records, "spinning");
    let (sink, received) = collector();
    let queued = host.start(scripts.benign(1), sink);
    assert_eq!(host.load(), (1, 1));
    queued.canceller().cancel();
    // The busy run holds the only place for two minutes: this report did not wait for it.
    let report = queued.wait();
    assert_eq!(host.load(), (0, 1), "the busy run goes on");
    assert_eq!(report.outcome, Outcome::Cancelled);
    assert_eq!(
        messages(&report),
        ["CANCELLED: the run was cancelled by its host"],
        "no record of its script"
    );
    assert_eq!(
        *received.lock().unwrap(),
        [("benign-1".to_string(), report.logs[0].clone())]
    );
    busy.canceller().cancel();
    assert_eq!(busy.wait().outcome, Outcome::Cancelled);
}

#[test]
fn cancelling_a_run_that_ended_is_harmless() {
    let _process = shared();
    let scripts = Scripts::new();
    let host = host(1);
    let run = host.start(scripts.benign(1), quiet());
    let canceller = run.canceller();
    assert_benign(1, &run.wait());
    canceller.cancel();
    canceller.cancel();
    assert_benign(2, &host.start(scripts.benign(2), quiet()).wait());
}

#[test]
fn a_dropped_handle_neither_stops_its_run_nor_holds_its_place() {
    let _process = shared();
    let scripts = Scripts::new();
    let host = host(1);
    let (sink, records) = channel();
    let spec = RunSpec {
        id: Some("dropped".into()),
        ..scripts.benign(3)
    };
    drop(host.start(spec, sink));
    // The run goes on to its end, its records still sent as they happen...
    assert_eq!(wait_for(&records, "hello USER3 bills/USER3"), "dropped");
    // ...and its place is freed for the next one.
    assert_benign(4, &host.start(scripts.benign(4), quiet()).wait());
    assert_eq!(host.load().0, 0);
}

#[test]
fn two_hosts_share_neither_bound_nor_ids() {
    let _process = shared();
    let scripts = Scripts::new();
    let (a, b) = (host(1), host(1));
    let (sink, records) = channel();
    let busy = a.start(
        RunSpec {
            id: None,
            ..long(scripts.spec("spin.js"))
        },
        sink,
    );
    assert_eq!(wait_for(&records, "spinning"), "run-1");
    let waiting = a.start(scripts.benign(1), quiet());
    assert_eq!(a.load(), (1, 1));
    // `a` is full; `b` runs at once, and counts its own ids.
    let report = b
        .start(
            RunSpec {
                id: None,
                ..scripts.benign(2)
            },
            quiet(),
        )
        .wait();
    assert_eq!(report.id, "run-1");
    assert_eq!(report.outcome, Outcome::Success, "{report:#?}");
    assert_eq!(a.load(), (1, 1), "b's run took nothing of a's");
    busy.canceller().cancel();
    assert_benign(1, &waiting.wait());
}

#[test]
fn the_sink_gets_each_record_as_it_happens_with_its_run_id() {
    let _process = shared();
    let scripts = Scripts::new();
    let host = host(2);
    let (sink, records) = channel();
    let run = host.start(
        RunSpec {
            id: Some("sink".into()),
            ..long(scripts.spec("timer.js"))
        },
        sink,
    );
    // Received while the run still waits on its one-minute timer.
    assert_eq!(wait_for(&records, "before the timer"), "sink");
    assert_eq!(host.load(), (0, 1));
    run.canceller().cancel();
    let report = run.wait();
    assert_eq!(report.outcome, Outcome::Cancelled);
    let (id, message) = records.recv().unwrap();
    assert_eq!(
        (id.as_str(), message.as_str()),
        ("sink", "CANCELLED: the run was cancelled by its host")
    );
}

/// A konnector as small as they come: a couple of built-ins and one line of log.
const SMALL: &str = "\
const path = require('path');
const util = require('util');
console.log(util.format('%s ran', path.basename(__filename)));
";

#[test]
fn memory_stays_flat_over_two_thousand_runs() {
    let _process = exclusive();
    let dir = Dir::new();
    let script = dir.write("small.js", SMALL);
    let host = host(2);
    let run = |_: usize| {
        let report = host.start(RunSpec::new(&script), quiet()).wait();
        assert_eq!(report.outcome, Outcome::Success, "{report:#?}");
        assert_eq!(messages(&report), ["small.js ran"]);
    };
    // Two at a time, as a host does, from two threads.
    let pairs = |from: usize, to: usize| {
        std::thread::scope(|scope| {
            scope.spawn(|| (from..to).step_by(2).for_each(run));
            (from + 1..to).step_by(2).for_each(run);
        })
    };
    pairs(0, 100);
    let after_100 = status("VmRSS");
    pairs(100, 2000);
    let after_2000 = status("VmRSS");
    assert!(
        after_2000 <= after_100 + after_100 / 5,
        "RSS {after_100} kB after 100 runs, {after_2000} kB after 2,000"
    );
}

/// A bundle QuickJS takes seconds to compile (about 12 MB of webpack-like module
/// functions), during which no JS runs, so the interrupt handler is never called.
fn huge_bundle(scripts: &Scripts) {
    use std::fmt::Write;
    let mut source = String::from("var modules = [\n");
    for i in 0..100_000 {
        writeln!(
            source,
            "function (module, exports) {{ var x{i} = {{ k: {i}, s: 'v{i}' }}; \
             exports.f{i} = function (a) {{ return a + x{i}.k; }}; }},"
        )
        .unwrap();
    }
    source.push_str("];\n");
    scripts.dir.write("huge.js", &source);
    scripts.dir.write(
        "compile.js",
        "console.log('compiling');\nrequire('./huge.js');\nconsole.log('compiled');\n",
    );
}

#[test]
fn cancel_ends_a_run_compiling_a_huge_script() {
    let _process = shared();
    let scripts = Scripts::new();
    huge_bundle(&scripts);
    let (report, took) = cancel_when(
        &host(2),
        long(scripts.spec("compile.js")),
        "compiling",
        // Into the compile, most likely; right before it, the compile must still stop.
        || std::thread::sleep(Duration::from_millis(200)),
    );
    assert_cancelled(&report, took);
    assert_eq!(
        printed(&report),
        ["compiling", "CANCELLED: the run was cancelled by its host"]
    );
}

#[test]
fn the_deadline_ends_a_run_compiling_a_huge_script() {
    let _process = shared();
    let scripts = Scripts::new();
    huge_bundle(&scripts);
    let spec = RunSpec {
        limits: LimitOverrides {
            timeout: Some(Duration::from_secs(1)),
            ..LimitOverrides::default()
        },
        ..scripts.spec("compile.js")
    };
    let report = host(2).start(spec, quiet()).wait();
    assert_eq!(report.outcome, Outcome::Timeout, "{report:#?}");
    assert_eq!(printed(&report), ["compiling", "TIMEOUT"]);
    // Compiling the whole file takes several times the deadline.
    assert!(
        report.stats.wall_ms < 3000,
        "ended {} ms after its start, past its 1 s deadline",
        report.stats.wall_ms
    );
}
