//! JS sources compiled into the binary by `build.rs` (DESIGN §1): `(name, source)` sorted by name.

include!(concat!(env!("OUT_DIR"), "/embedded_js.rs"));
