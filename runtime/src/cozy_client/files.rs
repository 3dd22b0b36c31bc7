//! Files in the run's folder (`folder_to_save`), and nowhere else: stat by path, find by a
//! Mango selector, make folders, upload, replace, download, delete. Paths are checked
//! before the stack is asked ([`confine::within`]); a file named by id is checked by where
//! it is now, and found files outside the folder are left out.

use std::collections::HashMap;

use base64::Engine as _;
use bytes::Bytes;
use http::{header, Method};
use md5::{Digest as _, Md5};
use serde::Deserialize;
use serde_json::{json, Value};

use super::confine;
use super::jsonapi;
use super::request::StackCall;
use super::{checked_id, CozyClient, CozyError, Denied, Verb};

const FILES: &str = "io.cozy.files";
/// The most files a find answers: a konnector looks up one file by its key.
const FIND_LIMIT: usize = 1000;

/// What an upload says of its file besides the content, as cozy-client-js takes it.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct FileOptions {
    pub content_type: Option<String>,
    /// RFC 3339: the file's creation and modification date.
    pub last_modified_date: Option<String>,
    pub metadata: Option<Value>,
    pub source_account: Option<String>,
    pub source_account_identifier: Option<String>,
}

fn parent_and_name(path: &str) -> (&str, &str) {
    match path.rsplit_once('/') {
        Some(("", name)) => ("/", name),
        Some((parent, name)) => (parent, name),
        None => ("/", path),
    }
}

