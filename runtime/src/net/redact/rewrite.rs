//! Replacing secrets by their placeholders, and back.
//!
//! Structure first: a query string or a form body is rewritten pair by pair and a JSON body
//! token by token, comparing each *decoded* value with the secrets, so no escaping the
//! client chose (RFC 3986, lower-case hex, `\u0040`, `\/`) hides one; a numeric JSON value
//! that is a secret becomes its placeholder as a string. Anything else (headers, paths,
//! HTML, multipart) is matched textually in every form a secret takes
//! (`encodings.rs`), and a body that is not UTF-8 at the byte level, in UTF-8 and Latin-1.
//!
//! Each text is rewritten in one leftmost-longest pass of one automaton over all the
//! secrets, so the work is linear in the text, a secret containing another is replaced
//! whole, and a placeholder is never rewritten: placeholders are patterns of their own that
//! map to themselves.

use std::borrow::Cow;
use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};
use percent_encoding::percent_decode;

use super::encodings::{byte_forms, latin1, text_forms};

/// Replaces a set of secrets by their placeholders, and restores them.
#[derive(Debug)]
pub struct Redactor {
    /// UTF-8 forms, for text.
    text: Automaton,
    /// UTF-8 and Latin-1 forms, for bodies that are not UTF-8 and decoded form values.
    bytes: Automaton,
    /// A secret as it is → its placeholder: JSON numbers are compared whole.
    exact: HashMap<String, String>,
    /// Placeholder → secret in UTF-8, and in Latin-1 where it can be written so.
    restore: Automaton,
    restore_latin1: Automaton,
}

impl Redactor {
    /// A redactor of `secrets`, `(secret, placeholder)` in order of priority.
    pub(super) fn new(secrets: &[(String, String)]) -> Redactor {
        let placeholders = secrets
            .iter()
            .map(|(_, placeholder)| (placeholder.as_bytes().to_vec(), placeholder.as_bytes()));
        let forms = |of: fn(&str) -> Vec<Vec<u8>>| {
            let secrets = secrets.iter().flat_map(move |(secret, placeholder)| {
                of(secret)
                    .into_iter()
                    .map(move |form| (form, placeholder.as_bytes()))
            });
            Automaton::new(placeholders.clone().chain(secrets))
        };
        let restore = |latin: bool| {
            Automaton::new(secrets.iter().map(|(secret, placeholder)| {
                let bytes = latin
                    .then(|| latin1(secret))
                    .flatten()
                    .unwrap_or_else(|| secret.as_bytes().to_vec());
                (placeholder.as_bytes().to_vec(), bytes)
            }))
        };
        Redactor {
            text: forms(text_forms),
            bytes: forms(byte_forms),
            exact: secrets
                .iter()
                .rev()
                .map(|(secret, placeholder)| (secret.clone(), placeholder.clone()))
                .collect(),
            restore: restore(false),
            restore_latin1: restore(true),
        }
    }

    /// `text` with every secret replaced.
    pub fn text(&self, text: &str) -> String {
        utf8(self.text.replace(text.as_bytes()).into_owned())
    }

    /// A URL with its path matched textually and its query rewritten pair by pair.
    pub fn url(&self, url: &str) -> String {
        match url.split_once('?') {
            Some((path, query)) => format!("{}?{}", self.text(path), self.form(query)),
            None => self.text(url),
        }
    }

    /// A request or response body: JSON and forms by their structure, other text
    /// textually, and anything else at the byte level.
    pub fn body(&self, body: &[u8]) -> Vec<u8> {
        match std::str::from_utf8(body) {
            Ok(text) if is_json(body) => self.json(text).into_bytes(),
            Ok(text) if is_form(text) => self.form(text).into_bytes(),
            Ok(text) => self.text(text).into_bytes(),
            Err(_) => self.bytes.replace(body).into_owned(),
        }
    }

    /// `text` with each placeholder turned back into its secret.
    pub fn restore(&self, text: &str) -> String {
        utf8(self.restore.replace(text.as_bytes()).into_owned())
    }

    /// A body that is not UTF-8 (most likely Latin-1) with each placeholder turned back
    /// into its secret, in Latin-1 when it can be written so.
    pub fn restore_bytes(&self, body: &[u8]) -> Vec<u8> {
        self.restore_latin1.replace(body).into_owned()
    }

    /// A query string or form body, each name and value decoded, compared, and encoded
    /// again only when it held a secret.
    pub fn form(&self, form: &str) -> String {
        let mut out = String::with_capacity(form.len());
        for (i, pair) in form.split('&').enumerate() {
            if i > 0 {
                out.push('&');
            }
            match pair.split_once('=') {
                Some((name, value)) => {
                    out.push_str(&self.form_component(name));
                    out.push('=');
                    out.push_str(&self.form_component(value));
                }
                None => out.push_str(&self.form_component(pair)),
            }
        }
        out
    }

