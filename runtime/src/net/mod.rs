//! The sandboxed network (DESIGN §4): the only way a konnector reaches anything.
//!
//! `policy` decides, purely, which URLs and addresses a run may reach. The rest is the
//! transport built on it, one step per file: `config` (allowances, curl-style overrides,
//! limits), `resolver` (hickory or a stub), `pin` (resolve, check every answer, keep only
//! checked addresses), `connector` (dials only those, TLS), `client` (the run's [`Network`]:
//! hop-by-hop redirects, timeouts, concurrency), `body` (decoding and size caps), `stats`
//! (the report's records and the per-run totals), `upload` (request bodies, whole or
//! streamed), `error` (one [`NetError`] with its codes), `local` (an origin answered
//! in-process: the local Cozy), `record` and `replay` (`--record`/`--replay` of HAR files:
//! `har` the format, `redact` the secrets kept out of them), `cookie_jar` (a run's cookies for
//! konnector-lib's request, in tough-cookie's serialization).

mod body;
mod client;
mod config;
mod connector;
pub mod cookie_jar;
mod error;
pub mod har;
mod local;
mod pin;
pub mod policy;
mod record;
pub mod redact;
mod replay;
mod resolver;
mod stats;
#[cfg(test)]
#[path = "../../../tests/common/server.rs"]
pub(crate) mod test_server;
mod upload;

pub use body::ResponseBody;
pub use client::{FetchRequest, FetchResponse, Network, RedirectMode};
pub use config::{ConnectTo, NetConfig, NetLimits, OverrideError, ResolveOverride, Traffic};
pub use error::NetError;
pub use local::{LocalHandler, LocalOrigin};
pub use record::Recording;
pub use replay::{Cassette, UNMATCHED_RULE};
pub use resolver::{Resolver, StubFn};
pub use stats::{DeniedRecord, NetStats, RequestRecord};
pub use upload::{body_channel, BodyClosed, BodySender, BodyStream, RequestBody};
