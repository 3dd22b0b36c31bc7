//! `--replay FILE.har`: the run's requests answered from a recording, with no network at all
//! (no resolution, no socket; the policy still decides, as it is pure) (issue 6).
//!
//! A request matches an entry by method, URL (query parameters in any order, decoded) and
//! body (a form as its decoded pairs, JSON as its value), after the same redaction the
//! recording went through: the run's own field values and `COZY_CREDENTIALS` become their
//! `[REDACTED:name]` placeholders, and values under the recording's `--redact` names match
//! whatever was recorded there. Cookies and other headers are not compared. Repeats are
//! answered in recorded order, each entry once. A request no entry matches fails with
//! `ERR_REPLAY_UNMATCHED`, naming it and the closest recorded request. Answers give back the
//! run's field values where the recording has their placeholders (in Latin-1 in a body that
//! is not UTF-8); other placeholders (a session cookie) stay, and come back as sent, in any
//! encoding. Bodies were recorded decoded, so their `Content-Encoding` is dropped and their
//! `Content-Length` is the body's. The stack's origin is never replayed (`client.rs`).

use std::path::Path;
use std::sync::{Mutex, PoisonError};

use bytes::Bytes;
use serde_json::Value;

use super::body::encodings;
use super::error::NetError;
use super::har::{self, Har};
use super::redact::{self, Redactor, Secrets};

/// The rule of an unmatched request in the report's `denied` list.
pub const UNMATCHED_RULE: &str = "replay: no recorded request matches";

/// A recording being replayed.
#[derive(Debug)]
pub struct Cassette {
    entries: Vec<Recorded>,
    used: Mutex<Vec<bool>>,
    /// `--redact` names of the recording: their values match any value.
    names: Vec<String>,
    /// The run's field values ↔ the recording's placeholders.
    fields: Redactor,
}

#[derive(Debug)]
struct Recorded {
    key: Key,
    /// `METHOD URL`, for messages.
    label: String,
    answer: Answer,
}

/// A recorded response, as served.
#[derive(Debug, Clone)]
pub(super) struct Answer {
    pub(super) status: http::StatusCode,
    pub(super) status_text: String,
    pub(super) headers: Vec<(String, String)>,
    pub(super) body: Bytes,
}

