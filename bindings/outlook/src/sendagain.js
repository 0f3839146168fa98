// "Send again": how a user sends past a warning, or past a failure to check, on an
// Outlook that cannot offer Send Anyway (sendModeOverride needs Mailbox 1.14; Smart
// Alerts runs from 1.12). The first Send is stopped with the reason; presend remembers,
// in the item's own session data (Mailbox 1.11, kept only while the message is being
// composed), exactly what it said; a second Send that would say the same is let through.
// Anything new (another warning, a block) stops the send again.
import { officeCall } from './office.js'
import { shownFindings } from '../../wasm/addin-kit.js'

const KEY = 'presend.said'

/**
 * What a stopped send said, as one string: each notice, and each warning's rule, field,
 * address and message. Edits that leave the same warnings standing keep it the same.
 */
export function fingerprintOf(report, notices = []) {
  const parts = notices.map((notice) => `note|${notice}`)
  for (const finding of shownFindings(report)) {
    parts.push([finding.rule, finding.field, finding.address || '', finding.message].join('|'))
  }
  return parts.sort().join('\n')
}

/** The fingerprint of a failure to check: the same whatever the cause, so a second Send goes. */
export const UNCHECKED = 'unchecked'

function sessionData(item) {
  return item && item.sessionData ? item.sessionData : null
}

/** Whether the user was already told exactly this about this message. */
export async function alreadySaid(item, fingerprint) {
  const data = sessionData(item)
  if (!data) return false
  try {
    return (await officeCall(data, 'getAsync', KEY)) === fingerprint
  } catch {
    return false // a key never set may come back as a failed AsyncResult
  }
}

/** Remembers what the user is being told now; false if the item cannot remember it. */
export async function rememberSaid(item, fingerprint) {
  const data = sessionData(item)
  if (!data) return false
  try {
    await officeCall(data, 'setAsync', KEY, fingerprint)
    return true
  } catch {
    return false
  }
}
