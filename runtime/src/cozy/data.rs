//! `/data/<doctype>/...`: documents, CouchDB-like (cozy-stack `docs/data-system.md`,
//! `docs/mango.md`). Revisions are checked as CouchDB does: an update or a deletion must
//! name the current `_rev`, else 409.

use http::{Method, StatusCode};
use serde_json::{json, Map, Value};

use super::mango::Query;
use super::reply::{json, Failure, Reply};
use super::store::{doc_id, new_id, next_rev, Store};
use super::Call;

pub(super) fn route(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let segments: Vec<&str> = call.segments.iter().map(String::as_str).collect();
    match (&call.method, segments.as_slice()) {
        (&Method::POST, [doctype]) => create(store, doctype, call.json()?),
        (&Method::GET | &Method::POST, [doctype, "_all_docs"]) => all_docs(store, doctype, call),
        (&Method::GET, [doctype, "_normal_docs"]) => normal_docs(store, doctype, call),
        (&Method::POST, [doctype, "_find"]) => find(store, doctype, &call.json()?),
        (&Method::POST, [doctype, "_index"]) => define_index(store, doctype, &call.json()?),
        (&Method::POST, [doctype, "_bulk_docs"]) => bulk_docs(store, doctype, &call.json()?),
        (_, [doctype, id, "relationships", "references"]) => {
            super::files::references(store, call, doctype, id)
        }
        (&Method::GET, [doctype, id]) => get(store, doctype, id),
        (&Method::PUT, [doctype, id]) => put(store, doctype, id, call.json()?),
        (&Method::DELETE, [doctype, id]) => delete(store, doctype, id, call),
        _ => Err(Failure::not_found(format!(
            "the local Cozy has no route {} /data/{}",
            call.method,
            segments.join("/")
        ))),
    }
}

fn missing_database(doctype: &str) -> Failure {
    Failure::not_found(format!("Database {doctype} does not exist."))
}

fn missing(doctype: &str, id: &str) -> Failure {
    Failure::not_found(format!("missing: no document {id} in {doctype}"))
}

/// A stored document as the stack sends it, with its `_type`.
fn typed(doc: &Value, doctype: &str) -> Value {
    let mut doc = doc.clone();
    if let Value::Object(map) = &mut doc {
        map.insert("_type".into(), doctype.into());
    }
    doc
}

/// The answer to a write: `{id, type, ok, rev, data}`.
fn written(status: StatusCode, doc: &Value, doctype: &str) -> Reply {
    json(
        status,
        &json!({
            "id": doc["_id"],
            "type": doctype,
            "ok": true,
            "rev": doc["_rev"],
            "data": typed(doc, doctype),
        }),
    )
}

fn object(body: Value) -> Result<Map<String, Value>, Failure> {
    match body {
        Value::Object(map) => Ok(map),
        _ => Err(Failure::bad_request("the document must be a JSON object")),
    }
}

/// Gives `fields` its id and next revision and stores it; `_type` is the URL's, not data.
fn save(
    store: &mut Store,
    doctype: &str,
    id: &str,
    previous: Option<&str>,
    mut fields: Map<String, Value>,
) -> Result<Value, Failure> {
    fields.remove("_type");
    fields.remove("_rev");
    fields.insert("_id".into(), id.into());
    let rev = next_rev(previous, &Value::Object(fields.clone()));
    fields.insert("_rev".into(), rev.into());
    let doc = Value::Object(fields);
    store
        .put_doc(doctype, doc.clone())
        .map_err(Failure::storage)?;
    Ok(doc)
}

fn create(store: &mut Store, doctype: &str, body: Value) -> Result<Reply, Failure> {
    let fields = object(body)?;
    if fields.contains_key("_id") {
        return Err(Failure::bad_request(
            "a new document cannot have an _id: PUT /data/<doctype>/<id> creates one with a given id",
        ));
    }
    let doc = save(store, doctype, &new_id(), None, fields)?;
    Ok(written(StatusCode::CREATED, &doc, doctype))
}

