//! Message digests, HMAC and PBKDF2 (`createHash`, `createHmac`, `hash`, `pbkdf2`).

use std::rc::Rc;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use hmac::digest::{KeyInit, OutputSizeUser};
use hmac::{Hmac, Mac};
use md5::Md5;
use rquickjs::prelude::Opt;
use rquickjs::{
    class::Trace, Ctx, Exception, Function, JsLifetime, Object, Result, TypedArray, Value,
};
use sha1::Sha1;
use sha2::digest::DynDigest;
use sha2::{Sha224, Sha256, Sha384, Sha512, Sha512_224, Sha512_256};

use super::{fill_bytes, read_bytes};
use crate::engine::run_state::RunState;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    Md5,
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
    Sha512_224,
    Sha512_256,
}

/// OpenSSL's names for each digest as Node accepts them (compared without case), and OIDs.
const NAMES: &[(Algorithm, &[&str])] = &[
    (
        Algorithm::Md5,
        &[
            "md5",
            "rsa-md5",
            "md5withrsaencryption",
            "ssl3-md5",
            "1.2.840.113549.2.5",
        ],
    ),
    (
        Algorithm::Sha1,
        &[
            "sha1",
            "sha-1",
            "rsa-sha1",
            "rsa-sha1-2",
            "sha1withrsaencryption",
            "ssl3-sha1",
            "1.3.14.3.2.26",
        ],
    ),
    (
        Algorithm::Sha224,
        &[
            "sha224",
            "sha-224",
            "sha2-224",
            "rsa-sha224",
            "sha224withrsaencryption",
            "2.16.840.1.101.3.4.2.4",
        ],
    ),
    (
        Algorithm::Sha256,
        &[
            "sha256",
            "sha-256",
            "sha2-256",
            "rsa-sha256",
            "sha256withrsaencryption",
            "2.16.840.1.101.3.4.2.1",
        ],
    ),
    (
        Algorithm::Sha384,
        &[
            "sha384",
            "sha-384",
            "sha2-384",
            "rsa-sha384",
            "sha384withrsaencryption",
            "2.16.840.1.101.3.4.2.2",
        ],
    ),
    (
        Algorithm::Sha512,
        &[
            "sha512",
            "sha-512",
            "sha2-512",
            "rsa-sha512",
            "sha512withrsaencryption",
            "2.16.840.1.101.3.4.2.3",
        ],
    ),
    (
        Algorithm::Sha512_224,
        &[
            "sha512-224",
            "sha2-512/224",
            "rsa-sha512/224",
            "sha512-224withrsaencryption",
            "2.16.840.1.101.3.4.2.5",
        ],
    ),
    (
        Algorithm::Sha512_256,
        &[
            "sha512-256",
            "sha2-512/256",
            "rsa-sha512/256",
            "sha512-256withrsaencryption",
            "2.16.840.1.101.3.4.2.6",
        ],
    ),
];

/// What `crypto.getHashes()` lists: the subset of Node's list that kvm implements.
pub const HASH_NAMES: &[&str] = &[
    "RSA-MD5",
    "RSA-SHA1",
    "RSA-SHA1-2",
    "RSA-SHA224",
    "RSA-SHA256",
    "RSA-SHA384",
    "RSA-SHA512",
    "RSA-SHA512/224",
    "RSA-SHA512/256",
    "md5",
    "md5WithRSAEncryption",
    "sha1",
    "sha1WithRSAEncryption",
    "sha224",
    "sha224WithRSAEncryption",
    "sha256",
    "sha256WithRSAEncryption",
    "sha384",
    "sha384WithRSAEncryption",
    "sha512",
    "sha512-224",
    "sha512-224WithRSAEncryption",
    "sha512-256",
    "sha512-256WithRSAEncryption",
    "sha512WithRSAEncryption",
    "ssl3-md5",
    "ssl3-sha1",
];

