//! Node.js bindings for presend, with napi-rs: the `presend` npm package.
//!
//! One implementation per call backs both entry points: `check` runs on the calling
//! thread, `checkAsync` runs the same function on libuv's thread pool. Results are
//! plain objects in the shape of the CLI's JSON report; bad policies throw, findings
//! come back as values. No `unwrap` here: every failure becomes a JavaScript Error.

#![deny(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::sync::Arc;

use napi::bindgen_prelude::*;
use napi_derive::napi;

use presend_core::{
    CheckOptions as CoreOptions, Checker as CoreChecker, Draft as Draft_, PatientIndex,
    Policy as Policy_, RuleMeta,
};

/// The overall outcome of a check.
#[napi(string_enum = "lowercase")]
#[derive(Debug)]
pub enum Verdict {
    /// Nothing above `info`.
    Pass,
    /// At least one warning, nothing blocking.
    Warn,
    /// Something should stop the send.
    Block,
}

/// How serious a finding is.
#[napi(string_enum = "lowercase")]
#[derive(Debug)]
pub enum Severity {
    /// Worth knowing.
    Info,
    /// Look again before sending.
    Warn,
    /// Do not send as it is.
    Block,
}

/// Whether a rule's fix may be applied without the sender looking at it.
#[napi(string_enum = "kebab-case")]
#[derive(Debug)]
pub enum Applicability {
    /// The rule proposes no fix.
    None,
    /// Certain and loses nothing: may be applied unasked.
    Safe,
    /// A likely change the sender must confirm.
    NeedsReview,
}

/// The part of the draft a finding is about.
#[napi(string_enum = "lowercase")]
#[derive(Debug)]
pub enum Field {
    /// The sender.
    From,
    /// To recipients.
    To,
    /// Cc recipients.
    Cc,
    /// Bcc recipients.
    Bcc,
    /// The subject line.
    Subject,
    /// The body.
    Body,
    /// An attachment (see `Finding.attachment`).
    Attachment,
}

/// Where a finding points in its field's analysed text: UTF-8 bytes and UTF-16 code
/// units. JavaScript string indices are UTF-16 units: use `utf16_start`/`utf16_end`.
#[napi(object)]
#[derive(Debug)]
pub struct Span {
    /// First byte (UTF-8).
    pub start: u32,
    /// One past the last byte (UTF-8).
    pub end: u32,
    /// First UTF-16 code unit: a JavaScript string index.
    #[napi(js_name = "utf16_start")]
    pub utf16_start: u32,
    /// One past the last UTF-16 code unit.
    #[napi(js_name = "utf16_end")]
    pub utf16_end: u32,
}

/// A change that resolves a finding: a union on `kind`, so checking `kind` narrows the
/// members. Every kind has `title`, a short imperative description ("Move 6 recipients
/// to Bcc"), and `applicability`: `safe` may be applied without asking, `needs-review`
/// is offered for the sender to confirm. The kinds:
///
/// - `move-to-bcc`: move `addresses` from To and Cc to Bcc, and put `to` (the sender)
///   in To.
/// - `replace-address`: replace recipient `from` in `field` with `to`.
/// - `append-text`: add `text` at `at`, an empty span at the end of the sender's own
///   text in the analysed body, above any quoted history; `html_at` is the same place
///   in the HTML body when there is one: insert the text there as an escaped paragraph.
/// - `add-subject-tag`: add `tag` (`[secure]`) to the subject.
/// - `replace-text`: replace the text at `span` in `field` (`subject` or `body`) with
///   `replacement` ("" deletes it).
#[napi(discriminant = "kind", discriminant_case = "kebab-case")]
#[derive(Debug)]
pub enum Fix {
    MoveToBcc {
        title: String,
        applicability: Applicability,
        addresses: Vec<String>,
        to: Option<String>,
    },
    ReplaceAddress {
        title: String,
        applicability: Applicability,
        field: Field,
        from: String,
        to: String,
    },
    AppendText {
        title: String,
        applicability: Applicability,
        text: String,
        at: Span,
        #[napi(js_name = "html_at")]
        html_at: Option<Span>,
    },
    AddSubjectTag {
        title: String,
        applicability: Applicability,
        tag: String,
    },
    ReplaceText {
        title: String,
        applicability: Applicability,
        field: Field,
        span: Span,
        replacement: String,
    },
}

