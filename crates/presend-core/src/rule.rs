//! What a rule is: its declaration (metadata and documentation, written once) and the
//! three steps every rule splits into: detection, wording and fixing.
//!
//! A rule file declares itself with [`declare_rule!`], whose doc comment becomes the
//! rule's documentation (`presend explain`, `docs/rules/ID.md`, SARIF descriptions all
//! read it), and implements [`Rule`]: `run` finds problems as plain data (`State`),
//! `message` words one for the sender, `fix` proposes a change. Keeping wording apart
//! from detection puts every user-facing sentence, and any masking of patient data, in
//! one place per rule.

use crate::context::Context;
use crate::limits::MAX_FINDINGS_PER_RULE;
use crate::meta::RuleMeta;
use crate::report::{Edit, Field, Finding, Fix, Severity};
use crate::text::{ExcerptWindow, TextRange};

/// Declares a rule: a unit struct with `META`, documentation from its doc comment.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis $name:ident {
            id: $id:literal,
            default: $severity:ident,
            summary: $summary:literal,
            fix: $fix:ident,
            sources: [$($source:expr),* $(,)?] $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, Default)]
        $vis struct $name;

        impl $crate::rule::Declared for $name {
            const META: &'static $crate::meta::RuleMeta = &$crate::meta::RuleMeta {
                id: $id,
                default_severity: $crate::report::Severity::$severity,
                summary: $summary,
                fix: $crate::report::Applicability::$fix,
                sources: &[$($source),*],
                docs: concat!($($doc, "\n",)*),
                source_file: file!(),
            };
        }
    };
}
pub(crate) use declare_rule;

/// Where a finding points.
#[derive(Debug, Clone, Default)]
pub(crate) struct Location {
    pub field: Option<Field>,
    pub address: Option<String>,
    pub attachment: Option<usize>,
    /// A byte range in the subject (for `Field::Subject`) or the analysed body.
    pub range: Option<TextRange>,
}

impl Location {
    pub fn address(field: Field, address: &str) -> Self {
        Self {
            field: Some(field),
            address: Some(address.to_owned()),
            ..Self::default()
        }
    }

    pub fn text(field: Field, range: TextRange) -> Self {
        Self {
            field: Some(field),
            range: Some(range),
            ..Self::default()
        }
    }

    pub fn field(field: Field) -> Self {
        Self {
            field: Some(field),
            ..Self::default()
        }
    }
}

/// What a rule's `fix` proposes: the title the sender reads and the change.
pub(crate) struct Proposal {
    pub title: String,
    pub edit: Edit,
}

/// A rule's declaration, implemented by [`declare_rule!`].
pub(crate) trait Declared {
    /// The rule's metadata and documentation.
    const META: &'static RuleMeta;
}

/// A rule's behaviour, split into detection, wording and fixing.
pub(crate) trait Rule: Declared + Sync {
    /// What `run` found: plain data, no wording.
    type State;
    /// Finds every problem in the draft.
    fn run(cx: &Context<'_>) -> Vec<Self::State>;
    /// Where the problem is.
    fn location(cx: &Context<'_>, state: &Self::State) -> Location;
    /// The sentence the sender reads: what is wrong and what to do.
    fn message(cx: &Context<'_>, state: &Self::State) -> String;
    /// A change that resolves the problem, where one exists. Whether it may be applied
    /// unasked is the rule's declared [`Applicability`](crate::report::Applicability), not the finding's.
    fn fix(_cx: &Context<'_>, _state: &Self::State) -> Option<Proposal> {
        None
    }
}

/// The object-safe face of [`Rule`], so the registry can be one slice.
pub(crate) trait DynRule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, cx: &Context<'_>, severity: Severity, findings: &mut Vec<Finding>);
}

impl<R: Rule> DynRule for R {
    fn meta(&self) -> &'static RuleMeta {
        R::META
    }

    fn check(&self, cx: &Context<'_>, severity: Severity, findings: &mut Vec<Finding>) {
        for state in R::run(cx).into_iter().take(MAX_FINDINGS_PER_RULE) {
            let location = R::location(cx, &state);
            let field = location.field.unwrap_or(Field::Body);
            let (text, index, pid) = match field {
                Field::Subject => (
                    cx.draft.subject.as_str(),
                    &cx.view.subject_utf16,
                    &cx.view.subject_pid,
                ),
                _ => (
                    cx.view.body.as_ref(),
                    &cx.view.body_utf16,
                    &cx.view.body_pid,
                ),
            };
            let excerpt = |range: TextRange| {
                let window = ExcerptWindow::around(text, range);
                let shown = &text[window.start..window.end];
                if cx.options.show_pid {
                    window.render(shown)
                } else {
                    window.render(&crate::pid::mask_within(
                        text,
                        window.start..window.end,
                        pid,
                    ))
                }
            };
            findings.push(Finding {
                rule: R::META.id,
                severity,
                message: R::message(cx, &state),
                field,
                address: location.address,
                attachment: location.attachment,
                span: location.range.map(|range| index.span(range)),
                excerpt: location.range.map(excerpt),
                fix: R::fix(cx, &state).map(|proposal| Fix {
                    title: proposal.title,
                    applicability: R::META.fix,
                    edit: proposal.edit,
                }),
            });
        }
    }
}
