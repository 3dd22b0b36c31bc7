//! The secrets of a recording, and the placeholders that stand for them (issue 6).
//!
//! What is a secret:
//! - each string value of the account `fields` (at any depth; `folderPath` excepted: it
//!   only names where files go) of at least [`MIN_SECRET`] characters: its placeholder
//!   names the field, `[REDACTED:login]`, `[REDACTED:a.b]` for nested ones;
//! - the credentials of `Authorization` and `Proxy-Authorization` (after the scheme), every
//!   cookie value of `Cookie` and `Set-Cookie`, and every value found under a name given
//!   with `--redact NAME`: a header of that name, a query or form parameter of that name, a
//!   JSON property of that name at any depth. Each distinct value gets `[REDACTED-n]`,
//!   numbered in order of first appearance in the file.
//!
//! A secret is replaced wherever it occurs in the file — URLs, headers, text bodies — as
//! it is, percent-encoded (`encodeURIComponent`), form-encoded and JSON-escaped, so the same
//! secret is always the same placeholder and a replay still matches. Bodies kept as base64
//! (not UTF-8, such as most PDFs) are left as they are. Shorter field values are not
//! redacted: they would match unrelated text.

use std::collections::HashMap;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::Value;

/// Field values shorter than this are not redacted.
pub const MIN_SECRET: usize = 3;

/// `encodeURIComponent` leaves these unescaped.
const URI_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// The placeholder of the field at `label` (`login`, `a.b`).
pub fn field_placeholder(label: &str) -> String {
    format!("[REDACTED:{label}]")
}

