//! A run in local mode (DESIGN §6): the local Cozy opened over its folder, the job
//! prepared on it for a real konnector, and the run's environment and network pointed at
//! it. The stack's origin is then answered in-process; no address is allowed for it.

use std::sync::Arc;

use crate::cozy::LocalCozy;
use crate::net::LocalOrigin;
use crate::run::spec::{JobEnv, LocalBackend, Secret};

/// `env` as the script will see it: `COZY_URL`, `COZY_CREDENTIALS` and, for a konnector,
/// `COZY_FIELDS` from the local Cozy; the origin the run's network answers with it; and the
/// Cozy, to tell at the end what the run saved.
pub(super) fn attach(
    env: &JobEnv,
    local: &LocalBackend,
) -> Result<(JobEnv, LocalOrigin, Arc<LocalCozy>), String> {
    let mut cozy = LocalCozy::open(&local.dir, &local.url)
        .map_err(|e| format!("the local Cozy in {}: {e}", local.dir.display()))?;
    if let Some(job) = &local.job {
        cozy = cozy.with_app(&job.slug);
    }
    let cozy = Arc::new(cozy);
    let mut env = env.clone();
    if let Some(job) = &local.job {
        let fields = cozy.prepare(job).map_err(|e| {
            format!(
                "the local Cozy in {} cannot prepare the account: {}",
                local.dir.display(),
                e.detail
            )
        })?;
        env.fields = Some(fields);
    }
    env.cozy_url = Some(local.url.clone());
    env.credentials = Some(Secret(cozy.token().to_owned()));
    let origin = LocalOrigin::new(&local.url, cozy.clone().handler())
        .map_err(|e| format!("the local Cozy's URL {}: {e}", local.url))?;
    Ok((env, origin, cozy))
}
