//! What a konnector run saved into a data folder, made comparable between runs and
//! runtimes: `kvm::cozy::snapshot`, the normalisation `kvm test` compares with.

use std::path::Path;

use serde_json::Value;

pub fn saved_data(dir: &Path) -> Value {
    kvm::cozy::snapshot::saved_data(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}
