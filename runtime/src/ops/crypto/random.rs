//! Randomness for `crypto.randomBytes`/`randomFill`/`randomInt`, `crypto.getRandomValues` and
//! `crypto.randomUUID`, from the OS.

use rquickjs::{Ctx, Exception, Function, Object, Result, TypedArray};

use super::fill_bytes;

/// Web Crypto's quota: at most 65,536 bytes per `getRandomValues` call.
pub const MAX_RANDOM_BYTES: usize = 65_536;

pub fn random_uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn fill_random(ctx: &Ctx<'_>, bytes: &TypedArray<'_, u8>) -> Result<()> {
    fill_bytes(ctx, bytes, getrandom::fill)?
        .map_err(|e| Exception::throw_internal(ctx, &e.to_string()))
}

pub(crate) fn install(ops: &Object<'_>) -> Result<()> {
    let ctx = ops.ctx().clone();
    // Web Crypto's `getRandomValues`, quota included.
    let web_fill = |ctx: Ctx<'_>, bytes: TypedArray<'_, u8>| -> Result<()> {
        if bytes.len() > MAX_RANDOM_BYTES {
            return Err(Exception::throw_range(
                &ctx,
                &format!(
                    "The ArrayBufferView's byte length ({}) exceeds the number of bytes of entropy available via this API ({MAX_RANDOM_BYTES})",
                    bytes.len()
                ),
            ));
        }
        fill_random(&ctx, &bytes)
    };
    ops.set("randomFill", Function::new(ctx.clone(), web_fill)?)?;
    // Node's `randomFill*`/`randomBytes`: any size (the array is already on the capped JS heap).
    let node_fill = |ctx: Ctx<'_>, bytes: TypedArray<'_, u8>| fill_random(&ctx, &bytes);
    ops.set("randomFillAny", Function::new(ctx.clone(), node_fill)?)?;
    ops.set("randomUUID", Function::new(ctx, random_uuid)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn uuid_is_version_4() {
        let id = super::random_uuid();
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
    }
}
