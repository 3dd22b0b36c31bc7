//! `/files/...`: the virtual file system, answered in JSON:API as the stack does
//! (cozy-stack `docs/files.md`, `docs/references-docs-in-vfs.md`). Bytes live on disk at
//! their Cozy path under the local folder; everything else in the store's index.

use base64::Engine as _;
use bytes::Bytes;
use http::header::CONTENT_DISPOSITION;
use http::{Method, StatusCode};
use md5::{Digest, Md5};
use serde_json::{json, Map, Value};

use super::mango::Query;
use super::reply::{body, jsonapi, jsonapi_at, no_content, Failure, Reply};
use super::store::{new_id, next_rev, Kind, Node, Store, ROOT_ID, TRASH_ID, TRASH_NAME};
use super::{now, Call, Instance};

/// Entries of a directory listed at once unless `page[limit]` says otherwise (the stack's).
const DIRECTORY_PAGE: usize = 30;

pub(super) fn route(store: &mut Store, call: &Call, instance: &Instance) -> Result<Reply, Failure> {
    let segments: Vec<&str> = call.segments.iter().map(String::as_str).collect();
    match (&call.method, segments.as_slice()) {
        (&Method::GET, ["metadata"]) => stat(store, &by_path(store, call)?, call),
        (&Method::PATCH, ["metadata"]) => patch(store, &by_path(store, call)?, call),
        (&Method::GET, ["download"]) => download(store, &by_path(store, call)?),
        (&Method::GET, ["download", id]) => download(store, id),
        (&Method::POST, ["upload", "metadata"]) => upload_metadata(store, call),
        (&Method::POST, ["_find"]) => find(store, &call.json()?),
        (&Method::POST, []) => create(store, ROOT_ID, call, instance),
        (&Method::POST, [dir_id]) => create(store, dir_id, call, instance),
        (&Method::GET, [id]) => stat(store, id, call),
        (&Method::PUT, [id]) => replace(store, id, call, instance),
        (&Method::PATCH, [id]) => patch(store, id, call),
        (&Method::DELETE, [id]) => {
            check_if_match(store, id, call)?;
            trash(store, id)?;
            stat(store, id, call)
        }
        (&Method::DELETE, ["trash", id]) => {
            destroy(store, id)?;
            Ok(no_content())
        }
        (&Method::POST | &Method::DELETE, [id, "relationships", "referenced_by"]) => {
            referenced_by(store, id, call)
        }
        _ => Err(Failure::not_found(format!(
            "the local Cozy has no route {} /files/{}",
            call.method,
            segments.join("/")
        ))),
    }
}

fn missing(what: &str) -> Failure {
    Failure::not_found(format!("File or directory is not found: {what}"))
}

fn unprocessable(detail: impl Into<String>) -> Failure {
    Failure::new(StatusCode::UNPROCESSABLE_ENTITY, detail)
}

fn by_path(store: &Store, call: &Call) -> Result<String, Failure> {
    let path = call
        .param("Path")
        .ok_or_else(|| Failure::bad_request("the Path parameter is missing"))?;
    store.id_at(path).ok_or_else(|| missing(path))
}

/// A node by id, the root and the trash included (they are not stored).
fn node(store: &Store, id: &str) -> Option<Node> {
    let special = |name: &str, dir_id: &str| {
        let epoch = "2000-01-01T00:00:00Z".to_owned();
        let mut node = Node::new(Kind::Directory, name, dir_id, epoch.clone(), epoch);
        node.rev = "1-0".into();
        node
    };
    match id {
        ROOT_ID => Some(special("", "")),
        TRASH_ID => Some(special(TRASH_NAME, ROOT_ID)),
        _ => store.node(id).cloned(),
    }
}

