//! The subset of CouchDB's Mango queries that konnector libraries send: selectors with
//! implicit equality, nested and dotted fields, `$eq $ne $gt $gte $lt $lte $in $nin
//! $exists`, `$and $or $nor $not`; `sort`, `fields`, `limit`, `skip` and `bookmark`. An
//! operator outside it is refused with a message naming it, never silently ignored.
//!
//! Values compare in CouchDB's collation order: null < false < true < numbers < strings <
//! arrays < objects (strings by code point, where CouchDB uses ICU: enough for the ASCII
//! dates and identifiers konnectors query on). There are no real indexes: every query scans
//! the doctype, which is what a developer's local folder can afford.

use std::cmp::Ordering;

use serde_json::{Map, Value};

/// Results per page when the query names no limit, and the most the stack gives at once.
pub(super) const DEFAULT_LIMIT: usize = 100;
pub(super) const MAX_LIMIT: usize = 1000;

/// A parsed `_find` request body.
#[derive(Debug)]
pub(super) struct Query {
    selector: Value,
    sort: Vec<(String, bool)>,
    fields: Option<Vec<String>>,
    pub limit: usize,
    pub skip: usize,
}

/// One page of results and whether more matched past it.
#[derive(Debug)]
pub(super) struct Page<T> {
    pub items: Vec<T>,
    /// All the matches, before `skip` and `limit`.
    pub total: usize,
    pub next: bool,
    /// Opaque to clients: the offset of the next page.
    pub bookmark: String,
}

impl Query {
    pub(super) fn parse(body: &Value) -> Result<Query, String> {
        let selector = body
            .get("selector")
            .cloned()
            .unwrap_or(Value::Object(Map::new()));
        if !selector.is_object() {
            return Err("selector must be an object".into());
        }
        check(&selector)?;
        let sort = match body.get("sort") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items.iter().map(sort_key).collect::<Result<_, _>>()?,
            Some(_) => return Err("sort must be an array".into()),
        };
        let fields = match body.get("fields") {
            None | Some(Value::Null) => None,
            Some(Value::Array(items)) => Some(
                items
                    .iter()
                    .map(|f| f.as_str().map(str::to_owned))
                    .collect::<Option<_>>()
                    .ok_or("fields must be strings")?,
            ),
            Some(_) => return Err("fields must be an array".into()),
        };
        let number = |name: &str| match body.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v
                .as_u64()
                .map(|n| Some(n as usize))
                .ok_or(format!("{name} must be a non-negative integer")),
        };
        let bookmark = body
            .get("bookmark")
            .and_then(Value::as_str)
            .and_then(|b| b.parse::<usize>().ok());
        Ok(Query {
            selector,
            sort,
            fields,
            limit: number("limit")?.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT),
            skip: bookmark.or(number("skip")?).unwrap_or(0),
        })
    }

    pub(super) fn matches(&self, doc: &Value) -> bool {
        matches(&self.selector, doc)
    }

    /// Filters, sorts and pages `docs`, each seen through `view` (a file's JSON, say).
    pub(super) fn run<T: Clone>(&self, docs: &[T], view: impl Fn(&T) -> Value) -> Page<T> {
        let mut hits: Vec<(Value, &T)> = docs
            .iter()
            .map(|d| (view(d), d))
            .filter(|(v, _)| self.matches(v))
            .collect();
        if !self.sort.is_empty() {
            hits.sort_by(|(a, _), (b, _)| {
                self.sort
                    .iter()
                    .map(|(field, asc)| {
                        let order = collate(lookup(a, field), lookup(b, field));
                        if *asc {
                            order
                        } else {
                            order.reverse()
                        }
                    })
                    .find(|o| o.is_ne())
                    .unwrap_or(Ordering::Equal)
            });
        }
        let total = hits.len();
        let items: Vec<T> = hits
            .into_iter()
            .skip(self.skip)
            .take(self.limit)
            .map(|(_, d)| d.clone())
            .collect();
        let end = self.skip + items.len();
        Page {
            next: end < total,
            bookmark: end.to_string(),
            total,
            items,
        }
    }

    /// The document cut down to the requested `fields` (dotted paths), all of it without.
    pub(super) fn project(&self, doc: Value) -> Value {
        let Some(fields) = &self.fields else {
            return doc;
        };
        let mut out = Map::new();
        for field in fields {
            if let Some(value) = lookup(&doc, field) {
                insert_path(&mut out, field, value.clone());
            }
        }
        Value::Object(out)
    }
}

fn sort_key(item: &Value) -> Result<(String, bool), String> {
    match item {
        Value::String(field) => Ok((field.clone(), true)),
        Value::Object(map) if map.len() == 1 => {
            let (field, dir) = map.iter().next().expect("one entry");
            match dir.as_str() {
                Some("asc") => Ok((field.clone(), true)),
                Some("desc") => Ok((field.clone(), false)),
                _ => Err(format!("sort direction of {field} must be asc or desc")),
            }
        }
        _ => Err("each sort item must be a field or {field: direction}".into()),
    }
}

