// A faithful stand-in for the parts of Office.js the add-in uses, on a message being
// composed: callback-style AsyncResults, recipients as EmailAddressDetails, the body
// as text and HTML, requirement sets. (office-addin-mock models the load/sync APIs
// of Excel and Word; Outlook's item API is callback-based, so its properties read as
// "Error, property was not loaded" there.)

const ok = (value) => ({ status: 'succeeded', value })
const details = (mailbox) =>
  typeof mailbox === 'string'
    ? (/^(.*)<([^<>]+)>\s*$/.exec(mailbox) ?? [null, mailbox, mailbox]).slice(1).map((s) => s.trim().replace(/^"|"$/g, '')).reduce((name, address) => ({ displayName: name || address, emailAddress: address }))
    : { displayName: mailbox.name ?? mailbox.address, emailAddress: mailbox.address }

/** An Office namespace whose mailbox item holds `draft` (presend's JSON draft shape). */
export function fakeOffice(draft, { mailboxVersion = '1.15' } = {}) {
  const state = {
    from: draft.from ? details(draft.from) : null,
    to: (draft.to ?? []).map(details),
    cc: (draft.cc ?? []).map(details),
    bcc: (draft.bcc ?? []).map(details),
    subject: draft.subject ?? '',
    bodyType: draft.body?.text !== undefined || !draft.body?.html ? 'text' : 'html',
    text: draft.body?.text ?? (draft.body?.html ?? '').replace(/<[^>]*>/g, ''),
    html: draft.body?.html ?? `<html><body>${(draft.body?.text ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;')}</body></html>`,
    attachments: (draft.attachments ?? []).map((a, i) => ({ id: String(i), name: a.name, size: a.size ?? 0, attachmentType: 'file', isInline: false })),
  }
  const recipients = (field) => ({
    getAsync: (callback) => callback(ok(state[field].map((r) => ({ ...r, recipientType: 'externalUser' })))),
    setAsync: (list, ...rest) => {
      state[field] = list.map((r) => ({ displayName: r.displayName ?? r.emailAddress, emailAddress: r.emailAddress }))
      rest.at(-1)(ok())
    },
    addAsync: (list, ...rest) => {
      state[field].push(...list.map((r) => ({ displayName: r.displayName ?? r.emailAddress, emailAddress: r.emailAddress })))
      rest.at(-1)(ok())
    },
  })
  const item = {
    from: { getAsync: (callback) => callback(ok(state.from)) },
    to: recipients('to'),
    cc: recipients('cc'),
    bcc: recipients('bcc'),
    subject: {
      getAsync: (callback) => callback(ok(state.subject)),
      setAsync: (value, ...rest) => {
        state.subject = value
        rest.at(-1)(ok())
      },
    },
    body: {
      getAsync: (type, ...rest) => rest.at(-1)(ok(type === 'html' ? state.html : state.text)),
      getTypeAsync: (callback) => callback(ok(state.bodyType)),
      setAsync: (data, options, callback) => {
        if (options.coercionType === 'html') {
          state.html = data
          state.text = data.replace(/<[^>]*>/g, '')
        } else {
          state.text = data
        }
        callback(ok())
      },
    },
    getAttachmentsAsync: (callback) => callback(ok(state.attachments)),
  }
  const handlers = {}
  const Office = {
    CoercionType: { Text: 'text', Html: 'html' },
    context: {
      mailbox: { item },
      requirements: { isSetSupported: (name, version) => name === 'Mailbox' && Number(version) <= Number(mailboxVersion) },
    },
    actions: { associate: (name, handler) => (handlers[name] = handler) },
    onReady: (callback) => Promise.resolve().then(callback),
  }
  return { Office, state, handlers }
}

/** Runs the associated OnMessageSend handler as Outlook would; resolves with event.completed's options. */
export function send(handlers) {
  return new Promise((resolve) => handlers.onMessageSendHandler({ completed: resolve }))
}
