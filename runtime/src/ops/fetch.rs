//! `fetch` as the JS shims see it (`js-shims/internal/fetch/fetch.js`, and Node's `http` in
//! `js-shims/internal/http/`): start a request, write its body chunk by chunk when it is
//! streamed, read the response body chunk by chunk, cancel, abort. Everything goes through
//! the run's [`Network`], the one network path (DESIGN §4); a denial is logged as it happens.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use bytes::Bytes;
use futures_util::future::{AbortHandle, Abortable};
use rquickjs::{Array, Ctx, Function, IntoJs, Object, Promise, Result, TypedArray, Value};

use crate::engine::async_op::{spawn_promise, JsFailure};
use crate::engine::run_state::RunState;
use crate::net::{
    body_channel, BodySender, FetchRequest, FetchResponse, NetError, Network, RedirectMode,
    RequestBody, ResponseBody,
};
use crate::protocol::{Level, LogRecord};

/// The bodies and in-flight requests of one run, by the ids JS holds.
#[derive(Default)]
struct Fetches {
    /// `None` while a read holds the body; a cancelled id is simply absent.
    bodies: RefCell<HashMap<u32, Option<ResponseBody>>>,
    /// In-flight requests (until their headers) and body reads, so abort and cancel can
    /// interrupt them.
    aborts: RefCell<HashMap<u32, AbortHandle>>,
    reads: RefCell<HashMap<u32, AbortHandle>>,
    /// The writers of streamed request bodies, by request id, until ended or aborted.
    uploads: RefCell<HashMap<u32, BodySender>>,
    next_body: Cell<u32>,
}

/// The response head handed to JS.
struct Head {
    status: u16,
    status_text: String,
    url: String,
    redirected: bool,
    headers: Vec<(String, String)>,
    body_id: u32,
}

