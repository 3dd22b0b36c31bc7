//! The bytes of a cache entry on disk: a magic, the key it was stored under, an HMAC-SHA256
//! of both and of the bytecode with the cache's secret key, then the bytecode.
//!
//! The HMAC stops bytecode kvm did not write from being loaded: a corrupt or truncated file,
//! an entry renamed to another key, one copied from another cache or machine, one written by
//! anyone who cannot read the cache's secret. It cannot stop an attacker who runs as the
//! host's user (they can read the secret, and could as well alter kvm itself): the cache
//! folder's permissions (0700) and its distance from the konnector's files do (SECURITY.md).

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::key::CacheKey;

const MAGIC: &[u8; 8] = b"KVMCODE1";
const MAC_LEN: usize = 32;
const HEADER_LEN: usize = MAGIC.len() + 32 + MAC_LEN;

/// The per-cache secret the entries are authenticated with.
pub type Secret = [u8; 32];

/// Why an entry was refused; it is then recompiled and rewritten, never loaded.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("it is not a kvm code cache entry (bad header)")]
    NotAnEntry,
    #[error("it was stored under another key")]
    OtherKey,
    #[error("its checksum does not match (corrupt or tampered)")]
    Checksum,
}

fn mac(secret: &Secret, key: &CacheKey, bytecode: &[u8]) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(MAGIC);
    mac.update(&key.0);
    mac.update(bytecode);
    mac
}

/// The file contents for `bytecode` stored under `key`.
pub fn seal(secret: &Secret, key: &CacheKey, bytecode: &[u8]) -> Vec<u8> {
    let tag = mac(secret, key, bytecode).finalize().into_bytes();
    let mut out = Vec::with_capacity(HEADER_LEN + bytecode.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&key.0);
    out.extend_from_slice(&tag);
    out.extend_from_slice(bytecode);
    out
}

/// The bytecode of `file`, if it is an entry this cache sealed under `key`.
pub fn open<'a>(secret: &Secret, key: &CacheKey, file: &'a [u8]) -> Result<&'a [u8], Refused> {
    if file.len() < HEADER_LEN || &file[..MAGIC.len()] != MAGIC {
        return Err(Refused::NotAnEntry);
    }
    let (stored_key, rest) = file[MAGIC.len()..].split_at(32);
    if stored_key != key.0 {
        return Err(Refused::OtherKey);
    }
    let (tag, bytecode) = rest.split_at(MAC_LEN);
    mac(secret, key, bytecode)
        .verify_slice(tag)
        .map_err(|_| Refused::Checksum)?;
    Ok(bytecode)
}

#[cfg(test)]
mod tests {
    use super::super::key::test_key as key;
    use super::*;

    #[test]
    fn a_sealed_entry_opens_to_its_bytecode() {
        let (secret, k) = ([7; 32], key("a"));
        let file = seal(&secret, &k, b"bytecode");
        assert_eq!(open(&secret, &k, &file), Ok(&b"bytecode"[..]));
    }

    #[test]
    fn any_flipped_byte_or_cut_is_refused() {
        let (secret, k) = ([7; 32], key("a"));
        let file = seal(&secret, &k, b"some bytecode");
        for i in 0..file.len() {
            let mut bad = file.clone();
            bad[i] ^= 0x01;
            assert!(open(&secret, &k, &bad).is_err(), "byte {i} flipped");
        }
        assert_eq!(
            open(&secret, &k, &file[..file.len() - 1]),
            Err(Refused::Checksum)
        );
        assert_eq!(open(&secret, &k, &file[..20]), Err(Refused::NotAnEntry));
    }

    #[test]
    fn another_key_or_another_secret_is_refused() {
        let (secret, k) = ([7; 32], key("a"));
        let file = seal(&secret, &k, b"bytecode");
        assert_eq!(open(&secret, &key("b"), &file), Err(Refused::OtherKey));
        assert_eq!(open(&[8; 32], &k, &file), Err(Refused::Checksum));
    }
}
