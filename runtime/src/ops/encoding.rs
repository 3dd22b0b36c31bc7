//! Byte/string conversions `Buffer`, `TextEncoder` and `TextDecoder` need, in Rust: QuickJS
//! interprets, and konnectors convert whole PDFs to base64.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use rquickjs::{Ctx, Exception, Function, Object, Result, TypedArray};

/// Node's lenient base64: both alphabets, whitespace and other characters ignored, padding
/// optional, decoding stops at the first `=`. Like Node, only the low byte of each UTF-16
/// unit counts (`'\u0141'` reads as `'A'`).
pub fn base64_decode(text: &str) -> Vec<u8> {
    let mut sextets = Vec::with_capacity(text.len());
    for byte in text.encode_utf16().map(|unit| unit as u8) {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            _ => continue,
        };
        sextets.push(value);
    }
    let mut out = Vec::with_capacity(sextets.len() * 3 / 4);
    for chunk in sextets.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &s)| acc | (u32::from(s) << (18 - 6 * i)));
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        // 2 sextets give 1 byte, 3 give 2, 4 give 3; a lone sextet gives nothing.
        out.extend_from_slice(&bytes[..chunk.len().saturating_sub(1)]);
    }
    out
}

fn bytes<'a>(ctx: &Ctx<'_>, array: &'a TypedArray<'_, u8>) -> Result<&'a [u8]> {
    // SAFETY: no JS runs while the ops below hold the slice, so nothing can detach or
    // resize the buffer under it.
    unsafe { array.as_bytes() }
        .ok_or_else(|| Exception::throw_type(ctx, "the array buffer is detached"))
}

/// UTF-8 bytes of a JS string. JS strings may hold lone surrogates, which UTF-8 cannot:
/// they become U+FFFD as in Node (`toWellFormed`), the rare slow path.
fn encode<'js>(ctx: Ctx<'js>, text: rquickjs::String<'js>) -> Result<TypedArray<'js, u8>> {
    let text = match text.to_string() {
        Ok(text) => text,
        Err(_) => {
            let well_formed: Function = ctx.eval("String.prototype.toWellFormed")?;
            well_formed.call::<_, String>((rquickjs::function::This(text),))?
        }
    };
    TypedArray::new(ctx, text.into_bytes())
}

fn decode_base64<'js>(ctx: Ctx<'js>, text: String) -> Result<TypedArray<'js, u8>> {
    TypedArray::new(ctx, base64_decode(&text))
}

pub(crate) fn install(ops: &Object<'_>) -> Result<()> {
    let ctx = ops.ctx().clone();
    ops.set("utf8Encode", Function::new(ctx.clone(), encode)?)?;
    let decode = |ctx: Ctx<'_>, array: TypedArray<'_, u8>| -> Result<String> {
        Ok(String::from_utf8_lossy(bytes(&ctx, &array)?).into_owned())
    };
    ops.set("utf8Decode", Function::new(ctx.clone(), decode)?)?;
    let latin1 = |ctx: Ctx<'_>, array: TypedArray<'_, u8>| -> Result<String> {
        Ok(bytes(&ctx, &array)?
            .iter()
            .map(|&b| char::from(b))
            .collect())
    };
    ops.set("latin1Decode", Function::new(ctx.clone(), latin1)?)?;
    let b64_encode = |ctx: Ctx<'_>, array: TypedArray<'_, u8>, url: bool| -> Result<String> {
        let data = bytes(&ctx, &array)?;
        Ok(if url {
            URL_SAFE_NO_PAD.encode(data)
        } else {
            STANDARD.encode(data)
        })
    };
    ops.set("base64Encode", Function::new(ctx.clone(), b64_encode)?)?;
    ops.set("base64Decode", Function::new(ctx, decode_base64)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_lenient_like_node() {
        assert_eq!(base64_decode("aGVsbG8="), b"hello");
        assert_eq!(base64_decode("aGVsbG8"), b"hello");
        assert_eq!(base64_decode("aGV s\nbG8"), b"hello");
        assert_eq!(base64_decode("-_-_"), base64_decode("+/+/"));
        assert_eq!(base64_decode("aGk=aGk="), b"hi");
        assert_eq!(base64_decode("a"), b"");
        assert_eq!(base64_decode("YQ\u{141}Jj"), [0x61, 0x00, 0x09]);
    }
}
