//! The three forms a konnector comes in (DESIGN §3): its main file, its folder (package.json
//! `main`, else index.js) and a `.tar.gz` of the folder, read in memory and never extracted.
//! The same multi-file konnector (a `node_modules` dependency, a `.json` require, a data file
//! read with `fs`) must print the same thing in each form.

mod common;

use std::path::{Path, PathBuf};

use common::{Dir, KvmCmd};

/// The konnector's files: `lib/main.js` is package.json's `main`.
const FILES: &[(&str, &str)] = &[
    ("package.json", r#"{"name":"k","main":"lib/main.js"}"#),
    (
        "manifest.konnector",
        r#"{"slug":"demo","name":"Demo vendor"}"#,
    ),
    (
        "lib/main.js",
        "const fs = require('fs');\n\
         const pad = require('left-pad');\n\
         const config = require('./config.json');\n\
         console.log(pad(config.greeting, 8), require('./util').twice(21));\n\
         console.log(fs.readFileSync(__dirname + '/data.txt', 'utf8').trim());\n\
         console.log(fs.existsSync(__dirname + '/nope.txt'), fs.readdirSync(__dirname).sort().join());\n\
         console.log(fs.statSync(__dirname + '/data.txt').size, fs.statSync(__dirname).isDirectory());\n",
    ),
    ("lib/util.js", "exports.twice = (n) => n * 2;\n"),
    ("lib/config.json", r#"{"greeting":"hi"}"#),
    ("lib/data.txt", "some data\n"),
    (
        "node_modules/left-pad/package.json",
        r#"{"name":"left-pad","main":"pad"}"#,
    ),
    (
        "node_modules/left-pad/pad.js",
        "module.exports = (s, n) => s.padStart(n, '.');\n",
    ),
];

const EXPECTED: &str =
    "......hi 42\nsome data\nfalse config.json,data.txt,main.js,util.js\n10 true\n";

fn konnector(dir: &Dir) -> PathBuf {
    for (name, contents) in FILES {
        dir.write(&format!("k/{name}"), contents);
    }
    dir.path().join("k")
}

/// A .tar.gz of FILES under `prefix`, plus raw entries written by `extra`.
fn tarball(prefix: &str, extra: impl FnOnce(&mut tar::Builder<Vec<u8>>)) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for (name, contents) in FILES {
        let mut header = tar::Header::new_gnu();
        header.set_size(contents.len() as u64);
        header.set_mode(0o644);
        let path = format!("{prefix}{name}");
        builder
            .append_data(&mut header, path, contents.as_bytes())
            .unwrap();
    }
    extra(&mut builder);
    let tar = builder.into_inner().unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, &tar).unwrap();
    gz.finish().unwrap()
}

/// Runs `target` with `scratch` as the temp folder, returning stdout messages and records.
fn run(target: &Path, scratch: &Path) -> common::Run {
    KvmCmd::new()
        .env("TMPDIR", scratch.to_str().unwrap())
        .arg(target)
        // A konnector in local mode needs its account fields (here none).
        .args(["--log-format", "json", "--timeout", "20", "--fields", "{}"])
        .output()
}

/// Every file under `dir`, relative.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else {
                out.push(path.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out
}

#[test]
fn folder_main_file_and_archives_print_the_same() {
    let dir = Dir::new();
    let folder = konnector(&dir);
    let scratch = dir.path().join("tmp");
    std::fs::create_dir(&scratch).unwrap();
    for target in [folder.clone(), folder.join("lib/main.js")] {
        let out = run(&target, &scratch);
        assert_eq!(out.messages(), EXPECTED, "{}", out.describe());
    }
    for prefix in ["package/", ""] {
        let archive = dir.path().join(format!("k{}.tar.gz", prefix.len()));
        std::fs::write(&archive, tarball(prefix, |_| {})).unwrap();
        let out = run(&archive, &scratch);
        assert_eq!(out.messages(), EXPECTED, "{prefix}: {}", out.describe());
        // Nothing of the archive was written anywhere: not in the temp folder (where the
        // run's scratch folder was made and removed), not beside the archive.
        assert_eq!(files_under(&scratch), Vec::<PathBuf>::new());
        let beside: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("main") || n == "lib" || n == "package")
            .collect();
        assert!(beside.is_empty(), "{beside:?}");
    }
}

