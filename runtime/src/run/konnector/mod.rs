//! Where a konnector starts and what it may read: a script file, a folder whose
//! `package.json` `main` (else `index.js`) is the entry point, or a `.tar.gz` of such a
//! folder read into memory. The folder (or the archive) is the root the module loader and
//! the read-only `fs` view are confined to; `manifest.konnector` gives the slug and name.

pub mod archive;
mod cozy_mode;
pub mod source;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use archive::{Archive, ArchiveError, ArchiveLimits};
pub use cozy_mode::{cozy_mode, CozyMode};
pub use source::{Kind, ReadError, Source};

use super::spec::KonnectorInput;
use crate::cozy_client::Grants;

/// The konnector's entry file and where its files come from.
#[derive(Debug, Clone)]
pub struct Konnector {
    pub entry: PathBuf,
    pub source: Source,
    /// From `manifest.konnector`, when the konnector has one.
    pub manifest: Option<Manifest>,
}

impl Konnector {
    pub fn root(&self) -> &Path {
        self.source.root()
    }
}

/// What the run reports of `manifest.konnector`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub slug: Option<String>,
    pub name: Option<String>,
    /// What its `permissions` grant the konnector's Cozy capabilities.
    #[serde(skip)]
    pub grants: Grants,
}

#[derive(Debug, thiserror::Error)]
pub enum KonnectorError {
    #[error("cannot open {path}: {source}")]
    Open {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Archive(#[from] ArchiveError),
    #[error("{0}: invalid JSON: {1}")]
    Json(PathBuf, serde_json::Error),
    #[error("{root}: no entry point: tried {}; {fix}", tried.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "))]
    NoEntry {
        root: PathBuf,
        tried: Vec<PathBuf>,
        fix: &'static str,
    },
}

fn is_archive(path: &Path) -> bool {
    let name = path.to_string_lossy();
    name.ends_with(".tar.gz") || name.ends_with(".tgz")
}

fn open(path: &Path) -> Result<PathBuf, KonnectorError> {
    std::fs::canonicalize(path).map_err(|source| KonnectorError::Open {
        path: path.to_path_buf(),
        source,
    })
}

/// Where `input`'s entry point is and what the run may read.
pub fn locate_input(input: &KonnectorInput) -> Result<Konnector, KonnectorError> {
    match input {
        KonnectorInput::Path(path) => locate(path),
        KonnectorInput::Tarball { name, bytes } => {
            // The archive has no place on disk: a virtual root, which no real file shares,
            // names its files in stack traces and `__dirname`.
            let plain: String = name
                .chars()
                .map(|c| if c == '/' || c == '\\' { '_' } else { c })
                .collect();
            let root = Path::new("/kvm-tarball").join(plain.trim_start_matches('.'));
            let archive = Archive::unpack(&root, bytes, &ArchiveLimits::default())?;
            located(Source::Archive(root, Arc::new(archive)))
        }
    }
}

pub fn locate(path: &Path) -> Result<Konnector, KonnectorError> {
    let real = open(path)?;
    let source = if real.is_dir() {
        Source::Folder(real)
    } else if is_archive(&real) {
        let archive = Archive::read(&real, &ArchiveLimits::default())?;
        Source::Archive(real, Arc::new(archive))
    } else {
        // A file's konnector is the package whose `main` it is (so `node_modules` and files
        // beside `lib/` stay reachable), else the file's own folder: a stray package.json
        // higher up must not make its whole folder readable.
        let folder = real.parent().unwrap_or(Path::new("/"));
        let package = folder
            .ancestors()
            .find(|d| d.join("package.json").is_file())
            .filter(|d| {
                let entry = entry_point(&Source::Folder(d.to_path_buf()));
                entry.is_ok_and(|entry| std::fs::canonicalize(entry).is_ok_and(|e| e == real))
            });
        let root = package.unwrap_or(folder).to_path_buf();
        let manifest = manifest(&Source::Folder(root.clone()))?;
        return Ok(Konnector {
            entry: real,
            source: Source::Folder(root),
            manifest,
        });
    };
    located(source)
}

/// The konnector of a folder or an archive: its entry point and manifest.
fn located(source: Source) -> Result<Konnector, KonnectorError> {
    let entry = entry_point(&source)?;
    let entry = match source {
        Source::Folder(_) => open(&entry)?,
        Source::Archive(..) => entry,
    };
    Ok(Konnector {
        entry,
        manifest: manifest(&source)?,
        source,
    })
}

/// A JSON file of the konnector's, if it has it.
fn json(source: &Source, name: &str) -> Result<Option<serde_json::Value>, KonnectorError> {
    let path = source.root().join(name);
    match source.read(&path.display().to_string()) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| KonnectorError::Json(path, e)),
        Err(_) => Ok(None),
    }
}

