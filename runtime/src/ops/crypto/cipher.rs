//! AES ciphers for `createCipheriv`/`createDecipheriv`: ECB and CBC (PKCS#7 padding), CTR and
//! GCM, streamed the way OpenSSL's EVP interface streams them, since Node's `update` output sizes
//! follow it.

use aes::cipher::consts::U16;
use aes::cipher::inout::InOutBuf;
use aes::cipher::{
    BlockCipher, BlockDecrypt, BlockDecryptMut, BlockEncrypt, BlockEncryptMut, KeyInit, KeyIvInit,
    StreamCipher,
};
use aes::{Aes128, Aes192, Aes256};
use rquickjs::{class::Trace, Class, Ctx, Function, JsLifetime, Object, Result, TypedArray, Value};

use super::gcm::Gcm;
use super::read_bytes;

const BLOCK: usize = 16;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Ecb,
    Cbc,
    Ctr,
    Gcm,
}

#[derive(Debug, PartialEq, Eq)]
pub struct CipherSpec {
    pub name: &'static str,
    /// OpenSSL's numeric id, which `getCipherInfo` reports.
    pub nid: u32,
    pub key_len: usize,
    /// The IV length the mode requires; GCM's is only the default (any non-empty IV works).
    pub iv_len: usize,
    pub mode: Mode,
}

impl CipherSpec {
    pub fn block_size(&self) -> usize {
        match self.mode {
            Mode::Ecb | Mode::Cbc => BLOCK,
            Mode::Ctr | Mode::Gcm => 1,
        }
    }
}

const fn spec(name: &'static str, nid: u32, key_len: usize, mode: Mode) -> CipherSpec {
    let iv_len = match mode {
        Mode::Ecb => 0,
        Mode::Gcm => 12,
        Mode::Cbc | Mode::Ctr => BLOCK,
    };
    CipherSpec {
        name,
        nid,
        key_len,
        iv_len,
        mode,
    }
}

pub const CIPHERS: &[CipherSpec] = &[
    spec("aes-128-cbc", 419, 16, Mode::Cbc),
    spec("aes-128-ctr", 904, 16, Mode::Ctr),
    spec("aes-128-ecb", 418, 16, Mode::Ecb),
    spec("aes-128-gcm", 895, 16, Mode::Gcm),
    spec("aes-192-cbc", 423, 24, Mode::Cbc),
    spec("aes-192-ctr", 905, 24, Mode::Ctr),
    spec("aes-192-ecb", 422, 24, Mode::Ecb),
    spec("aes-192-gcm", 898, 24, Mode::Gcm),
    spec("aes-256-cbc", 427, 32, Mode::Cbc),
    spec("aes-256-ctr", 906, 32, Mode::Ctr),
    spec("aes-256-ecb", 426, 32, Mode::Ecb),
    spec("aes-256-gcm", 901, 32, Mode::Gcm),
];

/// OpenSSL's other names for the ciphers above.
pub const ALIASES: &[(&str, &str)] = &[
    ("aes128", "aes-128-cbc"),
    ("aes192", "aes-192-cbc"),
    ("aes256", "aes-256-cbc"),
    ("id-aes128-GCM", "aes-128-gcm"),
    ("id-aes192-GCM", "aes-192-gcm"),
    ("id-aes256-GCM", "aes-256-gcm"),
];

/// Finds a cipher by any of its names, without case, as OpenSSL does.
pub fn find(name: &str) -> Option<&'static CipherSpec> {
    let name = ALIASES
        .iter()
        .find(|(alias, _)| alias.eq_ignore_ascii_case(name))
        .map_or(name, |(_, target)| target);
    CIPHERS.iter().find(|c| c.name.eq_ignore_ascii_case(name))
}

/// How a cipher fails; the shim turns each into Node's error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// Block modes: the text left at `final` is not whole blocks.
    WrongFinalBlockLength,
    /// Decryption found no valid PKCS#7 padding (wrong key, IV or data).
    BadDecrypt,
    /// GCM decryption: the tag is missing or does not match.
    Unauthenticated,
    /// CTR and GCM: more text than one IV's keystream covers.
    KeystreamExhausted,
}