/// The attributes the stack shows for a node.
fn attributes(store: &Store, id: &str, node: &Node) -> Map<String, Value> {
    let mut attrs = Map::new();
    attrs.insert("type".into(), json!(node.kind));
    attrs.insert("name".into(), node.name.clone().into());
    attrs.insert("dir_id".into(), node.dir_id.clone().into());
    attrs.insert("created_at".into(), node.created_at.clone().into());
    attrs.insert("updated_at".into(), node.updated_at.clone().into());
    attrs.insert("tags".into(), json!(node.tags));
    attrs.insert("trashed".into(), node.trashed.into());
    if !node.cozy_metadata.is_empty() {
        attrs.insert("cozyMetadata".into(), node.cozy_metadata.clone().into());
    }
    if let Some(metadata) = &node.metadata {
        attrs.insert("metadata".into(), metadata.clone());
    }
    match node.kind {
        Kind::Directory => {
            attrs.insert("path".into(), store.path_of(id).unwrap_or_default().into());
        }
        Kind::File => {
            // The stack sends sizes as strings (Go's `json:",string"`).
            attrs.insert("size".into(), node.size.unwrap_or(0).to_string().into());
            attrs.insert("md5sum".into(), node.md5sum.clone().into());
            attrs.insert("mime".into(), node.mime.clone().into());
            attrs.insert("class".into(), node.class.clone().into());
            attrs.insert("executable".into(), node.executable.into());
        }
    }
    if let Some(restore) = &node.restore_path {
        attrs.insert("restore_path".into(), restore.clone().into());
    }
    attrs
}

/// A node as a JSON:API resource.
fn resource(store: &Store, id: &str, node: &Node) -> Value {
    let mut relationships = json!({
        "referenced_by": {
            "links": {"self": format!("/files/{id}/relationships/references")},
            "data": node.referenced_by,
        }
    });
    if !node.dir_id.is_empty() {
        relationships["parent"] = json!({
            "links": {"related": format!("/files/{}", node.dir_id)},
            "data": {"type": "io.cozy.files", "id": node.dir_id},
        });
    }
    json!({
        "type": "io.cozy.files",
        "id": id,
        "meta": {"rev": node.rev},
        "attributes": attributes(store, id, node),
        "relationships": relationships,
        "links": {"self": format!("/files/{id}")},
    })
}

/// A node as its CouchDB document, what `/files/_find` selectors see.
fn couch_doc(store: &Store, id: &str, node: &Node) -> Value {
    let mut doc = attributes(store, id, node);
    doc.insert("_id".into(), id.into());
    doc.insert("_rev".into(), node.rev.clone().into());
    doc.insert("referenced_by".into(), json!(node.referenced_by));
    Value::Object(doc)
}

fn one(store: &Store, id: &str, node: &Node, status: StatusCode) -> Reply {
    jsonapi_at(
        status,
        &json!({"data": resource(store, id, node)}),
        &format!("/files/{id}"),
    )
}

/// `GET /files/:id`: a file, or a directory with a page of its contents.
fn stat(store: &Store, id: &str, call: &Call) -> Result<Reply, Failure> {
    let found = node(store, id).ok_or_else(|| missing(id))?;
    if found.kind == Kind::File {
        return Ok(one(store, id, &found, StatusCode::OK));
    }
    let limit = call
        .param("page[limit]")
        .and_then(|l| l.parse().ok())
        .unwrap_or(DIRECTORY_PAGE);
    let skip: usize = call
        .param("page[cursor]")
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let children: Vec<_> = store
        .children(id)
        .into_iter()
        .filter(|(child, _)| !(id == ROOT_ID && child.as_str() == TRASH_ID))
        .collect();
    let shown: Vec<_> = children.iter().skip(skip).take(limit).collect();
    let mut data = resource(store, id, &found);
    data["relationships"]["contents"] = json!({
        "data": shown.iter().map(|(child, _)| json!({"type": "io.cozy.files", "id": child})).collect::<Vec<_>>(),
    });
    let included: Vec<Value> = shown
        .iter()
        .map(|(child, n)| resource(store, child, n))
        .collect();
    let mut answer = json!({"data": data, "included": included, "meta": {"count": children.len()}});
    if skip + shown.len() < children.len() {
        answer["links"] =
            json!({"next": format!("/files/{id}?page[cursor]={}", skip + shown.len())});
    }
    Ok(jsonapi_at(StatusCode::OK, &answer, &format!("/files/{id}")))
}

fn download(store: &Store, id: &str) -> Result<Reply, Failure> {
    let found = node(store, id)
        .filter(|n| n.kind == Kind::File)
        .ok_or_else(|| missing(id))?;
    let path = store.path_of(id).ok_or_else(|| missing(id))?;
    let bytes = std::fs::read(store.disk_path(&path)?)?;
    let mime = found.mime.as_deref().unwrap_or("application/octet-stream");
    let mut reply = body(StatusCode::OK, mime, Bytes::from(bytes));
    let disposition = format!("inline; filename=\"{}\"", found.name.replace('"', ""));
    if let Ok(value) = disposition.parse() {
        reply.headers_mut().insert(CONTENT_DISPOSITION, value);
    }
    Ok(reply)
}

