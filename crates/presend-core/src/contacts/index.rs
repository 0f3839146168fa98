//! The near-miss index: the known contacts within a few typing slips of an address,
//! exactly the ones comparing it with every contact would find, in microseconds for a
//! directory of a million addresses.
//!
//! **Why it is exact.** Split the address in two (anywhere). An alignment of the address with a
//! contact that costs at most `k` slips spends at most `k` on the two halves together,
//! or `k + 1` when a transposition straddles the split (it is then a substitution on
//! each side). So one half is within `(k + 1) / 2` slips of the part of the contact it
//! aligns with. The index keeps the contacts sorted, and also reversed and sorted. A walk
//! of the first as a trie, holding the address's first half to that smaller budget,
//! reaches every contact whose start is close; the same walk of the reversed contacts
//! with the reversed address reaches every contact whose end is close. Between them they
//! reach every contact within `k`, and each is then measured in full.
//!
//! **Why it is fast.** The smaller budget keeps the walk near the address's own path
//! from the first letter, even in a dense directory (`james.smith4`, `james.smith5`, …).
//! Where no mismatched letter could stay within budget, the walk follows only the
//! letters of the address that could, each found by binary search, rather than every
//! branch. And the walk within one slip runs first: only when it finds nothing does the
//! wider walk within two run, since any contact one slip away is nearer than all those two
//! away (and in a dense directory there are hundreds of those).
//!
//! **Memory.** Each contact's bytes twice (forwards and reversed), two offsets and an id:
//! about twice its length plus 12 bytes, with no per-contact allocation.

use crate::distance::osa_within;

/// Known contacts, indexed for exact and near-miss lookup.
#[derive(Debug, Clone, Default)]
pub struct ContactIndex {
    /// The contacts, sorted and without duplicates.
    forward: SortedStrings,
    /// Each contact reversed, sorted.
    reversed: SortedStrings,
    /// For each reversed contact, its position in `forward`.
    reversed_to_forward: Vec<u32>,
}

/// The result of a near-miss lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NearMiss<'a> {
    /// The known contact the address is closest to.
    pub contact: &'a str,
    /// How many edits apart they are (1 or 2).
    pub distance: usize,
}

impl ContactIndex {
    /// Indexes lower-case addresses (borrowed or owned: nothing is kept of them but
    /// the index's own packed copy).
    pub fn new<S: AsRef<str>>(contacts: impl IntoIterator<Item = S>) -> Self {
        let mut contacts: Vec<S> = contacts.into_iter().collect();
        contacts.sort_unstable_by(|a, b| a.as_ref().cmp(b.as_ref()));
        contacts.dedup_by(|a, b| a.as_ref() == b.as_ref());
        let forward = SortedStrings::new(contacts.iter().map(|c| c.as_ref().as_bytes()));
        drop(contacts);

        // Sorted by their reversed bytes, compared in place rather than copied reversed:
        // a second copy of a directory is what the memory budget cannot spare.
        let mut reversed_to_forward: Vec<u32> = (0..forward.len() as u32).collect();
        reversed_to_forward.sort_unstable_by(|&a, &b| {
            let (a, b) = (forward.get(a as usize), forward.get(b as usize));
            a.iter().rev().cmp(b.iter().rev())
        });
        let mut reversed = SortedStrings::with_capacity(forward.len(), forward.bytes.len());
        for &index in &reversed_to_forward {
            reversed.push(forward.get(index as usize).iter().rev().copied());
        }
        Self {
            forward,
            reversed,
            reversed_to_forward,
        }
    }

    /// How many contacts there are.
    pub fn len(&self) -> usize {
        self.forward.len()
    }

    /// Whether there are no contacts.
    pub fn is_empty(&self) -> bool {
        self.forward.len() == 0
    }

    /// Whether `address` (lower case) is a known contact.
    pub fn contains(&self, address: &str) -> bool {
        let address = address.as_bytes();
        let at = self
            .forward
            .partition_point(0, self.forward.len(), |contact| contact < address);
        at < self.forward.len() && self.forward.get(at) == address
    }

