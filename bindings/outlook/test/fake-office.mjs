// A stand-in for the parts of Office.js the add-in uses, as strict as Outlook's own
// documentation: callback-style AsyncResults (failed ones on request), recipients as
// EmailAddressDetails, the body as text and HTML, requirement sets compared as versions,
// item session data (Mailbox 1.11), roaming settings capped at 32 KB, and an
// `event.completed` that refuses what Outlook documents as invalid for the client's
// version (SmartAlertsEventCompletedOptions):
// - `errorMessage` and `errorMessageMarkdown` at most 500 characters;
// - `cancelLabel` at most 20, `commandId` naming a control of the manifest;
// - `cancelLabel`, `commandId`, `contextData` and `sendModeOverride` only from 1.14,
//   `errorMessageMarkdown` only from 1.15; `sendModeOverride` only "promptUser";
// - nothing but `allowEvent` when the event is allowed.
// (office-addin-mock models the load/sync APIs of Excel and Word; Outlook's item API is
// callback-based, so its properties read as "Error, property was not loaded" there.)
// It has no imports, so that the Chromium test can serve it as a classic script.

/** Outlook's limit for all of an add-in's roaming settings, in characters. */
const ROAMING_LIMIT = 32 * 1024

const ok = (value) => ({ status: 'succeeded', value })
const failed = (message) => ({ status: 'failed', error: { code: 9002, name: 'InternalServerError', message } })
const details = (mailbox) =>
  typeof mailbox === 'string'
    ? (/^(.*)<([^<>]+)>\s*$/.exec(mailbox) ?? [null, mailbox, mailbox]).slice(1).map((s) => s.trim().replace(/^"|"$/g, '')).reduce((name, address) => ({ displayName: name || address, emailAddress: address }))
    : { displayName: mailbox.name ?? mailbox.address, emailAddress: mailbox.address }

/** Compares requirement-set versions as versions: '1.9' < '1.14'. */
export function versionAtLeast(have, want) {
  const a = String(have).split('.').map(Number)
  const b = String(want).split('.').map(Number)
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0
    const y = b[i] ?? 0
    if (x !== y) return x > y
  }
  return true
}

/** What Outlook documents as wrong in `options` for a client at `version`; empty when valid. */
export function completedViolations(options, version, controls) {
  const problems = []
  const known = ['allowEvent', 'errorMessage', 'errorMessageMarkdown', 'cancelLabel', 'commandId', 'contextData', 'sendModeOverride']
  if (!options || typeof options.allowEvent !== 'boolean') return ['allowEvent must be true or false']
  for (const key of Object.keys(options)) if (!known.includes(key)) problems.push(`unknown option ${key}`)
  if (options.allowEvent) {
    for (const key of Object.keys(options)) if (key !== 'allowEvent') problems.push(`${key} given with allowEvent: true`)
    return problems
  }
  const needs = (key, set) => {
    if (options[key] !== undefined && !versionAtLeast(version, set)) problems.push(`${key} needs Mailbox ${set}; this client has ${version}`)
  }
  needs('errorMessageMarkdown', '1.15')
  for (const key of ['cancelLabel', 'commandId', 'contextData', 'sendModeOverride']) needs(key, '1.14')
  for (const key of ['errorMessage', 'errorMessageMarkdown']) {
    if (options[key] !== undefined && (typeof options[key] !== 'string' || options[key].length > 500)) problems.push(`${key} must be a string of at most 500 characters (${String(options[key]).length})`)
  }
  if (options.cancelLabel !== undefined && String(options.cancelLabel).length > 20) problems.push(`cancelLabel must be at most 20 characters: ${options.cancelLabel}`)
  if (options.commandId !== undefined && !controls.includes(options.commandId)) problems.push(`commandId ${options.commandId} names no control in the manifest`)
  if (options.contextData !== undefined && options.commandId === undefined) problems.push('contextData without commandId is ignored')
  if (options.sendModeOverride !== undefined && options.sendModeOverride !== 'promptUser') problems.push(`sendModeOverride can only be promptUser, not ${options.sendModeOverride}`)
  return problems
}

/** Roaming settings for one user's mailbox, shared by every fake item made with it. */
export function fakeRoamingSettings({ failSave = false } = {}) {
  const saved = new Map()
  const pending = new Map()
  return {
    saved,
    get: (name) => (pending.has(name) ? pending.get(name) : saved.get(name)),
    set: (name, value) => {
      const next = new Map(saved)
      for (const [key, entry] of pending) next.set(key, entry)
      next.set(name, value)
      if (JSON.stringify(Object.fromEntries(next)).length > ROAMING_LIMIT) throw new Error('Size Limit Exceeded (9057)')
      pending.set(name, value)
    },
    remove: (name) => pending.set(name, undefined),
    saveAsync: (callback) => {
      if (failSave) return callback(failed('The mailbox is unavailable.'))
      for (const [key, entry] of pending) entry === undefined ? saved.delete(key) : saved.set(key, entry)
      pending.clear()
      callback(ok())
    },
  }
}

/**
 * An Office namespace whose mailbox item holds `draft` (presend's JSON draft shape).
 * `mailboxVersion` is the highest Mailbox requirement set the client supports;
 * `failing` names calls that answer with a failed AsyncResult (`'body.getAsync'`,
 * `'to.getAsync'`, `'sessionData.setAsync'`, …); `roaming` is the user's roaming settings.
 */
