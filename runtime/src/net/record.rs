//! `--record FILE.har`: every exchange of the run's network, the stack's origin excepted,
//! kept as it happens and written as HAR 1.2 when the run ends (issue 6).
//!
//! Each hop is an entry of its own (a redirect too), in the order requests started. The
//! recording only listens: request bodies are copied as they leave, response bodies as the
//! script reads them, so what the script sees never changes. The copies share one budget
//! per run, [`MAX_RECORDED_BYTES`] by default: past it, bodies are recorded truncated, with
//! a `comment` on their entry, and the run's log says so once. Bodies the script decoded
//! are kept decoded; a body the script read raw (Node's `http`) with a `Content-Encoding`
//! kvm knows is decoded when the file is written, within the response limit and the same
//! budget, so the file is readable and redactable. A hop that got no response (refused,
//! timed out) is not recorded. Secrets are learnt over all entries first, then each entry
//! is redacted (`redact/`) and written in turn, so a secret first seen late (a token in a
//! response) is also replaced where it appeared before, and the file is never held whole.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Instant, SystemTime};

use http::HeaderMap;
use serde::{Serialize, Serializer};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::body::{decode_whole, encodings};
use super::har::{self, Har};
use super::redact::{self, Redactor, Secrets};

/// The body bytes one recording keeps at most, requests and responses together.
pub const MAX_RECORDED_BYTES: u64 = 256 << 20;

/// A recording in progress; shared by the run's network and the run, which writes it.
#[derive(Debug)]
pub struct Recording {
    path: PathBuf,
    /// `--redact` names.
    names: Vec<String>,
    /// `(label, value)` of the account fields to redact.
    fields: Vec<(String, String)>,
    /// The job's `COZY_CREDENTIALS`.
    credentials: Option<String>,
    /// The decoded size a raw body may reach when decoded at the end (the response limit).
    max_body: u64,
    /// The body bytes the recording may keep, and those it keeps.
    cap: u64,
    kept: AtomicU64,
    /// Whether a body was cut at the cap.
    truncated: AtomicBool,
    entries: Mutex<Vec<Pending>>,
}

/// Where a hop's entry sits, to complete it as the exchange goes on.
#[derive(Debug, Clone, Copy)]
pub(super) struct Slot(usize);

#[derive(Debug)]
struct Pending {
    started: SystemTime,
    clock: Instant,
    method: String,
    url: String,
    headers: Vec<(String, String)>,
    body: Option<Vec<u8>>,
    /// The request body was cut at the recording's cap.
    body_truncated: bool,
    response: Option<PendingResponse>,
}

#[derive(Debug)]
struct PendingResponse {
    status: u16,
    status_text: String,
    http_version: String,
    headers: Vec<(String, String)>,
    wait_ms: f64,
    body: Vec<u8>,
    /// Whether `body` is as it came off the wire (not decoded for the script).
    raw: bool,
    /// The body was not read to its end (dropped, failed, or a redirect's).
    complete: bool,
    /// The body was cut at the recording's cap.
    truncated: bool,
    /// The size on the wire of a raw body, once [`Recording::decode_raw`] decoded it.
    wire_size: Option<usize>,
    /// Why a raw body was kept as sent.
    kept_raw: Option<String>,
    receive_ms: f64,
}

/// The copy of a body being recorded, within the recording's cap.
pub(super) struct Tap {
    recording: std::sync::Arc<Recording>,
    slot: Slot,
    copy: Vec<u8>,
    truncated: bool,
}

impl Tap {
    pub(super) fn new(recording: std::sync::Arc<Recording>, slot: Slot) -> Tap {
        Tap {
            recording,
            slot,
            copy: Vec::new(),
            truncated: false,
        }
    }

    /// Copies what the cap lets through of `chunk`.
    pub(super) fn take(&mut self, chunk: &[u8]) {
        self.truncated |= !self.recording.keep(chunk, &mut self.copy);
    }

    /// Hands the copy over as the request's body, once it was sent whole.
    pub(super) fn close_request(self) {
        self.recording
            .request_body(self.slot, self.copy, self.truncated);
    }

    /// Hands the copy over as the response's body, read whole (`complete`) or up to where
    /// it stopped.
    pub(super) fn close_response(&mut self, complete: bool) {
        let copy = std::mem::take(&mut self.copy);
        self.recording
            .response_body(self.slot, copy, complete, self.truncated);
    }
}

