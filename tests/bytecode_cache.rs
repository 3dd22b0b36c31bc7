//! The host-owned bytecode cache (`--cache-dir`): a run from cached bytecode behaves as one
//! from source (same output, same stack lines), entries are named by content, a tampered
//! entry is never loaded, the script cannot reach the folder, and concurrent runs agree.

mod common;

use std::path::{Path, PathBuf};

use common::{Dir, KvmCmd, Run};
use serde_json::Value;

/// Functions enough to make a file larger than the cache's 64 KiB threshold.
fn padding(prefix: &str) -> String {
    (0..3000)
        .map(|i| format!("function {prefix}{i}(x) {{ return x + {i}; }}\n"))
        .collect()
}

/// A CommonJS konnector of two large files whose output shows values, a function's source
/// and an error's stack (file names and line numbers).
fn commonjs_konnector(dir: &Dir, greeting: &str) -> PathBuf {
    dir.write(
        "k/lib.js",
        &format!(
            "exports.g = (x) => x * 2;\n\
             exports.fail = function fail() {{\n  throw new Error('from lib');\n}};\n{}",
            padding("l")
        ),
    );
    dir.write(
        "k/index.js",
        &format!(
            "const lib = require('./lib.js');\n\
             console.log({greeting:?}, f10(1) + lib.g(2));\n\
             console.log(String(f7));\n\
             try {{ lib.fail(); }} catch (e) {{ console.log(e.stack); }}\n{}",
            padding("f")
        ),
    )
}

fn kvm(cache: Option<&Path>, script: &Path) -> KvmCmd {
    let cmd = KvmCmd::new().args(["--log-format", "json"]);
    let cmd = match cache {
        Some(dir) => cmd.arg("--cache-dir").arg(dir),
        None => cmd.arg("--no-cache"),
    };
    cmd.arg(script)
}

/// Runs and returns what the script printed and the report's (hits, writes).
fn run(dir: &Dir, cache: Option<&Path>, script: &Path) -> (Run, String, (u64, u64)) {
    let (run, report) = kvm(cache, script).report(dir);
    run.assert_code(0);
    let stats = &report["stats"];
    let counts = (
        stats["code_cache_hits"].as_u64().unwrap(),
        stats["code_cache_writes"].as_u64().unwrap(),
    );
    let printed = run.messages();
    (run, printed, counts)
}

/// The cache's entries (not its secret).
fn entries(cache: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<_> = std::fs::read_dir(cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap() != "secret")
        .collect();
    entries.sort();
    entries
}

#[test]
fn output_and_stack_lines_are_the_same_with_and_without_the_cache() {
    let dir = Dir::new();
    let script = commonjs_konnector(&dir, "hello");
    let cache = dir.path().join("cache");
    let (_, uncached, counts) = run(&dir, None, &script);
    assert_eq!(counts, (0, 0));
    assert!(uncached.contains("hello 15\n"), "{uncached}");
    assert!(uncached.contains("function f7(x) { return x + 7; }\n"));
    let lib = std::fs::canonicalize(dir.path().join("k/lib.js")).unwrap();
    assert!(
        uncached.contains(&format!("at fail ({}:3:", lib.display())),
        "{uncached}"
    );

    let (_, first, counts) = run(&dir, Some(&cache), &script);
    assert_eq!(counts, (0, 2), "both files compiled and stored");
    let (_, cached, counts) = run(&dir, Some(&cache), &script);
    assert_eq!(counts, (2, 0), "both files read from the cache");
    assert_eq!(first, uncached);
    assert_eq!(cached, uncached);
    assert_eq!(entries(&cache).len(), 2);
}

#[test]
fn es_modules_from_the_cache_behave_as_from_source() {
    let dir = Dir::new();
    dir.write(
        "k/lib.mjs",
        &format!(
            "export function fail() {{\n  throw new Error('from lib');\n}}\n{}",
            padding("l")
        ),
    );
    let script = dir.write(
        "k/main.mjs",
        &format!(
            "import {{ fail }} from './lib.mjs';\nconsole.log('sum', f3(1));\n\
             try {{ fail(); }} catch (e) {{ console.log(e.stack); }}\n{}",
            padding("f")
        ),
    );
    let cache = dir.path().join("cache");
    let (_, uncached, _) = run(&dir, None, &script);
    assert!(uncached.contains("lib.mjs:2:"), "{uncached}");
    let (_, first, counts) = run(&dir, Some(&cache), &script);
    assert_eq!(counts, (0, 2));
    let (_, cached, counts) = run(&dir, Some(&cache), &script);
    assert_eq!(counts, (2, 0));
    assert_eq!(first, uncached);
    assert_eq!(cached, uncached);
}

#[test]
fn small_files_are_not_cached() {
    let dir = Dir::new();
    let script = dir.write("k/index.js", "console.log('small');");
    let cache = dir.path().join("cache");
    let (_, printed, counts) = run(&dir, Some(&cache), &script);
    assert_eq!((printed.as_str(), counts), ("small\n", (0, 0)));
    assert!(entries(&cache).is_empty());
}

