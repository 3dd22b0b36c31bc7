//! Load time of a konnector-sized bundle (issue 4). benches/npm/bundle/ is ~7 MB of real
//! libraries (the tests' library set plus request and date-fns) bundled unminified by webpack
//! for target node, as production konnectors are; its top level requires them all, as a
//! konnector's does, and prints one line naming what loaded. Each figure is a ratio against
//! node 20 measured in the same run, rounds alternated, medians reported:
//! (1) whole process: wall time and peak RSS of `kvm BUNDLE` vs `node BUNDLE`;
//! (2) loading and evaluating the bundle alone: kvm in-process (`kvm::Host`, the isolate's
//!     creation included) vs node from the end of its own start-up (a `--require`d preload
//!     notes `performance.now()`) to its exit; and of that, parsing and compiling alone (the
//!     same source wrapped in a function that is never called);
//! (3) the same two with kvm's bytecode cache warm (issue 7): the whole process with
//!     `--cache-dir` (read from disk), in-process with one `CodeCache` shared by the runs
//!     (read from memory). Rows (1) and (2) run with no cache: a first run.
//!
//! Run: `cargo bench --bench bundle` (the first run builds the bundle with npm, see
//! examples/build-bundle; writes target/bench-bundle.md and prints it).

mod common;

#[path = "../tests/common/bundle.rs"]
mod bundle;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use common::{median, printed, run_to_end, Finished};

const ROUNDS: usize = 15;

/// Notes when node has started (the preload runs just before the bundle) and, at exit, prints
/// how long the bundle took from there.
const NODE_PRELOAD: &str = "const started = performance.now();\n\
    process.on('exit', () => process.stderr.write(`bundle-ms ${performance.now() - started}\\n`));\n";

/// `program ARGS` run to its end with an empty environment.
fn spawn(program: &Path, args: &[&Path]) -> Finished {
    run_to_end(Command::new(program).args(args).env_clear())
}

/// Runs the bundle in this process, with `cache` if any; returns the time taken and what it
/// printed.
fn run_in_process(bundle: &Path, cache: Option<&Arc<kvm::CodeCache>>) -> (f64, String) {
    let printed = Arc::new(Mutex::new(String::new()));
    let sink = printed.clone();
    let started = Instant::now();
    let host = kvm::Host::new(kvm::HostConfig {
        code_cache: cache.cloned(),
        ..kvm::HostConfig::default()
    });
    let report = host
        .start(
            kvm::RunSpec::new(bundle),
            Arc::new(move |_, record| {
                if record.level == kvm::Level::Debug {
                    sink.lock()
                        .unwrap()
                        .push_str(&format!("{}\n", record.message));
                }
            }),
        )
        .wait();
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    assert_eq!(report.outcome, kvm::Outcome::Success, "{report:?}");
    let printed = printed.lock().unwrap().clone();
    (ms, printed)
}

/// How long node took from its preload to its exit, as the preload printed it.
fn node_bundle_ms(child: &Finished) -> f64 {
    let line = child
        .stderr
        .lines()
        .find_map(|l| l.strip_prefix("bundle-ms "));
    let line = line.unwrap_or_else(|| panic!("no bundle-ms from node:\n{}", child.stderr));
    line.parse().unwrap()
}