impl Recording {
    pub fn new(
        path: &Path,
        fields: Option<&serde_json::Value>,
        credentials: Option<&str>,
        names: Vec<String>,
        max_body: u64,
    ) -> Recording {
        Recording {
            path: path.to_path_buf(),
            names,
            fields: redact::field_secrets(fields),
            credentials: credentials.map(str::to_owned),
            max_body,
            cap: MAX_RECORDED_BYTES,
            kept: AtomicU64::new(0),
            truncated: AtomicBool::new(false),
            entries: Mutex::default(),
        }
    }

    /// The same recording keeping at most `cap` body bytes.
    pub fn with_cap(mut self, cap: u64) -> Recording {
        self.cap = cap;
        self
    }

    fn lock(&self) -> MutexGuard<'_, Vec<Pending>> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Takes up to `wanted` bytes of the budget; the bytes granted.
    fn reserve(&self, wanted: u64) -> u64 {
        let before = self
            .kept
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |kept| {
                Some(kept + wanted.min(self.cap.saturating_sub(kept)))
            })
            .unwrap_or_default();
        let granted = wanted.min(self.cap.saturating_sub(before));
        if granted < wanted {
            self.truncated.store(true, Ordering::Relaxed);
        }
        granted
    }

    /// Appends to `copy` what the budget lets through of `chunk`; whether it was all.
    fn keep(&self, chunk: &[u8], copy: &mut Vec<u8>) -> bool {
        let granted = self.reserve(chunk.len() as u64) as usize;
        copy.extend_from_slice(&chunk[..granted]);
        granted == chunk.len()
    }

    /// The run log's warning when bodies were recorded truncated.
    pub fn cap_warning(&self) -> Option<String> {
        self.truncated.load(Ordering::Relaxed).then(|| {
            format!(
                "--record: the recording reached its cap of {} bytes of bodies; later bodies \
                 are recorded truncated (their entries' comment says so)",
                self.cap
            )
        })
    }

    /// A request about to leave; `body` is `None` for none or a streamed one (given later
    /// through a [`Tap`]).
    pub(super) fn request(
        &self,
        method: &str,
        url: &str,
        headers: &HeaderMap,
        body: Option<&[u8]>,
    ) -> Slot {
        let mut copy = Vec::new();
        let whole = body.is_none_or(|body| self.keep(body, &mut copy));
        let mut entries = self.lock();
        entries.push(Pending {
            started: SystemTime::now(),
            clock: Instant::now(),
            method: method.to_owned(),
            url: url.to_owned(),
            headers: pairs(headers),
            body: body.map(|_| copy),
            body_truncated: !whole,
            response: None,
        });
        Slot(entries.len() - 1)
    }

    /// A streamed request body, once it was sent whole.
    fn request_body(&self, slot: Slot, body: Vec<u8>, truncated: bool) {
        if let Some(entry) = self.lock().get_mut(slot.0) {
            entry.body = Some(body);
            entry.body_truncated = truncated;
        }
    }

    /// The response's head arrived; `raw` says the script reads its body undecoded.
    pub(super) fn response(
        &self,
        slot: Slot,
        response: &http::response::Parts,
        status_text: &str,
        raw: bool,
    ) {
        if let Some(entry) = self.lock().get_mut(slot.0) {
            entry.response = Some(PendingResponse {
                status: response.status.as_u16(),
                status_text: status_text.to_owned(),
                http_version: format!("{:?}", response.version),
                headers: pairs(&response.headers),
                wait_ms: millis(entry.clock),
                body: Vec::new(),
                raw,
                complete: false,
                truncated: false,
                wire_size: None,
                kept_raw: None,
                receive_ms: 0.0,
            });
        }
    }

    /// The response body as the script read it.
    pub(super) fn response_body(&self, slot: Slot, body: Vec<u8>, complete: bool, truncated: bool) {
        if let Some(entry) = self.lock().get_mut(slot.0) {
            let elapsed = millis(entry.clock);
            if let Some(response) = &mut entry.response {
                response.receive_ms = (elapsed - response.wait_ms).max(0.0);
                response.body = body;
                response.complete = complete;
                response.truncated = truncated;
            }
        }
    }

    /// Writes the file, entry by entry: to a temporary one renamed over it, so a failed
    /// write leaves no half file.
    pub fn write(&self) -> Result<(), String> {
        let mut entries = self.lock();
        self.decode_raw(&mut entries);
        let redactor = self.secrets(&entries).redactor();
        let har = Har {
            log: har::Log {
                version: "1.2".into(),
                creator: har::Creator {
                    name: "kvm".into(),
                    version: env!("CARGO_PKG_VERSION").into(),
                },
                entries: Entries {
                    recording: self,
                    pending: &entries,
                    redactor: &redactor,
                },
                comment: Some(
                    "Recorded by kvm run --record; secrets are replaced by [REDACTED...] \
                     placeholders"
                        .into(),
                ),
                redacted_fields: self.fields.iter().map(|(label, _)| label.clone()).collect(),
                redacted_names: self.names.clone(),
            },
        };
        let path = &self.path;
        let folder = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let fail = |e: std::io::Error| format!("--record: cannot write {}: {e}", path.display());
        std::fs::create_dir_all(folder).map_err(fail)?;
        let file = tempfile::NamedTempFile::new_in(folder).map_err(fail)?;
        let mut out = std::io::BufWriter::new(file);
        serde_json::to_writer_pretty(&mut out, &har).map_err(|e| fail(e.into()))?;
        out.flush().map_err(fail)?;
        let file = out.into_inner().map_err(|e| fail(e.into_error()))?;
        file.persist(path).map_err(|e| fail(e.error))?;
        Ok(())
    }

    /// Decodes in place the bodies the script read raw, so that they are redacted and
    /// written as text; the growth counts against the cap.
    fn decode_raw(&self, entries: &mut [Pending]) {
        let responses = entries
            .iter_mut()
            .filter_map(|entry| entry.response.as_mut());
        for response in responses.filter(|r| r.raw && r.wire_size.is_none()) {
            response.wire_size = Some(response.body.len());
            let sent = response
                .headers
                .iter()
                .filter(|(n, _)| n == "content-encoding")
                .map(|(_, v)| v.as_bytes());
            let Some(chain) = encodings(sent).filter(|_| !response.body.is_empty()) else {
                continue;
            };
            match decode_whole(&chain, &response.body, self.max_body) {
                Ok(decoded) => {
                    let growth = decoded.len().saturating_sub(response.body.len()) as u64;
                    if self.reserve(growth) == growth {
                        response.body = decoded;
                    } else {
                        response.kept_raw = Some(format!(
                            "kept as sent: decoded, it would pass the recording's cap of {} \
                             bytes",
                            self.cap
                        ));
                    }
                }
                Err(e) => response.kept_raw = Some(format!("kept as sent: cannot decode it: {e}")),
            }
        }
    }

    /// The secrets of the file, in order of first appearance.
    fn secrets(&self, entries: &[Pending]) -> Secrets {
        let names = &self.names;
        let mut secrets = Secrets::of_run(&self.fields, self.credentials.as_deref());
        for entry in entries {
            let Some(response) = &entry.response else {
                continue;
            };
            let mut found = Vec::new();
            for (name, value) in entry.headers.iter().chain(&response.headers) {
                found.extend(redact::header_secrets(name, value, names));
            }
            if let Some((_, query)) = entry.url.split_once('?') {
                found.extend(redact::form_secrets(query, names));
            }
            let bodies = entry.body.iter().chain(Some(&response.body));
            for text in bodies.filter_map(|body| std::str::from_utf8(body).ok()) {
                found.extend(redact::form_secrets(text, names));
                found.extend(redact::json_secrets(text, names));
            }
            found.iter().for_each(|s| secrets.learn(s));
        }
        secrets
    }

    /// The HAR entry of a hop that got a response, redacted.
    fn entry(&self, pending: &Pending, redactor: &Redactor) -> Option<har::Entry> {
        let response = pending.response.as_ref()?;
        let started = OffsetDateTime::from(pending.started)
            .format(&Rfc3339)
            .unwrap_or_default();
        let mut comments = Vec::new();
        let cut = format!(
            "recorded truncated: the recording reached its cap of {} bytes",
            self.cap
        );
        let request_headers = redacted(&pending.headers, redactor);
        let response_headers = redacted(&response.headers, redactor);
        let post_data = pending.body.as_ref().filter(|b| !b.is_empty()).map(|body| {
            if pending.body_truncated {
                comments.push(format!("the request body was {cut}"));
            }
            let (text, encoding) = har::encode_text(&redactor.body(body));
            har::PostData {
                mime_type: header(&request_headers, "content-type").unwrap_or_default(),
                text,
                encoding,
            }
        });
        if !response.complete {
            comments.push("the body was not read to its end: this is what was read".to_owned());
        }
        if response.truncated {
            comments.push(format!("the response body was {cut}"));
        }
        comments.extend(response.kept_raw.clone());
        let body = redactor.body(&response.body);
        let (text, encoding) = har::encode_text(&body);
        let content = har::Content {
            size: body.len() as i64,
            mime_type: header(&response_headers, "content-type").unwrap_or_default(),
            text,
            encoding,
        };
        let url = redactor.url(&pending.url);
        let parsed = url::Url::parse(&url).ok();
        let query_string = parsed
            .iter()
            .flat_map(|u| u.query_pairs())
            .map(|(name, value)| har::NameValue {
                name: name.into_owned(),
                value: value.into_owned(),
            })
            .collect();
        let request_cookies = request_headers
            .iter()
            .filter(|h| h.name == "cookie")
            .flat_map(|h| redact::cookies(&h.value))
            .map(|(name, value)| har::Cookie { name, value })
            .collect();
        let response_cookies = response_headers
            .iter()
            .filter(|h| h.name == "set-cookie")
            .filter_map(|h| redact::set_cookie(&h.value))
            .map(|(name, value)| har::Cookie { name, value })
            .collect();
        let location = header(&response_headers, "location")
            .and_then(|l| parsed.as_ref().and_then(|u| u.join(&l).ok()))
            .map(String::from)
            .unwrap_or_default();
        Some(har::Entry {
            started_date_time: started,
            time: response.wait_ms + response.receive_ms,
            request: har::Request {
                method: pending.method.clone(),
                url,
                http_version: response.http_version.clone(),
                cookies: request_cookies,
                headers: request_headers,
                query_string,
                body_size: pending.body.as_ref().map_or(0, |b| b.len() as i64),
                post_data,
                headers_size: -1,
            },
            response: har::Response {
                status: response.status,
                status_text: response.status_text.clone(),
                http_version: response.http_version.clone(),
                cookies: response_cookies,
                headers: response_headers,
                content,
                redirect_url: location,
                headers_size: -1,
                body_size: response.wire_size.map_or(-1, |size| size as i64),
            },
            cache: har::Cache {},
            timings: har::Timings {
                send: 0.0,
                wait: response.wait_ms,
                receive: response.receive_ms,
            },
            comment: (!comments.is_empty()).then(|| comments.join("; ")),
        })
    }
}

