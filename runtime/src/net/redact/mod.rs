//! The secrets of a recording, and the placeholders that stand for them (issue 6).
//!
//! What is a secret:
//! - each string or number of the account `fields` (at any depth; `folderPath` excepted:
//!   it only names where files go) of at least [`MIN_SECRET`] characters: its placeholder
//!   names the field, `[REDACTED:login]`, `[REDACTED:a.b]` for nested ones; and the job's
//!   `COZY_CREDENTIALS`, `[REDACTED:COZY_CREDENTIALS]`;
//! - learnt from the traffic, each distinct value of at least [`MIN_LEARNT`] characters
//!   getting `[REDACTED-n]`, numbered in order of first appearance in the file: the
//!   credentials of `Authorization` and `Proxy-Authorization` (after the scheme), the value
//!   of the token headers of [`TOKEN_HEADERS`], every cookie value of `Cookie` and
//!   `Set-Cookie`, every form, query or JSON value under a key of [`TOKEN_KEYS`], and
//!   every value found under a name given with `--redact NAME` (a header, a query or form
//!   parameter, a JSON property at any depth). Shorter learnt values (`lang=fr`,
//!   `consent=1`) are no secrets worth hiding, and would rewrite unrelated text.
//!
//! A secret is replaced wherever it occurs in the file, in whatever encoding
//! (`rewrite.rs`), so the same secret is always the same placeholder and a replay still
//! matches.

mod encodings;
mod rewrite;

use std::collections::HashSet;

use serde_json::Value;

pub use rewrite::{is_form, is_json, Redactor};

/// Field values shorter than this are not redacted.
pub const MIN_SECRET: usize = 3;

/// Values learnt from the traffic shorter than this are not redacted.
pub const MIN_LEARNT: usize = 8;

/// Headers whose whole value is a secret, besides those named with `--redact`.
pub const TOKEN_HEADERS: &[&str] = &["x-auth-token", "x-api-key", "x-csrf-token", "x-xsrf-token"];

/// Form, query and JSON keys whose values are secrets, besides those named with `--redact`.
pub const TOKEN_KEYS: &[&str] = &[
    "access_token",
    "refresh_token",
    "id_token",
    "password",
    "token",
];

/// The placeholder of the field at `label` (`login`, `a.b`).
pub fn field_placeholder(label: &str) -> String {
    format!("[REDACTED:{label}]")
}

/// The fields of `fields` worth redacting, as `(label, value)`; numbers as written.
pub fn field_secrets(fields: Option<&Value>) -> Vec<(String, String)> {
    fn walk(prefix: &str, value: &Value, out: &mut Vec<(String, String)>) {
        let text = match value {
            Value::Object(map) => {
                for (key, value) in map {
                    if prefix.is_empty() && key == "folderPath" {
                        continue;
                    }
                    let label = if prefix.is_empty() {
                        key.clone()
                    } else {
                        format!("{prefix}.{key}")
                    };
                    walk(&label, value, out);
                }
                return;
            }
            Value::String(text) => text.clone(),
            Value::Number(number) => number.to_string(),
            _ => return,
        };
        if text.chars().count() >= MIN_SECRET {
            out.push((prefix.to_owned(), text));
        }
    }
    let mut out = Vec::new();
    if let Some(fields) = fields {
        walk("", fields, &mut out);
    }
    out
}

/// The secrets of a recording with their placeholders, in order of first appearance.
#[derive(Debug, Default, Clone)]
pub struct Secrets {
    /// `(secret, placeholder)`.
    list: Vec<(String, String)>,
    /// The secrets of `list`, so that learning stays linear.
    known: HashSet<String>,
    next: usize,
}

impl Secrets {
    /// The run's field secrets and, when given, its `COZY_CREDENTIALS`.
    pub fn of_run(fields: &[(String, String)], credentials: Option<&str>) -> Secrets {
        let mut secrets = Secrets::default();
        for (label, value) in fields {
            secrets.add(value, field_placeholder(label));
        }
        if let Some(credentials) = credentials.filter(|c| !c.is_empty()) {
            secrets.add(credentials, field_placeholder("COZY_CREDENTIALS"));
        }
        secrets
    }

    /// Adds `secret` with a numbered placeholder, unless it is already known or shorter
    /// than [`MIN_LEARNT`].
    pub fn learn(&mut self, secret: &str) {
        if secret.chars().count() < MIN_LEARNT {
            return;
        }
        if !self.known.contains(secret) {
            self.next += 1;
            self.add(secret, format!("[REDACTED-{}]", self.next));
        }
    }

    fn add(&mut self, secret: &str, placeholder: String) {
        if self.known.insert(secret.to_owned()) {
            self.list.push((secret.to_owned(), placeholder));
        }
    }

    /// The redactor of these secrets.
    pub fn redactor(&self) -> Redactor {
        Redactor::new(&self.list)
    }
}