    /// The known contact nearest to `address` (lower case) within `limit` edits, when
    /// `address` is not itself a contact. Ties go to the alphabetically first contact.
    pub fn nearest(&self, address: &str, limit: usize) -> Option<NearMiss<'_>> {
        if self.is_empty() || self.contains(address) {
            return None;
        }
        let query = address.as_bytes();
        // Table cells are bytes; no caller asks for anywhere near 100 slips.
        let limit = limit.min(100);
        // Nearest first: a walk within one slip is narrow, and when it finds a contact
        // no contact further away can be the answer. In a dense directory a walk within
        // two slips reaches hundreds of namesakes, so it runs only when it must.
        (1..=limit).find_map(|slips| self.nearest_within(query, slips as u8))
    }

    /// The nearest contact within `slips` of `query`, alphabetically first among equals.
    fn nearest_within(&self, query: &[u8], slips: u8) -> Option<NearMiss<'_>> {
        let mut found = Vec::new();
        let half_budget = slips.div_ceil(2);
        if half_budget == slips {
            // The halves' budget is the whole budget: one walk reaches everything.
            Walk::new(&self.forward, query, query.len(), slips, slips).run(&mut found);
        } else {
            // Any split is exact; this one is fast. Most of a directory shares a few
            // domains, so a part that is mostly domain narrows the walk little: split
            // in the middle of the local part, and the second part (the rest of the
            // local part, then the domain) still starts with what tells people apart.
            let local_part = query
                .iter()
                .rposition(|&b| b == b'@')
                .unwrap_or(query.len());
            let first_part = local_part / 2;
            Walk::new(&self.forward, query, first_part, half_budget, slips).run(&mut found);
            let reversed_query: Vec<u8> = query.iter().rev().copied().collect();
            let mut from_end = Vec::new();
            let second_part = query.len() - first_part;
            Walk::new(
                &self.reversed,
                &reversed_query,
                second_part,
                half_budget,
                slips,
            )
            .run(&mut from_end);
            found.extend(
                from_end
                    .into_iter()
                    .map(|index| self.reversed_to_forward[index as usize]),
            );
            found.sort_unstable();
            found.dedup();
        }
        found
            .into_iter()
            .filter_map(|index| {
                let contact = self.forward.get(index as usize);
                let distance = osa_within(query, contact, usize::from(slips))?;
                Some((distance, std::str::from_utf8(contact).ok()?))
            })
            .min()
            .map(|(distance, contact)| NearMiss { contact, distance })
    }
}

/// Strings kept sorted in one buffer.
#[derive(Debug, Clone, Default)]
struct SortedStrings {
    bytes: Vec<u8>,
    /// Where each string starts in `bytes`, then where the last one ends.
    bounds: Vec<u32>,
}

impl SortedStrings {
    /// Packs `strings`, which are in order.
    fn new<'a>(strings: impl ExactSizeIterator<Item = &'a [u8]> + Clone) -> Self {
        let total = strings.clone().map(<[u8]>::len).sum();
        let mut packed = Self::with_capacity(strings.len(), total);
        for string in strings {
            packed.push(string.iter().copied());
        }
        packed
    }

    fn with_capacity(count: usize, bytes: usize) -> Self {
        let mut bounds = Vec::with_capacity(count + 1);
        bounds.push(0);
        Self {
            bytes: Vec::with_capacity(bytes),
            bounds,
        }
    }

    /// Appends a string, which sorts after those already here.
    fn push(&mut self, string: impl Iterator<Item = u8>) {
        self.bytes.extend(string);
        // Contacts are capped (MAX_CONTACTS) far below 4 GiB of addresses.
        self.bounds.push(self.bytes.len() as u32);
    }

    fn len(&self) -> usize {
        self.bounds.len() - 1
    }

    fn range(&self, index: usize) -> std::ops::Range<usize> {
        self.bounds[index] as usize..self.bounds[index + 1] as usize
    }

    fn get(&self, index: usize) -> &[u8] {
        &self.bytes[self.range(index)]
    }

    /// The first index in `lo..hi` whose string is not `before` (which holds for a
    /// prefix of the range and not after).
    fn partition_point(
        &self,
        mut lo: usize,
        mut hi: usize,
        before: impl Fn(&[u8]) -> bool,
    ) -> usize {
        while lo < hi {
            let middle = lo + (hi - lo) / 2;
            if before(self.get(middle)) {
                lo = middle + 1;
            } else {
                hi = middle;
            }
        }
        lo
    }
}