fn upload_metadata(store: &mut Store, call: &Call) -> Result<Reply, Failure> {
    let body = call.json()?;
    let attributes = body
        .pointer("/data/attributes")
        .cloned()
        .ok_or_else(|| unprocessable("metadata needs {\"data\": {\"attributes\": {...}}}"))?;
    let id = new_id();
    store.keep_upload_metadata(&id, attributes.clone());
    Ok(jsonapi(
        StatusCode::CREATED,
        &json!({"data": {"type": "io.cozy.files.metadata", "id": id, "attributes": attributes}}),
    ))
}

/// The root's names the local Cozy's own files use, refused to creates and moves alike.
fn check_reserved(dir_id: &str, name: &str) -> Result<(), Failure> {
    let reserved = [super::store::DOCUMENTS, super::store::INDEX, TRASH_NAME];
    if dir_id == ROOT_ID && reserved.contains(&name) {
        return Err(Failure::conflict(format!(
            "/{name} is reserved by the local Cozy's own files"
        )));
    }
    Ok(())
}

fn check_name(name: &str) -> Result<(), Failure> {
    if !super::store::is_plain_name(name) {
        return Err(unprocessable(format!("invalid name {name:?}")));
    }
    Ok(())
}

/// The parent for a new or moved node: an existing directory outside the trash.
fn directory(store: &Store, dir_id: &str) -> Result<String, Failure> {
    match node(store, dir_id) {
        Some(n) if n.kind == Kind::Directory => {
            store.path_of(dir_id).ok_or_else(|| missing(dir_id))
        }
        Some(_) => Err(unprocessable(format!("{dir_id} is not a directory"))),
        None => Err(missing(dir_id)),
    }
}

fn join(dir: &str, name: &str) -> String {
    format!("{}/{name}", dir.trim_end_matches('/'))
}

/// What every upload checks: the body against `Content-MD5` and `Size`.
fn checked_content(call: &Call) -> Result<(String, u64), Failure> {
    let md5 = base64::engine::general_purpose::STANDARD.encode(Md5::digest(&call.body));
    if let Some(given) = call.header("content-md5") {
        if given != md5 {
            return Err(Failure::new(
                StatusCode::PRECONDITION_FAILED,
                format!("Invalid hash: Content-MD5 is {given}, the content's md5 is {md5}"),
            ));
        }
    }
    let size = call.body.len() as u64;
    if let Some(given) = call.param("Size") {
        if given.parse::<u64>().ok() != Some(size) {
            return Err(Failure::new(
                StatusCode::PRECONDITION_FAILED,
                format!("Invalid content length: Size is {given}, the content has {size} bytes"),
            ));
        }
    }
    Ok((md5, size))
}

