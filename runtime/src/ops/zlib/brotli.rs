//! Brotli over the `brotli` crate (a Rust port of Google's library), reporting results the
//! way Node's binding does.

use ::brotli::enc::encode::{
    BrotliEncoderOperation, BrotliEncoderParameter, BrotliEncoderStateStruct,
};
use ::brotli::enc::StandardAlloc;
use ::brotli::{BrotliDecompressStream, BrotliResult, BrotliState};

use super::{CodecError, Progress, Z_BUF_ERROR};

/// Node's `BROTLI_OPERATION_FINISH`, the decoder's "no more input is coming".
const FINISH: i32 = 2;
/// Windows past 2^24 ("large window" brotli, a non-standard extension) are refused: the
/// ring buffer alone would be up to 1 GiB of host memory.
const MAX_WINDOW_BITS: u32 = 24;

// Boxed: the states are kilobytes of inline tables.
pub struct BrotliEncoder {
    state: Box<BrotliEncoderStateStruct<StandardAlloc>>,
    /// Kept for `reset`, which starts a new stream with the same settings.
    params: Vec<(u32, u32)>,
}

impl BrotliEncoder {
    /// `params` are Node's `(BROTLI_PARAM_*, value)` pairs.
    pub fn new(params: &[(u32, u32)]) -> Result<Self, CodecError> {
        use BrotliEncoderParameter::*;
        let mut state = Box::new(BrotliEncoderStateStruct::new(StandardAlloc::default()));
        for &(key, value) in params {
            let (param, value) = match key {
                0 => (BROTLI_PARAM_MODE, value),
                1 => (BROTLI_PARAM_QUALITY, value.min(11)),
                2 => (BROTLI_PARAM_LGWIN, value.min(MAX_WINDOW_BITS)),
                3 => (BROTLI_PARAM_LGBLOCK, value),
                4 => (
                    BROTLI_PARAM_DISABLE_LITERAL_CONTEXT_MODELING,
                    u32::from(value != 0),
                ),
                5 => (BROTLI_PARAM_SIZE_HINT, value),
                // Large windows are refused (see MAX_WINDOW_BITS); the crate has no
                // NPOSTFIX/NDIRECT knobs. Those only shape the compressed bytes.
                6..=8 => continue,
                _ => return Err(CodecError::init_failed()),
            };
            if !state.set_parameter(param, value) {
                return Err(CodecError::init_failed());
            }
        }
        Ok(BrotliEncoder {
            state,
            params: params.to_vec(),
        })
    }

    pub fn reset(&mut self) -> Result<(), CodecError> {
        *self = BrotliEncoder::new(&self.params)?;
        Ok(())
    }

    /// Host memory the encoder may take, measured on the crate: the ring buffer plus hash
    /// tables, about 16× the window at qualities 10–11 (binary-tree matcher), 12× at 9, 5×
    /// from 2 to 8, 2× for the two fastest.
    pub fn native_bytes(params: &[(u32, u32)]) -> usize {
        let find = |key: u32, default: u32| {
            params
                .iter()
                .rev()
                .find(|(k, _)| *k == key)
                .map_or(default, |&(_, v)| v)
        };
        let quality = find(1, 11).min(11);
        let window = 1usize << find(2, 22).clamp(10, MAX_WINDOW_BITS);
        let factor = match quality {
            10.. => 16,
            9 => 12,
            2..=8 => 5,
            _ => 2,
        };
        factor * window + (1 << 20)
    }

    pub fn write(
        &mut self,
        flush: i32,
        input: &[u8],
        output: &mut [u8],
    ) -> Result<Progress, CodecError> {
        let op = match flush {
            0 => BrotliEncoderOperation::BROTLI_OPERATION_PROCESS,
            1 => BrotliEncoderOperation::BROTLI_OPERATION_FLUSH,
            2 => BrotliEncoderOperation::BROTLI_OPERATION_FINISH,
            3 => BrotliEncoderOperation::BROTLI_OPERATION_EMIT_METADATA,
            _ => return Err(compression_failed()),
        };
        let (mut available_in, mut read) = (input.len(), 0);
        let (mut available_out, mut written) = (output.len(), 0);
        let ok = self.state.compress_stream(
            op,
            &mut available_in,
            input,
            &mut read,
            &mut available_out,
            output,
            &mut written,
            &mut None,
            &mut |_, _, _, _| (),
        );
        if !ok {
            return Err(compression_failed());
        }
        Ok(Progress { read, written })
    }
}

fn compression_failed() -> CodecError {
    CodecError::new("Compression failed", "ERR_BROTLI_COMPRESSION_FAILED", -1)
}

pub struct BrotliDecoder {
    state: Box<BrotliState<StandardAlloc, StandardAlloc, StandardAlloc>>,
}

impl BrotliDecoder {
    pub fn new() -> Self {
        // `new_strict` refuses large-window streams, as Node's decoder does by default.
        let state = Box::new(BrotliState::new_strict(
            StandardAlloc::default(),
            StandardAlloc::default(),
            StandardAlloc::default(),
        ));
        BrotliDecoder { state }
    }

    /// The decoder's fixed tables; its ring buffer grows with the stream and is counted by
    /// [`Self::ring_buffer_bytes`].
    pub fn native_bytes() -> usize {
        64 << 10
    }

    pub fn ring_buffer_bytes(&self) -> usize {
        usize::try_from(self.state.ringbuffer_size).unwrap_or(0)
    }

