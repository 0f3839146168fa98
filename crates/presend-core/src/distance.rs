//! Optimal string alignment distance: insertions, deletions, substitutions and
//! transpositions of adjacent characters, each costing one. The typing slips that send
//! mail to the wrong person are exactly these.

/// The candidate nearest to `typed` (a mistyped key, rule id or value), if one is within
/// `limit` edits: what a "did you mean" suggests. Ties go to the first candidate.
pub fn nearest<T>(
    typed: &str,
    candidates: impl IntoIterator<Item = T>,
    name: impl Fn(&T) -> &str,
    limit: usize,
) -> Option<T> {
    candidates
        .into_iter()
        .filter_map(|candidate| {
            osa_within(typed.as_bytes(), name(&candidate).as_bytes(), limit).map(|d| (d, candidate))
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// The OSA distance between `a` and `b` if it is at most `limit`, else `None`.
///
/// Bounded: it gives up as soon as every cell of a row exceeds `limit`, so comparing
/// unrelated strings costs little. Works on bytes: addresses and domains are ASCII in
/// practice, and a non-ASCII slip still counts (as one or two edits).
pub fn osa_within(a: &[u8], b: &[u8], limit: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    if a == b {
        return Some(0);
    }
    let width = b.len() + 1;
    // Three rolling rows: two back (for transpositions), previous, current.
    let mut before: Vec<usize> = vec![0; width];
    let mut previous: Vec<usize> = (0..width).collect();
    let mut current: Vec<usize> = vec![0; width];
    for i in 1..=a.len() {
        current[0] = i;
        let mut row_min = current[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut cell = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cell = cell.min(before[j - 2] + 1);
            }
            current[j] = cell;
            row_min = row_min.min(cell);
        }
        if row_min > limit {
            return None;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    let distance = previous[b.len()];
    (distance <= limit).then_some(distance)
}

#[cfg(test)]
mod tests {
    use super::osa_within;

    #[test]
    fn counts_each_kind_of_slip_as_one() {
        assert_eq!(osa_within(b"an.other", b"am.other", 2), Some(1)); // substitution
        assert_eq!(osa_within(b"nhs.net", b"nhs.nte", 2), Some(1)); // transposition
        assert_eq!(osa_within(b"gmail.com", b"gmal.com", 2), Some(1)); // deletion
        assert_eq!(osa_within(b"nhs.net", b"nhsnet", 2), Some(1)); // missing dot
        assert_eq!(osa_within(b"gmail.com", b"gmial.con", 2), Some(2));
    }

    #[test]
    fn gives_up_beyond_the_limit() {
        assert_eq!(osa_within(b"mac.com", b"aol.com", 2), None);
        assert_eq!(osa_within(b"a", b"abcd", 2), None);
        assert_eq!(osa_within(b"", b"", 0), Some(0));
        assert_eq!(osa_within(b"ca", b"abc", 3), Some(3)); // OSA, not full Damerau
    }
}