fn get(store: &Store, doctype: &str, id: &str) -> Result<Reply, Failure> {
    store
        .docs(doctype)
        .ok_or_else(|| missing_database(doctype))?;
    let doc = store.doc(doctype, id).ok_or_else(|| missing(doctype, id))?;
    Ok(json(StatusCode::OK, &typed(doc, doctype)))
}

/// Updates a document (its `_rev` must be the current one) or creates one with this id.
fn put(store: &mut Store, doctype: &str, id: &str, body: Value) -> Result<Reply, Failure> {
    let fields = object(body)?;
    if fields.get("_id").is_some_and(|given| given != id) {
        return Err(Failure::bad_request(format!(
            "the _id of the document is not {id}, the id in the URL"
        )));
    }
    let current = store
        .doc(doctype, id)
        .and_then(|d| d["_rev"].as_str())
        .map(str::to_owned);
    let given = fields.get("_rev").and_then(Value::as_str);
    if given != current.as_deref() {
        return Err(Failure::conflict(format!(
            "Document update conflict: {doctype}/{id} is at revision {}, the request gave {}",
            current.as_deref().unwrap_or("none"),
            given.unwrap_or("none")
        )));
    }
    let doc = save(store, doctype, id, current.as_deref(), fields)?;
    Ok(written(StatusCode::OK, &doc, doctype))
}

