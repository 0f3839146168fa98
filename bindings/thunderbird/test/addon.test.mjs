// The add-on's logic in Node, against the real presend.wasm and a stand-in for
// Thunderbird's API that records what the add-on asks of it.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

import * as presend from '../../wasm/presend.js'
import { createAddon, loadSettings, needsWarning } from '../src/lib/addon.mjs'
import { draftFromCompose, addressOf } from '../src/lib/draft.mjs'
import { changesFor } from '../src/lib/fixes.mjs'
import { emailsFromVCard, rememberSent, MAX_REMEMBERED } from '../src/lib/contacts.mjs'

const here = dirname(fileURLToPath(import.meta.url))
before(() => presend.init(readFileSync(join(here, '..', '..', 'wasm', 'presend.wasm'))))

const FOOTER =
  'CONFIDENTIALITY: This email and any attachments are confidential and intended solely for the named recipient. If you are not the intended recipient, please tell the sender and delete it.'

/** A stand-in for the parts of Thunderbird's API the add-on uses. */
function fakeThunderbird({ managed, local = {}, books = [], compose = {}, attachments = [] } = {}) {
  const lists = books.flatMap((book) => book.mailingLists ?? [])
  const contacts = books.flatMap((book) => (book.contacts ?? []).concat(...(book.mailingLists ?? []).map((list) => list.contacts ?? [])))
  const primary = (contact) => emailsFromVCard(presend, contact.vCard ?? '')[0]
  const stored = { ...local }
  const calls = { windows: [], removed: [], set: [] }
  const tabs = new Map(Object.entries(compose).map(([id, details]) => [Number(id), { ...details }]))
  let nextWindow = 100
  return {
    calls,
    tabs,
    storage: {
      managed: {
        get: async () => {
          if (!managed) throw new Error('Managed storage manifest not found')
          return managed
        },
      },
      local: {
        get: async (keys) =>
          Object.fromEntries((Array.isArray(keys) ? keys : [keys]).filter((k) => k in stored).map((k) => [k, stored[k]])),
        set: async (values) => Object.assign(stored, values),
      },
    },
    addressBooks: {
      list: async () => books,
      contacts: {
        get: async (id) => {
          const contact = contacts.find((candidate) => candidate.id === id)
          if (!contact) throw new Error(`contact ${id} not found`)
          return contact
        },
      },
      mailingLists: {
        listMembers: async (id) => {
          const list = lists.find((candidate) => candidate.id === id)
          if (!list) throw new Error(`mailing list ${id} not found`)
          return list.contacts ?? []
        },
      },
    },
    // As Thunderbird documents it: "ListName <ListName>" entries are expanded to their
    // members' primary addresses; a list that does not exist is returned unchanged.
    messengerUtilities: {
      parseMailboxString: async (text, { expandMailingLists } = {}) =>
        text.split(',').flatMap((entry) => {
          const match = /^\s*(.*?)\s*<([^<>]*)>\s*$/.exec(entry)
          const [name, email] = match ? [match[1], match[2]] : ['', entry.trim()]
          const list = expandMailingLists && !email.includes('@') && lists.find((candidate) => candidate.name === email)
          return list ? (list.contacts ?? []).map((member) => ({ name: '', email: primary(member) })) : [{ name, email }]
        }),
    },
    compose: {
      listAttachments: async () => attachments.map(({ id, name, size }) => ({ id, name, size })),
      getAttachmentFile: async (id) => {
        const attachment = attachments.find((candidate) => candidate.id === id)
        if (!attachment?.bytes) throw new Error(`attachment ${id} is a cloud link`)
        return new Blob([attachment.bytes])
      },
      setComposeDetails: async (tabId, changes) => {
        calls.set.push(changes)
        Object.assign(tabs.get(tabId), changes)
      },
      getComposeDetails: async (tabId) => ({ ...tabs.get(tabId) }),
    },
    windows: {
      create: async (options) => {
        calls.windows.push(options)
        return { id: nextWindow++ }
      },
      remove: async (id) => calls.removed.push(id),
      get: async (id) => ({ id }),
    },
  }
}

