//! The deflate family (zlib, gzip, raw deflate) over zlib-rs, with the return-code handling of
//! Node's zlib binding: which statuses are errors, the "unexpected end of file" of a truncated
//! input under `Z_FINISH`, dictionaries, and gzip members following one another.

use zlib_rs::{
    DeflateConfig, DeflateError, DeflateFlush, InflateError, InflateFlush, Status, Strategy,
};

use super::{CodecError, Mode, Progress, Z_BUF_ERROR, Z_FINISH, Z_NEED_DICT};

/// What a zlib handle is created with; the ranges were checked by the shim, and are checked
/// again here because an out-of-range value would make zlib-rs panic.
#[derive(Debug, Clone)]
pub struct ZlibOptions {
    pub mode: Mode,
    /// 8..=15, or 0 for the decoders ("whatever the header says").
    pub window_bits: i32,
    /// -1 (default) or 0..=9.
    pub level: i32,
    pub mem_level: i32,
    pub strategy: i32,
    pub dictionary: Option<Vec<u8>>,
}

impl ZlibOptions {
    #[cfg(test)]
    pub fn new(mode: Mode) -> Self {
        ZlibOptions {
            mode,
            window_bits: 15,
            level: -1,
            mem_level: 8,
            strategy: 0,
            dictionary: None,
        }
    }

    fn validate(&self) -> Result<(), CodecError> {
        let decoder = matches!(self.mode, Mode::Inflate | Mode::Gunzip | Mode::Unzip);
        let window_ok = (8..=15).contains(&self.window_bits) || (decoder && self.window_bits == 0);
        if !window_ok
            || !(-1..=9).contains(&self.level)
            || !(1..=9).contains(&self.mem_level)
            || !(0..=4).contains(&self.strategy)
            || self.mode.is_brotli()
        {
            return Err(CodecError::init_failed());
        }
        Ok(())
    }

    /// Bytes of native state the codec holds, for the run's budget (measured on zlib-rs:
    /// deflate keeps two windows, a chain and a 64 Ki-entry hash table, plus buffers sized by
    /// memLevel; inflate one window).
    pub fn native_bytes(&self) -> usize {
        let window = 1usize << self.window_bits.clamp(9, 15);
        if self.mode.is_compressor() {
            4 * window + (128 << 10) + 7 * (1usize << (self.mem_level.clamp(1, 9) + 6))
        } else {
            (1 << 15) + (16 << 10)
        }
    }
}

enum Stream {
    Deflate(zlib_rs::Deflate),
    Inflate(zlib_rs::Inflate),
}

pub struct ZlibCodec {
    options: ZlibOptions,
    /// The format being decoded: `Unzip` becomes `Gunzip` or `Inflate` once the first two
    /// bytes are known, as in Node, so that gzip members are handled the same way.
    mode: Mode,
    gzip_magic_seen: u8,
    stream: Stream,
}

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

impl ZlibCodec {
    pub fn new(options: ZlibOptions) -> Result<Self, CodecError> {
        options.validate()?;
        let mut codec = ZlibCodec {
            mode: options.mode,
            gzip_magic_seen: 0,
            stream: new_stream(&options),
            options,
        };
        codec.apply_initial_dictionary()?;
        Ok(codec)
    }

    /// Deflate modes and raw inflate take the dictionary up front; zlib-wrapped inflate asks
    /// for it (`NeedDict`) after reading the header. Node ignores it for gzip.
    fn apply_initial_dictionary(&mut self) -> Result<(), CodecError> {
        let Some(dictionary) = &self.options.dictionary else {
            return Ok(());
        };
        let failed = match (&mut self.stream, self.options.mode) {
            (Stream::Deflate(d), Mode::Deflate | Mode::DeflateRaw) => {
                d.set_dictionary(dictionary).is_err()
            }
            (Stream::Inflate(i), Mode::InflateRaw) => i.set_dictionary(dictionary).is_err(),
            _ => false,
        };
        if failed {
            return Err(CodecError::init_failed());
        }
        Ok(())
    }

    pub fn reset(&mut self) -> Result<(), CodecError> {
        match &mut self.stream {
            Stream::Deflate(d) => d.reset(),
            // zlib-rs' own reset forgets the window size and the wrapper: start afresh.
            Stream::Inflate(_) => self.stream = new_stream(&self.options),
        }
        self.mode = self.options.mode;
        self.gzip_magic_seen = 0;
        self.apply_initial_dictionary()
    }