fn delete(store: &mut Store, doctype: &str, id: &str, call: &Call) -> Result<Reply, Failure> {
    let current = store.doc(doctype, id).ok_or_else(|| missing(doctype, id))?["_rev"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let given = call
        .param("rev")
        .or_else(|| call.header("if-match"))
        .ok_or_else(|| Failure::bad_request("deleting needs the document's rev (?rev=)"))?;
    if given != current {
        return Err(Failure::conflict(format!(
            "Document update conflict: {doctype}/{id} is at revision {current}"
        )));
    }
    store.remove_doc(doctype, id).map_err(Failure::storage)?;
    let rev = next_rev(Some(&current), &json!({"_id": id, "_deleted": true}));
    Ok(json(
        StatusCode::OK,
        &json!({"id": id, "type": doctype, "ok": true, "rev": rev, "_deleted": true}),
    ))
}

fn all_docs(store: &Store, doctype: &str, call: &Call) -> Result<Reply, Failure> {
    let docs = store
        .docs(doctype)
        .ok_or_else(|| missing_database(doctype))?;
    let include_docs = call.param("include_docs") == Some("true");
    let keys =
        match call.param("keys") {
            Some(keys) => Some(serde_json::from_str::<Value>(keys).map_err(|e| {
                Failure::bad_request(format!("keys is not a JSON array of ids: {e}"))
            })?),
            None if call.method == Method::POST && !call.body.is_empty() => {
                call.json()?.get("keys").cloned()
            }
            None => None,
        };
    let row = |doc: &Value| {
        let mut row = json!({"id": doc["_id"], "key": doc["_id"], "value": {"rev": doc["_rev"]}});
        if include_docs {
            row["doc"] = doc.clone();
        }
        row
    };
    let rows: Vec<Value> = match keys {
        Some(Value::Array(keys)) => keys
            .iter()
            .map(|key| {
                let found = key.as_str().and_then(|id| store.doc(doctype, id));
                found.map_or_else(|| json!({"key": key, "error": "not_found"}), row)
            })
            .collect(),
        Some(_) => return Err(Failure::bad_request("keys must be an array of ids")),
        None => {
            let mut sorted: Vec<&Value> = docs.iter().collect();
            sorted.sort_by(|a, b| doc_id(a).cmp(&doc_id(b)));
            let (skip, limit) = page(call, docs.len())?;
            sorted.into_iter().skip(skip).take(limit).map(row).collect()
        }
    };
    Ok(json(
        StatusCode::OK,
        &json!({"total_rows": docs.len(), "offset": 0, "rows": rows}),
    ))
}

/// `skip` and `limit` from the query string.
fn page(call: &Call, default_limit: usize) -> Result<(usize, usize), Failure> {
    let number = |name: &str, default: usize| match call.param(name) {
        None => Ok(default),
        Some(v) => v
            .parse()
            .map_err(|_| Failure::bad_request(format!("{name} must be a number, got {v:?}"))),
    };
    Ok((number("skip", 0)?, number("limit", default_limit)?))
}

/// The stack's `_all_docs` without design documents, paged like `_find`.
fn normal_docs(store: &Store, doctype: &str, call: &Call) -> Result<Reply, Failure> {
    let docs = store
        .docs(doctype)
        .ok_or_else(|| missing_database(doctype))?;
    let (skip, limit) = page(call, super::mango::DEFAULT_LIMIT)?;
    let skip = call
        .param("bookmark")
        .and_then(|b| b.parse().ok())
        .unwrap_or(skip);
    let rows: Vec<&Value> = docs.iter().skip(skip).take(limit).collect();
    Ok(json(
        StatusCode::OK,
        &json!({
            "rows": rows,
            "total_rows": docs.len(),
            "bookmark": (skip + rows.len()).to_string(),
        }),
    ))
}

fn find(store: &Store, doctype: &str, body: &Value) -> Result<Reply, Failure> {
    let docs = store
        .docs(doctype)
        .ok_or_else(|| missing_database(doctype))?;
    let query = Query::parse(body).map_err(Failure::bad_request)?;
    let page = query.run(docs, Value::clone);
    let docs: Vec<Value> = page.items.into_iter().map(|d| query.project(d)).collect();
    Ok(json(
        StatusCode::OK,
        &json!({
            "docs": docs,
            "limit": query.limit,
            "next": page.next,
            "bookmark": page.bookmark,
        }),
    ))
}

fn define_index(store: &mut Store, doctype: &str, body: &Value) -> Result<Reply, Failure> {
    let fields = body
        .pointer("/index/fields")
        .filter(|f| f.is_array())
        .ok_or_else(|| Failure::bad_request("an index needs {\"index\": {\"fields\": [...]}}"))?;
    // CouchDB names an unnamed index by a hash of its definition.
    let name = match body.get("name").and_then(Value::as_str) {
        Some(name) => name.to_owned(),
        None => next_rev(None, &body["index"])[2..].to_owned(),
    };
    let id = match body.get("ddoc").and_then(Value::as_str) {
        Some(ddoc) if ddoc.starts_with("_design/") => ddoc.to_owned(),
        Some(ddoc) => format!("_design/{ddoc}"),
        None => format!("_design/{name}"),
    };
    let created = store.define_index(doctype, &name, fields.clone());
    let result = if created { "created" } else { "exists" };
    Ok(json(
        StatusCode::OK,
        &json!({"result": result, "id": id, "name": name}),
    ))
}

/// Writes each document on its own, as CouchDB does: a conflict fails that one only.
fn bulk_docs(store: &mut Store, doctype: &str, body: &Value) -> Result<Reply, Failure> {
    let docs = body
        .get("docs")
        .and_then(Value::as_array)
        .ok_or_else(|| Failure::bad_request("_bulk_docs needs {\"docs\": [...]}"))?;
    let mut results = Vec::with_capacity(docs.len());
    for doc in docs {
        let fields = object(doc.clone())?;
        let id = fields
            .get("_id")
            .and_then(Value::as_str)
            .map_or_else(new_id, str::to_owned);
        let current = store
            .doc(doctype, &id)
            .and_then(|d| d["_rev"].as_str())
            .map(str::to_owned);
        let given = fields.get("_rev").and_then(Value::as_str);
        if given != current.as_deref() {
            results.push(
                json!({"id": id, "error": "conflict", "reason": "Document update conflict."}),
            );
            continue;
        }
        if fields.get("_deleted") == Some(&Value::Bool(true)) {
            store.remove_doc(doctype, &id).map_err(Failure::storage)?;
            let rev = next_rev(current.as_deref(), &json!({"_id": id, "_deleted": true}));
            results.push(json!({"ok": true, "id": id, "rev": rev}));
            continue;
        }
        let saved = save(store, doctype, &id, current.as_deref(), fields)?;
        results.push(json!({"ok": true, "id": id, "rev": saved["_rev"]}));
    }
    Ok(json(StatusCode::CREATED, &Value::Array(results)))
}
