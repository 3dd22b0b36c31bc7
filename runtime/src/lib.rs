//! kvm runs Cozy konnectors (untrusted Node.js scripts) in sandboxed QuickJS isolates.
//! See DESIGN.md: `engine/` is the only code touching the JS engine, `ops/` the host
//! capabilities the JS shims call, `protocol/` the stack's stdout protocol, `run/` what a run
//! is given and gives back, `host/` the embedding API (a [`Host`] runs many at once),
//! `cozy/` the local Cozy a run saves into in development, `cli/` the `kvm` command, `capi/`
//! the C ABI over [`Host`] (for the Go stack, through cgo).

pub mod capi;
pub mod cli;
pub mod code_cache;
pub mod cozy;
pub mod cozy_client;
mod engine;
pub mod host;
mod html;
pub mod net;
mod ops;
pub mod protocol;
pub mod run;

pub use code_cache::CodeCache;
pub use host::{Canceller, Host, HostConfig, RunHandle};
pub use protocol::{Level, LogRecord};
pub use run::report::{Outcome, RunReport, Stats};
pub use run::spec::{
    Backend, JobEnv, KonnectorInput, LimitOverrides, Limits, LocalBackend, NetAdditions, RunSpec,
    Secret, Traffic,
};
pub use run::LogSink;
