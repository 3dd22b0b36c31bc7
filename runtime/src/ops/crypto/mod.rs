//! Cryptography for the `crypto` built-in and the Web Crypto global, over RustCrypto crates:
//! OS randomness, message digests and HMAC (with PBKDF2), and AES ciphers. Each submodule keeps its
//! algorithms engine-free and unit-tested; the stateful ones (hash, cipher) surface as small
//! classes whose instances the JS shims wrap (`js-shims/internal/crypto/`), so their state lives
//! and dies with the isolate's own objects.

mod cipher;
mod gcm;
mod hash;
mod random;

use std::rc::Rc;

use rquickjs::{Ctx, Exception, Object, Result, TypedArray};

use crate::engine::run_state::RunState;

pub(crate) fn install(ops: &Object<'_>, host: &Rc<RunState>) -> Result<()> {
    random::install(ops)?;
    hash::install(ops, host)?;
    cipher::install(ops)?;
    Ok(())
}

/// Runs `read` over the bytes of a `Uint8Array` argument, without copying them (inputs can be
/// whole PDFs).
fn read_bytes<T>(
    ctx: &Ctx<'_>,
    array: &TypedArray<'_, u8>,
    read: impl FnOnce(&[u8]) -> T,
) -> Result<T> {
    // SAFETY: no JS runs while `read` holds the slice, so nothing can detach or resize the
    // buffer under it.
    let bytes = unsafe { array.as_bytes() }
        .ok_or_else(|| Exception::throw_type(ctx, "the array buffer is detached"))?;
    Ok(read(bytes))
}

/// Fills a `Uint8Array` in place with `fill`: outputs are allocated by the shim on the JS heap,
/// where the isolate's memory cap applies, instead of by Rust.
fn fill_bytes<T>(
    ctx: &Ctx<'_>,
    array: &TypedArray<'_, u8>,
    fill: impl FnOnce(&mut [u8]) -> T,
) -> Result<T> {
    let raw = array
        .as_raw()
        .ok_or_else(|| Exception::throw_type(ctx, "the array buffer is detached"))?;
    // SAFETY: `raw` is the live backing store of `array`, which this call borrows, and no JS
    // runs while `fill` holds the slice.
    let slice = unsafe { std::slice::from_raw_parts_mut(raw.as_ptr().cast::<u8>(), raw.len()) };
    Ok(fill(slice))
}
