//! The example konnector (`examples/demo-konnector`) as its source is, unbundled, for the
//! tests and benchmarks that run it over kvm's own cozy-konnector-libs.

use std::path::{Path, PathBuf};

/// Copies `src/`, `manifest.konnector` and `package.json` (whose `main` is `src/index.js`)
/// into `root/unbundled` and returns that folder: no node_modules, whatever the example's
/// folder holds, so kvm serves its own library.
pub fn unbundled(root: &Path) -> PathBuf {
    let example = super::top().join("examples/demo-konnector");
    let konnector = root.join("unbundled");
    std::fs::create_dir_all(konnector.join("src")).unwrap();
    for entry in std::fs::read_dir(example.join("src")).unwrap() {
        let name = entry.unwrap().file_name();
        std::fs::copy(
            example.join("src").join(&name),
            konnector.join("src").join(&name),
        )
        .unwrap();
    }
    for file in ["manifest.konnector", "package.json"] {
        std::fs::copy(example.join(file), konnector.join(file)).unwrap();
    }
    konnector
}
