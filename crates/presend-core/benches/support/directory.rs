//! A dense directory shaped like the NHSmail one: `firstname.lastname` with numbered
//! namesakes, on a few shared domains. Shared by `benches/contacts.rs` and
//! `examples/figures.rs`, which include it by path.

/// A dense directory of `size` distinct addresses, the same on every run.
pub fn directory(size: usize) -> Vec<String> {
    const FIRST: &[&str] = &[
        "james", "john", "sarah", "emma", "mohammed", "olivia", "david", "amelia", "michael",
        "priya", "thomas", "grace", "daniel", "chloe", "an", "li", "jo", "aisha", "peter", "ruth",
    ];
    const LAST: &[&str] = &[
        "smith", "jones", "taylor", "brown", "williams", "wilson", "johnson", "davies", "patel",
        "robinson", "wright", "thompson", "evans", "walker", "white", "roberts", "green", "hall",
        "khan", "other",
    ];
    const DOMAINS: &[&str] = &["nhs.net", "nhs.net", "nhs.net", "nhs.scot", "wales.nhs.uk"];
    let mut rng = fastrand::Rng::with_seed(1);
    let mut seen = std::collections::HashSet::with_capacity(size);
    while seen.len() < size {
        let number = match rng.u8(0..3) {
            0 => String::new(),
            _ => rng.u32(1..4000).to_string(),
        };
        seen.insert(format!(
            "{}.{}{number}@{}",
            FIRST[rng.usize(..FIRST.len())],
            LAST[rng.usize(..LAST.len())],
            DOMAINS[rng.usize(..DOMAINS.len())],
        ));
    }
    let mut contacts: Vec<String> = seen.into_iter().collect();
    contacts.sort();
    contacts
}
