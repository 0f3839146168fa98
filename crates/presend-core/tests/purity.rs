//! The core is pure: no network, no files, no processes, no environment, no logging.
//! Hosts trust it with patient data because of that, so it is checked here rather than
//! promised: presend-core's own source uses none of those parts of `std`, and every
//! crate it depends on is one that was read for the same and listed below.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use crate::util::files_below;

/// Crates presend-core may depend on (normal dependencies, build and proc-macro crates
/// included): parsers, text and automata libraries that do no I/O and no logging.
/// A new dependency fails this test until it has been read and added. (`zip` also has
/// functions that extract an archive to disk; the core reads archives from memory only,
/// which the source scan below holds it to.)
const REVIEWED: &[&str] = &[
    "adler2",
    "aho-corasick",
    "base64",
    "cfg-if",
    "core_detect",
    "crc32fast",
    "csv",
    "csv-core",
    "encodify",
    "encoding_rs",
    "equivalent",
    "flate2",
    "hashbrown",
    "hashify",
    "indexmap",
    "itoa",
    "json_comments",
    "mail-parser",
    "memchr",
    "miniz_oxide",
    "multiversion_no_op",
    "presend-core",
    "proc-macro2",
    "punycode",
    "quick-xml",
    "quote",
    "regex",
    "regex-automata",
    "regex-syntax",
    "ryu",
    "scopeguard",
    "serde",
    "serde_core",
    "serde_derive",
    "serde_json",
    "serde_path_to_error",
    "simd-adler32",
    "simdutf8",
    "syn",
    "thiserror",
    "thiserror-impl",
    "tinyvec",
    "unicode-ident",
    "unicode-normalization",
    "unicode-script",
    "unicode-security",
    "unicode-segmentation",
    "zip",
    "zmij",
];

#[test]
fn the_core_depends_only_on_reviewed_crates() {
    let output = Command::new(env!("CARGO"))
        .args([
            "tree",
            "-p",
            "presend-core",
            "-e",
            "normal",
            "--prefix",
            "none",
            "--offline",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let crates: BTreeSet<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.split_whitespace().next().map(str::to_owned))
        .collect();
    assert!(
        crates.contains("mail-parser"),
        "cargo tree listed the dependencies: {crates:?}"
    );
    let unreviewed: Vec<&String> = crates
        .iter()
        .filter(|name| !REVIEWED.contains(&name.as_str()))
        .collect();
    assert!(
        unreviewed.is_empty(),
        "presend-core depends on crates not yet reviewed for I/O and logging: {unreviewed:?}"
    );
}

#[test]
fn the_core_source_uses_no_io_environment_or_printing() {
    let forbidden = [
        "std::fs",
        "std::net",
        "std::process",
        "std::env",
        "std::io::std",
        "std::thread",
        "println!",
        "eprintln!",
        "print!",
        "eprint!",
        "dbg!",
    ];
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    let mut files = 0;
    for path in files_below(&source) {
        if path.extension().is_none_or(|ext| ext != "rs") {
            continue;
        }
        files += 1;
        let text = std::fs::read_to_string(&path).expect("readable source");
        for (number, line) in text.lines().enumerate() {
            for word in forbidden.iter().filter(|word| line.contains(*word)) {
                found.push(format!("{}:{}: {word}", path.display(), number + 1));
            }
        }
    }
    assert!(files > 20, "read {files} source files");
    assert!(
        found.is_empty(),
        "the core must stay pure:\n{}",
        found.join("\n")
    );
}
