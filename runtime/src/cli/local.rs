//! Where a `kvm run` saves (DESIGN §6): the real stack when `COZY_URL` and
//! `COZY_CREDENTIALS` are both given, else the local Cozy in a folder (`--local [DIR]`
//! forces it; `DIR` defaults to `data/` in the konnector's folder). A real konnector (a
//! `manifest.konnector` beside it, or `--local`) needs account fields: from `--fields` or
//! `konnector-dev-config.json` (`{"COZY_URL", "fields", "parameters"}`, comments allowed,
//! as cozy-jobs-cli reads it), else kvm explains how to write one. Bare scripts need
//! nothing and get a local Cozy that stays on disk only if they save something.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::cozy::KonnectorJob;
use crate::run::spec::{Backend, JobEnv, LocalBackend};

pub(super) const CONFIG_FILE: &str = "konnector-dev-config.json";
const MANIFEST_FILE: &str = "manifest.konnector";

const SAMPLE_CONFIG: &str = r#"{
  // The Cozy the konnector saves to; answered by kvm itself in local mode.
  "COZY_URL": "http://cozy.localhost:8080/",
  // The account fields the konnector gets (its manifest lists them).
  "fields": {"login": "me@example.com", "password": "secret"},
  "parameters": {}
}"#;

/// `konnector-dev-config.json`.
#[derive(Debug, Default, Deserialize)]
pub(super) struct DevConfig {
    #[serde(rename = "COZY_URL")]
    pub cozy_url: Option<String>,
    pub fields: Option<Value>,
    pub parameters: Option<Value>,
}

impl DevConfig {
    /// `--config FILE`, else the konnector folder's `konnector-dev-config.json` if any.
    pub(super) fn find(given: Option<&Path>, folder: &Path) -> Result<Option<DevConfig>> {
        let (path, required) = match given {
            Some(path) => (path.to_path_buf(), true),
            None => (folder.join(CONFIG_FILE), false),
        };
        let text = match std::fs::read(&path) {
            Ok(text) => text,
            Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        };
        let stripped = json_comments::StripComments::new(text.as_slice());
        let config = serde_json::from_reader(stripped)
            .with_context(|| format!("{} is not a valid dev config", path.display()))?;
        Ok(Some(config))
    }
}

/// The konnector's folder: the folder given, or the script's.
pub(super) fn konnector_folder(script: &Path) -> PathBuf {
    if script.is_dir() {
        return script.to_path_buf();
    }
    match script.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// What the CLI knows for the choice.
pub(super) struct Choice<'a> {
    pub script: &'a Path,
    /// `--local`: `Some(None)` without a folder.
    pub local: Option<Option<&'a Path>>,
    pub config: Option<&'a DevConfig>,
    pub config_given: bool,
}

