//! WHATWG URL parsing and setters for `URL` (`js-shims/internal/url.js`), by the `url`
//! crate, whose `quirks` module implements exactly the standard's getters and setters.

use rquickjs::{function::Opt, Function, Object, Result};
use url::{quirks, Url};

/// The components JS reads, in this order: href, origin, protocol, username, password,
/// host, hostname, port, pathname, search, hash.
pub type Parts = Vec<String>;

pub fn parts(url: &Url) -> Parts {
    vec![
        quirks::href(url).to_string(),
        quirks::origin(url),
        quirks::protocol(url).to_string(),
        quirks::username(url).to_string(),
        quirks::password(url).to_string(),
        quirks::host(url).to_string(),
        quirks::hostname(url).to_string(),
        quirks::port(url).to_string(),
        quirks::pathname(url).to_string(),
        quirks::search(url).to_string(),
        quirks::hash(url).to_string(),
    ]
}

pub fn parse(input: &str, base: Option<&str>) -> Option<Parts> {
    let url = match base {
        Some(base) => Url::parse(base).ok()?.join(input).ok()?,
        None => Url::parse(input).ok()?,
    };
    Some(parts(&url))
}

/// Applies one setter to `href`; invalid values leave the URL unchanged, as the standard says.
pub fn set(href: &str, field: &str, value: &str) -> Option<Parts> {
    let mut url = Url::parse(href).ok()?;
    let _ = match field {
        "href" => quirks::set_href(&mut url, value).map_err(drop),
        "protocol" => quirks::set_protocol(&mut url, value),
        "username" => quirks::set_username(&mut url, value),
        "password" => quirks::set_password(&mut url, value),
        "host" => quirks::set_host(&mut url, value),
        "hostname" => quirks::set_hostname(&mut url, value),
        "port" => quirks::set_port(&mut url, value),
        "pathname" => {
            quirks::set_pathname(&mut url, value);
            Ok(())
        }
        "search" => {
            quirks::set_search(&mut url, value);
            Ok(())
        }
        "hash" => {
            quirks::set_hash(&mut url, value);
            Ok(())
        }
        _ => Err(()),
    };
    Some(parts(&url))
}

pub fn domain_to_ascii(domain: &str) -> String {
    quirks::domain_to_ascii(domain)
}

pub fn domain_to_unicode(domain: &str) -> String {
    quirks::domain_to_unicode(domain)
}

pub(crate) fn install(ops: &Object<'_>) -> Result<()> {
    let ctx = ops.ctx().clone();
    let parse_op = |input: String, base: Opt<String>| parse(&input, base.0.as_deref());
    ops.set("urlParse", Function::new(ctx.clone(), parse_op)?)?;
    let set_op = |href: String, field: String, value: String| set(&href, &field, &value);
    ops.set("urlSet", Function::new(ctx.clone(), set_op)?)?;
    let to_ascii = |d: String| domain_to_ascii(&d);
    ops.set("domainToASCII", Function::new(ctx.clone(), to_ascii)?)?;
    let to_unicode = |d: String| domain_to_unicode(&d);
    ops.set("domainToUnicode", Function::new(ctx, to_unicode)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_relative_to_a_base() {
        let p = parse("../b?x=1#h", Some("https://u:p@Example.com:8080/a/c")).unwrap();
        assert_eq!(p[0], "https://u:p@example.com:8080/b?x=1#h");
        assert_eq!(p[1], "https://example.com:8080");
        assert_eq!(p[6], "example.com");
        assert_eq!(p[7], "8080");
        assert!(parse("not a url", None).is_none());
    }

    #[test]
    fn setters_follow_the_standard() {
        let p = set("http://a.com/x", "port", "80").unwrap();
        assert_eq!(p[0], "http://a.com/x");
        let p = set("http://a.com/x", "protocol", "https").unwrap();
        assert_eq!(p[2], "https:");
        let p = set("http://a.com/x", "search", "a b").unwrap();
        assert_eq!(p[9], "?a%20b");
    }
}
