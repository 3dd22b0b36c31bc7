//! Compression codecs for `js-shims/zlib.js`: gzip, zlib and raw deflate over zlib-rs (the
//! pure-Rust zlib that flate2 also builds on; its own API exposes what Node's options need:
//! memLevel, strategy, every flush mode, wrapper auto-detection) and brotli over the `brotli`
//! crate.
//!
//! A handle is a JS object owning one codec. Like Node's binding it never allocates output:
//! the shim hands it a slice of a JS buffer (`chunkSize` bytes, 16 KiB by default) and calls
//! again while the slice comes back full, so a decompression bomb fills the isolate's heap
//! or `maxOutputLength`, never the host's memory. What the codecs hold natively (windows,
//! hash tables, brotli's ring buffer) is charged to a per-run budget instead.

mod brotli;
mod deflate;

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::rc::Rc;

use rquickjs::class::Trace;
use rquickjs::{Class, Ctx, Exception, Function, JsLifetime, Object, Result, TypedArray};

pub use self::brotli::{BrotliDecoder, BrotliEncoder};
pub use self::deflate::{ZlibCodec, ZlibOptions};

const Z_NEED_DICT: i32 = 2;
const Z_BUF_ERROR: i32 = -5;
const Z_FINISH: i32 = 4;

/// Native memory all of one run's open codecs may hold. A brotli encoder at Node's default
/// quality takes about 64 MiB; a gzip stream under 0.5 MiB.
pub const MAX_NATIVE_BYTES: usize = 256 << 20;

/// Node's mode numbers (`zlib.constants.DEFLATE` ... `BROTLI_ENCODE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Deflate = 1,
    Inflate = 2,
    Gzip = 3,
    Gunzip = 4,
    DeflateRaw = 5,
    InflateRaw = 6,
    Unzip = 7,
    BrotliDecode = 8,
    BrotliEncode = 9,
}

impl Mode {
    pub fn from_number(mode: i32) -> Option<Mode> {
        use Mode::*;
        [
            Deflate,
            Inflate,
            Gzip,
            Gunzip,
            DeflateRaw,
            InflateRaw,
            Unzip,
            BrotliDecode,
            BrotliEncode,
        ]
        .into_iter()
        .find(|m| *m as i32 == mode)
    }

    fn is_brotli(self) -> bool {
        matches!(self, Mode::BrotliDecode | Mode::BrotliEncode)
    }

    fn is_compressor(self) -> bool {
        matches!(
            self,
            Mode::Deflate | Mode::Gzip | Mode::DeflateRaw | Mode::BrotliEncode
        )
    }
}

/// Bytes consumed from the input and produced into the output by one call.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub read: usize,
    pub written: usize,
}

/// A failure as Node reports it: `message`, `code` and (for codec errors) `errno`.
#[derive(Debug, Clone, PartialEq)]
pub struct CodecError {
    pub message: String,
    pub code: String,
    pub errno: Option<i32>,
}

impl CodecError {
    fn new(message: &str, code: &str, errno: i32) -> Self {
        CodecError {
            message: message.to_owned(),
            code: code.to_owned(),
            errno: Some(errno),
        }
    }

    /// zlib's own message when it set one (e.g. "incorrect header check"), else Node's.
    fn zlib(errno: i32, message: Option<&str>, fallback: &str) -> Self {
        let code = match errno {
            0 => "Z_OK",
            1 => "Z_STREAM_END",
            2 => "Z_NEED_DICT",
            -1 => "Z_ERRNO",
            -2 => "Z_STREAM_ERROR",
            -3 => "Z_DATA_ERROR",
            -4 => "Z_MEM_ERROR",
            -5 => "Z_BUF_ERROR",
            _ => "Z_VERSION_ERROR",
        };
        CodecError::new(message.unwrap_or(fallback), code, errno)
    }

    fn init_failed() -> Self {
        CodecError {
            message: "Initialization failed".to_owned(),
            code: "ERR_ZLIB_INITIALIZATION_FAILED".to_owned(),
            errno: None,
        }
    }

    /// Thrown as Node does: a plain `Error` (its message not enumerable, so built by the
    /// `Error` constructor) with `errno` and `code` own properties.
    fn throw(self, ctx: &Ctx<'_>) -> rquickjs::Error {
        let build = || -> Result<Object<'_>> {
            let constructor: Function = ctx.globals().get("Error")?;
            let error: Object = constructor.call((self.message.as_str(),))?;
            if let Some(errno) = self.errno {
                error.set("errno", errno)?;
            }
            error.set("code", self.code.as_str())?;
            Ok(error)
        };
        match build() {
            Ok(error) => ctx.throw(error.into_value()),
            Err(error) => error,
        }
    }
}