/// Calls `$body` with `$D` bound to the digest type of `$algorithm`.
macro_rules! with_digest {
    ($algorithm:expr, $D:ident => $body:expr) => {
        match $algorithm {
            Algorithm::Md5 => {
                type $D = Md5;
                $body
            }
            Algorithm::Sha1 => {
                type $D = Sha1;
                $body
            }
            Algorithm::Sha224 => {
                type $D = Sha224;
                $body
            }
            Algorithm::Sha256 => {
                type $D = Sha256;
                $body
            }
            Algorithm::Sha384 => {
                type $D = Sha384;
                $body
            }
            Algorithm::Sha512 => {
                type $D = Sha512;
                $body
            }
            Algorithm::Sha512_224 => {
                type $D = Sha512_224;
                $body
            }
            Algorithm::Sha512_256 => {
                type $D = Sha512_256;
                $body
            }
        }
    };
}

impl Algorithm {
    pub fn from_name(name: &str) -> Option<Self> {
        NAMES.iter().find_map(|(algorithm, names)| {
            names
                .iter()
                .any(|n| n.eq_ignore_ascii_case(name))
                .then_some(*algorithm)
        })
    }

    pub fn hasher(self) -> Box<dyn DynDigest> {
        with_digest!(self, D => Box::new(<D as sha2::Digest>::new()))
    }

    /// HMAC keyed with `key` (any length: long keys are hashed, as RFC 2104 says).
    pub fn hmac(self, key: &[u8]) -> Box<dyn DynDigest> {
        with_digest!(self, D => match <Hmac<D> as Mac>::new_from_slice(key) {
            Ok(mac) => Box::new(mac),
            // HMAC takes keys of every length; this arm only satisfies the trait's signature.
            Err(_) => Box::new(<Hmac<D> as Mac>::new(&Default::default())),
        })
    }

    /// PBKDF2-HMAC (RFC 8018) of `password` and `salt`, filling `out`. Iteration counts go up
    /// to 2^31 - 1 (minutes of work), and the interrupt handler never runs while Rust does, so
    /// `keep_going` is asked every few thousand rounds; `false` if it said stop.
    pub fn pbkdf2(
        self,
        password: &[u8],
        salt: &[u8],
        iterations: u32,
        out: &mut [u8],
        keep_going: &mut dyn FnMut() -> bool,
    ) -> bool {
        with_digest!(self, D => pbkdf2_with::<Hmac<D>>(password, salt, iterations, out, keep_going))
    }
}

/// How many PBKDF2 rounds run between two `keep_going` checks (well under a millisecond).
const ROUNDS_PER_CHECK: u32 = 4096;

fn pbkdf2_with<M: Mac + KeyInit + Clone>(
    password: &[u8],
    salt: &[u8],
    iterations: u32,
    out: &mut [u8],
    keep_going: &mut dyn FnMut() -> bool,
) -> bool {
    // Asked first too: a script looping over pbkdf2 after its deadline gets back to JS (and
    // to the interrupt handler) at once.
    if !keep_going() {
        return false;
    }
    let Ok(keyed) = <M as KeyInit>::new_from_slice(password) else {
        return false; // HMAC takes keys of any length: never happens
    };
    let size = <M as OutputSizeUser>::output_size();
    for (index, block) in out.chunks_mut(size).enumerate() {
        // T_i = U_1 ^ ... ^ U_c, with U_1 = PRF(P, S || INT(i)) and U_j = PRF(P, U_{j-1}).
        let mut mac = keyed.clone();
        Mac::update(&mut mac, salt);
        Mac::update(&mut mac, &(index as u32 + 1).to_be_bytes());
        let mut u = mac.finalize().into_bytes();
        let mut t = u.clone();
        for round in 1..iterations {
            if round % ROUNDS_PER_CHECK == 0 && !keep_going() {
                return false;
            }
            let mut mac = keyed.clone();
            Mac::update(&mut mac, &u);
            u = mac.finalize().into_bytes();
            t.iter_mut().zip(&u).for_each(|(t, u)| *t ^= u);
        }
        block.copy_from_slice(&t[..block.len()]);
    }
    true
}

/// A running digest or HMAC; `digest` consumes it, as Node's `Hash` does.
#[derive(Trace, JsLifetime)]
#[rquickjs::class(rename = "HashHandle")]
pub struct HashHandle {
    #[qjs(skip_trace)]
    state: Option<Box<dyn DynDigest>>,
}

impl HashHandle {
    fn state<'a>(&'a mut self, ctx: &Ctx<'_>) -> Result<&'a mut Box<dyn DynDigest>> {
        self.state
            .as_mut()
            .ok_or_else(|| Exception::throw_message(ctx, "Digest already called"))
    }
}

