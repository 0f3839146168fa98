// What every presend add-in does the same way, whatever its host (Thunderbird's
// MailExtension, Outlook's Office.js): how findings are shown, which fixes are one
// click, how text is edited at presend's UTF-16 spans, how remembered recipients are
// kept, and how the checker is made once and made again after a failure. Beside the
// loader (presend.js), dependency-free, and written for ES2016 runtimes (no object
// spread, no built-in newer than ES2016), since Outlook's JavaScript-only runtime runs it.

/** How the add-ins name a finding's field. */
export const FIELD_LABELS = { from: 'From', to: 'To', cc: 'Cc', bcc: 'Bcc', subject: 'Subject', body: 'Message', attachment: 'Attachment' }

/** The findings a user is shown: warnings and blocks, in the core's order (most serious first). */
export function shownFindings(report) {
  return report.findings.filter((finding) => finding.severity === 'warn' || finding.severity === 'block')
}

/** The badge beside a finding. */
export function badgeOf(finding) {
  return finding.severity === 'block' ? 'Must fix' : 'Check'
}

/** Where a finding is: its field, and the address it concerns. */
export function placeOf(finding) {
  const field = FIELD_LABELS[finding.field] || finding.field
  return finding.address ? `${field}: ${finding.address}` : field
}

/** The fix kinds the add-ins carry out in one click. */
export const SUPPORTED_FIXES = new Set(['move-to-bcc', 'replace-address', 'append-text', 'add-subject-tag', 'replace-text'])

/** Whether a finding offers a fix the add-ins can carry out. */
export function isFixable(finding) {
  return Boolean(finding.fix && SUPPORTED_FIXES.has(finding.fix.kind))
}

/**
 * The words on a fix's button. A `safe` fix is its title; a `needs-review` one (a
 * guessed contact, a reworded phrase) asks the sender to look before clicking, since
 * presend only thinks it likely. Unknown applicabilities are treated as needing review.
 */
export function fixLabel(fix) {
  return fix.applicability === 'safe' ? fix.title : `${fix.title} (check it is right first)`
}

/**
 * The finding in report `now` that is `finding` of report `before`: the same rule, place
 * and kind of fix, counted in order among those alike. Undefined once it is fixed.
 */
export function sameFindingIn(now, before, finding) {
  const key = (candidate) => candidate.fix && `${candidate.rule} ${candidate.field} ${candidate.address || ''} ${candidate.fix.kind}`
  const nth = before.findings.filter((candidate) => key(candidate) === key(finding)).indexOf(finding)
  return now.findings.filter((candidate) => key(candidate) === key(finding))[nth]
}

/** `text` with the span (presend's UTF-16 offsets, as JavaScript counts) replaced. */
export function spliceUtf16(text, span, replacement) {
  return text.slice(0, span.utf16_start) + replacement + text.slice(span.utf16_end)
}

/** Text made safe to put into HTML. */
export function escapeHtml(text) {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

/** `text` with `addition` as a paragraph of its own at presend's insertion point (UTF-16). */
export function insertPlainText(text, at, addition) {
  const where = Math.min(at.utf16_start, text.length)
  return `${text.slice(0, where)}\n\n${addition}\n${text.slice(where)}`
}

/**
 * `html` with `fix.text` (an `append-text` fix) added as a paragraph where presend placed
 * it in that HTML (`fix.html_at`: above the quoted history, whichever client wrote it), or
 * null when the fix carries no place in this HTML (it was made for another body).
 */
export function insertHtmlParagraph(html, fix) {
  if (!fix.html_at || fix.html_at.utf16_start > html.length) return null
  const before = html.slice(0, fix.html_at.utf16_start)
  const after = html.slice(fix.html_at.utf16_start)
  // presend places it between elements; anywhere else, the HTML has changed since.
  const betweenElements = /(^|>)\s*$/.test(before) && /^\s*(<|$)/.test(after)
  return betweenElements ? `${before}<p>${escapeHtml(fix.text)}</p>${after}` : null
}

/**
 * `remembered` addresses with `addresses` added, most recent last, at most `cap`:
 * known contacts for near-miss detection, from what this user has sent.
 */
export function remember(remembered, addresses, cap) {
  const seen = remembered.slice()
  for (const address of addresses) {
    const at = seen.indexOf(address)
    if (at >= 0) seen.splice(at, 1)
    seen.push(address)
  }
  return seen.slice(Math.max(0, seen.length - cap))
}

/**
 * One checker, made by `make()` when first needed and kept; made again after a failure
 * (so a passing fault does not leave the add-in without a checker), after `invalidate()`
 * (new settings or contacts), or once older than `maxAgeMs`. The previous checker is freed.
 */
export function cachedChecker(make, { maxAgeMs = Infinity, now = () => Date.now() } = {}) {
  let current = null // { promise, made }
  const retire = (entry) => {
    if (entry) entry.promise.then((made) => made && made.free && made.free(), () => {})
  }
  return {
    get() {
      if (!current || now() - current.made > maxAgeMs) {
        retire(current)
        const promise = make()
        const entry = { promise, made: now() }
        current = entry
        promise.catch(() => {
          if (current === entry) current = null
        })
      }
      return current.promise
    },
    invalidate() {
      retire(current)
      current = null
    },
  }
}

/** The most bytes of one attachment handed to presend at send time (larger: unread). */
export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024

/** Bytes (an ArrayBuffer or Uint8Array) as base64, in chunks a call stack can take. */
export function base64Of(bytes) {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)
  let binary = ''
  for (let at = 0; at < view.length; at += 0x8000) {
    binary += String.fromCharCode.apply(null, view.subarray(at, at + 0x8000))
  }
  return btoa(binary)
}
