//! What the CommonJS loader (`js-shims/internal/cjs_loader.js`) needs from the host: the
//! embedded shims, compiling a module's source with its file name (so stacks point at the
//! user's file), and read-only access to the konnector's own files (a folder or an archive,
//! `run::konnector::Source`) and nothing else.

use std::rc::Rc;

use rquickjs::{Ctx, Function, Object, Result};

use crate::engine::run_state::RunState;
use crate::engine::{code, embedded, js};
use crate::run::konnector::Kind;

fn load_shim<'js>(ctx: Ctx<'js>, name: String) -> Result<Function<'js>> {
    embedded::shim(&ctx, &name).unwrap_or_else(|| {
        Err(js::throw_coded(
            &ctx,
            "MODULE_NOT_FOUND",
            &format!("no shim {name}"),
        ))
    })
}

pub(crate) fn install<'js>(ops: &Object<'js>, host: &Rc<RunState>) -> Result<()> {
    let ctx = ops.ctx().clone();

    ops.set("loadShim", Function::new(ctx.clone(), load_shim)?)?;
    let h = host.clone();
    let compile = move |ctx: Ctx<'js>, source: String, filename: String| {
        code::commonjs(&ctx, &h, &source, &filename)
    };
    ops.set("compileFunction", Function::new(ctx.clone(), compile)?)?;

    let h = host.clone();
    let read = move |ctx: Ctx<'_>, path: String| -> Result<String> {
        h.source
            .read_to_string(&path)
            .map_err(|e| js::throw_coded(&ctx, e.code(), &e.to_string()))
    };
    ops.set("readFile", Function::new(ctx.clone(), read)?)?;

    let h = host.clone();
    let stat = move |path: String| h.source.kind(&path).map(Kind::name);
    ops.set("statKind", Function::new(ctx, stat)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_inside_the_root_only() {
        use crate::run::konnector::{ReadError, Source};
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("k");
        std::fs::create_dir(&root).unwrap();
        std::fs::write(root.join("a.js"), "1").unwrap();
        std::fs::write(dir.path().join("secret"), "s").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret"), root.join("link")).unwrap();
        let root = std::fs::canonicalize(root).unwrap();
        let source = Source::Folder(root.clone());
        let p = |n: &str| root.join(n).display().to_string();
        assert_eq!(source.read_to_string(&p("a.js")).unwrap(), "1");
        assert!(matches!(
            source.read(&p("link")),
            Err(ReadError::Outside(_))
        ));
        assert!(matches!(
            source.read(&p("../secret")),
            Err(ReadError::Outside(_))
        ));
        assert!(matches!(
            source.read(&p("nope")),
            Err(ReadError::NotFound(_))
        ));
        assert_eq!(source.kind(&p("a.js")), Some(Kind::File));
        assert_eq!(source.kind(&p("link")), None);
    }
}
