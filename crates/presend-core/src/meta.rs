//! What is known about a rule without running it: its id, default severity, summary,
//! fix applicability, the guidance it cites and its documentation. Declared once per
//! rule (`declare_rule!`), and read by the policy, the CLI, the docs and every binding.

use crate::report::{Applicability, Severity};

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

impl Relation {
    /// `follows` or `inspired`, as the rules list in JSON says it.
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Follows => "follows",
            Relation::Inspired => "inspired",
        }
    }
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
                        relation: source.relation.as_str(),
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