/// The string fields of `fields` worth redacting, as `(label, value)`.
pub fn field_secrets(fields: Option<&Value>) -> Vec<(String, String)> {
    fn walk(prefix: &str, value: &Value, out: &mut Vec<(String, String)>) {
        match value {
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
            }
            Value::String(text) if text.chars().count() >= MIN_SECRET => {
                out.push((prefix.to_owned(), text.clone()));
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Some(fields) = fields {
        walk("", fields, &mut out);
    }
    out
}

/// Replaces known secrets, in every encoding, by their placeholders.
#[derive(Debug, Default, Clone)]
pub struct Substitution {
    /// (encoded secret, placeholder), longest first so that a secret containing another is
    /// replaced whole.
    rules: Vec<(String, String)>,
    /// placeholder → secret, for [`Substitution::restore`].
    secrets: HashMap<String, String>,
    next: usize,
}

impl Substitution {
    /// A substitution of the run's field secrets.
    pub fn of_fields(fields: &[(String, String)]) -> Substitution {
        let mut substitution = Substitution::default();
        for (label, value) in fields {
            substitution.add(value, field_placeholder(label));
        }
        substitution
    }

    /// Adds `secret` with a numbered placeholder, unless it is already known or empty.
    pub fn learn(&mut self, secret: &str) {
        if secret.is_empty() || self.secrets.values().any(|known| known == secret) {
            return;
        }
        self.next += 1;
        self.add(secret, format!("[REDACTED-{}]", self.next));
    }

    fn add(&mut self, secret: &str, placeholder: String) {
        for encoded in encodings(secret) {
            if !self.rules.iter().any(|(known, _)| *known == encoded) {
                self.rules.push((encoded, placeholder.clone()));
            }
        }
        self.rules
            .sort_by_key(|(secret, _)| std::cmp::Reverse(secret.len()));
        self.secrets.insert(placeholder, secret.to_owned());
    }

    /// `text` with every secret replaced.
    pub fn apply(&self, text: &str) -> String {
        let mut text = text.to_owned();
        for (secret, placeholder) in &self.rules {
            if text.contains(secret.as_str()) {
                text = text.replace(secret.as_str(), placeholder);
            }
        }
        text
    }

    /// `text` with each placeholder of this substitution turned back into its secret.
    pub fn restore(&self, text: &str) -> String {
        let mut text = text.to_owned();
        for (placeholder, secret) in &self.secrets {
            if text.contains(placeholder.as_str()) {
                text = text.replace(placeholder.as_str(), secret);
            }
        }
        text
    }
}

/// The forms a secret takes in a request or a response: as is, `encodeURIComponent`'d,
/// form-encoded, JSON-escaped.
fn encodings(secret: &str) -> Vec<String> {
    let json = serde_json::to_string(secret).unwrap_or_default();
    let mut forms = vec![
        secret.to_owned(),
        utf8_percent_encode(secret, URI_COMPONENT).to_string(),
        url::form_urlencoded::byte_serialize(secret.as_bytes()).collect(),
        json[1..json.len() - 1].to_owned(),
    ];
    forms.sort();
    forms.dedup();
    forms
}

/// The secrets a header carries: credentials and cookie values, or the whole value of a
/// header named with `--redact`.
pub fn header_secrets(name: &str, value: &str, names: &[String]) -> Vec<String> {
    let lower = name.to_ascii_lowercase();
    if names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
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

/// The values under `names` in a query string or a form body.
pub fn form_secrets(form: &str, names: &[String]) -> Vec<String> {
    url::form_urlencoded::parse(form.as_bytes())
        .filter(|(name, _)| names.iter().any(|n| n == name))
        .map(|(_, value)| value.into_owned())
        .collect()
}

/// The values under `names` in a JSON body, at any depth (strings, and numbers as written).
pub fn json_secrets(body: &str, names: &[String]) -> Vec<String> {
    fn walk(value: &Value, names: &[String], out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (key, value) in map {
                    if names.iter().any(|n| n == key) {
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

    #[test]
    fn field_secrets_are_labelled_by_path_and_short_or_folder_values_skipped() {
        let fields = json!({"login": "ada@example.com", "password": "s3 cret!",
                            "pin": "12", "folderPath": "/Administrative/X",
                            "extra": {"token": "abcdef"}, "remember": true});
        assert_eq!(
            field_secrets(Some(&fields)),
            [
                ("login".to_owned(), "ada@example.com".to_owned()),
                ("password".to_owned(), "s3 cret!".to_owned()),
                ("extra.token".to_owned(), "abcdef".to_owned()),
            ]
        );
    }

    #[test]
    fn every_encoding_of_a_secret_becomes_the_same_placeholder_and_restores() {
        let fields = [
            ("login".to_owned(), "ada@example.com".to_owned()),
            ("password".to_owned(), "s3 cr\"et".to_owned()),
        ];
        let substitution = Substitution::of_fields(&fields);
        let text = "email=ada%40example.com&password=s3+cr%22et \
                    {\"p\":\"s3 cr\\\"et\"} /u/ada%40example.com?p=s3%20cr%22et ada@example.com";
        let redacted = substitution.apply(text);
        assert_eq!(
            redacted,
            "email=[REDACTED:login]&password=[REDACTED:password] \
             {\"p\":\"[REDACTED:password]\"} /u/[REDACTED:login]?p=[REDACTED:password] \
             [REDACTED:login]"
        );
        assert_eq!(
            substitution.restore("hi [REDACTED:login]"),
            "hi ada@example.com"
        );
    }

    #[test]
    fn learnt_secrets_are_numbered_once_each() {
        let mut substitution = Substitution::default();
        substitution.learn("sid1");
        substitution.learn("tok");
        substitution.learn("sid1");
        substitution.learn("");
        assert_eq!(
            substitution.apply("sid1 tok sid1"),
            "[REDACTED-1] [REDACTED-2] [REDACTED-1]"
        );
    }

    #[test]
    fn headers_forms_and_json_give_their_secrets() {
        let names = vec!["X-Api-Key".to_owned(), "token".to_owned()];
        assert_eq!(
            header_secrets("authorization", "Bearer abc.def", &names),
            ["abc.def"]
        );
        assert_eq!(header_secrets("Cookie", "a=1; b=xyz", &names), ["1", "xyz"]);
        assert_eq!(
            header_secrets("set-cookie", "sid=q1; Path=/; HttpOnly", &names),
            ["q1"]
        );
        assert_eq!(header_secrets("x-api-key", "k", &names), ["k"]);
        assert!(header_secrets("accept", "text/html", &names).is_empty());
        assert_eq!(form_secrets("a=1&token=t%2B1&b=2", &names), ["t+1"]);
        assert_eq!(
            json_secrets(
                r#"{"data":[{"token":"j1"},{"token":42}],"token2":"no"}"#,
                &names
            ),
            ["j1", "42"]
        );
    }
}
