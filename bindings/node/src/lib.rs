//! Node.js bindings for presend, with napi-rs: the `presend` npm package.
//!
//! One implementation per call backs both entry points: `check` runs on the calling
//! thread, `checkAsync` runs the same function on libuv's thread pool. Results are
//! plain objects in the shape of the CLI's JSON report; bad policies throw, findings
//! come back as values. No `unwrap` here: every failure becomes a JavaScript Error.

#![deny(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use napi::bindgen_prelude::*;
use napi_derive::napi;
use serde::Deserialize;

use presend_core::{
    CheckOptions as CoreOptions, Checker as CoreChecker, Draft as Draft_, PatientIndex,
    Policy as Policy_, RuleMeta,
};

/// The overall outcome of a check.
#[napi(string_enum = "lowercase")]
#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
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
#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
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
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
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
#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
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

/// What a fix changes.
#[napi(string_enum = "kebab-case")]
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FixKind {
    /// Move `addresses` to Bcc and put `to` in To.
    MoveToBcc,
    /// Replace recipient `from` in `field` with `to`.
    ReplaceAddress,
    /// Append `text` to the sender's own text.
    AppendText,
    /// Add `tag` to the subject.
    AddSubjectTag,
    /// Replace the text at `span` in `field` with `replacement`.
    ReplaceText,
}

/// Where a finding points in its field's analysed text: UTF-8 bytes and UTF-16 code
/// units. JavaScript string indices are UTF-16 units: use `utf16_start`/`utf16_end`.
#[napi(object)]
#[derive(Debug, Deserialize)]
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

/// A change that resolves a finding. Which members are present depends on `kind`.
#[napi(object)]
#[derive(Debug, Deserialize)]
pub struct Fix {
    /// A short imperative description, e.g. "Move 6 recipients to Bcc".
    pub title: String,
    /// Whether a host may apply it without asking the sender.
    pub safe: bool,
    /// What the fix changes.
    pub kind: FixKind,
    /// `move-to-bcc`: the addresses to move.
    pub addresses: Option<Vec<String>>,
    /// `move-to-bcc`: the address to leave in To; `replace-address`: the new address.
    pub to: Option<String>,
    /// `replace-address`, `replace-text`: the field changed.
    pub field: Option<Field>,
    /// `replace-address`: the address as typed.
    pub from: Option<String>,
    /// `append-text`: the text to add.
    pub text: Option<String>,
    /// `append-text`: where to insert it in the body's analysed text (an empty span at
    /// the end of the sender's own text, above any quoted history).
    pub at: Option<Span>,
    /// `append-text`: the same place in the draft's HTML body, when it has one (between
    /// elements, above the quoted history). Insert the text there as an escaped paragraph.
    #[napi(js_name = "html_at")]
    pub html_at: Option<Span>,
    /// `add-subject-tag`: the tag, e.g. `[secure]`.
    pub tag: Option<String>,
    /// `replace-text`: what to replace.
    pub span: Option<Span>,
    /// `replace-text`: the replacement ("" to delete).
    pub replacement: Option<String>,
}

/// One problem found in a draft.
#[napi(object)]
#[derive(Debug, Deserialize)]
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
#[derive(Debug, Deserialize)]
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
#[derive(Debug, Deserialize)]
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
#[derive(Debug, Deserialize)]
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
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
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
    #[napi(ts_type = "string | Mailbox")]
    pub from: Option<serde_json::Value>,
    /// To recipients.
    #[napi(ts_type = "Array<string | Mailbox>")]
    pub to: Option<serde_json::Value>,
    /// Cc recipients.
    #[napi(ts_type = "Array<string | Mailbox>")]
    pub cc: Option<serde_json::Value>,
    /// Bcc recipients.
    #[napi(ts_type = "Array<string | Mailbox>")]
    pub bcc: Option<serde_json::Value>,
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
    pub consent: Option<serde_json::Value>,
    /// How many outside recipients may see each other in To and Cc (default 1).
    #[napi(js_name = "max_visible_external")]
    pub max_visible_external: Option<u32>,
    /// Rule id → `off`, `info`, `warn` or `block`.
    #[napi(ts_type = "Record<string, 'off' | 'info' | 'warn' | 'block'>")]
    pub rules: Option<serde_json::Value>,
    /// The practice's own patient identifiers, as regular expressions.
    #[napi(
        js_name = "pid_patterns",
        ts_type = "Array<{ name: string; pattern: string }>"
    )]
    pub pid_patterns: Option<serde_json::Value>,
}