    /// `deflateParams`: Node calls it right after a sync flush, so nothing is pending.
    /// zlib-rs' stable API changes the level only (the strategy keeps its initial value),
    /// and mid-stream only between levels of the same matching algorithm: elsewhere it
    /// refuses (it would need an output buffer to flush into) and the old level stays. Either
    /// way the output decodes to the same bytes; only its size differs.
    pub fn set_level(&mut self, level: i32) -> Result<(), CodecError> {
        match &mut self.stream {
            Stream::Deflate(d) if (-1..=9).contains(&level) => match d.set_level(level) {
                Ok(_) | Err(DeflateError::StreamError) => Ok(()),
                Err(e) => Err(CodecError::zlib(e as i32, d.error_message(), "Zlib error")),
            },
            _ => Err(CodecError::zlib(-2, None, "Zlib error")),
        }
    }

    pub fn write(
        &mut self,
        flush: i32,
        input: &[u8],
        output: &mut [u8],
    ) -> Result<Progress, CodecError> {
        match &mut self.stream {
            Stream::Deflate(deflate) => {
                let mode = DeflateFlush::try_from(flush)
                    .map_err(|()| CodecError::zlib(-2, None, "Zlib error"))?;
                let (in0, out0) = (deflate.total_in(), deflate.total_out());
                let result = deflate.compress(input, output, mode);
                let progress = Progress {
                    read: (deflate.total_in() - in0) as usize,
                    written: (deflate.total_out() - out0) as usize,
                };
                match result {
                    Ok(status) => check_end(status, flush, progress, output.len()),
                    Err(e) => Err(CodecError::zlib(
                        e as i32,
                        deflate.error_message(),
                        "Zlib error",
                    )),
                }
            }
            Stream::Inflate(_) => self.inflate(flush, input, output),
        }
    }

    fn inflate(
        &mut self,
        flush: i32,
        input: &[u8],
        output: &mut [u8],
    ) -> Result<Progress, CodecError> {
        let mode = match flush {
            0 => InflateFlush::NoFlush,
            // Inflate makes no difference between the flushes that are not "finish" or
            // "block"; zlib-rs only names the sync one.
            1..=3 => InflateFlush::SyncFlush,
            4 => InflateFlush::Finish,
            5 => InflateFlush::Block,
            _ => return Err(CodecError::zlib(-2, None, "Zlib error")),
        };
        if self.mode == Mode::Unzip {
            self.detect_format(input);
        }
        let mut progress = Progress::default();
        let mut status = self.inflate_step(mode, input, output, &mut progress)?;
        // After a gzip member, another may follow; zero bytes are padding, anything else
        // must be a member (else the header check fails, as in Node).
        while status == Status::StreamEnd
            && self.mode == Mode::Gunzip
            && input.get(progress.read).is_some_and(|&b| b != 0)
        {
            self.stream = new_stream(&self.options);
            status = self.inflate_step(mode, input, output, &mut progress)?;
        }
        check_end(status, flush, progress, output.len())
    }

    /// One inflate call on what is left of `input`/`output`, supplying the dictionary when
    /// the stream asks for it.
    fn inflate_step(
        &mut self,
        mode: InflateFlush,
        input: &[u8],
        output: &mut [u8],
        progress: &mut Progress,
    ) -> Result<Status, CodecError> {
        let Stream::Inflate(inflate) = &mut self.stream else {
            unreachable!("inflate_step runs on decoders only");
        };
        let mut call = |inflate: &mut zlib_rs::Inflate, progress: &mut Progress| {
            let (in0, out0) = (inflate.total_in(), inflate.total_out());
            let result = inflate.decompress(
                &input[progress.read..],
                &mut output[progress.written..],
                mode,
            );
            progress.read += (inflate.total_in() - in0) as usize;
            progress.written += (inflate.total_out() - out0) as usize;
            result
        };
        let result = match call(inflate, progress) {
            Err(InflateError::NeedDict { .. }) => match &self.options.dictionary {
                None => return Err(CodecError::zlib(Z_NEED_DICT, None, "Missing dictionary")),
                Some(dictionary) => {
                    if inflate.set_dictionary(dictionary).is_err() {
                        return Err(CodecError::zlib(Z_NEED_DICT, None, "Bad dictionary"));
                    }
                    call(inflate, progress)
                }
            },
            other => other,
        };
        result.map_err(|e| match e {
            InflateError::NeedDict { .. } => CodecError::zlib(Z_NEED_DICT, None, "Bad dictionary"),
            other => CodecError::zlib(inflate_errno(other), inflate.error_message(), "Zlib error"),
        })
    }