/// The mime type as the stack decides it: the request's, unless it says nothing useful,
/// then the name's extension; and the class the Drive app shows.
fn mime_and_class(content_type: Option<&str>, name: &str) -> (String, String) {
    let given = content_type
        .map(|t| {
            t.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .filter(|t| !t.is_empty() && t != "application/octet-stream");
    let mime = given.unwrap_or_else(|| {
        mime_guess::from_path(name)
            .first_raw()
            .unwrap_or("application/octet-stream")
            .to_owned()
    });
    let class = match mime.split('/').next().unwrap_or("") {
        "image" | "audio" | "video" | "text" => mime.split('/').next().unwrap_or("").to_owned(),
        _ if mime == "application/pdf" => "pdf".to_owned(),
        _ => "files".to_owned(),
    };
    (mime, class)
}

/// The `cozyMetadata` the stack fills for the app whose token made the request (`call`:
/// its source account parameters, if any).
fn cozy_metadata(
    instance: &Instance,
    call: Option<&Call>,
    previous: Option<&Map<String, Value>>,
    content: bool,
) -> Map<String, Value> {
    let now = now();
    let mut meta = previous.cloned().unwrap_or_else(|| {
        let mut meta = Map::new();
        meta.insert("doctypeVersion".into(), "1".into());
        meta.insert("metadataVersion".into(), 1.into());
        meta.insert("createdAt".into(), now.clone().into());
        meta.insert("createdOn".into(), instance.url.clone().into());
        if let Some(app) = &instance.app {
            meta.insert("createdByApp".into(), app.clone().into());
        }
        meta
    });
    meta.insert("updatedAt".into(), now.clone().into());
    if content {
        meta.insert("uploadedAt".into(), now.into());
        meta.insert("uploadedOn".into(), instance.url.clone().into());
        if let Some(app) = &instance.app {
            meta.insert("uploadedBy".into(), json!({"slug": app}));
        }
    }
    for (param, key) in [
        ("SourceAccount", "sourceAccount"),
        ("SourceAccountIdentifier", "sourceAccountIdentifier"),
    ] {
        if let Some(value) = call.and_then(|c| c.param(param)) {
            meta.insert(key.into(), value.into());
        }
    }
    meta
}

/// Metadata named by `MetadataID` (sent before to `/files/upload/metadata`) or given
/// inline as the deprecated `Metadata` JSON.
fn upload_metadata_of(store: &mut Store, call: &Call) -> Result<Option<Value>, Failure> {
    if let Some(id) = call.param("MetadataID").filter(|id| !id.is_empty()) {
        return store
            .take_upload_metadata(id)
            .map(Some)
            .ok_or_else(|| unprocessable(format!("no metadata object {id}")));
    }
    match call.param("Metadata") {
        Some(text) => serde_json::from_str(text)
            .map(Some)
            .map_err(|e| unprocessable(format!("Metadata is not JSON: {e}"))),
        None => Ok(None),
    }
}

/// `POST /files/:dir-id?Type=file|directory&Name=...`
fn create(
    store: &mut Store,
    dir_id: &str,
    call: &Call,
    instance: &Instance,
) -> Result<Reply, Failure> {
    let name = call
        .param("Name")
        .ok_or_else(|| unprocessable("the Name parameter is missing"))?
        .to_owned();
    check_name(&name)?;
    let kind = match call.param("Type") {
        Some("file") => Kind::File,
        Some("directory") => Kind::Directory,
        other => {
            return Err(unprocessable(format!(
                "Type must be file or directory, got {other:?}"
            )))
        }
    };
    let parent = directory(store, dir_id)?;
    if store.child_named(dir_id, &name).is_some() {
        return Err(Failure::conflict(format!(
            "{} already exists",
            join(&parent, &name)
        )));
    }
    check_reserved(dir_id, &name)?;
    let now = now();
    let created_at = call
        .param("CreatedAt")
        .map_or_else(|| now.clone(), str::to_owned);
    let updated_at = call
        .param("UpdatedAt")
        .map_or_else(|| now.clone(), str::to_owned);
    let path = join(&parent, &name);
    let mut node = Node::new(kind, &name, dir_id, created_at, updated_at);
    node.executable = call.param("Executable") == Some("true");
    node.tags = tags(call);
    node.metadata = upload_metadata_of(store, call)?;
    node.cozy_metadata = cozy_metadata(instance, Some(call), None, kind == Kind::File);
    let disk = store.disk_path(&path)?;
    let id = new_id();
    match kind {
        Kind::File => {
            let (md5, size) = checked_content(call)?;
            let (mime, class) = mime_and_class(call.header("content-type"), &node.name);
            (node.md5sum, node.size, node.mime, node.class) =
                (Some(md5), Some(size), Some(mime), Some(class));
            store
                .write_content(&id, &disk, &call.body)
                .map_err(Failure::storage)?;
        }
        Kind::Directory => std::fs::create_dir_all(&disk)?,
    }
    node.rev = next_rev(None, &couch_doc(store, &id, &node));
    store
        .put_node(&id, node.clone())
        .map_err(Failure::storage)?;
    Ok(one(store, &id, &node, StatusCode::CREATED))
}

fn tags(call: &Call) -> Vec<String> {
    call.param("Tags")
        .map(|t| {
            t.split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// `If-Match`, when given and not empty, must be the node's revision.
fn check_if_match(store: &Store, id: &str, call: &Call) -> Result<Node, Failure> {
    let found = node(store, id).ok_or_else(|| missing(id))?;
    match call.header("if-match").filter(|v| !v.is_empty()) {
        Some(rev) if rev != found.rev => Err(Failure::new(
            StatusCode::PRECONDITION_FAILED,
            format!(
                "Invalid revision: {id} is at {}, If-Match says {rev}",
                found.rev
            ),
        )),
        _ => Ok(found),
    }
}

/// `PUT /files/:id`: new content for an existing file.
fn replace(
    store: &mut Store,
    id: &str,
    call: &Call,
    instance: &Instance,
) -> Result<Reply, Failure> {
    let mut found = check_if_match(store, id, call)?;
    if found.kind != Kind::File || store.node(id).is_none() {
        return Err(missing(id));
    }
    let (md5, size) = checked_content(call)?;
    let (mime, class) = mime_and_class(call.header("content-type"), &found.name);
    let path = store.path_of(id).ok_or_else(|| missing(id))?;
    let disk = store.disk_path(&path)?;
    store
        .write_content(id, &disk, &call.body)
        .map_err(Failure::storage)?;
    if let Some(metadata) = upload_metadata_of(store, call)? {
        found.metadata = Some(metadata);
    }
    (found.md5sum, found.size, found.mime, found.class) =
        (Some(md5), Some(size), Some(mime), Some(class));
    found.updated_at = call.param("UpdatedAt").map_or_else(now, str::to_owned);
    found.cozy_metadata = cozy_metadata(instance, Some(call), Some(&found.cozy_metadata), true);
    let tags = tags(call);
    if !tags.is_empty() {
        found.tags = tags;
    }
    found.rev = next_rev(Some(&found.rev), &couch_doc(store, id, &found));
    store
        .put_node(id, found.clone())
        .map_err(Failure::storage)?;
    Ok(one(store, id, &found, StatusCode::OK))
}

/// `PATCH /files/:id`: rename, move, tags, metadata, trash or permanent deletion.
fn patch(store: &mut Store, id: &str, call: &Call) -> Result<Reply, Failure> {
    let mut found = check_if_match(store, id, call)?;
    if store.node(id).is_none() {
        return Err(Failure::bad_request(format!("{id} cannot be changed")));
    }
    let body = call.json()?;
    let attrs = body
        .pointer("/data/attributes")
        .and_then(Value::as_object)
        .ok_or_else(|| unprocessable("a patch needs {\"data\": {\"attributes\": {...}}}"))?;
    if attrs.get("permanent_delete") == Some(&Value::Bool(true)) {
        destroy(store, id)?;
        return Ok(one(store, id, &found, StatusCode::OK));
    }
    if attrs.get("move_to_trash") == Some(&Value::Bool(true)) {
        trash(store, id)?;
        return stat(store, id, call);
    }
    let name = attrs
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or(&found.name)
        .to_owned();
    let dir_id = attrs
        .get("dir_id")
        .and_then(Value::as_str)
        .unwrap_or(&found.dir_id)
        .to_owned();
    if (name.as_str(), dir_id.as_str()) != (found.name.as_str(), found.dir_id.as_str()) {
        check_name(&name)?;
        check_reserved(&dir_id, &name)?;
        let parent = directory(store, &dir_id)?;
        if found.kind == Kind::Directory
            && store.path_of(&dir_id).is_some_and(|p| {
                let own = store.path_of(id).unwrap_or_default();
                p == own || p.starts_with(&format!("{own}/"))
            })
        {
            return Err(Failure::bad_request("a directory cannot move into itself"));
        }
        if store
            .child_named(&dir_id, &name)
            .is_some_and(|other| other != id)
        {
            return Err(Failure::conflict(format!(
                "{} already exists",
                join(&parent, &name)
            )));
        }
        let from = store.disk_path(&store.path_of(id).ok_or_else(|| missing(id))?)?;
        let to = store.disk_path(&join(&parent, &name))?;
        if let Some(folder) = to.parent() {
            std::fs::create_dir_all(folder)?;
        }
        std::fs::rename(from, to)?;
        (found.name, found.dir_id) = (name, dir_id);
    }
    if let Some(tags) = attrs.get("tags").and_then(Value::as_array) {
        found.tags = tags
            .iter()
            .filter_map(|t| t.as_str().map(str::to_owned))
            .collect();
    }
    if let Some(metadata) = attrs.get("metadata") {
        found.metadata = Some(metadata.clone());
    }
    if let Some(Value::String(updated)) = attrs.get("updated_at") {
        found.updated_at = updated.clone();
    }
    found.cozy_metadata.insert("updatedAt".into(), now().into());
    found.rev = next_rev(Some(&found.rev), &couch_doc(store, id, &found));
    store
        .put_node(id, found.clone())
        .map_err(Failure::storage)?;
    Ok(one(store, id, &found, StatusCode::OK))
}

/// The node and everything under it.
fn subtree(store: &Store, id: &str) -> Vec<String> {
    let mut ids = vec![id.to_owned()];
    let mut next = 0;
    while next < ids.len() {
        let children: Vec<String> = store
            .children(&ids[next])
            .into_iter()
            .map(|(c, _)| c.clone())
            .collect();
        ids.extend(children);
        next += 1;
    }
    ids
}

/// Moves a node to the trash (`/.cozy_trash`, on disk too), renamed if the name is taken.
fn trash(store: &mut Store, id: &str) -> Result<(), Failure> {
    let mut found = store.node(id).cloned().ok_or_else(|| missing(id))?;
    if found.trashed {
        return Err(Failure::bad_request(format!(
            "{id} is already in the trash"
        )));
    }
    let from = store.path_of(id).ok_or_else(|| missing(id))?;
    let mut name = found.name.clone();
    let mut n = 1;
    while store.child_named(TRASH_ID, &name).is_some() {
        name = format!("{} ({n})", found.name);
        n += 1;
    }
    let to = join(&format!("/{TRASH_NAME}"), &name);
    std::fs::create_dir_all(store.disk_path(&format!("/{TRASH_NAME}"))?)?;
    std::fs::rename(store.disk_path(&from)?, store.disk_path(&to)?)?;
    found.restore_path = store.path_of(&found.dir_id);
    (found.name, found.dir_id, found.trashed) = (name, TRASH_ID.to_owned(), true);
    found.rev = next_rev(Some(&found.rev), &couch_doc(store, id, &found));
    store.put_node(id, found).map_err(Failure::storage)?;
    for below in subtree(store, id).into_iter().skip(1) {
        if let Some(mut child) = store.node(&below).cloned() {
            child.trashed = true;
            store.put_node(&below, child).map_err(Failure::storage)?;
        }
    }
    Ok(())
}

/// Deletes a node and its subtree for good, on disk and in the index.
fn destroy(store: &mut Store, id: &str) -> Result<(), Failure> {
    let found = store.node(id).cloned().ok_or_else(|| missing(id))?;
    let path = store.disk_path(&store.path_of(id).ok_or_else(|| missing(id))?)?;
    let removed = match found.kind {
        Kind::File => std::fs::remove_file(&path),
        Kind::Directory => std::fs::remove_dir_all(&path),
    };
    match removed {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => return Err(err.into()),
        _ => {}
    }
    let ids = subtree(store, id);
    store.remove_nodes(&ids).map_err(Failure::storage)
}

/// `POST /files/_find`: Mango over the file documents.
fn find(store: &Store, body: &Value) -> Result<Reply, Failure> {
    let query = Query::parse(body).map_err(Failure::bad_request)?;
    let docs: Vec<(String, Node)> = store
        .nodes()
        .map(|(id, n)| (id.clone(), n.clone()))
        .collect();
    let page = query.run(&docs, |(id, n)| couch_doc(store, id, n));
    let data: Vec<Value> = page
        .items
        .iter()
        .map(|(id, n)| resource(store, id, n))
        .collect();
    let mut answer = json!({"data": data, "meta": {"count": page.total}});
    if page.next {
        answer["links"] = json!({"next": format!("/files/_find?page[cursor]={}", page.bookmark)});
    }
    Ok(jsonapi(StatusCode::OK, &answer))
}

/// The `{type, id}` references in a JSON:API body's `data` (one or a list).
fn references_in(call: &Call) -> Result<Vec<Value>, Failure> {
    let body = call.json()?;
    let refs = match body.get("data") {
        Some(Value::Array(refs)) => refs.clone(),
        Some(one @ Value::Object(_)) => vec![one.clone()],
        _ => {
            return Err(Failure::bad_request(
                "references need {\"data\": [{\"type\", \"id\"}]}",
            ))
        }
    };
    refs.iter()
        .map(|r| {
            match (
                r.get("type").and_then(Value::as_str),
                r.get("id").and_then(Value::as_str),
            ) {
                (Some(t), Some(i)) => Ok(json!({"type": t, "id": i})),
                _ => Err(Failure::bad_request(
                    "each reference needs a type and an id",
                )),
            }
        })
        .collect()
}

/// Adds (`POST`) or removes (`DELETE`) `reference` on a file, bumping its revision.
fn set_reference(
    store: &mut Store,
    file_id: &str,
    reference: &Value,
    add: bool,
) -> Result<Node, Failure> {
    let mut found = store
        .node(file_id)
        .cloned()
        .ok_or_else(|| missing(file_id))?;
    let present = found.referenced_by.contains(reference);
    if add && !present {
        found.referenced_by.push(reference.clone());
    } else if !add && present {
        found.referenced_by.retain(|r| r != reference);
    } else {
        return Ok(found);
    }
    found.rev = next_rev(Some(&found.rev), &couch_doc(store, file_id, &found));
    store
        .put_node(file_id, found.clone())
        .map_err(Failure::storage)?;
    Ok(found)
}

/// `POST|DELETE /files/:id/relationships/referenced_by`
fn referenced_by(store: &mut Store, id: &str, call: &Call) -> Result<Reply, Failure> {
    let add = call.method == Method::POST;
    let mut found = node(store, id).ok_or_else(|| missing(id))?;
    for reference in references_in(call)? {
        found = set_reference(store, id, &reference, add)?;
    }
    Ok(jsonapi(
        StatusCode::OK,
        &json!({"data": found.referenced_by, "meta": {"rev": found.rev, "count": found.referenced_by.len()}}),
    ))
}

/// `/data/:doctype/:id/relationships/references`: the files a document references
/// (`GET`), or adds (`POST`) and removes (`DELETE`) some.
pub(super) fn references(
    store: &mut Store,
    call: &Call,
    doctype: &str,
    doc_id: &str,
) -> Result<Reply, Failure> {
    let reference = json!({"type": doctype, "id": doc_id});
    match call.method {
        Method::GET => {
            let files: Vec<(String, Node)> = store
                .nodes()
                .filter(|(_, n)| n.referenced_by.contains(&reference))
                .map(|(id, n)| (id.clone(), n.clone()))
                .collect();
            let data: Vec<Value> = files
                .iter()
                .map(|(id, n)| json!({"type": "io.cozy.files", "id": id, "meta": {"rev": n.rev}}))
                .collect();
            let included: Vec<Value> = files.iter().map(|(id, n)| resource(store, id, n)).collect();
            Ok(jsonapi(
                StatusCode::OK,
                &json!({"data": data, "included": included, "meta": {"count": files.len()}, "links": {}}),
            ))
        }
        Method::POST | Method::DELETE => {
            for file in references_in(call)? {
                let id = file["id"].as_str().unwrap_or_default();
                set_reference(store, id, &reference, call.method == Method::POST)?;
            }
            Ok(no_content())
        }
        _ => Err(Failure::not_found(
            "references are read with GET, changed with POST or DELETE",
        )),
    }
}

/// The directory at `path`, made with its missing parents, in memory only: the folder a
/// konnector is given is written with its first file (see `job.rs`).
pub(super) fn stage_directories(
    store: &mut Store,
    path: &str,
    instance: &Instance,
) -> Result<String, Failure> {
    let mut current = ROOT_ID.to_owned();
    for name in path.split('/').filter(|p| !p.is_empty()) {
        check_name(name)?;
        current = match store.child_named(&current, name) {
            Some(id) if store.node(id).is_some_and(|n| n.kind == Kind::Directory) => id.clone(),
            Some(_) => {
                return Err(Failure::conflict(format!(
                    "{path}: {name} is a file, not a directory"
                )))
            }
            None => {
                let now = now();
                let mut node = Node::new(Kind::Directory, name, &current, now.clone(), now);
                node.cozy_metadata = cozy_metadata(instance, None, None, false);
                let id = new_id();
                node.rev = next_rev(None, &couch_doc(store, &id, &node));
                store.stage_node(&id, node);
                id
            }
        };
    }
    Ok(current)
}