/// A set of bytes, in ascending order.
#[derive(Default)]
struct LetterSet([u64; 4]);

impl LetterSet {
    fn insert(&mut self, letter: u8) {
        self.0[usize::from(letter / 64)] |= 1 << (letter % 64);
    }

    fn iter(&self) -> impl Iterator<Item = u8> + '_ {
        self.0.iter().enumerate().flat_map(|(word_index, &word)| {
            let mut rest = word;
            std::iter::from_fn(move || {
                let bit = rest.trailing_zeros();
                (bit < 64).then(|| {
                    rest &= rest - 1;
                    (word_index * 64) as u8 + bit as u8
                })
            })
        })
    }
}

/// One walk of a sorted string set as a trie, with the bounded optimal-string-alignment
/// table of `query` against the path kept one row per depth.
struct Walk<'a> {
    strings: &'a SortedStrings,
    query: &'a [u8],
    /// The length of the query's first part, held to `half_budget`.
    split: usize,
    half_budget: u8,
    limit: u8,
    /// Row `d` of the table: the distances of the query's prefixes to the path's first
    /// `d` bytes, capped at `limit + 1`. Rows are `query.len() + 1` wide.
    rows: Vec<u8>,
    /// The byte at each depth of the current path.
    path: Vec<u8>,
}

impl<'a> Walk<'a> {
    fn new(
        strings: &'a SortedStrings,
        query: &'a [u8],
        split: usize,
        half_budget: u8,
        limit: u8,
    ) -> Self {
        let width = query.len() + 1;
        let cap = limit.saturating_add(1);
        let mut rows = Vec::with_capacity(width * (query.len() + limit as usize + 2));
        rows.extend((0..width).map(|i| u8::try_from(i).unwrap_or(u8::MAX).min(cap)));
        Self {
            strings,
            query,
            split,
            half_budget,
            limit,
            rows,
            path: Vec::with_capacity(query.len() + limit as usize + 1),
        }
    }

    fn width(&self) -> usize {
        self.query.len() + 1
    }

    fn row(&self, depth: usize) -> &[u8] {
        let width = self.width();
        &self.rows[depth * width..(depth + 1) * width]
    }

    /// The cells of row `depth` that can be within the limit: aligning `depth` bytes of
    /// the path with `i` of the query costs at least `|depth - i|`. The cells outside it
    /// are never written and stay at `limit + 1`.
    fn band(&self, depth: usize) -> std::ops::RangeInclusive<usize> {
        let limit = usize::from(self.limit);
        depth.saturating_sub(limit)..=(depth + limit).min(self.query.len())
    }

    /// Every string within `limit` of the query whose start the first half aligns with
    /// within `half_budget` is added to `found` (perhaps with others within `limit`).
    fn run(mut self, found: &mut Vec<u32>) {
        let count = self.strings.len();
        self.visit(0, count, 0, false, found);
    }