const FIELD_OPERATORS: &[&str] = &[
    "$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$exists",
];

/// Refuses what [`matches`] would not understand, before any document is looked at.
fn check(selector: &Value) -> Result<(), String> {
    let Value::Object(map) = selector else {
        return Ok(());
    };
    for (key, value) in map {
        match key.as_str() {
            "$and" | "$or" | "$nor" => match value {
                Value::Array(items) => items.iter().try_for_each(check)?,
                _ => return Err(format!("{key} takes an array of selectors")),
            },
            "$not" => check(value)?,
            op if op.starts_with('$') && !FIELD_OPERATORS.contains(&op) => {
                return Err(format!(
                "unsupported Mango operator {op} (the local Cozy knows {} and $and $or $nor $not)",
                FIELD_OPERATORS.join(" ")
            ))
            }
            "$in" | "$nin" if !value.is_array() => {
                return Err(format!("{key} takes an array"));
            }
            _ => check(value)?,
        }
    }
    Ok(())
}

/// Whether `doc` satisfies `selector` (already [`check`]ed).
pub(super) fn matches(selector: &Value, doc: &Value) -> bool {
    field_matches(selector, Some(doc))
}

/// Matches `condition` against `value`, the part of the document reached so far.
fn field_matches(condition: &Value, value: Option<&Value>) -> bool {
    let Value::Object(map) = condition else {
        return value == Some(condition);
    };
    map.iter().all(|(key, arg)| match key.as_str() {
        "$and" => list(arg).iter().all(|c| field_matches(c, value)),
        "$or" => list(arg).iter().any(|c| field_matches(c, value)),
        "$nor" => !list(arg).iter().any(|c| field_matches(c, value)),
        "$not" => !field_matches(arg, value),
        "$eq" => value == Some(arg),
        "$ne" => value != Some(arg),
        "$gt" => compare(value, arg).is_some_and(Ordering::is_gt),
        "$gte" => compare(value, arg).is_some_and(Ordering::is_ge),
        "$lt" => compare(value, arg).is_some_and(Ordering::is_lt),
        "$lte" => compare(value, arg).is_some_and(Ordering::is_le),
        "$in" => value.is_some_and(|v| list(arg).contains(v)),
        "$nin" => value.is_some_and(|v| !list(arg).contains(v)),
        "$exists" => value.is_some() == arg.as_bool().unwrap_or(true),
        // A field name: dotted paths and nested objects both go one level down.
        field => {
            let inner = value.and_then(|v| lookup(v, field));
            field_matches(arg, inner)
        }
    })
}

fn list(value: &Value) -> &[Value] {
    value.as_array().map(Vec::as_slice).unwrap_or(&[])
}

/// A missing field never compares (CouchDB leaves such documents out of range queries).
fn compare(value: Option<&Value>, arg: &Value) -> Option<Ordering> {
    value.map(|v| collate(Some(v), Some(arg)))
}

/// The value at a dotted path.
pub(super) fn lookup<'a>(doc: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(doc, |v, key| v.get(key))
}

fn insert_path(out: &mut Map<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        None => {
            out.insert(path.to_owned(), value);
        }
        Some((head, rest)) => {
            let entry = out
                .entry(head.to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(inner) = entry {
                insert_path(inner, rest, value);
            }
        }
    }
}

