//! Runs of bytes that need no attention (a token's base64 letters in a form body, the plain
//! characters of a JSON string), found 16 bytes at a time: with a predicate written without
//! branches, each 16-byte step compiles to a handful of vector instructions. The partial step
//! at the end of a run goes a byte at a time.

/// How many bytes at the start of `bytes` are plain. `wide` decides for the 16-byte steps
/// (branch-free, so that it vectorizes); `narrow`, the same decision, for single bytes (a
/// table is quicker there).
#[inline(always)]
pub fn plain_run(bytes: &[u8], wide: impl Fn(u8) -> bool, narrow: impl Fn(u8) -> bool) -> usize {
    let whole = bytes
        .chunks_exact(16)
        .take_while(|chunk| chunk.iter().fold(1u8, |all, &b| all & u8::from(wide(b))) == 1)
        .count()
        * 16;
    whole
        + bytes[whole..]
            .iter()
            .position(|&b| !narrow(b))
            .unwrap_or(bytes.len() - whole)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_end_at_the_first_byte_that_is_not_plain() {
        let digit = |b: u8| b.is_ascii_digit();
        for n in [0, 1, 15, 16, 17, 31, 32, 40] {
            let text = "7".repeat(n) + "x" + &"7".repeat(20);
            assert_eq!(plain_run(text.as_bytes(), digit, digit), n, "{n}");
            assert_eq!(plain_run(&text.as_bytes()[..n], digit, digit), n, "{n}");
        }
    }
}