/// Converts a core value to its JavaScript-facing twin through their shared JSON shape,
/// so the objects are the CLI's JSON by construction.
fn reshape<T: for<'de> Deserialize<'de>>(value: impl serde::Serialize) -> Result<T> {
    serde_json::to_value(value)
        .and_then(serde_json::from_value)
        .map_err(|error| {
            Error::new(
                Status::GenericFailure,
                format!("presend internal error: {error}"),
            )
        })
}

/// A JSON value given from JavaScript: an object, or a string holding JSON text.
enum Given {
    Value(serde_json::Value),
    Text(String),
}

impl From<serde_json::Value> for Given {
    fn from(value: serde_json::Value) -> Self {
        match value {
            serde_json::Value::String(text) => Given::Text(text),
            other => Given::Value(other),
        }
    }
}

fn read_draft(given: Given) -> std::result::Result<Draft_, presend_core::DraftError> {
    match given {
        Given::Value(value) => Draft_::from_json_value(value),
        Given::Text(text) => Draft_::from_json(&text),
    }
}

fn invalid(message: impl std::fmt::Display) -> Error {
    Error::new(Status::InvalidArg, message.to_string())
}

/// What to check, owned so it can move to a worker thread.
enum Input {
    Draft(Given),
    Mime(Vec<u8>),
}

impl Input {
    fn draft(value: serde_json::Value) -> Self {
        Input::Draft(Given::from(value))
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
        Input::Draft(given) => read_draft(given),
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
        reshape(output)
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
    pub fn new(policy: Option<serde_json::Value>, options: Option<CheckerOptions>) -> Result<Self> {
        let checker = match policy {
            None | Some(serde_json::Value::Null) => CoreChecker::with_default_policy(),
            Some(policy) => {
                let policy = match Given::from(policy) {
                    Given::Text(text) => Policy_::from_json(&text),
                    Given::Value(value) => Policy_::from_json_value(value),
                }
                .map_err(invalid)?;
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
    pub fn check(&self, draft: serde_json::Value, options: Option<CheckOptions>) -> Result<Report> {
        reshape(check_impl(
            &self.inner,
            Input::draft(draft),
            options.unwrap_or_default(),
        )?)
    }

    /// Checks an RFC 5322 message (a Buffer, or a string of its text).
    #[napi]
    pub fn check_mime(
        &self,
        message: Either<Buffer, String>,
        options: Option<CheckOptions>,
    ) -> Result<Report> {
        reshape(check_impl(
            &self.inner,
            Input::mime(message),
            options.unwrap_or_default(),
        )?)
    }

    /// As `check`, off the main thread. A malformed draft rejects the promise.
    #[napi(
        ts_args_type = "draft: Draft | string, options?: CheckOptions",
        ts_return_type = "Promise<Report>"
    )]
    pub fn check_async(
        &self,
        draft: serde_json::Value,
        options: Option<CheckOptions>,
    ) -> AsyncTask<CheckTask> {
        AsyncTask::new(CheckTask {
            checker: Arc::clone(&self.inner),
            input: Some(Input::draft(draft)),
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

    /// For the overhead benchmark: checks `draft` `iterations` times natively, with no
    /// JavaScript in between, and returns the mean nanoseconds per check.
    #[napi(ts_args_type = "draft: Draft | string, iterations: number")]
    pub fn native_nanos_per_check(&self, draft: serde_json::Value, iterations: u32) -> Result<f64> {
        let draft = read_draft(Given::from(draft)).map_err(invalid)?;
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

/// Every rule, in documentation order.
#[napi]
pub fn rules() -> Result<Vec<RuleInfo>> {
    reshape(RuleMeta::all().collect::<Vec<_>>())
}

/// The version of presend this package carries.
#[napi]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