impl Failure {
    fn name(self) -> &'static str {
        match self {
            Failure::WrongFinalBlockLength => "wrong-final-block-length",
            Failure::BadDecrypt => "bad-decrypt",
            Failure::Unauthenticated => "unauthenticated",
            Failure::KeystreamExhausted => "keystream-exhausted",
        }
    }
}

/// ECB and CBC, encrypting or decrypting whole blocks in place (an object-safe view of the
/// `cipher` crate's generic block modes).
trait BlockChain {
    fn process(&mut self, blocks: &mut [u8]);
}

struct EcbEncrypt<C>(C);
struct EcbDecrypt<C>(C);

impl<C: BlockEncrypt + BlockCipher<BlockSize = U16>> BlockChain for EcbEncrypt<C> {
    fn process(&mut self, data: &mut [u8]) {
        let (blocks, _) = InOutBuf::from(data).into_chunks::<U16>();
        self.0.encrypt_blocks_inout(blocks);
    }
}

impl<C: BlockDecrypt + BlockCipher<BlockSize = U16>> BlockChain for EcbDecrypt<C> {
    fn process(&mut self, data: &mut [u8]) {
        let (blocks, _) = InOutBuf::from(data).into_chunks::<U16>();
        self.0.decrypt_blocks_inout(blocks);
    }
}

impl<C: BlockEncryptMut + BlockCipher<BlockSize = U16>> BlockChain for cbc::Encryptor<C> {
    fn process(&mut self, data: &mut [u8]) {
        let (blocks, _) = InOutBuf::from(data).into_chunks::<U16>();
        self.encrypt_blocks_inout_mut(blocks);
    }
}

impl<C: BlockDecryptMut + BlockCipher<BlockSize = U16>> BlockChain for cbc::Decryptor<C> {
    fn process(&mut self, data: &mut [u8]) {
        let (blocks, _) = InOutBuf::from(data).into_chunks::<U16>();
        self.decrypt_blocks_inout_mut(blocks);
    }
}

enum Engine {
    Block {
        chain: Box<dyn BlockChain>,
        /// Bytes not yet processed: a partial block, or when decrypting with padding, the last
        /// whole block, which `final` must see to strip the padding.
        pending: Vec<u8>,
        padding: bool,
    },
    Stream(Box<dyn StreamCipher>),
    Gcm(Box<Gcm>),
}

/// One `Cipheriv` or `Decipheriv`.
pub struct Cipher {
    engine: Engine,
    decrypt: bool,
    /// GCM decryption: the expected tag (possibly truncated), set before `finish`.
    expected_tag: Option<Vec<u8>>,
}

/// Why a cipher could not be set up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetupError {
    KeyLength,
    IvLength,
}

fn build<C>(mode: Mode, key: &[u8], iv: &[u8], decrypt: bool) -> Option<Engine>
where
    C: BlockCipher<BlockSize = U16> + BlockEncrypt + BlockDecrypt + KeyInit + Clone + 'static,
{
    let block = |chain: Box<dyn BlockChain>| Engine::Block {
        chain,
        pending: Vec::new(),
        padding: true,
    };
    Some(match (mode, decrypt) {
        (Mode::Ecb, false) => block(Box::new(EcbEncrypt(C::new_from_slice(key).ok()?))),
        (Mode::Ecb, true) => block(Box::new(EcbDecrypt(C::new_from_slice(key).ok()?))),
        (Mode::Cbc, false) => block(Box::new(
            cbc::Encryptor::<C>::new_from_slices(key, iv).ok()?,
        )),
        (Mode::Cbc, true) => block(Box::new(
            cbc::Decryptor::<C>::new_from_slices(key, iv).ok()?,
        )),
        // OpenSSL's CTR counts with the whole 128-bit block, wrapping.
        (Mode::Ctr, _) => {
            Engine::Stream(Box::new(ctr::Ctr128BE::<C>::new_from_slices(key, iv).ok()?))
        }
        (Mode::Gcm, _) => Engine::Gcm(Box::new(Gcm::new::<C>(key, iv, decrypt)?)),
    })
}

