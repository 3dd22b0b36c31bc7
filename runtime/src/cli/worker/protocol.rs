//! The worker's JSON lines (README "Worker mode"): what a line on stdin asks, and the
//! events written on stdout. Every event names its run's `id`, set by the worker: a field
//! a script puts in its own log lines never overrides it.

use serde_json::{Map, Value};

use crate::host::json::RunRequest;
use crate::protocol::LogRecord;
use crate::run::report::RunReport;
use crate::run::spec::RunSpec;

/// What a valid line asks.
#[derive(Debug)]
pub enum Request {
    /// Start a run.
    Run { id: String, spec: Box<RunSpec> },
    /// `{"cancel": ID}`: cancel the run going with that id.
    Cancel(String),
}

/// A line that is no request: what is wrong, and the id it names when one can be read.
#[derive(Debug)]
pub struct LineError {
    pub id: Option<String>,
    pub message: String,
}

impl LineError {
    fn new(id: Option<&str>, message: impl Into<String>) -> Self {
        LineError {
            id: id.map(String::from),
            message: message.into(),
        }
    }
}

pub fn parse(line: &[u8]) -> Result<Request, LineError> {
    let value: Value = serde_json::from_slice(line)
        .map_err(|e| LineError::new(None, format!("invalid JSON: {e}")))?;
    let Value::Object(object) = value else {
        return Err(LineError::new(
            None,
            "expected a JSON object: a run request or {\"cancel\": ID}",
        ));
    };
    if let Some(target) = object.get("cancel") {
        let target = target.as_str();
        if object.len() > 1 {
            return Err(LineError::new(
                target,
                "a cancel line has one field: {\"cancel\": ID}",
            ));
        }
        return target
            .map(|id| Request::Cancel(id.to_string()))
            .ok_or_else(|| LineError::new(None, "cancel: expected a run's id (a string)"));
    }
    let id = match object.get("id") {
        Some(Value::String(id)) if !id.is_empty() => id.clone(),
        Some(_) => return Err(LineError::new(None, "id: expected a non-empty string")),
        None => {
            return Err(LineError::new(
                None,
                "id: missing; each run request needs one, its events carry it",
            ))
        }
    };
    let fail = |message: String| LineError::new(Some(&id), message);
    let request: RunRequest = serde_json::from_value(Value::Object(object))
        .map_err(|e| fail(format!("run request: {e}")))?;
    let spec = request.into_spec().map_err(|e| fail(e.to_string()))?;
    Ok(Request::Run {
        id,
        spec: Box::new(spec),
    })
}

/// `{"id","event":"log","type","message", ...}`: the record's own extra fields (cozy-logger's
/// `time`, `label`, `namespace`...) follow, except those named `id` or `event`.
pub fn log_event(id: &str, record: &LogRecord) -> String {
    let mut event = header(id, "log");
    event.insert("type".into(), record.level.as_str().into());
    event.insert("message".into(), record.message.clone().into());
    for (name, value) in &record.extra {
        if !event.contains_key(name) {
            event.insert(name.clone(), value.clone());
        }
    }
    Value::Object(event).to_string()
}

/// `{"id","event":"report", ...the report's fields}`.
pub fn report_event(report: &RunReport) -> String {
    let mut event = header(&report.id, "report");
    let fields = match serde_json::to_value(report) {
        Ok(Value::Object(fields)) => fields,
        Ok(other) => return report_lost(report, &format!("not an object: {other}")),
        Err(e) => return report_lost(report, &e.to_string()),
    };
    event.extend(fields.into_iter().filter(|(name, _)| name != "id"));
    Value::Object(event).to_string()
}

fn report_lost(report: &RunReport, why: &str) -> String {
    let message = format!(
        "cannot write the report (outcome {:?}): {why}",
        report.outcome
    );
    error_event(Some(&report.id), None, &message)
}

/// `{"id","event":"error","line","message"}`: `id` when the line names one, `line` (from 1)
/// when the error is about a line of stdin.
pub fn error_event(id: Option<&str>, line: Option<u64>, message: &str) -> String {
    let mut event = Map::new();
    if let Some(id) = id {
        event.insert("id".into(), id.into());
    }
    event.insert("event".into(), "error".into());
    if let Some(line) = line {
        event.insert("line".into(), line.into());
    }
    event.insert("message".into(), message.into());
    Value::Object(event).to_string()
}

fn header(id: &str, kind: &str) -> Map<String, Value> {
    let mut event = Map::new();
    event.insert("id".into(), id.into());
    event.insert("event".into(), kind.into());
    event
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::Level;

    fn error(line: &str) -> (Option<String>, String) {
        match parse(line.as_bytes()) {
            Err(LineError { id, message }) => (id, message),
            Ok(request) => panic!("{line} parsed as {request:?}"),
        }
    }

    #[test]
    fn lines_become_runs_and_cancels() {
        let Ok(Request::Run { id, spec }) = parse(br#"{"id": "a", "konnector": "k.js"}"#) else {
            panic!("not a run");
        };
        assert_eq!((id.as_str(), spec.id.as_deref()), ("a", Some("a")));
        assert!(matches!(parse(br#"{"cancel": "a"}"#), Ok(Request::Cancel(id)) if id == "a"));
    }

    #[test]
    fn each_mistake_is_named_with_the_id_when_readable() {
        assert_eq!(error("{\"id\": ").0, None);
        assert!(error("{\"id\": ").1.starts_with("invalid JSON"));
        assert!(error("[1]").1.contains("expected a JSON object"));
        assert!(error(r#"{"konnector": "k"}"#).1.contains("id: missing"));
        assert!(error(r#"{"id": 3, "konnector": "k"}"#)
            .1
            .contains("non-empty string"));
        let (id, message) = error(r#"{"id": "b"}"#);
        assert_eq!(id.as_deref(), Some("b"));
        assert!(message.contains("missing field `konnector`"), "{message}");
        let (id, message) = error(r#"{"id": "c", "konnector": "k", "colour": 1}"#);
        assert_eq!(id.as_deref(), Some("c"));
        assert!(message.contains("unknown field `colour`"), "{message}");
        let (_, message) = error(r#"{"id": "d", "konnector": "k", "env": {"HOME": "/"}}"#);
        assert!(
            message.contains("env.HOME: not a Cozy job variable"),
            "{message}"
        );
        let (id, message) = error(r#"{"cancel": "e", "id": "e"}"#);
        assert_eq!(id.as_deref(), Some("e"));
        assert!(message.contains("one field"));
        assert!(error(r#"{"cancel": 1}"#).1.contains("a run's id"));
    }

    #[test]
    fn a_script_cannot_speak_for_another_run() {
        let mut record = LogRecord::new(Level::Info, "hi");
        record.extra.insert("id".into(), "other".into());
        record.extra.insert("event".into(), "report".into());
        record.extra.insert("label".into(), "login".into());
        let event: Value = serde_json::from_str(&log_event("mine", &record)).unwrap();
        assert_eq!(
            event,
            serde_json::json!({"id": "mine", "event": "log", "type": "info", "message": "hi",
                               "label": "login"})
        );
    }
}
