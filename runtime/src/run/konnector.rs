//! Where a konnector starts and what it may read: a script file, or a folder whose
//! `package.json` `main` (else `index.js`) is the entry point. The folder is the root the
//! module loader is confined to.

use std::path::{Path, PathBuf};

/// The konnector's entry file and its root folder, both canonical.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Konnector {
    pub entry: PathBuf,
    pub root: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum KonnectorError {
    #[error("cannot open {path}: {source}")]
    Open {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}: invalid package.json: {1}")]
    Package(PathBuf, serde_json::Error),
    #[error("{0}: no entry point (package.json `main` or index.js)")]
    NoEntry(PathBuf),
}

pub fn locate(path: &Path) -> Result<Konnector, KonnectorError> {
    let open = |p: &Path| {
        std::fs::canonicalize(p).map_err(|source| KonnectorError::Open {
            path: p.to_path_buf(),
            source,
        })
    };
    let real = open(path)?;
    if !real.is_dir() {
        let root = real
            .parent()
            .map_or_else(|| PathBuf::from("/"), Path::to_path_buf);
        return Ok(Konnector { entry: real, root });
    }
    let main = match std::fs::read_to_string(real.join("package.json")) {
        Ok(text) => serde_json::from_str::<serde_json::Value>(&text)
            .map_err(|e| KonnectorError::Package(real.clone(), e))?
            .get("main")
            .and_then(|m| m.as_str().map(str::to_string)),
        Err(_) => None,
    };
    let candidates = match main {
        Some(main) => vec![
            real.join(&main),
            real.join(format!("{main}.js")),
            real.join(&main).join("index.js"),
        ],
        None => vec![real.join("index.js")],
    };
    let entry = candidates
        .into_iter()
        .find(|c| c.is_file())
        .ok_or_else(|| KonnectorError::NoEntry(path.to_path_buf()))?;
    Ok(Konnector {
        entry: open(&entry)?,
        root: real,
    })
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
        std::fs::create_dir(root.join("src")).unwrap();
        std::fs::write(root.join("src/main.js"), "").unwrap();
        std::fs::write(root.join("package.json"), r#"{"main":"src/main"}"#).unwrap();
        let k = locate(&root).unwrap();
        assert_eq!(
            (k.entry, k.root.clone()),
            (root.join("src/main.js"), root.clone())
        );
        let file = locate(&root.join("src/main.js")).unwrap();
        assert_eq!(file.root, root.join("src"));
        assert!(matches!(
            locate(&root.join("nope")),
            Err(KonnectorError::Open { .. })
        ));
    }
}
