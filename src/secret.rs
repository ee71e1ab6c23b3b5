//! Text that holds credentials: zeroed when dropped, never shown by `Debug`.
//!
//! What is wiped, exactly: every `SecretString` and `SecretBuffer` through its whole
//! allocation (spare capacity included) when dropped, a `SecretBuffer`'s old allocation each
//! time it grows, and every string handed to a C caller when it is freed. What is best effort:
//! copies made inside the HTTP and TLS stacks (request bodies, socket buffers), which the
//! library does not own.

use std::fmt;
use std::mem::MaybeUninit;
use std::sync::atomic::{compiler_fence, Ordering};

/// A string holding tokens, a device code or an assertion. Its bytes are overwritten with
/// zeros when it is dropped, and `Debug` prints only its length.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SecretString(String);

impl SecretString {
    /// Wraps `text`; the caller should not keep other copies.
    pub fn new(text: String) -> SecretString {
        SecretString(text)
    }

    /// The secret text.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Hands the text over without wiping it (the receiver takes over the duty).
    pub fn into_inner(mut self) -> String {
        std::mem::take(&mut self.0)
    }
}

/// The bytes, for a `bytes::Bytes` that owns the secret (a request body: wiped when the HTTP
/// stack drops its last reference).
impl AsRef<[u8]> for SecretString {
    fn as_ref(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl Drop for SecretString {
    fn drop(&mut self) {
        let mut bytes = std::mem::take(&mut self.0).into_bytes();
        wipe_vec(&mut bytes);
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretString({} bytes)", self.0.len())
    }
}

/// A growable byte buffer for text with secrets in it (JSON being written): growing it wipes
/// the allocation it leaves, and dropping it wipes it whole.
#[derive(Default)]
pub struct SecretBuffer(Vec<u8>);

impl SecretBuffer {
    /// An empty buffer with room for `capacity` bytes (so that writing them never grows it).
    pub fn with_capacity(capacity: usize) -> SecretBuffer {
        SecretBuffer(Vec::with_capacity(capacity))
    }

    /// The bytes, copied into an allocation of exactly their size plus a final NUL (so that a
    /// `CString` made of them never reallocates); this buffer is wiped when dropped.
    pub fn to_exact_with_nul(&self) -> Vec<u8> {
        let mut exact = Vec::with_capacity(self.0.len() + 1);
        exact.extend_from_slice(&self.0);
        exact.push(0);
        exact
    }

    fn reserve(&mut self, more: usize) {
        if self.0.capacity() - self.0.len() >= more {
            return;
        }
        let wanted = (self.0.len() + more).max(self.0.capacity() * 2).max(256);
        let mut bigger = Vec::with_capacity(wanted);
        bigger.extend_from_slice(&self.0);
        wipe_vec(&mut self.0);
        self.0 = bigger;
    }
}

impl std::io::Write for SecretBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.reserve(buf.len());
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for SecretBuffer {
    fn drop(&mut self) {
        wipe_vec(&mut self.0);
    }
}

/// Overwrites every byte of `bytes` with zero in a way the optimizer keeps: one `memset`,
/// then the slice is handed to `black_box`, which the compiler must assume reads it, so the
/// zeros cannot be dropped as dead stores. (A store per byte, each through `black_box`, cost
/// about five instructions a byte; a call wipes some 10 KB.)
pub fn wipe_bytes(bytes: &mut [u8]) {
    bytes.fill(0);
    std::hint::black_box(&mut *bytes);
    compiler_fence(Ordering::SeqCst);
}

/// Overwrites a vector's whole allocation, spare capacity included, then empties it.
pub fn wipe_vec(bytes: &mut Vec<u8>) {
    wipe_bytes(bytes);
    let spare = bytes.spare_capacity_mut();
    spare.fill(MaybeUninit::new(0));
    std::hint::black_box(spare);
    compiler_fence(Ordering::SeqCst);
    bytes.clear();
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn debug_hides_the_text() {
        let s = SecretString::new("refresh-token-value".into());
        assert_eq!(format!("{s:?}"), "SecretString(19 bytes)");
        assert_eq!(s.expose(), "refresh-token-value");
    }

    #[test]
    fn wipe_empties_the_vector_and_keeps_its_allocation() {
        let mut v = b"secret-and-more".to_vec();
        v.truncate(6);
        let capacity = v.capacity();
        wipe_vec(&mut v);
        assert!(v.is_empty());
        assert_eq!(v.capacity(), capacity);
    }

    #[test]
    fn secret_buffer_grows_and_hands_out_exact_bytes() {
        let mut buf = SecretBuffer::default();
        for _ in 0..100 {
            buf.write_all(b"0123456789").unwrap();
        }
        let exact = buf.to_exact_with_nul();
        assert_eq!(exact.len(), 1001);
        assert_eq!(exact.capacity(), 1001);
    }
}
