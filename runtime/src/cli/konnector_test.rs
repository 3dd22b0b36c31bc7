//! `kvm test KONNECTOR`: replays the konnector's recording into a local Cozy in a temporary
//! folder and compares what it saved with the committed snapshot (issue 6).
//!
//! The account fields are, unless `--fields` or `--config` gives them, the recording's own
//! placeholders (`{"login": "[REDACTED:login]"}`): the requests then match the redacted
//! recording, no secret is needed in CI, and none reaches the snapshot. The snapshot is
//! `kvm::cozy::snapshot` of the saved data, keys sorted, pretty-printed. Exit status: 0
//! when the saved data matches (or `--update` wrote it), 1 when it differs (a unified diff
//! on stdout, coloured only on a terminal), when the snapshot is missing or the run failed,
//! 2 on usage errors.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context as _, Result};
use serde_json::{Map, Value};

use super::args::TestArgs;
use crate::cozy::snapshot;
use crate::net::har::Har;
use crate::net::redact::field_placeholder;
use crate::protocol::Level;
use crate::run::report::Outcome;

/// Where a konnector keeps its recording and its snapshot unless told otherwise.
const CASSETTE: &str = "fixtures/cassette.har";
const SNAPSHOT: &str = "fixtures/snapshot.json";

pub(super) fn test(args: &TestArgs) -> Result<ExitCode> {
    let mut run = args.run.clone();
    if run.record.is_some() || run.replay.is_some() || run.local.is_some() {
        bail!("kvm test: --record, --replay and --local are its own; use --cassette FILE.har");
    }
    let folder = super::local::konnector_folder(&run.script);
    let cassette = args
        .cassette
        .clone()
        .unwrap_or_else(|| folder.join(CASSETTE));
    let snapshot_path = args
        .snapshot
        .clone()
        .unwrap_or_else(|| folder.join(SNAPSHOT));
    if run.fields.is_none() && run.config.is_none() {
        run.fields = Some(placeholder_fields(&cassette)?.to_string());
    }
    // Checked before the run, so a missing snapshot fails at once.
    let committed = match std::fs::read_to_string(&snapshot_path) {
        Ok(committed) => Some(committed),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && args.update => None,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            println!(
                "kvm test: no snapshot at {}: run `kvm test {} --update` to write it",
                snapshot_path.display(),
                run.script.display()
            );
            return Ok(ExitCode::from(1));
        }
        Err(e) => return Err(e).context(format!("cannot read {}", snapshot_path.display())),
    };
    let data = tempfile::tempdir().context("kvm test: cannot make a temporary folder")?;
    run.local = Some(Some(data.path().to_path_buf()));
    run.replay = Some(cassette.clone());

    // The log is printed only if the run fails: CI output stays the verdict.
    let report = super::run_with(&run, std::sync::Arc::new(|_, _| {}))?;
    let mut out = std::io::stdout().lock();
    if report.outcome != Outcome::Success {
        writeln!(
            out,
            "kvm test: the replay of {} failed:",
            cassette.display()
        )?;
        for record in report.logs.iter().filter(|r| r.level != Level::Debug) {
            writeln!(out, "  {:<8} {}", record.level.as_str(), record.message)?;
        }
        return Ok(ExitCode::from(1));
    }
    let saved = snapshot::saved_data(data.path())?;
    let text = serde_json::to_string_pretty(&sorted(saved))? + "\n";
    let committed = match committed {
        Some(committed) if !args.update => committed,
        _ => {
            write(&snapshot_path, &text)?;
            writeln!(out, "kvm test: wrote {}", snapshot_path.display())?;
            return Ok(ExitCode::SUCCESS);
        }
    };
    if committed == text {
        writeln!(
            out,
            "kvm test: the saved data matches {} ({} requests, the Cozy's included)",
            snapshot_path.display(),
            report.stats.requests
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let snapshot_name = snapshot_path.display().to_string();
    write!(out, "{}", diff(&committed, &text, &snapshot_name, colour))?;
    writeln!(
        out,
        "kvm test: the saved data differs from {snapshot_name}; if the change is right, \
         run `kvm test {} --update`",
        run.script.display()
    )?;
    Ok(ExitCode::from(1))
}

/// Account fields whose values are the recording's placeholders, nested as labelled.
fn placeholder_fields(cassette: &Path) -> Result<Value> {
    let text = std::fs::read(cassette).with_context(|| {
        format!(
            "kvm test: cannot read the recording {} (make one with `kvm run KONNECTOR \
             --record {}`, or name it with --cassette)",
            cassette.display(),
            cassette.display()
        )
    })?;
    let har: Har = serde_json::from_slice(&text)
        .with_context(|| format!("{} is not a HAR 1.2 file", cassette.display()))?;
    let mut fields = Map::new();
    for label in &har.log.redacted_fields {
        let mut at = &mut fields;
        let mut parts = label.split('.').peekable();
        while let Some(part) = parts.next() {
            if parts.peek().is_none() {
                at.insert(part.to_owned(), field_placeholder(label).into());
                break;
            }
            let next = at.entry(part).or_insert_with(|| Value::Object(Map::new()));
            let Value::Object(map) = next else { break };
            at = map;
        }
    }
    Ok(Value::Object(fields))
}

/// `value` with every object's keys sorted, so that the snapshot does not depend on the
/// order a konnector sets fields in.
fn sorted(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

/// A unified diff from the committed snapshot to this run's, in colour on a terminal.
fn diff(committed: &str, new: &str, name: &str, colour: bool) -> String {
    let diff = similar::TextDiff::from_lines(committed, new);
    let text = diff
        .unified_diff()
        .context_radius(3)
        .header(name, "this run")
        .to_string();
    if !colour {
        return text;
    }
    text.lines()
        .map(|line| match line.as_bytes().first() {
            Some(b'+') => format!("\x1b[32m{line}\x1b[0m\n"),
            Some(b'-') => format!("\x1b[31m{line}\x1b[0m\n"),
            Some(b'@') => format!("\x1b[36m{line}\x1b[0m\n"),
            _ => format!("{line}\n"),
        })
        .collect()
}

fn write(path: &PathBuf, text: &str) -> Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("--update: cannot make {}", parent.display()))?;
    }
    std::fs::write(path, text).with_context(|| format!("--update: cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn placeholder_fields_nest_as_labelled() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.har");
        std::fs::write(
            &path,
            json!({"log": {"version": "1.2", "creator": {"name": "kvm", "version": "0"},
                "entries": [], "_redactedFields": ["login", "extra.token"]}})
            .to_string(),
        )
        .unwrap();
        assert_eq!(
            placeholder_fields(&path).unwrap(),
            json!({"login": "[REDACTED:login]", "extra": {"token": "[REDACTED:extra.token]"}})
        );
        let err = placeholder_fields(&dir.path().join("none.har")).unwrap_err();
        assert!(format!("{err:#}").contains("--record"), "{err:#}");
    }

    #[test]
    fn the_diff_is_unified_and_plain_off_a_terminal() {
        let diff = diff("a\nb\n", "a\nc\n", "snap.json", false);
        assert_eq!(
            diff,
            "--- snap.json\n+++ this run\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n"
        );
        assert!(!diff.contains('\x1b'));
    }

    #[test]
    fn keys_are_sorted_at_every_depth() {
        let value = sorted(json!({"b": 1, "a": [{"d": 1, "c": 2}]}));
        assert_eq!(value.to_string(), r#"{"a":[{"c":2,"d":1}],"b":1}"#);
    }
}
