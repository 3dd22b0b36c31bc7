//! The run's log: every record is kept for the report and handed to the sink as it happens,
//! within a byte budget so a log flood cannot grow the host's memory (DESIGN §5).

use std::sync::Arc;

use crate::protocol::{Level, LineSplitter, LogRecord};

/// Receives each record as it happens, with the id of the run it comes from (the CLI
/// prints it; the stack publishes it as a realtime event). Called on the run's thread.
pub type LogSink = Arc<dyn Fn(&str, &LogRecord) + Send + Sync>;

pub struct RunLog {
    run_id: String,
    records: Vec<LogRecord>,
    sink: LogSink,
    budget: usize,
    dropped: u64,
    stdout: LineSplitter,
    stderr: LineSplitter,
}

/// The stream a script wrote to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

impl RunLog {
    pub fn new(run_id: String, sink: LogSink, budget: usize) -> Self {
        RunLog {
            run_id,
            records: Vec::new(),
            sink,
            budget,
            dropped: 0,
            stdout: LineSplitter::default(),
            stderr: LineSplitter::default(),
        }
    }

    pub fn push(&mut self, record: LogRecord) {
        let size = record.message.len() + 16;
        // Host endings (TIMEOUT, MEMORY_LIMIT, uncaught errors) are critical and always kept.
        if size > self.budget && record.level != Level::Critical {
            self.dropped += 1;
            return;
        }
        self.budget = self.budget.saturating_sub(size);
        (self.sink)(&self.run_id, &record);
        self.records.push(record);
    }

    /// Text the script wrote: stdout lines follow the protocol (cozy-logger JSON lines keep
    /// their type, other text is `debug`); stderr lines are `warning`s.
    pub fn write(&mut self, stream: Stream, text: &str) {
        let mut lines = Vec::new();
        self.splitter(stream)
            .push(text, |l| lines.push(l.to_string()));
        for line in lines {
            self.push_line(stream, &line);
        }
    }

    /// Emits partial lines left at the end of the run.
    pub fn flush(&mut self) {
        for stream in [Stream::Stdout, Stream::Stderr] {
            let mut lines = Vec::new();
            self.splitter(stream).flush(|l| lines.push(l.to_string()));
            for line in lines {
                self.push_line(stream, &line);
            }
        }
    }

    pub fn records(&self) -> &[LogRecord] {
        &self.records
    }

    pub fn finish(mut self) -> (Vec<LogRecord>, u64) {
        self.flush();
        if self.dropped > 0 {
            let note = LogRecord::new(
                Level::Warning,
                format!(
                    "LOG_LIMIT: {} log records were dropped past the run's log budget",
                    self.dropped
                ),
            );
            (self.sink)(&self.run_id, &note);
            self.records.push(note);
        }
        (self.records, self.dropped)
    }

    fn splitter(&mut self, stream: Stream) -> &mut LineSplitter {
        match stream {
            Stream::Stdout => &mut self.stdout,
            Stream::Stderr => &mut self.stderr,
        }
    }

    fn push_line(&mut self, stream: Stream, line: &str) {
        let record = match stream {
            Stream::Stdout => LogRecord::from_stdout_line(line),
            Stream::Stderr => LogRecord::new(Level::Warning, line),
        };
        self.push(record);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn budget_drops_records_but_keeps_critical_ones() {
        let seen = Arc::new(Mutex::new(0));
        let counter = seen.clone();
        let sink: LogSink = Arc::new(move |id, _| {
            assert_eq!(id, "run-1");
            *counter.lock().unwrap() += 1
        });
        let mut log = RunLog::new("run-1".into(), sink, 100);
        for _ in 0..10 {
            log.write(Stream::Stdout, "0123456789012345678901234567890123456789\n");
        }
        log.push(LogRecord::new(Level::Critical, "TIMEOUT"));
        let (records, dropped) = log.finish();
        // Each line costs 40 + 16 bytes: one fits in 100.
        assert_eq!(dropped, 9);
        assert_eq!(records.len(), 3);
        assert_eq!(records[1].message, "TIMEOUT");
        assert!(records[2].message.starts_with("LOG_LIMIT: 9"));
        assert_eq!(*seen.lock().unwrap(), 3);
    }

    #[test]
    fn stderr_is_warning_and_partial_lines_flush() {
        let mut log = RunLog::new(String::new(), Arc::new(|_, _| {}), 1 << 20);
        log.write(Stream::Stderr, "careful\n");
        log.write(Stream::Stdout, "no newline");
        let (records, _) = log.finish();
        assert_eq!(records[0].level, Level::Warning);
        assert_eq!(
            (records[1].level, records[1].message.as_str()),
            (Level::Debug, "no newline")
        );
    }
}
