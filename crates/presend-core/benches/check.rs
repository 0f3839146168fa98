//! What a check costs, against baselines measured in the same run:
//!
//! - `messages/*`: every `.eml` fixture (practice mail, replies with history, HTML,
//!   attachments), as mail-parser 1.x parsing plus body-text extraction alone (the
//!   design's baseline), as presend's whole check from the same bytes, and as the
//!   rules alone on an already-read draft.
//!
//! Run: `cargo bench -p presend-core` (criterion's report in target/criterion/).

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mail_parser::MessageParser;
use presend_core::{Checker, Draft, Policy};

fn fixture_messages() -> Vec<Vec<u8>> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("fixtures readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "eml") {
                out.push(path);
            }
        }
    }
    let mut paths = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures"),
        &mut paths,
    );
    paths.sort();
    paths
        .iter()
        .map(|path| std::fs::read(path).expect("fixture readable"))
        .collect()
}

fn messages(c: &mut Criterion) {
    let messages = fixture_messages();
    let bytes: usize = messages.iter().map(Vec::len).sum();
    let policy = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/policy.json"),
    )
    .expect("policy readable");
    let checker = Checker::new(Policy::from_json(&policy).expect("policy valid")).expect("checker");
    let drafts: Vec<Draft> = messages
        .iter()
        .map(|m| Draft::from_mime(m).expect("fixture parses"))
        .collect();

    let mut group = c.benchmark_group("messages");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("mail-parser parse + body text (baseline)", |b| {
        let parser = MessageParser::new();
        b.iter(|| {
            for message in &messages {
                let parsed = parser.parse(black_box(message));
                black_box(parsed.map(|m| m.body_text(0).map(|text| text.len())));
            }
        })
    });
    group.bench_function("presend check from bytes", |b| {
        b.iter(|| {
            for message in &messages {
                black_box(
                    checker
                        .check_mime(black_box(message))
                        .map(|r| r.findings.len())
                        .ok(),
                );
            }
        })
    });
    group.bench_function("presend rules on a read draft", |b| {
        b.iter(|| {
            for draft in &drafts {
                black_box(checker.check(black_box(draft)).findings.len());
            }
        })
    });
    group.finish();
}

criterion_group!(benches, messages);
criterion_main!(benches);