/// The entries of a recording, serialised one at a time as the file is written.
struct Entries<'a> {
    recording: &'a Recording,
    pending: &'a [Pending],
    redactor: &'a Redactor,
}

impl Serialize for Entries<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let entries = self.pending.iter();
        serializer.collect_seq(entries.filter_map(|p| self.recording.entry(p, self.redactor)))
    }
}

/// Header pairs with names in lower case and values byte for byte.
fn pairs(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| {
            let value = value.as_bytes().iter().map(|&b| char::from(b)).collect();
            (name.as_str().to_owned(), value)
        })
        .collect()
}

fn redacted(pairs: &[(String, String)], redactor: &Redactor) -> Vec<har::NameValue> {
    pairs
        .iter()
        .map(|(name, value)| har::NameValue {
            name: name.clone(),
            value: redactor.text(value),
        })
        .collect()
}

fn header(headers: &[har::NameValue], name: &str) -> Option<String> {
    headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case(name))
        .map(|h| h.value.clone())
}

fn millis(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};
    use std::sync::Arc;

    fn head(headers: &[(&'static str, &'static str)]) -> http::response::Parts {
        let mut response = http::Response::builder().status(200);
        for (name, value) in headers {
            response = response.header(*name, *value);
        }
        response.body(()).unwrap().into_parts().0
    }

    /// Records one exchange and returns the entry written.
    fn exchange(
        recording: Recording,
        request: (&[(&'static str, &'static str)], Option<&[u8]>),
        response: (&[(&'static str, &'static str)], &[u8]),
    ) -> (Value, Arc<Recording>) {
        let recording = Arc::new(recording);
        let mut headers = HeaderMap::new();
        for (name, value) in request.0 {
            headers.append(*name, http::HeaderValue::from_static(value));
        }
        let slot = recording.request("POST", "http://v.test/x", &headers, request.1);
        recording.response(slot, &head(response.0), "OK", false);
        let mut tap = Tap::new(recording.clone(), slot);
        tap.take(response.1);
        tap.close_response(true);
        recording.write().unwrap();
        let har: Value = serde_json::from_slice(&std::fs::read(&recording.path).unwrap()).unwrap();
        (har["log"]["entries"][0].clone(), recording)
    }

    fn body(part: &Value) -> Vec<u8> {
        har::decode_text(part["text"].as_str().unwrap(), part["encoding"].as_str()).unwrap()
    }

    #[test]
    fn bodies_past_the_cap_are_recorded_truncated_and_said_so() {
        let dir = tempfile::tempdir().unwrap();
        let recording =
            Recording::new(&dir.path().join("r.har"), None, None, Vec::new(), 1000).with_cap(10);
        let (entry, recording) = exchange(recording, (&[], Some(b"abcdef")), (&[], b"0123456789"));
        assert_eq!(entry["request"]["postData"]["text"], "abcdef");
        assert_eq!(entry["response"]["content"]["text"], "0123");
        assert_eq!(
            entry["comment"],
            "the response body was recorded truncated: the recording reached its cap of 10 bytes"
        );
        let warning = recording.cap_warning().unwrap();
        assert!(warning.contains("cap of 10 bytes"), "{warning}");
    }

    #[test]
    fn bodies_kept_as_base64_are_redacted_before_encoding() {
        let dir = tempfile::tempdir().unwrap();
        let fields = json!({"login": "ada@example.com", "password": "mélodie!"});
        let recording =
            Recording::new(&dir.path().join("r.har"), Some(&fields), None, vec![], 1000);
        // A multipart upload with a binary part, and a Latin-1 page.
        let upload: &[u8] = b"--b\r\n\r\nada@example.com\r\n--b\r\n\r\n\xff\xfe\r\n--b--";
        let page: &[u8] = b"<p>Bonjour ada@example.com, m\xe9lodie! \xe9t\xe9</p>";
        let (entry, _) = exchange(recording, (&[], Some(upload)), (&[], page));
        let sent = &entry["request"]["postData"];
        assert_eq!(sent["_encoding"], "base64");
        assert_eq!(
            har::decode_text(sent["text"].as_str().unwrap(), Some("base64")).unwrap(),
            b"--b\r\n\r\n[REDACTED:login]\r\n--b\r\n\r\n\xff\xfe\r\n--b--"
        );
        let content = &entry["response"]["content"];
        assert_eq!(content["encoding"], "base64");
        assert_eq!(
            body(content),
            b"<p>Bonjour [REDACTED:login], [REDACTED:password] \xe9t\xe9</p>"
        );
    }

    #[test]
    fn short_cookies_stay_and_long_ones_become_one_placeholder_everywhere() {
        let dir = tempfile::tempdir().unwrap();
        let recording = Recording::new(&dir.path().join("r.har"), None, None, vec![], 1000);
        let sid = "sid=0123456789abcdef; consent=1; lang=fr";
        let answer: &[u8] = b"{\"n\": 1, \"lang\": \"fr\", \"echo\": \"0123456789abcdef\"}";
        let (entry, _) = exchange(
            recording,
            (&[("cookie", sid), ("x-csrf-token", "csrf-abcdefgh")], None),
            (&[("set-cookie", "consent=1; Path=/")], answer),
        );
        let request = &entry["request"];
        assert_eq!(
            request["headers"],
            json!([{"name": "cookie", "value": "sid=[REDACTED-1]; consent=1; lang=fr"},
                   {"name": "x-csrf-token", "value": "[REDACTED-2]"}])
        );
        assert_eq!(
            request["cookies"],
            json!([{"name": "sid", "value": "[REDACTED-1]"}, {"name": "consent", "value": "1"},
                   {"name": "lang", "value": "fr"}])
        );
        assert_eq!(
            entry["response"]["content"]["text"],
            "{\"n\": 1, \"lang\": \"fr\", \"echo\": \"[REDACTED-1]\"}"
        );
    }
}