/// One problem found in a draft.
#[napi(object)]
#[derive(Debug)]
pub struct Finding {
    /// The rule's id, e.g. `bulk-exposure`.
    pub rule: String,
    /// Severity after the policy's overrides.
    pub severity: Severity,
    /// Plain British English: what is wrong and what to do. Patient data masked.
    pub message: String,
    /// Which part of the draft.
    pub field: Field,
    /// The address concerned, for sender and recipient findings.
    pub address: Option<String>,
    /// The index of the attachment concerned.
    pub attachment: Option<u32>,
    /// Where in the field's analysed text.
    pub span: Option<Span>,
    /// The text around the span, on one line, patient data masked.
    pub excerpt: Option<String>,
    /// A change that would resolve the finding.
    pub fix: Option<Fix>,
}

/// The outcome of checking one draft: what `presend check --format json` prints for
/// one message, without `source`.
#[napi(object)]
#[derive(Debug)]
pub struct Report {
    /// The most serious severity among the findings.
    pub verdict: Verdict,
    /// Most severe first, then in message order.
    pub findings: Vec<Finding>,
}

/// How a check is done.
#[napi(object)]
#[derive(Debug, Default, Clone, Copy)]
pub struct CheckOptions {
    /// Show patient-identifiable data as written instead of masked (`*** *** 5919`).
    /// Only for showing the sender their own message; never log it.
    pub show_pid: Option<bool>,
}

/// How a checker is made, beyond its policy.
#[napi(object)]
pub struct CheckerOptions {
    /// The practice's patient list as CSV text (email address, NHS number, name, date
    /// of birth), for the wrong-patient rule. Read it from a local file: it is patient
    /// data. The checker holds it in memory only and shows it masked.
    pub patients: Option<String>,
}

/// A guidance document a rule cites.
#[napi(object)]
#[derive(Debug)]
pub struct RuleSource {
    /// The document's title.
    pub title: String,
    /// `follows` or `inspired`.
    pub relation: String,
    /// What it says, in presend's words.
    pub point: String,
}

/// A rule, as `presend rules --format json` lists it.
#[napi(object)]
#[derive(Debug)]
pub struct RuleInfo {
    /// Stable id, e.g. `near-miss-recipient`.
    pub id: String,
    /// Severity unless the policy sets one.
    #[napi(js_name = "default_severity")]
    pub default_severity: Severity,
    /// One line: when it fires.
    pub summary: String,
    /// Whether its fix may be applied unasked.
    pub fix: Applicability,
    /// The guidance it comes from.
    pub guidance: Vec<RuleSource>,
}

/// A sender or recipient: `"Name <address>"` or a bare address as a string, or this.
#[napi(object)]
pub struct Mailbox {
    /// Display name.
    pub name: Option<String>,
    /// The address, `local@domain`.
    pub address: String,
}

/// A draft's body: plain text and/or HTML. With both, the text is analysed.
#[napi(object)]
pub struct Body {
    /// The text/plain body.
    pub text: Option<String>,
    /// The text/html body.
    pub html: Option<String>,
}

/// An attachment, described; its text where the host could extract it.
#[napi(object)]
pub struct Attachment {
    /// File name.
    pub name: Option<String>,
    /// MIME type, e.g. `application/pdf`.
    #[napi(js_name = "content_type")]
    pub content_type: Option<String>,
    /// Size in bytes.
    pub size: Option<f64>,
    /// Text the host extracted itself, read for patient data.
    pub text: Option<String>,
    /// The file's bytes in base64: presend reads the text inside Word, Excel,
    /// PowerPoint and OpenDocument files and attached messages, and keeps no bytes.
    #[napi(js_name = "content_base64")]
    pub content_base64: Option<String>,
    /// Why the host could not hand the file over (`unavailable`: a cloud attachment, a
    /// failed download), so the file is reported unchecked rather than passed.
    pub unread: Option<Unreadable>,
}

/// Why an attachment's contents could not be read.
#[napi(string_enum = "kebab-case")]
#[derive(Debug)]
pub enum Unreadable {
    /// Protected by a password.
    Encrypted,
    /// Damaged, or not the kind of file it claims to be.
    Damaged,
    /// Too large to read before sending.
    TooLarge,
    /// A kind of file presend does not read.
    Unsupported,
    /// An attached message nested too deeply.
    TooDeep,
    /// A scan: pictures of text.
    Scanned,
    /// The mail client could not hand it over.
    Unavailable,
}

