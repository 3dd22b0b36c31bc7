//! Reading stdin one line at a time without letting one line take unbounded memory: a line
//! past the bound is skipped to its end and reported by its length.

use std::io::{self, BufRead};

/// The longest request line: a tarball konnector at its 64 MiB cap is 85.4 MiB in base64,
/// plus the rest of the request.
pub const MAX_LINE_BYTES: usize = 96 * 1024 * 1024;

/// What [`read_line`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// The line is in the buffer, without its `\n`.
    Read,
    /// The line had this many bytes, more than the bound; the buffer holds nothing useful.
    TooLong(usize),
}

/// Reads the next line into `buf` (cleared first), keeping at most `max` bytes of it.
/// `None` at end of input; a last line without `\n` still counts.
pub fn read_line(
    input: &mut impl BufRead,
    max: usize,
    buf: &mut Vec<u8>,
) -> io::Result<Option<Line>> {
    buf.clear();
    let mut length = 0;
    let mut any = false;
    loop {
        let available = match input.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            if !any {
                return Ok(None);
            }
            break;
        }
        any = true;
        let (chunk, used, ended) = match available.iter().position(|&b| b == b'\n') {
            Some(at) => (&available[..at], at + 1, true),
            None => (available, available.len(), false),
        };
        length += chunk.len();
        if length <= max {
            buf.extend_from_slice(chunk);
        }
        input.consume(used);
        if ended {
            break;
        }
    }
    Ok(Some(if length > max {
        buf.clear();
        Line::TooLong(length)
    } else {
        Line::Read
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_split_bounded_and_the_last_needs_no_newline() {
        // A tiny read buffer, so lines span several fill_buf calls.
        let text = b"short\n0123456789abcdef\n\nlast";
        let mut input = io::BufReader::with_capacity(4, &text[..]);
        let mut buf = Vec::new();
        let mut next = || {
            read_line(&mut input, 8, &mut buf)
                .unwrap()
                .map(|line| (line, String::from_utf8(buf.clone()).unwrap()))
        };
        assert_eq!(next(), Some((Line::Read, "short".into())));
        assert_eq!(next(), Some((Line::TooLong(16), String::new())));
        assert_eq!(next(), Some((Line::Read, String::new())));
        assert_eq!(next(), Some((Line::Read, "last".into())));
        assert_eq!(next(), None);
    }
}
