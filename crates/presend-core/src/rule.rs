//! What a rule is: its declaration (metadata and documentation, written once) and the
//! three steps every rule splits into: detection, wording and fixing.
//!
//! A rule file declares itself with [`declare_rule!`], whose doc comment becomes the
//! rule's documentation (`presend explain`, `docs/rules/ID.md`, SARIF descriptions all
//! read it), and implements [`Rule`]: `run` finds problems as plain data (`State`),
//! `message` words one for the sender, `fix` proposes a change. Keeping wording apart
//! from detection puts every user-facing sentence, and any masking of patient data, in
//! one place per rule.

use crate::checker::Context;
use crate::limits::MAX_FINDINGS_PER_RULE;
use crate::report::{Edit, Field, Finding, Fix, Severity};
use crate::text::{ExcerptWindow, TextRange};

/// A guidance document a rule comes from (the texts are in `shared/guidance/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Guidance {
    /// MDU, "Avoiding email dangers".
    MduAvoidingEmailDangers,
    /// MDDUS (Dr Anthea Martin), "The issue of confidentiality when emailing patients".
    MddusEmailingPatients,
    /// MDDUS, "Emailing patients 'requires opt-in'".
    MddusOptIn,
    /// MPS, "Electronic communication" factsheet.
    MpsElectronicCommunication,
    /// BMA position as summarised in "Secure Online Services".
    BmaSecureOnlineServices,
}

impl Guidance {
    /// The document's title as its publisher gives it.
    pub fn title(self) -> &'static str {
        match self {
            Guidance::MduAvoidingEmailDangers => "MDU: Avoiding email dangers",
            Guidance::MddusEmailingPatients => {
                "MDDUS: The issue of confidentiality when emailing patients"
            }
            Guidance::MddusOptIn => "MDDUS: Emailing patients 'requires opt-in'",
            Guidance::MpsElectronicCommunication => "MPS: Electronic communication",
            Guidance::BmaSecureOnlineServices => "BMA: Secure online services",
        }
    }
}

/// How closely a rule follows its guidance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Relation {
    /// The guidance asks for exactly this check.
    Follows,
    /// The guidance names the risk; the check is presend's way of catching it.
    Inspired,
}

/// A rule's citation of one guidance document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Source {
    /// The document.
    pub guidance: Guidance,
    /// How closely the rule follows it.
    pub relation: Relation,
    /// What the document says, in presend's own words.
    pub point: &'static str,
}

/// Whether a rule's fix may be applied without the sender looking at it: declared once
/// per rule, so `presend fix`, the rule docs and every binding agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// The rule proposes no fix: only the sender can resolve what it finds.
    None,
    /// The change is certain and loses nothing (recipients to Bcc, a footer added, a
    /// misspelt domain corrected): `presend fix` applies it, and a host may too.
    Safe,
    /// A likely change the sender must confirm (a guessed contact, a reworded phrase,
    /// text taken out): offered, never applied unasked.
    NeedsReview,
}

impl Applicability {
    /// How the rule docs describe it.
    pub fn describe(self) -> &'static str {
        match self {
            Applicability::None => "none (only the sender can resolve what it finds)",
            Applicability::Safe => "safe (`presend fix` applies it without asking)",
            Applicability::NeedsReview => {
                "needs review (offered to the sender, never applied unasked)"
            }
        }
    }
}

/// Everything known about a rule without running it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleMeta {
    /// Stable kebab-case id, part of the public interface.
    pub id: &'static str,
    /// Severity when the policy does not set one.
    pub default_severity: Severity,
    /// One line: when the rule fires.
    pub summary: &'static str,
    /// Whether its fix may be applied unasked.
    pub fix: Applicability,
    /// The guidance it comes from.
    pub sources: &'static [Source],
    /// Markdown documentation, from the rule's doc comment.
    pub docs: &'static str,
    /// The source file that declares the rule, relative to the crate.
    pub source_file: &'static str,
}

impl RuleMeta {
    /// Every rule, in documentation order.
    pub fn all() -> impl ExactSizeIterator<Item = &'static RuleMeta> {
        crate::rules::RULES.iter().map(|rule| rule.meta())
    }

    /// The rule with this id.
    pub fn find(id: &str) -> Option<&'static RuleMeta> {
        Self::all().find(|meta| meta.id == id)
    }

    /// The rule whose id is nearest to a mistyped `id`, if any is near.
    pub fn closest(id: &str) -> Option<&'static RuleMeta> {
        crate::distance::nearest(id, Self::all(), |meta| meta.id, 3)
    }

    /// The documentation as Markdown, with the doc comment's leading spaces removed.
    pub fn docs_markdown(&self) -> String {
        let mut out = String::with_capacity(self.docs.len());
        for line in self.docs.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }
}

/// `{"id", "default_severity", "summary", "fix", "guidance": [{"title", "relation", "point"}]}`:
/// what `presend rules --format json` and the bindings' rule lists print.
impl serde::Serialize for RuleMeta {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;

        struct Sources(&'static [Source]);
        impl serde::Serialize for Sources {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeSeq;
                let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
                #[derive(serde::Serialize)]
                struct Cited {
                    title: &'static str,
                    relation: &'static str,
                    point: &'static str,
                }
                for source in self.0 {
                    seq.serialize_element(&Cited {
                        title: source.guidance.title(),
                        relation: match source.relation {
                            Relation::Follows => "follows",
                            Relation::Inspired => "inspired",
                        },
                        point: source.point,
                    })?;
                }
                seq.end()
            }
        }

        let mut rule = serializer.serialize_struct("Rule", 5)?;
        rule.serialize_field("id", self.id)?;
        rule.serialize_field("default_severity", &self.default_severity)?;
        rule.serialize_field("summary", self.summary)?;
        rule.serialize_field("fix", &self.fix)?;
        rule.serialize_field("guidance", &Sources(self.sources))?;
        rule.end()
    }
}

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
            const META: &'static $crate::rule::RuleMeta = &$crate::rule::RuleMeta {
                id: $id,
                default_severity: $crate::report::Severity::$severity,
                summary: $summary,
                fix: $crate::rule::Applicability::$fix,
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
    /// unasked is the rule's declared [`Applicability`], not the finding's.
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
                    safe: R::META.fix == Applicability::Safe,
                    edit: proposal.edit,
                }),
            });
        }
    }
}