#[test]
fn editing_a_file_compiles_it_again() {
    let dir = Dir::new();
    let script = commonjs_konnector(&dir, "hello");
    let cache = dir.path().join("cache");
    run(&dir, Some(&cache), &script);
    commonjs_konnector(&dir, "edited");
    let (_, printed, counts) = run(&dir, Some(&cache), &script);
    assert!(printed.contains("edited 15\n"), "{printed}");
    assert_eq!(counts, (1, 1), "lib.js is unchanged, index.js is new");
    assert_eq!(entries(&cache).len(), 3);
}

#[test]
fn a_tampered_entry_is_never_loaded_but_recompiled_and_rewritten() {
    let dir = Dir::new();
    let script = dir.write(
        "k/index.js",
        &format!("console.log('ran', f2(1));\n{}", padding("f")),
    );
    let cache = dir.path().join("cache");
    let (_, expected, _) = run(&dir, Some(&cache), &script);
    let [entry] = &entries(&cache)[..] else {
        panic!("one entry expected");
    };
    let mut bytes = std::fs::read(entry).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x40;
    std::fs::write(entry, &bytes).unwrap();

    let (run_after, printed, counts) = run(&dir, Some(&cache), &script);
    assert_eq!(printed, expected);
    assert_eq!(counts, (0, 1), "recompiled and stored again, not loaded");
    let warning = run_after
        .records()
        .into_iter()
        .find(|r| r["type"] == "warning")
        .unwrap_or_else(|| panic!("no warning: {}", run_after.describe()));
    let message = warning["message"].as_str().unwrap();
    assert!(
        message.starts_with("code cache: the entry of ")
            && message.contains("its checksum does not match (corrupt or tampered)")
            && message.contains("compiling from source and rewriting it"),
        "{message}"
    );
    let (_, printed, counts) = run(&dir, Some(&cache), &script);
    assert_eq!(
        (printed, counts),
        (expected, (1, 0)),
        "the rewritten entry is good"
    );
}

#[test]
fn the_script_cannot_read_or_write_the_cache_folder() {
    let dir = Dir::new();
    let cache = dir.path().join("cache");
    let script = dir.write(
        "k/index.js",
        "const fs = require('fs');\n\
         const dir = process.argv[2];\n\
         for (const [label, f] of [\n\
           ['read', () => fs.readFileSync(dir + '/secret')],\n\
           ['list', () => fs.readdirSync(dir)],\n\
           ['write', () => fs.writeFileSync(dir + '/planted.qbc', 'x')],\n\
         ]) {\n\
           try { f(); console.log(label, 'allowed'); }\n\
           catch (e) { console.log(label, e.code, e.message); }\n\
         }\n",
    );
    let cache_arg = cache.display().to_string();
    // The folder and its secret exist before the script starts.
    let run = kvm(Some(&cache), &script)
        .arg("--")
        .arg(&cache_arg)
        .output();
    run.assert_code(0);
    let printed = run.messages();
    for label in ["read", "list", "write"] {
        let line = printed
            .lines()
            .find(|l| l.starts_with(label))
            .unwrap_or_else(|| panic!("no {label} line in {printed}"));
        assert!(
            line.starts_with(&format!("{label} EACCES ")) && line.ends_with(
                "(kvm: only the konnector's folder (read-only) and the run's scratch folder are accessible)"
            ),
            "{line}"
        );
    }
    assert!(!cache.join("planted.qbc").exists());
}

#[test]
fn a_cache_inside_the_konnector_folder_is_not_used() {
    let dir = Dir::new();
    let script = dir.write(
        "k/index.js",
        &format!("console.log('ran');\n{}", padding("f")),
    );
    let cache = dir.path().join("k/cache");
    let (run, printed, counts) = run(&dir, Some(&cache), &script);
    assert_eq!((printed.as_str(), counts), ("ran\n", (0, 0)));
    assert!(entries(&cache).is_empty());
    let warnings: Vec<Value> = run
        .records()
        .into_iter()
        .filter(|r| r["type"] == "warning")
        .collect();
    assert!(
        warnings[0]["message"]
            .as_str()
            .unwrap()
            .contains("overlaps the konnector's folder"),
        "{warnings:?}"
    );
}

#[test]
fn concurrent_first_runs_of_a_bundle_all_succeed() {
    let dir = Dir::new();
    let script = commonjs_konnector(&dir, "hello");
    let cache = dir.path().join("cache");
    let children: Vec<_> = (0..4)
        .map(|_| {
            let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_kvm"));
            cmd.env_clear()
                .args(["--log-format", "json", "--cache-dir"])
                .arg(&cache)
                .arg(&script)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped());
            cmd.spawn().unwrap()
        })
        .collect();
    let outputs: Vec<_> = children
        .into_iter()
        .map(|child| Run {
            output: child.wait_with_output().unwrap(),
        })
        .collect();
    for output in &outputs {
        output.assert_code(0);
        assert_eq!(output.messages(), outputs[0].messages());
    }
    assert!(outputs[0].messages().contains("hello 15\n"));
    // Two entries, no temporary file left behind, and the next run reads both.
    assert_eq!(entries(&cache).len(), 2, "{:?}", entries(&cache));
    let (_, printed, counts) = run(&dir, Some(&cache), &script);
    assert_eq!(counts, (2, 0));
    assert_eq!(printed, outputs[0].messages());
}
