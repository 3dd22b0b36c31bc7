//! The local Cozy (DESIGN §6, the `local` backend): the part of the stack's API that
//! konnectors call through cozy-konnector-libs 5.x (cozy-client-js and cozy-client),
//! answered in-process over a folder, so a developer runs a konnector with no Cozy at all.
//!
//! [`LocalCozy::handle`] takes a request and gives the response the stack would: `data`
//! (documents, `_all_docs`, `_normal_docs`, `_find`, `_index`, `_bulk_docs`, references)
//! and `files` (stat by id or path, upload with `Content-MD5` check, replace, download,
//! directories, rename/move/trash, `_find`, upload metadata, references). A run in local
//! mode reaches it through its [`Network`](crate::net::Network) without a socket; [`serve`]
//! puts the same Cozy on a real listener, so a test can run a konnector under `node`
//! against it. `store.rs` says what is written where, `job.rs` what the stack does before
//! a konnector starts (the account, the folder to save to), `snapshot.rs` what a run saved,
//! made comparable (`kvm test`).

mod data;
mod files;
mod job;
mod mango;
mod reply;
mod serve;
pub mod snapshot;
mod store;

use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use bytes::Bytes;
use http::{HeaderMap, Method, Request, Response, StatusCode};
use percent_encoding::percent_decode_str;
use serde_json::Value;

pub use job::KonnectorJob;
pub use reply::Failure;
pub use serve::serve;
pub use store::StoreError;

/// What the stack knows about itself and the app calling it, for the `cozyMetadata` it
/// fills on files.
#[derive(Debug, Clone)]
struct Instance {
    /// The instance's URL, as `COZY_URL` gives it.
    url: String,
    /// The slug of the konnector whose token calls (the stack reads it from the token).
    app: Option<String>,
}

/// A Cozy over a local folder; see the module documentation.
#[derive(Debug)]
pub struct LocalCozy {
    instance: Instance,
    token: String,
    store: Mutex<store::Store>,
}

/// The files a konnector saved through one [`LocalCozy`] (uploaded or replaced).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SavedFiles {
    /// Distinct files (ids), however often each was written.
    pub files: u64,
    /// Their sizes as last written, added up.
    pub bytes: u64,
}

/// One request, split the way the handlers read it.
struct Call {
    method: Method,
    /// The path's segments after `/data` or `/files`, percent-decoded, without empty ones.
    segments: Vec<String>,
    query: Vec<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
}

impl Call {
    /// A query parameter; an empty one is absent (cozy-client sends `Size=` when it does
    /// not know the size).
    fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    fn json(&self) -> Result<Value, Failure> {
        serde_json::from_slice(&self.body)
            .map_err(|e| Failure::bad_request(format!("the body is not JSON: {e}")))
    }
}

impl LocalCozy {
    /// Opens the Cozy stored in `dir` (nothing is created until a konnector writes),
    /// answering as the instance at `url`.
    pub fn open(dir: impl AsRef<Path>, url: &str) -> Result<LocalCozy, StoreError> {
        Ok(LocalCozy {
            instance: Instance {
                url: url.to_owned(),
                app: None,
            },
            token: format!("local-cozy-{}", store::new_id()),
            store: Mutex::new(store::Store::open(dir.as_ref())?),
        })
    }

    /// Names the konnector calling, as its token would tell the stack.
    pub fn with_app(mut self, slug: impl Into<String>) -> LocalCozy {
        self.instance.app = Some(slug.into());
        self
    }

    /// The instance URL requests are answered for.
    pub fn url(&self) -> &str {
        &self.instance.url
    }

    /// The token requests must bear (`Authorization: Bearer ...`), for `COZY_CREDENTIALS`.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// What was saved into files since this Cozy was opened.
    pub fn saved_files(&self) -> SavedFiles {
        self.store().written()
    }

    /// This Cozy as a run's network sees it: one function per request.
    pub fn handler(self: Arc<Self>) -> crate::net::LocalHandler {
        Arc::new(move |request| {
            let cozy = self.clone();
            Box::pin(async move { cozy.handle(request).await })
        })
    }

    fn store(&self) -> std::sync::MutexGuard<'_, store::Store> {
        // Each handler leaves the store consistent or fails before changing it.
        self.store.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Answers one request as the stack would. Errors are responses too: 404 and 409 in
    /// CouchDB's shape under `/data`, JSON:API errors under `/files`.
    pub async fn handle(&self, request: Request<Bytes>) -> Response<Bytes> {
        let (parts, body) = request.into_parts();
        let bearer = parts
            .headers
            .get(http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        if bearer != Some(self.token.as_str()) {
            return Failure::new(StatusCode::UNAUTHORIZED, "Invalid JWT token").jsonapi();
        }
        let mut segments = parts
            .uri
            .path()
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| percent_decode_str(s).decode_utf8_lossy().into_owned());
        let family = segments.next().unwrap_or_default();
        let call = Call {
            method: parts.method,
            segments: segments.collect(),
            query: url::form_urlencoded::parse(parts.uri.query().unwrap_or("").as_bytes())
                .into_owned()
                .collect(),
            headers: parts.headers,
            body,
        };
        let mut store = self.store();
        let answer = match family.as_str() {
            "data" => data::route(&mut store, &call).unwrap_or_else(Failure::couch),
            "files" => {
                files::route(&mut store, &call, &self.instance).unwrap_or_else(Failure::jsonapi)
            }
            _ => Failure::not_found(format!(
                "the local Cozy answers /data and /files, not {}",
                parts.uri.path()
            ))
            .jsonapi(),
        };
        tracing::debug!(method = %call.method, uri = %parts.uri, status = answer.status().as_u16(), "local cozy");
        answer
    }
}

/// The current time as the stack writes dates (RFC 3339, UTC).
fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .expect("the current time formats")
}

#[cfg(test)]
mod tests;