pub enum Codec {
    Zlib(ZlibCodec),
    BrotliEncoder(BrotliEncoder),
    BrotliDecoder(BrotliDecoder),
}

impl Codec {
    /// Compresses or decompresses as much of `input` into `output` as fits. `flush` is
    /// Node's flush flag (`Z_*` or `BROTLI_OPERATION_*`).
    pub fn write(
        &mut self,
        flush: i32,
        input: &[u8],
        output: &mut [u8],
    ) -> std::result::Result<Progress, CodecError> {
        match self {
            Codec::Zlib(codec) => codec.write(flush, input, output),
            Codec::BrotliEncoder(codec) => codec.write(flush, input, output),
            Codec::BrotliDecoder(codec) => codec.write(flush, input, output),
        }
    }

    /// The shim's synchronous loop in Rust, for tests: write until the output is not filled,
    /// `chunk` bytes at a time, failing past `max_output` as `maxOutputLength` does.
    #[cfg(test)]
    pub fn run(
        &mut self,
        input: &[u8],
        flush: i32,
        chunk: usize,
        max_output: usize,
    ) -> std::result::Result<Vec<u8>, CodecError> {
        let (mut out, mut buffer, mut read) = (Vec::new(), vec![0; chunk], 0);
        loop {
            let progress = self.write(flush, &input[read..], &mut buffer)?;
            read += progress.read;
            out.extend_from_slice(&buffer[..progress.written]);
            if out.len() > max_output {
                return Err(CodecError::new("too large", "ERR_BUFFER_TOO_LARGE", 0));
            }
            if progress.written < chunk {
                return Ok(out);
            }
        }
    }
}

/// One run's native-memory budget for codecs; a [`Charge`] holds part of it until dropped
/// (the handle is closed or collected).
struct Budget {
    used: Cell<usize>,
    limit: usize,
}

struct Charge {
    budget: Rc<Budget>,
    bytes: usize,
}

impl Charge {
    /// Grows or shrinks the charge; refused past the budget, unless garbage collection frees
    /// enough (streams a script dropped without closing still hold theirs until then).
    fn resize(&mut self, ctx: &Ctx<'_>, bytes: usize) -> bool {
        let fits = |charge: &Charge| {
            let others = charge.budget.used.get() - charge.bytes;
            others.saturating_add(bytes) <= charge.budget.limit
        };
        if bytes > self.bytes && !fits(self) {
            ctx.run_gc();
            if !fits(self) {
                return false;
            }
        }
        let used = self.budget.used.get() - self.bytes + bytes;
        self.budget.used.set(used);
        self.bytes = bytes;
        true
    }

    fn release(&mut self) {
        self.budget.used.set(self.budget.used.get() - self.bytes);
        self.bytes = 0;
    }
}

impl Drop for Charge {
    fn drop(&mut self) {
        self.release();
    }
}

/// A codec as a JS object. `close()` frees the codec at once; otherwise the GC does.
#[derive(Trace, JsLifetime)]
#[rquickjs::class(rename = "ZlibHandle")]
pub struct ZlibHandle {
    #[qjs(skip_trace)]
    codec: Option<Codec>,
    #[qjs(skip_trace)]
    charge: Charge,
}

