//! What a cache entry is the bytecode of: the SHA-256 of everything the bytecode depends on.

use std::fmt;

use sha2::{Digest, Sha256};

/// The name of a cache entry: compiling the same inputs gives the same bytecode.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct CacheKey(pub(super) [u8; 32]);

/// What was compiled, beside the source itself.
pub struct KeyInputs<'a> {
    /// The engine and its bytecode format (`quickjs-ng 0.10.1`): bytecode of another build
    /// is never read.
    pub engine: &'a str,
    /// How the source was compiled: the CommonJS wrapper's text, or that it is an ES module.
    pub kind: &'a str,
    /// The file name, which the bytecode carries for stack frames.
    pub filename: &'a str,
    pub source: &'a str,
}

impl CacheKey {
    pub fn new(inputs: &KeyInputs<'_>) -> CacheKey {
        let mut hash = Sha256::new();
        // Each part is length-prefixed, so no two sets of inputs give the same stream.
        for part in [
            "kvm code cache 1",
            env!("CARGO_PKG_VERSION"),
            inputs.engine,
            inputs.kind,
            inputs.filename,
            inputs.source,
        ] {
            hash.update((part.len() as u64).to_le_bytes());
            hash.update(part.as_bytes());
        }
        CacheKey(hash.finalize().into())
    }
}

impl fmt::Display for CacheKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

impl fmt::Debug for CacheKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CacheKey({self})")
    }
}

/// A key for `source` of a CommonJS file, for the cache's tests.
#[cfg(test)]
pub(super) fn test_key(source: &str) -> CacheKey {
    CacheKey::new(&KeyInputs {
        engine: "e",
        kind: "cjs",
        filename: "/k/a.js",
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(engine: &str, kind: &str, filename: &str, source: &str) -> CacheKey {
        CacheKey::new(&KeyInputs {
            engine,
            kind,
            filename,
            source,
        })
    }

    #[test]
    fn every_input_changes_the_key() {
        let base = key("e1", "cjs", "/k/a.js", "x = 1");
        assert_eq!(base, key("e1", "cjs", "/k/a.js", "x = 1"));
        assert_ne!(base, key("e2", "cjs", "/k/a.js", "x = 1"));
        assert_ne!(base, key("e1", "esm", "/k/a.js", "x = 1"));
        assert_ne!(base, key("e1", "cjs", "/k/b.js", "x = 1"));
        assert_ne!(base, key("e1", "cjs", "/k/a.js", "x = 2"));
        // Moving bytes from one input to the next is another key (length prefixes).
        assert_ne!(key("e1", "cjs", "/k/a.jsx", "= 1"), base);
        assert_eq!(base.to_string().len(), 64);
        assert!(base.to_string().chars().all(|c| c.is_ascii_hexdigit()));
    }
}
