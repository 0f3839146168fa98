// What Outlook shows when presend stops a send: the Smart Alerts dialog, in words a
// receptionist understands in one read, most serious first.

/** Outlook's limit on a Smart Alerts message, in characters. */
export const MAX_ALERT = 500
/** The task pane command that lists every finding with its fix (manifest.xml). */
export const TASKPANE_COMMAND = 'presendShowTaskPane'

export function needsAttention(report) {
  return report.findings.some((finding) => finding.severity === 'warn' || finding.severity === 'block')
}

function clip(text, limit) {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`
}

/**
 * The options for `event.completed` after checking: allow when nothing needs
 * attention; otherwise stop the send with the first finding and a count of the rest,
 * plus a button to the task pane listing them all.
 */
export function completedFor(report, { markdown = false, taskPane = true } = {}) {
  if (!needsAttention(report)) return { allowEvent: true }
  const shown = report.findings.filter((finding) => finding.severity !== 'info')
  const blocking = shown.filter((finding) => finding.severity === 'block').length
  const rest = shown.length - 1
  const more = rest > 0 ? ` (${rest} more problem${rest === 1 ? '' : 's'}: see Review and fix.)` : ''
  const lead = blocking > 0 ? 'presend stopped this email. ' : 'presend: please check this email. '
  const options = {
    allowEvent: false,
    errorMessage: clip(`${lead}${shown[0].message}${more}`, MAX_ALERT),
  }
  if (markdown) {
    const lines = [`**${blocking > 0 ? 'presend stopped this email' : 'presend: please check this email'}**`]
    for (const finding of shown) lines.push(`- ${finding.severity === 'block' ? '**Must fix:**' : 'Check:'} ${finding.message}`)
    let text = lines.join('\n')
    if (text.length > MAX_ALERT) text = clip(lines.slice(0, 2).join('\n') + (rest > 0 ? `\n- …and ${rest} more` : ''), MAX_ALERT)
    options.errorMessageMarkdown = text
  }
  if (taskPane) {
    options.cancelLabel = 'Review and fix'
    options.commandId = TASKPANE_COMMAND
  }
  return options
}

/** When presend cannot run: say so, and leave the choice to the manifest's SendMode. */
export function completedForFailure(error) {
  return {
    allowEvent: false,
    errorMessage: clip(
      `presend could not check this email (${error && error.message ? error.message : error}). Check the recipients and content yourself before sending, and tell your practice manager.`,
      MAX_ALERT,
    ),
  }
}
