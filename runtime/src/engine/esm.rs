//! ES modules (`.mjs`, or a `.js` main with `import`/`export`): relative imports resolve
//! inside the konnector's folder, bare names to the built-in shims through `require`.

use std::path::{Path, PathBuf};
use std::rc::Rc;

use rquickjs::{loader, module::Declared, Ctx, Error, Function, Module, Object, Result};

use super::code;
use super::run_state::RunState;
use crate::run::konnector::source::normalize;

/// Built-ins are named `node:<name>`; files by their absolute, normalised path.
pub struct Resolver {
    root: PathBuf,
}

impl Resolver {
    pub fn new(root: &Path) -> Self {
        Resolver {
            root: root.to_path_buf(),
        }
    }
}

impl loader::Resolver for Resolver {
    fn resolve<'js>(
        &mut self,
        _ctx: &Ctx<'js>,
        base: &str,
        name: &str,
        _attributes: Option<loader::ImportAttributes<'js>>,
    ) -> Result<String> {
        if name.starts_with("./") || name.starts_with("../") || name.starts_with('/') {
            let dir = Path::new(base).parent().unwrap_or(&self.root);
            return Ok(normalize(&dir.join(name)).display().to_string());
        }
        Ok(format!(
            "node:{}",
            name.strip_prefix("node:").unwrap_or(name)
        ))
    }
}

pub struct Loader {
    host: Rc<RunState>,
}

impl Loader {
    pub fn new(host: Rc<RunState>) -> Self {
        Loader { host }
    }
}

impl loader::Loader for Loader {
    fn load<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        name: &str,
        _attributes: Option<loader::ImportAttributes<'js>>,
    ) -> Result<Module<'js, Declared>> {
        match name.strip_prefix("node:") {
            Some(builtin) => Module::declare(ctx.clone(), name, builtin_facade(ctx, builtin)?),
            None => {
                let source = self
                    .host
                    .source
                    .read_to_string(name)
                    .map_err(|e| Error::new_loading_message(name, e.to_string()))?;
                code::es_module(ctx, &self.host, source, name)
            }
        }
    }
}

/// A module re-exporting a built-in's `module.exports` as default and its keys as names.
fn builtin_facade(ctx: &Ctx<'_>, name: &str) -> Result<String> {
    let require: Function = ctx.eval("globalThis[Symbol.for('kvm.require')]")?;
    let exports: Object = require.call((name,))?;
    let access = format!("globalThis[Symbol.for('kvm.require')]({name:?})");
    let mut source = format!("const m = {access};\nexport default m;\n");
    for key in exports.keys::<String>() {
        let key = key?;
        if is_identifier(&key) && key != "default" {
            source.push_str(&format!("export const {key} = m.{key};\n"));
        }
    }
    Ok(source)
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_dot_segments() {
        assert_eq!(
            normalize(Path::new("/a/b/../c/./d.mjs")),
            Path::new("/a/c/d.mjs")
        );
    }

    #[test]
    fn identifiers() {
        assert!(is_identifier("readFile") && is_identifier("$x_1"));
        assert!(!is_identifier("1a") && !is_identifier("a-b") && !is_identifier(""));
    }
}