const clean = {
  from: 'Meadowbank Reception <reception.meadowbank@nhs.net>',
  to: ['Dr Sarah Patel <sarah.patel@nhs.net>'],
  cc: [],
  bcc: [],
  subject: 'Practice meeting notes',
  isPlainText: true,
  plainTextBody: `Dear Sarah,\n\nThe notes are on the shared drive.\n\nKind regards\n\n${FOOTER}\n`,
}
const exposed = {
  ...clean,
  to: ['Jane Doe <jane.doe@gmail.com>', 'bob.roe@hotmail.co.uk'],
  subject: 'Flu clinic on Saturday',
  plainTextBody: `Dear all,\n\nThe flu clinic is on Saturday.\n\n${FOOTER}\n`,
}

/** Waits until the add-on has opened its window, then returns that session's id. */
async function openedSession(api, count = 1) {
  for (let i = 0; i < 200 && api.calls.windows.length < count; i++) await new Promise((r) => setTimeout(r, 5))
  return new URL(api.calls.windows.at(-1).url, 'moz-extension://x/').searchParams.get('session')
}

test('a clean message is let through without a window', async () => {
  const api = fakeThunderbird({ compose: { 1: clean } })
  const addon = createAddon(api, { presend })
  assert.deepEqual(await addon.onBeforeSend({ id: 1 }, clean), {})
  assert.equal(api.calls.windows.length, 0)
})

test('a blocked message waits for the user; closing the window cancels the send', async () => {
  const api = fakeThunderbird({ compose: { 1: exposed } })
  const addon = createAddon(api, { presend })
  const result = addon.onBeforeSend({ id: 1 }, exposed)
  const session = await openedSession(api)
  const view = await addon.onMessage({ type: 'view', session })
  assert.equal(view.allowSend, false, 'blocks cannot be sent anyway by default')
  assert.ok(view.report.findings.some((finding) => finding.rule === 'bulk-exposure'))
  addon.onWindowRemoved(100)
  assert.deepEqual(await result, { cancel: true })
})

test('"Send anyway" is refused for blocks unless the practice allows it', async () => {
  for (const [allow, expected] of [[false, { cancel: true }], [true, {}]]) {
    const api = fakeThunderbird({ compose: { 1: exposed }, managed: { allow_block_override: allow } })
    const addon = createAddon(api, { presend })
    const result = addon.onBeforeSend({ id: 1 }, exposed)
    const session = await openedSession(api)
    await addon.onMessage({ type: 'decide', session, decision: 'send' })
    assert.deepEqual(await result, expected)
    assert.deepEqual(api.calls.removed, [100], 'the window is closed after a decision')
  }
})

test('one-click fix moves patients to Bcc, re-checks, and then the message may go', async () => {
  const api = fakeThunderbird({ compose: { 1: exposed } })
  const addon = createAddon(api, { presend })
  const result = addon.onBeforeSend({ id: 1 }, exposed)
  const session = await openedSession(api)
  const before = await addon.onMessage({ type: 'view', session })
  const index = before.report.findings.findIndex((finding) => finding.rule === 'bulk-exposure')
  assert.ok(before.fixable[index])
  const after = await addon.onMessage({ type: 'fix', session, index })
  assert.deepEqual(api.calls.set[0], {
    to: ['Meadowbank Reception <reception.meadowbank@nhs.net>'],
    cc: [],
    bcc: ['Jane Doe <jane.doe@gmail.com>', 'bob.roe@hotmail.co.uk'],
  })
  assert.ok(!after.report.findings.some((finding) => finding.rule === 'bulk-exposure'))
  assert.equal(after.allowSend, true)
  await addon.onMessage({ type: 'decide', session, decision: 'send' })
  assert.deepEqual(await result, { details: api.calls.set[0] }, 'the send carries the fix, through onBeforeSend\'s documented return value')
})

test('the warning window\'s port keeps the send waiting, and closing it is "go back and edit"', async () => {
  const api = fakeThunderbird({ compose: { 1: exposed } })
  const addon = createAddon(api, { presend })
  const result = addon.onBeforeSend({ id: 1 }, exposed)
  const session = await openedSession(api)
  const disconnected = []
  const port = { name: `presend-warning:${session}`, onDisconnect: { addListener: (listener) => disconnected.push(listener) }, disconnect() {} }
  addon.onConnect(port)
  assert.equal(disconnected.length, 1, 'the background listens for the window going away')
  let settled = false
  result.then(() => (settled = true))
  await new Promise((resolve) => setTimeout(resolve, 20))
  assert.equal(settled, false, 'the send waits while the port is open')
  disconnected[0]()
  assert.deepEqual(await result, { cancel: true })
})

