//! Splits what a script writes to a stream into lines, within the stack's line cap.

use super::MAX_LINE_BYTES;

/// Accumulates writes and yields complete lines. A line longer than the cap is cut
/// there (the rest starts a new line), so one `write` without a newline cannot grow
/// the buffer without bound.
#[derive(Default)]
pub struct LineSplitter {
    pending: String,
}

impl LineSplitter {
    pub fn push(&mut self, text: &str, mut emit: impl FnMut(&str)) {
        for piece in text.split_inclusive('\n') {
            match piece.strip_suffix('\n') {
                Some(rest) => {
                    self.append(rest, &mut emit);
                    let line = std::mem::take(&mut self.pending);
                    emit(line.strip_suffix('\r').unwrap_or(&line));
                }
                None => self.append(piece, &mut emit),
            }
        }
    }

    /// Emits what is left without a final newline (at the end of the run).
    pub fn flush(&mut self, mut emit: impl FnMut(&str)) {
        if !self.pending.is_empty() {
            emit(&std::mem::take(&mut self.pending));
        }
    }

    fn append(&mut self, mut text: &str, emit: &mut impl FnMut(&str)) {
        while self.pending.len() + text.len() > MAX_LINE_BYTES {
            let mut room = MAX_LINE_BYTES - self.pending.len();
            while !text.is_char_boundary(room) {
                room -= 1;
            }
            self.pending.push_str(&text[..room]);
            emit(&std::mem::take(&mut self.pending));
            text = &text[room..];
        }
        self.pending.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(writes: &[&str]) -> Vec<String> {
        let mut s = LineSplitter::default();
        let mut out = Vec::new();
        for w in writes {
            s.push(w, |l| out.push(l.to_string()));
        }
        s.flush(|l| out.push(l.to_string()));
        out
    }

    #[test]
    fn joins_partial_writes_and_splits_lines() {
        assert_eq!(split(&["a", "b\nc\r\n", "d"]), ["ab", "c", "d"]);
        assert_eq!(split(&["\n\n"]), ["", ""]);
    }

    #[test]
    fn long_line_is_cut_at_the_cap() {
        let out = split(&[&"x".repeat(MAX_LINE_BYTES + 10)]);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].len(), MAX_LINE_BYTES);
        assert_eq!(out[1].len(), 10);
    }
}