    /// Unzip reads the gzip magic bytes (possibly split across writes) to know whether it is
    /// gunzipping; zlib-rs itself auto-detects the wrapper.
    fn detect_format(&mut self, input: &[u8]) {
        for &byte in input {
            if byte != GZIP_MAGIC[usize::from(self.gzip_magic_seen)] {
                self.mode = Mode::Inflate;
                return;
            }
            self.gzip_magic_seen += 1;
            if usize::from(self.gzip_magic_seen) == GZIP_MAGIC.len() {
                self.mode = Mode::Gunzip;
                return;
            }
        }
    }
}

fn new_stream(options: &ZlibOptions) -> Stream {
    // Node's modes map onto zlib's windowBits conventions: negative for raw, +16 for gzip,
    // +32 for "either zlib or gzip".
    let bits = options.window_bits;
    match options.mode {
        Mode::Deflate | Mode::Gzip | Mode::DeflateRaw => {
            // zlib turns a window of 8 into 9 itself, except for raw and gzip where it
            // refuses it; Node passes 9 for those, and zlib-rs would panic on a refusal.
            let bits = bits.max(9);
            let window_bits = match options.mode {
                Mode::Gzip => bits + 16,
                Mode::DeflateRaw => -bits,
                _ => bits,
            };
            Stream::Deflate(zlib_rs::Deflate::new_with_config(DeflateConfig {
                level: options.level,
                window_bits,
                mem_level: options.mem_level,
                strategy: strategy(options.strategy),
                ..DeflateConfig::default()
            }))
        }
        _ => {
            // 0 means "the size in the header"; 15 accepts every header, so it is the same.
            let bits = if bits == 0 { 15 } else { bits } as u8;
            Stream::Inflate(match options.mode {
                Mode::Gunzip => zlib_rs::Inflate::new(true, bits + 16),
                Mode::Unzip => zlib_rs::Inflate::new(true, bits + 32),
                Mode::InflateRaw => zlib_rs::Inflate::new(false, bits),
                _ => zlib_rs::Inflate::new(true, bits),
            })
        }
    }
}

fn inflate_errno(error: InflateError) -> i32 {
    match error {
        InflateError::NeedDict { .. } => Z_NEED_DICT,
        InflateError::StreamError => -2,
        InflateError::DataError => -3,
        InflateError::MemError => -4,
    }
}

fn strategy(value: i32) -> Strategy {
    match value {
        1 => Strategy::Filtered,
        2 => Strategy::HuffmanOnly,
        3 => Strategy::Rle,
        4 => Strategy::Fixed,
        _ => Strategy::Default,
    }
}

/// Node's rule: with `Z_FINISH`, a call that neither ended the stream nor filled the output
/// means the input stopped early. Any other non-error status is progress.
fn check_end(
    status: Status,
    flush: i32,
    progress: Progress,
    output_len: usize,
) -> Result<Progress, CodecError> {
    let stalled = matches!(status, Status::Ok | Status::BufError);
    if stalled && flush == Z_FINISH && progress.written < output_len {
        let errno = if status == Status::BufError {
            Z_BUF_ERROR
        } else {
            0
        };
        return Err(CodecError::zlib(errno, None, "unexpected end of file"));
    }
    Ok(progress)
}

#[cfg(test)]
mod tests {
    use super::super::Codec;
    use super::*;

    fn codec(mode: Mode) -> Codec {
        Codec::Zlib(ZlibCodec::new(ZlibOptions::new(mode)).unwrap())
    }

    fn with(options: ZlibOptions) -> Codec {
        Codec::Zlib(ZlibCodec::new(options).unwrap())
    }

    #[test]
    fn each_format_round_trips_at_each_level() {
        let text: Vec<u8> = (0..50_000u32)
            .flat_map(|i| (i % 97).to_le_bytes())
            .collect();
        for (encode, decode) in [
            (Mode::Deflate, Mode::Inflate),
            (Mode::Gzip, Mode::Gunzip),
            (Mode::DeflateRaw, Mode::InflateRaw),
            (Mode::Gzip, Mode::Unzip),
            (Mode::Deflate, Mode::Unzip),
        ] {
            for level in [-1, 0, 1, 6, 9] {
                let options = ZlibOptions {
                    level,
                    ..ZlibOptions::new(encode)
                };
                let packed = with(options)
                    .run(&text, Z_FINISH, 1000, usize::MAX)
                    .unwrap();
                let unpacked = codec(decode)
                    .run(&packed, Z_FINISH, 777, usize::MAX)
                    .unwrap();
                assert_eq!(unpacked, text, "{encode:?} -> {decode:?} at level {level}");
            }
        }
    }