test('address books and sent mail make known contacts for near-miss detection', async () => {
  const books = [{ contacts: [{ vCard: 'BEGIN:VCARD\r\nVERSION:4.0\r\nEMAIL;PREF=1:An.Other@nhs.net\r\nEND:VCARD\r\n' }] }]
  const typo = { ...clean, to: ['am.other@nhs.net'] }
  const api = fakeThunderbird({ books, compose: { 1: typo, 2: clean } })
  const addon = createAddon(api, { presend })
  const result = addon.onBeforeSend({ id: 1 }, typo)
  const session = await openedSession(api)
  const view = await addon.onMessage({ type: 'view', session })
  const near = view.report.findings.find((finding) => finding.rule === 'near-miss-recipient')
  assert.equal(near?.fix.to, 'an.other@nhs.net')
  await addon.onMessage({ type: 'fix', session, index: view.report.findings.indexOf(near) })
  assert.deepEqual(api.calls.set[0], { to: ['an.other@nhs.net'] })
  addon.onWindowRemoved(100)
  await result

  // A recipient the user has sent to becomes known: its near misses are caught next time.
  const sent = { ...clean, to: ['d.okafor@nhs.net'] }
  assert.deepEqual(await addon.onBeforeSend({ id: 2 }, sent), {})
  await addon.onAfterSend({ id: 2 }, { mode: 'sendNow' })
  const slip = { ...clean, to: ['d.okafro@nhs.net'] }
  const second = addon.onBeforeSend({ id: 2 }, slip)
  const secondSession = await openedSession(api, 2)
  const secondView = await addon.onMessage({ type: 'view', session: secondSession })
  assert.ok(secondView.report.findings.some((finding) => finding.rule === 'near-miss-recipient'))
  addon.onWindowRemoved(101)
  await second
})

test('when the checker cannot be made, the user is told rather than the mail sent unchecked', async () => {
  const api = fakeThunderbird({ compose: { 1: clean }, local: { policy: '{"rules": {"txtspeak": "off"}}' } })
  const addon = createAddon(api, { presend })
  const result = addon.onBeforeSend({ id: 1 }, clean)
  const session = await openedSession(api)
  const view = await addon.onMessage({ type: 'view', session })
  assert.match(view.error, /rules\.txtspeak/)
  assert.equal(view.allowSend, true, 'the user may still send after being warned')
  addon.onWindowRemoved(100)
  assert.deepEqual(await result, { cancel: true })
})

test('managed settings win over the options page', async () => {
  const api = fakeThunderbird({
    managed: { policy: { organisation_domains: ['meadowbank-practice.nhs.uk'] } },
    local: { policy: '{"organisation_domains": ["elsewhere.nhs.uk"]}', allow_block_override: true },
  })
  const settings = await loadSettings(api)
  assert.deepEqual(settings.policy, { organisation_domains: ['meadowbank-practice.nhs.uk'] })
  assert.equal(settings.allowBlockOverride, true, 'a key the practice did not set comes from the options page')
  assert.equal(settings.managed, true)
  const unmanaged = await loadSettings(fakeThunderbird({ local: { policy: '{"footer": "x"}' } }))
  assert.deepEqual(unmanaged.policy, { footer: 'x' })
  assert.equal(unmanaged.managed, false)
})

test('compose details become presend drafts', () => {
  const html = { ...clean, isPlainText: false, body: '<p>Hi</p>', plainTextBody: 'Hi' }
  const draft = draftFromCompose(html, [{ id: 1, name: 'letter.pdf', size: 48213 }])
  assert.deepEqual(draft.body, { html: '<p>Hi</p>', text: 'Hi' })
  assert.deepEqual(draft.attachments, [{ name: 'letter.pdf', size: 48213 }])
  assert.equal(addressOf('Dr Sarah Patel <Sarah.Patel@NHS.net>'), 'sarah.patel@nhs.net')
  assert.equal(needsWarning({ findings: [{ severity: 'info' }] }), false)
})

