//! Binds [`Fs`]'s calls on the `ops` object as `fs*` functions for
//! `js-shims/internal/fs/`. Arguments arrive checked by the shims; anything else still ends
//! as a JS exception, never a panic. Failures become Node's fs errors.

use std::ptr::NonNull;
use std::rc::Rc;

use rquickjs::convert::List;
use rquickjs::function::IntoJsFunc;
use rquickjs::{Ctx, Exception, Function, Object, Result, TypedArray};

use super::calls::Change;
use super::error::FsError;
use super::sandbox::Follow;
use crate::engine::run_state::RunState;

/// Throws `error` as node does: an `Error` with `errno`, `code`, `syscall`, `path`, `dest`.
fn throw(ctx: &Ctx<'_>, error: FsError) -> rquickjs::Error {
    let build = || -> Result<Object<'_>> {
        let constructor: Function = ctx.globals().get("Error")?;
        let object: Object = constructor.call((error.to_string(),))?;
        object.set("errno", error.errno.errno())?;
        object.set("code", error.errno.code())?;
        object.set("syscall", error.syscall)?;
        if let Some(path) = &error.path {
            object.set("path", path.as_str())?;
        }
        if let Some(dest) = &error.dest {
            object.set("dest", dest.as_str())?;
        }
        Ok(object)
    };
    match build() {
        Ok(object) => ctx.throw(object.into_value()),
        Err(e) => e,
    }
}

trait OrThrow<T> {
    fn or_throw(self, ctx: &Ctx<'_>) -> Result<T>;
}

impl<T> OrThrow<T> for std::result::Result<T, FsError> {
    fn or_throw(self, ctx: &Ctx<'_>) -> Result<T> {
        self.map_err(|e| throw(ctx, e))
    }
}

/// `Number.MAX_SAFE_INTEGER`: the largest offset a script can name exactly.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// A byte offset or length from JS: a non-negative integer.
fn index(ctx: &Ctx<'_>, value: f64, what: &str) -> Result<usize> {
    if value.is_finite() && value >= 0.0 && value.fract() == 0.0 && value <= MAX_SAFE_INTEGER {
        Ok(value as usize)
    } else {
        Err(Exception::throw_range(
            ctx,
            &format!("invalid {what}: {value}"),
        ))
    }
}

/// A file position from JS: negative means "the file's own position".
fn position(ctx: &Ctx<'_>, value: f64) -> Result<Option<u64>> {
    if value < 0.0 {
        Ok(None)
    } else {
        index(ctx, value, "position").map(|p| Some(p as u64))
    }
}

/// Where `buffer[offset .. offset + length]` lies, refused if it does not fit. The pointer is
/// valid until JS runs again (JS could detach or resize the buffer).
fn window(
    ctx: &Ctx<'_>,
    buffer: &TypedArray<'_, u8>,
    offset: f64,
    length: f64,
) -> Result<NonNull<[u8]>> {
    let (offset, length) = (index(ctx, offset, "offset")?, index(ctx, length, "length")?);
    let whole = buffer
        .as_raw()
        .ok_or_else(|| Exception::throw_type(ctx, "the buffer is detached"))?;
    if offset
        .checked_add(length)
        .is_none_or(|end| end > whole.len())
    {
        return Err(Exception::throw_range(
            ctx,
            "offset and length must lie in the buffer",
        ));
    }
    // SAFETY: `offset + length` is within the buffer, checked above.
    let start = unsafe { whole.cast::<u8>().add(offset) };
    Ok(NonNull::slice_from_raw_parts(start, length))
}

fn def<'js, P>(ops: &Object<'js>, name: &str, f: impl IntoJsFunc<'js, P> + 'js) -> Result<()> {
    ops.set(name, Function::new(ops.ctx().clone(), f)?.with_name(name)?)
}

