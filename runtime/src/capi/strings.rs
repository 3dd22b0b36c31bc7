//! C strings in and out: borrowed NUL-terminated UTF-8 in, owned strings out that only
//! `kvm_string_free` may free (they come from Rust's allocator, not `malloc`).

use std::ffi::{c_char, CStr, CString};

/// Borrows the text at `ptr` for the call; `what` names the argument in the error.
///
/// # Safety
/// `ptr` is NULL or a NUL-terminated string valid for `'a`.
pub unsafe fn read_str<'a>(ptr: *const c_char, what: &str) -> Result<&'a str, String> {
    if ptr.is_null() {
        return Err(format!("{what} is NULL"));
    }
    CStr::from_ptr(ptr)
        .to_str()
        .map_err(|e| format!("{what} is not UTF-8: {e}"))
}

/// Hands `text` to C. JSON escapes NUL as `\u0000`, so kvm's strings never hold one; a
/// stray one is cut there rather than failing.
pub fn into_c_string(text: String) -> *mut c_char {
    let text = match CString::new(text) {
        Ok(text) => text,
        Err(e) => {
            let at = e.nul_position();
            let mut bytes = e.into_vec();
            bytes.truncate(at);
            CString::new(bytes).unwrap_or_default()
        }
    };
    text.into_raw()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_and_invalid_utf8_are_named() {
        assert_eq!(
            unsafe { read_str(std::ptr::null(), "request_json") }.unwrap_err(),
            "request_json is NULL"
        );
        let latin1 = b"caf\xe9\0";
        let error = unsafe { read_str(latin1.as_ptr().cast(), "run_id") }.unwrap_err();
        assert!(error.starts_with("run_id is not UTF-8"), "{error}");
    }

    #[test]
    fn a_string_goes_out_and_back_whole_or_cut_at_a_nul() {
        for (text, expected) in [("{\"a\":1}", "{\"a\":1}"), ("ab\0cd", "ab")] {
            let raw = into_c_string(text.into());
            let back = unsafe { CString::from_raw(raw) };
            assert_eq!(back.to_str().unwrap(), expected);
        }
    }
}
