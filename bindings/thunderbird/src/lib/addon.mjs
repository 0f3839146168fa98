// The add-on's behaviour, with Thunderbird's API passed in (so Node tests can drive
// it against the real presend.wasm with a stand-in API): build the checker from the
// practice's settings and contacts, check each message at send time, and hold the
// send while the user decides in the warning window.
import { draftFromCompose, resolveRecipients, addressOf } from './draft.mjs'
import { changesFor } from './fixes.mjs'
import { addressBookEmails, emailsFromVCard, rememberSent } from './contacts.mjs'
import { MAX_ATTACHMENT_BYTES, base64Of, cachedChecker, isFixable } from '../addin-kit.js'

/** The name of the port each warning window holds open to the background (see `ask`). */
export const WARNING_PORT = 'presend-warning'

/** Settings keys, in managed storage (Thunderbird's enterprise policies.json) or local storage. */
export const SETTINGS = ['policy', 'allow_block_override']

/**
 * The settings in force: a key set by the practice's managed policy wins over the
 * same key set on the options page.
 */
export async function loadSettings(api) {
  let managed = {}
  try {
    managed = (await api.storage.managed.get(SETTINGS)) ?? {}
  } catch {
    // No managed storage deployed: the options page's settings apply.
  }
  const local = await api.storage.local.get(SETTINGS)
  const pick = (key) => (managed[key] !== undefined ? managed[key] : local[key])
  const policy = pick('policy')
  return {
    policy: typeof policy === 'string' ? JSON.parse(policy) : policy ?? {},
    allowBlockOverride: pick('allow_block_override') === true,
    managed: Object.keys(managed).some((key) => SETTINGS.includes(key)),
  }
}

/**
 * A mailing list presend could not read (it no longer exists, or Thunderbird would not
 * expand it): its members are unchecked, so the user is told. In To or Cc it blocks,
 * since a list of patients there shows every member to all the others; in Bcc it warns.
 */
export function unreadListFinding({ field, name }) {
  const visible = field !== 'bcc'
  return {
    rule: 'list-not-checked',
    severity: visible ? 'block' : 'warn',
    field,
    message: visible
      ? `presend could not read the mailing list "${name}", so its members have not been checked, and if it holds patients they will all see each other's addresses. Move the list to Bcc, or check who is on it before sending.`
      : `presend could not read the mailing list "${name}", so its members have not been checked. Check who is on it before sending.`,
  }
}

/** Whether a report needs the user's attention before sending. */
export function needsWarning(report) {
  return report.findings.some((finding) => finding.severity === 'warn' || finding.severity === 'block')
}

