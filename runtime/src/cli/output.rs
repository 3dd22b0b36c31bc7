//! How records reach the terminal: the stack's JSON lines, or one readable line each.

use std::io::{IsTerminal, Write};

use crate::protocol::{Level, LogRecord};
use crate::run::report::RunReport;

use super::args::LogFormat;

/// Denials logged by the network (`ops/fetch.rs`) start so; they get a colour of their own.
const DENIAL_PREFIX: &str = "ERR_NETWORK_DENIED";

pub struct Printer {
    format: LogFormat,
    colour: bool,
}

impl Printer {
    /// Pretty with colours on a terminal, JSON lines otherwise (what the stack parses).
    pub fn new(format: Option<LogFormat>) -> Self {
        let terminal = std::io::stdout().is_terminal();
        let format = format.unwrap_or(if terminal {
            LogFormat::Pretty
        } else {
            LogFormat::Json
        });
        let colour = terminal && std::env::var_os("NO_COLOR").is_none();
        Printer { format, colour }
    }

    pub fn record(&self, record: &LogRecord) {
        let line = match self.format {
            LogFormat::Json => record.to_json_line(),
            LogFormat::Pretty => self.pretty(record),
        };
        // A closed stdout (a pipe to `head`) must not kill the run: drop the line.
        let _ = writeln!(std::io::stdout().lock(), "{line}");
    }

    fn pretty(&self, record: &LogRecord) -> String {
        let time = clock();
        let level = format!("{:<8}", record.level.as_str());
        if !self.colour {
            return format!("{time} {level} {}", record.message);
        }
        let colour = match record.level {
            _ if record.message.starts_with(DENIAL_PREFIX) => "35",
            Level::Debug => "2",
            Level::Info => "36",
            Level::Warning => "33",
            Level::Error => "31",
            Level::Critical => "1;31",
        };
        format!(
            "\x1b[2m{time}\x1b[0m \x1b[{colour}m{level}\x1b[0m {}",
            record.message
        )
    }

    /// A closing line on stderr in pretty mode (stdout stays records only).
    pub fn summary(&self, report: &RunReport) {
        if self.format != LogFormat::Pretty {
            return;
        }
        let outcome = serde_json::to_value(report.outcome)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let error = report
            .error
            .as_deref()
            .map(|e| format!(", error {}", e.lines().next().unwrap_or_default()))
            .unwrap_or_default();
        let stats = &report.stats;
        let mib = |bytes: u64| bytes as f64 / (1024.0 * 1024.0);
        eprintln!(
            "── {outcome} in {} ms, {} ms of CPU (exit code {}{error}), peak heap {:.1} MiB, \
             {} requests ({:.1} MiB in, {:.1} MiB out), {} denied",
            stats.wall_ms,
            stats.cpu_ms,
            report.exit_code,
            mib(stats.peak_heap_bytes),
            stats.requests,
            mib(stats.bytes_in),
            mib(stats.bytes_out),
            stats.denied,
        );
    }
}

/// Local wall-clock time `HH:MM:SS.mmm` (UTC when the offset cannot be read safely).
fn clock() -> String {
    let now = time::OffsetDateTime::now_local().unwrap_or_else(|_| time::OffsetDateTime::now_utc());
    let format = time::macros::format_description!("[hour]:[minute]:[second].[subsecond digits:3]");
    now.format(&format).unwrap_or_default()
}
