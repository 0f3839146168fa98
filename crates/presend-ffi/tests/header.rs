use std::path::Path;

fn generate() -> String {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config =
        cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")).expect("cbindgen.toml parses");
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
