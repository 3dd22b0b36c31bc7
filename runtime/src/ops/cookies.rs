//! The run's cookie jars as `konnector-lib/internal/jar.js` sees them. Jar 0 is the run's
//! own (request's `jar: true`); `cookieJarNew` makes more (request's `jar()`). They live as
//! long as the run: no cookie outlives it or reaches another run (DESIGN §4, point 8).
//!
//!   cookieJarNew() -> id
//!   cookieHeader(id, url) -> 'a=1; b=2' ('' when none)
//!   cookieStore(id, url, [setCookieValue...]) -> how many were stored
//!   cookieSerialize(id) -> tough-cookie's serializeSync() JSON, as text
//!   cookieLoad(id, jsonText) -> how many were loaded (replacing the jar's cookies)

use std::cell::RefCell;
use std::rc::Rc;

use rquickjs::{Ctx, Exception, Function, Object, Result};
use url::Url;

use crate::net::cookie_jar::CookieJar;

/// The run's jars, and how many bytes of cookies the script has handed them.
struct RunJars {
    jars: Vec<CookieJar>,
    taken: usize,
}

type Jars = Rc<RefCell<RunJars>>;

/// The most jars a run may make, and the most bytes of cookies (`Set-Cookie` values and
/// loaded sessions) it may hand them over its life: jars are host memory the isolate's heap
/// cap does not see, so their total is bounded here. A real session is a few KiB.
const MAX_JARS: usize = 1000;
const MAX_COOKIE_BYTES: usize = 16 << 20;

/// Counts `bytes` more of cookies against the run's budget, or throws.
fn take(ctx: &Ctx<'_>, jars: &Jars, bytes: usize) -> Result<()> {
    let mut jars = jars.borrow_mut();
    let taken = jars.taken.saturating_add(bytes);
    if taken > MAX_COOKIE_BYTES {
        return Err(Exception::throw_range(
            ctx,
            &format!(
                "a run may give its cookie jars at most {} MiB of cookies; this one has had {} \
                 bytes",
                MAX_COOKIE_BYTES >> 20,
                jars.taken
            ),
        ));
    }
    jars.taken = taken;
    Ok(())
}

fn with_jar<T>(
    ctx: &Ctx<'_>,
    jars: &Jars,
    id: u32,
    f: impl FnOnce(&mut CookieJar) -> Result<T>,
) -> Result<T> {
    let mut jars = jars.borrow_mut();
    match jars.jars.get_mut(id as usize) {
        Some(jar) => f(jar),
        None => Err(Exception::throw_range(ctx, &format!("no cookie jar {id}"))),
    }
}

fn parse_url(ctx: &Ctx<'_>, url: &str) -> Result<Url> {
    Url::parse(url).map_err(|err| {
        Exception::throw_type(ctx, &format!("cookie jar: invalid URL {url:?}: {err}"))
    })
}

fn header_op(jars: Jars) -> impl for<'js> Fn(Ctx<'js>, u32, String) -> Result<String> {
    move |ctx, id, url| {
        let url = parse_url(&ctx, &url)?;
        with_jar(&ctx, &jars, id, |jar| Ok(jar.cookie_header(&url)))
    }
}

fn store_op(jars: Jars) -> impl for<'js> Fn(Ctx<'js>, u32, String, Vec<String>) -> Result<usize> {
    move |ctx, id, url, values| {
        let url = parse_url(&ctx, &url)?;
        take(&ctx, &jars, values.iter().map(String::len).sum())?;
        with_jar(&ctx, &jars, id, |jar| {
            Ok(jar.store(&url, values.iter().map(String::as_str)))
        })
    }
}

fn serialize_op(jars: Jars) -> impl for<'js> Fn(Ctx<'js>, u32) -> Result<String> {
    move |ctx, id| with_jar(&ctx, &jars, id, |jar| Ok(jar.to_tough_json().to_string()))
}

fn load_op(jars: Jars) -> impl for<'js> Fn(Ctx<'js>, u32, String) -> Result<usize> {
    move |ctx, id, text| {
        take(&ctx, &jars, text.len())?;
        let value = serde_json::from_str(&text).map_err(|err| {
            Exception::throw_type(&ctx, &format!("cookie jar: the session is not JSON: {err}"))
        })?;
        with_jar(&ctx, &jars, id, |jar| {
            jar.load_tough_json(&value)
                .map_err(|err| Exception::throw_type(&ctx, &err.to_string()))
        })
    }
}

pub(crate) fn install(ops: &Object<'_>) -> Result<()> {
    let ctx = ops.ctx().clone();
    let jars: Jars = Rc::new(RefCell::new(RunJars {
        jars: vec![CookieJar::default()],
        taken: 0,
    }));
    let j = jars.clone();
    let new_jar = move |ctx: Ctx<'_>| -> Result<u32> {
        let jars = &mut j.borrow_mut().jars;
        if jars.len() >= MAX_JARS {
            return Err(Exception::throw_range(
                &ctx,
                &format!("a run makes at most {MAX_JARS} cookie jars: reuse one (request's jar())"),
            ));
        }
        jars.push(CookieJar::default());
        Ok((jars.len() - 1) as u32)
    };
    ops.set("cookieJarNew", Function::new(ctx.clone(), new_jar)?)?;
    ops.set(
        "cookieHeader",
        Function::new(ctx.clone(), header_op(jars.clone()))?,
    )?;
    ops.set(
        "cookieStore",
        Function::new(ctx.clone(), store_op(jars.clone()))?,
    )?;
    ops.set(
        "cookieSerialize",
        Function::new(ctx.clone(), serialize_op(jars.clone()))?,
    )?;
    ops.set("cookieLoad", Function::new(ctx, load_op(jars))?)?;
    Ok(())
}
