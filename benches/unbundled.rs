//! The example konnector without its bundle (issue 8's benchmark): its source
//! (`examples/demo-konnector/src`) on kvm over kvm's own cozy-konnector-libs, against its
//! webpack bundle (cozy-konnector-libs from npm) on node 20 — one whole run each, from the
//! process's start to its exit, against the demo vendor site: sign-in, three pages of
//! invoices, 12 PDFs and the identity saved into a Cozy of its own (a first run's work).
//! Figures: wall time and peak RSS (wait4's `ru_maxrss`), median of the rounds, contenders
//! alternated. node saves into kvm's local Cozy served on loopback by this process (so its
//! Cozy's work is not counted in node's figures); kvm into the same, in-process
//! (`--local`), and, as a second row, into that Cozy over loopback (`--url`/`--credentials`,
//! the stack's way, its host calls then HTTP as node's). For scale, the same bundle on kvm.
//! Run: `cargo bench --bench unbundled` (writes target/bench-unbundled.md and prints it).

mod common;

#[path = "../tests/common/bundle.rs"]
mod bundle;
#[path = "../tests/common/demo_konnector.rs"]
mod demo_konnector;
#[path = "../tests/common/example_servers.rs"]
#[allow(dead_code)]
mod example_servers;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{median, run_to_end, top, Finished};
use example_servers::{DemoVendor, ServedCozy};
use serde_json::Value;

const ROUNDS: usize = 7;

/// What every contender's log must hold: it saved the bills.
const SAVED: &str = "saveFiles created 12 files for 12 entries";

/// One contender: how it runs, given a fresh folder for its Cozy.
struct Contender<'a> {
    name: &'static str,
    run: Box<dyn Fn(&Path) -> Finished + 'a>,
    wall_ms: Vec<f64>,
    rss_mib: Vec<f64>,
}

/// `kvm KONNECTOR` against the demo site, in the bench's scratch folder.
fn kvm(konnector: &Path, site: &DemoVendor, cache: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kvm"));
    command
        .arg(konnector)
        .args(site.kvm_args())
        .args(["--log-format", "json", "--cache-dir"])
        .arg(cache)
        .env_clear();
    command
}

fn main() {
    let work = tempfile::tempdir().unwrap();
    let bundle = bundle::build("examples/demo-konnector");
    let source = demo_konnector::unbundled(work.path());
    // The bundle deployed as cozy-konnector-build deploys it: index.js and the manifest.
    let bundled = work.path().join("bundled");
    std::fs::create_dir(&bundled).unwrap();
    std::fs::copy(&bundle, bundled.join("index.js")).unwrap();
    std::fs::copy(
        source.join("manifest.konnector"),
        bundled.join("manifest.konnector"),
    )
    .unwrap();
    let config = top().join("examples/demo-konnector/konnector-dev-config.json");
    let config: Value = serde_json::from_slice(&std::fs::read(config).unwrap()).unwrap();
    let fields = config["fields"].as_object().unwrap().clone();
    let site = DemoVendor::start();
    let cache = work.path().join("cache");
    let local = |konnector: PathBuf| {
        let (site, fields, cache) = (&site, fields.clone(), cache.clone());
        Box::new(move |data: &Path| {
            run_to_end(
                kvm(&konnector, site, &cache)
                    .arg("--local")
                    .arg(data)
                    .arg("--fields")
                    .arg(Value::Object(fields.clone()).to_string()),
            )
        }) as Box<dyn Fn(&Path) -> Finished>
    };
    let served = |data: &Path| ServedCozy::start(data, fields.clone());

    let mut contenders = [
        Contender {
            name: "kvm, source over kvm's library, local Cozy in-process",
            run: local(source.clone()),
            wall_ms: vec![],
            rss_mib: vec![],
        },
        Contender {
            name: "kvm, source over kvm's library, Cozy over loopback",
            run: Box::new(|data| {
                let stack = served(data);
                let mut command = kvm(&source, &site, &cache);
                for (name, value) in stack.node_env() {
                    command.env(name, value);
                }
                run_to_end(&mut command)
            }),
            wall_ms: vec![],
            rss_mib: vec![],
        },
        Contender {
            name: "kvm, bundle, local Cozy in-process",
            run: local(bundled),
            wall_ms: vec![],
            rss_mib: vec![],
        },
        Contender {
            name: "node 20, bundle, Cozy over loopback",
            run: Box::new(|data| {
                let stack = served(data);
                run_to_end(
                    Command::new("node")
                        .arg(&bundle)
                        .env_clear()
                        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
                        .envs(stack.node_env())
                        .envs(site.node_env("127.0.0.1")),
                )
            }),
            wall_ms: vec![],
            rss_mib: vec![],
        },
    ];

    // A first untimed run each: the bundle's bytecode cached, every file in the page cache.
    for round in 0..=ROUNDS {
        for (n, contender) in contenders.iter_mut().enumerate() {
            let data = work.path().join(format!("cozy-{round}-{n}"));
            let run = (contender.run)(&data);
            assert!(
                run.stdout.contains(SAVED),
                "{} did not save the bills:\n{}\n{}",
                contender.name,
                run.stdout,
                run.stderr
            );
            if round > 0 {
                contender.wall_ms.push(run.wall_ms);
                contender.rss_mib.push(run.peak_rss_mib);
            }
            std::fs::remove_dir_all(&data).unwrap();
        }
    }

    let figures: Vec<(&str, f64, f64)> = contenders
        .into_iter()
        .map(|c| (c.name, median(c.wall_ms), median(c.rss_mib)))
        .collect();
    let (_, node_wall, node_rss) = *figures.last().unwrap();
    let mut table = format!(
        "One whole run of the example konnector against the demo site (12 bills, 12 PDFs, \
         the identity), median of {ROUNDS}; goal for its source on kvm: faster than its bundle \
         on node, at most 1/3 of its memory.\n\n\
         | contender | wall | vs node | peak RSS | vs node |\n|---|---|---|---|---|\n"
    );
    for (name, wall, rss) in &figures {
        table += &format!(
            "| {name} | {wall:.0} ms | {:.2}× | {rss:.1} MiB | {:.2}× |\n",
            wall / node_wall,
            rss / node_rss
        );
    }
    let out = top().join("target/bench-unbundled.md");
    std::fs::write(&out, &table).unwrap();
    println!("{table}\n(written to {})", out.display());
}
