//! WHATWG URL parsing and setters for `URL` (`js-shims/internal/url.js`), by the `url`
//! crate, whose `quirks` module implements exactly the standard's getters and setters; and
//! the two native steps of the legacy API (`js-shims/internal/url_legacy.js`, `url.format`).

use rquickjs::{function::Opt, Function, Object, Result};
use url::{quirks, Host, Position, Url};

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

/// The IDNA step of Node's legacy `url.parse`: UTS 46 mapping and Punycode with no ASCII deny
/// list and, unlike WHATWG hosts, no IPv4 number parsing (`0x7f.1` stays as written); ""
/// when the name is not valid IDNA, which the parser turns into ERR_INVALID_URL.
pub fn legacy_domain_to_ascii(domain: &str) -> String {
    idna::domain_to_ascii_cow(domain.as_bytes(), idna::AsciiDenyList::EMPTY)
        .map(|ascii| ascii.into_owned())
        .unwrap_or_default()
}

/// Which parts `url.format(URL, options)` keeps.
pub struct FormatOptions {
    pub fragment: bool,
    pub unicode: bool,
    pub search: bool,
    pub auth: bool,
}

/// `url.format(URL, options)`: the href without the parts the options drop, with the domain
/// in Unicode when asked (a form a `Url` cannot hold, hence the string surgery).
pub fn format(href: &str, options: &FormatOptions) -> Option<String> {
    let mut url = Url::parse(href).ok()?;
    if !options.fragment {
        url.set_fragment(None);
    }
    if !options.search {
        url.set_query(None);
    }
    if !options.auth {
        // Only URLs that cannot have credentials refuse these, and they have none.
        let _ = url.set_username("");
        let _ = url.set_password(None);
    }
    if options.unicode {
        if let Some(Host::Domain(domain)) = url.host() {
            let (unicode, _) = idna::domain_to_unicode(domain);
            let before = &url[..Position::BeforeHost];
            let after = &url[Position::AfterHost..];
            return Some(format!("{before}{unicode}{after}"));
        }
    }
    Some(url.into())
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
    ops.set("domainToUnicode", Function::new(ctx.clone(), to_unicode)?)?;
    let legacy_to_ascii = |d: String| legacy_domain_to_ascii(&d);
    ops.set(
        "legacyDomainToASCII",
        Function::new(ctx.clone(), legacy_to_ascii)?,
    )?;
    let format_op = |href: String, fragment: bool, unicode: bool, search: bool, auth: bool| {
        let options = FormatOptions {
            fragment,
            unicode,
            search,
            auth,
        };
        format(&href, &options)
    };
    ops.set("urlFormat", Function::new(ctx, format_op)?)?;
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

    #[test]
    fn legacy_idna_maps_without_reading_numbers() {
        assert_eq!(legacy_domain_to_ascii("straße.de"), "xn--strae-oqa.de");
        assert_eq!(legacy_domain_to_ascii("a\u{bd}b"), "xn--a12b-1g7a");
        assert_eq!(legacy_domain_to_ascii("0x7f.1"), "0x7f.1");
        assert_eq!(legacy_domain_to_ascii("a_b..c."), "a_b..c.");
        assert_eq!(legacy_domain_to_ascii("xn--a.com"), "");
    }

    #[test]
    fn format_drops_parts_and_decodes_the_domain() {
        let href = "http://u:p@xn--ida.com:8/a?b#c";
        let all = |unicode| FormatOptions {
            fragment: true,
            unicode,
            search: true,
            auth: true,
        };
        assert_eq!(
            format(href, &all(true)).unwrap(),
            "http://u:p@ñ.com:8/a?b#c"
        );
        let none = FormatOptions {
            fragment: false,
            unicode: false,
            search: false,
            auth: false,
        };
        assert_eq!(format(href, &none).unwrap(), "http://xn--ida.com:8/a");
        assert_eq!(
            format("http://[::1]/", &all(true)).unwrap(),
            "http://[::1]/"
        );
    }
}
