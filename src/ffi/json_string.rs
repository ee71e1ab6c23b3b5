//! JSON strings written for the documents: the bytes serde_json writes, found a run at a
//! time. serde_json looks up every byte of a string in a table before it copies it; a result
//! document is mostly tokens (kilobytes of base64 letters), so here the runs that need no
//! escape are found 16 bytes at a time (`scan::plain_run`) and copied whole.

use crate::json_text::plain_in_string;
use crate::scan::plain_run;
use std::io::{self, Write};

/// Writes `text` as a JSON string, quotes included, escaped exactly as serde_json escapes it
/// (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, other control characters as `\u00xx`; everything
/// else, non-ASCII included, as it is).
pub(super) fn write_json_string(out: &mut impl Write, text: &str) -> io::Result<()> {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.write_all(b"\"")?;
    let mut rest = text.as_bytes();
    while !rest.is_empty() {
        let run = plain_run(rest, plain_in_string, plain_in_string);
        out.write_all(&rest[..run])?;
        let Some(&b) = rest.get(run) else { break };
        match b {
            b'"' => out.write_all(b"\\\"")?,
            b'\\' => out.write_all(b"\\\\")?,
            0x08 => out.write_all(b"\\b")?,
            0x0c => out.write_all(b"\\f")?,
            b'\n' => out.write_all(b"\\n")?,
            b'\r' => out.write_all(b"\\r")?,
            b'\t' => out.write_all(b"\\t")?,
            _ => out.write_all(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 15)],
            ])?,
        }
        rest = &rest[run + 1..];
    }
    out.write_all(b"\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(text: &str) -> String {
        let mut out = Vec::new();
        write_json_string(&mut out, text).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn every_character_class_is_written_as_serde_json_writes_it() {
        let mut all: String = (0u8..0x80).map(char::from).collect();
        all.push_str("é€𝄞\u{7f}\u{2028}");
        assert_eq!(written(&all), serde_json::to_string(&all).unwrap());
        assert_eq!(written(""), "\"\"");
    }

    #[test]
    fn agrees_with_serde_json_on_random_strings() {
        // Runs of every length around the 16-byte steps, with the bytes that end a run at
        // every offset (xorshift: the same strings on every run).
        let alphabet: Vec<char> = "aZ09-._~\"\\\n\t\u{1}\u{1f} é€".chars().collect();
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 70) as usize;
            let plain_until = (state >> 8) as usize % 40;
            let text: String = (0..len)
                .map(|i| {
                    let pick = (state >> (i % 48)) as usize;
                    if i < plain_until {
                        alphabet[pick % 8]
                    } else {
                        alphabet[pick % alphabet.len()]
                    }
                })
                .collect();
            assert_eq!(
                written(&text),
                serde_json::to_string(&text).unwrap(),
                "{text:?}"
            );
        }
    }
}