#[rquickjs::methods]
impl HashHandle {
    pub fn update(&mut self, ctx: Ctx<'_>, data: TypedArray<'_, u8>) -> Result<()> {
        let state = self.state(&ctx)?;
        read_bytes(&ctx, &data, |bytes| state.update(bytes))
    }

    /// The digest as bytes, or as text for `hex`, `base64` and `base64url` (the common
    /// `digest('hex')` then needs no Buffer).
    pub fn digest<'js>(&mut self, ctx: Ctx<'js>, encoding: Opt<String>) -> Result<Value<'js>> {
        self.state(&ctx)?;
        let digest = self.state.take().map(|s| s.finalize()).unwrap_or_default();
        let text = match encoding.0.as_deref() {
            Some("hex") => hex::encode(&digest),
            Some("base64") => STANDARD.encode(&digest),
            Some("base64url") => URL_SAFE_NO_PAD.encode(&digest),
            _ => return Ok(TypedArray::new(ctx, digest.into_vec())?.into_value()),
        };
        Ok(rquickjs::String::from_str(ctx, &text)?.into_value())
    }

    pub fn copy(&mut self, ctx: Ctx<'_>) -> Result<HashHandle> {
        let state = self.state(&ctx)?.box_clone();
        Ok(HashHandle { state: Some(state) })
    }
}

fn algorithm(name: &str) -> Option<Algorithm> {
    Algorithm::from_name(name)
}