/// The message about to be sent, as the add-ins build it from Office.js and
/// Thunderbird compose details. Every member is optional; unknown members are an
/// error naming them.
#[napi(object)]
pub struct Draft {
    /// The sender.
    pub from: Option<Either<String, Mailbox>>,
    /// To recipients.
    pub to: Option<Vec<Either<String, Mailbox>>>,
    /// Cc recipients.
    pub cc: Option<Vec<Either<String, Mailbox>>>,
    /// Bcc recipients.
    pub bcc: Option<Vec<Either<String, Mailbox>>>,
    /// The subject line.
    pub subject: Option<String>,
    /// The body.
    pub body: Option<Body>,
    /// Attachments.
    pub attachments: Option<Vec<Attachment>>,
}

/// A practice's email consent for one patient: the categories they agreed to.
#[napi(string_enum = "lowercase")]
pub enum ConsentCategory {
    /// Appointment bookings and reminders.
    Appointments,
    /// Repeat prescriptions.
    Prescriptions,
    /// Test results.
    Results,
    /// General practice information.
    General,
    /// Newsletters and events.
    Marketing,
}

/// A practice's own patient identifier, as a regular expression.
#[napi(object)]
pub struct PidPattern {
    /// What findings call it, e.g. `EMIS patient number`.
    pub name: String,
    /// The pattern (Rust `regex` syntax), e.g. `\bEMIS-\d{6}\b`.
    pub pattern: String,
}

/// The practice's policy. Every key is optional; unknown keys are an error naming them.
#[napi(object)]
pub struct Policy {
    /// The practice's own domains.
    #[napi(js_name = "organisation_domains")]
    pub organisation_domains: Option<Vec<String>>,
    /// Domains safe for patient data; default `["nhs.net"]`.
    #[napi(js_name = "secure_domains")]
    pub secure_domains: Option<Vec<String>>,
    /// Free-mail domains to add to the built-in list.
    #[napi(js_name = "personal_domains")]
    pub personal_domains: Option<Vec<String>>,
    /// Domains above that are spelt as meant though they look like a slip for a
    /// well-known one (`nhs.nte`); any other such domain is an error.
    #[napi(js_name = "confirmed_domains")]
    pub confirmed_domains: Option<Vec<String>>,
    /// The exact confidentiality footer required.
    pub footer: Option<String>,
    /// Addresses the practice really writes to.
    #[napi(js_name = "known_contacts")]
    pub known_contacts: Option<Vec<String>>,
    /// Patient address → categories agreed by email.
    #[napi(ts_type = "Record<string, ConsentCategory[]>")]
    pub consent: Option<HashMap<String, Vec<String>>>,
    /// How many outside recipients may see each other in To and Cc (default 1).
    #[napi(js_name = "max_visible_external")]
    pub max_visible_external: Option<u32>,
    /// Rule id → `off`, `info`, `warn` or `block`.
    #[napi(ts_type = "Record<string, 'off' | 'info' | 'warn' | 'block'>")]
    pub rules: Option<HashMap<String, String>>,
    /// The practice's own patient identifiers, as regular expressions.
    #[napi(js_name = "pid_patterns")]
    pub pid_patterns: Option<Vec<PidPattern>>,
}

// Each JavaScript-facing type from its core twin by an exhaustive match or a full
// destructuring: a new variant or field in the core is a compile error here, never a
// member the TypeScript declarations do not describe.

impl From<presend_core::Verdict> for Verdict {
    fn from(verdict: presend_core::Verdict) -> Self {
        match verdict {
            presend_core::Verdict::Pass => Verdict::Pass,
            presend_core::Verdict::Warn => Verdict::Warn,
            presend_core::Verdict::Block => Verdict::Block,
        }
    }
}

impl From<presend_core::Severity> for Severity {
    fn from(severity: presend_core::Severity) -> Self {
        match severity {
            presend_core::Severity::Info => Severity::Info,
            presend_core::Severity::Warn => Severity::Warn,
            presend_core::Severity::Block => Severity::Block,
        }
    }
}

impl From<presend_core::Applicability> for Applicability {
    fn from(applicability: presend_core::Applicability) -> Self {
        match applicability {
            presend_core::Applicability::None => Applicability::None,
            presend_core::Applicability::Safe => Applicability::Safe,
            presend_core::Applicability::NeedsReview => Applicability::NeedsReview,
        }
    }
}

