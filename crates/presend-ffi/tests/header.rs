use std::path::Path;

/// The conventions every call follows: one text, included by the crate docs too.
const CONVENTIONS: &str = include_str!("../conventions.md");

/// The header's opening comment: what presend is, then the conventions.
fn opening_comment() -> String {
    let mut comment = String::from(
        "/*\n * presend: check an email in the moment before it is sent, and warn a UK GP\n * practice's staff about what could breach patient confidentiality.\n *\n * Conventions\n",
    );
    for line in CONVENTIONS.lines() {
        comment.push_str(format!(" * {line}").trim_end());
        comment.push('\n');
    }
    comment.push_str(" */");
    comment
}

fn generate() -> String {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut config =
        cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")).expect("cbindgen.toml parses");
    config.header = Some(opening_comment());
    let mut header = Vec::new();
    cbindgen::Builder::new()
        .with_crate(crate_dir)
        .with_config(config)
        .with_after_include(format!(
            "\n/* The version of presend this header describes; presend_version() returns the library's. */\n#define PRESEND_VERSION \"{}\"",
            env!("CARGO_PKG_VERSION")
        ))
        .generate()
        .expect("cbindgen generates the header")
        .write(&mut header);
    String::from_utf8(header).expect("the header is UTF-8")
}

/// The committed header matches the code; `PRESEND_BLESS=1` regenerates it.
#[test]
fn header_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("include/presend.h");
    let generated = generate();
    if std::env::var_os("PRESEND_BLESS").is_some() {
        std::fs::write(&path, &generated).expect("write header");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is stale: run `PRESEND_BLESS=1 cargo test -p presend-ffi` and commit it",
        path.display()
    );
}

/// The committed header opens with the conventions, line for line as the crate docs
/// include them.
#[test]
fn header_states_the_conventions_the_crate_docs_do() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("include/presend.h");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed.starts_with(&opening_comment()),
        "{} does not open with conventions.md",
        path.display()
    );
    let crate_docs = include_str!("../src/lib.rs");
    assert!(
        crate_docs.contains(r#"#![doc = include_str!("../conventions.md")]"#),
        "the crate docs no longer include conventions.md"
    );
}

/// Every function, type and constant in the header carries documentation, and the
/// header names the crate's version.
#[test]
fn every_header_item_is_documented() {
    let header = generate();
    assert!(header.contains(&format!(
        "#define PRESEND_VERSION \"{}\"",
        env!("CARGO_PKG_VERSION")
    )));
    let lines: Vec<&str> = header.lines().collect();
    let mut undocumented = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let declares =
            (line.contains("presend_") && line.trim_end().ends_with('(') && !line.starts_with(' '))
                || line.starts_with("typedef ")
                || (line.starts_with("#define PRESEND_") && !line.contains("PRESEND_H"));
        if declares && index > 0 {
            let previous = lines[index - 1].trim();
            if !(previous.starts_with("//")
                || previous.ends_with("*/")
                || previous.is_empty() && line.starts_with("#define PRESEND_VERSION"))
            {
                undocumented.push(*line);
            }
        }
    }
    assert!(
        undocumented.is_empty(),
        "undocumented header items: {undocumented:#?}"
    );
}