pub(crate) fn install(ops: &Object<'_>, host: &Rc<RunState>) -> Result<()> {
    let ctx = ops.ctx().clone();
    // Each constructor answers `undefined` for an unknown algorithm: the shim throws Node's error,
    // which differs between callers.
    let create_hash = |name: String| -> Option<HashHandle> {
        let state = algorithm(&name)?.hasher();
        Some(HashHandle { state: Some(state) })
    };
    ops.set("hashCreate", Function::new(ctx.clone(), create_hash)?)?;
    let create_hmac = |ctx: Ctx<'_>, name: String, key: TypedArray<'_, u8>| {
        let Some(algorithm) = algorithm(&name) else {
            return Ok(None);
        };
        let state = read_bytes(&ctx, &key, |key| algorithm.hmac(key))?;
        Ok::<_, rquickjs::Error>(Some(HashHandle { state: Some(state) }))
    };
    ops.set("hmacCreate", Function::new(ctx.clone(), create_hmac)?)?;
    let host = Rc::clone(host);
    let pbkdf2 = move |ctx: Ctx<'_>,
                       name: String,
                       password: TypedArray<'_, u8>,
                       salt: TypedArray<'_, u8>,
                       iterations: u32,
                       out: TypedArray<'_, u8>|
          -> Result<bool> {
        let Some(algorithm) = algorithm(&name) else {
            return Ok(false);
        };
        // Copies: the output array may share a buffer with an input.
        let password = read_bytes(&ctx, &password, <[u8]>::to_vec)?;
        let salt = read_bytes(&ctx, &salt, <[u8]>::to_vec)?;
        // Stops when the run must (deadline, heap, exit): the interrupt handler then ends it.
        let mut keep_going = || host.stop_reason().is_none();
        let done = fill_bytes(&ctx, &out, |out| {
            algorithm.pbkdf2(&password, &salt, iterations, out, &mut keep_going)
        })?;
        if !done {
            return Err(Exception::throw_message(
                &ctx,
                "pbkdf2 stopped: the run must end",
            ));
        }
        Ok(true)
    };
    ops.set("pbkdf2", Function::new(ctx.clone(), pbkdf2)?)?;
    ops.set("hashNames", HASH_NAMES.to_vec())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    use hex::encode as hex;

    fn digest(name: &str, data: &[u8]) -> String {
        let mut hasher = Algorithm::from_name(name).unwrap().hasher();
        hasher.update(data);
        hex(hasher.finalize())
    }

    fn hmac(name: &str, key: &[u8], data: &[u8]) -> String {
        let mut mac = Algorithm::from_name(name).unwrap().hmac(key);
        mac.update(data);
        hex(mac.finalize())
    }

    #[test]
    fn names_are_openssl_aliases_without_case() {
        assert_eq!(Algorithm::from_name("SHA256"), Some(Algorithm::Sha256));
        assert_eq!(
            Algorithm::from_name("RSA-SHA512/256"),
            Some(Algorithm::Sha512_256)
        );
        assert_eq!(Algorithm::from_name("sha-1"), Some(Algorithm::Sha1));
        assert_eq!(Algorithm::from_name("sha512/256"), None);
        assert_eq!(Algorithm::from_name("sha256 "), None);
        for name in HASH_NAMES {
            assert!(Algorithm::from_name(name).is_some(), "{name}");
        }
    }

    // FIPS 180-2 / RFC 1321 examples.
    #[test]
    fn digests_match_published_vectors() {
        assert_eq!(digest("md5", b""), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(digest("md5", b"abc"), "900150983cd24fb0d6963f7d28e17f72");
        assert_eq!(
            digest("sha1", b"abc"),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        assert_eq!(
            digest("sha224", b"abc"),
            "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7"
        );
        assert_eq!(
            digest("sha256", b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            digest("sha384", b"abc"),
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed\
             8086072ba1e7cc2358baeca134c825a7"
        );
        assert_eq!(
            digest("sha512", b"abc"),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a\
             2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
        );
        assert_eq!(
            digest("sha512-256", b"abc"),
            "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23"
        );
        assert_eq!(
            digest(
                "sha256",
                b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
            ),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
    }

    // RFC 4231 test cases 1, 2 and 6 (a key longer than the block size).
    #[test]
    fn hmac_matches_rfc_4231() {
        let key = [0x0b; 20];
        assert_eq!(
            hmac("sha256", &key, b"Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        );
        assert_eq!(
            hmac("sha512", &key, b"Hi There"),
            "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde\
             daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"
        );
        assert_eq!(
            hmac("sha256", b"Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(
            hmac(
                "sha256",
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            ),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    // RFC 6070.
    #[test]
    fn pbkdf2_sha1_matches_rfc_6070() {
        let run = |password: &[u8], salt: &[u8], iterations, len| {
            let mut out = vec![0; len];
            assert!(Algorithm::Sha1.pbkdf2(password, salt, iterations, &mut out, &mut || true));
            hex(&out)
        };
        assert_eq!(
            run(b"password", b"salt", 1, 20),
            "0c60c80f961f0e71f3a9b524af6012062fe037a6"
        );
        assert_eq!(
            run(b"password", b"salt", 4096, 20),
            "4b007901b765489abead49d926f721d065a429c1"
        );
        assert_eq!(
            run(
                b"passwordPASSWORDpassword",
                b"saltSALTsaltSALTsaltSALTsaltSALTsalt",
                4096,
                25
            ),
            "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038"
        );
        assert_eq!(
            run(b"pass\0word", b"sa\0lt", 4096, 16),
            "56fa6aa75548099dcc37d7f03425e0c3"
        );
    }

    // RFC 7914 section 11 (PBKDF2-HMAC-SHA256).
    #[test]
    fn pbkdf2_sha256_matches_rfc_7914() {
        let mut out = [0u8; 64];
        assert!(Algorithm::Sha256.pbkdf2(b"passwd", b"salt", 1, &mut out, &mut || true));
        assert_eq!(
            hex(out),
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc\
             49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"
        );
        assert!(Algorithm::Sha256.pbkdf2(b"Password", b"NaCl", 80000, &mut out, &mut || true));
        assert_eq!(
            hex(out),
            "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56\
             a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d"
        );
    }

    #[test]
    fn pbkdf2_stops_when_asked() {
        let mut checks = 0;
        let mut out = [0u8; 20];
        let mut stop_at_second = || {
            checks += 1;
            checks < 2
        };
        assert!(!Algorithm::Sha1.pbkdf2(b"p", b"s", 1_000_000, &mut out, &mut stop_at_second));
        assert_eq!(checks, 2);
        assert!(!Algorithm::Sha1.pbkdf2(b"p", b"s", 1, &mut out, &mut || false));
    }

    #[test]
    fn copies_continue_independently() {
        let mut first = Algorithm::Sha256.hasher();
        first.update(b"ab");
        let mut second = first.box_clone();
        first.update(b"c");
        second.update(b"c");
        assert_eq!(first.finalize(), second.finalize());
    }
}