// Unreadable and ConsentCategory are inputs (a draft's `unread`, a policy's consent)
// whose values the core reads from JSON; converting the core's values to them keeps
// each in step with the core: a new reason or category is a compile error here.
impl From<presend_core::Unreadable> for Unreadable {
    fn from(unread: presend_core::Unreadable) -> Self {
        match unread {
            presend_core::Unreadable::Encrypted => Unreadable::Encrypted,
            presend_core::Unreadable::Damaged => Unreadable::Damaged,
            presend_core::Unreadable::TooLarge => Unreadable::TooLarge,
            presend_core::Unreadable::Unsupported => Unreadable::Unsupported,
            presend_core::Unreadable::TooDeep => Unreadable::TooDeep,
            presend_core::Unreadable::Scanned => Unreadable::Scanned,
            presend_core::Unreadable::Unavailable => Unreadable::Unavailable,
        }
    }
}

impl From<presend_core::ConsentCategory> for ConsentCategory {
    fn from(category: presend_core::ConsentCategory) -> Self {
        match category {
            presend_core::ConsentCategory::Appointments => ConsentCategory::Appointments,
            presend_core::ConsentCategory::Prescriptions => ConsentCategory::Prescriptions,
            presend_core::ConsentCategory::Results => ConsentCategory::Results,
            presend_core::ConsentCategory::General => ConsentCategory::General,
            presend_core::ConsentCategory::Marketing => ConsentCategory::Marketing,
        }
    }
}

impl From<presend_core::Field> for Field {
    fn from(field: presend_core::Field) -> Self {
        match field {
            presend_core::Field::From => Field::From,
            presend_core::Field::To => Field::To,
            presend_core::Field::Cc => Field::Cc,
            presend_core::Field::Bcc => Field::Bcc,
            presend_core::Field::Subject => Field::Subject,
            presend_core::Field::Body => Field::Body,
            presend_core::Field::Attachment => Field::Attachment,
        }
    }
}

impl From<presend_core::Span> for Span {
    fn from(span: presend_core::Span) -> Self {
        let presend_core::Span {
            start,
            end,
            utf16_start,
            utf16_end,
        } = span;
        Span {
            start,
            end,
            utf16_start,
            utf16_end,
        }
    }
}

impl From<presend_core::Fix> for Fix {
    fn from(fix: presend_core::Fix) -> Self {
        use presend_core::Edit;
        let presend_core::Fix {
            title,
            applicability,
            edit,
        } = fix;
        let applicability = applicability.into();
        match edit {
            Edit::MoveToBcc { addresses, to } => Fix::MoveToBcc {
                title,
                applicability,
                addresses,
                to,
            },
            Edit::ReplaceAddress { field, from, to } => Fix::ReplaceAddress {
                title,
                applicability,
                field: field.into(),
                from,
                to,
            },
            Edit::AppendText { text, at, html_at } => Fix::AppendText {
                title,
                applicability,
                text,
                at: at.into(),
                html_at: html_at.map(Span::from),
            },
            Edit::AddSubjectTag { tag } => Fix::AddSubjectTag {
                title,
                applicability,
                tag,
            },
            Edit::ReplaceText {
                field,
                span,
                replacement,
            } => Fix::ReplaceText {
                title,
                applicability,
                field: field.into(),
                span: span.into(),
                replacement,
            },
        }
    }
}

impl From<presend_core::Finding> for Finding {
    fn from(finding: presend_core::Finding) -> Self {
        let presend_core::Finding {
            rule,
            severity,
            message,
            field,
            address,
            attachment,
            span,
            excerpt,
            fix,
        } = finding;
        Finding {
            rule: rule.to_owned(),
            severity: severity.into(),
            message,
            field: field.into(),
            address,
            // At most MAX_ATTACHMENTS, far below u32::MAX.
            attachment: attachment.map(|index| u32::try_from(index).unwrap_or(u32::MAX)),
            span: span.map(Span::from),
            excerpt,
            fix: fix.map(Fix::from),
        }
    }
}

impl From<presend_core::Report> for Report {
    fn from(report: presend_core::Report) -> Self {
        let presend_core::Report { verdict, findings } = report;
        Report {
            verdict: verdict.into(),
            findings: findings.into_iter().map(Finding::from).collect(),
        }
    }
}