impl Cipher {
    pub fn new(
        spec: &CipherSpec,
        key: &[u8],
        iv: &[u8],
        decrypt: bool,
    ) -> std::result::Result<Self, SetupError> {
        // OpenSSL (so Node) checks the IV first.
        let iv_ok = match spec.mode {
            Mode::Gcm => !iv.is_empty(),
            _ => iv.len() == spec.iv_len,
        };
        if !iv_ok {
            return Err(SetupError::IvLength);
        }
        if key.len() != spec.key_len {
            return Err(SetupError::KeyLength);
        }
        let engine = match spec.key_len {
            16 => build::<Aes128>(spec.mode, key, iv, decrypt),
            24 => build::<Aes192>(spec.mode, key, iv, decrypt),
            _ => build::<Aes256>(spec.mode, key, iv, decrypt),
        };
        Ok(Cipher {
            engine: engine.ok_or(SetupError::KeyLength)?,
            decrypt,
            expected_tag: None,
        })
    }

    pub fn update(&mut self, input: &[u8]) -> std::result::Result<Vec<u8>, Failure> {
        match &mut self.engine {
            Engine::Block {
                chain,
                pending,
                padding,
            } => {
                pending.extend_from_slice(input);
                let mut ready = pending.len() / BLOCK * BLOCK;
                if self.decrypt && *padding && ready == pending.len() {
                    ready = ready.saturating_sub(BLOCK);
                }
                let rest = pending.split_off(ready);
                let mut out = std::mem::replace(pending, rest);
                chain.process(&mut out);
                Ok(out)
            }
            Engine::Stream(stream) => {
                let mut out = input.to_vec();
                stream
                    .try_apply_keystream(&mut out)
                    .map_err(|_| Failure::KeystreamExhausted)?;
                Ok(out)
            }
            Engine::Gcm(gcm) => {
                let mut out = input.to_vec();
                gcm.apply(&mut out)
                    .map_err(|_| Failure::KeystreamExhausted)?;
                Ok(out)
            }
        }
    }

    /// The last bytes; for GCM decryption, also checks the tag.
    pub fn finish(&mut self) -> std::result::Result<Vec<u8>, Failure> {
        match &mut self.engine {
            Engine::Block {
                chain,
                pending,
                padding,
            } => {
                let mut last = std::mem::take(pending);
                if !*padding {
                    if last.is_empty() {
                        return Ok(last);
                    }
                    if last.len() != BLOCK {
                        return Err(Failure::WrongFinalBlockLength);
                    }
                    chain.process(&mut last);
                    return Ok(last);
                }
                if self.decrypt {
                    if last.len() != BLOCK {
                        return Err(Failure::WrongFinalBlockLength);
                    }
                    chain.process(&mut last);
                    let kept = unpad(&last).ok_or(Failure::BadDecrypt)?;
                    last.truncate(kept);
                } else {
                    let fill = BLOCK - last.len();
                    last.resize(BLOCK, fill as u8);
                    chain.process(&mut last);
                }
                Ok(last)
            }
            Engine::Stream(_) => Ok(Vec::new()),
            Engine::Gcm(gcm) => {
                if self.decrypt {
                    let tag = gcm.tag();
                    let expected = self
                        .expected_tag
                        .as_deref()
                        .ok_or(Failure::Unauthenticated)?;
                    let same: bool =
                        subtle::ConstantTimeEq::ct_eq(&tag[..expected.len()], expected).into();
                    if !same {
                        return Err(Failure::Unauthenticated);
                    }
                }
                Ok(Vec::new())
            }
        }
    }

    /// PKCS#7 padding on or off; stream modes have none, and ignore it.
    pub fn set_padding(&mut self, on: bool) {
        if let Engine::Block { padding, .. } = &mut self.engine {
            *padding = on;
        }
    }

    /// GCM only, and only before any text.
    pub fn set_aad(&mut self, aad: &[u8]) -> bool {
        match &mut self.engine {
            Engine::Gcm(gcm) => gcm.add_aad(aad),
            _ => false,
        }
    }

    /// GCM encryption: the 16-byte tag of everything processed.
    pub fn auth_tag(&self) -> Option<[u8; 16]> {
        match &self.engine {
            Engine::Gcm(gcm) if !self.decrypt => Some(gcm.tag()),
            _ => None,
        }
    }

