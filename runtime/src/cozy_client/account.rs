//! The run's own account (`io.cozy.accounts`, id `account` of COZY_FIELDS): read it, and
//! merge changes into it as cozy-client-js `updateAttributes` does. No other account is
//! reachable: the operations take no id.

use http::Method;
use serde_json::Value;

use super::request::StackCall;
use super::{CozyClient, CozyError, Verb};

pub(super) const ACCOUNTS: &str = "io.cozy.accounts";

impl CozyClient {
    /// The run's account, `None` when the run has none.
    pub async fn account_get(&self) -> Result<Option<Value>, CozyError> {
        self.check(ACCOUNTS, Verb::Get)?;
        let Some(id) = self.access.account.clone() else {
            return Ok(None);
        };
        let answer = self
            .call(StackCall::new(Method::GET, &["data", ACCOUNTS, &id]))
            .await?;
        Ok(Some(answer.ok()?.json()?))
    }

    /// Shallow-merges `changes` into the run's account and saves it.
    pub async fn account_update(&self, changes: Value) -> Result<Value, CozyError> {
        self.check(ACCOUNTS, Verb::Put)?;
        let id = self.access.account.clone().ok_or_else(|| {
            CozyError::Invalid(
                "the run has no account to update: COZY_FIELDS has no `account`".into(),
            )
        })?;
        self.merge_into(ACCOUNTS, &id, changes).await
    }
}