pub(crate) fn install(ops: &Object<'_>, host: &Rc<RunState>) -> Result<()> {
    let h = || host.clone();

    let scratch = host.fs.scratch().to_string_lossy().into_owned();
    def(ops, "scratchDir", move || scratch.clone())?;
    let fs = h();
    def(ops, "fsQuota", move || {
        let (limit, used) = fs.fs.quota();
        vec![limit as f64, used as f64]
    })?;

    let fs = h();
    def(
        ops,
        "fsStat",
        move |ctx: Ctx<'_>, path: String, follow: bool| {
            let follow = if follow { Follow::Yes } else { Follow::No };
            let fields = fs.fs.stat_numbers(&path, follow).or_throw(&ctx)?;
            Ok::<_, rquickjs::Error>(fields.to_vec())
        },
    )?;
    let fs = h();
    def(ops, "fsFstat", move |ctx: Ctx<'_>, fd: i32| {
        let fields = fs.fs.fstat_numbers(fd).or_throw(&ctx)?;
        Ok::<_, rquickjs::Error>(fields.to_vec())
    })?;
    let fs = h();
    def(
        ops,
        "fsAccess",
        move |ctx: Ctx<'_>, path: String, mode: u32| fs.fs.access(&path, mode).or_throw(&ctx),
    )?;
    let fs = h();
    def(ops, "fsReaddir", move |ctx: Ctx<'_>, path: String| {
        let entries = fs.fs.readdir(&path).or_throw(&ctx)?;
        Ok::<_, rquickjs::Error>(entries.into_iter().map(List).collect::<Vec<_>>())
    })?;
    let fs = h();
    def(
        ops,
        "fsMkdir",
        move |ctx: Ctx<'_>, path: String, recursive: bool, mode: u32| {
            fs.fs.mkdir(&path, recursive, mode).or_throw(&ctx)
        },
    )?;
    let fs = h();
    def(ops, "fsMkdtemp", move |ctx: Ctx<'_>, prefix: String| {
        fs.fs.mkdtemp(&prefix).or_throw(&ctx)
    })?;
    let fs = h();
    def(ops, "fsRmdir", move |ctx: Ctx<'_>, path: String| {
        fs.fs.rmdir(&path).or_throw(&ctx)
    })?;
    let fs = h();
    def(ops, "fsUnlink", move |ctx: Ctx<'_>, path: String| {
        fs.fs.unlink(&path).or_throw(&ctx)
    })?;
    let fs = h();
    def(ops, "fsRmTree", move |ctx: Ctx<'_>, path: String| {
        fs.fs.remove_tree(&path).or_throw(&ctx)
    })?;
    let fs = h();
    def(
        ops,
        "fsRename",
        move |ctx: Ctx<'_>, from: String, to: String| fs.fs.rename(&from, &to).or_throw(&ctx),
    )?;
    let fs = h();
    def(
        ops,
        "fsCopyFile",
        move |ctx: Ctx<'_>, src: String, dest: String, excl: bool| {
            fs.fs.copy_file(&src, &dest, excl).or_throw(&ctx)
        },
    )?;
    let fs = h();
    def(ops, "fsRealpath", move |ctx: Ctx<'_>, path: String| {
        let real = fs.fs.realpath(&path).or_throw(&ctx)?;
        Ok::<_, rquickjs::Error>(real.to_string_lossy().into_owned())
    })?;
    let fs = h();
    def(ops, "fsReadlink", move |ctx: Ctx<'_>, path: String| {
        let target = fs.fs.readlink(&path).or_throw(&ctx)?;
        Ok::<_, rquickjs::Error>(target.to_string_lossy().into_owned())
    })?;
    let fs = h();
    def(
        ops,
        "fsChmod",
        move |ctx: Ctx<'_>, path: String, mode: u32| {
            fs.fs.set(&path, "chmod", Change::Mode(mode)).or_throw(&ctx)
        },
    )?;
    let fs = h();
    def(
        ops,
        "fsUtimes",
        move |ctx: Ctx<'_>, path: String, atime: f64, mtime: f64| {
            fs.fs
                .set(&path, "utime", Change::Times(atime, mtime))
                .or_throw(&ctx)
        },
    )?;
    let fs = h();
    def(ops, "fsFchmod", move |ctx: Ctx<'_>, fd: i32, mode: u32| {
        fs.fs.fset(fd, "fchmod", Change::Mode(mode)).or_throw(&ctx)
    })?;
    let fs = h();
    def(
        ops,
        "fsFutimes",
        move |ctx: Ctx<'_>, fd: i32, atime: f64, mtime: f64| {
            fs.fs
                .fset(fd, "futime", Change::Times(atime, mtime))
                .or_throw(&ctx)
        },
    )?;

    let fs = h();
    def(
        ops,
        "fsOpen",
        move |ctx: Ctx<'_>, path: String, flags: u32, mode: u32| {
            fs.fs.open(&path, flags, mode).or_throw(&ctx)
        },
    )?;
    let fs = h();
    def(ops, "fsClose", move |ctx: Ctx<'_>, fd: i32| {
        fs.fs.close(fd).or_throw(&ctx)
    })?;
    let fs = h();
    def(
        ops,
        "fsRead",
        move |ctx: Ctx<'_>,
              fd: i32,
              buffer: TypedArray<'_, u8>,
              offset: f64,
              length: f64,
              at: f64| {
            let at = position(&ctx, at)?;
            let target = window(&ctx, &buffer, offset, length)?;
            // SAFETY: the bytes are the engine's and no JS runs while reading into them.
            let target = unsafe { &mut *target.as_ptr() };
            fs.fs.read(fd, target, at).or_throw(&ctx)
        },
    )?;
    let fs = h();
    def(
        ops,
        "fsWrite",
        move |ctx: Ctx<'_>,
              fd: i32,
              buffer: TypedArray<'_, u8>,
              offset: f64,
              length: f64,
              at: f64| {
            let at = position(&ctx, at)?;
            let source = window(&ctx, &buffer, offset, length)?;
            // SAFETY: the bytes are the engine's and no JS runs while writing them out.
            let source = unsafe { &*source.as_ptr() };
            fs.fs.write(fd, source, at).or_throw(&ctx)
        },
    )?;
    let fs = h();
    def(
        ops,
        "fsFtruncate",
        move |ctx: Ctx<'_>, fd: i32, len: f64| {
            let len = index(&ctx, len, "length")? as u64;
            fs.fs.ftruncate(fd, len).or_throw(&ctx)
        },
    )?;
    let fs = h();
    def(ops, "fsFsync", move |ctx: Ctx<'_>, fd: i32| {
        fs.fs.fsync(fd).or_throw(&ctx)
    })?;
    Ok(())
}
