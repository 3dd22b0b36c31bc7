//! `--record FILE.har`: every exchange of the run's network, the stack's origin excepted,
//! kept as it happens and written as HAR 1.2 when the run ends (issue 6).
//!
//! Each hop is an entry of its own (a redirect too), in the order requests started. The
//! recording only listens: request bodies are copied as they leave, response bodies as the
//! script reads them, so what the script sees never changes, and a recorded body is bounded
//! by the same caps as the body itself (the response limit, the run's `bytes_out`). Bodies
//! the script decoded are kept decoded; a body the script read raw (Node's `http`) with a
//! `Content-Encoding` kvm knows is decoded when the file is written, so the file is readable
//! and redactable. A hop that got no response (refused, timed out) is not recorded. Secrets
//! are redacted when the file is written, over all entries at once (`redact.rs`), so a
//! secret first seen late (a token in a response) is also replaced where it appeared before.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Instant, SystemTime};

use http::HeaderMap;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::body::{decode_whole, encodings};
use super::har::{self, Har};
use super::redact::{self, Substitution};

/// A recording in progress; shared by the run's network and the run, which writes it.
#[derive(Debug)]
pub struct Recording {
    path: PathBuf,
    /// `--redact` names.
    names: Vec<String>,
    /// `(label, value)` of the account fields to redact.
    fields: Vec<(String, String)>,
    /// The decoded size a raw body may reach when decoded at the end (the response limit).
    max_body: u64,
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
    receive_ms: f64,
}