    fn form_component<'a>(&self, raw: &'a str) -> Cow<'a, str> {
        // Most names and values have nothing to decode: no copy for them.
        let decoded: Cow<[u8]> = if raw.contains(['%', '+']) {
            let plus = raw.replace('+', " ");
            Cow::Owned(percent_decode(plus.as_bytes()).collect())
        } else {
            Cow::Borrowed(raw.as_bytes())
        };
        let encode = |gap: &[u8], out: &mut Vec<u8>| {
            out.extend(url::form_urlencoded::byte_serialize(gap).flat_map(str::bytes));
        };
        match self.bytes.rewrite(&decoded, encode) {
            Some(rewritten) => Cow::Owned(utf8(rewritten)),
            None => Cow::Borrowed(raw),
        }
    }

    /// A valid JSON text with each string decoded and compared, and each number compared
    /// whole; everything else is kept byte for byte.
    fn json(&self, json: &str) -> String {
        let bytes = json.as_bytes();
        let mut out = String::with_capacity(json.len());
        let mut at = 0;
        let mut kept = 0;
        while at < bytes.len() {
            let end = match bytes[at] {
                b'"' => string_end(bytes, at),
                b'-' | b'0'..=b'9' => number_end(bytes, at),
                _ => {
                    at += 1;
                    continue;
                }
            };
            let token = &json[at..end];
            let replaced = if token.starts_with('"') {
                serde_json::from_str::<String>(token)
                    .ok()
                    .and_then(|value| {
                        let copy = |gap: &[u8], out: &mut Vec<u8>| out.extend_from_slice(gap);
                        let rewritten = self.text.rewrite(value.as_bytes(), copy)?;
                        serde_json::to_string(&utf8(rewritten)).ok()
                    })
            } else {
                self.exact
                    .get(token)
                    .and_then(|placeholder| serde_json::to_string(placeholder).ok())
            };
            if let Some(replaced) = replaced {
                out.push_str(&json[kept..at]);
                out.push_str(&replaced);
                kept = end;
            }
            at = end;
        }
        out.push_str(&json[kept..]);
        out
    }
}

/// Whether `body` is a JSON text.
pub fn is_json(body: &[u8]) -> bool {
    serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok()
}

/// Whether `text` looks like a query string or a form body: `name=value` pairs and no
/// white space.
pub fn is_form(text: &str) -> bool {
    !text.is_empty() && !text.contains(char::is_whitespace) && text.contains('=')
}

/// The end of the JSON string starting at `start` (past its closing quote).
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut at = start + 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b'"' => return at + 1,
            _ => at += 1,
        }
    }
    bytes.len()
}

/// The end of the JSON number starting at `start`.
fn number_end(bytes: &[u8], start: usize) -> usize {
    let len = bytes[start..]
        .iter()
        .take_while(|b| matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
        .count();
    start + len
}

/// Bytes that were UTF-8 with only ASCII placeholders put in.
fn utf8(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// One leftmost-longest automaton over patterns, each with its replacement.
#[derive(Debug)]
struct Automaton {
    matcher: AhoCorasick,
    replacements: Vec<Vec<u8>>,
}

impl Automaton {
    /// Patterns in order of priority: a pattern seen before keeps its first replacement.
    fn new<'a, R: AsRef<[u8]> + 'a>(pairs: impl Iterator<Item = (Vec<u8>, R)>) -> Automaton {
        let mut patterns: Vec<Vec<u8>> = Vec::new();
        let mut replacements = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (pattern, replacement) in pairs {
            if !pattern.is_empty() && seen.insert(pattern.clone()) {
                patterns.push(pattern);
                replacements.push(replacement.as_ref().to_vec());
            }
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .expect("secrets are short enough for an automaton");
        Automaton {
            matcher,
            replacements,
        }
    }

    fn replace<'a>(&self, input: &'a [u8]) -> Cow<'a, [u8]> {
        let copy = |gap: &[u8], out: &mut Vec<u8>| out.extend_from_slice(gap);
        match self.rewrite(input, copy) {
            Some(rewritten) => Cow::Owned(rewritten),
            None => Cow::Borrowed(input),
        }
    }

    /// `input` with each match replaced and the text between matches passed through
    /// `gap`; `None` when nothing but placeholders matched.
    fn rewrite(&self, input: &[u8], mut gap: impl FnMut(&[u8], &mut Vec<u8>)) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let mut kept = 0;
        let mut changed = false;
        for found in self.matcher.find_iter(input) {
            let replacement = &self.replacements[found.pattern().as_usize()];
            // A placeholder already there is kept as it is, never passed through `gap`.
            changed |= replacement.as_slice() != &input[found.range()];
            gap(&input[kept..found.start()], &mut out);
            out.extend_from_slice(replacement);
            kept = found.end();
        }
        if !changed {
            return None;
        }
        gap(&input[kept..], &mut out);
        Some(out)
    }
}
