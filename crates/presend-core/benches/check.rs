//! What a check costs, against baselines measured in the same run:
//!
//! - `messages/*`: every `.eml` fixture (practice mail, replies with history, HTML,
//!   attachments), as mail-parser 1.x parsing plus body-text extraction alone (the
//!   design's baseline), as presend's whole check from the same bytes, and as the
//!   rules alone on an already-read draft.
//!
//! - `corpus/*`: 200 generated practice messages from 2 KB to 1 MB (benches/support/
//!   corpus.rs), some with attachments: the same three measures.
//! - `size/*`: one plain-text message of 10 KB, 100 KB, 1 MB and 10 MB, presend's check
//!   and mail-parser's parse + body text: the time should grow in step with the size.
//! - `draft/*`: one 10 KB draft as an add-in passes it (JSON), checked, and the checker
//!   built from the fixtures' policy.
//!
//! Run: `cargo bench -p presend-core --bench check` (criterion's report, with plots, in
//! target/criterion/).

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

#[path = "support/corpus.rs"]
mod corpus;
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

fn fixtures_policy() -> Checker {
    let policy = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/policy.json"),
    )
    .expect("policy readable");
    Checker::new(Policy::from_json(&policy).expect("policy valid")).expect("checker")
}

/// mail-parser's parse and body text, presend's whole check, and presend's rules on read
/// drafts, over the same `messages`.
fn against_mail_parser(c: &mut Criterion, group: &str, messages: &[Vec<u8>]) {
    let checker = fixtures_policy();
    let bytes: usize = messages.iter().map(Vec::len).sum();
    let drafts: Vec<Draft> = messages
        .iter()
        .map(|m| Draft::from_mime(m).expect("message parses"))
        .collect();
    let mut group = c.benchmark_group(group);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("mail-parser parse + body text (baseline)", |b| {
        let parser = MessageParser::new();
        b.iter(|| corpus::read_with_mail_parser(&parser, messages))
    });
    group.bench_function("presend check from bytes", |b| {
        b.iter(|| corpus::check_each(&checker, messages))
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

fn messages(c: &mut Criterion) {
    against_mail_parser(c, "messages", &fixture_messages());
}

fn generated_corpus(c: &mut Criterion) {
    against_mail_parser(c, "corpus", &corpus::practice_messages(200));
}

fn by_size(c: &mut Criterion) {
    let checker = fixtures_policy();
    let parser = MessageParser::new();
    let mut group = c.benchmark_group("size");
    group.sample_size(10);
    for kilobytes in [10, 100, 1_000, 10_000] {
        let message = corpus::plain_message(kilobytes * 1024);
        group.throughput(Throughput::Bytes(message.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("presend check", kilobytes),
            &message,
            |b, message| {
                b.iter(|| {
                    checker
                        .check_mime(black_box(message))
                        .map(|r| r.findings.len())
                        .ok()
                })
            },
        );
        group.bench_with_input(
            BenchmarkId::new("mail-parser parse + body text", kilobytes),
            &message,
            |b, message| {
                b.iter(|| {
                    parser
                        .parse(black_box(message))
                        .map(|m| m.body_text(0).map(|text| text.len()))
                })
            },
        );
    }
    group.finish();
}

fn draft(c: &mut Criterion) {
    let mut group = c.benchmark_group("draft");
    let body = corpus::practice_messages(1)
        .first()
        .and_then(|m| Draft::from_mime(m).ok())
        .and_then(|d| d.body.text)
        .unwrap_or_default();
    let mut text = body;
    while text.len() < 10 * 1024 {
        text.push_str("Please call reception on 0113 496 0000 if you need to change it. ");
    }
    text.truncate(10 * 1024);
    let json = serde_json::json!({
        "from": "reception.meadowbank@nhs.net",
        "to": ["jane.doe@gmail.com", "an.other@nhs.net"],
        "subject": "Your appointment",
        "body": {"text": text},
    })
    .to_string();
    let checker = fixtures_policy();
    group.bench_function("10 KB draft from JSON, checked", |b| {
        b.iter(|| {
            let draft = Draft::from_json_bytes(black_box(json.as_bytes())).expect("draft");
            black_box(checker.check(&draft).findings.len())
        })
    });
    let policy = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/policy.json"),
    )
    .expect("policy readable");
    group.bench_function("checker from the fixtures' policy", |b| {
        b.iter(|| Checker::new(Policy::from_json(black_box(&policy)).expect("policy")))
    });
    group.finish();
}

criterion_group!(benches, messages, generated_corpus, by_size, draft);
criterion_main!(benches);