    #[test]
    fn gzip_header_is_nodes() {
        let packed = codec(Mode::Gzip)
            .run(b"abc", Z_FINISH, 64, usize::MAX)
            .unwrap();
        assert_eq!(&packed[..10], &[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
    }

    #[test]
    fn decodes_what_node_wrote() {
        // zlib.deflateSync('hello world hello world') under Node 20.
        let node = [
            0x78, 0x9c, 0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0x57, 0x28, 0xcf, 0x2f, 0xca, 0x49, 0x51,
            0xc8, 0x40, 0xb0, 0x01, 0x69, 0xe7, 0x08, 0xd9,
        ];
        let text = codec(Mode::Inflate)
            .run(&node, Z_FINISH, 64, usize::MAX)
            .unwrap();
        assert_eq!(text, b"hello world hello world");
    }

    #[test]
    fn truncated_input_is_an_unexpected_end_unless_sync_flushed() {
        let packed = codec(Mode::Gzip)
            .run(b"hello world hello world", Z_FINISH, 64, usize::MAX)
            .unwrap();
        let cut = &packed[..packed.len() - 6];
        let error = codec(Mode::Gunzip)
            .run(cut, Z_FINISH, 64, usize::MAX)
            .unwrap_err();
        assert_eq!(
            (error.message.as_str(), error.code.as_str(), error.errno),
            ("unexpected end of file", "Z_BUF_ERROR", Some(-5))
        );
        // `finishFlush: Z_SYNC_FLUSH` (what `request` uses) keeps what could be decoded.
        let partial = codec(Mode::Gunzip).run(cut, 2, 64, usize::MAX).unwrap();
        assert_eq!(partial, b"hello world hello world");
        let empty = codec(Mode::Inflate).run(b"", Z_FINISH, 64, usize::MAX);
        assert_eq!(empty.unwrap_err().message, "unexpected end of file");
    }

    #[test]
    fn invalid_data_reports_zlibs_message() {
        let cases: [(Mode, &[u8], &str); 4] = [
            (Mode::Gunzip, b"hello there", "incorrect header check"),
            (Mode::Inflate, b"hello there", "incorrect header check"),
            (Mode::InflateRaw, &[0xff, 0xff], "invalid block type"),
            (Mode::Unzip, b"hello there", "incorrect header check"),
        ];
        for (mode, input, message) in cases {
            let error = codec(mode)
                .run(input, Z_FINISH, 64, usize::MAX)
                .unwrap_err();
            assert_eq!(error.message, message, "{mode:?}");
            assert_eq!(
                (error.code.as_str(), error.errno),
                ("Z_DATA_ERROR", Some(-3))
            );
        }
    }

    #[test]
    fn gzip_members_concatenate_and_zero_padding_is_ignored() {
        let member = codec(Mode::Gzip)
            .run(b"ab", Z_FINISH, 64, usize::MAX)
            .unwrap();
        let two = [member.clone(), member.clone(), vec![0; 5]].concat();
        for mode in [Mode::Gunzip, Mode::Unzip] {
            let text = codec(mode).run(&two, Z_FINISH, 64, usize::MAX).unwrap();
            assert_eq!(text, b"abab");
        }
        let garbage = [member, b"garbage".to_vec()].concat();
        let error = codec(Mode::Gunzip)
            .run(&garbage, Z_FINISH, 64, usize::MAX)
            .unwrap_err();
        assert_eq!(error.message, "incorrect header check");
    }

    #[test]
    fn unzip_detects_gzip_split_across_writes() {
        let packed = codec(Mode::Gzip)
            .run(b"split", Z_FINISH, 64, usize::MAX)
            .unwrap();
        let mut unzip = codec(Mode::Unzip);
        let mut out = vec![0; 64];
        let first = unzip.write(0, &packed[..1], &mut out).unwrap();
        assert_eq!(first.read, 1);
        let rest = unzip.write(Z_FINISH, &packed[1..], &mut out).unwrap();
        assert_eq!(&out[..rest.written], b"split");
    }

    #[test]
    fn dictionaries_as_node_uses_them() {
        let dictionary = Some(b"hello".to_vec());
        for (encode, decode) in [
            (Mode::Deflate, Mode::Inflate),
            (Mode::DeflateRaw, Mode::InflateRaw),
        ] {
            let packed = with(ZlibOptions {
                dictionary: dictionary.clone(),
                ..ZlibOptions::new(encode)
            })
            .run(b"hello hello", Z_FINISH, 64, usize::MAX)
            .unwrap();
            let text = with(ZlibOptions {
                dictionary: dictionary.clone(),
                ..ZlibOptions::new(decode)
            })
            .run(&packed, Z_FINISH, 64, usize::MAX)
            .unwrap();
            assert_eq!(text, b"hello hello");
        }
        let packed = with(ZlibOptions {
            dictionary: dictionary.clone(),
            ..ZlibOptions::new(Mode::Deflate)
        })
        .run(b"hello", Z_FINISH, 64, usize::MAX)
        .unwrap();
        let missing = codec(Mode::Inflate).run(&packed, Z_FINISH, 64, usize::MAX);
        let missing = missing.unwrap_err();
        assert_eq!(
            (
                missing.message.as_str(),
                missing.code.as_str(),
                missing.errno
            ),
            ("Missing dictionary", "Z_NEED_DICT", Some(2))
        );
        let bad = with(ZlibOptions {
            dictionary: Some(b"xx".to_vec()),
            ..ZlibOptions::new(Mode::Inflate)
        })
        .run(&packed, Z_FINISH, 64, usize::MAX);
        assert_eq!(bad.unwrap_err().message, "Bad dictionary");
    }

    #[test]
    fn window_bits_edges_never_panic() {
        for mode in [
            Mode::Deflate,
            Mode::Gzip,
            Mode::DeflateRaw,
            Mode::Inflate,
            Mode::InflateRaw,
            Mode::Gunzip,
            Mode::Unzip,
        ] {
            for window_bits in [-1, 0, 7, 8, 9, 15, 16, 47] {
                let options = ZlibOptions {
                    window_bits,
                    ..ZlibOptions::new(mode)
                };
                if let Ok(codec) = ZlibCodec::new(options) {
                    let _ = Codec::Zlib(codec).run(b"xyz", Z_FINISH, 64, usize::MAX);
                }
            }
        }
        let raw8 = ZlibOptions {
            window_bits: 8,
            ..ZlibOptions::new(Mode::DeflateRaw)
        };
        let packed = with(raw8).run(b"hello", Z_FINISH, 64, usize::MAX).unwrap();
        let back = with(ZlibOptions {
            window_bits: 8,
            ..ZlibOptions::new(Mode::InflateRaw)
        })
        .run(&packed, Z_FINISH, 64, usize::MAX);
        assert_eq!(back.unwrap(), b"hello");
    }

    #[test]
    fn every_flush_mode_keeps_the_stream_decodable() {
        let mut gzip = codec(Mode::Gzip);
        let mut packed = Vec::new();
        for flush in [0, 1, 2, 3, 5] {
            packed.extend(gzip.run(b"chunk ", flush, 64, usize::MAX).unwrap());
        }
        packed.extend(gzip.run(b"", Z_FINISH, 64, usize::MAX).unwrap());
        let text = codec(Mode::Gunzip)
            .run(&packed, Z_FINISH, 64, usize::MAX)
            .unwrap();
        assert_eq!(text, b"chunk chunk chunk chunk chunk ");
    }

    #[test]
    fn level_changes_apply_before_data_and_keep_streams_valid_after() {
        let set_level = |codec: &mut Codec, level| {
            let Codec::Zlib(zlib) = codec else {
                unreachable!("a zlib codec")
            };
            zlib.set_level(level).unwrap();
        };
        let mut deflate = codec(Mode::Deflate);
        set_level(&mut deflate, 9);
        let mut packed = deflate.run(b"first ", 2, 64, usize::MAX).unwrap();
        assert_eq!(&packed[..2], &[0x78, 0xda], "the header names level 9");
        for level in [1, 6, 0, 9] {
            set_level(&mut deflate, level);
            packed.extend(deflate.run(b"more ", 2, 64, usize::MAX).unwrap());
        }
        packed.extend(deflate.run(b"end", Z_FINISH, 64, usize::MAX).unwrap());
        let text = codec(Mode::Inflate)
            .run(&packed, Z_FINISH, 64, usize::MAX)
            .unwrap();
        assert_eq!(text, b"first more more more more end");
    }

    #[test]
    fn a_bomb_stops_at_the_output_cap() {
        let zeros = vec![0u8; 8 << 20];
        let bomb = codec(Mode::Gzip)
            .run(&zeros, Z_FINISH, 1 << 16, usize::MAX)
            .unwrap();
        assert!(bomb.len() < 16 << 10);
        let error = codec(Mode::Gunzip)
            .run(&bomb, Z_FINISH, 1 << 16, 1 << 20)
            .unwrap_err();
        assert_eq!(error.code, "ERR_BUFFER_TOO_LARGE");
    }
}
