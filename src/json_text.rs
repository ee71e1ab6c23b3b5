//! A JSON text checked (RFC 8259) and stripped of the whitespace between its tokens in one
//! pass, without building anything: how the C ABI hands out an API answer's body. serde_json
//! checking it (`IgnoredAny`) and a second pass dropping the whitespace cost about a tenth of
//! a GET; this walks it once, copying runs of plain string bytes 16 at a time.
//!
//! What it accepts is exactly JSON: one value (object, array, string, number, `true`,
//! `false`, `null`) with optional whitespace around tokens; strings without raw control
//! characters, with the escapes `\" \\ \/ \b \f \n \r \t \uXXXX` (a `\u` is four hex digits,
//! whatever code point they name, as serde_json accepts them); numbers as the grammar has
//! them. Nesting has no limit but the input's size. The input is UTF-8 already (`&str`).

use crate::scan::plain_run;

/// `text` without the whitespace between its tokens, if it is one JSON value.
pub fn compact(text: &str) -> Option<String> {
    let mut walk = Walk {
        bytes: text.as_bytes(),
        at: 0,
        out: Vec::with_capacity(text.len()),
    };
    walk.value()?;
    walk.space();
    if walk.at != walk.bytes.len() {
        return None;
    }
    // Whole runs of the (UTF-8) input were copied, less ASCII whitespace: still UTF-8.
    String::from_utf8(walk.out).ok()
}

struct Walk<'a> {
    bytes: &'a [u8],
    at: usize,
    out: Vec<u8>,
}

/// What may follow in the container being read.
#[derive(Clone, Copy, PartialEq)]
enum Open {
    Array,
    Object,
}

/// A byte a string copies as it is (not its end, an escape or a raw control character).
pub(crate) const fn plain_in_string(b: u8) -> bool {
    (b != b'"') & (b != b'\\') & (b >= 0x20)
}

