//! The stack's stdout protocol (DESIGN §3 "Output protocol"): one JSON object per line,
//! `{"type": "debug|info|warning|error|critical", "message": "..."}`, at most 64 KiB a line,
//! `message` cut at 4000 characters. Everything a script prints becomes a [`LogRecord`] here,
//! so the caps and the validation of cozy-logger lines live in one place.

mod lines;
mod record;

pub use lines::LineSplitter;
pub use record::{Level, LogRecord, MAX_LINE_BYTES, MAX_MESSAGE_CHARS};

/// The job's error as the stack computes it: the last `critical` message, else the last `error`.
pub fn job_error(records: &[LogRecord]) -> Option<&str> {
    let last = |level| records.iter().rev().find(|r| r.level == level);
    last(Level::Critical)
        .or_else(|| last(Level::Error))
        .map(|r| r.message.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn critical_wins_over_a_later_error() {
        let records = vec![
            LogRecord::new(Level::Critical, "LOGIN_FAILED"),
            LogRecord::new(Level::Error, "later"),
        ];
        assert_eq!(job_error(&records), Some("LOGIN_FAILED"));
    }

    #[test]
    fn last_error_when_no_critical() {
        let records = vec![
            LogRecord::new(Level::Error, "first"),
            LogRecord::new(Level::Info, "x"),
            LogRecord::new(Level::Error, "VENDOR_DOWN"),
        ];
        assert_eq!(job_error(&records), Some("VENDOR_DOWN"));
        assert_eq!(job_error(&[LogRecord::new(Level::Info, "ok")]), None);
    }
}
