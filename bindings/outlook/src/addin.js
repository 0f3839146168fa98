// The add-in's behaviour, shared by both runtimes and the task pane: make the
// checker from the built-in policy and remembered recipients, check the message,
// and tell Outlook what to do.
import { draftFromItem } from './draft.js'
import { completedFor, completedForFailure } from './alert.js'
import { sentRecipients, rememberRecipients } from './contacts.js'

/**
 * `presend` is the loader (presend.js); `source()` gives what to load it from (the
 * wasm bytes, or wasm2js exports where WebAssembly is absent); `policy` is the
 * practice policy built into the add-in (null for presend's defaults).
 */
export function createAddin({ presend, source, policy, Office, store }) {
  let checkerPromise = null

  async function makeChecker() {
    await presend.init(source())
    const practice = policy ? JSON.parse(policy) : {}
    const sent = await sentRecipients(store)
    practice.known_contacts = [...(practice.known_contacts || []), ...sent]
    return presend.createChecker(practice)
  }

  function checker() {
    if (!checkerPromise) {
      checkerPromise = makeChecker().catch((error) => {
        checkerPromise = null // try again next time
        throw error
      })
    }
    return checkerPromise
  }

  async function checkItem() {
    const draft = await draftFromItem(Office.context.mailbox.item, Office)
    return { draft, report: (await checker()).check(draft) }
  }

  /** The OnMessageSend handler. Never lets mail go unchecked in silence. */
  async function onMessageSend(event) {
    let options
    try {
      const { draft, report } = await checkItem()
      const requirements = Office.context.requirements
      const supports = (version) => Boolean(requirements && requirements.isSetSupported('Mailbox', version))
      options = completedFor(report, { markdown: supports('1.15'), taskPane: supports('1.14') })
      if (options.allowEvent) await rememberRecipients(store, draft).catch(() => {})
    } catch (error) {
      options = completedForFailure(error)
    }
    event.completed(options)
  }

  return { onMessageSend, checkItem, checker }
}
