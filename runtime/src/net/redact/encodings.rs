//! The forms a secret takes on the wire, for the textual pass of the redaction: what a
//! structured pass (forms, JSON) cannot decode first is matched in each of these.

use percent_encoding::{percent_encode, AsciiSet, NON_ALPHANUMERIC};

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

/// RFC 3986 unreserved characters only, as `qs` and `request` (cozy-konnector-libs' `form:`
/// sign-in path) encode: `*` → `%2A`, `!` → `%21`.
const STRICT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The forms of `secret` in UTF-8 text: as is, JSON-escaped (as JavaScript does, and as
/// PHP does: `\/` and `\u00e9`), and percent-encoded the ways browsers, WHATWG forms,
/// `encodeURIComponent` and RFC 3986 libraries do (space as `%20` or `+`), each with upper-
/// and lower-case hex digits.
pub fn text_forms(secret: &str) -> Vec<Vec<u8>> {
    let json = serde_json::to_string(secret).unwrap_or_default();
    let json = &json[1..json.len() - 1];
    let mut forms = vec![
        secret.as_bytes().to_vec(),
        json.as_bytes().to_vec(),
        ascii_json(json).into_bytes(),
    ];
    forms.extend(percent_forms(secret.as_bytes()));
    dedup(forms)
}

/// The forms of `secret` in a body that is not UTF-8: its UTF-8 forms, and, when it has
/// characters beyond ASCII that Latin-1 can write (French vendor pages), its Latin-1 bytes
/// as is and percent-encoded.
pub fn byte_forms(secret: &str) -> Vec<Vec<u8>> {
    let mut forms = text_forms(secret);
    if let Some(latin1) = latin1(secret).filter(|bytes| !bytes.is_ascii()) {
        forms.extend(percent_forms(&latin1));
        forms.push(latin1);
    }
    dedup(forms)
}

/// `text` in Latin-1, if every character has a Latin-1 byte.
pub fn latin1(text: &str) -> Option<Vec<u8>> {
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).ok())
        .collect()
}

fn percent_forms(bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut forms = Vec::new();
    for set in [URI_COMPONENT, STRICT] {
        let encoded = percent_encode(bytes, set).to_string();
        forms.push(encoded.replace("%20", "+"));
        forms.push(encoded);
    }
    forms.push(url::form_urlencoded::byte_serialize(bytes).collect::<String>());
    let lower: Vec<String> = forms.iter().map(|form| lower_hex(form)).collect();
    forms.extend(lower);
    forms.into_iter().map(String::into_bytes).collect()
}

/// A JSON-escaped string with `/` and every character beyond ASCII escaped too.
fn ascii_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '/' => out.push_str("\\/"),
            c if c.is_ascii() => out.push(c),
            c => {
                let mut units = [0; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out
}

/// `%2A` → `%2a`: some encoders write lower-case hex digits.
fn lower_hex(encoded: &str) -> String {
    let mut out = String::with_capacity(encoded.len());
    let mut rest = encoded;
    while let Some(at) = rest.find('%') {
        let (before, escape) = rest.split_at(at);
        out.push_str(before);
        let end = escape.len().min(3);
        out.push_str(&escape[..end].to_ascii_lowercase());
        rest = &escape[end..];
    }
    out.push_str(rest);
    out
}

fn dedup(mut forms: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    forms.retain(|form| !form.is_empty());
    forms.sort();
    forms.dedup();
    forms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(forms: &[Vec<u8>], form: &[u8]) -> bool {
        forms.iter().any(|f| f == form)
    }

    #[test]
    fn strict_rfc_3986_lower_hex_and_json_forms_are_covered() {
        let forms = text_forms("my pa*ss!/é");
        for form in [
            "my pa*ss!/é",
            "my pa*ss!\\/\\u00e9",
            "my%20pa*ss!%2F%C3%A9",
            "my%20pa%2Ass%21%2F%C3%A9",
            "my+pa%2Ass%21%2F%C3%A9",
            "my%20pa%2ass%21%2f%c3%a9",
            "my+pa*ss%21%2F%C3%A9",
        ] {
            assert!(has(&forms, form.as_bytes()), "{form} missing");
        }
    }

    #[test]
    fn latin1_forms_only_for_bodies_that_are_not_utf8() {
        assert!(!has(&text_forms("café"), b"caf\xe9"));
        let forms = byte_forms("café");
        assert!(has(&forms, b"caf\xe9"));
        assert!(has(&forms, b"caf%E9"));
        assert!(has(&forms, "café".as_bytes()));
        assert_eq!(byte_forms("plain"), text_forms("plain"));
        assert_eq!(latin1("€"), None);
    }
}
