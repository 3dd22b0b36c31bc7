//! The Cozy capabilities as `konnector-lib/internal/cozy.js` calls them: one async op,
//! `cozyCall(name, argsJson, body?)` resolving to the result's JSON, and `cozyDownload(id)`
//! resolving to the bytes. The run's [`CozyClient`] checks and performs each call with the
//! token, which never reaches JS.

use std::rc::Rc;

use bytes::Bytes;
use rquickjs::{Ctx, Function, Object, Promise, Result, TypedArray};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::cozy_client::{CozyClient, CozyError};
use crate::engine::async_op::{spawn_promise, JsFailure};
use crate::engine::run_state::RunState;

fn failure(error: CozyError) -> JsFailure {
    let mut props = Vec::new();
    if let Some(status) = error.status() {
        props.push(("status", status.to_string()));
    }
    if let CozyError::Net(net) = &error {
        if let Some(rule) = net.rule() {
            props.push(("rule", rule.to_owned()));
        }
    }
    JsFailure {
        code: error.code().to_owned(),
        message: error.to_string(),
        props,
    }
}

fn unavailable() -> JsFailure {
    JsFailure {
        code: "ERR_COZY_UNAVAILABLE".into(),
        message: "this run has no Cozy to save to: give it COZY_URL and COZY_CREDENTIALS, or \
                  run it with --local DIR"
            .into(),
        props: vec![],
    }
}

/// The call's arguments, positionally.
struct Args(Vec<Value>);

impl Args {
    fn take<T: DeserializeOwned>(
        &mut self,
        index: usize,
        what: &str,
    ) -> std::result::Result<T, CozyError> {
        let value = self
            .0
            .get_mut(index)
            .map(Value::take)
            .unwrap_or(Value::Null);
        serde_json::from_value(value)
            .map_err(|e| CozyError::Invalid(format!("{what} (argument {}): {e}", index + 1)))
    }

    fn options<T: DeserializeOwned + Default>(
        &mut self,
        index: usize,
    ) -> std::result::Result<T, CozyError> {
        match self.0.get(index) {
            None | Some(Value::Null) => Ok(T::default()),
            Some(_) => self.take(index, "the options"),
        }
    }
}

async fn dispatch(
    client: &CozyClient,
    name: &str,
    mut args: Args,
    body: Bytes,
) -> std::result::Result<Value, CozyError> {
    let json = |v: Option<Value>| v.unwrap_or(Value::Null);
    let list = |v: Vec<Value>| Value::Array(v);
    let shown = |v: Option<Value>| v.unwrap_or(Value::Null);
    Ok(match name {
        "account.get" => json(client.account_get().await?),
        "account.update" => client.account_update(args.take(0, "the changes")?).await?,
        "data.find" => {
            let doctype: String = args.take(0, "the doctype")?;
            let selector = args.take(1, "the selector")?;
            list(client.find(&doctype, selector, args.options(2)?).await?)
        }
        "data.all" => list(client.all(&args.take::<String>(0, "the doctype")?).await?),
        "data.get" => {
            let doctype: String = args.take(0, "the doctype")?;
            json(
                client
                    .get(&doctype, &args.take::<String>(1, "the id")?)
                    .await?,
            )
        }
        "data.create" | "data.update" | "data.delete" => {
            let doctype: String = args.take(0, "the doctype")?;
            let doc = args.take(1, "the document")?;
            match name {
                "data.create" => client.create(&doctype, doc).await?,
                "data.update" => client.update(&doctype, doc).await?,
                _ => client.delete(&doctype, doc).await?,
            }
        }
        "data.updateAttributes" => {
            let doctype: String = args.take(0, "the doctype")?;
            let id: String = args.take(1, "the id")?;
            client
                .update_attributes(&doctype, &id, args.take(2, "the changes")?)
                .await?
        }
        "data.bulk" => {
            let doctype: String = args.take(0, "the doctype")?;
            client
                .bulk(&doctype, args.take(1, "the documents")?)
                .await?
        }
        "files.folder" => Value::String(client.folder().await?),
        "files.statByPath" => shown(
            client
                .stat_by_path(&args.take::<String>(0, "the path")?)
                .await?,
        ),
        "files.mkdirp" => client.mkdirp(&args.take::<String>(0, "the path")?).await?,
        "files.find" => list(client.find_files(args.take(0, "the selector")?).await?),
        "files.destroy" => {
            client
                .destroy_file(&args.take::<String>(0, "the file's id")?)
                .await?;
            Value::Null
        }
        "files.create" => {
            let dir: String = args.take(0, "the folder's path")?;
            let name: String = args.take(1, "the file's name")?;
            client
                .create_file(&dir, &name, body, args.options(2)?)
                .await?
        }
        "files.replace" => {
            let id: String = args.take(0, "the file's id")?;
            client.replace_file(&id, body, args.options(1)?).await?
        }
        other => return Err(CozyError::Invalid(format!("no Cozy capability {other:?}"))),
    })
}

async fn call(
    client: Option<Rc<CozyClient>>,
    name: String,
    args: String,
    body: Bytes,
) -> std::result::Result<String, JsFailure> {
    let client = client.ok_or_else(unavailable)?;
    let args = match serde_json::from_str(&args) {
        Ok(Value::Array(args)) => Args(args),
        _ => {
            return Err(failure(CozyError::Invalid(format!(
                "{name}: the arguments must be a JSON array"
            ))))
        }
    };
    let result = dispatch(&client, &name, args, body)
        .await
        .map_err(failure)?;
    Ok(result.to_string())
}

/// `cozyCall(name, argsJson, body)`: three arguments, one borrowing the context, which only
/// a named signature can give a closure.
fn call_op(
    host: Rc<RunState>,
) -> impl for<'js> Fn(Ctx<'js>, String, String, Option<TypedArray<'js, u8>>) -> Result<Promise<'js>>
{
    move |ctx, name, args, body| {
        // SAFETY: no JS runs while the bytes are copied.
        let body = body
            .and_then(|array| unsafe { array.as_bytes() }.map(Bytes::copy_from_slice))
            .unwrap_or_default();
        spawn_promise(&ctx, &host, call(host.cozy.clone(), name, args, body))
    }
}

/// The bytes of a download, as a `Uint8Array`.
struct Downloaded(Bytes);

impl<'js> rquickjs::IntoJs<'js> for Downloaded {
    fn into_js(self, ctx: &Ctx<'js>) -> Result<rquickjs::Value<'js>> {
        Ok(TypedArray::new(ctx.clone(), self.0.as_ref())?.into_value())
    }
}

fn download_op(host: Rc<RunState>) -> impl for<'js> Fn(Ctx<'js>, String) -> Result<Promise<'js>> {
    move |ctx, id| {
        let client = host.cozy.clone();
        spawn_promise(&ctx, &host, async move {
            let client = client.ok_or_else(unavailable)?;
            client.download(&id).await.map(Downloaded).map_err(failure)
        })
    }
}

pub(crate) fn install(ops: &Object<'_>, host: &Rc<RunState>) -> Result<()> {
    let ctx = ops.ctx().clone();
    ops.set(
        "cozyCall",
        Function::new(ctx.clone(), call_op(host.clone()))?,
    )?;
    ops.set(
        "cozyDownload",
        Function::new(ctx, download_op(host.clone()))?,
    )?;
    Ok(())
}
