//! A run's cookie jar (konnector-lib's `requestFactory({ jar: true })`): RFC 6265 storage and
//! matching from `cookie_store`, plus what konnectors expect of request's tough-cookie jar —
//! cookies sent longest path first then oldest first, creation and last-access times, and
//! tough-cookie's JSON (`CookieJar.serializeSync()`), the shape `CookieKonnector` keeps in
//! the account, so a session saved by the real library loads here and ours loads there.

use std::collections::HashMap;

use cookie_store::{
    Cookie, CookieDomain, CookieExpiration, CookiePath, CookieStore, RawCookie, StoreAction,
};
use serde_json::{json, Map, Value};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Duration, OffsetDateTime};
use url::{Host, Url};

/// The tough-cookie version whose `serializeSync()` shape [`CookieJar::to_tough_json`]
/// writes (it reads any: the shape has not changed since).
const TOUGH_VERSION: &str = "tough-cookie@2.5.0";

/// (domain, path, name): a cookie's identity in the store.
type CookieKey = (String, String, String);

/// What tough-cookie keeps beside a cookie and `cookie_store` does not.
#[derive(Debug, Clone, Copy)]
struct Times {
    creation: OffsetDateTime,
    last_accessed: OffsetDateTime,
    /// Breaks ties between equal creation times (tough-cookie's `creationIndex`).
    index: u64,
}

/// A serialized jar that cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("cookie jar: {0} (expected tough-cookie's serializeSync() JSON: {{\"cookies\": [{{\"key\", \"value\", \"domain\", \"path\", ...}}]}})")]
pub struct JarFormatError(String);

#[derive(Default)]
pub struct CookieJar {
    store: CookieStore,
    times: HashMap<CookieKey, Times>,
    next_index: u64,
}

fn key_of(cookie: &Cookie<'_>) -> CookieKey {
    (
        String::from(&cookie.domain),
        String::from(&cookie.path),
        cookie.name().to_owned(),
    )
}

/// Whether `domain` is a public suffix (`com`, `co.uk`, or any single unknown label), which
/// no site may set cookies for.
fn is_public_suffix(domain: &str) -> bool {
    psl::suffix_str(domain).is_some_and(|suffix| suffix.eq_ignore_ascii_case(domain))
}

/// tough-cookie's `Date.toISOString()` form.
fn iso(time: OffsetDateTime) -> String {
    let format =
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    time.to_offset(time::UtcOffset::UTC)
        .format(&format)
        .unwrap_or_default()
}

impl CookieJar {
    /// The `Cookie` header for a request to `url`, '' when no cookie matches; the cookies
    /// sent count as accessed now.
    pub fn cookie_header(&mut self, url: &Url) -> String {
        let mut sent: Vec<(usize, u64, CookieKey, String)> = self
            .store
            .matches(url)
            .into_iter()
            .map(|cookie| {
                let key = key_of(cookie);
                let index = self.times.get(&key).map_or(0, |times| times.index);
                let pair = format!("{}={}", cookie.name(), cookie.value());
                (key.1.len(), index, key, pair)
            })
            .collect();
        // RFC 6265 §5.4: longer paths first, then earlier creation.
        sent.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let now = OffsetDateTime::now_utc();
        let mut header = Vec::with_capacity(sent.len());
        for (_, _, key, pair) in sent {
            if let Some(times) = self.times.get_mut(&key) {
                times.last_accessed = now;
            }
            header.push(pair);
        }
        header.join("; ")
    }

