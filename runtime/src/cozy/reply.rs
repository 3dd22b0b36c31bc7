//! Responses as the stack writes them: CouchDB-like JSON for `/data`, JSON:API for `/files`,
//! and the two error shapes that go with them (cozy-stack `docs/data-system.md`,
//! `docs/files.md`).

use bytes::Bytes;
use http::header::{CONTENT_TYPE, LOCATION};
use http::{Response, StatusCode};
use serde_json::{json, Value};

pub type Reply = Response<Bytes>;

const JSON: &str = "application/json";
pub(super) const JSONAPI: &str = "application/vnd.api+json";

pub(super) fn json(status: StatusCode, value: &Value) -> Reply {
    body(status, JSON, Bytes::from(value.to_string()))
}

pub(super) fn jsonapi(status: StatusCode, value: &Value) -> Reply {
    body(status, JSONAPI, Bytes::from(value.to_string()))
}

/// A JSON:API answer about a file or directory, with the `Location` the stack sends.
pub(super) fn jsonapi_at(status: StatusCode, value: &Value, location: &str) -> Reply {
    let mut reply = jsonapi(status, value);
    if let Ok(location) = location.parse() {
        reply.headers_mut().insert(LOCATION, location);
    }
    reply
}

pub(super) fn body(status: StatusCode, content_type: &str, body: Bytes) -> Reply {
    let mut reply = Response::new(body);
    *reply.status_mut() = status;
    if let Ok(value) = content_type.parse() {
        reply.headers_mut().insert(CONTENT_TYPE, value);
    }
    reply
}

pub(super) fn no_content() -> Reply {
    body(StatusCode::NO_CONTENT, JSON, Bytes::new())
}

/// A refused request: its status and what was wrong, rendered in the shape of the API
/// family that refused it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub status: StatusCode,
    pub detail: String,
}

impl Failure {
    pub(super) fn new(status: StatusCode, detail: impl Into<String>) -> Failure {
        Failure {
            status,
            detail: detail.into(),
        }
    }

    pub(super) fn bad_request(detail: impl Into<String>) -> Failure {
        Failure::new(StatusCode::BAD_REQUEST, detail)
    }

    pub(super) fn not_found(detail: impl Into<String>) -> Failure {
        Failure::new(StatusCode::NOT_FOUND, detail)
    }

    pub(super) fn conflict(detail: impl Into<String>) -> Failure {
        Failure::new(StatusCode::CONFLICT, detail)
    }

    /// The local folder could not be read or written: the developer's disk, not the script.
    pub(super) fn storage(err: impl std::fmt::Display) -> Failure {
        Failure::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("local Cozy: {err}"),
        )
    }

    /// CouchDB's shape, as `/data` answers: `{"status", "error", "reason"}`.
    pub(super) fn couch(self) -> Reply {
        let error = match self.status {
            StatusCode::NOT_FOUND => "not_found",
            StatusCode::CONFLICT => "conflict",
            StatusCode::BAD_REQUEST => "bad_request",
            StatusCode::UNAUTHORIZED => "unauthorized",
            _ => "internal_server_error",
        };
        json(
            self.status,
            &json!({"status": self.status.as_u16(), "error": error, "reason": self.detail}),
        )
    }

    /// JSON:API's shape, as `/files` answers; konnector libraries parse `errors[0].status`
    /// (a string) out of the message.
    pub(super) fn jsonapi(self) -> Reply {
        let title = self.status.canonical_reason().unwrap_or("Error");
        jsonapi(
            self.status,
            &json!({"errors": [{
                "status": self.status.as_u16().to_string(),
                "title": title,
                "detail": self.detail,
                "source": {},
            }]}),
        )
    }
}

impl From<std::io::Error> for Failure {
    fn from(err: std::io::Error) -> Failure {
        Failure::storage(err)
    }
}