impl<'js> IntoJs<'js> for Head {
    fn into_js(self, ctx: &Ctx<'js>) -> Result<Value<'js>> {
        let head = Object::new(ctx.clone())?;
        head.set("status", self.status)?;
        head.set("statusText", self.status_text)?;
        head.set("url", self.url)?;
        head.set("redirected", self.redirected)?;
        let headers = Array::new(ctx.clone())?;
        for (i, (name, value)) in self.headers.into_iter().enumerate() {
            headers.set(i, vec![name, value])?;
        }
        head.set("headers", headers)?;
        head.set("bodyId", self.body_id)?;
        Ok(head.into_value())
    }
}

/// A body chunk, or `null` at the end.
struct Chunk(Option<Bytes>);

impl<'js> IntoJs<'js> for Chunk {
    fn into_js(self, ctx: &Ctx<'js>) -> Result<Value<'js>> {
        match self.0 {
            Some(bytes) => Ok(TypedArray::new(ctx.clone(), bytes.as_ref())?.into_value()),
            None => Ok(Value::new_null(ctx.clone())),
        }
    }
}

fn failure(error: &NetError, url: &str) -> JsFailure {
    let mut props = vec![("url", url.to_string())];
    if let Some(rule) = error.rule() {
        props.push(("rule", rule.to_string()));
    }
    JsFailure {
        code: error.code().to_string(),
        message: error.to_string(),
        props,
    }
}

fn aborted() -> JsFailure {
    JsFailure {
        code: "ABORT_ERR".into(),
        message: "This operation was aborted".into(),
        props: vec![],
    }
}

/// The request an op's `init` describes, its id, and the writer of its body if streamed.
fn request_from(init: &Object<'_>) -> Result<(FetchRequest, u32, Option<BodySender>)> {
    let headers: Vec<Vec<String>> = init.get("headers")?;
    let body: Option<TypedArray<u8>> = init.get("body")?;
    let (body, sender) = if init.get::<_, Option<bool>>("streamed")? == Some(true) {
        let (sender, stream) = body_channel(init.get("length")?);
        (Some(RequestBody::Stream(stream)), Some(sender))
    } else {
        // SAFETY: no JS runs while the bytes are copied.
        let bytes = body.and_then(|array| unsafe { array.as_bytes() }.map(Bytes::copy_from_slice));
        (bytes.map(RequestBody::Bytes), None)
    };
    let redirect = match init.get::<_, String>("redirect")?.as_str() {
        "manual" => RedirectMode::Manual,
        "error" => RedirectMode::Error,
        _ => RedirectMode::Follow,
    };
    let request = FetchRequest {
        method: init.get("method")?,
        url: init.get("url")?,
        headers: headers
            .into_iter()
            .filter_map(|pair| match <[String; 2]>::try_from(pair) {
                Ok([name, value]) => Some((name, value)),
                Err(_) => None,
            })
            .collect(),
        body,
        redirect,
    };
    Ok((request, init.get("requestId")?, sender))
}

fn log_denial(host: &RunState, error: &NetError, url: &str) {
    if let Some(rule) = error.rule() {
        host.log.borrow_mut().push(LogRecord::new(
            Level::Warning,
            format!("{}: {url}: {rule}", error.code()),
        ));
    }
}

async fn start(
    net: Network,
    fetches: Rc<Fetches>,
    host: Rc<RunState>,
    request: FetchRequest,
    request_id: u32,
    decode: bool,
) -> std::result::Result<Head, JsFailure> {
    let url = request.url.clone();
    let (handle, registration) = AbortHandle::new_pair();
    fetches.aborts.borrow_mut().insert(request_id, handle);
    let outcome = Abortable::new(net.fetch(request, decode), registration).await;
    fetches.aborts.borrow_mut().remove(&request_id);
    if !matches!(outcome, Ok(Ok(_))) {
        fetches.uploads.borrow_mut().remove(&request_id);
    }
    let response: FetchResponse = match outcome {
        Err(_) => return Err(aborted()),
        Ok(Err(error)) => {
            log_denial(&host, &error, &url);
            return Err(failure(&error, &url));
        }
        Ok(Ok(response)) => response,
    };
    let body_id = fetches.next_body.get() + 1;
    fetches.next_body.set(body_id);
    fetches
        .bodies
        .borrow_mut()
        .insert(body_id, Some(response.body));
    Ok(Head {
        status: response.status,
        status_text: response.status_text,
        url: response.url,
        redirected: response.redirected,
        headers: response.headers,
        body_id,
    })
}

/// Writes the next chunk of a streamed request body, or ends it (`None`); resolves once the
/// chunk is queued, so a fast writer waits for the server.
async fn write(
    fetches: Rc<Fetches>,
    request_id: u32,
    chunk: Option<Bytes>,
) -> std::result::Result<(), JsFailure> {
    let sender = fetches.uploads.borrow().get(&request_id).cloned();
    let written = match (sender, chunk) {
        (None, _) => Err(crate::net::BodyClosed),
        (Some(sender), Some(chunk)) => sender.write(chunk).await,
        (Some(sender), None) => {
            fetches.uploads.borrow_mut().remove(&request_id);
            sender.end().await
        }
    };
    written.map_err(|closed| JsFailure {
        code: "ERR_STREAM_DESTROYED".into(),
        message: format!("request {request_id}: {closed}"),
        props: vec![],
    })
}

async fn read(fetches: Rc<Fetches>, body_id: u32) -> std::result::Result<Chunk, JsFailure> {
    let taken = fetches
        .bodies
        .borrow_mut()
        .get_mut(&body_id)
        .and_then(Option::take);
    let Some(mut body) = taken else {
        return Err(JsFailure {
            code: "ERR_INVALID_STATE".into(),
            message: format!("body {body_id} is cancelled or already being read"),
            props: vec![],
        });
    };
    let (handle, registration) = AbortHandle::new_pair();
    fetches.reads.borrow_mut().insert(body_id, handle);
    let chunk = Abortable::new(body.next_chunk(), registration).await;
    fetches.reads.borrow_mut().remove(&body_id);
    let Ok(chunk) = chunk else {
        return Err(aborted());
    };
    // Put it back unless it ended, failed, or was cancelled meanwhile.
    if let Ok(Some(_)) = &chunk {
        if let Some(slot) = fetches.bodies.borrow_mut().get_mut(&body_id) {
            *slot = Some(body);
        }
    } else {
        fetches.bodies.borrow_mut().remove(&body_id);
    }
    chunk
        .map(Chunk)
        .map_err(|error| failure(&error, "response body"))
}

/// Gives an op closure returning a promise the signature rquickjs needs (the promise lives
/// as long as the context it was called with), which closure inference cannot find alone.
fn promising<A, F>(f: F) -> F
where
    F: for<'js> Fn(Ctx<'js>, A) -> Result<Promise<'js>>,
{
    f
}

/// `fetchWrite(requestId, chunk | null)`: two arguments, one borrowing the context, which
/// only a named signature can give a closure.
fn write_op(
    host: Rc<RunState>,
    fetches: Rc<Fetches>,
) -> impl for<'js> Fn(Ctx<'js>, u32, Option<TypedArray<'js, u8>>) -> Result<Promise<'js>> {
    move |ctx, request_id, chunk| {
        // SAFETY: no JS runs while the bytes are copied.
        let chunk = chunk.map(|array| {
            unsafe { array.as_bytes() }.map_or_else(Bytes::new, Bytes::copy_from_slice)
        });
        spawn_promise(&ctx, &host, write(fetches.clone(), request_id, chunk))
    }
}

pub(crate) fn install(ops: &Object<'_>, host: &Rc<RunState>) -> Result<()> {
    let ctx = ops.ctx().clone();
    let fetches = Rc::new(Fetches::default());

    let (h, f) = (host.clone(), fetches.clone());
    let fetch_start = promising(move |ctx, init: Object<'_>| {
        let (request, request_id, sender) = request_from(&init)?;
        if let Some(sender) = sender {
            f.uploads.borrow_mut().insert(request_id, sender);
        }
        let decode = init.get::<_, Option<bool>>("decode")?.unwrap_or(true);
        let future = start(
            h.net.clone(),
            f.clone(),
            h.clone(),
            request,
            request_id,
            decode,
        );
        spawn_promise(&ctx, &h, future)
    });
    ops.set("fetchStart", Function::new(ctx.clone(), fetch_start)?)?;

    let fetch_write = write_op(host.clone(), fetches.clone());
    ops.set("fetchWrite", Function::new(ctx.clone(), fetch_write)?)?;

    let (h, f) = (host.clone(), fetches.clone());
    let fetch_read =
        promising(move |ctx, body_id: u32| spawn_promise(&ctx, &h, read(f.clone(), body_id)));
    ops.set("fetchRead", Function::new(ctx.clone(), fetch_read)?)?;

    let f = fetches.clone();
    let fetch_cancel = move |body_id: u32| {
        f.bodies.borrow_mut().remove(&body_id);
        if let Some(read) = f.reads.borrow_mut().remove(&body_id) {
            read.abort();
        }
    };
    ops.set("fetchCancel", Function::new(ctx.clone(), fetch_cancel)?)?;

    // Dropping the body's writer without its end makes the body fail, so the server never
    // takes what was sent for the whole body.
    let fetch_abort = move |request_id: u32| {
        fetches.uploads.borrow_mut().remove(&request_id);
        if let Some(handle) = fetches.aborts.borrow_mut().remove(&request_id) {
            handle.abort();
        }
    };
    ops.set("fetchAbort", Function::new(ctx, fetch_abort)?)?;
    Ok(())
}