    /// GCM decryption: the tag `finish` must find (1 to 16 bytes; the shim enforces Node's
    /// allowed lengths).
    pub fn set_auth_tag(&mut self, tag: &[u8]) -> bool {
        let fits = matches!(self.engine, Engine::Gcm(_)) && self.decrypt;
        if fits && (1..=16).contains(&tag.len()) {
            self.expected_tag = Some(tag.to_vec());
        }
        fits
    }
}

/// Length of the text inside a PKCS#7-padded block.
fn unpad(block: &[u8]) -> Option<usize> {
    let n = usize::from(*block.last()?);
    if n == 0 || n > block.len() {
        return None;
    }
    let (text, padding) = block.split_at(block.len() - n);
    padding
        .iter()
        .all(|&b| usize::from(b) == n)
        .then_some(text.len())
}

/// A cipher in progress, for the shim; failures come back as a string naming them, instead of
/// the output bytes.
#[derive(Trace, JsLifetime)]
#[rquickjs::class(rename = "CipherHandle")]
pub struct CipherHandle {
    #[qjs(skip_trace)]
    cipher: Cipher,
}

fn bytes_or_failure<'js>(
    ctx: Ctx<'js>,
    result: std::result::Result<Vec<u8>, Failure>,
) -> Result<Value<'js>> {
    match result {
        Ok(bytes) => Ok(TypedArray::new(ctx, bytes)?.into_value()),
        Err(failure) => Ok(rquickjs::String::from_str(ctx, failure.name())?.into_value()),
    }
}

#[rquickjs::methods(rename_all = "camelCase")]
impl CipherHandle {
    pub fn update<'js>(&mut self, ctx: Ctx<'js>, data: TypedArray<'js, u8>) -> Result<Value<'js>> {
        let result = read_bytes(&ctx, &data, |bytes| self.cipher.update(bytes))?;
        bytes_or_failure(ctx, result)
    }

    #[qjs(rename = "final")]
    pub fn finish<'js>(&mut self, ctx: Ctx<'js>) -> Result<Value<'js>> {
        let result = self.cipher.finish();
        bytes_or_failure(ctx, result)
    }

    pub fn set_auto_padding(&mut self, on: bool) {
        self.cipher.set_padding(on);
    }

    #[qjs(rename = "setAAD")]
    pub fn set_aad(&mut self, ctx: Ctx<'_>, data: TypedArray<'_, u8>) -> Result<bool> {
        read_bytes(&ctx, &data, |bytes| self.cipher.set_aad(bytes))
    }

    pub fn get_auth_tag<'js>(&self, ctx: Ctx<'js>) -> Result<Option<TypedArray<'js, u8>>> {
        self.cipher
            .auth_tag()
            .map(|tag| TypedArray::new(ctx, tag.to_vec()))
            .transpose()
    }

    pub fn set_auth_tag(&mut self, ctx: Ctx<'_>, tag: TypedArray<'_, u8>) -> Result<bool> {
        read_bytes(&ctx, &tag, |bytes| self.cipher.set_auth_tag(bytes))
    }
}

/// `{ name, nid, keyLength, ivLength, blockSize, mode }`, or `undefined` for an unknown name.
fn cipher_info<'js>(ctx: Ctx<'js>, name: String) -> Result<Option<Object<'js>>> {
    let Some(spec) = find(&name) else {
        return Ok(None);
    };
    let info = Object::new(ctx)?;
    info.set("name", spec.name)?;
    info.set("nid", spec.nid)?;
    info.set("keyLength", spec.key_len)?;
    info.set("ivLength", spec.iv_len)?;
    info.set("blockSize", spec.block_size())?;
    info.set("mode", format!("{:?}", spec.mode).to_lowercase())?;
    Ok(Some(info))
}

/// A `CipherHandle`, or the string "unknown", "key" or "iv" naming what is wrong.
fn create_cipher<'js>(
    ctx: Ctx<'js>,
    name: String,
    key: TypedArray<'js, u8>,
    iv: TypedArray<'js, u8>,
    decrypt: bool,
) -> Result<Value<'js>> {
    let problem =
        |ctx: Ctx<'js>, what: &str| Ok(rquickjs::String::from_str(ctx, what)?.into_value());
    let Some(spec) = find(&name) else {
        return problem(ctx, "unknown");
    };
    let key = read_bytes(&ctx, &key, <[u8]>::to_vec)?;
    match read_bytes(&ctx, &iv, |iv| Cipher::new(spec, &key, iv, decrypt))? {
        Ok(cipher) => Ok(Class::instance(ctx, CipherHandle { cipher })?.into_value()),
        Err(SetupError::KeyLength) => problem(ctx, "key"),
        Err(SetupError::IvLength) => problem(ctx, "iv"),
    }
}

