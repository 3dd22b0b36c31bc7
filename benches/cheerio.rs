//! cheerio parsing a 2,000-row table (issue 7, figure (e)): benches/npm/cheerio/ is cheerio
//! 1.2 bundled by webpack for target node with a script that builds the table's HTML, then
//! loads it with cheerio and reads every row's cells and link, seven times, printing the
//! median time of one load-and-scrape, measured inside the script (start-up left out).
//! kvm and node 20 run the same bundle, rounds alternated; medians reported with the ratio.
//! QuickJS interprets where V8 compiles: the aim is ≤ 3×. A second kvm row runs the same
//! script unbundled, with no node_modules, so `require('cheerio')` is kvm's native one
//! (html5ever in Rust, konnector-lib/cheerio.js): the aim there is to beat node.
//!
//! Run: `cargo bench --bench cheerio` (writes target/bench-cheerio.md and prints it).

mod common;

#[path = "../tests/common/bundle.rs"]
mod bundle;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::median;

const ROUNDS: usize = 5;

/// Runs `program` on the bundle; returns what the script printed: kvm's debug records'
/// messages, node's stdout.
fn printed(program: &Path, args: &[&str], bundle: &Path) -> String {
    let output = Command::new(program)
        .args(args)
        .arg(bundle)
        .env_clear()
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", program.display()));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{}: {stdout}", program.display());
    if args.is_empty() {
        return stdout.into_owned();
    }
    common::printed(&stdout)
}

/// The script's checksum line and its median scrape time.
fn split(printed: &str) -> (String, f64) {
    let (result, time) = printed.split_once("\nscrape-ms ").expect("two lines");
    (result.to_owned(), time.trim().parse().unwrap())
}

fn main() {
    let kvm = PathBuf::from(env!("CARGO_BIN_EXE_kvm"));
    let node = PathBuf::from("node");
    let bundle = bundle::build("benches/npm/cheerio");
    let script = common::top().join("benches/npm/cheerio/src/index.js");
    let (mut kvm_ms, mut native_ms, mut node_ms) = (vec![], vec![], vec![]);
    for _ in 0..ROUNDS {
        let (k, kt) = split(&printed(&kvm, &["--log-format", "json"], &bundle));
        let (kn, knt) = split(&printed(&kvm, &["--log-format", "json"], &script));
        let (n, nt) = split(&printed(&node, &[], &bundle));
        assert_eq!(k, n, "kvm and node scraped different rows");
        assert_eq!(
            kn, n,
            "kvm's native cheerio and node scraped different rows"
        );
        kvm_ms.push(kt);
        native_ms.push(knt);
        node_ms.push(nt);
    }
    let (k, kn, n) = (median(kvm_ms), median(native_ms), median(node_ms));
    let table = format!(
        "| figure, median of {ROUNDS} runs (each the median of 7 scrapes) | kvm | node 20 | kvm / node (aim) |\n\
         |---|---|---|---|\n\
         | cheerio: load a 2,000-row table, read every row | {k:.0} ms | {n:.0} ms | {:.2}× (≤ 3×) |\n\
         | the same with kvm's native cheerio (no node_modules) | {kn:.0} ms | {n:.0} ms | {:.2}× (< 1×) |\n",
        k / n,
        kn / n
    );
    let out = common::top().join("target/bench-cheerio.md");
    std::fs::write(&out, &table).unwrap();
    println!("{table}\n(written to {})", out.display());
}
