//! Documents of the doctypes the manifest grants (`/data/<doctype>/...`): find (making the
//! index `_find` needs, following every page), list, get, create, update, merge, delete,
//! bulk. `io.cozy.accounts` is reached only as the run's account, `io.cozy.files` only
//! through the confined files operations.

use http::Method;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::account::ACCOUNTS;
use super::request::StackCall;
use super::{checked_id, CozyClient, CozyError, Denied, Verb};

/// The stack's largest page.
pub(super) const STACK_PAGE: usize = 1000;
/// Tries of a merge whose document changed meanwhile (cozy-client-js tries 3 times too).
const MERGE_TRIES: usize = 3;

/// `data.find`'s options, as cozy-client-js `queryDocuments` takes them.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FindOptions {
    pub fields: Option<Vec<String>>,
    pub sort: Option<Vec<Value>>,
    /// All matches when absent.
    pub limit: Option<usize>,
    pub skip: Option<usize>,
}

/// The fields a selector filters on, dotted (`{"a": {"b": 1}}` is `a.b`; operators end a
/// path): what an index for it must hold.
pub fn selector_fields(selector: &Value) -> Vec<String> {
    fn walk(value: &Value, prefix: &str, out: &mut Vec<String>) {
        let Value::Object(map) = value else { return };
        for (key, inner) in map {
            if key.starts_with('$') {
                // `$and: [...]`, `$or: [...]`: their members name fields at this level.
                if let Value::Array(items) = inner {
                    for item in items {
                        walk(item, prefix, out);
                    }
                }
                continue;
            }
            let path = if prefix.is_empty() {
                key.clone()
            } else {
                format!("{prefix}.{key}")
            };
            let nested = inner
                .as_object()
                .is_some_and(|m| !m.is_empty() && m.keys().all(|k| !k.starts_with('$')));
            if nested {
                walk(inner, &path, out);
            } else if !out.contains(&path) {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(selector, "", &mut out);
    out
}

/// The fields of a sort (`["a", {"b": "desc"}]`).
fn sort_fields(sort: &[Value]) -> Vec<String> {
    sort.iter()
        .filter_map(|item| match item {
            Value::String(field) => Some(field.clone()),
            Value::Object(map) => map.keys().next().cloned(),
            _ => None,
        })
        .collect()
}

/// The doctypes `data` does not serve: they have confined operations of their own.
fn check_plain(doctype: &str) -> Result<(), CozyError> {
    let other = match doctype {
        ACCOUNTS => "the run's account is read and updated with account.get/account.update",
        "io.cozy.files" => {
            "files are reached with the files operations, confined to the run's folder"
        }
        _ => return Ok(()),
    };
    Err(Denied(format!("{doctype} is not reachable as documents: {other}")).into())
}

fn object(doc: Value, what: &str) -> Result<Map<String, Value>, CozyError> {
    match doc {
        Value::Object(map) => Ok(map),
        other => Err(CozyError::Invalid(format!(
            "{what} must be an object, got {other}"
        ))),
    }
}

/// The saved document of a write's answer (`{id, rev, data}`), or the sent one with them.
fn saved(answer: Value, sent: Map<String, Value>) -> Value {
    if let Some(data) = answer.get("data").filter(|d| d.is_object()) {
        let mut data = data.clone();
        if let Value::Object(map) = &mut data {
            map.remove("_type");
        }
        return data;
    }
    let mut doc = sent;
    doc.insert("_id".into(), answer["id"].clone());
    doc.insert("_rev".into(), answer["rev"].clone());
    Value::Object(doc)
}

impl CozyClient {
    fn check_data(&self, doctype: &str, verb: Verb) -> Result<(), CozyError> {
        check_plain(doctype)?;
        self.check(doctype, verb)
    }

    /// Makes (once per run) the index on `fields` and gives its design doc for `use_index`.
    async fn index(&self, doctype: &str, fields: Vec<String>) -> Result<Option<String>, CozyError> {
        if fields.is_empty() {
            return Ok(None);
        }
        let key = (doctype.to_owned(), fields.clone());
        if let Some(design) = self.indexes.borrow().get(&key) {
            return Ok(Some(design.clone()));
        }
        let body = json!({"index": {"fields": fields}});
        let answer = self
            .call(StackCall::new(Method::POST, &["data", doctype, "_index"]).json(&body))
            .await?
            .ok()?
            .json()?;
        let design = answer["id"].as_str().unwrap_or_default().to_owned();
        self.indexes.borrow_mut().insert(key, design.clone());
        Ok(Some(design).filter(|d| !d.is_empty()))
    }

    /// Documents matching a Mango `selector`; every page unless `limit` is given.
    pub async fn find(
        &self,
        doctype: &str,
        selector: Value,
        options: FindOptions,
    ) -> Result<Vec<Value>, CozyError> {
        self.check_data(doctype, Verb::Get)?;
        let sort = options.sort.unwrap_or_default();
        let mut fields = sort_fields(&sort);
        for field in selector_fields(&selector) {
            if !fields.contains(&field) {
                fields.push(field);
            }
        }
        let design = self.index(doctype, fields).await?;
        let mut docs = Vec::new();
        let mut bookmark: Option<String> = None;
        let mut skip = options.skip.unwrap_or(0);
        loop {
            let wanted = options
                .limit
                .map_or(self.page, |l| (l - docs.len()).min(self.page));
            let mut query = json!({"selector": selector, "limit": wanted, "skip": skip});
            if !sort.is_empty() {
                query["sort"] = Value::Array(sort.clone());
            }
            if let Some(fields) = &options.fields {
                query["fields"] = json!(fields);
            }
            if let Some(design) = &design {
                query["use_index"] = design.clone().into();
            }
            if let Some(bookmark) = &bookmark {
                query["bookmark"] = bookmark.clone().into();
                query["skip"] = 0.into();
            }
            let answer = self
                .call(StackCall::new(Method::POST, &["data", doctype, "_find"]).json(&query))
                .await?;
            if answer.is_not_found() {
                return Ok(docs);
            }
            let mut page = answer.ok()?.json()?;
            let got = match page["docs"].take() {
                Value::Array(docs) => docs,
                _ => Vec::new(),
            };
            let count = got.len();
            docs.extend(got);
            let more = page["next"].as_bool().unwrap_or(count == wanted);
            if let Some(limit) = options.limit.filter(|&l| docs.len() >= l) {
                docs.truncate(limit);
                return Ok(docs);
            }
            if !more || count == 0 {
                return Ok(docs);
            }
            match page["bookmark"].as_str().filter(|b| !b.is_empty()) {
                Some(next) => bookmark = Some(next.to_owned()),
                None => skip += count,
            }
        }
    }

    /// Every document of `doctype`, design documents left out.
    pub async fn all(&self, doctype: &str) -> Result<Vec<Value>, CozyError> {
        self.check_data(doctype, Verb::Get)?;
        let mut docs = Vec::new();
        let mut bookmark = String::new();
        loop {
            let mut call = StackCall::new(Method::GET, &["data", doctype, "_normal_docs"])
                .query("limit", self.page.to_string());
            if !bookmark.is_empty() {
                call = call.query("bookmark", bookmark.clone());
            }
            let answer = self.call(call).await?;
            if answer.is_not_found() {
                return Ok(docs);
            }
            let mut page = answer.ok()?.json()?;
            let rows = match page["rows"].take() {
                Value::Array(rows) => rows,
                _ => Vec::new(),
            };
            let count = rows.len();
            docs.extend(rows);
            let total = page["total_rows"].as_u64().map(|t| t as usize);
            let next = page["bookmark"].as_str().unwrap_or_default().to_owned();
            if count < self.page
                || total.is_some_and(|t| docs.len() >= t)
                || next.is_empty()
                || next == bookmark
            {
                return Ok(docs);
            }
            bookmark = next;
        }
    }

    /// A document by id, `None` when it does not exist.
    pub async fn get(&self, doctype: &str, id: &str) -> Result<Option<Value>, CozyError> {
        self.check_data(doctype, Verb::Get)?;
        let answer = self
            .call(StackCall::new(
                Method::GET,
                &["data", doctype, checked_id(id)?],
            ))
            .await?;
        if answer.is_not_found() {
            return Ok(None);
        }
        let mut doc = answer.ok()?.json()?;
        if let Value::Object(map) = &mut doc {
            map.remove("_type");
        }
        Ok(Some(doc))
    }

    /// Creates `doc` (with its own `_id` if it has one).
    pub async fn create(&self, doctype: &str, doc: Value) -> Result<Value, CozyError> {
        self.check_data(doctype, Verb::Post)?;
        let mut fields = object(doc, "the document")?;
        fields.remove("_type");
        // With a revision the PUT below updates an existing document, and with `_deleted`
        // deletes it: the grant must allow what the request does, not what it is called.
        if fields.contains_key("_rev") {
            self.check_data(doctype, Verb::Put)?;
        }
        if fields
            .get("_deleted")
            .is_some_and(|d| d != &Value::Bool(false))
        {
            self.check_data(doctype, Verb::Delete)?;
        }
        let call = match fields.get("_id").and_then(Value::as_str) {
            Some(id) => StackCall::new(Method::PUT, &["data", doctype, checked_id(id)?]),
            None => StackCall::new(Method::POST, &["data", doctype, ""]),
        };
        let answer = self.call(call.json(&Value::Object(fields.clone()))).await?;
        Ok(saved(answer.ok()?.json()?, fields))
    }

    /// Saves `doc` over its current revision (it needs `_id` and `_rev`).
    pub async fn update(&self, doctype: &str, doc: Value) -> Result<Value, CozyError> {
        self.check_data(doctype, Verb::Put)?;
        self.put(doctype, object(doc, "the document")?).await
    }

    async fn put(&self, doctype: &str, mut fields: Map<String, Value>) -> Result<Value, CozyError> {
        fields.remove("_type");
        let id = match (fields.get("_id"), fields.get("_rev")) {
            (Some(Value::String(id)), Some(Value::String(_))) => id.clone(),
            _ => {
                return Err(CozyError::Invalid(
                    "updating a document needs its `_id` and `_rev` (use create for a new one)"
                        .into(),
                ))
            }
        };
        let call = StackCall::new(Method::PUT, &["data", doctype, checked_id(&id)?])
            .json(&Value::Object(fields.clone()));
        Ok(saved(self.call(call).await?.ok()?.json()?, fields))
    }

    /// Merges `changes` into the document `id` and saves it.
    pub async fn update_attributes(
        &self,
        doctype: &str,
        id: &str,
        changes: Value,
    ) -> Result<Value, CozyError> {
        self.check_data(doctype, Verb::Get)?;
        self.check_data(doctype, Verb::Put)?;
        self.merge_into(doctype, id, changes).await
    }

    /// Reads, merges and saves, again if the document changed in between.
    pub(super) async fn merge_into(
        &self,
        doctype: &str,
        id: &str,
        changes: Value,
    ) -> Result<Value, CozyError> {
        let mut changes = object(changes, "the changes")?;
        // The document updated is `id` at its stored revision, whatever the changes say:
        // an `_id` or `_rev` in them would aim the write at another document.
        for reserved in ["_id", "_rev", "_deleted", "_type"] {
            changes.remove(reserved);
        }
        let mut tries = 0;
        loop {
            tries += 1;
            let answer = self
                .call(StackCall::new(
                    Method::GET,
                    &["data", doctype, checked_id(id)?],
                ))
                .await?;
            let mut doc = object(answer.ok()?.json()?, "the stored document")?;
            doc.extend(changes.clone());
            match self.put(doctype, doc).await {
                Err(CozyError::Stack { status: 409, .. }) if tries < MERGE_TRIES => continue,
                other => return other,
            }
        }
    }

    /// Deletes `doc` at its revision.
    pub async fn delete(&self, doctype: &str, doc: Value) -> Result<Value, CozyError> {
        self.check_data(doctype, Verb::Delete)?;
        let fields = object(doc, "the document")?;
        let (Some(Value::String(id)), Some(Value::String(rev))) =
            (fields.get("_id"), fields.get("_rev"))
        else {
            return Err(CozyError::Invalid(
                "deleting a document needs its `_id` and `_rev`".into(),
            ));
        };
        let call = StackCall::new(Method::DELETE, &["data", doctype, checked_id(id)?])
            .query("rev", rev.clone());
        self.call(call).await?.ok()?.json()
    }

    /// CouchDB `_bulk_docs`: creates, updates (`_rev`) and deletions (`_deleted`) each need
    /// their verb.
    pub async fn bulk(&self, doctype: &str, docs: Vec<Value>) -> Result<Value, CozyError> {
        self.check_data(doctype, Verb::Post)?;
        if docs.iter().any(|d| d.get("_rev").is_some()) {
            self.check(doctype, Verb::Put)?;
        }
        if docs
            .iter()
            .any(|d| d.get("_deleted") == Some(&Value::Bool(true)))
        {
            self.check(doctype, Verb::Delete)?;
        }
        let call = StackCall::new(Method::POST, &["data", doctype, "_bulk_docs"])
            .json(&json!({ "docs": docs }));
        self.call(call).await?.ok()?.json()
    }
}