pub(crate) fn install(ops: &Object<'_>) -> Result<()> {
    let ctx = ops.ctx().clone();
    ops.set("cipherInfo", Function::new(ctx.clone(), cipher_info)?)?;
    ops.set("cipherCreate", Function::new(ctx.clone(), create_cipher)?)?;
    let mut names: Vec<&str> = CIPHERS
        .iter()
        .map(|c| c.name)
        .chain(ALIASES.iter().map(|(alias, _)| *alias))
        .collect();
    names.sort_unstable();
    ops.set("cipherNames", names)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unhex(text: &str) -> Vec<u8> {
        hex::decode(text).unwrap()
    }

    /// Runs a whole text through a cipher in pieces of `step` bytes.
    fn run(
        name: &str,
        key: &[u8],
        iv: &[u8],
        decrypt: bool,
        padding: bool,
        text: &[u8],
        step: usize,
    ) -> std::result::Result<Vec<u8>, Failure> {
        let mut cipher = Cipher::new(find(name).unwrap(), key, iv, decrypt).unwrap();
        cipher.set_padding(padding);
        let mut out = Vec::new();
        for piece in text.chunks(step.max(1)) {
            out.extend(cipher.update(piece)?);
        }
        out.extend(cipher.finish()?);
        Ok(out)
    }

    #[test]
    fn names_and_aliases_ignore_case() {
        assert_eq!(find("AES-256-CBC").unwrap().name, "aes-256-cbc");
        assert_eq!(find("aes128").unwrap().name, "aes-128-cbc");
        assert_eq!(find("ID-AES256-GCM").unwrap().name, "aes-256-gcm");
        assert!(find("aes-128-ofb").is_none());
    }

    #[test]
    fn setup_checks_key_and_iv_lengths() {
        let cbc = find("aes-128-cbc").unwrap();
        assert_eq!(
            Cipher::new(cbc, &[0; 15], &[0; 16], false).err(),
            Some(SetupError::KeyLength)
        );
        assert_eq!(
            Cipher::new(cbc, &[0; 16], &[0; 12], false).err(),
            Some(SetupError::IvLength)
        );
        assert_eq!(
            Cipher::new(cbc, &[0; 15], &[0; 12], false).err(),
            Some(SetupError::IvLength)
        );
        let ecb = find("aes-128-ecb").unwrap();
        assert!(Cipher::new(ecb, &[0; 16], &[], false).is_ok());
        let gcm = find("aes-128-gcm").unwrap();
        assert!(Cipher::new(gcm, &[0; 16], &[0; 7], false).is_ok());
        assert_eq!(
            Cipher::new(gcm, &[0; 16], &[], false).err(),
            Some(SetupError::IvLength)
        );
    }

    // NIST SP 800-38A, F.2.1 (CBC-AES128), F.5.1 (CTR-AES128), F.1.5 (ECB-AES256).
    #[test]
    fn matches_sp_800_38a() {
        let plain = unhex(
            "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51\
             30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710",
        );
        let key = unhex("2b7e151628aed2a6abf7158809cf4f3c");
        let cbc = "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2\
                   73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7";
        let iv = unhex("000102030405060708090a0b0c0d0e0f");
        for step in [1, 7, 16, 64] {
            let out = run("aes-128-cbc", &key, &iv, false, false, &plain, step).unwrap();
            assert_eq!(hex::encode(&out), cbc);
            assert_eq!(
                run("aes-128-cbc", &key, &iv, true, false, &out, step).unwrap(),
                plain
            );
        }
        let counter = unhex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
        let ctr = "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff\
                   5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee";
        assert_eq!(
            hex::encode(run("aes-128-ctr", &key, &counter, false, true, &plain, 5).unwrap()),
            ctr
        );
        let key256 = unhex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");
        let ecb = "f3eed1bdb5d2a03c064b5a7e3db181f8591ccb10d410ed26dc5ba74a31362870\
                   b6ed21b99ca6f4f9f153e7b1beafed1d23304b7a39f9f3ff067d8d8f9e24ecc7";
        assert_eq!(
            hex::encode(run("aes-256-ecb", &key256, &[], false, false, &plain, 9).unwrap()),
            ecb
        );
    }

    #[test]
    fn ctr_wraps_the_whole_128_bit_counter() {
        let key = [7u8; 16];
        let top = [0xff; 16];
        let out = run("aes-128-ctr", &key, &top, false, true, &[0; 32], 32).unwrap();
        let zero = run("aes-128-ctr", &key, &[0; 16], false, true, &[0; 16], 16).unwrap();
        assert_eq!(out[16..], zero[..]);
    }

    #[test]
    fn pkcs7_padding_round_trips_and_holds_back_the_last_block() {
        let (key, iv) = ([1u8; 32], [2u8; 16]);
        for len in [0, 1, 15, 16, 17, 32, 100] {
            let text: Vec<u8> = (0..len as u8).collect();
            let sealed = run("aes-256-cbc", &key, &iv, false, true, &text, 5).unwrap();
            assert_eq!(sealed.len(), len / 16 * 16 + 16);
            assert_eq!(
                run("aes-256-cbc", &key, &iv, true, true, &sealed, 3).unwrap(),
                text
            );
        }
        let mut decipher = Cipher::new(find("aes-256-cbc").unwrap(), &key, &iv, true).unwrap();
        assert_eq!(decipher.update(&[0; 16]).unwrap().len(), 0);
        assert_eq!(decipher.update(&[0; 16]).unwrap().len(), 16);
    }

    #[test]
    fn bad_padding_and_partial_blocks_fail_like_openssl() {
        let (key, iv) = ([1u8; 16], [2u8; 16]);
        assert_eq!(
            run("aes-128-cbc", &key, &iv, true, true, &[0; 16], 16),
            Err(Failure::BadDecrypt)
        );
        assert_eq!(
            run("aes-128-cbc", &key, &iv, true, true, &[0; 15], 16),
            Err(Failure::WrongFinalBlockLength)
        );
        assert_eq!(
            run("aes-128-cbc", &key, &iv, true, true, &[], 16),
            Err(Failure::WrongFinalBlockLength)
        );
        assert_eq!(
            run("aes-128-cbc", &key, &iv, false, false, &[0; 15], 16),
            Err(Failure::WrongFinalBlockLength)
        );
        assert_eq!(
            run("aes-128-cbc", &key, &iv, false, false, &[], 16),
            Ok(vec![])
        );
    }

    #[test]
    fn gcm_checks_the_tag_when_decrypting() {
        let (key, iv) = ([3u8; 16], [4u8; 12]);
        let mut sealer = Cipher::new(find("aes-128-gcm").unwrap(), &key, &iv, false).unwrap();
        assert!(sealer.set_aad(b"header"));
        let sealed = sealer.update(b"secret").unwrap();
        sealer.finish().unwrap();
        let tag = sealer.auth_tag().unwrap();
        assert!(!sealer.set_auth_tag(&tag));

        let open = |tag: Option<&[u8]>, aad: &[u8]| {
            let mut opener = Cipher::new(find("aes-128-gcm").unwrap(), &key, &iv, true).unwrap();
            if let Some(tag) = tag {
                assert!(opener.set_auth_tag(tag));
            }
            opener.set_aad(aad);
            let text = opener.update(&sealed).unwrap();
            opener.finish().map(|_| text)
        };
        assert_eq!(open(Some(&tag), b"header").unwrap(), b"secret");
        assert_eq!(open(Some(&tag[..8]), b"header").unwrap(), b"secret");
        assert_eq!(open(Some(&tag), b"HEADER"), Err(Failure::Unauthenticated));
        assert_eq!(open(None, b"header"), Err(Failure::Unauthenticated));
        let mut wrong = tag;
        wrong[0] ^= 1;
        assert_eq!(open(Some(&wrong), b"header"), Err(Failure::Unauthenticated));
    }
}
