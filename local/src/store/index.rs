//! Where each contact's row is, by contact id and by client token, and how many contacts each
//! instance has: kept in memory and rebuilt from the table when the store opens. The table on
//! disk then has no index over random keys, so a commit writes the pages its new rows fill and
//! not a page of each index per contact.
//!
//! Keys are kept as 64-bit hashes; a lookup gives every row whose key has the same hash, and the
//! caller compares the row itself.

use std::collections::hash_map::{Entry, HashMap};
use std::hash::{BuildHasher, BuildHasherDefault, Hasher, RandomState};

/// The tables' keys are already keyed hashes, so the tables place them by their own bits
/// instead of hashing them again.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type ByHash<V> = HashMap<u64, V, BuildHasherDefault<Prehashed>>;

/// Rows by the hash of their key.
#[derive(Default)]
struct Rows {
    first: ByHash<i64>,
    /// Further rows whose keys share a hash with an earlier one.
    more: ByHash<Vec<i64>>,
}

impl Rows {
    fn insert(&mut self, hash: u64, row: i64) {
        match self.first.entry(hash) {
            Entry::Vacant(vacant) => {
                vacant.insert(row);
            }
            Entry::Occupied(_) => self.more.entry(hash).or_default().push(row),
        }
    }

    fn get(&self, hash: u64) -> Vec<i64> {
        let more = self.more.get(&hash).map_or(&[][..], Vec::as_slice);
        self.first
            .get(&hash)
            .into_iter()
            .chain(more)
            .copied()
            .collect()
    }
}

/// The in-memory lookups of the contacts table.
#[derive(Default)]
pub struct Index {
    hasher: RandomState,
    by_id: Rows,
    by_token: Rows,
    counts: HashMap<String, u64>,
}

impl Index {
    fn hash(&self, instance_id: &str, key: &str) -> u64 {
        self.hasher.hash_one((instance_id, key))
    }

    /// Records a committed row.
    pub fn add(&mut self, row: i64, instance_id: &str, contact_id: &str, token: Option<&str>) {
        self.by_id.insert(self.hash(instance_id, contact_id), row);
        if let Some(token) = token {
            self.by_token.insert(self.hash(instance_id, token), row);
        }
        match self.counts.get_mut(instance_id) {
            Some(count) => *count += 1,
            None => {
                self.counts.insert(instance_id.to_owned(), 1);
            }
        }
    }

    /// The rows that may hold the contact.
    pub fn rows_by_id(&self, instance_id: &str, contact_id: &str) -> Vec<i64> {
        self.by_id.get(self.hash(instance_id, contact_id))
    }

    /// The rows that may hold the instance's contact created with the token.
    pub fn rows_by_token(&self, instance_id: &str, token: &str) -> Vec<i64> {
        self.by_token.get(self.hash(instance_id, token))
    }

    /// How many contacts the instance has.
    pub fn count(&self, instance_id: &str) -> u64 {
        self.counts.get(instance_id).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_by_id_and_token_and_counts() {
        let mut index = Index::default();
        index.add(1, "i", "a", Some("t"));
        index.add(2, "i", "b", None);
        index.add(3, "j", "a", Some("t"));
        assert_eq!(index.rows_by_id("i", "a"), vec![1]);
        assert_eq!(index.rows_by_id("j", "a"), vec![3]);
        assert_eq!(index.rows_by_token("i", "t"), vec![1]);
        assert!(index.rows_by_id("i", "c").is_empty());
        assert!(index.rows_by_token("i", "b").is_empty());
        assert_eq!(
            (index.count("i"), index.count("j"), index.count("k")),
            (2, 1, 0)
        );
    }

    #[test]
    fn rows_sharing_a_hash_are_all_returned() {
        let mut rows = Rows::default();
        rows.insert(7, 1);
        rows.insert(7, 2);
        rows.insert(7, 3);
        rows.insert(8, 4);
        assert_eq!(rows.get(7), vec![1, 2, 3]);
        assert_eq!(rows.get(8), vec![4]);
        assert!(rows.get(9).is_empty());
    }
}
