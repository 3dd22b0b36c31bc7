//! What the CommonJS loader (`js-shims/internal/cjs_loader.js`) needs from the host: the
//! embedded shims, compiling a module's source with its file name (so stacks point at the
//! user's file), and read-only access to the konnector's own folder and nothing else.

use std::path::{Path, PathBuf};
use std::rc::Rc;

use rquickjs::{Ctx, Function, Object, Result};

use crate::engine::host::Host;
use crate::engine::js;

/// The embedded source of a shim (`util`, `internal/bootstrap`).
pub fn shim_source(name: &str) -> Option<&'static str> {
    crate::engine::embedded::SHIMS
        .binary_search_by_key(&name, |(n, _)| n)
        .ok()
        .map(|i| crate::engine::embedded::SHIMS[i].1)
}

/// Why a path may not be read by the script's loader.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("ENOENT: no such file or directory, open '{0}'")]
    NotFound(String),
    #[error("EACCES: permission denied, open '{0}': only the konnector's own folder is readable")]
    Outside(String),
    #[error("EIO: {1}, open '{0}'")]
    Io(String, std::io::Error),
}

impl ReadError {
    pub fn code(&self) -> &'static str {
        match self {
            ReadError::NotFound(_) => "ENOENT",
            ReadError::Outside(_) => "EACCES",
            ReadError::Io(..) => "EIO",
        }
    }
}

/// Resolves symlinks and refuses anything outside `root` (itself canonical).
pub fn confine(root: &Path, path: &str) -> std::result::Result<PathBuf, ReadError> {
    let real = std::fs::canonicalize(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ReadError::NotFound(path.to_string()),
        _ => ReadError::Io(path.to_string(), e),
    })?;
    if real.starts_with(root) {
        Ok(real)
    } else {
        Err(ReadError::Outside(path.to_string()))
    }
}

pub fn read_source(root: &Path, path: &str) -> std::result::Result<String, ReadError> {
    let real = confine(root, path)?;
    std::fs::read_to_string(&real).map_err(|e| ReadError::Io(path.to_string(), e))
}

/// "file", "dir" or None, for the loader's resolution; paths outside the root are None.
pub fn kind(root: &Path, path: &str) -> Option<&'static str> {
    let real = confine(root, path).ok()?;
    let meta = std::fs::metadata(real).ok()?;
    Some(if meta.is_dir() { "dir" } else { "file" })
}

fn compile_shim<'js>(ctx: Ctx<'js>, name: String) -> Result<Function<'js>> {
    let source = shim_source(&name)
        .ok_or_else(|| js::throw_coded(&ctx, "MODULE_NOT_FOUND", &format!("no shim {name}")))?;
    js::compile_wrapper(&ctx, source, &format!("node:{name}"), js::CJS_PARAMS)
}

fn compile_function<'js>(ctx: Ctx<'js>, source: String, filename: String) -> Result<Function<'js>> {
    js::compile_wrapper(&ctx, &source, &filename, js::CJS_PARAMS)
}

pub(crate) fn install(ops: &Object<'_>, host: &Rc<Host>) -> Result<()> {
    let ctx = ops.ctx().clone();

    ops.set("compileShim", Function::new(ctx.clone(), compile_shim)?)?;
    ops.set(
        "compileFunction",
        Function::new(ctx.clone(), compile_function)?,
    )?;

    let h = host.clone();
    let read = move |ctx: Ctx<'_>, path: String| -> Result<String> {
        read_source(&h.root, &path).map_err(|e| js::throw_coded(&ctx, e.code(), &e.to_string()))
    };
    ops.set("readFile", Function::new(ctx.clone(), read)?)?;

    let h = host.clone();
    let stat = move |path: String| kind(&h.root, &path);
    ops.set("statKind", Function::new(ctx, stat)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_inside_the_root_only() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("k");
        std::fs::create_dir(&root).unwrap();
        std::fs::write(root.join("a.js"), "1").unwrap();
        std::fs::write(dir.path().join("secret"), "s").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret"), root.join("link")).unwrap();
        let root = std::fs::canonicalize(root).unwrap();
        let p = |n: &str| root.join(n).display().to_string();
        assert_eq!(read_source(&root, &p("a.js")).unwrap(), "1");
        assert!(matches!(
            read_source(&root, &p("link")),
            Err(ReadError::Outside(_))
        ));
        assert!(matches!(
            read_source(&root, &p("../secret")),
            Err(ReadError::Outside(_))
        ));
        assert!(matches!(
            read_source(&root, &p("nope")),
            Err(ReadError::NotFound(_))
        ));
        assert_eq!(kind(&root, &p("a.js")), Some("file"));
        assert_eq!(kind(&root, &p("link")), None);
    }

    #[test]
    fn every_shim_is_embedded_and_sorted() {
        let names: Vec<_> = crate::engine::embedded::SHIMS
            .iter()
            .map(|(n, _)| *n)
            .collect();
        assert!(names.windows(2).all(|w| w[0] < w[1]));
        assert!(shim_source("internal/bootstrap").is_some());
    }
}