    pub fn write(
        &mut self,
        flush: i32,
        input: &[u8],
        output: &mut [u8],
    ) -> Result<Progress, CodecError> {
        let (mut available_in, mut read) = (input.len(), 0);
        let (mut available_out, mut written) = (output.len(), 0);
        let mut total = 0;
        let result = BrotliDecompressStream(
            &mut available_in,
            &mut read,
            input,
            &mut available_out,
            &mut written,
            output,
            &mut total,
            &mut self.state,
        );
        match result {
            BrotliResult::ResultFailure => {
                let code = self.state.error_code;
                // Node's code is "ERR_" + the C library's name minus its BROTLI_DECODER
                // prefix: ERR__ERROR_FORMAT_PADDING_1.
                let name = format!("{code:?}");
                let name = name.strip_prefix("BROTLI_DECODER").unwrap_or(&name);
                Err(CodecError::new(
                    "Decompression failed",
                    &format!("ERR_{name}"),
                    code as i32,
                ))
            }
            // Brotli has no notion of "the input ended"; Node makes one up under FINISH.
            BrotliResult::NeedsMoreInput if flush == FINISH => Err(CodecError::new(
                "unexpected end of file",
                "Z_BUF_ERROR",
                Z_BUF_ERROR,
            )),
            _ => Ok(Progress { read, written }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Codec;
    use super::*;

    fn encoder(params: &[(u32, u32)]) -> Codec {
        Codec::BrotliEncoder(BrotliEncoder::new(params).unwrap())
    }

    fn decoder() -> Codec {
        Codec::BrotliDecoder(BrotliDecoder::new())
    }

    #[test]
    fn round_trips_at_several_qualities() {
        let text: Vec<u8> = (0..40_000u32)
            .flat_map(|i| (i % 89).to_be_bytes())
            .collect();
        for quality in [0, 1, 4, 9, 11] {
            let packed = encoder(&[(1, quality), (2, 18)])
                .run(&text, FINISH, 1000, usize::MAX)
                .unwrap();
            let back = decoder().run(&packed, FINISH, 333, usize::MAX).unwrap();
            assert_eq!(back, text, "quality {quality}");
        }
    }

    #[test]
    fn decodes_what_node_wrote() {
        // zlib.brotliCompressSync('hello world hello world') under Node 20.
        let node = [
            0x1b, 0x16, 0x00, 0xf8, 0x8d, 0x94, 0x6e, 0xde, 0x44, 0x55, 0x86, 0x96, 0x20, 0x6c,
            0x6f, 0x35, 0x0b, 0x32, 0xb5, 0x40, 0x06, 0x54, 0x3b,
        ];
        let text = decoder().run(&node, FINISH, 64, usize::MAX).unwrap();
        assert_eq!(text, b"hello world hello world");
    }

    #[test]
    fn errors_carry_nodes_codes() {
        let error = decoder()
            .run(&[0xff, 0xff, 0xff, 0xff], FINISH, 64, usize::MAX)
            .unwrap_err();
        assert_eq!(
            (error.message.as_str(), error.code.as_str(), error.errno),
            (
                "Decompression failed",
                "ERR__ERROR_FORMAT_PADDING_2",
                Some(-15)
            )
        );
        let error = decoder()
            .run(&[0x11, 0x12, 0x34, 0x56], FINISH, 64, usize::MAX)
            .unwrap_err();
        assert_eq!(error.code, "ERR__ERROR_FORMAT_WINDOW_BITS");
        let packed = encoder(&[]).run(b"hello", FINISH, 64, usize::MAX).unwrap();
        let cut = &packed[..packed.len() - 2];
        let error = decoder().run(cut, FINISH, 64, usize::MAX).unwrap_err();
        assert_eq!(
            (error.message.as_str(), error.code.as_str(), error.errno),
            ("unexpected end of file", "Z_BUF_ERROR", Some(-5))
        );
        // With a flush instead of FINISH, truncated input simply yields less.
        assert!(decoder().run(cut, 1, 64, usize::MAX).is_ok());
    }

    #[test]
    fn out_of_range_parameters_are_clamped_not_fatal() {
        for params in [
            [(1, 99), (2, 99)],
            [(1, u32::MAX - 1), (2, 0)],
            [(3, 99), (4, 7)],
        ] {
            let packed = encoder(&params)
                .run(b"abc", FINISH, 64, usize::MAX)
                .unwrap();
            assert_eq!(
                decoder().run(&packed, FINISH, 64, usize::MAX).unwrap(),
                b"abc"
            );
        }
        assert!(BrotliEncoder::new(&[(42, 1)]).is_err());
    }

    #[test]
    fn reset_starts_a_new_stream_with_the_same_settings() {
        let mut encoder = BrotliEncoder::new(&[(1, 3)]).unwrap();
        let mut out = vec![0; 256];
        encoder.write(0, b"abandoned", &mut out).unwrap();
        encoder.reset().unwrap();
        let mut codec = Codec::BrotliEncoder(encoder);
        let packed = codec.run(b"fresh", FINISH, 64, usize::MAX).unwrap();
        assert_eq!(
            decoder().run(&packed, FINISH, 64, usize::MAX).unwrap(),
            b"fresh"
        );
    }

    #[test]
    fn a_bomb_stops_at_the_output_cap() {
        let zeros = vec![0u8; 8 << 20];
        let bomb = encoder(&[(1, 5)])
            .run(&zeros, FINISH, 1 << 16, usize::MAX)
            .unwrap();
        let error = decoder().run(&bomb, FINISH, 1 << 16, 1 << 20).unwrap_err();
        assert_eq!(error.code, "ERR_BUFFER_TOO_LARGE");
    }
}