fn main() {
    let kvm = PathBuf::from(env!("CARGO_BIN_EXE_kvm"));
    let node = PathBuf::from("node");
    let bundle = bundle::build("benches/npm/bundle");
    let source = std::fs::read_to_string(&bundle).unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let preload = scratch.path().join("preload.js");
    std::fs::write(&preload, NODE_PRELOAD).unwrap();
    // The same source inside a function never called: what parsing and compiling alone cost
    // (node compiles lazily, QuickJS all at once).
    let parse_only = scratch.path().join("parse-only.js");
    std::fs::write(&parse_only, format!("(function () {{\n{source}\n}});\n")).unwrap();
    let require = Path::new("--require");
    let cache_dir = scratch.path().join("cache");
    let cache = Arc::new(kvm::CodeCache::open(&cache_dir).unwrap());
    let kvm_args = |cache: &[&Path]| {
        let mut args = vec![
            bundle.as_path(),
            Path::new("--log-format"),
            Path::new("json"),
        ];
        args.extend(cache);
        spawn(&kvm, &args)
    };
    let (cached_flag, no_cache) = (Path::new("--cache-dir"), [Path::new("--no-cache")]);
    let mut figures: [Vec<f64>; 10] = Default::default();
    let [kvm_wall, kvm_rss, kvm_load, kvm_parse, node_wall, node_rss, node_load, node_parse, cached_wall, cached_load] =
        &mut figures;
    // Whole processes first, while this process is small: Linux counts a child's memory
    // before its exec in its peak RSS.
    kvm_args(&[cached_flag, &cache_dir]); // the first run compiles and stores
    for _ in 0..ROUNDS {
        let k = kvm_args(&no_cache);
        let n = spawn(&node, &[require, &preload, &bundle]);
        let c = kvm_args(&[cached_flag, &cache_dir]);
        // Every contender must have loaded the same libraries, else the times mean nothing.
        assert_eq!(printed(&k.stdout), n.stdout, "kvm's output differs");
        assert_eq!(printed(&c.stdout), n.stdout, "kvm's cached output differs");
        kvm_wall.push(k.wall_ms);
        kvm_rss.push(k.peak_rss_mib);
        cached_wall.push(c.wall_ms);
        node_wall.push(n.wall_ms);
        node_rss.push(n.peak_rss_mib);
        node_load.push(node_bundle_ms(&n));
    }
    let expected = spawn(&node, &[&bundle]).stdout;
    run_in_process(&bundle, Some(&cache)); // fills the in-memory cache
    for _ in 0..ROUNDS {
        let (ms, output) = run_in_process(&bundle, None);
        assert_eq!(output, expected, "kvm's in-process output differs");
        kvm_load.push(ms);
        let (ms, output) = run_in_process(&bundle, Some(&cache));
        assert_eq!(output, expected, "kvm's cached in-process output differs");
        cached_load.push(ms);
        kvm_parse.push(run_in_process(&parse_only, None).0);
        node_parse.push(node_bundle_ms(&spawn(
            &node,
            &[require, &preload, &parse_only],
        )));
    }
    let [kw, kr, kl, kp, nw, nr, nl, np, cw, cl] = figures.map(median);

    let table = format!(
        "bundle: {} ({:.1} MB)\n\n\
         | figure, median of {ROUNDS} | kvm | node 20 | kvm / node (goal) |\n|---|---|---|---|\n\
         | whole process, wall | {kw:.0} ms | {nw:.0} ms | {:.2}× (≤ 1.5×) |\n\
         | loading and evaluating the bundle (kvm in-process) | {kl:.0} ms | {nl:.0} ms | {:.2}× (≤ 1.5×) |\n\
         | of which parsing and compiling alone | {kp:.0} ms | {np:.0} ms | {:.2}× |\n\
         | whole process, peak RSS | {kr:.1} MiB | {nr:.1} MiB | {:.2}× |\n\
         | whole process, wall, bytecode cache warm (disk) | {cw:.0} ms | {nw:.0} ms | {:.2}× (≤ 1.5×) |\n\
         | loading and evaluating, bytecode cache warm (memory) | {cl:.0} ms | {nl:.0} ms | {:.2}× (≤ 1.5×) |\n",
        bundle.display(),
        source.len() as f64 / 1e6,
        kw / nw,
        kl / nl,
        kp / np,
        kr / nr,
        cw / nw,
        cl / nl,
    );
    let out = common::top().join("target/bench-bundle.md");
    std::fs::write(&out, &table).unwrap();
    println!("{table}\n(written to {})", out.display());
}