    fn visit(
        &mut self,
        mut lo: usize,
        hi: usize,
        depth: usize,
        prefix_close: bool,
        found: &mut Vec<u32>,
    ) {
        let limit = self.limit;
        let (row_min, first_part_min, prefix_close) = {
            let row = self.row(depth);
            let band = self.band(depth);
            let row_min = row[band.clone()].iter().copied().min().unwrap_or(u8::MAX);
            let first_part = row
                .get(*band.start()..=(*band.end()).min(self.split))
                .unwrap_or_default(); // empty once the band has passed the first part
            let first_part_min = first_part.iter().copied().min().unwrap_or(u8::MAX);
            (
                row_min,
                first_part_min,
                prefix_close || row[self.split] <= self.half_budget,
            )
        };
        if row_min > limit || (!prefix_close && first_part_min > self.half_budget) {
            return;
        }
        // A contact that ends here: sorted first in its range.
        if lo < hi && self.strings.get(lo).len() == depth {
            if self.row(depth)[self.query.len()] <= limit {
                found.push(lo as u32);
            }
            lo += 1;
        }
        if depth >= self.query.len() + limit as usize {
            return; // longer contacts are more than `limit` longer than the query
        }
        // A letter that matches nothing in the query raises every cell by one. When that
        // would break the budget, only the query's own letters can continue the path.
        let any_letter = row_min < limit && (prefix_close || first_part_min < self.half_budget);
        if any_letter {
            let mut start = lo;
            while start < hi {
                let letter = self.strings.get(start)[depth];
                let end = self
                    .strings
                    .partition_point(start, hi, |s| s[depth] <= letter);
                self.descend(start, end, depth, letter, prefix_close, found);
                start = end;
            }
        } else {
            for letter in self.useful_letters(depth).iter() {
                let start = self.strings.partition_point(lo, hi, |s| s[depth] < letter);
                let end = self
                    .strings
                    .partition_point(start, hi, |s| s[depth] <= letter);
                if start < end {
                    self.descend(start, end, depth, letter, prefix_close, found);
                }
            }
        }
    }

    /// The query's letters that could keep the path within budget after `depth`: those
    /// just after a cell within the limit (a match), and those a transposition with the
    /// path's last letter would use.
    fn useful_letters(&self, depth: usize) -> LetterSet {
        let mut letters = LetterSet::default();
        let row = self.row(depth);
        for i in self.band(depth) {
            if i < self.query.len() && row[i] <= self.limit {
                letters.insert(self.query[i]);
            }
        }
        if let Some(&previous) = self.path.last() {
            let before = self.row(depth - 1);
            for i in self.band(depth - 1) {
                if i + 1 < self.query.len()
                    && self.query[i + 1] == previous
                    && before[i] < self.limit
                {
                    letters.insert(self.query[i]);
                }
            }
        }
        letters
    }

