//! `presend fix` over every `.eml` fixture, in both line endings: the safe fixes are all
//! applied, checking the fixed message finds nothing left that a safe fix resolves, and
//! everything the fixes do not concern (other headers, attachments byte for byte, the
//! text the sender wrote) is as it was.

use mail_parser::{MessageParser, MessagePart};
use presend_core::{Applicability, Checker, Draft, Edit, Fix, rewrite};

use crate::fixtures::{checker_of, convert_line_endings, fixtures};

/// Headers a fix may write again; every other header must come through untouched.
const REWRITTEN_HEADERS: [&str; 6] = [
    "to",
    "cc",
    "bcc",
    "subject",
    "content-type",
    "content-transfer-encoding",
];

#[test]
fn every_fixture_fixed_leaves_nothing_safely_fixable_and_keeps_the_rest() {
    let mut failures = Vec::new();
    let mut fixed_messages = 0;
    for fixture in fixtures() {
        if fixture.path.extension().is_none_or(|e| e != "eml") {
            continue;
        }
        let name = fixture.name();
        let checker = checker_of(&fixture);
        let original = std::fs::read(&fixture.path).expect("fixture readable");
        for (ending, raw) in [
            ("as stored", original.clone()),
            ("line endings converted", convert_line_endings(&original)),
        ] {
            let outcome = round_trip(&checker, &raw);
            match outcome {
                Ok(true) => fixed_messages += 1,
                Ok(false) => {}
                Err(problem) => failures.push(format!("{name} ({ending}): {problem}")),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixed messages went wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // Enough fixtures have a safe fix for the test to mean something.
    assert!(
        fixed_messages >= 60,
        "only {fixed_messages} messages had a safe fix"
    );
}

/// Fixes `raw`, returning whether any fix applied, or what went wrong.
fn round_trip(checker: &Checker, raw: &[u8]) -> Result<bool, String> {
    let before_draft = Draft::from_mime(raw).map_err(|e| e.to_string())?;
    let before = checker.check(&before_draft);
    let safe: Vec<&Fix> = before
        .findings
        .iter()
        .filter_map(|f| f.fix.as_ref())
        .filter(|fix| fix.applicability == Applicability::Safe)
        .collect();
    let fixed = rewrite::apply(raw, &safe).map_err(|e| e.to_string())?;
    if !fixed.not_applied.is_empty() {
        return Err(format!("fixes not applied: {:?}", fixed.not_applied));
    }
    if safe.is_empty() && fixed.message != raw {
        return Err("changed with no fix to apply".to_owned());
    }
    let after_draft = Draft::from_mime(&fixed.message)
        .map_err(|e| format!("the fixed message cannot be read: {e}"))?;
    let after = checker.check(&after_draft);
    let still: Vec<String> = after
        .findings
        .iter()
        .filter(|f| {
            f.fix
                .as_ref()
                .is_some_and(|fix| fix.applicability == Applicability::Safe)
        })
        .map(|f| format!("{} ({})", f.rule, f.message))
        .collect();
    if !still.is_empty() {
        return Err(format!("still safely fixable: {still:?}"));
    }
    // No new kind of problem appears, except that a corrected address can now be a
    // near miss of a contact, which is the sender's to judge.
    let new_rules: Vec<&str> = after
        .findings
        .iter()
        .map(|f| f.rule)
        .filter(|rule| *rule != "near-miss-recipient")
        .filter(|rule| before.findings.iter().all(|f| f.rule != *rule))
        .collect();
    if !new_rules.is_empty() {
        return Err(format!("new findings: {new_rules:?}"));
    }
    // Fixing what is fixed changes nothing.
    let again = rewrite::apply(&fixed.message, &[]).map_err(|e| e.to_string())?;
    if again.message != fixed.message {
        return Err("applying no fixes to the fixed message changed it".to_owned());
    }
    kept_what_fixes_do_not_touch(raw, &fixed.message)?;
    kept_the_senders_text(&before_draft, &after_draft, &safe)?;
    Ok(!safe.is_empty())
}

fn kept_what_fixes_do_not_touch(raw: &[u8], fixed: &[u8]) -> Result<(), String> {
    let parser = MessageParser::new();
    let (Some(before), Some(after)) = (parser.parse(raw), parser.parse(fixed)) else {
        return Err("mail-parser cannot read the message".to_owned());
    };
    let other_headers = |bytes: &[u8], part: MessagePart<'_>| -> Vec<Vec<u8>> {
        part.headers()
            .iter()
            .filter(|h| {
                !REWRITTEN_HEADERS.contains(&h.name().as_str().to_ascii_lowercase().as_str())
            })
            .map(|h| bytes[h.offset_field() as usize..h.offset_end() as usize].to_vec())
            .collect()
    };
    if other_headers(raw, before.root_part()) != other_headers(fixed, after.root_part()) {
        return Err("a header no fix concerns changed".to_owned());
    }
    let attachments = |bytes: &[u8], message: &mail_parser::Message<'_>| -> Vec<Vec<u8>> {
        message
            .root()
            .attachments()
            .map(|part| bytes[part.offset_header() as usize..part.offset_end() as usize].to_vec())
            .collect()
    };
    if attachments(raw, &before) != attachments(fixed, &after) {
        return Err("an attachment changed".to_owned());
    }
    Ok(())
}

/// The body is the one written, with only the appended text added; the subject only
/// gains its tag; attachments read the same.
fn kept_the_senders_text(before: &Draft, after: &Draft, fixes: &[&Fix]) -> Result<(), String> {
    let mut text = after.body.text.clone().unwrap_or_default();
    for fix in fixes {
        if let Edit::AppendText { text: added, .. } = &fix.edit {
            for newline in ["\r\n", "\n"] {
                let added = added.replace('\n', newline);
                text = text.replacen(&format!("{newline}{newline}{added}{newline}"), "", 1);
            }
        }
    }
    if text != before.body.text.clone().unwrap_or_default() {
        return Err("the plain-text body changed beyond the appended text".to_owned());
    }
    // The HTML gains the text as a paragraph where the fix placed it, and nothing else.
    let mut html = after.body.html.clone().unwrap_or_default();
    for fix in fixes {
        if let Edit::AppendText {
            text: added,
            html_at: Some(_),
            ..
        } = &fix.edit
        {
            let paragraph = format!(
                "<p>{}</p>",
                added.lines().map(escape).collect::<Vec<_>>().join("<br>")
            );
            let Some(at) = html.find(&paragraph) else {
                return Err(format!("the HTML body lacks {paragraph:?}"));
            };
            let end = at + paragraph.len();
            let newline = if html[end..].starts_with("\r\n") {
                2
            } else {
                1
            };
            html.replace_range(at..end + newline, "");
        }
    }
    if html != before.body.html.clone().unwrap_or_default() {
        return Err("the HTML body changed beyond the added paragraph".to_owned());
    }
    let subject = fixes
        .iter()
        .fold(after.subject.clone(), |subject, fix| match &fix.edit {
            Edit::AddSubjectTag { tag } => subject.replacen(&format!("{tag} "), "", 1),
            _ => subject,
        });
    if subject.trim() != before.subject.trim() {
        return Err(format!("the subject changed: {:?}", after.subject));
    }
    if before.attachments != after.attachments {
        return Err("the attachments read differently".to_owned());
    }
    Ok(())
}

fn escape(line: &str) -> String {
    line.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