/// CouchDB's collation: null < false < true < numbers < strings < arrays < objects; a
/// missing value sorts first.
fn collate(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    fn rank(v: Option<&Value>) -> u8 {
        match v {
            None => 0,
            Some(Value::Null) => 1,
            Some(Value::Bool(false)) => 2,
            Some(Value::Bool(true)) => 3,
            Some(Value::Number(_)) => 4,
            Some(Value::String(_)) => 5,
            Some(Value::Array(_)) => 6,
            Some(Value::Object(_)) => 7,
        }
    }
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => {
            let (x, y) = (x.as_f64().unwrap_or(0.0), y.as_f64().unwrap_or(0.0));
            x.partial_cmp(&y).unwrap_or(Ordering::Equal)
        }
        (Some(Value::String(x)), Some(Value::String(y))) => x.cmp(y),
        (Some(Value::Array(x)), Some(Value::Array(y))) => x
            .iter()
            .zip(y)
            .map(|(x, y)| collate(Some(x), Some(y)))
            .find(|o| o.is_ne())
            .unwrap_or_else(|| x.len().cmp(&y.len())),
        _ => rank(a).cmp(&rank(b)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn bills() -> Vec<Value> {
        vec![
            json!({"_id": "a", "vendor": "edf", "amount": 10, "date": "2024-01-15", "meta": {"ref": "R1"}}),
            json!({"_id": "b", "vendor": "edf", "amount": 25.5, "date": "2024-02-15", "paid": true}),
            json!({"_id": "c", "vendor": "sfr", "amount": 7, "date": "2024-03-15", "meta": {"ref": "R3"}}),
        ]
    }

    fn ids(body: Value) -> Vec<String> {
        let query = Query::parse(&body).unwrap();
        query
            .run(&bills(), Value::clone)
            .items
            .iter()
            .map(|d| d["_id"].as_str().unwrap().to_owned())
            .collect()
    }

    #[test]
    fn selectors() {
        assert_eq!(ids(json!({"selector": {"vendor": "edf"}})), ["a", "b"]);
        assert_eq!(ids(json!({"selector": {"vendor": {"$eq": "sfr"}}})), ["c"]);
        assert_eq!(
            ids(json!({"selector": {"vendor": {"$ne": "sfr"}}})),
            ["a", "b"]
        );
        assert_eq!(ids(json!({"selector": {"amount": {"$gt": 7}}})), ["a", "b"]);
        assert_eq!(
            ids(json!({"selector": {"amount": {"$gte": 7, "$lt": 25.5}}})),
            ["a", "c"]
        );
        assert_eq!(
            ids(json!({"selector": {"amount": {"$lte": 10}}})),
            ["a", "c"]
        );
        assert_eq!(
            ids(json!({"selector": {"date": {"$gt": "2024-02"}}})),
            ["b", "c"]
        );
        assert_eq!(
            ids(json!({"selector": {"_id": {"$in": ["c", "a", "z"]}}})),
            ["a", "c"]
        );
        assert_eq!(
            ids(json!({"selector": {"_id": {"$nin": ["c", "a"]}}})),
            ["b"]
        );
        assert_eq!(ids(json!({"selector": {"paid": {"$exists": true}}})), ["b"]);
        assert_eq!(
            ids(json!({"selector": {"paid": {"$exists": false}}})),
            ["a", "c"]
        );
        // Nested objects and dotted paths name the same field.
        assert_eq!(ids(json!({"selector": {"meta": {"ref": "R3"}}})), ["c"]);
        assert_eq!(ids(json!({"selector": {"meta.ref": {"$gt": "R1"}}})), ["c"]);
        assert_eq!(
            ids(json!({"selector": {"$or": [{"vendor": "sfr"}, {"amount": 10}]}})),
            ["a", "c"]
        );
        assert_eq!(
            ids(json!({"selector": {"$and": [{"vendor": "edf"}, {"amount": {"$gt": 10}}]}})),
            ["b"]
        );
        assert_eq!(ids(json!({"selector": {"$not": {"vendor": "edf"}}})), ["c"]);
        assert_eq!(
            ids(json!({"selector": {"$nor": [{"vendor": "edf"}]}})),
            ["c"]
        );
        // A range never matches a missing field; `$gt: null` is "exists and not null".
        assert_eq!(ids(json!({"selector": {"paid": {"$gt": null}}})), ["b"]);
        assert_eq!(ids(json!({})), ["a", "b", "c"]);
    }

    #[test]
    fn sort_fields_and_pages() {
        assert_eq!(
            ids(json!({"selector": {}, "sort": [{"amount": "desc"}]})),
            ["b", "a", "c"]
        );
        assert_eq!(
            ids(json!({"sort": ["vendor", {"date": "desc"}]}))[..2],
            ["b", "a"]
        );
        let query = Query::parse(&json!({"limit": 2})).unwrap();
        let page = query.run(&bills(), Value::clone);
        assert_eq!((page.items.len(), page.total, page.next), (2, 3, true));
        let next = Query::parse(&json!({"limit": 2, "bookmark": page.bookmark})).unwrap();
        let page = next.run(&bills(), Value::clone);
        assert_eq!((page.items.len(), page.next), (1, false));
        assert_eq!(page.items[0]["_id"], "c");
        let query = Query::parse(&json!({"fields": ["_id", "meta.ref"]})).unwrap();
        assert_eq!(
            query.project(bills()[0].clone()),
            json!({"_id": "a", "meta": {"ref": "R1"}})
        );
    }

    #[test]
    fn unsupported_operators_are_named() {
        let err = Query::parse(&json!({"selector": {"name": {"$regex": "^a"}}})).unwrap_err();
        assert!(err.contains("unsupported Mango operator $regex"), "{err}");
        assert!(Query::parse(&json!({"selector": {"a": {"$in": 3}}})).is_err());
        assert!(Query::parse(&json!({"selector": 3})).is_err());
    }

    #[test]
    fn collation_follows_couchdb() {
        let ordered = [
            json!(null),
            json!(false),
            json!(true),
            json!(-1),
            json!(2.5),
            json!("a"),
            json!(["a"]),
            json!({}),
        ];
        for pair in ordered.windows(2) {
            assert_eq!(
                collate(Some(&pair[0]), Some(&pair[1])),
                Ordering::Less,
                "{pair:?}"
            );
        }
    }
}
