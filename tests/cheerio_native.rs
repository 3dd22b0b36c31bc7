//! kvm's native cheerio (konnector-lib/cheerio.js over runtime/src/html/, issue 8):
//! tests/cheerio/cases.js runs its selector and traversal cases on the pages of
//! tests/cheerio/pages/ under node with the real cheerio 1.2 (from tests/npm/libset's lock,
//! installed by examples/build-bundle) and under kvm with no node_modules, so that
//! `require('cheerio')` is kvm's; both must print the same lines. Then the bounds of the
//! Rust-side documents: charged to the heap cap, and freed once unreferenced.

mod common;

use std::process::Command;

use common::{Dir, KvmCmd};

/// The cases each print one line; the corpus must stay at least this big (issue 8).
const MIN_CASES: usize = 50;

#[test]
fn native_cheerio_matches_real_cheerio_on_the_page_corpus() {
    // The library set's install holds cheerio 1.2.0 (its package-lock.json).
    let node_modules = common::bundle::node_modules("tests/npm/libset");
    assert!(
        node_modules.join("cheerio/package.json").is_file(),
        "no cheerio in {}",
        node_modules.display()
    );
    let script = common::top().join("tests/cheerio/cases.js");
    let node = Command::new("node")
        .arg(&script)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("NODE_PATH", &node_modules)
        .output()
        .expect("node 20 is installed (see README)");
    let expected = String::from_utf8_lossy(&node.stdout).into_owned();
    assert!(
        node.status.success() && expected.lines().count() >= MIN_CASES,
        "the cases fail under node with the real cheerio ({}):\n{expected}\n{}",
        node.status,
        String::from_utf8_lossy(&node.stderr)
    );

    let run = KvmCmd::new()
        .arg(&script)
        .args(["--log-format", "json", "--timeout", "30"])
        .output();
    run.assert_code(0);
    let actual = run.messages();
    assert!(
        actual == expected,
        "kvm's cheerio differs from cheerio 1.2:\n{}",
        common::first_difference(&expected, &actual)
    );
}

/// A page of `rows` table rows, built by the script itself.
const TABLE: &str = "const table = (rows) => '<table>' + \
    Array.from({ length: rows }, (_, i) => `<tr><td>${i}</td><td>row ${i}</td></tr>`).join('') + \
    '</table>';";

#[test]
fn a_document_past_the_heap_cap_ends_the_run_out_of_memory() {
    let dir = Dir::new();
    let script = dir.write(
        "big.js",
        &format!(
            "{TABLE}\nconst html = table(30000);\n\
             try {{ require('cheerio').load(html); }} catch (e) {{ console.log('caught', e.message); }}\n\
             for (;;) {{}}"
        ),
    );
    let (run, report) = KvmCmd::new()
        .arg(&script)
        .args(["--max-heap", "24", "--timeout", "30"])
        .report(&dir);
    // Catching the parse's error does not let the script go on: the loop after it ends
    // as the run's out-of-memory, not at the deadline.
    run.assert_code(4);
    assert_eq!(report["outcome"], "out_of_memory", "{}", run.describe());
    assert!(
        run.messages()
            .contains("does not fit in the run's memory budget"),
        "{}",
        run.describe()
    );
}

#[test]
fn unreferenced_documents_are_freed() {
    // Twelve pages of ~4.5 MB of DOM each stay within 24 MiB only if each is freed once
    // the script drops it.
    let dir = Dir::new();
    let script = dir.write(
        "many.js",
        &format!(
            "{TABLE}\nconst cheerio = require('cheerio');\nconst html = table(4000);\n\
             let rows = 0;\n\
             function next(i) {{\n\
               if (i === 12) return console.log('rows', rows);\n\
               rows += cheerio.load(html)('tr').length;\n\
               setTimeout(() => next(i + 1), 0);\n\
             }}\n\
             next(0);"
        ),
    );
    let (run, report) = KvmCmd::new()
        .arg(&script)
        .args(["--max-heap", "24", "--timeout", "60"])
        .report(&dir);
    assert_eq!(report["outcome"], "success", "{}", run.describe());
    assert_eq!(run.messages().trim(), "rows 48000");
}