/// The secrets a header carries: credentials and cookie values, or the whole value of a
/// token header or of one named with `--redact`.
pub fn header_secrets(name: &str, value: &str, names: &[String]) -> Vec<String> {
    let lower = name.to_ascii_lowercase();
    let named = names.iter().any(|n| n.eq_ignore_ascii_case(name));
    if named || TOKEN_HEADERS.contains(&lower.as_str()) {
        return vec![value.to_owned()];
    }
    match lower.as_str() {
        "authorization" | "proxy-authorization" => {
            let credentials = value.split_once(' ').map_or(value, |(_, rest)| rest);
            vec![credentials.trim().to_owned()]
        }
        "cookie" => cookies(value).into_iter().map(|(_, v)| v).collect(),
        "set-cookie" => set_cookie(value).into_iter().map(|(_, v)| v).collect(),
        _ => Vec::new(),
    }
}

/// `a=1; b=2` as pairs.
pub fn cookies(header: &str) -> Vec<(String, String)> {
    header
        .split(';')
        .filter_map(|pair| pair.split_once('='))
        .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
        .collect()
}

/// The cookie a `Set-Cookie` sets (its attributes left out).
pub fn set_cookie(header: &str) -> Option<(String, String)> {
    let pair = header.split(';').next()?;
    let (name, value) = pair.split_once('=')?;
    Some((name.trim().to_owned(), value.trim().to_owned()))
}

/// Whether values under the key `name` are secrets: a token key or a `--redact` name.
fn is_secret_key(name: &str, names: &[String]) -> bool {
    TOKEN_KEYS.contains(&name) || names.iter().any(|n| n == name)
}

/// The values under a token key or `names` in a query string or a form body.
pub fn form_secrets(form: &str, names: &[String]) -> Vec<String> {
    url::form_urlencoded::parse(form.as_bytes())
        .filter(|(name, _)| is_secret_key(name, names))
        .map(|(_, value)| value.into_owned())
        .collect()
}

