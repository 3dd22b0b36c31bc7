//! kvm runs Cozy konnectors (untrusted Node.js scripts) in sandboxed QuickJS isolates.
//! See DESIGN.md: `engine/` is the only code touching the JS engine, `ops/` the host
//! capabilities the JS shims call, `protocol/` the stack's stdout protocol, `run/` what a run
//! is given and gives back, `cozy/` the local Cozy a run saves into in development, `cli/`
//! the `kvm` command.

pub mod cli;
pub mod code_cache;
pub mod cozy;
mod engine;
pub mod net;
mod ops;
pub mod protocol;
pub mod run;

pub use code_cache::CodeCache;
pub use protocol::{Level, LogRecord};
pub use run::report::{Outcome, RunReport, Stats};
pub use run::spec::{Backend, JobEnv, Limits, LocalBackend, RunSpec, Secret};
pub use run::{run, LogSink};
