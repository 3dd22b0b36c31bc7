//! QuickJS bytecode: compiling a script without running it, writing it out and reading it
//! back. `build.rs` includes this file too, to precompile the shims with the same code the
//! runtime uses for konnector code, so this module names nothing but rquickjs.
//!
//! Reading bytecode is only sound on bytes kvm wrote itself: QuickJS trusts them
//! (SECURITY.md). The shims come from the binary; the code cache verifies its checksum first.

use std::ffi::CString;
use std::mem::MaybeUninit;

use rquickjs::{qjs, Ctx, Error, Result, Value};

/// Parameters of a CommonJS module function, as Node passes them.
pub const CJS_PARAMS: &str = "exports, require, module, __filename, __dirname";

/// `(function (params) { source })`. The body starts on the wrapper's first line so line
/// numbers match the file.
pub fn wrap(source: &str, params: &str) -> String {
    // A hashbang is only valid at the very start of a script: keep the line, drop its meaning.
    let body = match source.strip_prefix("#!") {
        Some(rest) => format!("//{rest}"),
        None => source.to_string(),
    };
    format!("(function ({params}) {{{body}\n}})")
}

/// Compiles `source` as a global, sloppy-mode script named `filename` without running it:
/// the result is a function-bytecode value for [`write`] or [`run`].
pub fn compile<'js>(ctx: &Ctx<'js>, source: &str, filename: &str) -> Result<Value<'js>> {
    let source = CString::new(source)?;
    let filename = CString::new(filename)?;
    let flags = qjs::JS_EVAL_TYPE_GLOBAL | qjs::JS_EVAL_FLAG_COMPILE_ONLY;
    // SAFETY: both strings are NUL-terminated and outlive the call; the result is owned.
    let value = unsafe {
        qjs::JS_Eval(
            ctx.as_raw().as_ptr(),
            source.as_ptr(),
            source.as_bytes().len() as _,
            filename.as_ptr(),
            flags as i32,
        )
    };
    owned(ctx, value)
}

/// The bytes of compiled bytecode (a script from [`compile`] or a declared module), with
/// its file name, line numbers and source text kept so stacks and `toString` read the same.
pub fn write(ctx: &Ctx<'_>, compiled: &Value<'_>) -> Result<Vec<u8>> {
    let mut len = MaybeUninit::uninit();
    // SAFETY: `compiled` is a live value of this context; the buffer is freed below.
    unsafe {
        let buf = qjs::JS_WriteObject(
            ctx.as_raw().as_ptr(),
            len.as_mut_ptr(),
            compiled.as_raw(),
            qjs::JS_WRITE_OBJ_BYTECODE as i32,
        );
        if buf.is_null() {
            return Err(Error::Exception);
        }
        let bytes = std::slice::from_raw_parts(buf, len.assume_init() as usize).to_vec();
        qjs::js_free(ctx.as_raw().as_ptr(), buf.cast());
        Ok(bytes)
    }
}

/// Reads bytecode written by [`write`] (a script or a module).
///
/// # Safety
/// `bytes` must come from [`write`] of this same engine build: QuickJS does not validate
/// bytecode, and crafted bytes corrupt memory.
pub unsafe fn read<'js>(ctx: &Ctx<'js>, bytes: &[u8]) -> Result<Value<'js>> {
    let value = qjs::JS_ReadObject(
        ctx.as_raw().as_ptr(),
        bytes.as_ptr(),
        bytes.len() as _,
        qjs::JS_READ_OBJ_BYTECODE as i32,
    );
    owned(ctx, value)
}

/// Runs a compiled script in the global scope and returns its completion value.
pub fn run<'js>(ctx: &Ctx<'js>, compiled: Value<'js>) -> Result<Value<'js>> {
    let raw = compiled.as_raw();
    // SAFETY: reads the tag of a live value.
    if unsafe { qjs::JS_VALUE_GET_TAG(raw) } != qjs::JS_TAG_FUNCTION_BYTECODE {
        return Err(Error::new_from_js("value", "compiled script"));
    }
    // `JS_EvalFunction` takes ownership of its argument: it gets a reference of its own, and
    // `compiled` drops ours. (Forgetting `compiled` instead would also forget the context
    // reference it holds: the context, and everything of the run, would never be freed.)
    // SAFETY: `raw` is live function bytecode of this context.
    let value = unsafe {
        let ctx = ctx.as_raw().as_ptr();
        qjs::JS_EvalFunction(ctx, qjs::JS_DupValue(ctx, raw))
    };
    drop(compiled);
    owned(ctx, value)
}

fn owned<'js>(ctx: &Ctx<'js>, value: qjs::JSValue) -> Result<Value<'js>> {
    // SAFETY: `value` was just returned, owned, by QuickJS for this context.
    unsafe {
        if qjs::JS_IsException(value) {
            return Err(Error::Exception);
        }
        Ok(Value::from_raw(ctx.clone(), value))
    }
}