#[rquickjs::methods]
impl ZlibHandle {
    /// Runs the codec on `input[inOff .. inOff+inLen]` into `out[outOff .. outOff+outLen]`
    /// and returns `[written, read]`.
    #[allow(clippy::too_many_arguments)]
    pub fn write<'js>(
        &mut self,
        ctx: Ctx<'js>,
        flush: i32,
        input: TypedArray<'js, u8>,
        in_off: usize,
        in_len: usize,
        out: TypedArray<'js, u8>,
        out_off: usize,
        out_len: usize,
    ) -> Result<Vec<usize>> {
        let (in_ptr, in_len) = region(&ctx, &input, in_off, in_len)?;
        let (out_ptr, out_len) = region(&ctx, &out, out_off, out_len)?;
        let codec = self.codec.as_mut().ok_or_else(|| closed(&ctx))?;
        let result = {
            // SAFETY: both regions lie inside live buffers (checked by `region`) that the
            // arguments keep alive, and no JS runs while the slices exist (this block).
            // Overlapping regions cannot be borrowed both ways at once: the input is copied.
            let overlaps =
                in_ptr < out_ptr.wrapping_add(out_len) && out_ptr < in_ptr.wrapping_add(in_len);
            let copy;
            let input: &[u8] = if overlaps {
                copy = unsafe { std::slice::from_raw_parts(in_ptr, in_len) }.to_vec();
                &copy
            } else {
                unsafe { std::slice::from_raw_parts(in_ptr, in_len) }
            };
            let output = unsafe { std::slice::from_raw_parts_mut(out_ptr, out_len) };
            catch_unwind(AssertUnwindSafe(|| codec.write(flush, input, output)))
        };
        let progress = match result {
            Ok(Ok(progress)) => progress,
            Ok(Err(error)) => return Err(error.throw(&ctx)),
            Err(_) => {
                // A codec bug must not take the host down: drop the codec, fail the stream.
                self.codec = None;
                return Err(CodecError::new("Zlib error", "Z_STREAM_ERROR", -2).throw(&ctx));
            }
        };
        if let Some(Codec::BrotliDecoder(decoder)) = &self.codec {
            let bytes = BrotliDecoder::native_bytes() + decoder.ring_buffer_bytes();
            if !self.charge.resize(&ctx, bytes) {
                // What the C library reports when it cannot allocate its ring buffer.
                self.codec = None;
                let error = CodecError::new(
                    "Decompression failed",
                    "ERR__ERROR_ALLOC_RING_BUFFER_1",
                    -26,
                );
                return Err(error.throw(&ctx));
            }
        }
        Ok(vec![progress.written, progress.read])
    }

    /// Starts a new stream with the same settings (`zlib.reset()`).
    pub fn reset(&mut self, ctx: Ctx<'_>) -> Result<()> {
        match self.codec.as_mut() {
            Some(Codec::Zlib(codec)) => codec.reset().map_err(|e| e.throw(&ctx)),
            Some(Codec::BrotliDecoder(codec)) => {
                *codec = BrotliDecoder::new();
                Ok(())
            }
            Some(Codec::BrotliEncoder(codec)) => codec.reset().map_err(|e| e.throw(&ctx)),
            None => Err(closed(&ctx)),
        }
    }

    /// `deflateParams` after the shim's sync flush. The strategy stays the initial one.
    pub fn params(&mut self, ctx: Ctx<'_>, level: i32, _strategy: i32) -> Result<()> {
        match self.codec.as_mut() {
            Some(Codec::Zlib(codec)) => codec.set_level(level).map_err(|e| e.throw(&ctx)),
            Some(_) => Ok(()),
            None => Err(closed(&ctx)),
        }
    }

    /// Frees the codec and its share of the budget.
    pub fn close(&mut self) {
        self.codec = None;
        self.charge.release();
    }
}

fn closed(ctx: &Ctx<'_>) -> rquickjs::Error {
    Exception::throw_message(ctx, "zlib binding closed")
}

/// Start and length of `array[offset .. offset+len]`, refused if out of bounds or detached.
fn region(
    ctx: &Ctx<'_>,
    array: &TypedArray<'_, u8>,
    offset: usize,
    len: usize,
) -> Result<(*mut u8, usize)> {
    let raw = array
        .as_raw()
        .ok_or_else(|| Exception::throw_type(ctx, "the array buffer is detached"))?;
    match offset.checked_add(len) {
        Some(end) if end <= raw.len() => {
            // SAFETY: `offset <= end <= raw.len()`, so the pointer stays inside the buffer.
            Ok((unsafe { raw.as_ptr().cast::<u8>().add(offset) }, len))
        }
        _ => Err(Exception::throw_range(
            ctx,
            "zlib: range outside of the buffer",
        )),
    }
}

/// Builds a handle after charging `bytes` to the budget; a codec constructor that panics
/// (it should not: options are validated) is an initialization failure.
fn create<'js>(
    ctx: &Ctx<'js>,
    budget: &Rc<Budget>,
    bytes: usize,
    make: impl FnOnce() -> std::result::Result<Codec, CodecError>,
) -> Result<Class<'js, ZlibHandle>> {
    let mut charge = Charge {
        budget: budget.clone(),
        bytes: 0,
    };
    if !charge.resize(ctx, bytes) {
        let error = CodecError {
            message: format!(
                "Initialization failed: the run's open zlib/brotli streams would hold more than {} MiB (close the ones no longer used)",
                budget.limit >> 20
            ),
            ..CodecError::init_failed()
        };
        return Err(error.throw(ctx));
    }
    let codec = match catch_unwind(AssertUnwindSafe(make)) {
        Ok(Ok(codec)) => codec,
        Ok(Err(error)) => return Err(error.throw(ctx)),
        Err(_) => return Err(CodecError::init_failed().throw(ctx)),
    };
    Class::instance(
        ctx.clone(),
        ZlibHandle {
            codec: Some(codec),
            charge,
        },
    )
}