    /// Stores the `Set-Cookie` values of a response from `url`. Like request's jar, a value
    /// that cannot be stored (malformed, for another site, for a public suffix) is skipped.
    /// Returns how many were stored.
    pub fn store<'a>(
        &mut self,
        url: &Url,
        set_cookies: impl IntoIterator<Item = &'a str>,
    ) -> usize {
        let now = OffsetDateTime::now_utc();
        set_cookies
            .into_iter()
            .filter(|value| {
                let Ok(mut cookie) = Cookie::parse(*value, url) else {
                    return false;
                };
                if let CookieDomain::Suffix(domain) = &cookie.domain {
                    if is_public_suffix(domain) {
                        // RFC 6265 §5.3 step 5: only the host itself may, as a host-only cookie.
                        match url.host_str() {
                            Some(host) if host.eq_ignore_ascii_case(domain) => {
                                cookie.domain = CookieDomain::HostOnly(host.to_owned());
                            }
                            _ => return false,
                        }
                    }
                }
                self.insert(cookie.into_owned(), url, now, now)
            })
            .count()
    }

    fn insert(
        &mut self,
        cookie: Cookie<'static>,
        url: &Url,
        creation: OffsetDateTime,
        last_accessed: OffsetDateTime,
    ) -> bool {
        let key = key_of(&cookie);
        match self.store.insert(cookie, url) {
            Ok(StoreAction::Inserted) => {
                self.next_index += 1;
                let index = self.next_index;
                self.times.insert(
                    key,
                    Times {
                        creation,
                        last_accessed,
                        index,
                    },
                );
                true
            }
            // The replaced cookie's creation time carries over (RFC 6265 §5.3 step 11.3).
            Ok(StoreAction::UpdatedExisting) => {
                if let Some(times) = self.times.get_mut(&key) {
                    times.last_accessed = last_accessed;
                }
                true
            }
            Ok(StoreAction::ExpiredExisting) => {
                self.store.remove(&key.0, &key.1, &key.2);
                self.times.remove(&key);
                true
            }
            Err(_) => false,
        }
    }

    /// The jar as tough-cookie's `serializeSync()` writes it: unexpired cookies, session ones
    /// included, oldest first; properties at tough-cookie's defaults left out as it does.
    pub fn to_tough_json(&self) -> Value {
        let mut cookies: Vec<(u64, Value)> = self
            .store
            .iter_unexpired()
            .map(|cookie| {
                let times = self.times.get(&key_of(cookie)).copied();
                (times.map_or(0, |t| t.index), tough_cookie(cookie, times))
            })
            .collect();
        cookies.sort_by_key(|(index, _)| *index);
        json!({
            "version": TOUGH_VERSION,
            "storeType": "MemoryCookieStore",
            "rejectPublicSuffixes": true,
            "cookies": cookies.into_iter().map(|(_, cookie)| cookie).collect::<Vec<_>>(),
        })
    }

    /// Replaces the jar's cookies with those of a tough-cookie serialization (a string of
    /// it, or its parsed value); expired ones and ones for a public suffix are dropped.
    /// Returns how many were loaded.
    pub fn load_tough_json(&mut self, serialized: &Value) -> Result<usize, JarFormatError> {
        let cookies = serialized
            .get("cookies")
            .and_then(Value::as_array)
            .ok_or_else(|| JarFormatError("no `cookies` array".into()))?;
        let parsed = cookies
            .iter()
            .enumerate()
            .map(|(i, cookie)| {
                cookie
                    .as_object()
                    .ok_or_else(|| JarFormatError(format!("cookies[{i}] is not an object")))
                    .and_then(|object| {
                        ToughCookie::read(object)
                            .map_err(|problem| JarFormatError(format!("cookies[{i}]: {problem}")))
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        *self = CookieJar::default();
        Ok(parsed
            .into_iter()
            .filter(|cookie| self.load_one(cookie))
            .count())
    }

    fn load_one(&mut self, tough: &ToughCookie) -> bool {
        if !tough.host_only && is_public_suffix(&tough.domain) {
            return false;
        }
        let host = match Host::parse(&tough.domain) {
            Ok(Host::Ipv6(address)) => format!("[{address}]"),
            Ok(host) => host.to_string(),
            Err(_) => return false,
        };
        // A default path is what the request's own path gives: build that request.
        let request_path = if tough.path_is_default {
            format!("{}/x", tough.path.trim_end_matches('/'))
        } else {
            tough.path.clone()
        };
        let Ok(url) = Url::parse(&format!("https://{host}{request_path}")) else {
            return false;
        };
        let mut raw = RawCookie::new(tough.key.clone(), tough.value.clone());
        raw.set_secure(tough.secure);
        raw.set_http_only(tough.http_only);
        if !tough.host_only {
            raw.set_domain(tough.domain.clone());
        }
        if !tough.path_is_default {
            raw.set_path(tough.path.clone());
        }
        let Ok(mut cookie) = Cookie::try_from_raw_cookie(&raw, &url) else {
            return false;
        };
        if tough.path_is_default {
            cookie.path = CookiePath::default_path(&url);
        }
        cookie.expires = match tough.expires {
            Some(at) => CookieExpiration::from(at),
            None => CookieExpiration::SessionEnd,
        };
        if cookie.is_expired() {
            return false;
        }
        self.insert(
            cookie.into_owned(),
            &url,
            tough.creation,
            tough.last_accessed,
        )
    }
}

fn tough_cookie(cookie: &Cookie<'_>, times: Option<Times>) -> Value {
    let mut object = Map::new();
    object.insert("key".into(), cookie.name().into());
    object.insert("value".into(), cookie.value().into());
    if let CookieExpiration::AtUtc(at) = cookie.expires {
        object.insert("expires".into(), iso(at).into());
    }
    let host_only = matches!(cookie.domain, CookieDomain::HostOnly(_));
    object.insert("domain".into(), String::from(&cookie.domain).into());
    object.insert("path".into(), String::from(&cookie.path).into());
    if cookie.secure().unwrap_or(false) {
        object.insert("secure".into(), true.into());
    }
    if cookie.http_only().unwrap_or(false) {
        object.insert("httpOnly".into(), true.into());
    }
    object.insert("hostOnly".into(), host_only.into());
    if !cookie.path.is_from_path_attr() {
        object.insert("pathIsDefault".into(), true.into());
    }
    if let Some(times) = times {
        object.insert("creation".into(), iso(times.creation).into());
        object.insert("lastAccessed".into(), iso(times.last_accessed).into());
    }
    Value::Object(object)
}

/// One cookie of a tough-cookie serialization, as far as a jar needs it.
struct ToughCookie {
    key: String,
    value: String,
    domain: String,
    path: String,
    path_is_default: bool,
    host_only: bool,
    secure: bool,
    http_only: bool,
    /// `None`: a session cookie ("Infinity", null or absent, and no finite `maxAge`).
    expires: Option<OffsetDateTime>,
    creation: OffsetDateTime,
    last_accessed: OffsetDateTime,
}

impl ToughCookie {
    fn read(object: &Map<String, Value>) -> Result<Self, String> {
        let text = |name: &str| object.get(name).and_then(Value::as_str);
        let flag = |name: &str| object.get(name).and_then(Value::as_bool).unwrap_or(false);
        let date = |name: &str| -> Result<Option<OffsetDateTime>, String> {
            match object.get(name) {
                Some(Value::String(s)) if s != "Infinity" => OffsetDateTime::parse(s, &Rfc3339)
                    .map(Some)
                    .map_err(|err| format!("`{name}` {s:?} is not an ISO date: {err}")),
                _ => Ok(None),
            }
        };
        let now = OffsetDateTime::now_utc();
        let creation = date("creation")?.unwrap_or(now);
        // tough-cookie's maxAge counts from creation and wins over expires.
        let expires = match object.get("maxAge") {
            Some(Value::Number(seconds)) => seconds
                .as_f64()
                .map(|s| creation + Duration::seconds_f64(s.clamp(-1e12, 1e12))),
            Some(Value::String(s)) if s == "-Infinity" => Some(OffsetDateTime::UNIX_EPOCH),
            Some(Value::String(s)) if s == "Infinity" => None,
            _ => date("expires")?,
        };
        Ok(ToughCookie {
            key: text("key").ok_or("no `key` string")?.to_owned(),
            value: text("value").unwrap_or_default().to_owned(),
            domain: text("domain")
                .ok_or("no `domain` string")?
                .trim_start_matches('.')
                .to_ascii_lowercase(),
            path: text("path")
                .filter(|p| p.starts_with('/'))
                .unwrap_or("/")
                .to_owned(),
            path_is_default: flag("pathIsDefault"),
            host_only: flag("hostOnly"),
            secure: flag("secure"),
            http_only: flag("httpOnly"),
            expires,
            creation,
            last_accessed: date("lastAccessed")?.unwrap_or(creation),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn sends_matching_cookies_longest_path_first() {
        let mut jar = CookieJar::default();
        let stored = jar.store(
            &url("http://www.vendor.example/account/login"),
            [
                "root=1; Path=/",
                "deep=2; Path=/account",
                "site=3; Domain=vendor.example; Path=/",
                "other=4; Domain=elsewhere.example",
            ],
        );
        assert_eq!(stored, 3, "the cookie for another site is refused");
        assert_eq!(
            jar.cookie_header(&url("http://www.vendor.example/account/bills")),
            "deep=2; root=1; site=3"
        );
        // Host-only cookies stay on their host; the domain cookie reaches subdomains.
        assert_eq!(
            jar.cookie_header(&url("http://static.vendor.example/account/")),
            "site=3"
        );
        assert_eq!(jar.cookie_header(&url("http://elsewhere.example/")), "");
    }

    #[test]
    fn public_suffixes_are_refused_unless_they_are_the_host() {
        let mut jar = CookieJar::default();
        assert_eq!(
            jar.store(&url("http://foo.co.uk/"), ["a=1; Domain=co.uk"]),
            0
        );
        assert_eq!(
            jar.store(&url("http://vendor.example/"), ["b=1; Domain=example"]),
            0
        );
        assert_eq!(jar.cookie_header(&url("http://bar.co.uk/")), "");
        // A host that is itself a suffix keeps the cookie, host-only.
        assert_eq!(
            jar.store(&url("http://example/"), ["c=1; Domain=example"]),
            1
        );
        assert_eq!(jar.cookie_header(&url("http://example/")), "c=1");
        assert_eq!(jar.cookie_header(&url("http://sub.example/")), "");
    }

    #[test]
    fn secure_and_expired_cookies() {
        let mut jar = CookieJar::default();
        jar.store(&url("https://vendor.example/"), ["s=1; Secure", "gone=1"]);
        assert_eq!(jar.cookie_header(&url("http://vendor.example/")), "gone=1");
        jar.store(&url("https://vendor.example/"), ["gone=; Max-Age=0"]);
        assert_eq!(jar.cookie_header(&url("https://vendor.example/")), "s=1");
    }

    #[test]
    fn tough_cookie_json_round_trip() {
        let mut jar = CookieJar::default();
        jar.store(
            &url("https://www.vendor.example/a/b/login"),
            [
                "sid=abc; HttpOnly",
                "pref=1; Domain=vendor.example; Path=/; Secure; Expires=Wed, 21 Oct 2037 07:28:00 GMT",
            ],
        );
        let json = jar.to_tough_json();
        assert_eq!(json["version"], TOUGH_VERSION);
        assert_eq!(json["rejectPublicSuffixes"], true);
        let cookies = json["cookies"].as_array().unwrap();
        assert_eq!(cookies[0]["key"], "sid");
        assert_eq!(cookies[0]["domain"], "www.vendor.example");
        assert_eq!(cookies[0]["path"], "/a/b");
        assert_eq!(cookies[0]["pathIsDefault"], true);
        assert_eq!(cookies[0]["hostOnly"], true);
        assert_eq!(cookies[0]["httpOnly"], true);
        assert!(cookies[0].get("expires").is_none());
        assert_eq!(cookies[1]["expires"], "2037-10-21T07:28:00.000Z");
        assert_eq!(cookies[1]["hostOnly"], false);
        assert_eq!(cookies[1]["secure"], true);

        let mut loaded = CookieJar::default();
        assert_eq!(loaded.load_tough_json(&json).unwrap(), 2);
        assert_eq!(loaded.to_tough_json(), json);
        assert_eq!(
            loaded.cookie_header(&url("https://www.vendor.example/a/b/c")),
            "sid=abc; pref=1"
        );
    }

    #[test]
    fn loads_max_age_from_creation_and_drops_expired_ones() {
        let serialized = json!({"cookies": [
            {"key": "fresh", "value": "1", "maxAge": 3600, "domain": "vendor.example",
             "path": "/", "hostOnly": true, "creation": iso(OffsetDateTime::now_utc())},
            {"key": "stale", "value": "1", "maxAge": 60, "domain": "vendor.example",
             "path": "/", "hostOnly": true, "creation": "2020-01-01T00:00:00.000Z"},
            {"key": "old", "value": "1", "expires": "2020-01-01T00:00:00.000Z",
             "domain": "vendor.example", "path": "/"},
            {"key": "suffix", "value": "1", "domain": "co.uk", "path": "/", "hostOnly": false},
        ]});
        let mut jar = CookieJar::default();
        assert_eq!(jar.load_tough_json(&serialized).unwrap(), 1);
        assert_eq!(jar.cookie_header(&url("http://vendor.example/")), "fresh=1");
    }

    #[test]
    fn malformed_serializations_name_the_problem() {
        let mut jar = CookieJar::default();
        let err = jar
            .load_tough_json(&json!({"cookies": [{"value": "1"}]}))
            .unwrap_err();
        assert!(
            err.to_string().contains("cookies[0]: no `key` string"),
            "{err}"
        );
        let err = jar.load_tough_json(&json!([])).unwrap_err();
        assert!(err.to_string().contains("no `cookies` array"), "{err}");
    }
}