export function createAddon(api, { presend, windowUrl = 'warn.html' }) {
  let settings = { allowBlockOverride: false }
  const sessions = new Map() // dialog id -> { tabId, details, report, resolve, windowId, error }
  const lastChecked = new Map() // tabId -> recipients of the last checked send
  let nextSession = 1

  async function buildChecker() {
    settings = await loadSettings(api)
    const { sent_recipients: sent = [] } = await api.storage.local.get('sent_recipients')
    let books = []
    try {
      books = await addressBookEmails(api, presend)
    } catch {
      // No address book access: contacts come from the policy and sent mail only.
    }
    const policy = { ...settings.policy }
    policy.known_contacts = [...new Set([...(policy.known_contacts ?? []), ...books, ...sent])]
    return presend.createChecker(policy)
  }

  // Made at the first send, again after a failure (at the next send) and after any
  // change to settings or contacts.
  const cached = cachedChecker(buildChecker)
  const checker = () => cached.get()
  const invalidate = () => cached.invalidate()

  // Mailing lists and address-book references, expanded through Manifest V3's
  // documented APIs: messengerUtilities.parseMailboxString expands `ListName <ListName>`
  // entries; addressBooks.mailingLists and addressBooks.contacts read references.
  const expand = {
    async list(entry) {
      const parsed = await api.messengerUtilities.parseMailboxString(entry, { expandMailingLists: true })
      return parsed
        .filter((mailbox) => mailbox.email && mailbox.email.includes('@'))
        .map((mailbox) => (mailbox.name ? `${mailbox.name} <${mailbox.email}>` : mailbox.email))
    },
    async node(id, type) {
      if (type === 'mailingList') {
        const members = await api.addressBooks.mailingLists.listMembers(id)
        return members.flatMap((member) => emailsFromVCard(presend, member.vCard ?? '').slice(0, 1))
      }
      const contact = await api.addressBooks.contacts.get(id)
      return contact?.vCard ? emailsFromVCard(presend, contact.vCard).slice(0, 1) : []
    },
  }

  async function draftFor(tabId, details) {
    const resolved = { ...details }
    const unread = []
    for (const field of ['to', 'cc', 'bcc']) {
      const { resolved: addresses, unresolved } = await resolveRecipients(details[field], expand)
      resolved[field] = addresses
      unread.push(...unresolved.map((name) => ({ field, name })))
    }
    let attachments = []
    try {
      attachments = await Promise.all((await api.compose.listAttachments(tabId)).map(withContents))
    } catch {
      // The list itself could not be had: the message is still checked.
    }
    return { draft: draftFromCompose(resolved, attachments), resolved, unread }
  }

  /**
   * An attachment with its bytes for presend to read (PDF, Word, Excel, attached
   * messages), or why they could not be had: a file too large to read at send time, or
   * one Thunderbird could not hand over (a cloud link). Never dropped in silence.
   */
  async function withContents(attachment) {
    if (Number.isFinite(attachment.size) && attachment.size > MAX_ATTACHMENT_BYTES) {
      return { ...attachment, unread: 'too-large' }
    }
    try {
      const file = await api.compose.getAttachmentFile(attachment.id)
      return { ...attachment, contentBase64: base64Of(await file.arrayBuffer()) }
    } catch {
      return { ...attachment, unread: 'unavailable' }
    }
  }

  /** The report with a finding for each list presend could not read, most serious first. */
  function withUnread(report, unread) {
    if (unread.length === 0) return report
    const findings = unread.map(unreadListFinding).concat(report.findings)
    const verdict = findings.some((finding) => finding.severity === 'block') ? 'block' : findings.some((finding) => finding.severity === 'warn') ? 'warn' : report.verdict
    return { ...report, verdict, findings }
  }

  /** Opens the warning window and waits for the user's decision: 'send' or 'edit'. */
  async function ask(session) {
    const id = nextSession++
    const decided = new Promise((resolve) => {
      session.resolve = resolve
    })
    sessions.set(id, session)
    // Thunderbird suspends an idle MV3 background after 30 s, even with a send held
    // open, and the send would then be stuck. An open port alone does not prevent that
    // (the slow-reader end-to-end case showed it), so for as long as it is open the
    // warning window messages the background every few seconds (warn.js): each message
    // is an event, which restarts the idle time. The window's port closing with it,
    // unseen, is "go back and edit" (onConnect).
    const window = await api.windows.create({ type: 'popup', url: `${windowUrl}?session=${id}`, width: 640, height: 560 })
    session.windowId = window.id
    try {
      return await decided
    } finally {
      sessions.delete(id)
    }
  }

  /** A warning window's port: held open while it is open, closing with it. */
  function onConnect(port) {
    if (!port.name.startsWith(`${WARNING_PORT}:`)) return
    const session = sessions.get(Number(port.name.slice(WARNING_PORT.length + 1)))
    if (!session) return port.disconnect()
    port.onDisconnect.addListener(() => session.resolve('edit'))
  }

  /** What a send that goes ahead returns: the fixes made while it was held, as Thunderbird documents. */
  function sent(session) {
    return session.changes ? { details: session.changes } : {}
  }

  async function onBeforeSend(tab, details) {
    let draft, resolved, unread
    try {
      ;({ draft, resolved, unread } = await draftFor(tab.id, details))
      const report = withUnread((await checker()).check(draft), unread)
      lastChecked.set(tab.id, [...resolved.to, ...resolved.cc, ...resolved.bcc].map(addressOf))
      if (!needsWarning(report)) return {}
      const session = { tabId: tab.id, details: resolved, report }
      return (await ask(session)) === 'send' ? sent(session) : { cancel: true }
    } catch (error) {
      // Never let mail go unchecked in silence: tell the user and let them decide.
      const decision = await ask({ tabId: tab.id, details, error: String(error?.message ?? error) })
      return decision === 'send' ? {} : { cancel: true }
    }
  }

  async function onAfterSend(tab, sendInfo) {
    const recipients = lastChecked.get(tab.id)
    lastChecked.delete(tab.id)
    if (!recipients || sendInfo?.error || (sendInfo?.mode && sendInfo.mode !== 'sendNow' && sendInfo.mode !== 'sendLater')) return
    const { sent_recipients: sent = [] } = await api.storage.local.get('sent_recipients')
    await api.storage.local.set({ sent_recipients: rememberSent(sent, recipients) })
    invalidate()
  }

  /** What the warning window shows for a session. */
  function view(session) {
    if (session.error) return { error: session.error, allowSend: true }
    const blocking = session.report.findings.some((finding) => finding.severity === 'block')
    return {
      report: session.report,
      fixable: session.report.findings.map(isFixable),
      allowSend: !blocking || settings.allowBlockOverride,
    }
  }

  async function applyFix(session, index) {
    const fix = session.report.findings[index]?.fix
    const changes = fix && changesFor(fix, session.details)
    if (!changes) throw new Error('This fix cannot be applied to this message; edit it by hand.')
    // Shown in the compose window now, and returned from onBeforeSend when the user
    // sends (compose.onBeforeSend's documented `details`), so the send carries them.
    await api.compose.setComposeDetails(session.tabId, changes)
    session.changes = { ...session.changes, ...changes }
    const details = await api.compose.getComposeDetails(session.tabId)
    const { draft, resolved, unread } = await draftFor(session.tabId, details)
    session.details = resolved
    session.report = withUnread((await checker()).check(draft), unread)
  }

  async function onMessage(message) {
    const session = sessions.get(Number(message?.session))
    if (!session) return { gone: true }
    switch (message.type) {
      case 'view':
        return view(session)
      case 'waiting':
        return { waiting: true } // the window's heartbeat: receiving it keeps the background awake
      case 'fix':
        try {
          await applyFix(session, message.index)
          return view(session)
        } catch (error) {
          return { ...view(session), fixError: String(error?.message ?? error) }
        }
      case 'decide': {
        const send = message.decision === 'send' && view(session).allowSend
        session.resolve(send ? 'send' : 'edit')
        if (session.windowId !== undefined) api.windows.remove(session.windowId).catch(() => {})
        return { ok: true }
      }
      default:
        return { unknown: true }
    }
  }

  /** Closing the window without choosing is "go back and edit". */
  function onWindowRemoved(windowId) {
    for (const session of sessions.values()) if (session.windowId === windowId) session.resolve('edit')
  }

  return { onBeforeSend, onAfterSend, onMessage, onWindowRemoved, onConnect, invalidate, checker }
}
