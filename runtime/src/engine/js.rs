//! Small engine helpers used by the ops: compiling wrapped sources, throwing Node-shaped
//! errors, and describing a thrown value when JS cannot do it for us.

use rquickjs::{qjs, Ctx, Error, Function, Object, Result, Value};

use super::bytecode;

/// Compiles `(function (params) { source })` with `filename` in its stack frames.
pub fn compile_wrapper<'js>(
    ctx: &Ctx<'js>,
    source: &str,
    filename: &str,
    params: &str,
) -> Result<Function<'js>> {
    let compiled = bytecode::compile(ctx, &bytecode::wrap(source, params), filename)?;
    bytecode::run(ctx, compiled)?.get()
}

/// Throws `new Error(message)` with Node's `code` property.
pub fn throw_coded(ctx: &Ctx<'_>, code: &str, message: &str) -> Error {
    match make_error(ctx, code, message) {
        Ok(error) => ctx.throw(error.into_value()),
        Err(e) => e,
    }
}

pub fn make_error<'js>(ctx: &Ctx<'js>, code: &str, message: &str) -> Result<Object<'js>> {
    let constructor: Function = ctx.globals().get("Error")?;
    let error: Object = constructor.call((message,))?;
    error.set("code", code)?;
    Ok(error)
}

/// Throws an error no `catch` or `finally` of the script can intercept: the run is ending.
pub fn throw_uncatchable(ctx: &Ctx<'_>, message: &str) -> Error {
    match make_error(ctx, "ERR_KVM_STOP", message) {
        Ok(error) => {
            // SAFETY: `error` is a live object of this context.
            unsafe { qjs::JS_SetUncatchableError(ctx.as_raw().as_ptr(), error.as_raw()) };
            ctx.throw(error.into_value())
        }
        Err(e) => e,
    }
}

/// True when a line starts with an `import` or `export` statement. A hint only: the
/// caller still tries the source as CommonJS first, as Node's syntax detection does.
pub fn has_module_syntax(source: &str) -> bool {
    source.lines().any(|line| {
        let line = line.trim_start();
        let after = |keyword: &str| line.strip_prefix(keyword).and_then(|r| r.chars().next());
        matches!(after("import"), Some(' ' | '{' | '*' | '"' | '\''))
            || matches!(after("export"), Some(' ' | '{' | '*'))
    })
}

/// A readable text for a thrown value when JS formatting is not available: `Name: message`
/// and the stack.
pub fn describe(value: &Value<'_>) -> String {
    if let Some(object) = value.as_object() {
        let name: Option<String> = object.get("name").ok();
        let message: Option<String> = object.get("message").ok();
        let stack: Option<String> = object.get("stack").ok();
        if let Some(message) = message {
            let head = format!("{}: {message}", name.unwrap_or_else(|| "Error".into()));
            return match stack {
                Some(stack) if stack.starts_with(&head) => stack,
                Some(stack) => format!("{head}\n{}", stack.trim_end()),
                None => head,
            };
        }
    }
    match value.as_string().and_then(|s| s.to_string().ok()) {
        Some(s) => s,
        None => format!("{value:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_syntax_hint() {
        assert!(has_module_syntax("import fs from 'fs';"));
        assert!(has_module_syntax("const a = 1;\n  export { a };"));
        assert!(has_module_syntax("import * as p from './p.mjs'"));
        assert!(!has_module_syntax("const x = import('./dyn.js');"));
        assert!(!has_module_syntax(
            "'use strict';\nconst importer = require('x');"
        ));
        assert!(!has_module_syntax("exports.a = 1; // export later"));
    }
}