/// What a request is matched by.
#[derive(Debug, PartialEq, Eq)]
struct Key {
    method: String,
    /// Scheme, host, port and path.
    target: String,
    /// Decoded, sorted.
    query: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Cassette {
    /// Reads the recording at `path` for a run whose account fields are `fields` and whose
    /// `COZY_CREDENTIALS` are `credentials`.
    pub fn load(
        path: &Path,
        fields: Option<&Value>,
        credentials: Option<&str>,
    ) -> Result<Cassette, String> {
        let text = std::fs::read(path)
            .map_err(|e| format!("--replay: cannot read {}: {e}", path.display()))?;
        let har: Har = serde_json::from_slice(&text).map_err(|e| {
            format!(
                "--replay: {} is not a HAR 1.2 file: {e} (record one with --record)",
                path.display()
            )
        })?;
        Cassette::from_har(har, fields, credentials)
            .map_err(|e| format!("--replay: {}: {e}", path.display()))
    }

    fn from_har(
        har: Har,
        fields: Option<&Value>,
        credentials: Option<&str>,
    ) -> Result<Cassette, String> {
        let names = har.log.redacted_names;
        let secrets = redact::field_secrets(fields);
        let fields = Secrets::of_run(&secrets, credentials).redactor();
        let entries = har
            .log
            .entries
            .into_iter()
            .enumerate()
            .map(|(i, entry)| {
                Recorded::new(entry, &names, &fields).map_err(|e| format!("entry {i}: {e}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Cassette {
            used: Mutex::new(vec![false; entries.len()]),
            entries,
            names,
            fields,
        })
    }

    /// The recorded answer to a request, each entry once, in order.
    pub(super) fn answer(&self, method: &str, url: &str, body: &[u8]) -> Result<Answer, NetError> {
        let url = self.fields.url(url);
        let body = self.fields.body(body);
        let key = Key::new(method, &url, &body, &self.names);
        let mut used = self.used.lock().unwrap_or_else(PoisonError::into_inner);
        let found = self
            .entries
            .iter()
            .enumerate()
            .find(|(i, entry)| !used[*i] && entry.key == key);
        if let Some((i, entry)) = found {
            used[i] = true;
            return Ok(entry.answer.clone());
        }
        let request = format!("{method} {url}");
        let closest = self.closest(&request, &key, &used);
        Err(NetError::ReplayUnmatched { request, closest })
    }

    /// The recorded request most like `request`, said with why it did not match.
    fn closest(&self, request: &str, key: &Key, used: &[bool]) -> Option<String> {
        let score = |entry: &Recorded| {
            let same = |a: bool| if a { 1.0 } else { 0.0 };
            same(entry.key.method == key.method)
                + same(entry.key.target == key.target)
                + f64::from(similar::TextDiff::from_chars(entry.label.as_str(), request).ratio())
        };
        let (i, entry) = self
            .entries
            .iter()
            .enumerate()
            .max_by(|(_, a), (_, b)| score(a).total_cmp(&score(b)))?;
        let why = if entry.key == *key && used[i] {
            "already replayed: it was recorded fewer times".to_owned()
        } else if entry.key.method == key.method
            && entry.key.target == key.target
            && entry.key.query == key.query
        {
            "its body differs".to_owned()
        } else {
            "its URL differs".to_owned()
        };
        Some(format!("{} ({why})", entry.label))
    }
}

impl Recorded {
    fn new(entry: har::Entry, names: &[String], fields: &Redactor) -> Result<Recorded, String> {
        let request = entry.request;
        let body = match &request.post_data {
            Some(post) => har::decode_text(&post.text, post.encoding.as_deref())?,
            None => Vec::new(),
        };
        let response = entry.response;
        let content = response.content;
        let body_bytes = har::decode_text(&content.text, content.encoding.as_deref())?;
        let served = match content.encoding {
            None => fields.restore(&content.text).into_bytes(),
            Some(_) => fields.restore_bytes(&body_bytes),
        };
        // The body was recorded decoded: its encoding goes, its length is what is served.
        let decoded = |value: &str| encodings(std::iter::once(value.as_bytes())).is_some();
        let mut headers = Vec::new();
        for header in response.headers {
            let name = header.name.to_ascii_lowercase();
            match name.as_str() {
                "content-encoding" if decoded(&header.value) => {}
                "transfer-encoding" => {}
                "content-length" => headers.push((name, served.len().to_string())),
                _ => headers.push((name, fields.restore(&header.value))),
            }
        }
        let status = http::StatusCode::from_u16(response.status)
            .map_err(|_| format!("invalid status {}", response.status))?;
        Ok(Recorded {
            key: Key::new(&request.method, &request.url, &body, names),
            label: format!("{} {}", request.method, request.url),
            answer: Answer {
                status,
                status_text: response.status_text,
                headers,
                body: Bytes::from(served),
            },
        })
    }
}

impl Key {
    fn new(method: &str, url: &str, body: &[u8], names: &[String]) -> Key {
        let mask = |name: &str, value: String| {
            if names.iter().any(|n| n == name) {
                "*".to_owned()
            } else {
                value
            }
        };
        let (target, mut query) = match url::Url::parse(url) {
            Ok(parsed) => {
                let query = parsed
                    .query_pairs()
                    .map(|(n, v)| (n.to_string(), mask(&n, v.into_owned())))
                    .collect();
                let mut target = parsed;
                target.set_query(None);
                target.set_fragment(None);
                (target.to_string(), query)
            }
            Err(_) => (url.to_owned(), Vec::new()),
        };
        query.sort();
        Key {
            method: method.to_ascii_uppercase(),
            target,
            query,
            body: body_key(body, names),
        }
    }
}

/// The body as compared: JSON as its value and a form as its decoded pairs (so that a
/// placeholder sent back encoded, `%5BREDACTED-1%5D`, matches), with the values under
/// `names` masked; anything else as it is.
fn body_key(body: &[u8], names: &[String]) -> Vec<u8> {
    fn mask(value: &mut Value, names: &[String]) {
        match value {
            Value::Object(map) => {
                for (key, value) in map.iter_mut() {
                    if names.iter().any(|n| n == key) {
                        *value = Value::from("*");
                    } else {
                        mask(value, names);
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|item| mask(item, names)),
            _ => {}
        }
    }
    if let Ok(mut json) = serde_json::from_slice::<Value>(body) {
        mask(&mut json, names);
        return json.to_string().into_bytes();
    }
    if !std::str::from_utf8(body).is_ok_and(redact::is_form) {
        return body.to_vec();
    }
    let pairs = url::form_urlencoded::parse(body).map(|(name, value)| {
        let value = if names.iter().any(|n| *n == name) {
            "*".into()
        } else {
            value
        };
        (name, value)
    });
    // Each pair as `name\0value\n`: decoded, unambiguous.
    pairs
        .flat_map(|(name, value)| [name.as_bytes(), b"\0", value.as_bytes(), b"\n"].concat())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry(method: &str, url: &str, body: Option<&str>, answer: &str) -> Value {
        let post =
            body.map(|text| json!({"mimeType": "application/x-www-form-urlencoded", "text": text}));
        let mut request = json!({"method": method, "url": url, "httpVersion": "HTTP/1.1",
            "cookies": [], "headers": [], "queryString": [], "headersSize": -1, "bodySize": 0});
        if let Some(post) = post {
            request["postData"] = post;
        }
        json!({"startedDateTime": "2024-01-01T00:00:00Z", "time": 1.0, "request": request,
            "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1",
                "cookies": [], "headers": [{"name": "Content-Encoding", "value": "gzip"},
                                           {"name": "Content-Length", "value": "3"}],
                "content": {"size": 1, "mimeType": "text/plain", "text": answer},
                "redirectURL": "", "headersSize": -1, "bodySize": -1},
            "cache": {}, "timings": {"send": 0, "wait": 1, "receive": 0}})
    }

    fn cassette(entries: Vec<Value>, names: &[&str], fields: Value) -> Cassette {
        let har = json!({"log": {"version": "1.2", "creator": {"name": "kvm", "version": "0"},
            "entries": entries, "_redactedNames": names}});
        Cassette::from_har(serde_json::from_value(har).unwrap(), Some(&fields), None).unwrap()
    }

    fn text(answer: Result<Answer, NetError>) -> String {
        String::from_utf8(answer.unwrap().body.to_vec()).unwrap()
    }

    #[test]
    fn requests_match_by_method_url_in_any_query_order_and_body_in_recorded_order() {
        let c = cassette(
            vec![
                entry("GET", "http://v.test/a?x=1&y=2", None, "first"),
                entry("GET", "http://v.test/a?x=1&y=2", None, "second"),
                entry(
                    "POST",
                    "http://v.test/login",
                    Some("user=[REDACTED:login]&n=5"),
                    "in",
                ),
            ],
            &["n"],
            json!({"login": "ada@example.com"}),
        );
        assert_eq!(
            text(c.answer("GET", "http://v.test/a?y=2&x=1", b"")),
            "first"
        );
        assert_eq!(
            text(c.answer("GET", "http://v.test/a?x=1&y=2", b"")),
            "second"
        );
        // The run's login is turned into its placeholder; `n` is a --redact name.
        assert_eq!(
            text(c.answer("POST", "http://v.test/login", b"user=ada%40example.com&n=9")),
            "in"
        );
        let err = c.answer("GET", "http://v.test/a?x=1&y=2", b"").unwrap_err();
        assert_eq!(err.code(), "ERR_REPLAY_UNMATCHED");
        assert_eq!(
            err.to_string(),
            "no recorded request matches GET http://v.test/a?x=1&y=2 \
             (closest: GET http://v.test/a?x=1&y=2 (already replayed: it was recorded fewer times))"
        );
        assert_eq!(err.rule(), Some(UNMATCHED_RULE));
    }

    #[test]
    fn the_closest_request_is_named_with_what_differs() {
        let c = cassette(
            vec![
                entry("GET", "http://v.test/invoices?page=1", None, ""),
                entry("POST", "http://v.test/login", Some("a=1"), ""),
            ],
            &[],
            json!({}),
        );
        let err = c
            .answer("GET", "http://v.test/invoices?page=9", b"")
            .unwrap_err();
        assert!(
            err.to_string()
                .ends_with("(closest: GET http://v.test/invoices?page=1 (its URL differs))"),
            "{err}"
        );
        let err = c.answer("POST", "http://v.test/login", b"a=2").unwrap_err();
        assert!(err.to_string().contains("(its body differs)"), "{err}");
    }

    #[test]
    fn forms_match_by_decoded_pairs_whatever_the_encoding_without_redact_names() {
        let c = cassette(
            vec![
                entry(
                    "POST",
                    "http://v.test/login",
                    Some("csrf=[REDACTED-1]&password=[REDACTED:password]"),
                    "in",
                ),
                entry(
                    "POST",
                    "http://v.test/again",
                    Some("csrf=[REDACTED-1]"),
                    "again",
                ),
            ],
            &[],
            json!({"password": "my pa*ss!"}),
        );
        // A learnt placeholder sent back form-encoded (double-submit CSRF cookie), and the
        // password as `qs` encodes it (RFC 3986: `*` → %2A, `!` → %21).
        let body = b"csrf=%5BREDACTED-1%5D&password=my%20pa%2Ass%21";
        assert_eq!(text(c.answer("POST", "http://v.test/login", body)), "in");
        let body = b"csrf=%5bREDACTED-1%5d";
        assert_eq!(text(c.answer("POST", "http://v.test/again", body)), "again");
    }

    #[test]
    fn binary_bodies_match_after_byte_level_redaction_and_answers_restore_in_latin1() {
        use base64::Engine as _;
        let base64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
        let mut recorded = entry("PUT", "http://v.test/upload", None, "");
        recorded["request"]["postData"] = json!({"mimeType": "application/octet-stream",
            "text": base64(b"\xff\x00[REDACTED:password]"), "_encoding": "base64"});
        recorded["response"]["content"] = json!({"size": 3, "mimeType": "text/html",
            "text": base64(b"\xe9 [REDACTED:password]"), "encoding": "base64"});
        let c = cassette(vec![recorded], &[], json!({"password": "mélodie"}));
        let answer = c.answer("PUT", "http://v.test/upload", b"\xff\x00m\xe9lodie");
        assert_eq!(answer.unwrap().body, Bytes::from_static(b"\xe9 m\xe9lodie"));
    }

    #[test]
    fn answers_give_back_the_run_s_fields_and_drop_the_recorded_encoding() {
        let c = cassette(
            vec![entry(
                "GET",
                "http://v.test/me",
                None,
                "{\"email\":\"[REDACTED:login]\"}",
            )],
            &[],
            json!({"login": "bob@example.com"}),
        );
        let answer = c.answer("GET", "http://v.test/me", b"").unwrap();
        assert_eq!(answer.body, Bytes::from("{\"email\":\"bob@example.com\"}"));
        assert_eq!(
            answer.headers,
            [("content-length".to_owned(), answer.body.len().to_string())]
        );
    }
}
