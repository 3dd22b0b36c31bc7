//! An origin answered in-process, without a socket: in development the stack's origin
//! (`COZY_URL`) is the local Cozy (DESIGN §6). Requests to it never reach the policy, the
//! resolver or a connection, so it opens no hole: nothing is forwarded anywhere. They are
//! still recorded and counted like any request, and their bodies read like any body.

use std::fmt;
use std::sync::Arc;

use bytes::Bytes;
use futures_util::future::BoxFuture;
use http::{Request, Response};
use url::{Origin, Url};

/// Answers one request to the local origin.
pub type LocalHandler =
    Arc<dyn Fn(Request<Bytes>) -> BoxFuture<'static, Response<Bytes>> + Send + Sync>;

/// The origin (scheme, host, port) a [`LocalHandler`] answers for.
#[derive(Clone)]
pub struct LocalOrigin {
    origin: Origin,
    url: String,
    handler: LocalHandler,
}

impl LocalOrigin {
    /// Requests to the origin of `url` go to `handler`.
    pub fn new(url: &str, handler: LocalHandler) -> Result<LocalOrigin, url::ParseError> {
        let parsed = Url::parse(url)?;
        Ok(LocalOrigin {
            origin: parsed.origin(),
            url: url.to_owned(),
            handler,
        })
    }

    /// The URL when it is on this origin.
    pub(super) fn serves(&self, url: &str) -> Option<Url> {
        Url::parse(url).ok().filter(|u| u.origin() == self.origin)
    }

    pub(super) async fn answer(&self, request: Request<Bytes>) -> Response<Bytes> {
        (self.handler)(request).await
    }
}

impl fmt::Debug for LocalOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LocalOrigin")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}
