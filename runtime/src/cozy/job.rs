//! What the stack does before it starts a konnector, done on the local Cozy: the account
//! (`io.cozy.accounts`, `account_type` the konnector's slug, `auth` its fields) and the
//! folder to save to, whose ids go in `COZY_FIELDS` as `account` and `folder_to_save`
//! (cozy-konnector-libs' `BaseKonnector.initAttributes` reads the account and the folder's
//! path from them). Both are staged in memory: a run that saves nothing writes nothing.

use serde_json::{json, Map, Value};

use super::files::stage_directories;
use super::reply::Failure;
use super::store::{new_id, next_rev};
use super::LocalCozy;

const ACCOUNTS: &str = "io.cozy.accounts";

/// A konnector about to run.
#[derive(Debug, Clone)]
pub struct KonnectorJob {
    /// The manifest's `slug`: the account's `account_type`, the files' `createdByApp`.
    pub slug: String,
    /// The manifest's `name`, for the default folder `/Administrative/<name>`.
    pub name: String,
    /// The account's fields (login, password...): its `auth`. A `folderPath` in them
    /// chooses the folder to save to.
    pub fields: Map<String, Value>,
}

impl KonnectorJob {
    pub fn folder_path(&self) -> String {
        match self.fields.get("folderPath").and_then(Value::as_str) {
            Some(path) if !path.trim_matches('/').is_empty() => path.to_owned(),
            _ => format!("/Administrative/{}", self.name),
        }
    }
}

impl LocalCozy {
    /// Finds or makes the account of `job` (its `auth` refreshed from the fields), makes
    /// the folder to save to, and returns `COZY_FIELDS` as the stack sends it:
    /// `{"konnector", "account", "folder_to_save"}` after the fields themselves, so scripts
    /// that read their fields from `COZY_FIELDS` still find them.
    pub fn prepare(&self, job: &KonnectorJob) -> Result<Value, Failure> {
        let mut store = self.store();
        let existing = store.docs(ACCOUNTS).and_then(|docs| {
            docs.iter()
                .find(|d| d["account_type"] == job.slug.as_str())
                .cloned()
        });
        let mut account = match existing {
            Some(account) => account,
            None => json!({"_id": new_id(), "account_type": job.slug}),
        };
        if account["auth"] != Value::Object(job.fields.clone()) {
            account["auth"] = Value::Object(job.fields.clone());
            let mut content = account.clone();
            if let Value::Object(map) = &mut content {
                map.remove("_rev");
            }
            account["_rev"] = next_rev(account["_rev"].as_str(), &content).into();
            store.stage_doc(ACCOUNTS, account.clone());
        }
        let folder = stage_directories(&mut store, &job.folder_path(), &self.instance)?;
        let mut fields = job.fields.clone();
        fields.insert("konnector".into(), job.slug.clone().into());
        fields.insert("account".into(), account["_id"].clone());
        fields.insert("folder_to_save".into(), folder.into());
        Ok(Value::Object(fields))
    }
}