/// `package.json` `main` as Node resolves a folder's main (file, `.js`, folder index),
/// else `index.js`.
fn entry_point(source: &Source) -> Result<PathBuf, KonnectorError> {
    let root = source.root();
    let main = json(source, "package.json")?
        .and_then(|p| p.get("main").and_then(|m| m.as_str().map(str::to_string)));
    let (tried, fix) = match &main {
        Some(main) => (
            vec![
                root.join(main),
                root.join(format!("{main}.js")),
                root.join(main).join("index.js"),
            ],
            "fix package.json `main`",
        ),
        None => (
            vec![root.join("index.js")],
            "add an index.js or a package.json with `main`",
        ),
    };
    let is_file = |p: &PathBuf| source.kind(&p.display().to_string()) == Some(Kind::File);
    match tried.iter().find(|p| is_file(p)) {
        Some(entry) => Ok(source::normalize(entry)),
        None => Err(KonnectorError::NoEntry {
            root: root.to_path_buf(),
            tried,
            fix,
        }),
    }
}

fn manifest(source: &Source) -> Result<Option<Manifest>, KonnectorError> {
    let text =
        |m: &serde_json::Value, key: &str| m.get(key).and_then(|v| v.as_str()).map(str::to_string);
    Ok(json(source, "manifest.konnector")?.map(|m| Manifest {
        slug: text(&m, "slug"),
        name: text(&m, "name"),
        grants: Grants::of_manifest(&m),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_start_at_main_or_index() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::write(root.join("index.js"), "").unwrap();
        assert_eq!(locate(&root).unwrap().entry, root.join("index.js"));
        std::fs::write(
            root.join("manifest.konnector"),
            r#"{"slug":"s","name":"N"}"#,
        )
        .unwrap();
        std::fs::create_dir(root.join("src")).unwrap();
        std::fs::write(root.join("src/main.js"), "").unwrap();
        std::fs::write(root.join("package.json"), r#"{"main":"src/main"}"#).unwrap();
        let k = locate(&root).unwrap();
        assert_eq!(
            (k.entry.clone(), k.root().to_path_buf()),
            (root.join("src/main.js"), root.clone())
        );
        let manifest = k.manifest.unwrap();
        assert_eq!(
            (manifest.slug.unwrap(), manifest.name.unwrap()),
            ("s".into(), "N".into())
        );
        let file = locate(&root.join("src/main.js")).unwrap();
        assert_eq!(file.root(), root);
        // A package.json above that does not name the file as its main opens nothing more.
        std::fs::write(root.join("src/other.js"), "").unwrap();
        let other = locate(&root.join("src/other.js")).unwrap();
        assert_eq!(other.root(), root.join("src"));
        std::fs::write(root.join("package.json"), r#"{"main":"lib/nope.js"}"#).unwrap();
        let error = locate(&root).unwrap_err().to_string();
        assert!(
            error.contains(&format!("tried {}", root.join("lib/nope.js").display())),
            "{error}"
        );
        assert!(matches!(
            locate(&root.join("nope")),
            Err(KonnectorError::Open { .. })
        ));
    }
}
