//! One log record and its JSON line.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The stack reads at most this many bytes of one stdout line.
pub const MAX_LINE_BYTES: usize = 64 * 1024;
/// The stack keeps at most this many characters of a `message`.
pub const MAX_MESSAGE_CHARS: usize = 4000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Debug,
    Info,
    Warning,
    Error,
    Critical,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Debug => "debug",
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
            Level::Critical => "critical",
        }
    }

    fn parse(s: &str) -> Option<Level> {
        Some(match s {
            "debug" => Level::Debug,
            // cozy-logger's `ok` (a success worth showing) is information to the stack.
            "info" | "ok" => Level::Info,
            "warning" | "warn" => Level::Warning,
            "error" => Level::Error,
            "critical" => Level::Critical,
            _ => return None,
        })
    }
}

/// A record of the run's log. `extra` keeps the other fields of a cozy-logger line
/// (`time`, `label`, `namespace`, `no_retry`) so they pass through to the stack unchanged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogRecord {
    #[serde(rename = "type")]
    pub level: Level,
    pub message: String,
    #[serde(flatten, skip_serializing_if = "Map::is_empty", default)]
    pub extra: Map<String, Value>,
}

impl LogRecord {
    pub fn new(level: Level, message: impl Into<String>) -> Self {
        LogRecord {
            level,
            message: cap_message(message.into()),
            extra: Map::new(),
        }
    }

    /// A line the script wrote to stdout: a valid cozy-logger object keeps its type and fields,
    /// anything else is a `debug` record of the text (DESIGN §3).
    pub fn from_stdout_line(line: &str) -> Self {
        Self::from_json_line(line).unwrap_or_else(|| LogRecord::new(Level::Debug, line))
    }

    fn from_json_line(line: &str) -> Option<Self> {
        if !line.trim_start().starts_with('{') {
            return None;
        }
        let Value::Object(mut object) = serde_json::from_str::<Value>(line).ok()? else {
            return None;
        };
        let level = Level::parse(object.get("type")?.as_str()?)?;
        let message = match object.remove("message") {
            Some(Value::String(s)) => s,
            Some(Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        };
        object.remove("type");
        let mut record = LogRecord::new(level, message);
        record.extra = object;
        Some(record)
    }

    /// The protocol line for this record, within the stack's line cap.
    pub fn to_json_line(&self) -> String {
        let line = serde_json::to_string(self).expect("a record always serializes");
        if line.len() <= MAX_LINE_BYTES {
            return line;
        }
        // Only oversized extra fields can get here (the message is capped): drop them.
        serde_json::to_string(&LogRecord::new(self.level, self.message.clone()))
            .expect("a record always serializes")
    }
}

fn cap_message(mut message: String) -> String {
    if let Some((cut, _)) = message.char_indices().nth(MAX_MESSAGE_CHARS) {
        message.truncate(cut);
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cozy_logger_line_keeps_type_and_fields() {
        let r = LogRecord::from_stdout_line(
            r#"{"type":"critical","message":"LOGIN_FAILED","label":"x","no_retry":true}"#,
        );
        assert_eq!(r.level, Level::Critical);
        assert_eq!(r.message, "LOGIN_FAILED");
        assert_eq!(r.extra["label"], "x");
        assert_eq!(
            r.to_json_line(),
            r#"{"type":"critical","message":"LOGIN_FAILED","label":"x","no_retry":true}"#
        );
    }

    #[test]
    fn cozy_logger_ok_is_info() {
        let r = LogRecord::from_stdout_line(r#"{"type":"ok","message":"saved 3 bills"}"#);
        assert_eq!(
            (r.level, r.message.as_str()),
            (Level::Info, "saved 3 bills")
        );
    }

    #[test]
    fn other_text_and_invalid_objects_are_debug() {
        for line in [
            "hello",
            r#"{"type":"bogus","message":"m"}"#,
            "{not json",
            "[1]",
        ] {
            let r = LogRecord::from_stdout_line(line);
            assert_eq!((r.level, r.message.as_str()), (Level::Debug, line));
        }
    }

    #[test]
    fn message_is_cut_at_4000_characters() {
        let r = LogRecord::new(Level::Info, "é".repeat(5000));
        assert_eq!(r.message.chars().count(), MAX_MESSAGE_CHARS);
        let line = format!(r#"{{"type":"info","message":"{}"}}"#, "a".repeat(9000));
        assert_eq!(
            LogRecord::from_stdout_line(&line).message.len(),
            MAX_MESSAGE_CHARS
        );
    }
}
