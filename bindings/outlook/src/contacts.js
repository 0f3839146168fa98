// Recipients this user has sent to, as known contacts for near-miss detection, in one
// store that the send-time handler and the task pane both read on every Outlook:
// the add-in's roaming settings (Office.context.roamingSettings, Mailbox 1.1).
//
// Why not a store per runtime: OfficeRuntime.storage exists only in classic Outlook's
// JavaScript-only runtime, which has no localStorage, while the task pane has
// localStorage and no OfficeRuntime.storage (Microsoft's "Runtimes in Office Add-ins"),
// so a recipient remembered at send time would be unknown in the pane. Roaming
// settings are the add-in's own data in the user's mailbox, which already holds these
// addresses in Sent Items; Outlook caps them at 32 KB for the add-in ("Limits for
// activation and JavaScript API for Outlook add-ins"), so the most recent fit.
import { remember } from '../../wasm/addin-kit.js'

const KEY = 'presend_sent_recipients'
/** Characters of JSON the list may take, leaving room under Outlook's 32 KB for the add-in's other settings. */
export const MAX_REMEMBERED_CHARS = 24000

function settings(Office) {
  return Office && Office.context && Office.context.roamingSettings ? Office.context.roamingSettings : null
}

/** The remembered addresses, oldest first; none if roaming settings are unavailable. */
export function sentRecipients(Office) {
  const store = settings(Office)
  let saved
  try {
    saved = store ? store.get(KEY) : undefined
  } catch {
    return []
  }
  return Array.isArray(saved) ? saved.filter((address) => typeof address === 'string') : []
}

/** The most recent addresses whose JSON fits in `limit` characters, oldest first. */
export function mostRecentThatFit(addresses, limit = MAX_REMEMBERED_CHARS) {
  const kept = []
  let size = 2 // the brackets
  for (let i = addresses.length - 1; i >= 0; i--) {
    const cost = JSON.stringify(addresses[i]).length + 1
    if (size + cost > limit) break
    size += cost
    kept.push(addresses[i])
  }
  return kept.reverse()
}

/** Adds a sent draft's recipients (most recent last) and saves the settings to the mailbox. */
export function rememberRecipients(Office, draft) {
  const store = settings(Office)
  if (!store) return Promise.resolve()
  const addresses = draft.to.concat(draft.cc, draft.bcc).map((mailbox) => mailbox.address.toLowerCase())
  const seen = remember(sentRecipients(Office), addresses, Infinity)
  return new Promise((resolve, reject) => {
    store.set(KEY, mostRecentThatFit(seen))
    store.saveAsync((result) => (result && result.status === 'failed' ? reject(new Error('could not save roaming settings')) : resolve()))
  })
}