test('fixes edit subjects, addresses and bodies in the right place', () => {
  assert.deepEqual(changesFor({ kind: 'add-subject-tag', tag: '[secure]' }, { subject: 'Letter' }), { subject: '[secure] Letter' })
  assert.deepEqual(
    changesFor({ kind: 'replace-address', field: 'cc', from: 'Dr.Jones@nhs.nte', to: 'dr.jones@nhs.net' }, { cc: ['Dr Jones <dr.jones@nhs.nte>'] }),
    { cc: ['Dr Jones <dr.jones@nhs.net>'] },
  )
  const reply = 'Thanks, noted.\n\nOn Mon, Jane wrote:\n> hello\n'
  const at = { utf16_start: 14, utf16_end: 14 }
  assert.deepEqual(changesFor({ kind: 'append-text', text: 'FOOTER', at }, { isPlainText: true, plainTextBody: reply }), {
    plainTextBody: 'Thanks, noted.\n\nFOOTER\n\n\nOn Mon, Jane wrote:\n> hello\n',
  })
  // HTML: where the core places it, above Thunderbird's reply header, in the HTML sent.
  const html = '<body><p>Thanks 🩺</p><div class="moz-cite-prefix">On Mon</div><blockquote type="cite">x</blockquote></body>'
  const details = { isPlainText: false, body: html, plainTextBody: 'Thanks 🩺\n\nOn Mon\n> x' }
  const footer = presend
    .createChecker({ footer: 'A & B' })
    .check(draftFromCompose(details, []))
    .findings.find((finding) => finding.rule === 'missing-footer').fix
  assert.equal(
    changesFor(footer, details).body,
    '<body><p>Thanks 🩺</p><p>A &amp; B</p><div class="moz-cite-prefix">On Mon</div><blockquote type="cite">x</blockquote></body>',
  )
  assert.equal(changesFor({ ...footer, html_at: undefined }, details), null, 'no place in this HTML, no guess')
  const span = { utf16_start: 11, utf16_end: 16 }
  assert.deepEqual(changesFor({ kind: 'replace-text', field: 'subject', span, replacement: 'tomorrow' }, { subject: 'Flu clinic 2moro' }), {
    subject: 'Flu clinic tomorrow',
  })
  assert.equal(changesFor({ kind: 'replace-text', field: 'body', span, replacement: '' }, { isPlainText: false, body: '' }), null)
})

test('contacts come from vCards and sent mail, capped', () => {
  assert.deepEqual(emailsFromVCard(presend, 'BEGIN:VCARD\r\nitem1.EMAIL;TYPE=work:A@b.com\r\nEMAIL:c@\r\n d.com\r\nEND:VCARD'), ['a@b.com', 'c@d.com'])
  assert.deepEqual(emailsFromVCard(presend, 'not a vCard'), [])
  assert.deepEqual(rememberSent(['a', 'b'], ['a', 'c']), ['b', 'a', 'c'])
  assert.equal(rememberSent([], Array.from({ length: MAX_REMEMBERED + 5 }, (_, i) => `p${i}`)).length, MAX_REMEMBERED)
})

const vcard = (email) => `BEGIN:VCARD\r\nVERSION:4.0\r\nEMAIL;PREF=1:${email}\r\nEND:VCARD\r\n`
const patientsBook = {
  contacts: [{ id: 'c-sarah', vCard: vcard('sarah.patel@nhs.net') }],
  mailingLists: [
    {
      id: 'list-flu',
      name: 'Flu clinic',
      contacts: [{ id: 'c-jane', vCard: vcard('jane.doe@gmail.com') }, { id: 'c-bob', vCard: vcard('bob.roe@hotmail.co.uk') }],
    },
  ],
}

test('a mailing list of patients in To is expanded before the check, in every form Thunderbird gives', async () => {
  for (const list of ['Flu clinic <Flu clinic>', { nodeId: 'list-flu', type: 'mailingList' }, { id: 'list-flu', type: 'mailingList' }]) {
    const details = { ...exposed, to: [list] }
    const api = fakeThunderbird({ compose: { 1: details }, books: [patientsBook] })
    const addon = createAddon(api, { presend })
    const result = addon.onBeforeSend({ id: 1 }, details)
    const session = await openedSession(api)
    const view = await addon.onMessage({ type: 'view', session })
    const exposure = view.report.findings.find((finding) => finding.rule === 'bulk-exposure')
    assert.ok(exposure, `bulk-exposure for ${JSON.stringify(list)}`)
    assert.equal(exposure.severity, 'block')
    addon.onWindowRemoved(100)
    assert.deepEqual(await result, { cancel: true })
  }
})

