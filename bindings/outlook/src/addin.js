// The add-in's behaviour, shared by both send-time runtimes and the task pane: make the
// checker from the practice policy and remembered recipients, check the message, and
// tell Outlook what to do. Office.js and the global object are passed in, so the tests
// drive exactly this code against a strict Office.js stand-in.
import { draftFromItem } from './draft.js'
import { clientOf } from './office.js'
import { completedFor, completedForFailure, outcomeOf } from './alert.js'
import { sentRecipients, rememberRecipients } from './contacts.js'
import { deviceStore, fetchPolicy, policyUrl, policyCandidates, invalidNote, keepAsLastGood } from './policy.js'
import { fingerprintOf, UNCHECKED, alreadySaid, rememberSaid } from './sendagain.js'
import { cachedChecker } from '../../wasm/addin-kit.js'

/** How long a runtime that stays loaded (Outlook on the web, the task pane) keeps a checker before reading policy.json again. */
export const REFRESH_MS = 5 * 60 * 1000

/** The policy text with this user's remembered recipients added to its known contacts. */
function withContacts(text, sent) {
  let policy
  try {
    policy = JSON.parse(text)
  } catch {
    return text // presend reports what is wrong with it
  }
  if (!policy || typeof policy !== 'object' || Array.isArray(policy)) return text
  const known = policy.known_contacts
  if (known !== undefined && !Array.isArray(known)) return text // presend names the key
  policy.known_contacts = (known || []).concat(sent)
  return JSON.stringify(policy)
}

/**
 * `presend` is the loader (presend.js); `source()` gives what to load it from (the wasm
 * bytes, or wasm2js's exports); `builtInPolicy` is the policy built into the add-in (JSON
 * text, or null for presend's defaults); `origin` is where the add-in is served from;
 * `root` is the global object (fetch, storage, timers); `readAttachments`, whether the
 * core reads attachments' bytes (the full build does; the lean one does not).
 */
export function createAddin({ presend, source, builtInPolicy, origin, Office, root, readAttachments = false }) {
  const device = deviceStore(root)

  async function makeChecker() {
    await presend.init(source())
    const fetched = await fetchPolicy(root, policyUrl(root, origin))
    const candidates = await policyCandidates(fetched, device, builtInPolicy || '{}')
    const sent = sentRecipients(Office)
    let replacedNote = null
    let lastError = null
    for (let i = 0; i < candidates.length; i++) {
      const candidate = candidates[i]
      try {
        const checker = presend.createChecker(withContacts(candidate.text, sent))
        if (candidate.cache) await keepAsLastGood(device, candidate.text)
        const note = replacedNote || candidate.note
        return { checker, notes: note ? [note] : [], policySource: candidate.source, free: () => checker.free() }
      } catch (error) {
        lastError = error
        if (candidate.source === 'served' && i + 1 < candidates.length) replacedNote = invalidNote(error, candidates[i + 1])
      }
    }
    throw lastError
  }

  // The checker in force, made again after a failure (at the next send) and after
  // REFRESH_MS, so a changed policy.json takes effect.
  const cached = cachedChecker(makeChecker, { maxAgeMs: REFRESH_MS })
  const checker = () => cached.get()

  async function checkItem() {
    const draft = await draftFromItem(Office.context.mailbox.item, Office, { readAttachments })
    const made = await checker()
    return { draft, report: made.checker.check(draft), notes: made.notes }
  }

  /**
   * On a client without Send Anyway, a warning or failure stops the first Send and
   * lets the second through (sendagain.js). If the item cannot remember what it was
   * told, the send goes: trapping the message would be worse.
   */
  async function sendAgain(fingerprint, stopped) {
    const item = Office.context.mailbox.item
    if (await alreadySaid(item, fingerprint)) return { allowEvent: true }
    return (await rememberSaid(item, fingerprint)) ? stopped : { allowEvent: true }
  }

  /** The OnMessageSend handler: never traps mail, never lets it pass unchecked in silence. */
  async function onMessageSend(event) {
    const client = clientOf(Office)
    let options
    try {
      const { draft, report, notes } = await checkItem()
      options = completedFor(report, { client, notices: notes })
      if (!options.allowEvent && !client.sendModeOverride && outcomeOf(report, notes) === 'warn') {
        options = await sendAgain(fingerprintOf(report, notes), options)
      }
      if (options.allowEvent) await rememberRecipients(Office, draft).catch(() => {})
    } catch (error) {
      options = completedForFailure(error, { client })
      if (!client.sendModeOverride) options = await sendAgain(UNCHECKED, options)
    }
    event.completed(options)
  }

  return { onMessageSend, checkItem, checker }
}