export function fakeOffice(draft, { mailboxVersion = '1.15', controls = ['presendShowTaskPane'], failing = [], roaming = fakeRoamingSettings() } = {}) {
  const state = {}
  const session = new Map()
  const answer = (name, callback, value) => callback(failing.includes(name) ? failed(`${name} failed`) : ok(value))

  function load(next) {
    Object.assign(state, {
      from: next.from ? details(next.from) : null,
      to: (next.to ?? []).map(details),
      cc: (next.cc ?? []).map(details),
      bcc: (next.bcc ?? []).map(details),
      subject: next.subject ?? '',
      bodyType: next.body?.text !== undefined || !next.body?.html ? 'text' : 'html',
      text: next.body?.text ?? (next.body?.html ?? '').replace(/<[^>]*>/g, ''),
      html: next.body?.html ?? `<html><body>${(next.body?.text ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;')}</body></html>`,
      // A draft's attachment that the host could not hand over stands for a cloud one.
      attachments: (next.attachments ?? []).map((a, i) => ({ id: String(i), name: a.name, size: a.size ?? 0, attachmentType: a.unread === 'unavailable' ? 'cloud' : 'file', isInline: false, content: a.content_base64 })),
    })
    session.clear() // session data belongs to one item
  }
  load(draft)

  const recipients = (field) => ({
    getAsync: (callback) => answer(`${field}.getAsync`, callback, state[field].map((r) => ({ ...r, recipientType: 'externalUser' }))),
    setAsync: (list, ...rest) => {
      state[field] = list.map((r) => ({ displayName: r.displayName ?? r.emailAddress, emailAddress: r.emailAddress }))
      answer(`${field}.setAsync`, rest.at(-1))
    },
    addAsync: (list, ...rest) => {
      state[field].push(...list.map((r) => ({ displayName: r.displayName ?? r.emailAddress, emailAddress: r.emailAddress })))
      answer(`${field}.addAsync`, rest.at(-1))
    },
  })
  const item = {
    from: { getAsync: (callback) => answer('from.getAsync', callback, state.from) },
    to: recipients('to'),
    cc: recipients('cc'),
    bcc: recipients('bcc'),
    subject: {
      getAsync: (callback) => answer('subject.getAsync', callback, state.subject),
      setAsync: (value, ...rest) => {
        state.subject = value
        answer('subject.setAsync', rest.at(-1))
      },
    },
    body: {
      getAsync: (type, ...rest) => answer('body.getAsync', rest.at(-1), type === 'html' ? state.html : state.text),
      getTypeAsync: (callback) => answer('body.getTypeAsync', callback, state.bodyType),
      setAsync: (data, options, callback) => {
        if (options.coercionType === 'html') {
          state.html = data
          state.text = data.replace(/<[^>]*>/g, '')
        } else {
          state.text = data
        }
        answer('body.setAsync', callback)
      },
    },
    getAttachmentsAsync: (callback) =>
      answer('getAttachmentsAsync', callback, state.attachments.map(({ content, ...details }) => details)),
    // As documented: a file's bytes in base64, a cloud attachment's URL.
    getAttachmentContentAsync: (id, ...rest) => {
      const attachment = state.attachments.find((candidate) => candidate.id === id)
      if (!attachment) return rest.at(-1)(failed('InvalidAttachmentId'))
      const content = attachment.attachmentType === 'cloud' ? { format: 'url', content: 'https://contoso-my.sharepoint.com/letter.pdf' } : { format: 'base64', content: attachment.content ?? '' }
      answer('getAttachmentContentAsync', rest.at(-1), content)
    },
  }
  if (versionAtLeast(mailboxVersion, '1.11')) {
    item.sessionData = {
      getAsync: (name, callback) => (session.has(name) ? answer('sessionData.getAsync', callback, session.get(name)) : callback(failed(`no session data named ${name}`))),
      setAsync: (name, value, ...rest) => {
        if (!failing.includes('sessionData.setAsync')) session.set(name, String(value))
        answer('sessionData.setAsync', rest.at(-1))
      },
      removeAsync: (name, ...rest) => {
        session.delete(name)
        answer('sessionData.removeAsync', rest.at(-1))
      },
    }
  }
  const handlers = {}
  const Office = {
    CoercionType: { Text: 'text', Html: 'html' },
    MailboxEnums: { SendModeOverride: { PromptUser: 'promptUser' } },
    context: {
      mailbox: { item },
      roamingSettings: roaming,
      requirements: { isSetSupported: (name, version) => name === 'Mailbox' && versionAtLeast(mailboxVersion, version ?? '1.1') },
    },
    actions: { associate: (name, handler) => (handlers[name] = handler) },
    onReady: (callback) => Promise.resolve().then(callback),
  }
  /**
   * Runs the associated OnMessageSend handler as Outlook would; resolves with
   * event.completed's options, and rejects if they break Outlook's documented rules.
   */
  function send() {
    return new Promise((resolve, reject) =>
      handlers.onMessageSendHandler({
        completed: (options) => {
          const problems = completedViolations(options, mailboxVersion, controls)
          if (problems.length) reject(new Error(`event.completed: ${problems.join('; ')}`))
          else resolve(options)
        },
      }),
    )
  }
  return { Office, state, handlers, send, load, session, roaming }
}
