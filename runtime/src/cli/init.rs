//! `kvm init NAME`: a new konnector folder, ready for the record → test loop (issue 6):
//! one `src/index.js` over kvm's own cozy-konnector-libs and a manifest, no build step.
//! The files are templates in `init/`, with `{{slug}}` (the folder's name) and `{{name}}`
//! filled in. An existing folder is used only when empty: nothing is ever overwritten.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context as _, Result};

/// Each file made, and its template.
const FILES: &[(&str, &str)] = &[
    (
        "manifest.konnector",
        include_str!("init/manifest.konnector"),
    ),
    ("package.json", include_str!("init/package.json")),
    ("src/index.js", include_str!("init/index.js")),
    (
        "konnector-dev-config.json",
        include_str!("init/konnector-dev-config.json"),
    ),
    (".gitignore", include_str!("init/gitignore")),
    ("README.md", include_str!("init/README.md")),
];

pub(super) fn init(folder: &Path) -> Result<ExitCode> {
    let slug = slug(folder)?;
    if let Ok(mut entries) = std::fs::read_dir(folder) {
        if entries.next().is_some() {
            bail!(
                "kvm init: {} is not empty; give the name of a new folder",
                folder.display()
            );
        }
    } else if folder.exists() {
        bail!("kvm init: {} exists and is not a folder", folder.display());
    }
    let name = title(&slug);
    for (path, template) in FILES {
        let path = folder.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("kvm init: cannot make {}", parent.display()))?;
        }
        let text = template
            .replace("{{slug}}", &slug)
            .replace("{{name}}", &name);
        std::fs::write(&path, text)
            .with_context(|| format!("kvm init: cannot write {}", path.display()))?;
    }
    println!(
        "kvm init: made {f}/ for the konnector {slug:?}. Next:\n  \
         edit {f}/konnector-dev-config.json (your login), then: cd {f} && kvm . --local\n  \
         kvm . --local --record fixtures/cassette.har && kvm test . --update && kvm test .",
        f = folder.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// The folder's name as a slug: lower case, words joined by `-`.
fn slug(folder: &Path) -> Result<String> {
    let name = folder
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let slug = name
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if slug.is_empty() {
        bail!(
            "kvm init: {:?} gives no konnector name: use letters or digits, e.g. kvm init my-vendor",
            folder.display()
        );
    }
    Ok(slug)
}

/// `my-vendor` → `My Vendor`.
fn title(slug: &str) -> String {
    slug.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_folder_s_name_gives_the_slug_and_the_name() {
        assert_eq!(slug(Path::new("/x/My Vendor_2")).unwrap(), "my-vendor-2");
        assert_eq!(title("my-vendor-2"), "My Vendor 2");
        assert!(slug(Path::new("/x/__")).is_err());
    }

    #[test]
    fn a_new_folder_is_filled_and_a_non_empty_one_refused() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("acme-energy");
        init(&folder).unwrap();
        for (path, _) in FILES {
            assert!(folder.join(path).is_file(), "{path}");
        }
        let manifest: serde_json::Value =
            serde_json::from_slice(&std::fs::read(folder.join("manifest.konnector")).unwrap())
                .unwrap();
        assert_eq!(manifest["slug"], "acme-energy");
        assert_eq!(manifest["name"], "Acme Energy");
        let package: serde_json::Value =
            serde_json::from_slice(&std::fs::read(folder.join("package.json")).unwrap()).unwrap();
        // kvm serves cozy-konnector-libs: nothing to install, nothing to build.
        assert_eq!(package["main"], "src/index.js");
        assert!(package.get("dependencies").is_none(), "{package}");
        let ignored = std::fs::read_to_string(folder.join(".gitignore")).unwrap();
        assert!(ignored.contains("data/") && ignored.contains("konnector-dev-config.json"));

        let err = init(&folder).unwrap_err().to_string();
        assert!(err.contains("is not empty"), "{err}");
    }
}
