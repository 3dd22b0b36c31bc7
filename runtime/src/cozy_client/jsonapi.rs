//! The stack answers `/files` in JSON:API (`{"data": {"type", "id", "meta": {"rev"},
//! "attributes", "relationships", "links"}}`); konnector code expects what cozy-client-js
//! gives: `{_id, _rev, _type, attributes, relationships, links}`.

use serde_json::{json, Map, Value};

/// A JSON:API resource as cozy-client-js shows it.
pub fn resource(resource: &Value) -> Value {
    let mut shaped = Map::new();
    shaped.insert("_id".into(), resource["id"].clone());
    shaped.insert(
        "_rev".into(),
        resource
            .pointer("/meta/rev")
            .cloned()
            .unwrap_or(Value::Null),
    );
    shaped.insert("_type".into(), resource["type"].clone());
    shaped.insert(
        "attributes".into(),
        resource
            .get("attributes")
            .cloned()
            .unwrap_or_else(|| json!({})),
    );
    shaped.insert(
        "relationships".into(),
        resource
            .get("relationships")
            .cloned()
            .unwrap_or_else(|| json!({})),
    );
    if let Some(links) = resource.get("links") {
        shaped.insert("links".into(), links.clone());
    }
    Value::Object(shaped)
}

/// The `data` of a JSON:API document, shaped.
pub fn document(document: &Value) -> Value {
    resource(&document["data"])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_answer_becomes_the_cozy_client_js_shape() {
        let answer = json!({"data": {
            "type": "io.cozy.files",
            "id": "f1",
            "meta": {"rev": "1-abc"},
            "attributes": {"type": "file", "name": "a.pdf", "dir_id": "d1", "size": "3",
                           "md5sum": "x", "metadata": {"carbonCopy": true}},
            "relationships": {"parent": {"data": {"type": "io.cozy.files", "id": "d1"}}},
            "links": {"self": "/files/f1"},
        }});
        assert_eq!(
            document(&answer),
            json!({
                "_id": "f1",
                "_rev": "1-abc",
                "_type": "io.cozy.files",
                "attributes": {"type": "file", "name": "a.pdf", "dir_id": "d1", "size": "3",
                               "md5sum": "x", "metadata": {"carbonCopy": true}},
                "relationships": {"parent": {"data": {"type": "io.cozy.files", "id": "d1"}}},
                "links": {"self": "/files/f1"},
            })
        );
        let bare = resource(&json!({"type": "io.cozy.files", "id": "d"}));
        assert_eq!(bare["_rev"], Value::Null);
        assert_eq!(bare["attributes"], json!({}));
    }
}