impl From<&RuleMeta> for RuleInfo {
    fn from(meta: &RuleMeta) -> Self {
        let RuleMeta {
            id,
            default_severity,
            summary,
            fix,
            sources,
            docs: _,
            source_file: _,
        } = *meta;
        RuleInfo {
            id: id.to_owned(),
            default_severity: default_severity.into(),
            summary: summary.to_owned(),
            fix: fix.into(),
            guidance: sources
                .iter()
                .map(|source| RuleSource {
                    title: source.guidance.title().to_owned(),
                    relation: source.relation.as_str().to_owned(),
                    point: source.point.to_owned(),
                })
                .collect(),
        }
    }
}

/// The JSON text of a draft or policy given from JavaScript: a string is that text
/// already; an object is written out by JavaScript's own `JSON.stringify`. The core then
/// reads it as it reads every binding's JSON, with the same errors naming the bad key,
/// and the text (unlike a JavaScript object) can move to a worker thread.
fn json_text(env: &Env, given: Either<String, Unknown<'_>>) -> Result<String> {
    match given {
        Either::A(text) => Ok(text),
        Either::B(value) => {
            let json: napi::JSON = env.get_global()?.get_named_property_unchecked("JSON")?;
            json.stringify(value).map_err(|error| {
                invalid(format!(
                    "a draft or policy must be an object or a JSON string ({})",
                    error.reason
                ))
            })
        }
    }
}

fn invalid(message: impl std::fmt::Display) -> Error {
    Error::new(Status::InvalidArg, message.to_string())
}

/// What to check, owned so it can move to a worker thread.
enum Input {
    /// A JSON draft's text.
    Draft(String),
    Mime(Vec<u8>),
    /// A draft JavaScript could not write as JSON (a BigInt, a cycle): the error, for
    /// the check to throw or its promise to reject with.
    Unwritable(Error),
}

impl Input {
    fn draft(env: &Env, given: Either<String, Unknown<'_>>) -> Self {
        json_text(env, given).map_or_else(Input::Unwritable, Input::Draft)
    }

    fn mime(message: Either<Buffer, String>) -> Self {
        match message {
            Either::A(buffer) => Input::Mime(buffer.to_vec()),
            Either::B(text) => Input::Mime(text.into_bytes()),
        }
    }
}

/// The one implementation behind `check`, `checkMime` and their async twins.
fn check_impl(
    checker: &CoreChecker,
    input: Input,
    options: CheckOptions,
) -> Result<presend_core::Report> {
    let draft = match input {
        Input::Draft(json) => Draft_::from_json(&json),
        Input::Unwritable(error) => return Err(error),
        Input::Mime(bytes) => Draft_::from_mime(&bytes),
    }
    .map_err(invalid)?;
    let options = if options.show_pid == Some(true) {
        CoreOptions::showing_pid()
    } else {
        CoreOptions::default()
    };
    Ok(checker.check_with(&draft, options))
}

/// A check run on libuv's thread pool.
pub struct CheckTask {
    checker: Arc<CoreChecker>,
    input: Option<Input>,
    options: CheckOptions,
}

impl Task for CheckTask {
    type Output = presend_core::Report;
    type JsValue = Report;

