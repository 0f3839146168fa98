// What Outlook's Smart Alerts dialog says when presend stops a send, and what the user
// may then do. presend never traps mail (DESIGN.md, send-time safety):
// - a block stays under the manifest's SoftBlock: the message must be fixed;
// - warnings alone, and any failure to check, let the user send as it is: Outlook's
//   Send Anyway (sendModeOverride PromptUser, Mailbox 1.14), or on older clients a
//   second Send of the same message (see sendagain.js);
// - a failure says plainly that the message has not been checked.
// Limits are Microsoft's (SmartAlertsEventCompletedOptions): 500 characters for each
// message, 20 for the button label.
import { shownFindings } from '../../wasm/addin-kit.js'

/** Outlook's limit on `errorMessage` and on `errorMessageMarkdown`, in characters. */
export const MAX_ALERT = 500
/** Outlook's limit on `cancelLabel`, in characters. */
export const MAX_BUTTON_LABEL = 20
/** The task pane command that lists every finding with its fix (the Control id in manifest.xml). */
export const TASKPANE_COMMAND = 'presendShowTaskPane'
/** The dialog button that opens it. */
export const REVIEW_LABEL = 'Review and fix'
/** `Office.MailboxEnums.SendModeOverride.PromptUser`, the only override Outlook offers. */
export const PROMPT_USER = 'promptUser'

/**
 * What a check asks of the user: `send` (nothing to say), `warn` (they may send it as
 * it is) or `block` (they must fix it first). `notices` are problems with presend's own
 * set-up, such as a practice policy that could not be read: never silent, never a block.
 */
export function outcomeOf(report, notices = []) {
  const shown = shownFindings(report)
  if (shown.some((finding) => finding.severity === 'block')) return 'block'
  return shown.length > 0 || notices.length > 0 ? 'warn' : 'send'
}

/** How the user sends a message as it is, on this client. */
function sendAsIsHint(client) {
  return client.sendModeOverride ? 'You can still send it with Send Anyway.' : 'To send it as it is, select Send again.'
}

function clip(text, limit) {
  return text.length <= limit ? text : `${text.slice(0, Math.max(0, limit - 1))}…`
}

/**
 * Escapes what Outlook's dialog Markdown would read as formatting: emphasis (`*`, `_`),
 * links (`[`, `]`), code and the backslash itself. Masked patient data (`*** *** 5919`,
 * `**\/**\/1934`), `[secure]` and addresses like `jane_doe@…` are data, shown as written.
 * Whitespace is folded so that data cannot start a list item or a paragraph.
 */
export function escapeMarkdown(text) {
  return String(text).replace(/\s+/g, ' ').replace(/[\\*_[\]`]/g, '\\$&')
}

/** One line of the dialog for each notice and finding, in the order shown. */
function items(report, notices) {
  const lines = notices.map((notice) => ({ label: 'Note:', strong: false, message: notice }))
  for (const finding of shownFindings(report)) {
    const block = finding.severity === 'block'
    lines.push({ label: block ? 'Must fix:' : 'Check:', strong: block, message: finding.message })
  }
  return lines
}

/** The plain message: the lead, the first item, a count of the rest, and how to send as it is. */
function plainMessage(lead, lines, tail) {
  const rest = lines.length - 1
  const more = rest > 0 ? ` (${rest} more: see ${REVIEW_LABEL}.)` : ''
  const fixed = `${lead} ${more}${tail ? ` ${tail}` : ''}`
  return `${lead} ${clip(lines[0].message.replace(/\s+/g, ' '), MAX_ALERT - fixed.length)}${more}${tail ? ` ${tail}` : ''}`
}

/**
 * The Markdown message, as Microsoft documents it for the dialog: paragraphs separated
 * by `\n\n`, list items that start with `- ` and end with `\r`, data escaped. Items are
 * added while they fit in 500 characters; the rest are counted.
 */
function markdownMessage(title, lines) {
  const head = `${title}\n\n`
  const entries = lines.map((line) => `- ${line.strong ? `**${line.label}**` : line.label} ${escapeMarkdown(line.message)}\r`)
  let text = head
  for (let shown = 0; shown < entries.length; shown++) {
    const left = entries.length - shown - 1
    const more = left > 0 ? `- …and ${left} more: see ${REVIEW_LABEL}\r` : ''
    if ((text + entries[shown] + more).length > MAX_ALERT) {
      const remaining = entries.length - shown
      const counted = `- ${shown === 0 ? `${remaining} problems` : `…and ${remaining} more`}: see ${REVIEW_LABEL}\r`
      return clip(text + counted, MAX_ALERT)
    }
    text += entries[shown]
  }
  return text
}

/** Options shared by every stopped send: the button to the task pane, where the client has it. */
function withReviewButton(options, client) {
  if (client.reviewButton) {
    options.cancelLabel = REVIEW_LABEL
    options.commandId = TASKPANE_COMMAND
  }
  return options
}

/**
 * The options for `event.completed` after a check. Nothing to say: the send goes on.
 * A block: the send stops under the manifest's SoftBlock. Warnings or notices only:
 * the send stops with Send Anyway offered (or "Send again" on clients before 1.14).
 */
export function completedFor(report, { client, notices = [] }) {
  const outcome = outcomeOf(report, notices)
  if (outcome === 'send') return { allowEvent: true }
  const lines = items(report, notices)
  const blocked = outcome === 'block'
  const lead = blocked ? 'presend stopped this email.' : 'presend: please check this email.'
  const tail = blocked ? '' : sendAsIsHint(client)
  const options = { allowEvent: false, errorMessage: plainMessage(lead, lines, tail) }
  if (client.markdown) {
    const title = blocked ? '**presend stopped this email.** Fix what is marked **Must fix**, then send it.' : `**presend: please check this email.** ${tail}`
    options.errorMessageMarkdown = markdownMessage(title, lines)
  }
  if (!blocked && client.sendModeOverride) options.sendModeOverride = PROMPT_USER
  return withReviewButton(options, client)
}

/**
 * When presend cannot check a message (its checker did not load, Outlook would not give
 * the message's contents): say that it has not been checked, and let the user send it.
 * The reason comes from presend or Office.js, which never quote message content.
 */
export function completedForFailure(error, { client }) {
  const reason = clip(String((error && error.message) || error || 'unknown error').replace(/\s+/g, ' '), 160)
  const what = `presend could not check this email, so it has NOT been checked (${reason}). Check the recipients and content yourself, and tell your practice manager.`
  const options = { allowEvent: false, errorMessage: clip(`${what} ${sendAsIsHint(client)}`, MAX_ALERT) }
  if (client.markdown) {
    options.errorMessageMarkdown = clip(
      `**presend could not check this email, so it has NOT been checked.**\n\n${escapeMarkdown(`Reason: ${reason}.`)}\n\nCheck the recipients and content yourself, and tell your practice manager. ${sendAsIsHint(client)}`,
      MAX_ALERT,
    )
  }
  if (client.sendModeOverride) options.sendModeOverride = PROMPT_USER
  return options
}
