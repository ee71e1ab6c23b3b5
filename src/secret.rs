//! Text that holds credentials: zeroed when dropped, never shown by `Debug`.

use std::fmt;

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

impl Drop for SecretString {
    fn drop(&mut self) {
        wipe_string(&mut self.0);
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretString({} bytes)", self.0.len())
    }
}

/// Overwrites every byte of `text` with zero (the optimizer may not drop the writes), then
/// empties it.
pub fn wipe_string(text: &mut String) {
    let mut bytes = std::mem::take(text).into_bytes();
    wipe_bytes(&mut bytes);
}

/// Overwrites every byte of `bytes` with zero in a way the optimizer keeps.
pub fn wipe_bytes(bytes: &mut [u8]) {
    for b in bytes.iter_mut() {
        // black_box hides the reference from the optimizer, so the store is not elided.
        *std::hint::black_box(b) = 0;
    }
    std::sync::atomic::compiler_fence(std::sync::atomic::Ordering::SeqCst);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_text() {
        let s = SecretString::new("refresh-token-value".into());
        assert_eq!(format!("{s:?}"), "SecretString(19 bytes)");
        assert_eq!(s.expose(), "refresh-token-value");
    }

    #[test]
    fn wipe_zeroes_bytes() {
        let mut v = b"secret".to_vec();
        wipe_bytes(&mut v);
        assert_eq!(v, vec![0u8; 6]);
    }
}
