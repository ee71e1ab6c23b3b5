//! `Memo`: the last few results of a pure, costly function of a caller's input, so that hosts
//! passing the same `vbo_url` or CA file with every call pay for reading it once. Keys are the
//! whole input (never a file name or a date), so a changed input is computed anew; failures
//! are never kept.

use std::sync::Mutex;

/// At most `N` keys and their values, the most recently used last.
pub struct Memo<K, V, const N: usize> {
    entries: Mutex<Vec<(K, V)>>,
}

impl<K, V: Clone, const N: usize> Memo<K, V, N> {
    /// An empty memo (usable in a `static`).
    pub const fn new() -> Self {
        Memo {
            entries: Mutex::new(Vec::new()),
        }
    }

    /// The value kept for the key that `is_key` recognizes, or else `compute`'s, kept under
    /// `key()` when it succeeds. `compute` runs without the lock held.
    pub fn get_or_compute<E>(
        &self,
        is_key: impl Fn(&K) -> bool,
        key: impl FnOnce() -> K,
        compute: impl FnOnce() -> Result<V, E>,
    ) -> Result<V, E> {
        if let Some(value) = self.get(&is_key) {
            return Ok(value);
        }
        let value = compute()?;
        self.put(is_key, key(), value.clone());
        Ok(value)
    }

    /// The value kept for the key that `is_key` recognizes.
    pub fn get(&self, is_key: impl Fn(&K) -> bool) -> Option<V> {
        let mut entries = self.lock();
        let i = entries.iter().position(|(k, _)| is_key(k))?;
        let entry = entries.remove(i);
        let value = entry.1.clone();
        entries.push(entry);
        Some(value)
    }

    /// Keeps `value` under `key` (replacing what `is_key` recognizes), the oldest entry going
    /// when the memo is full.
    pub fn put(&self, is_key: impl Fn(&K) -> bool, key: K, value: V) {
        let mut entries = self.lock();
        entries.retain(|(k, _)| !is_key(k));
        if entries.len() >= N {
            entries.remove(0);
        }
        entries.push((key, value));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<(K, V)>> {
        // Entries are whole pairs pushed or removed: a poisoned lock still holds good ones.
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_most_recent_successes() {
        let memo: Memo<u32, String, 2> = Memo::new();
        let computed = std::cell::Cell::new(0);
        let get = |k: u32| {
            memo.get_or_compute(
                |kept| *kept == k,
                || k,
                || -> Result<String, ()> {
                    computed.set(computed.get() + 1);
                    Ok(k.to_string())
                },
            )
        };
        assert_eq!(get(1), Ok("1".into()));
        assert_eq!(get(1), Ok("1".into()));
        assert_eq!(computed.get(), 1);
        get(2).unwrap();
        get(1).unwrap(); // 1 is now the most recent, 2 the oldest
        get(3).unwrap(); // 2 goes
        assert_eq!(computed.get(), 3);
        get(1).unwrap();
        assert_eq!(computed.get(), 3);
        get(2).unwrap();
        assert_eq!(computed.get(), 4);
        let failed = memo.get_or_compute(|k| *k == 9, || 9, || Err::<String, _>("no"));
        assert_eq!(failed, Err("no"));
        assert_eq!(memo.lock().len(), 2);
    }
}