#[test]
fn the_report_names_the_konnector_from_its_manifest() {
    let dir = Dir::new();
    let folder = konnector(&dir);
    let report = dir.path().join("report.json");
    let out = KvmCmd::new()
        .arg(&folder)
        .args(["--log-format", "json", "--fields", "{}"])
        .args(["--report", report.to_str().unwrap()])
        .output();
    out.assert_code(0);
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(report).unwrap()).unwrap();
    assert_eq!(
        report["konnector"],
        serde_json::json!({"slug": "demo", "name": "Demo vendor"})
    );
}

/// A raw tar entry, written by hand: the builder's own setters refuse `..`, as they should.
fn raw_entry(builder: &mut tar::Builder<Vec<u8>>, name: &str, size: usize) {
    let mut header = tar::Header::new_gnu();
    header.set_entry_type(tar::EntryType::Regular);
    header.set_size(size as u64);
    header.as_old_mut().name[..name.len()].copy_from_slice(name.as_bytes());
    header.set_cksum();
    builder.append(&header, &vec![b'x'; size][..]).unwrap();
}

fn critical(out: &common::Run) -> String {
    out.records()
        .iter()
        .filter(|r| r["type"] == "critical")
        .map(|r| r["message"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn hostile_archives_fail_with_their_reason() {
    let dir = Dir::new();
    let escape = dir.path().join("escape.tar.gz");
    std::fs::write(&escape, tarball("", |b| raw_entry(b, "../escape.js", 3))).unwrap();
    let out = run(&escape, dir.path());
    assert_eq!(out.code(), 1, "{}", out.describe());
    let message = critical(&out);
    assert!(
        message.contains("escape.tar.gz: entry ../escape.js would land outside the archive"),
        "{message}"
    );
    assert!(!dir.path().parent().unwrap().join("escape.js").exists());

    // 300 MiB of one byte repeated compresses to a few hundred KiB: a tar bomb.
    let bomb = dir.path().join("bomb.tar.gz");
    std::fs::write(&bomb, tarball("", |b| raw_entry(b, "big.bin", 300 << 20))).unwrap();
    let out = run(&bomb, dir.path());
    assert_eq!(out.code(), 1, "{}", out.describe());
    let message = critical(&out);
    assert!(
        message.contains("bomb.tar.gz: entry big.bin is 314572800 bytes, over the"),
        "{message}"
    );
}

#[test]
fn folders_fall_back_to_index_and_name_a_missing_main() {
    let dir = Dir::new();
    dir.write("plain/index.js", "console.log('from index');");
    let out = run(&dir.path().join("plain"), dir.path());
    assert_eq!(out.messages(), "from index\n", "{}", out.describe());

    dir.write("broken/package.json", r#"{"main":"lib/gone.js"}"#);
    let out = run(&dir.path().join("broken"), dir.path());
    assert_eq!(out.code(), 1, "{}", out.describe());
    let message = critical(&out);
    let tried = std::fs::canonicalize(dir.path())
        .unwrap()
        .join("broken/lib/gone.js");
    assert!(
        message.contains(&format!("no entry point: tried {}", tried.display())),
        "{message}"
    );
}

/// `cozy-konnector-libs` is kvm's own unless the konnector ships one in node_modules, which
/// always wins; other packages are never made up.
#[test]
fn cozy_konnector_libs_is_served_only_when_the_konnector_has_none() {
    let dir = Dir::new();
    let script = "const libs = require('cozy-konnector-libs');\n\
                  console.log(require.resolve('cozy-konnector-libs'), 'saveBills' in libs);\n\
                  try { require('left-pad') } catch (e) { console.log(e.code) }\n";
    dir.write("bare/index.js", script);
    let out = run(&dir.path().join("bare"), dir.path());
    assert_eq!(
        out.messages(),
        "kvm:cozy-konnector-libs true\nMODULE_NOT_FOUND\n",
        "{}",
        out.describe()
    );

    dir.write("own/index.js", script);
    dir.write(
        "own/node_modules/cozy-konnector-libs/index.js",
        "exports.mine = true;",
    );
    let out = run(&dir.path().join("own"), dir.path());
    let own = std::fs::canonicalize(dir.path().join("own/node_modules/cozy-konnector-libs"))
        .unwrap()
        .join("index.js");
    assert_eq!(
        out.messages(),
        format!("{} false\nMODULE_NOT_FOUND\n", own.display()),
        "{}",
        out.describe()
    );
}