impl Recording {
    pub fn new(
        path: &Path,
        fields: Option<&serde_json::Value>,
        names: Vec<String>,
        max_body: u64,
    ) -> Recording {
        Recording {
            path: path.to_path_buf(),
            names,
            fields: redact::field_secrets(fields),
            max_body,
            entries: Mutex::default(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Vec<Pending>> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A request about to leave; `body` is `None` for none or a streamed one (given later
    /// with [`Recording::request_body`]).
    pub(super) fn request(
        &self,
        method: &str,
        url: &str,
        headers: &HeaderMap,
        body: Option<&[u8]>,
    ) -> Slot {
        let mut entries = self.lock();
        entries.push(Pending {
            started: SystemTime::now(),
            clock: Instant::now(),
            method: method.to_owned(),
            url: url.to_owned(),
            headers: pairs(headers),
            body: body.map(<[u8]>::to_vec),
            response: None,
        });
        Slot(entries.len() - 1)
    }

    /// A streamed request body, once it was sent whole.
    pub(super) fn request_body(&self, slot: Slot, body: Vec<u8>) {
        if let Some(entry) = self.lock().get_mut(slot.0) {
            entry.body = Some(body);
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
                receive_ms: 0.0,
            });
        }
    }

    /// The response body as the script read it, whole (`complete`) or up to where it
    /// stopped.
    pub(super) fn response_body(&self, slot: Slot, body: Vec<u8>, complete: bool) {
        if let Some(entry) = self.lock().get_mut(slot.0) {
            let elapsed = millis(entry.clock);
            if let Some(response) = &mut entry.response {
                response.receive_ms = (elapsed - response.wait_ms).max(0.0);
                response.body = body;
                response.complete = complete;
            }
        }
    }

    /// The HAR of everything recorded so far, redacted.
    pub fn to_har(&self) -> Har {
        let entries: Vec<har::Entry> = self.lock().iter().filter_map(|p| self.entry(p)).collect();
        let mut har = Har {
            log: har::Log {
                version: "1.2".into(),
                creator: har::Creator {
                    name: "kvm".into(),
                    version: env!("CARGO_PKG_VERSION").into(),
                },
                entries,
                comment: Some(
                    "Recorded by kvm run --record; secrets are replaced by [REDACTED...] \
                     placeholders"
                        .into(),
                ),
                redacted_fields: self.fields.iter().map(|(label, _)| label.clone()).collect(),
                redacted_names: self.names.clone(),
            },
        };
        self.redact(&mut har);
        har
    }

    /// Writes the file: to a temporary one renamed over it, so a failed write leaves no
    /// half file.
    pub fn write(&self) -> Result<(), String> {
        let json = serde_json::to_vec_pretty(&self.to_har())
            .map_err(|e| format!("cannot serialise the recording: {e}"))?;
        let path = &self.path;
        let folder = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let fail = |e: std::io::Error| format!("--record: cannot write {}: {e}", path.display());
        std::fs::create_dir_all(folder).map_err(fail)?;
        let mut file = tempfile::NamedTempFile::new_in(folder).map_err(fail)?;
        std::io::Write::write_all(&mut file, &json).map_err(fail)?;
        file.persist(path).map_err(|e| fail(e.error))?;
        Ok(())
    }

    fn entry(&self, pending: &Pending) -> Option<har::Entry> {
        let response = pending.response.as_ref()?;
        let started = OffsetDateTime::from(pending.started)
            .format(&Rfc3339)
            .unwrap_or_default();
        let header = |headers: &[(String, String)], name: &str| {
            headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.clone())
        };
        let post_data = pending.body.as_ref().filter(|b| !b.is_empty()).map(|body| {
            let (text, encoding) = har::encode_text(body);
            har::PostData {
                mime_type: header(&pending.headers, "content-type").unwrap_or_default(),
                text,
                encoding,
            }
        });
        let (content, comment) = self.content(response);
        let url = url::Url::parse(&pending.url).ok();
        let query_string = url
            .iter()
            .flat_map(|u| u.query_pairs())
            .map(|(name, value)| har::NameValue {
                name: name.into_owned(),
                value: value.into_owned(),
            })
            .collect();
        let request_cookies = pending
            .headers
            .iter()
            .filter(|(n, _)| n == "cookie")
            .flat_map(|(_, v)| redact::cookies(v))
            .map(|(name, value)| har::Cookie { name, value })
            .collect();
        let response_cookies = response
            .headers
            .iter()
            .filter(|(n, _)| n == "set-cookie")
            .filter_map(|(_, v)| redact::set_cookie(v))
            .map(|(name, value)| har::Cookie { name, value })
            .collect();
        let location = header(&response.headers, "location")
            .and_then(|l| url.as_ref().and_then(|u| u.join(&l).ok()))
            .map(String::from)
            .unwrap_or_default();
        Some(har::Entry {
            started_date_time: started,
            time: response.wait_ms + response.receive_ms,
            request: har::Request {
                method: pending.method.clone(),
                url: pending.url.clone(),
                http_version: response.http_version.clone(),
                cookies: request_cookies,
                headers: name_values(&pending.headers),
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
                headers: name_values(&response.headers),
                content,
                redirect_url: location,
                headers_size: -1,
                body_size: if response.raw {
                    response.body.len() as i64
                } else {
                    -1
                },
            },
            cache: har::Cache {},
            timings: har::Timings {
                send: 0.0,
                wait: response.wait_ms,
                receive: response.receive_ms,
            },
            comment,
        })
    }

    /// The response body as the script would see it decoded, and why it is not whole.
    fn content(&self, response: &PendingResponse) -> (har::Content, Option<String>) {
        let mut comment = (!response.complete)
            .then(|| "the body was not read to its end: this is what was read".to_owned());
        let sent_encoding = response
            .headers
            .iter()
            .filter(|(n, _)| n == "content-encoding")
            .map(|(_, v)| v.as_bytes());
        let chain = encodings(sent_encoding).filter(|_| response.raw);
        let body = match chain {
            Some(chain) if !response.body.is_empty() => {
                match decode_whole(&chain, &response.body, self.max_body) {
                    Ok(decoded) => decoded,
                    Err(e) => {
                        comment = Some(format!("kept as sent: cannot decode it: {e}"));
                        response.body.clone()
                    }
                }
            }
            _ => response.body.clone(),
        };
        let mime_type = response
            .headers
            .iter()
            .find(|(n, _)| n == "content-type")
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        let (text, encoding) = har::encode_text(&body);
        let content = har::Content {
            size: body.len() as i64,
            mime_type,
            text,
            encoding,
        };
        (content, comment)
    }

    /// Learns every secret of the file in order, then replaces them all.
    fn redact(&self, har: &mut Har) {
        let names = &self.names;
        let mut substitution = Substitution::of_fields(&self.fields);
        for entry in &har.log.entries {
            let (request, response) = (&entry.request, &entry.response);
            let mut secrets = Vec::new();
            for header in request.headers.iter().chain(&response.headers) {
                secrets.extend(redact::header_secrets(&header.name, &header.value, names));
            }
            if let Some(query) = url::Url::parse(&request.url)
                .ok()
                .and_then(|u| u.query().map(str::to_owned))
            {
                secrets.extend(redact::form_secrets(&query, names));
            }
            let texts = request
                .post_data
                .iter()
                .filter(|p| p.encoding.is_none())
                .map(|p| p.text.as_str())
                .chain(
                    Some(response.content.text.as_str())
                        .filter(|_| response.content.encoding.is_none()),
                );
            for text in texts {
                secrets.extend(redact::form_secrets(text, names));
                secrets.extend(redact::json_secrets(text, names));
            }
            secrets.iter().for_each(|s| substitution.learn(s));
        }
        let apply = |text: &mut String| *text = substitution.apply(text);
        for entry in &mut har.log.entries {
            let request = &mut entry.request;
            apply(&mut request.url);
            let pairs = request
                .headers
                .iter_mut()
                .chain(&mut request.query_string)
                .chain(&mut entry.response.headers);
            for pair in pairs {
                apply(&mut pair.value);
            }
            for cookie in request
                .cookies
                .iter_mut()
                .chain(&mut entry.response.cookies)
            {
                apply(&mut cookie.value);
            }
            if let Some(post) = request.post_data.as_mut().filter(|p| p.encoding.is_none()) {
                apply(&mut post.text);
            }
            let response = &mut entry.response;
            apply(&mut response.redirect_url);
            if response.content.encoding.is_none() {
                apply(&mut response.content.text);
                response.content.size = response.content.text.len() as i64;
            }
        }
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

fn name_values(pairs: &[(String, String)]) -> Vec<har::NameValue> {
    pairs
        .iter()
        .map(|(name, value)| har::NameValue {
            name: name.clone(),
            value: value.clone(),
        })
        .collect()
}

fn millis(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}
