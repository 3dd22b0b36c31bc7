//! Host futures surfaced as JS promises. An op stages a future with [`spawn_promise`]; the
//! event loop polls it alongside the timers and, when it completes, settles the promise in
//! the isolate. A pending future keeps the run alive, like a ref'd handle in node; the
//! deadline still ends the run, dropping (so cancelling) what is pending (DESIGN §5).

use std::future::Future;
use std::pin::Pin;

use rquickjs::{Ctx, Function, IntoJs, Persistent, Promise, Result, Value};

use super::js;
use super::run_state::RunState;

/// What to run in the isolate once a host future is done.
pub type Completion = Box<dyn for<'js> FnOnce(&Ctx<'js>) -> Result<()>>;
pub type HostFuture = Pin<Box<dyn Future<Output = Completion>>>;

/// A host failure as the script sees it: an `Error` with Node's `code` and extra string
/// properties (`rule`, `url`, ...).
#[derive(Debug, Clone)]
pub struct JsFailure {
    pub code: String,
    pub message: String,
    pub props: Vec<(&'static str, String)>,
}

impl JsFailure {
    fn into_value<'js>(self, ctx: &Ctx<'js>) -> Result<Value<'js>> {
        let error = js::make_error(ctx, &self.code, &self.message)?;
        for (name, value) in self.props {
            error.set(name, value)?;
        }
        Ok(error.into_value())
    }
}

/// Returns a promise settled with `future`'s result.
pub fn spawn_promise<'js, T, F>(ctx: &Ctx<'js>, host: &RunState, future: F) -> Result<Promise<'js>>
where
    F: Future<Output = std::result::Result<T, JsFailure>> + 'static,
    T: for<'a> IntoJs<'a> + 'static,
{
    let (promise, resolve, reject) = Promise::new(ctx)?;
    let resolve = Persistent::save(ctx, resolve);
    let reject = Persistent::save(ctx, reject);
    host.spawn(Box::pin(async move {
        let outcome = future.await;
        Box::new(move |ctx: &Ctx<'_>| -> Result<()> {
            match outcome {
                Ok(value) => {
                    let resolve: Function = resolve.restore(ctx)?;
                    resolve.call::<_, ()>((value.into_js(ctx)?,))
                }
                Err(failure) => {
                    let reject: Function = reject.restore(ctx)?;
                    reject.call::<_, ()>((failure.into_value(ctx)?,))
                }
            }
        }) as Completion
    }));
    Ok(promise)
}