    /// Extends the path by `letter` (the strings `lo..hi` continue with it) and visits.
    fn descend(
        &mut self,
        lo: usize,
        hi: usize,
        depth: usize,
        letter: u8,
        prefix_close: bool,
        found: &mut Vec<u32>,
    ) {
        let width = self.width();
        let cap = self.limit.saturating_add(1);
        let next = (depth + 1) * width;
        if self.rows.len() < next + width {
            self.rows.resize(next + width, cap);
        }
        let previous_letter = self.path.last().copied();
        let band = self.band(depth + 1);
        let (done, rest) = self.rows.split_at_mut(next);
        let parent = &done[depth * width..next];
        let grandparent = depth
            .checked_sub(1)
            .map(|d| &done[d * width..(d + 1) * width]);
        let child = &mut rest[..width];
        let query = self.query;
        if *band.start() == 0 {
            child[0] = u8::try_from(depth + 1).unwrap_or(u8::MAX).min(cap);
        }
        for i in (*band.start()).max(1)..=*band.end() {
            let substitution = parent[i - 1] + u8::from(query[i - 1] != letter);
            let mut cell = (parent[i] + 1).min(child[i - 1] + 1).min(substitution);
            if let (Some(grandparent), Some(previous)) = (grandparent, previous_letter)
                && i >= 2
                && query[i - 1] == previous
                && query[i - 2] == letter
            {
                cell = cell.min(grandparent[i - 2] + 1);
            }
            child[i] = cell.min(cap);
        }
        self.path.push(letter);
        self.visit(lo, hi, depth + 1, prefix_close, found);
        self.path.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The answer by comparing with every contact, as the index must give it.
    fn scan<'a>(contacts: &'a [String], address: &str, limit: usize) -> Option<NearMiss<'a>> {
        if contacts.iter().any(|c| c == address) {
            return None;
        }
        contacts
            .iter()
            .filter_map(|c| {
                Some((
                    osa_within(address.as_bytes(), c.as_bytes(), limit)?,
                    c.as_str(),
                ))
            })
            .min()
            .map(|(distance, contact)| NearMiss { contact, distance })
    }

    #[test]
    fn nearest_contact_is_found_within_two_edits_only() {
        let index = ContactIndex::new([
            "an.other@nhs.net".to_owned(),
            "jane.doe@gmail.com".to_owned(),
        ]);
        assert_eq!(
            index.nearest("am.other@nhs.net", 2),
            Some(NearMiss {
                contact: "an.other@nhs.net",
                distance: 1
            })
        );
        assert_eq!(
            index.nearest("jane.doe@gmial.com", 2).map(|m| m.distance),
            Some(1)
        );
        assert_eq!(index.nearest("an.other@nhs.net", 2), None);
        assert_eq!(index.nearest("someone.else@nhs.net", 2), None);
    }

    /// A dense directory like a real one: numbered namesakes, shared domains.
    fn directory(rng: &mut fastrand::Rng, size: usize) -> Vec<String> {
        const FIRST: &[&str] = &["james", "jane", "an", "a", "mohammed", "sarah", "j", "li"];
        const LAST: &[&str] = &["smith", "other", "patel", "o'neil", "ng", "jones", "doe"];
        const DOMAINS: &[&str] = &["nhs.net", "nhs.uk", "gmail.com", "gmial.com", "nhs.scot"];
        (0..size)
            .map(|_| {
                let number = match rng.u8(0..4) {
                    0 => String::new(),
                    _ => rng.u16(0..60).to_string(),
                };
                format!(
                    "{}{}{}{number}@{}",
                    FIRST[rng.usize(..FIRST.len())],
                    [".", "_", ""][rng.usize(..3)],
                    LAST[rng.usize(..LAST.len())],
                    DOMAINS[rng.usize(..DOMAINS.len())],
                )
            })
            .collect()
    }

    /// `text` with up to `slips` random typing slips.
    fn slipped(rng: &mut fastrand::Rng, text: &str, slips: usize) -> String {
        let mut bytes = text.as_bytes().to_vec();
        for _ in 0..slips {
            let at = rng.usize(..bytes.len().max(1));
            let letter = b"aejnost.@1_"[rng.usize(..11)];
            match rng.u8(0..4) {
                0 if !bytes.is_empty() => {
                    bytes.remove(at);
                }
                1 => bytes.insert(at.min(bytes.len()), letter),
                2 if !bytes.is_empty() => bytes[at] = letter,
                _ if at + 1 < bytes.len() => bytes.swap(at, at + 1),
                _ => {}
            }
        }
        String::from_utf8(bytes).unwrap_or_default()
    }

    #[test]
    fn gives_exactly_the_answers_of_comparing_with_every_contact() {
        let mut rng = fastrand::Rng::with_seed(20261128);
        for round in 0..40 {
            let contacts = directory(&mut rng, [3, 50, 400, 2000][round % 4]);
            let index = ContactIndex::new(contacts.iter().cloned());
            let mut sorted = contacts.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(index.len(), sorted.len());
            for _ in 0..150 {
                let base = &contacts[rng.usize(..contacts.len())];
                let slips = rng.usize(0..4);
                let address = slipped(&mut rng, base, slips);
                for limit in [1, 2, 3] {
                    assert_eq!(
                        index.nearest(&address, limit),
                        scan(&sorted, &address, limit),
                        "{address} within {limit}"
                    );
                }
                assert_eq!(
                    index.contains(&address),
                    sorted.binary_search(&address).is_ok()
                );
            }
        }
    }

    #[test]
    fn transpositions_across_the_middle_and_the_ends_are_found() {
        let contacts = ["ab@x.io", "abcdefgh@nhs.net", "x@y.z"].map(str::to_owned);
        let index = ContactIndex::new(contacts.clone());
        // The middle of "abcdefgh@nhs.ne" (16 bytes) falls between 'h' and '@'.
        for address in [
            "abcdefg@hnhs.net",
            "bacdefgh@nhs.nte",
            "ba@x.oi",
            "x@y.z.",
            "@xy.z",
        ] {
            assert_eq!(
                index.nearest(address, 2),
                scan(&contacts, address, 2),
                "{address}"
            );
        }
        assert_eq!(index.nearest("", 2), None);
        assert!(ContactIndex::new::<&str>([]).nearest("a@b.c", 2).is_none());
    }
}
