//! The near-miss contact index against a well-filtered linear scan, measured in the same
//! run, at 10,000, 100,000 and 1,000,000 contacts of a dense directory shaped like the
//! NHSmail one (`firstname.lastname` with numbered namesakes, a few shared domains).
//!
//! - `nearest/index/N`: `ContactIndex::nearest` for 200 addresses (half one or two slips
//!   from a contact, half unknown), reported per address.
//! - `nearest/filtered-scan/N`: the baseline: every contact within two bytes of the
//!   address's length whose set of characters differs by at most four, then the bounded
//!   distance (it gives up once a row exceeds the limit).
//! - `build/N`: building the index.
//!
//! Run: `cargo bench -p presend-core --bench contacts`.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use presend_core::ContactIndex;
use presend_core::distance::osa_within;

#[path = "support/directory.rs"]
mod directory;
use directory::directory;

const LIMIT: usize = 2;

/// 200 addresses: half a contact with one or two slips, half people not in it.
fn queries(contacts: &[String]) -> Vec<String> {
    let mut rng = fastrand::Rng::with_seed(2);
    (0..200)
        .map(|n| {
            if n % 2 == 0 {
                let mut bytes = contacts[rng.usize(..contacts.len())].clone().into_bytes();
                for _ in 0..rng.usize(1..=2) {
                    let at = rng.usize(..bytes.len() - 1);
                    match rng.u8(0..3) {
                        0 => bytes[at] = b'a' + rng.u8(0..26),
                        1 => bytes.swap(at, at + 1),
                        _ => drop(bytes.remove(at)),
                    }
                }
                String::from_utf8(bytes).expect("ASCII")
            } else {
                format!("visitor{}.unknown{}@gmail.com", rng.u32(..), rng.u16(..))
            }
        })
        .collect()
}

/// The baseline: contacts grouped by length, a character-set filter, a bounded distance.
struct FilteredScan {
    by_length: Vec<Vec<(u64, String)>>,
}

fn letters(text: &str) -> u64 {
    text.bytes().fold(0, |set, b| set | 1 << (b % 64))
}

impl FilteredScan {
    fn new(contacts: &[String]) -> Self {
        let mut by_length: Vec<Vec<(u64, String)>> = Vec::new();
        for contact in contacts {
            if by_length.len() <= contact.len() {
                by_length.resize_with(contact.len() + 1, Vec::new);
            }
            by_length[contact.len()].push((letters(contact), contact.clone()));
        }
        Self { by_length }
    }

    fn nearest(&self, address: &str) -> Option<(usize, &str)> {
        let set = letters(address);
        let longest = (address.len() + LIMIT).min(self.by_length.len().saturating_sub(1));
        self.by_length
            .get(address.len().saturating_sub(LIMIT)..=longest)?
            .iter()
            .flatten()
            // Each slip adds or removes at most one character from the set on each side.
            .filter(|(other, _)| (set ^ other).count_ones() as usize <= 2 * LIMIT)
            .filter_map(|(_, contact)| {
                Some((
                    osa_within(address.as_bytes(), contact.as_bytes(), LIMIT)?,
                    contact.as_str(),
                ))
            })
            .min()
            .filter(|&(distance, _)| distance > 0) // a known contact is no near miss
    }
}

fn nearest(c: &mut Criterion) {
    let mut group = c.benchmark_group("nearest");
    // Ten samples: a filtered scan of a million contacts takes over a second per sample.
    group.sample_size(10);
    for size in [10_000, 100_000, 1_000_000] {
        let contacts = directory(size);
        let queries = queries(&contacts);
        let index = ContactIndex::new(&contacts);
        let scan = FilteredScan::new(&contacts);
        for query in &queries {
            let found = index
                .nearest(query, LIMIT)
                .map(|near| (near.distance, near.contact));
            assert_eq!(
                found,
                scan.nearest(query),
                "the index answers as the scan does: {query}"
            );
        }
        group.throughput(Throughput::Elements(queries.len() as u64));
        group.bench_with_input(BenchmarkId::new("index", size), &queries, |b, queries| {
            b.iter(|| {
                for query in queries {
                    black_box(index.nearest(black_box(query), LIMIT));
                }
            })
        });
        group.bench_with_input(
            BenchmarkId::new("filtered-scan", size),
            &queries,
            |b, queries| {
                b.iter(|| {
                    for query in queries {
                        black_box(scan.nearest(black_box(query)));
                    }
                })
            },
        );
    }
    group.finish();
}

fn build(c: &mut Criterion) {
    let mut group = c.benchmark_group("build");
    group.sample_size(10);
    for size in [10_000, 100_000, 1_000_000] {
        let contacts = directory(size);
        group.throughput(Throughput::Elements(size as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(size),
            &contacts,
            |b, contacts| b.iter(|| ContactIndex::new(black_box(contacts))),
        );
    }
    group.finish();
}

criterion_group!(benches, nearest, build);
criterion_main!(benches);
