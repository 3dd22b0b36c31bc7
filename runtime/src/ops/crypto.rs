//! Randomness for `crypto.getRandomValues` and `crypto.randomUUID`, from the OS.

use rquickjs::{Ctx, Exception, Function, Object, Result, TypedArray};

/// Web Crypto's quota: at most 65,536 bytes per `getRandomValues` call.
pub const MAX_RANDOM_BYTES: usize = 65_536;

pub fn random_uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

pub(crate) fn install(ops: &Object<'_>) -> Result<()> {
    let ctx = ops.ctx().clone();
    let fill = |ctx: Ctx<'_>, bytes: TypedArray<'_, u8>| -> Result<()> {
        let raw = bytes
            .as_raw()
            .ok_or_else(|| Exception::throw_type(&ctx, "the array buffer is detached"))?;
        if raw.len() > MAX_RANDOM_BYTES {
            return Err(Exception::throw_range(
                &ctx,
                &format!(
                    "The ArrayBufferView's byte length ({}) exceeds the number of bytes of entropy available via this API ({MAX_RANDOM_BYTES})",
                    raw.len()
                ),
            ));
        }
        // SAFETY: `raw` points at the live bytes of `bytes`, which this call borrows.
        let slice = unsafe { std::slice::from_raw_parts_mut(raw.as_ptr().cast::<u8>(), raw.len()) };
        getrandom::fill(slice).map_err(|e| Exception::throw_internal(&ctx, &e.to_string()))
    };
    ops.set("randomFill", Function::new(ctx.clone(), fill)?)?;
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
