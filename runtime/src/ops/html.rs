//! Binds the run's HTML documents ([`crate::html`]) as `html*` ops for
//! `konnector-lib/internal/html/`: JS passes a document id and node handles, and gets
//! handles, strings or `undefined` back. An invalid selector throws a `SyntaxError`
//! naming it, as cheerio's parser does.

use std::cell::RefCell;
use std::rc::Rc;

use rquickjs::function::IntoJsFunc;
use rquickjs::{Ctx, Exception, Function, Object, Result};

use crate::engine::run_state::RunState;
use crate::html::{DocStore, Document, Handle, HtmlError, Relation, Selectors};

fn throw(ctx: &Ctx<'_>, error: HtmlError) -> rquickjs::Error {
    match error {
        HtmlError::Selector(_) => Exception::throw_syntax(ctx, &error.to_string()),
        _ => Exception::throw_message(ctx, &error.to_string()),
    }
}

type Store = Rc<RefCell<DocStore>>;

/// Runs `f` on document `id`, its failures thrown as JS errors.
fn with_doc<T>(
    ctx: &Ctx<'_>,
    store: &Store,
    id: u32,
    f: impl FnOnce(&Document) -> std::result::Result<T, HtmlError>,
) -> Result<T> {
    let store = store.borrow();
    let document = store.get(id).map_err(|e| throw(ctx, e))?;
    f(document).map_err(|e| throw(ctx, e))
}

fn set<'js, P>(ops: &Object<'js>, name: &str, f: impl IntoJsFunc<'js, P> + 'js) -> Result<()> {
    ops.set(name, Function::new(ops.ctx().clone(), f)?.with_name(name)?)
}

pub(crate) fn install(ops: &Object<'_>, host: &Rc<RunState>) -> Result<()> {
    let store: Store = Rc::new(RefCell::new(DocStore::new(host.heap.clone())));
    let selectors = Rc::new(RefCell::new(Selectors::default()));

    let s = store.clone();
    set(ops, "htmlParse", move |ctx: Ctx<'_>, source: String| {
        let parsed = s.borrow_mut().parse(&source);
        parsed.map_err(|e| throw(&ctx, e))
    })?;
    let s = store.clone();
    set(ops, "htmlFree", move |id: u32| s.borrow_mut().free(id))?;

    type Query = fn(&Document, &[Handle], &scraper::Selector) -> Vec<Handle>;
    for (name, query) in [
        ("htmlFind", Document::find as Query),
        ("htmlFilter", Document::filter),
        ("htmlClosest", Document::closest),
    ] {
        let (s, compiled) = (store.clone(), selectors.clone());
        let bound = move |ctx: Ctx<'_>, id: u32, handles: Vec<Handle>, selector: String| {
            with_doc(&ctx, &s, id, |doc| {
                let selector = compiled.borrow_mut().compile(&selector)?;
                Ok(query(doc, &handles, &selector))
            })
        };
        set(ops, name, bound)?;
    }

    let s = store.clone();
    let relate = move |ctx: Ctx<'_>, id: u32, handles: Vec<Handle>, relation: String| {
        let Some(relation) = Relation::parse(&relation) else {
            return Err(Exception::throw_type(
                &ctx,
                &format!("no relation {relation:?}"),
            ));
        };
        with_doc(&ctx, &s, id, |doc| Ok(doc.relate(&handles, relation)))
    };
    set(ops, "htmlRelate", relate)?;

    let s = store.clone();
    let describe = move |ctx: Ctx<'_>, id: u32, handle: Handle| {
        with_doc(&ctx, &s, id, |doc| {
            Ok(doc
                .describe(handle)
                .map(|(kind, value)| vec![kind.to_string(), value]))
        })
    };
    set(ops, "htmlDescribe", describe)?;

    let s = store.clone();
    let attributes = move |ctx: Ctx<'_>, id: u32, handle: Handle| {
        with_doc(&ctx, &s, id, |doc| Ok(doc.attributes(handle)))
    };
    set(ops, "htmlAttributes", attributes)?;

    let s = store.clone();
    let attribute = move |ctx: Ctx<'_>, id: u32, handle: Handle, name: String| {
        with_doc(&ctx, &s, id, |doc| Ok(doc.attribute(handle, &name)))
    };
    set(ops, "htmlAttribute", attribute)?;

    let s = store.clone();
    let text = move |ctx: Ctx<'_>, id: u32, handles: Vec<Handle>| {
        with_doc(&ctx, &s, id, |doc| Ok(doc.text(&handles)))
    };
    set(ops, "htmlText", text)?;

    let s = store.clone();
    let inner = move |ctx: Ctx<'_>, id: u32, handle: Handle| {
        with_doc(&ctx, &s, id, |doc| Ok(doc.inner_html(handle)))
    };
    set(ops, "htmlInner", inner)?;

    let s = store;
    let outer = move |ctx: Ctx<'_>, id: u32, handles: Vec<Handle>| {
        with_doc(&ctx, &s, id, |doc| Ok(doc.outer_html(&handles)))
    };
    set(ops, "htmlOuter", outer)
}