// Closures returning a JS value must be generic over the context's lifetime; these
// identity functions state that bound so the compiler infers it.
fn factory_of_zlib<F>(f: F) -> F
where
    F: for<'js> Fn(
        Ctx<'js>,
        i32,
        i32,
        i32,
        i32,
        i32,
        Option<TypedArray<'js, u8>>,
    ) -> Result<Class<'js, ZlibHandle>>,
{
    f
}

fn factory_of_brotli<F>(f: F) -> F
where
    F: for<'js> Fn(Ctx<'js>, i32, Vec<u32>) -> Result<Class<'js, ZlibHandle>>,
{
    f
}

pub(crate) fn install(ops: &Object<'_>) -> Result<()> {
    let ctx = ops.ctx().clone();
    // Per run: `install` runs once per isolate, so runs never share a budget.
    let budget = Rc::new(Budget {
        used: Cell::new(0),
        limit: MAX_NATIVE_BYTES,
    });

    let zlib_budget = budget.clone();
    let zlib_create = factory_of_zlib(
        move |ctx, mode, window_bits, level, mem_level, strategy, dictionary| {
            let mode = Mode::from_number(mode)
                .filter(|m| !m.is_brotli())
                .ok_or_else(|| CodecError::init_failed().throw(&ctx))?;
            let dictionary = match dictionary {
                // SAFETY: copied at once; no JS runs meanwhile.
                Some(array) => Some(
                    unsafe { array.as_bytes() }
                        .ok_or_else(|| Exception::throw_type(&ctx, "the array buffer is detached"))?
                        .to_vec(),
                ),
                None => None,
            };
            let options = ZlibOptions {
                mode,
                window_bits,
                level,
                mem_level,
                strategy,
                dictionary,
            };
            let bytes = options.native_bytes();
            create(&ctx, &zlib_budget, bytes, || {
                ZlibCodec::new(options).map(Codec::Zlib)
            })
        },
    );
    ops.set("zlibCreate", Function::new(ctx.clone(), zlib_create)?)?;

    // `params` are Node's (BROTLI_PARAM_*, value) pairs flattened: [k0, v0, k1, v1, ...].
    let brotli_create = factory_of_brotli(move |ctx, mode, params| {
        let pairs: Vec<(u32, u32)> = params.chunks_exact(2).map(|p| (p[0], p[1])).collect();
        match Mode::from_number(mode) {
            Some(Mode::BrotliEncode) => {
                let bytes = BrotliEncoder::native_bytes(&pairs);
                create(&ctx, &budget, bytes, || {
                    BrotliEncoder::new(&pairs).map(Codec::BrotliEncoder)
                })
            }
            // The decoder knows two parameters (ring buffer reallocation, large window), both
            // accepted and ignored: large windows stay refused (see `brotli.rs`).
            Some(Mode::BrotliDecode) if pairs.iter().all(|&(key, _)| key <= 1) => {
                create(&ctx, &budget, BrotliDecoder::native_bytes(), || {
                    Ok(Codec::BrotliDecoder(BrotliDecoder::new()))
                })
            }
            _ => Err(CodecError::init_failed().throw(&ctx)),
        }
    });
    ops.set("brotliCreate", Function::new(ctx.clone(), brotli_create)?)?;

    // A number, not a u32: rquickjs would hand large u32s to JS as negative int32s.
    let crc32 = |ctx: Ctx<'_>, data: TypedArray<'_, u8>, start: u32| -> Result<f64> {
        // SAFETY: no JS runs while the checksum reads the bytes.
        let bytes = unsafe { data.as_bytes() }
            .ok_or_else(|| Exception::throw_type(&ctx, "the array buffer is detached"))?;
        Ok(f64::from(zlib_rs::crc32::crc32(start, bytes)))
    };
    ops.set("crc32", Function::new(ctx, crc32)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charges_stay_within_the_budget_and_come_back() {
        let budget = Rc::new(Budget {
            used: Cell::new(0),
            limit: 100,
        });
        let rt = rquickjs::Runtime::new().unwrap();
        let context = rquickjs::Context::full(&rt).unwrap();
        context.with(|ctx| {
            let mut a = Charge {
                budget: budget.clone(),
                bytes: 0,
            };
            assert!(a.resize(&ctx, 60));
            let mut b = Charge {
                budget: budget.clone(),
                bytes: 0,
            };
            assert!(!b.resize(&ctx, 50));
            assert!(b.resize(&ctx, 40));
            assert!(a.resize(&ctx, 10));
            drop(a);
            assert_eq!(budget.used.get(), 40);
            drop(b);
            assert_eq!(budget.used.get(), 0);
        });
    }
}
