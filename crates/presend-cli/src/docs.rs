//! Rule documentation: `presend rules`, `presend explain` and `docs/rules/ID.md` all
//! come from the rule declarations in presend-core, so they cannot drift apart.

use std::fmt::Write as _;

use presend_core::{Relation, RuleMeta};

use crate::exit::{self, ExitStatus};

/// The Markdown page for one rule (`docs/rules/ID.md`, and `presend explain ID`).
pub(crate) fn rule_page(meta: &RuleMeta) -> String {
    let mut page = String::new();
    let source = meta
        .source_file
        .rsplit("src/")
        .next()
        .unwrap_or(meta.source_file);
    let _ = writeln!(
        page,
        "<!-- Generated from crates/presend-core/src/{source} by the presend test suite; do not edit by hand. -->"
    );
    let _ = writeln!(page, "# {}\n", meta.id);
    let _ = writeln!(page, "{}.\n", meta.summary);
    let _ = writeln!(
        page,
        "- Default severity: **{}**",
        meta.default_severity.as_str()
    );
    let _ = writeln!(page, "- Guidance:");
    for source in meta.sources {
        let relation = match source.relation {
            Relation::Follows => "follows",
            Relation::Inspired => "inspired by",
        };
        let _ = writeln!(
            page,
            "  - {} ({relation}): {}",
            source.guidance.title(),
            source.point
        );
    }
    page.push('\n');
    for line in meta.docs_markdown().lines() {
        // Fences carry test annotations (`json,expect_finding`, `csv,patients`) for the
        // doc-example tests; readers need only the language.
        let line = match line.split_once(',') {
            Some((fence, _)) if line.starts_with("```") => fence,
            _ => line,
        };
        page.push_str(line);
        page.push('\n');
    }
    let _ = write!(page, "\n## Fix\n\n{}\n", meta.fix.describe());
    page
}

pub(crate) fn explain(id: &str, doc_page: bool) -> ExitStatus {
    let Some(meta) = RuleMeta::find(&id.trim().to_ascii_lowercase()) else {
        let hint = RuleMeta::closest(id)
            .map(|m| format!(" Did you mean `{}`?", m.id))
            .unwrap_or_default();
        exit::error(&format!(
            "no rule `{id}`.{hint} `presend rules` lists them."
        ));
        return ExitStatus::Error;
    };
    if doc_page {
        return exit::print(&rule_page(meta));
    }
    exit::print(&reader_page(meta))
}

/// The rule's page as a reader sees it (`presend explain`, SARIF help): without the
/// generated-file note, which is for the repository's copy.
pub(crate) fn reader_page(meta: &RuleMeta) -> String {
    let page = rule_page(meta);
    match page.split_once('\n') {
        Some((_, body)) => body.to_owned(),
        None => page,
    }
}

pub(crate) fn list_rules(json: bool) -> ExitStatus {
    let text = if json {
        let rules: Vec<&RuleMeta> = RuleMeta::all().collect();
        serde_json::to_string_pretty(&rules).unwrap_or_default() + "\n"
    } else {
        let width = RuleMeta::all().map(|m| m.id.len()).max().unwrap_or(0);
        let mut text = String::new();
        for meta in RuleMeta::all() {
            let _ = writeln!(
                text,
                "{:width$}  {:5}  {}",
                meta.id,
                meta.default_severity.as_str(),
                meta.summary
            );
        }
        text.push_str("\n`presend explain ID` tells what a rule catches, why, and what to do.\n");
        text
    };
    exit::print(&text)
}
