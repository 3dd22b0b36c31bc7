//! The HAR 1.2 format (<http://www.softwareishard.com/blog/har-12-spec/>), the file
//! `--record` writes and `--replay` reads: the types carry every field the spec requires,
//! with its JSON type, so browser dev tools open kvm's recordings. Optional fields kvm does
//! not fill are left out; unknown ones in a file read back are ignored.

use serde::{Deserialize, Serialize};

/// A HAR file; `E` is what its entries serialise from (a recording writes them one at a
/// time).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Har<E = Vec<Entry>> {
    pub log: Log<E>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Log<E = Vec<Entry>> {
    pub version: String,
    pub creator: Creator,
    pub entries: E,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// kvm's own: the account fields redacted in this file, by name, so that a replay
    /// (`kvm test`) can give the konnector fields that match (custom fields start with `_`).
    #[serde(
        rename = "_redactedFields",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub redacted_fields: Vec<String>,
    /// kvm's own: the `--redact` names; a replay matches any value under them.
    #[serde(
        rename = "_redactedNames",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub redacted_names: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Creator {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    /// ISO 8601 with milliseconds and offset.
    pub started_date_time: String,
    /// Milliseconds from the request's start to the end of its body: the sum of `timings`.
    pub time: f64,
    pub request: Request,
    pub response: Response,
    pub cache: Cache,
    pub timings: Timings,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    pub method: String,
    pub url: String,
    pub http_version: String,
    pub cookies: Vec<Cookie>,
    pub headers: Vec<NameValue>,
    pub query_string: Vec<NameValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_data: Option<PostData>,
    /// -1: unknown (hyper writes the head).
    pub headers_size: i64,
    pub body_size: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    pub status: u16,
    pub status_text: String,
    pub http_version: String,
    pub cookies: Vec<Cookie>,
    pub headers: Vec<NameValue>,
    pub content: Content,
    #[serde(rename = "redirectURL")]
    pub redirect_url: String,
    pub headers_size: i64,
    pub body_size: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameValue {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cookie {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PostData {
    pub mime_type: String,
    /// The body as text; a body that is not UTF-8 is base64 with `_encoding: "base64"`
    /// (HAR 1.2 has no encoding for request bodies).
    pub text: String,
    #[serde(rename = "_encoding", default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Content {
    /// Bytes of the body as the script saw it (decoded).
    pub size: i64,
    pub mime_type: String,
    #[serde(default)]
    pub text: String,
    /// `base64` when the body is not UTF-8 text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cache {}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timings {
    pub send: f64,
    pub wait: f64,
    pub receive: f64,
}

/// The bytes of a body stored as `text` with an optional `base64` encoding.
pub fn decode_text(text: &str, encoding: Option<&str>) -> Result<Vec<u8>, String> {
    use base64::Engine as _;
    match encoding {
        None => Ok(text.as_bytes().to_vec()),
        Some("base64") => base64::engine::general_purpose::STANDARD
            .decode(text)
            .map_err(|e| format!("invalid base64: {e}")),
        Some(other) => Err(format!("unknown encoding {other:?}")),
    }
}

/// `bytes` as HAR text: itself when UTF-8, else base64 with the encoding to say so.
pub fn encode_text(bytes: &[u8]) -> (String, Option<String>) {
    use base64::Engine as _;
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_owned(), None),
        Err(_) => (
            base64::engine::general_purpose::STANDARD.encode(bytes),
            Some("base64".to_owned()),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_bodies_round_trip_through_base64_and_text_stays_text() {
        let pdf = b"%PDF-1.4\n\xff\xfe";
        let (text, encoding) = encode_text(pdf);
        assert_eq!(encoding.as_deref(), Some("base64"));
        assert_eq!(decode_text(&text, encoding.as_deref()).unwrap(), pdf);
        assert_eq!(encode_text("héllo".as_bytes()), ("héllo".into(), None));
        assert!(decode_text("x", Some("gzip")).is_err());
    }
}