impl CozyClient {
    /// The run's folder's path: `folder_to_save` (an id, as the stack gives it). Never the
    /// account's `folderId`, which cozy-konnector-libs falls back to: the script can write
    /// its account, and so would choose its own confinement.
    pub async fn folder(&self) -> Result<String, CozyError> {
        self.check(FILES, Verb::Get)?;
        if let Some(path) = self.folder_path.borrow().clone() {
            return Ok(path);
        }
        let id = self.access.folder.clone().ok_or_else(|| {
            Denied(
                "files are confined to the run's folder and this run has none: COZY_FIELDS has \
                 no folder_to_save"
                    .into(),
            )
        })?;
        let path = if id.starts_with('/') {
            id.clone()
        } else {
            let dir = self.stat_id(&id).await?;
            dir.pointer("/data/attributes/path")
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| CozyError::Stack {
                    status: 404,
                    message: format!("the run's folder_to_save {id} is not a directory"),
                })?
        };
        if path.trim_end_matches('/').is_empty() {
            return Err(Denied(format!(
                "the run's folder_to_save {id} is the Cozy's root: files are confined to a \
                 konnector's own folder"
            ))
            .into());
        }
        *self.folder_path.borrow_mut() = Some(path.clone());
        Ok(path)
    }

    async fn confined(&self, path: &str) -> Result<String, CozyError> {
        Ok(confine::within(&self.folder().await?, path)?)
    }

    async fn stat_id(&self, id: &str) -> Result<Value, CozyError> {
        let call =
            StackCall::new(Method::GET, &["files", checked_id(id)?]).query("page[limit]", "1");
        self.call(call).await?.ok()?.json()
    }

    /// The JSON:API answer for `path`, `None` when nothing is there (not confined: callers
    /// check first).
    async fn stat_path(&self, path: &str) -> Result<Option<Value>, CozyError> {
        let answer = self
            .call(StackCall::new(Method::GET, &["files", "metadata"]).query("Path", path))
            .await?;
        if answer.is_not_found() {
            return Ok(None);
        }
        Ok(Some(answer.ok()?.json()?))
    }

    /// The file or folder at `path` in the run's folder, `None` if there is none.
    pub async fn stat_by_path(&self, path: &str) -> Result<Option<Value>, CozyError> {
        self.check(FILES, Verb::Get)?;
        let path = self.confined(path).await?;
        Ok(self.stat_path(&path).await?.as_ref().map(jsonapi::document))
    }

    /// The folder at `path` in the run's folder, made with its parents if needed.
    pub async fn mkdirp(&self, path: &str) -> Result<Value, CozyError> {
        self.check(FILES, Verb::Get)?;
        self.check(FILES, Verb::Post)?;
        let path = self.confined(path).await?;
        Ok(jsonapi::document(&self.ensure_dir(&path).await?))
    }

    /// Makes each missing folder from the root down to `path` (already confined; its
    /// parents above the run's folder are only made if the run's folder is missing).
    async fn ensure_dir(&self, path: &str) -> Result<Value, CozyError> {
        let mut missing = Vec::new();
        let mut at = path.to_owned();
        let mut parent = loop {
            match self.stat_path(&at).await? {
                Some(found) => break found,
                None => {
                    let (up, name) = parent_and_name(&at);
                    missing.push(name.to_owned());
                    at = up.to_owned();
                }
            }
        };
        while let Some(name) = missing.pop() {
            if parent
                .pointer("/data/attributes/type")
                .and_then(Value::as_str)
                != Some("directory")
            {
                return Err(CozyError::Invalid(format!("{at} is a file, not a folder")));
            }
            let id = parent["data"]["id"].as_str().unwrap_or_default().to_owned();
            at = format!("{}/{name}", at.trim_end_matches('/'));
            let call = StackCall::new(Method::POST, &["files", &id])
                .query("Type", "directory")
                .query("Name", name.clone());
            let answer = self.call(call).await?;
            parent = match answer.status {
                // Made meanwhile by another call of the run: take it.
                409 => self.stat_path(&at).await?.ok_or_else(|| CozyError::Stack {
                    status: 409,
                    message: format!("{at} exists and cannot be read"),
                })?,
                _ => answer.ok()?.json()?,
            };
        }
        if parent
            .pointer("/data/attributes/type")
            .and_then(Value::as_str)
            != Some("directory")
        {
            return Err(CozyError::Invalid(format!(
                "{path} is a file, not a folder"
            )));
        }
        Ok(parent)
    }

    /// The upload's query and headers, its metadata sent first as the stack asks.
    async fn upload(
        &self,
        mut call: StackCall,
        body: Bytes,
        options: FileOptions,
    ) -> Result<Value, CozyError> {
        let md5 = base64::engine::general_purpose::STANDARD.encode(Md5::digest(&body));
        let content_type = options
            .content_type
            .unwrap_or_else(|| "application/octet-stream".into());
        // The script's value goes into a header: one it cannot be is refused, not a panic.
        if header::HeaderValue::from_str(&content_type).is_err() {
            return Err(CozyError::Invalid(format!(
                "contentType {content_type:?} is not a valid Content-Type header value"
            )));
        }
        call = call
            .query("Size", body.len().to_string())
            .header(header::HeaderName::from_static("content-md5"), md5)
            .header(header::CONTENT_TYPE, content_type);
        if let Some(date) = options.last_modified_date {
            call = call.query("UpdatedAt", date.clone());
            if call.method == Method::POST {
                call = call.query("CreatedAt", date);
            }
        }
        if let Some(metadata) = options.metadata.filter(|m| !m.is_null()) {
            let body = json!({"data": {"type": "io.cozy.files.metadata", "attributes": metadata}});
            let answer = self
                .call(StackCall::new(Method::POST, &["files", "upload", "metadata"]).json(&body))
                .await?
                .ok()?
                .json()?;
            let id = answer
                .pointer("/data/id")
                .and_then(Value::as_str)
                .unwrap_or_default();
            call = call.query("MetadataID", id);
        }
        if let Some(account) = options.source_account {
            call = call.query("SourceAccount", account);
        }
        if let Some(identifier) = options.source_account_identifier {
            call = call.query("SourceAccountIdentifier", identifier);
        }
        let answer = self.call(call.bytes(body)).await?.ok()?.json()?;
        Ok(jsonapi::document(&answer))
    }

    /// Uploads a new file `name` into the folder `dir_path` of the run's folder.
    pub async fn create_file(
        &self,
        dir_path: &str,
        name: &str,
        body: Bytes,
        options: FileOptions,
    ) -> Result<Value, CozyError> {
        self.check(FILES, Verb::Post)?;
        let dir_path = self.confined(dir_path).await?;
        let name = confine::plain_name(name)?;
        let dir = self.stat_path(&dir_path).await?.ok_or_else(|| {
            CozyError::Invalid(format!(
                "the folder {dir_path} does not exist: make it with mkdirp first"
            ))
        })?;
        let dir_id = dir["data"]["id"].as_str().unwrap_or_default().to_owned();
        let call = StackCall::new(Method::POST, &["files", &dir_id])
            .query("Type", "file")
            .query("Name", name);
        self.upload(call, body, options).await
    }

    /// Where the file or folder with these `attributes` is: a folder's own `path`, else
    /// its folder's path (asked once per folder: `dirs` keeps them) and its name.
    async fn path_of(
        &self,
        attributes: &Value,
        dirs: &mut HashMap<String, String>,
    ) -> Result<String, CozyError> {
        if let Some(path) = attributes["path"].as_str() {
            return Ok(path.to_owned());
        }
        let dir_id = attributes["dir_id"].as_str().unwrap_or_default();
        if !dirs.contains_key(dir_id) {
            let dir = self.stat_id(dir_id).await?;
            let dir_path = dir.pointer("/data/attributes/path").and_then(Value::as_str);
            dirs.insert(dir_id.to_owned(), dir_path.unwrap_or_default().to_owned());
        }
        let name = attributes["name"].as_str().unwrap_or_default();
        Ok(format!("{}/{name}", dirs[dir_id].trim_end_matches('/')))
    }

    /// Where the file `id` is now, if that is in the run's folder.
    async fn confined_file(&self, id: &str) -> Result<Value, CozyError> {
        let file = self.stat_id(id).await?;
        let path = self
            .path_of(&file["data"]["attributes"], &mut HashMap::new())
            .await?;
        self.confined(&path).await?;
        Ok(file)
    }

    /// Replaces the content of the file `id`, which must be in the run's folder.
    pub async fn replace_file(
        &self,
        id: &str,
        body: Bytes,
        options: FileOptions,
    ) -> Result<Value, CozyError> {
        self.check(FILES, Verb::Put)?;
        self.confined_file(id).await?;
        let call = StackCall::new(Method::PUT, &["files", checked_id(id)?]);
        self.upload(call, body, options).await
    }

    /// The files and folders of the run's folder matching a Mango `selector` over file
    /// documents (e.g. `metadata.fileIdAttributes`), trashed ones left out: how
    /// cozy-konnector-libs finds a konnector's file again wherever the user moved it in the
    /// folder. Matches elsewhere in the Cozy are dropped, never shown.
    pub async fn find_files(&self, selector: Value) -> Result<Vec<Value>, CozyError> {
        self.check(FILES, Verb::Get)?;
        let query =
            json!({"selector": {"$and": [selector, {"trashed": false}]}, "limit": FIND_LIMIT});
        let answer = self
            .call(StackCall::new(Method::POST, &["files", "_find"]).json(&query))
            .await?
            .ok()?
            .json()?;
        let folder = self.folder().await?;
        let mut dirs = HashMap::new();
        let mut found = Vec::new();
        for resource in answer["data"].as_array().into_iter().flatten() {
            let path = self.path_of(&resource["attributes"], &mut dirs).await?;
            if confine::within(&folder, &path).is_ok() {
                found.push(jsonapi::resource(resource));
            }
        }
        Ok(found)
    }

    /// Deletes the file `id` of the run's folder for good (trashed, then the trash
    /// emptied of it), as cozy-konnector-libs drops a download that fails its checks.
    pub async fn destroy_file(&self, id: &str) -> Result<(), CozyError> {
        self.check(FILES, Verb::Delete)?;
        self.confined_file(id).await?;
        let id = checked_id(id)?;
        self.call(StackCall::new(Method::DELETE, &["files", id]))
            .await?
            .ok()?;
        self.call(StackCall::new(Method::DELETE, &["files", "trash", id]))
            .await?
            .ok()?;
        Ok(())
    }

    /// The content of the file `id`, which must be in the run's folder.
    pub async fn download(&self, id: &str) -> Result<Bytes, CozyError> {
        self.check(FILES, Verb::Get)?;
        self.confined_file(id).await?;
        let answer = self
            .call(StackCall::new(
                Method::GET,
                &["files", "download", checked_id(id)?],
            ))
            .await?;
        Ok(answer.ok()?.body)
    }
}
