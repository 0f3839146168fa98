use crate::util::{presend, repo_root, rule_ids, stderr, stdout};

#[test]
fn rules_lists_every_rule_with_severity_and_summary() {
    let ids = rule_ids();
    let unique: std::collections::BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "rule ids are unique");
    let human = stdout(&presend(&["rules"], None));
    for id in &ids {
        assert!(
            human.lines().any(|line| line.starts_with(id.as_str())),
            "{id} missing from:\n{human}"
        );
    }
}

/// `docs/rules/ID.md` is what `presend explain ID` prints, both generated from the rule
/// declaration. `PRESEND_BLESS=1` regenerates the pages.
#[test]
fn rule_pages_match_their_declarations() {
    let dir = repo_root().join("docs/rules");
    let mut stale = Vec::new();
    let ids = rule_ids();
    for id in &ids {
        let output = presend(&["explain", "--doc-page", id], None);
        assert_eq!(output.status.code(), Some(0));
        let page = stdout(&output);
        assert!(page.contains("## What to do"));
        // What a reader sees: the same page, without the note for the repository's copy,
        // and the id in any letter case.
        let shown = stdout(&presend(&["explain", &id.to_uppercase()], None));
        assert!(
            page.starts_with("<!-- Generated") && !shown.contains("<!--"),
            "{shown}"
        );
        assert_eq!(
            page.split_once('\n').map(|(_, body)| body),
            Some(shown.as_str())
        );
        let path = dir.join(format!("{id}.md"));
        if std::env::var_os("PRESEND_BLESS").is_some() {
            std::fs::write(&path, &page).expect("write page");
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(page.as_str()) {
            stale.push(path.display().to_string());
        }
    }
    let pages = std::fs::read_dir(&dir)
        .expect("docs/rules")
        .filter_map(|e| e.ok())
        .count();
    assert_eq!(
        pages,
        ids.len(),
        "docs/rules holds a page per rule and nothing else"
    );
    assert!(
        stale.is_empty(),
        "out of date (run the tests with PRESEND_BLESS=1): {stale:?}"
    );
}

#[test]
fn explain_suggests_the_nearest_rule() {
    let output = presend(&["explain", "txtspeak"], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("did you mean `textspeak`")
            || stderr(&output).contains("Did you mean `textspeak`")
    );
}