    fn compute(&mut self) -> Result<Self::Output> {
        let input = self
            .input
            .take()
            .ok_or_else(|| invalid("this check has already run"))?;
        check_impl(&self.checker, input, self.options)
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> Result<Self::JsValue> {
        Ok(output.into())
    }
}

/// A practice policy compiled for checking. Make one and reuse it for every draft;
/// it is safe to use from any number of concurrent async checks.
#[napi]
pub struct Checker {
    inner: Arc<CoreChecker>,
}

#[napi]
impl Checker {
    /// Compiles a policy: an object or a JSON string (see the README for the keys).
    /// Without one, the embedded default policy applies. A bad policy throws an Error
    /// whose message names the key, e.g. `invalid policy at \`rules.txtspeak\``.
    #[napi(
        constructor,
        ts_args_type = "policy?: Policy | string, options?: CheckerOptions"
    )]
    pub fn new(
        env: Env,
        policy: Option<Either<String, Unknown<'_>>>,
        options: Option<CheckerOptions>,
    ) -> Result<Self> {
        let checker = match policy {
            None => CoreChecker::with_default_policy(),
            Some(policy) => {
                let policy = Policy_::from_json(&json_text(&env, policy)?).map_err(invalid)?;
                CoreChecker::new(policy).map_err(invalid)?
            }
        };
        let checker = match options.and_then(|options| options.patients) {
            Some(csv) => {
                checker.with_patients(PatientIndex::from_csv(csv.as_bytes()).map_err(invalid)?)
            }
            None => checker,
        };
        Ok(Self {
            inner: Arc::new(checker),
        })
    }

    /// Checks a draft (an object, or its JSON text) in the shape the add-ins build from
    /// Office.js and Thunderbird compose details. Throws for a malformed draft, naming
    /// the bad field.
    #[napi(ts_args_type = "draft: Draft | string, options?: CheckOptions")]
    pub fn check(
        &self,
        env: Env,
        draft: Either<String, Unknown<'_>>,
        options: Option<CheckOptions>,
    ) -> Result<Report> {
        check_impl(
            &self.inner,
            Input::draft(&env, draft),
            options.unwrap_or_default(),
        )
        .map(Report::from)
    }

    /// Checks an RFC 5322 message (a Buffer, or a string of its text).
    #[napi]
    pub fn check_mime(
        &self,
        message: Either<Buffer, String>,
        options: Option<CheckOptions>,
    ) -> Result<Report> {
        check_impl(
            &self.inner,
            Input::mime(message),
            options.unwrap_or_default(),
        )
        .map(Report::from)
    }

    /// As `check`, off the main thread. A malformed draft rejects the promise.
    #[napi(
        ts_args_type = "draft: Draft | string, options?: CheckOptions",
        ts_return_type = "Promise<Report>"
    )]
    pub fn check_async(
        &self,
        env: Env,
        draft: Either<String, Unknown<'_>>,
        options: Option<CheckOptions>,
    ) -> AsyncTask<CheckTask> {
        AsyncTask::new(CheckTask {
            checker: Arc::clone(&self.inner),
            input: Some(Input::draft(&env, draft)),
            options: options.unwrap_or_default(),
        })
    }

    /// As `checkMime`, off the main thread.
    #[napi(ts_return_type = "Promise<Report>")]
    pub fn check_mime_async(
        &self,
        message: Either<Buffer, String>,
        options: Option<CheckOptions>,
    ) -> AsyncTask<CheckTask> {
        AsyncTask::new(CheckTask {
            checker: Arc::clone(&self.inner),
            input: Some(Input::mime(message)),
            options: options.unwrap_or_default(),
        })
    }
}

/// Every rule, in documentation order.
#[napi]
pub fn rules() -> Vec<RuleInfo> {
    RuleMeta::all().map(RuleInfo::from).collect()
}

/// The version of presend this package carries.
#[napi]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// The benchmarks' native baselines, in a build with the `bench` feature only
/// (`npm run build:bench`): not part of the published package or its types.
#[cfg(feature = "bench")]
#[napi]
impl Checker {
    /// For the overhead benchmark: checks `draft` `iterations` times natively, with no
    /// JavaScript in between, and returns the mean nanoseconds per check.
    #[napi(ts_args_type = "draft: Draft | string, iterations: number")]
    pub fn native_nanos_per_check(
        &self,
        env: Env,
        draft: Either<String, Unknown<'_>>,
        iterations: u32,
    ) -> Result<f64> {
        let draft = Draft_::from_json(&json_text(&env, draft)?).map_err(invalid)?;
        let iterations = iterations.max(1);
        let started = std::time::Instant::now();
        for _ in 0..iterations {
            std::hint::black_box(self.inner.check(std::hint::black_box(&draft)));
        }
        Ok(started.elapsed().as_nanos() as f64 / f64::from(iterations))
    }

    /// For the WebAssembly benchmark: the Rust work of one call into `presend.wasm`
    /// (read the draft's JSON, check it, write the report's JSON), done `iterations`
    /// times natively; returns the mean nanoseconds per call.
    #[napi]
    pub fn native_nanos_per_json_check(&self, draft_json: String, iterations: u32) -> Result<f64> {
        let iterations = iterations.max(1);
        let started = std::time::Instant::now();
        for _ in 0..iterations {
            let draft = Draft_::from_json(std::hint::black_box(&draft_json)).map_err(invalid)?;
            let report = self.inner.check(&draft);
            let json = serde_json::to_string(&report).map_err(invalid)?;
            std::hint::black_box(json);
        }
        Ok(started.elapsed().as_nanos() as f64 / f64::from(iterations))
    }
}
