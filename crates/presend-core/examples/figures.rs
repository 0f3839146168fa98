//! The work behind the figures of docs/performance.md, for `scripts/perf-figures.sh`,
//! which counts instructions with callgrind (counts do not move with the machine's load)
//! and reads each figure as the inclusive cost of one `measure_*` function below.
//!
//! `cargo run --release -p presend-core --example figures -- MODE`, MODE one of:
//! - `corpus`: the 200-message generated corpus, read by mail-parser (parse and body
//!   text: `measure_mail_parser`) and checked by presend (`measure_presend`);
//! - `contacts N`: a dense directory of N contacts indexed, then one near-miss lookup
//!   (`measure_one_more_recipient`), also timed here over 200 addresses (median, worst);
//! - `contacts-csv N`: the same directory as an Outlook CSV export on stdout;
//! - `message N`: one plain-text reply of about N bytes (own text and quoted history)
//!   as an RFC 5322 message on stdout, for the peak memory of a message near the limit.

use std::hint::black_box;
use std::io::Write;
use std::time::{Duration, Instant};

use mail_parser::MessageParser;
use presend_core::{Checker, ContactIndex, Policy};

#[path = "../benches/support/corpus.rs"]
mod corpus;
#[path = "../benches/support/directory.rs"]
mod directory;

#[inline(never)]
fn measure_mail_parser(messages: &[Vec<u8>]) {
    corpus::read_with_mail_parser(&MessageParser::new(), messages);
}

#[inline(never)]
fn measure_presend(checker: &Checker, messages: &[Vec<u8>]) {
    corpus::check_each(checker, messages);
}

#[inline(never)]
fn measure_one_more_recipient(index: &ContactIndex, address: &str) -> bool {
    index.nearest(black_box(address), 2).is_some()
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let size: usize = std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    match mode.as_str() {
        "corpus" => {
            let messages = corpus::practice_messages(200);
            let policy = include_str!("../../../fixtures/policy.json");
            let checker =
                Checker::new(Policy::from_json(policy).expect("policy")).expect("checker");
            measure_mail_parser(&messages);
            measure_presend(&checker, &messages);
            let bytes: usize = messages.iter().map(Vec::len).sum();
            println!("{} messages, {bytes} bytes", messages.len());
        }
        "contacts" => {
            let contacts = directory::directory(size);
            let index = ContactIndex::new(&contacts);
            measure_one_more_recipient(&index, "james.smtih1702@nhs.net");
            let mut rng = fastrand::Rng::with_seed(3);
            let mut times: Vec<Duration> = (0..200)
                .map(|_| {
                    let mut address = contacts[rng.usize(..contacts.len())].clone().into_bytes();
                    let at = rng.usize(..address.len() - 1);
                    address.swap(at, at + 1);
                    let address = String::from_utf8(address).expect("ASCII");
                    let started = Instant::now();
                    measure_one_more_recipient(&index, &address);
                    started.elapsed()
                })
                .collect();
            times.sort();
            let micros = |d: Duration| d.as_secs_f64() * 1e6;
            println!(
                "{} contacts; one more recipient: median {:.1} µs, worst {:.1} µs (200 addresses, each a contact with two neighbouring letters swapped)",
                index.len(),
                micros(times[times.len() / 2]),
                micros(times[times.len() - 1])
            );
        }
        "contacts-csv" => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            let _ = writeln!(out, "First Name,Last Name,E-mail Address,E-mail Type");
            for address in directory::directory(size) {
                let _ = writeln!(out, "A,B,{address},SMTP");
            }
        }
        "message" => {
            let _ = std::io::stdout()
                .lock()
                .write_all(&corpus::plain_message(size));
        }
        _ => {
            eprintln!("usage: figures corpus | contacts N | contacts-csv N | message N");
            std::process::exit(2);
        }
    }
}
