//! The requests the host sends the stack on the konnector's behalf: built as
//! `http::Request`s to the stack's origin with the token as `Authorization: Bearer`, sent
//! through the run's own [`Network`] (so they count, time out and, in local mode, reach the
//! local Cozy in-process like any of the run's requests), and their answers read whole.

use bytes::Bytes;
use http::{header, Method, Request};
use serde_json::Value;
use url::Url;

use super::CozyError;
use crate::net::{FetchRequest, Network, RedirectMode, RequestBody};
use crate::run::spec::Secret;

/// One call to the stack: a method, a path under the instance URL given segment by
/// segment (each percent-encoded, so an id can never add a segment), a query, a body.
#[derive(Debug)]
pub struct StackCall {
    pub method: Method,
    pub segments: Vec<String>,
    pub query: Vec<(&'static str, String)>,
    pub headers: Vec<(header::HeaderName, String)>,
    pub body: Option<Bytes>,
}

impl StackCall {
    pub fn new(method: Method, segments: &[&str]) -> StackCall {
        StackCall {
            method,
            segments: segments.iter().map(|s| s.to_string()).collect(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
        }
    }

    pub fn query(mut self, name: &'static str, value: impl Into<String>) -> StackCall {
        self.query.push((name, value.into()));
        self
    }

    pub fn header(mut self, name: header::HeaderName, value: impl Into<String>) -> StackCall {
        self.headers.push((name, value.into()));
        self
    }

    pub fn json(self, body: &Value) -> StackCall {
        let mut call = self.header(header::CONTENT_TYPE, "application/json");
        call.body = Some(Bytes::from(body.to_string()));
        call
    }

    pub fn bytes(mut self, body: Bytes) -> StackCall {
        self.body = Some(body);
        self
    }

    /// The request to the instance at `base` (`COZY_URL`), bearing `token`.
    pub fn build(self, base: &Url, token: &Secret) -> Request<Bytes> {
        let mut url = base.clone();
        url.set_query(None);
        url.set_fragment(None);
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(&self.segments);
        }
        if !self.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&self.query);
        }
        let mut request = Request::builder()
            .method(self.method)
            .uri(url.as_str())
            .header(header::AUTHORIZATION, format!("Bearer {}", token.0))
            .header(header::ACCEPT, "application/json");
        for (name, value) in self.headers {
            request = request.header(name, value);
        }
        request
            .body(self.body.unwrap_or_default())
            .expect("a URL that parsed and checked header names make a request")
    }
}

/// What the stack answered.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub body: Bytes,
}

impl Answer {
    pub fn json(&self) -> Result<Value, CozyError> {
        serde_json::from_slice(&self.body).map_err(|e| CozyError::Stack {
            status: self.status,
            message: format!("the stack's answer is not JSON: {e}"),
        })
    }

    pub fn is_not_found(&self) -> bool {
        self.status == 404
    }

    /// The answer if it is a success, else the stack's status and message as an error.
    pub fn ok(self) -> Result<Answer, CozyError> {
        if (200..300).contains(&self.status) {
            Ok(self)
        } else {
            Err(CozyError::Stack {
                status: self.status,
                message: stack_message(&self.body),
            })
        }
    }
}

/// The message of a stack error: JSON:API `errors[0].detail` (files), CouchDB's `reason`
/// (data), else the body as text.
pub fn stack_message(body: &[u8]) -> String {
    let json: Option<Value> = serde_json::from_slice(body).ok();
    let field = |v: &Value, pointer: &str| {
        v.pointer(pointer)
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    json.and_then(|v| {
        field(&v, "/errors/0/detail")
            .or_else(|| field(&v, "/errors/0/title"))
            .or_else(|| field(&v, "/reason"))
            .or_else(|| field(&v, "/error"))
    })
    .unwrap_or_else(|| String::from_utf8_lossy(body).chars().take(500).collect())
}

/// Sends `request` through the run's network and reads the whole answer. The stack never
/// redirects its API; a redirect is an error rather than a hop that could carry the token.
pub async fn send(net: &Network, request: Request<Bytes>) -> Result<Answer, CozyError> {
    let (parts, body) = request.into_parts();
    let fetch = FetchRequest {
        method: parts.method.to_string(),
        url: parts.uri.to_string(),
        headers: parts
            .headers
            .iter()
            .map(|(name, value)| {
                (
                    name.to_string(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect(),
        body: (!body.is_empty()).then_some(RequestBody::Bytes(body)),
        redirect: RedirectMode::Error,
    };
    let response = net.fetch(fetch, true).await.map_err(CozyError::Net)?;
    let mut reader = response.body;
    let mut bytes = Vec::new();
    while let Some(chunk) = reader.next_chunk().await.map_err(CozyError::Net)? {
        bytes.extend_from_slice(&chunk);
    }
    Ok(Answer {
        status: response.status,
        body: Bytes::from(bytes),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn requests_go_to_the_stack_origin_with_the_token_and_encoded_segments() {
        let base = Url::parse("https://alice.mycozy.cloud/").unwrap();
        let token = Secret("tok".into());
        let request = StackCall::new(Method::PUT, &["data", "io.cozy.bills", "a/../b c"])
            .query("rev", "1-x&y")
            .json(&json!({"amount": 1}))
            .build(&base, &token);
        assert_eq!(request.method(), Method::PUT);
        assert_eq!(
            request.uri().to_string(),
            "https://alice.mycozy.cloud/data/io.cozy.bills/a%2F..%2Fb%20c?rev=1-x%26y"
        );
        let header = |name| request.headers().get(name).unwrap().to_str().unwrap();
        assert_eq!(header(header::AUTHORIZATION), "Bearer tok");
        assert_eq!(header(header::CONTENT_TYPE), "application/json");
        assert_eq!(request.body().as_ref(), br#"{"amount":1}"#);
        // A COZY_URL with a path keeps it; one without a trailing slash too.
        let nested = Url::parse("http://cozy.localhost:8080/sub").unwrap();
        let request = StackCall::new(Method::GET, &["files", "metadata"])
            .query("Path", "/Administrative/x y")
            .build(&nested, &token);
        assert_eq!(
            request.uri().to_string(),
            "http://cozy.localhost:8080/sub/files/metadata?Path=%2FAdministrative%2Fx+y"
        );
    }

    #[test]
    fn stack_errors_give_their_message_in_either_shape() {
        let jsonapi =
            br#"{"errors":[{"status":"409","title":"Conflict","detail":"/a already exists"}]}"#;
        assert_eq!(stack_message(jsonapi), "/a already exists");
        let couch = br#"{"status":404,"error":"not_found","reason":"missing"}"#;
        assert_eq!(stack_message(couch), "missing");
        assert_eq!(stack_message(b"Bad Gateway"), "Bad Gateway");
        let answer = Answer {
            status: 403,
            body: Bytes::from_static(couch),
        };
        match answer.ok() {
            Err(CozyError::Stack { status, message }) => {
                assert_eq!((status, message.as_str()), (403, "missing"))
            }
            other => panic!("{other:?}"),
        }
    }
}
