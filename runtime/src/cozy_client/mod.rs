//! The host's client of the stack, acting for the konnector (issue 8, "capabilities, not
//! credentials"): kvm's own cozy-konnector-libs asks for Cozy operations through ops, and
//! this module performs them with the job's token, which the isolate never holds.
//!
//! Every operation is checked before a request leaves: `grants` (the doctypes and verbs
//! the manifest's `permissions` grant), `confine` (files only in the run's folder), and
//! only the run's own account. Then `request` builds and sends it through the run's
//! network, to the stack or, in local mode, to the local Cozy. `account`, `data` and
//! `files` are the operations; `jsonapi` shapes file answers as cozy-client-js does.

mod account;
pub mod confine;
mod data;
mod files;
pub mod grants;
pub mod jsonapi;
pub mod request;

use std::cell::RefCell;
use std::collections::HashMap;

use serde_json::Value;
use url::Url;

pub use data::FindOptions;
pub use files::FileOptions;
pub use grants::{Denied, Grants, Verb};

use crate::net::{NetError, Network};
use crate::run::spec::{JobEnv, Secret};
use request::{Answer, StackCall};

/// What a run hands its Cozy client: where the stack is, the token, which account and
/// folder are the run's, and what the manifest grants.
#[derive(Debug, Clone)]
pub struct CozyAccess {
    pub url: Url,
    pub token: Secret,
    /// `account` of COZY_FIELDS.
    pub account: Option<String>,
    /// `folder_to_save` of COZY_FIELDS: the folder's id (a path is taken as it is).
    pub folder: Option<String>,
    pub grants: Grants,
}

impl CozyAccess {
    /// The access a job's environment gives, when it has a stack URL and a token.
    pub fn from_env(env: &JobEnv, grants: Grants) -> Option<CozyAccess> {
        let url = Url::parse(env.cozy_url.as_deref()?).ok()?;
        let token = env.credentials.clone()?;
        let field = |name: &str| {
            env.fields
                .as_ref()
                .and_then(|f| f.get(name))
                .and_then(Value::as_str)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        Some(CozyAccess {
            url,
            token,
            account: field("account"),
            folder: field("folder_to_save"),
            grants,
        })
    }
}

/// Why a capability call failed, as the script sees it (`code`, and `status` for the
/// stack's own refusals).
#[derive(Debug, thiserror::Error)]
pub enum CozyError {
    /// Refused by the host before any request: not granted, outside the run's folder,
    /// another account.
    #[error("{0}")]
    Denied(#[from] Denied),
    /// The stack answered with an error.
    #[error("the stack answered {status}: {message}")]
    Stack { status: u16, message: String },
    /// The request did not get an answer.
    #[error("{0}")]
    Net(NetError),
    /// The script's arguments cannot make a request.
    #[error("{0}")]
    Invalid(String),
}

impl CozyError {
    pub fn code(&self) -> &'static str {
        match self {
            CozyError::Denied(_) => "ERR_ACCESS_DENIED",
            CozyError::Stack { .. } => "ERR_COZY_STACK",
            CozyError::Net(e) => e.code(),
            CozyError::Invalid(_) => "ERR_INVALID_ARG_VALUE",
        }
    }

    /// The stack's HTTP status, for its own refusals.
    pub fn status(&self) -> Option<u16> {
        match self {
            CozyError::Stack { status, .. } => Some(*status),
            _ => None,
        }
    }
}

/// A run's client of the stack.
pub struct CozyClient {
    access: CozyAccess,
    net: Network,
    /// The run's folder's path, once asked for.
    folder_path: RefCell<Option<String>>,
    /// Documents asked for per request when reading them all.
    page: usize,
    /// The `_find` indexes made during the run: their design docs by doctype and fields.
    indexes: RefCell<HashMap<(String, Vec<String>), String>>,
}

impl CozyClient {
    pub fn new(access: CozyAccess, net: Network) -> CozyClient {
        CozyClient {
            access,
            net,
            folder_path: RefCell::new(None),
            page: data::STACK_PAGE,
            indexes: RefCell::default(),
        }
    }

    fn check(&self, doctype: &str, verb: Verb) -> Result<(), CozyError> {
        Ok(self.access.grants.check(doctype, verb)?)
    }

    async fn call(&self, call: StackCall) -> Result<Answer, CozyError> {
        let request = call.build(&self.access.url, &self.access.token);
        request::send(&self.net, request).await
    }
}

/// An id the script gives for a path segment: `.` and `..` would change the path.
fn checked_id(id: &str) -> Result<&str, CozyError> {
    if id.is_empty() || id == "." || id == ".." {
        return Err(CozyError::Invalid(format!("{id:?} is not a document id")));
    }
    // `_design/...`, `_local/...`: CouchDB's own documents, never a konnector's data.
    if id.starts_with('_') {
        return Err(CozyError::Invalid(format!(
            "{id:?} is not a document id: ids starting with `_` are CouchDB's own"
        )));
    }
    Ok(id)
}

#[cfg(test)]
mod tests;