test('a contact reference is read as its primary address', async () => {
  const details = { ...clean, to: [{ nodeId: 'c-sarah', type: 'contact' }] }
  const api = fakeThunderbird({ compose: { 1: details }, books: [patientsBook] })
  assert.deepEqual(await createAddon(api, { presend }).onBeforeSend({ id: 1 }, details), {})
})

test('a list that cannot be read is a finding, never a silent pass', async () => {
  for (const [field, severity] of [['to', 'block'], ['bcc', 'warn']]) {
    const details = { ...clean, to: ['sarah.patel@nhs.net'], [field === 'to' ? 'cc' : 'bcc']: [], [field]: ['sarah.patel@nhs.net', 'Old list <Old list>'] }
    const api = fakeThunderbird({ compose: { 1: details }, books: [patientsBook] })
    const addon = createAddon(api, { presend })
    const result = addon.onBeforeSend({ id: 1 }, details)
    const session = await openedSession(api)
    const view = await addon.onMessage({ type: 'view', session })
    const unread = view.report.findings[0]
    assert.equal(unread.rule, 'list-not-checked')
    assert.equal(unread.severity, severity, field)
    assert.match(unread.message, /could not read the mailing list "Old list", so its members have not been checked/)
    assert.equal(view.allowSend, severity === 'warn')
    addon.onWindowRemoved(100)
    assert.deepEqual(await result, { cancel: true })
  }
})

test('attachments are read from their bytes, and one that cannot be had is not passed in silence', async () => {
  // The Word letter of a fixture (made by presend's Rust tests), with an NHS number inside.
  const eml = readFileSync(join(here, '..', '..', '..', 'fixtures', 'pid-insecure', 'fires', 'docx-letter-nhs-number-to-btinternet.eml'), 'latin1')
  const encoded = /filename="Letter\.docx"[\s\S]*?\r\n\r\n([A-Za-z0-9+/=\r\n]+?)\r\n--/.exec(eml)[1]
  const bytes = Buffer.from(encoded.replace(/\s/g, ''), 'base64')
  const toPatient = { ...clean, to: ['Dr Sarah Patel <sarah.patel@gmail.com>'] }
  // The rules the warning window shows, or none when the message went straight out.
  const findingsWith = async (attachments) => {
    const api = fakeThunderbird({ compose: { 1: toPatient }, attachments })
    const addon = createAddon(api, { presend })
    const result = addon.onBeforeSend({ id: 1 }, toPatient)
    const sent = await Promise.race([result, new Promise((resolve) => setTimeout(() => resolve(null), 200))])
    if (sent) return []
    const view = await addon.onMessage({ type: 'view', session: await openedSession(api) })
    addon.onWindowRemoved(100)
    await result
    return view.report.findings.map((finding) => finding.rule)
  }
  assert.deepEqual(await findingsWith([]), [], 'the covering note alone may go')
  assert.deepEqual(await findingsWith([{ id: 7, name: 'Letter.docx', size: bytes.length, bytes }]), ['pid-insecure'], 'the NHS number inside the letter')
  assert.deepEqual(await findingsWith([{ id: 8, name: 'Scan.pdf', size: 2000 }]), ['unreadable-attachment'], 'a file Thunderbird cannot hand over')
  assert.deepEqual(await findingsWith([{ id: 9, name: 'Big.pdf', size: 30 * 1024 * 1024 }]), ['unreadable-attachment'], 'a file too large to read')
  assert.deepEqual(
    draftFromCompose(toPatient, [{ name: 'a.pdf', size: 3, contentBase64: 'JVBE' }, { name: 'b.pdf', unread: 'unavailable' }]).attachments,
    [{ name: 'a.pdf', size: 3, content_base64: 'JVBE' }, { name: 'b.pdf', unread: 'unavailable' }],
  )
})