/// The values under a token key or `names` in a JSON body, at any depth (strings, and
/// numbers as written).
pub fn json_secrets(body: &str, names: &[String]) -> Vec<String> {
    fn walk(value: &Value, names: &[String], out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (key, value) in map {
                    if is_secret_key(key, names) {
                        match value {
                            Value::String(text) => out.push(text.clone()),
                            Value::Number(number) => out.push(number.to_string()),
                            _ => {}
                        }
                    }
                    walk(value, names, out);
                }
            }
            Value::Array(items) => items.iter().for_each(|item| walk(item, names, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Ok(value) = serde_json::from_str::<Value>(body) {
        walk(&value, names, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn redactor(fields: &[(&str, &str)]) -> Redactor {
        let fields: Vec<_> = fields
            .iter()
            .map(|(label, value)| (label.to_string(), value.to_string()))
            .collect();
        Secrets::of_run(&fields, None).redactor()
    }

    #[test]
    fn field_secrets_are_labelled_by_path_and_short_or_folder_values_skipped() {
        let fields = json!({"login": "ada@example.com", "password": "s3 cret!",
                            "pin": "12", "folderPath": "/Administrative/X",
                            "extra": {"token": "abcdef"}, "remember": true,
                            "customer": 12345678});
        assert_eq!(
            field_secrets(Some(&fields)),
            [
                ("login".to_owned(), "ada@example.com".to_owned()),
                ("password".to_owned(), "s3 cret!".to_owned()),
                ("extra.token".to_owned(), "abcdef".to_owned()),
                ("customer".to_owned(), "12345678".to_owned()),
            ]
        );
    }

    #[test]
    fn every_encoding_of_a_secret_becomes_the_same_placeholder_and_restores() {
        let r = redactor(&[("login", "ada@example.com"), ("password", "s3 cr\"et")]);
        let text = "email=ada%40example.com&password=s3+cr%22et \
                    {\"p\":\"s3 cr\\\"et\"} /u/ada%40example.com?p=s3%20cr%22et ada@example.com";
        assert_eq!(
            r.text(text),
            "email=[REDACTED:login]&password=[REDACTED:password] \
             {\"p\":\"[REDACTED:password]\"} /u/[REDACTED:login]?p=[REDACTED:password] \
             [REDACTED:login]"
        );
        assert_eq!(r.restore("hi [REDACTED:login]"), "hi ada@example.com");
    }

    #[test]
    fn strict_rfc_3986_and_lower_case_hex_forms_are_redacted_in_forms_urls_and_text() {
        let r = redactor(&[("login", "ada@example.com"), ("password", "my pa*ss!")]);
        // `request`'s `form:` (qs): `*` → %2A, `!` → %21, space → %20.
        let strict = b"user=ada%40example.com&password=my%20pa%2Ass%21&x=1";
        let expected = "user=[REDACTED:login]&password=[REDACTED:password]&x=1";
        assert_eq!(String::from_utf8(r.body(strict)).unwrap(), expected);
        let lower = b"user=ada%40example.com&password=my+pa%2ass%21&x=1";
        assert_eq!(String::from_utf8(r.body(lower)).unwrap(), expected);
        // A secret inside a longer value: the rest is kept, encoded as a form would.
        assert_eq!(
            r.form("next=%2Fme%3Fp%3Dmy%2520pa%252Ass%2521"),
            "next=%2Fme%3Fp%3D[REDACTED:password]"
        );
        assert_eq!(
            r.url("http://v.test/u/ada%40example.com?p=my%20pa%2Ass%21"),
            "http://v.test/u/[REDACTED:login]?p=[REDACTED:password]"
        );
        assert_eq!(
            r.text("<a href=\"?p=my%20pa%2ass%21\">"),
            "<a href=\"?p=[REDACTED:password]\">"
        );
    }

    #[test]
    fn json_bodies_are_compared_decoded_and_numbers_whole() {
        let r = redactor(&[("login", "ada@example.com"), ("customer", "12345678")]);
        let body = br#"{"u": "ada\u0040example.com", "n": 12345678, "m": 123456789,
                        "url": "https:\/\/v.test\/?u=ada%40example.com", "ok": true}"#;
        assert_eq!(
            String::from_utf8(r.body(body)).unwrap(),
            r#"{"u": "[REDACTED:login]", "n": "[REDACTED:customer]", "m": 123456789,
                        "url": "https://v.test/?u=[REDACTED:login]", "ok": true}"#
        );
    }

    #[test]
    fn bodies_that_are_not_utf8_are_redacted_in_utf8_and_latin1_and_restored_in_latin1() {
        let r = redactor(&[("password", "mélodie!")]);
        let page = b"<input value=\"m\xe9lodie!\"> m\xc3\xa9lodie! p=m%E9lodie%21 \xff";
        let redacted = r.body(page);
        assert_eq!(
            redacted,
            b"<input value=\"[REDACTED:password]\"> [REDACTED:password] \
              p=[REDACTED:password] \xff"
        );
        assert_eq!(
            r.restore_bytes(b"\xff [REDACTED:password]"),
            b"\xff m\xe9lodie!"
        );
        // A Latin-1 form value, decoded to bytes, is compared too.
        assert_eq!(r.form("p=m%e9lodie%21"), "p=[REDACTED:password]");
    }

    #[test]
    fn learnt_secrets_are_numbered_once_each_and_short_ones_skipped() {
        let mut secrets = Secrets::default();
        for value in [
            "sid-0123456789",
            "tok-abcdefgh",
            "sid-0123456789",
            "1",
            "fr",
            "",
        ] {
            secrets.learn(value);
        }
        assert_eq!(
            secrets
                .redactor()
                .text("sid-0123456789 tok-abcdefgh lang=fr consent=1"),
            "[REDACTED-1] [REDACTED-2] lang=fr consent=1"
        );
    }

    #[test]
    fn placeholders_are_never_rewritten_and_redacting_twice_changes_nothing() {
        let mut secrets = Secrets::of_run(&[("code".to_owned(), "RED".to_owned())], Some("1"));
        secrets.learn("ACTED-1]-and-more");
        let r = secrets.redactor();
        let once = r.text("RED [REDACTED-1] [REDACTED:code] ACTED-1]-and-more 1");
        assert_eq!(
            once,
            "[REDACTED:code] [REDACTED-1] [REDACTED:code] [REDACTED-1] [REDACTED:COZY_CREDENTIALS]"
        );
        assert_eq!(r.text(&once), once);
        // Restoring walks the placeholders in one pass too.
        assert_eq!(
            r.restore(&once),
            "RED ACTED-1]-and-more RED ACTED-1]-and-more 1"
        );
    }

    #[test]
    fn headers_forms_and_json_give_their_secrets() {
        let names = vec!["X-Custom".to_owned(), "sid".to_owned()];
        assert_eq!(
            header_secrets("authorization", "Bearer abc.def", &names),
            ["abc.def"]
        );
        assert_eq!(header_secrets("Cookie", "a=1; b=xyz", &names), ["1", "xyz"]);
        assert_eq!(
            header_secrets("set-cookie", "sid=q1; Path=/; HttpOnly", &names),
            ["q1"]
        );
        assert_eq!(header_secrets("x-custom", "k", &names), ["k"]);
        for token in ["X-Api-Key", "x-auth-token", "X-CSRF-Token", "X-XSRF-TOKEN"] {
            assert_eq!(header_secrets(token, "t", &[]), ["t"], "{token}");
        }
        assert!(header_secrets("accept", "text/html", &names).is_empty());
        assert_eq!(
            form_secrets("a=1&sid=t%2B1&token=tk&password=pw&b=2", &names),
            ["t+1", "tk", "pw"]
        );
        assert_eq!(
            json_secrets(
                r#"{"data":[{"sid":"j1"},{"sid":42}],"sid2":"no","access_token":"at",
                    "x":{"refresh_token":"rt","id_token":"it"}}"#,
                &names
            ),
            ["j1", "42", "at", "rt", "it"]
        );
    }
}
