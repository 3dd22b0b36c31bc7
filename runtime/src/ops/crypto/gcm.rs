//! AES-GCM (NIST SP 800-38D) as a stream. Node's GCM ciphers hand out text from every
//! `update` and accept IVs of any length, which the one-shot `aes-gcm` crate cannot do, so the
//! mode is assembled here from its parts: the block cipher, a 32-bit counter (`ctr`) and GHASH.

use aes::cipher::consts::U16;
use aes::cipher::generic_array::GenericArray;
use aes::cipher::{
    BlockCipher, BlockEncrypt, InnerIvInit, KeyInit, StreamCipher, StreamCipherError,
};
use ghash::universal_hash::UniversalHash;
use ghash::GHash;

type Block = GenericArray<u8, U16>;

/// GHASH over a byte stream: holds a partial block until the next bytes or `pad`.
#[derive(Clone)]
struct GhashStream {
    ghash: GHash,
    partial: [u8; 16],
    used: usize,
}

impl GhashStream {
    fn new(h: &Block) -> Self {
        GhashStream {
            ghash: GHash::new(h),
            partial: [0; 16],
            used: 0,
        }
    }

    fn feed(&mut self, mut data: &[u8]) {
        if self.used > 0 {
            let take = data.len().min(16 - self.used);
            self.partial[self.used..self.used + take].copy_from_slice(&data[..take]);
            self.used += take;
            data = &data[take..];
            if self.used < 16 {
                return;
            }
            self.ghash.update_padded(&self.partial);
            self.used = 0;
        }
        let whole = data.len() / 16 * 16;
        self.ghash.update_padded(&data[..whole]);
        let rest = &data[whole..];
        self.partial[..rest.len()].copy_from_slice(rest);
        self.used = rest.len();
    }

    /// Ends a section (AAD or text): its last block is zero-padded.
    fn pad(&mut self) {
        self.ghash.update_padded(&self.partial[..self.used]);
        self.used = 0;
    }
}

pub struct Gcm {
    keystream: Box<dyn StreamCipher>,
    ghash: GhashStream,
    /// E(K, J0), XORed into the final GHASH to make the tag.
    tag_mask: Block,
    aad_len: u64,
    text_len: u64,
    decrypt: bool,
}

impl Gcm {
    /// `None` for a key of the wrong length or an empty IV.
    pub fn new<C>(key: &[u8], iv: &[u8], decrypt: bool) -> Option<Self>
    where
        C: BlockCipher<BlockSize = U16> + BlockEncrypt + KeyInit + 'static,
    {
        if iv.is_empty() {
            return None;
        }
        let cipher = C::new_from_slice(key).ok()?;
        let mut h = Block::default();
        cipher.encrypt_block(&mut h);
        let mut j0 = Block::default();
        if iv.len() == 12 {
            j0[..12].copy_from_slice(iv);
            j0[15] = 1;
        } else {
            // Other lengths are hashed: GHASH(IV || padding || 0^64 || bit length of IV).
            let mut stream = GhashStream::new(&h);
            stream.feed(iv);
            stream.pad();
            let mut lengths = [0u8; 16];
            lengths[8..].copy_from_slice(&(iv.len() as u64 * 8).to_be_bytes());
            stream.feed(&lengths);
            j0 = stream.ghash.finalize();
        }
        let mut tag_mask = j0;
        cipher.encrypt_block(&mut tag_mask);
        // Text starts at inc32(J0).
        let mut counter = j0;
        let low = u32::from_be_bytes([j0[12], j0[13], j0[14], j0[15]]).wrapping_add(1);
        counter[12..].copy_from_slice(&low.to_be_bytes());
        let core = ctr::CtrCore::<C, ctr::flavors::Ctr32BE>::inner_iv_init(cipher, &counter);
        let keystream = ctr::Ctr32BE::<C>::from_core(core);
        Some(Gcm {
            keystream: Box::new(keystream),
            ghash: GhashStream::new(&h),
            tag_mask,
            aad_len: 0,
            text_len: 0,
            decrypt,
        })
    }

    /// Additional authenticated data; `false` once text has been processed.
    pub fn add_aad(&mut self, aad: &[u8]) -> bool {
        if self.text_len > 0 {
            return false;
        }
        self.ghash.feed(aad);
        self.aad_len += aad.len() as u64;
        true
    }

    /// Encrypts or decrypts `data` in place; fails past the 64 GiB one IV can cover.
    pub fn apply(&mut self, data: &mut [u8]) -> Result<(), StreamCipherError> {
        if data.is_empty() {
            return Ok(());
        }
        if self.text_len == 0 {
            self.ghash.pad();
        }
        // GHASH always covers the ciphertext.
        if self.decrypt {
            self.ghash.feed(data);
            self.keystream.try_apply_keystream(data)?;
        } else {
            self.keystream.try_apply_keystream(data)?;
            self.ghash.feed(data);
        }
        self.text_len += data.len() as u64;
        Ok(())
    }