impl Walk<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// Takes `b` (copied) if it is next.
    fn take(&mut self, b: u8) -> Option<()> {
        (self.peek()? == b).then(|| {
            self.out.push(b);
            self.at += 1;
        })
    }

    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// One value, containers walked with an explicit stack (no recursion to run out of).
    fn value(&mut self) -> Option<()> {
        let mut open: Vec<Open> = Vec::new();
        loop {
            self.space();
            match self.peek()? {
                b'{' => {
                    self.take(b'{')?;
                    self.space();
                    if self.take(b'}').is_none() {
                        open.push(Open::Object);
                        self.member_name()?;
                        continue;
                    }
                }
                b'[' => {
                    self.take(b'[')?;
                    self.space();
                    if self.take(b']').is_none() {
                        open.push(Open::Array);
                        continue;
                    }
                }
                b'"' => self.string()?,
                b't' => self.literal(b"true")?,
                b'f' => self.literal(b"false")?,
                b'n' => self.literal(b"null")?,
                b'-' | b'0'..=b'9' => self.number()?,
                _ => return None,
            }
            // After a value: close what it ends, or go on after a comma.
            loop {
                self.space();
                match open.last() {
                    None => return Some(()),
                    Some(&container) => {
                        let close = if container == Open::Array { b']' } else { b'}' };
                        if self.take(close).is_some() {
                            open.pop();
                            continue;
                        }
                        self.take(b',')?;
                        if container == Open::Object {
                            self.space();
                            self.member_name()?;
                        }
                        break;
                    }
                }
            }
        }
    }

    /// `"name" :` of an object member.
    fn member_name(&mut self) -> Option<()> {
        self.string()?;
        self.space();
        self.take(b':')
    }

    fn string(&mut self) -> Option<()> {
        self.take(b'"')?;
        loop {
            let rest = &self.bytes[self.at..];
            let run = plain_run(rest, plain_in_string, plain_in_string);
            self.out.extend_from_slice(&rest[..run]);
            self.at += run;
            match self.peek()? {
                b'"' => return self.take(b'"'),
                b'\\' => {
                    let escape = self.bytes.get(self.at..self.at + 2)?;
                    let hex = match escape[1] {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => 0,
                        b'u' => 4,
                        _ => return None,
                    };
                    let whole = self.bytes.get(self.at..self.at + 2 + hex)?;
                    if !whole[2..].iter().all(u8::is_ascii_hexdigit) {
                        return None;
                    }
                    self.out.extend_from_slice(whole);
                    self.at += whole.len();
                }
                _ => return None, // a raw control character
            }
        }
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        if self.bytes.get(self.at..self.at + word.len())? != word {
            return None;
        }
        self.out.extend_from_slice(word);
        self.at += word.len();
        Some(())
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    fn number(&mut self) -> Option<()> {
        let start = self.at;
        let _ = self.take(b'-');
        match self.peek()? {
            b'0' => self.at += 1,
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            self.required_digits()?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            self.required_digits()?;
        }
        // The sign was copied by `take`; the rest goes now.
        let from = if self.bytes[start] == b'-' {
            start + 1
        } else {
            start
        };
        self.out.extend_from_slice(&self.bytes[from..self.at]);
        Some(())
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
    }

    fn required_digits(&mut self) -> Option<()> {
        let before = self.at;
        self.digits();
        (self.at > before).then_some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// What serde_json says, which `compact` must agree with.
    fn serde_accepts(text: &str) -> bool {
        serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok()
    }

    #[test]
    fn agrees_with_serde_json_on_what_is_json() {
        let cases = [
            // valid
            "0",
            "-0",
            "1",
            "-12.5e+3",
            "1E5",
            "0.25",
            "1e-7",
            "123456789012345678901234567890",
            "true",
            "false",
            "null",
            "\"\"",
            "\"a b\"",
            "\"\\u00e9\\n\\t\\\"\\\\\\/\\b\\f\\r\"",
            "\"\\uD83D\\uDE00\"",
            "\"\\udead\"",
            "\"é ü 日本\"",
            "[]",
            "{}",
            " [ 1 , 2 ] ",
            "\n{\"a\" : {\"b\": [true, null, {}]}, \"c\":\"d\"}\r\n",
            "[[[[[[]]]]]]",
            "{\"\":0}",
            "[\"a\",[\"b\",{\"c\":[]}]]",
            "1e400",
            "\"x\u{7f}y\"",
            // invalid
            "",
            " ",
            "01",
            "-",
            "+1",
            "1.",
            ".5",
            "1e",
            "1e+",
            "--1",
            "0x1",
            "1 2",
            "[1,]",
            "[,1]",
            "[1 2]",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "{1:2}",
            "{\"a\":}",
            "{\"a\"}",
            "[",
            "]",
            "{",
            "\"abc",
            "\"a\tb\"",
            "\"a\nb\"",
            "\"\\x\"",
            "\"\\u12\"",
            "\"\\u12g4\"",
            "tru",
            "nul",
            "True",
            "[true false]",
            "{}{}",
            "[]]",
            "{\"a\":1}}",
            "'a'",
            "NaN",
            "\"\\\"",
            "[1,,2]",
            "{,}",
            "\u{feff}1",
        ];
        for text in cases {
            assert_eq!(compact(text).is_some(), serde_accepts(text), "{text:?}");
        }
    }

    #[test]
    fn agrees_with_serde_json_on_random_texts() {
        // Short texts from JSON's own characters, so that most are nearly JSON.
        const ALPHABET: &[u8] = b"{}[]\",:0123-.eE+ tfnrulsa\\u/b\t\n";
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..200_000 {
            let len = (next() % 12) as usize;
            let text: String = (0..len)
                .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize] as char)
                .collect();
            assert_eq!(compact(&text).is_some(), serde_accepts(&text), "{text:?}");
        }
    }

    #[test]
    fn drops_only_the_whitespace_between_tokens() {
        let text =
            "{\n  \"a b\" : [ 1 ,\t-2.5e3 ],\r\n \"q\\\" \\\\\" : \" x \\n \" , \"n\":null }";
        let compacted = compact(text).unwrap();
        assert_eq!(
            compacted,
            "{\"a b\":[1,-2.5e3],\"q\\\" \\\\\":\" x \\n \",\"n\":null}"
        );
        let value: Value = serde_json::from_str(text).unwrap();
        assert_eq!(value, serde_json::from_str::<Value>(&compacted).unwrap());
        let long = format!("\"{}\\u0041{}\"", "x".repeat(40), "y".repeat(17));
        assert_eq!(compact(&long).unwrap(), long);
    }

    #[test]
    fn deep_nesting_has_no_recursion_limit() {
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        assert_eq!(compact(&deep).unwrap(), deep);
    }
}
