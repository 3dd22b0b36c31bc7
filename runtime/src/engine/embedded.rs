//! The shims, compiled to bytecode by `build.rs` (DESIGN §1): `(name, bytecode)` sorted by
//! name, each the bytecode of a script whose value is the shim's module function.

use rquickjs::{Ctx, Function, Result};

use super::bytecode;

include!(concat!(env!("OUT_DIR"), "/embedded_js.rs"));

/// The module function of shim `name` (`util`, `internal/bootstrap`), if there is one.
pub fn shim<'js>(ctx: &Ctx<'js>, name: &str) -> Option<Result<Function<'js>>> {
    let index = SHIMS.binary_search_by_key(&name, |(n, _)| n).ok()?;
    // SAFETY: build.rs wrote these bytes with this engine's bytecode writer.
    let load = || bytecode::run(ctx, unsafe { bytecode::read(ctx, SHIMS[index].1)? })?.get();
    Some(load())
}

#[cfg(test)]
mod tests {
    use rquickjs::{CatchResultExt, Context, Runtime};

    use super::*;

    #[test]
    fn every_shim_is_sorted_and_loads_as_a_function() {
        let names: Vec<_> = SHIMS.iter().map(|(n, _)| *n).collect();
        assert!(names.windows(2).all(|w| w[0] < w[1]));
        let runtime = Runtime::new().unwrap();
        let context = Context::full(&runtime).unwrap();
        context.with(|ctx| {
            for name in names {
                let function = shim(&ctx, name).unwrap().catch(&ctx);
                assert!(function.is_ok(), "{name}: {:?}", function.err());
            }
            assert!(shim(&ctx, "no/such/shim").is_none());
        });
    }

    /// The stack of `path.join(1)` with the `path` shim loaded through `load`.
    fn join_stack(load: impl for<'js> FnOnce(&Ctx<'js>) -> Result<Function<'js>>) -> String {
        let runtime = Runtime::new().unwrap();
        let context = Context::full(&runtime).unwrap();
        context.with(|ctx| {
            let path = load(&ctx).unwrap();
            let module = rquickjs::Object::new(ctx.clone()).unwrap();
            module
                .set("exports", rquickjs::Object::new(ctx.clone()))
                .unwrap();
            // `path` requires nothing: no `require` to give it.
            let exports: rquickjs::Value = module.get("exports").unwrap();
            path.call::<_, ()>((exports, (), module.clone(), "node:path", "/"))
                .unwrap();
            let exports: rquickjs::Object = module.get("exports").unwrap();
            let join: Function = exports.get("join").unwrap();
            match join.call::<_, ()>((1,)).catch(&ctx) {
                Err(rquickjs::CaughtError::Exception(error)) => error.stack().unwrap(),
                other => panic!("path.join(1) must throw, got {other:?}"),
            }
        })
    }

    #[test]
    fn shim_stacks_are_those_of_the_source() {
        let source = include_str!("../../../js-shims/path.js");
        let from_source = join_stack(|ctx| {
            super::super::js::compile_wrapper(ctx, source, "node:path", bytecode::CJS_PARAMS)
        });
        let from_bytecode = join_stack(|ctx| shim(ctx, "path").unwrap());
        assert!(
            from_source.contains("at checkString (node:path:"),
            "{from_source}"
        );
        assert_eq!(from_bytecode, from_source);
    }
}