    /// The full 16-byte tag of what was processed so far.
    pub fn tag(&self) -> [u8; 16] {
        let mut stream = self.ghash.clone();
        stream.pad();
        let mut lengths = [0u8; 16];
        lengths[..8].copy_from_slice(&(self.aad_len * 8).to_be_bytes());
        lengths[8..].copy_from_slice(&(self.text_len * 8).to_be_bytes());
        stream.feed(&lengths);
        let mut tag = [0u8; 16];
        for ((out, s), m) in tag
            .iter_mut()
            .zip(stream.ghash.finalize())
            .zip(self.tag_mask)
        {
            *out = s ^ m;
        }
        tag
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aes::{Aes128, Aes256};

    fn unhex(text: &str) -> Vec<u8> {
        hex::decode(text).unwrap()
    }

    /// Encrypts in uneven pieces, checks text and tag, then decrypts back.
    fn check<C>(key: &str, iv: &str, aad: &str, plain: &str, cipher: &str, tag: &str)
    where
        C: BlockCipher<BlockSize = U16> + BlockEncrypt + KeyInit + 'static,
    {
        let (key, iv, aad) = (unhex(key), unhex(iv), unhex(aad));
        let mut gcm = Gcm::new::<C>(&key, &iv, false).unwrap();
        let (a, b) = aad.split_at(aad.len() / 3);
        assert!(gcm.add_aad(a) && gcm.add_aad(b));
        let mut data = unhex(plain);
        let (first, second) = data.split_at_mut(plain.len() / 2 / 7);
        gcm.apply(first).unwrap();
        gcm.apply(second).unwrap();
        assert_eq!(hex::encode(&data), cipher);
        assert_eq!(hex::encode(gcm.tag()), tag);
        assert_eq!(gcm.add_aad(b"late"), plain.is_empty());

        let mut gcm = Gcm::new::<C>(&key, &iv, true).unwrap();
        gcm.add_aad(&aad);
        gcm.apply(&mut data).unwrap();
        assert_eq!(hex::encode(&data), plain);
        assert_eq!(hex::encode(gcm.tag()), tag);
    }

    // Test cases 1-6 and 16 of McGrew and Viega's GCM specification, as used by NIST's
    // validation suite: empty text, AAD, and 8- and 60-byte IVs.
    #[test]
    fn matches_the_gcm_specification_vectors() {
        let k = "feffe9928665731c6d6a8f9467308308";
        let p = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72\
                 1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
        let a = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
        check::<Aes128>(
            &"0".repeat(32),
            &"0".repeat(24),
            "",
            "",
            "",
            "58e2fccefa7e3061367f1d57a4e7455a",
        );
        check::<Aes128>(
            &"0".repeat(32),
            &"0".repeat(24),
            "",
            &"0".repeat(32),
            "0388dace60b6a392f328c2b971b2fe78",
            "ab6e47d42cec13bdf53a67b21257bddf",
        );
        check::<Aes128>(
            k,
            "cafebabefacedbaddecaf888",
            a,
            p,
            "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e\
             21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
            "5bc94fbc3221a5db94fae95ae7121a47",
        );
        check::<Aes128>(
            k,
            "cafebabefacedbad",
            a,
            p,
            "61353b4c2806934a777ff51fa22a4755699b2a714fcdc6f83766e5f97b6c7423\
             73806900e49f24b22b097544d4896b424989b5e1ebac0f07c23f4598",
            "3612d2e79e3b0785561be14aaca2fccb",
        );
        check::<Aes128>(
            k,
            "9313225df88406e555909c5aff5269aa6a7a9538534f7da1e4c303d2a318a728\
             c3c0c95156809539fcf0e2429a6b525416aedbf5a0de6a57a637b39b",
            a,
            p,
            "8ce24998625615b603a033aca13fb894be9112a5c3a211a8ba262a3cca7e2ca7\
             01e4a9a4fba43c90ccdcb281d48c7c6fd62875d2aca417034c34aee5",
            "619cc5aefffe0bfa462af43c1699d050",
        );
        check::<Aes256>(
            "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
            "cafebabefacedbaddecaf888",
            a,
            p,
            "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa\
             8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
            "76fc6ece0f4e1768cddf8853bb2d551b",
        );
    }

    #[test]
    fn refuses_an_empty_iv_or_a_bad_key() {
        assert!(Gcm::new::<Aes128>(&[0; 16], &[], false).is_none());
        assert!(Gcm::new::<Aes128>(&[0; 15], &[0; 12], false).is_none());
    }
}