/// The backend, and `env` completed for it (its fields become the account's in local
/// mode).
pub(super) fn backend(choice: &Choice, env: &JobEnv) -> Result<Backend> {
    if choice.local.is_none() && env.cozy_url.is_some() && env.credentials.is_some() {
        return Ok(Backend::Stack);
    }
    let folder = konnector_folder(choice.script);
    // A konnector that cannot be located has no manifest here; the run reports why.
    let manifest = crate::run::konnector::locate(choice.script)
        .ok()
        .and_then(|k| k.manifest);
    let real = manifest.is_some() || choice.local.is_some();
    let fields = match &env.fields {
        Some(Value::Object(fields)) => Some(fields.clone()),
        Some(_) => bail!("--fields: the account fields must be a JSON object"),
        None => None,
    };
    if real && fields.is_none() && !choice.config_given {
        let folder = folder.display();
        bail!(
            "{} needs account fields to run on the local Cozy: give --fields JSON, or write \
             {folder}/{CONFIG_FILE} (or pass --config FILE), e.g.\n{SAMPLE_CONFIG}",
            if manifest.is_some() {
                format!("{folder} is a konnector ({MANIFEST_FILE}) and")
            } else {
                "--local".to_owned()
            }
        );
    }
    let url = choice
        .config
        .and_then(|c| c.cozy_url.clone())
        .or_else(|| env.cozy_url.clone())
        .unwrap_or_else(|| LocalBackend::DEFAULT_URL.to_owned());
    let dir = match choice.local.flatten() {
        Some(dir) => dir.to_path_buf(),
        None => folder.join("data"),
    };
    // A konnector gets its account: a real one, or any script given fields.
    let job = (real || fields.is_some() || choice.config_given).then(|| {
        let fallback = || {
            std::fs::canonicalize(&folder)
                .ok()
                .and_then(|f| f.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_else(|| "konnector".to_owned())
        };
        let slug = manifest
            .as_ref()
            .and_then(|m| m.slug.clone())
            .unwrap_or_else(fallback);
        let name = manifest
            .as_ref()
            .and_then(|m| m.name.clone())
            .unwrap_or_else(|| slug.clone());
        KonnectorJob {
            slug,
            name,
            fields: fields.unwrap_or_else(Map::new),
        }
    });
    Ok(Backend::Local(LocalBackend { dir, url, job }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choose(
        script: &Path,
        local: Option<Option<&Path>>,
        fields: Option<Value>,
    ) -> Result<Backend> {
        let env = JobEnv {
            fields,
            ..JobEnv::default()
        };
        backend(
            &Choice {
                script,
                local,
                config: None,
                config_given: false,
            },
            &env,
        )
    }

    #[test]
    fn the_stack_needs_both_url_and_credentials() {
        let env = JobEnv {
            cozy_url: Some("https://me.mycozy.cloud/".into()),
            credentials: Some(crate::Secret("t".into())),
            ..JobEnv::default()
        };
        let choice = Choice {
            script: Path::new("a.js"),
            local: None,
            config: None,
            config_given: false,
        };
        assert!(matches!(backend(&choice, &env).unwrap(), Backend::Stack));
        let forced = Choice {
            local: Some(None),
            ..choice
        };
        let env = JobEnv {
            fields: Some(serde_json::json!({})),
            ..env
        };
        let Backend::Local(local) = backend(&forced, &env).unwrap() else {
            panic!("--local forces the local Cozy")
        };
        assert_eq!(local.url, "https://me.mycozy.cloud/");
    }

    #[test]
    fn bare_scripts_get_a_local_cozy_without_account() {
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("a.js");
        std::fs::write(&script, "").unwrap();
        let Backend::Local(local) = choose(&script, None, None).unwrap() else {
            panic!("no credentials: local")
        };
        assert_eq!(local.dir, dir.path().join("data"));
        assert_eq!(local.url, LocalBackend::DEFAULT_URL);
        assert!(local.job.is_none());
    }

    #[test]
    fn a_konnector_without_fields_is_told_how_to_write_a_config() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(MANIFEST_FILE),
            r#"{"slug":"edf","name":"EDF"}"#,
        )
        .unwrap();
        std::fs::write(dir.path().join("index.js"), "").unwrap();
        let err = choose(dir.path(), None, None).unwrap_err().to_string();
        assert!(err.contains("is a konnector (manifest.konnector)"), "{err}");
        assert!(
            err.contains(CONFIG_FILE) && err.contains("\"fields\""),
            "{err}"
        );
        let err = choose(&dir.path().join("x.js"), Some(None), None)
            .unwrap_err()
            .to_string();
        assert!(err.contains("konnector"), "{err}");

        let fields = serde_json::json!({"login": "me", "folderPath": "/Bills"});
        let Backend::Local(local) =
            choose(dir.path(), Some(Some(Path::new("/tmp/out"))), Some(fields)).unwrap()
        else {
            panic!("local")
        };
        let job = local.job.unwrap();
        assert_eq!((job.slug.as_str(), job.name.as_str()), ("edf", "EDF"));
        assert_eq!(job.folder_path(), "/Bills");
        assert_eq!(local.dir, Path::new("/tmp/out"));
    }

    #[test]
    fn dev_configs_allow_comments() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), SAMPLE_CONFIG).unwrap();
        let config = DevConfig::find(None, dir.path()).unwrap().unwrap();
        assert_eq!(config.fields.unwrap()["login"], "me@example.com");
        assert_eq!(
            config.cozy_url.as_deref(),
            Some("http://cozy.localhost:8080/")
        );
        assert!(DevConfig::find(None, &dir.path().join("none"))
            .unwrap()
            .is_none());
        let err = DevConfig::find(Some(&dir.path().join("none.json")), dir.path()).unwrap_err();
        assert!(err.to_string().contains("cannot read"), "{err}");
    }
}
