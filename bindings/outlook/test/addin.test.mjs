// The add-in's behaviour through the strict Office.js stand-in, on a Mailbox 1.15 client
// and on a 1.12-only one (no Markdown, no Review and fix button, no send-mode override):
// blocks must be fixed, warnings and failures can always be sent past and say so, the
// dialog's Markdown is escaped and fits, one-click fixes edit the item as Office.js
// would, the practice policy is read at run time with a visible fallback, and recipients
// remembered at send time are known to the task pane.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

import * as presend from '../../wasm/presend.js'
import { createAddin } from '../src/addin.js'
import { applyFix } from '../src/fixes.js'
import { completedFor, escapeMarkdown, MAX_ALERT, PROMPT_USER, TASKPANE_COMMAND } from '../src/alert.js'
import { mostRecentThatFit, MAX_REMEMBERED_CHARS } from '../src/contacts.js'
import { clientOf } from '../src/office.js'
import { fakeOffice, fakeRoamingSettings, versionAtLeast, completedViolations } from './fake-office.mjs'
import { CONTROLS } from './manifest-controls.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const wasm = readFileSync(join(here, '..', '..', 'wasm', 'presend.wasm'))
before(() => presend.init(wasm))

const FOOTER =
  'CONFIDENTIALITY: This email and any attachments are confidential and intended solely for the named recipient. If you are not the intended recipient, please tell the sender and delete it.'
const ORIGIN = 'https://addins.example.nhs.uk/presend'
const CLIENTS = ['1.15', '1.12']

/** A web host serving policy.json (`policy`: its text, a status number, or an Error for no answer). */
function host(policy = '{}') {
  const asked = []
  const fetch = async (url) => {
    asked.push(url)
    if (policy instanceof Error) throw policy
    if (typeof policy === 'number') return { ok: false, status: policy, text: async () => '' }
    return { ok: true, status: 200, text: async () => policy }
  }
  return { fetch, asked }
}

/** The global object of a runtime: a web host, timers, and this computer's storage. */
function runtime({ served = '{}', storage = new Map() } = {}) {
  const web = host(served)
  const root = {
    fetch: web.fetch,
    setTimeout,
    clearTimeout,
    OfficeRuntime: { storage: { getItem: async (key) => storage.get(key) ?? null, setItem: async (key, value) => void storage.set(key, value) } },
  }
  return { root, web, storage }
}

function addinFor(draft, { mailboxVersion = '1.15', builtInPolicy = null, served = '{}', storage, roaming = fakeRoamingSettings(), loader = presend, failing = [], readAttachments = false } = {}) {
  const fake = fakeOffice(draft, { mailboxVersion, roaming, failing, controls: CONTROLS })
  const { root, web } = runtime({ served, storage })
  const addin = createAddin({ presend: loader, source: () => wasm, builtInPolicy, origin: ORIGIN, Office: fake.Office, root, readAttachments })
  fake.Office.actions.associate('onMessageSendHandler', addin.onMessageSend)
  return { ...fake, addin, web }
}

const flu = {
  from: 'Meadowbank Reception <reception.meadowbank@nhs.net>',
  to: ['Jane Doe <jane.doe@gmail.com>', 'bob.roe@hotmail.co.uk'],
  subject: 'Flu clinic on Saturday',
  body: { text: `Dear all,\n\nThe flu clinic is on Saturday.\n\n${FOOTER}\n` },
}
// Only a warning: textspeak, to a colleague.
const casual = { from: 'a.jones@nhs.net', to: ['sarah.patel@nhs.net'], subject: 'Rota', body: { text: `Thx, c u 2moro.\n\n${FOOTER}` } }

test('the stand-in compares requirement sets as versions', () => {
  assert.equal(versionAtLeast('1.9', '1.14'), false)
  assert.equal(versionAtLeast('1.15', '1.14'), true)
  assert.deepEqual(clientOf(fakeOffice({}, { mailboxVersion: '1.12' }).Office), { sessionData: true, sendModeOverride: false, reviewButton: false, markdown: false })
  assert.deepEqual(clientOf(fakeOffice({}, { mailboxVersion: '1.15' }).Office), { sessionData: true, sendModeOverride: true, reviewButton: true, markdown: true })
})

test('the stand-in refuses what Outlook documents as invalid', () => {
  const stop = { allowEvent: false, errorMessage: 'Stopped.' }
  assert.deepEqual(completedViolations(stop, '1.12', CONTROLS), [])
  const refused = (options, version) => completedViolations({ ...stop, ...options }, version, CONTROLS)
  assert.match(refused({ errorMessage: 'x'.repeat(501) }, '1.15')[0], /at most 500/)
  assert.match(refused({ errorMessageMarkdown: '**x**' }, '1.14')[0], /needs Mailbox 1\.15/)
  assert.match(refused({ sendModeOverride: PROMPT_USER }, '1.13')[0], /needs Mailbox 1\.14/)
  assert.match(refused({ sendModeOverride: 'block' }, '1.15')[0], /only be promptUser/)
  assert.match(refused({ cancelLabel: 'Review and fix it now!', commandId: TASKPANE_COMMAND }, '1.15')[0], /at most 20/)
  assert.match(refused({ commandId: 'msgComposeOpenPaneButton' }, '1.15')[0], /names no control/)
  assert.match(completedViolations({ allowEvent: true, errorMessage: 'x' }, '1.15', CONTROLS)[0], /with allowEvent: true/)
})

for (const mailboxVersion of CLIENTS) {
  test(`Mailbox ${mailboxVersion}: a block stops every send until it is fixed`, async () => {
    const { send } = addinFor(flu, { mailboxVersion })
    for (let attempt = 0; attempt < 2; attempt++) {
      const stopped = await send()
      assert.equal(stopped.allowEvent, false)
      assert.equal(stopped.sendModeOverride, undefined, 'a block stays under SoftBlock')
      assert.match(stopped.errorMessage, /^presend stopped this email\. 2 people outside the practice/)
      assert.doesNotMatch(stopped.errorMessage, /Send again|Send Anyway/)
    }
  })

  test(`Mailbox ${mailboxVersion}: warnings alone can be sent as they are`, async () => {
    const { send, load } = addinFor(casual, { mailboxVersion })
    const stopped = await send()
    assert.equal(stopped.allowEvent, false)
    assert.match(stopped.errorMessage, /^presend: please check this email\. .*text-message language/i)
    if (mailboxVersion === '1.15') {
      assert.equal(stopped.sendModeOverride, PROMPT_USER, 'Send Anyway is offered')
      assert.match(stopped.errorMessage, /Send Anyway/)
      assert.equal(stopped.commandId, TASKPANE_COMMAND)
    } else {
      assert.match(stopped.errorMessage, /To send it as it is, select Send again\.$/)
      assert.deepEqual(await send(), { allowEvent: true }, 'the second Send of the same message goes')
      load({ ...casual, body: { text: `Thx, c u 2moro. Pls ring.\n\n${FOOTER}` } })
      assert.equal((await send()).allowEvent, false, 'a new message is checked afresh')
    }
  })

  test(`Mailbox ${mailboxVersion}: a checker that cannot load says mail is not checked, and lets it go`, async () => {
    const broken = { init: async () => { throw new Error('WebAssembly.instantiate: out of memory') }, createChecker: () => null }
    const { send } = addinFor(flu, { mailboxVersion, loader: broken })
    const stopped = await send()
    assert.equal(stopped.allowEvent, false)
    assert.match(stopped.errorMessage, /presend could not check this email, so it has NOT been checked \(WebAssembly\.instantiate: out of memory\)\. .*tell your practice manager/)
    if (mailboxVersion === '1.15') {
      assert.equal(stopped.sendModeOverride, PROMPT_USER)
      assert.match(stopped.errorMessageMarkdown, /^\*\*presend could not check this email, so it has NOT been checked\.\*\*\n\n/)
    } else {
      assert.match(stopped.errorMessage, /select Send again\.$/)
      assert.deepEqual(await send(), { allowEvent: true })
    }
  })

  test(`Mailbox ${mailboxVersion}: Outlook refusing the message's contents is a failure to check, not a trap`, async () => {
    const { send } = addinFor(flu, { mailboxVersion, failing: ['body.getAsync'] })
    const stopped = await send()
    assert.equal(stopped.allowEvent, false)
    assert.match(stopped.errorMessage, /NOT been checked \(body\.getAsync failed\)/)
    if (mailboxVersion === '1.12') assert.deepEqual(await send(), { allowEvent: true })
    else assert.equal(stopped.sendModeOverride, PROMPT_USER)
  })
}

test('on a client whose item cannot remember, a warning is let through rather than trapped', async () => {
  const { send } = addinFor(casual, { mailboxVersion: '1.12', failing: ['sessionData.setAsync'] })
  assert.deepEqual(await send(), { allowEvent: true })
})

test('the Markdown message follows the documented form, with data escaped', () => {
  const report = {
    findings: [
      { rule: 'pid-insecure', severity: 'block', field: 'body', message: 'NHS number *** *** 5919 and date of birth **/**/1934 go to jane_doe@gmail.com: add [secure] to the subject.' },
      { rule: 'textspeak', severity: 'warn', field: 'body', message: 'Text-message language: "c u"' },
    ],
  }
  const options = completedFor(report, { client: { markdown: true, reviewButton: true, sendModeOverride: true } })
  assert.equal(
    options.errorMessageMarkdown,
    '**presend stopped this email.** Fix what is marked **Must fix**, then send it.\n\n' +
      '- **Must fix:** NHS number \\*\\*\\* \\*\\*\\* 5919 and date of birth \\*\\*/\\*\\*/1934 go to jane\\_doe@gmail.com: add \\[secure\\] to the subject.\r' +
      '- Check: Text-message language: "c u"\r',
  )
  assert.equal(escapeMarkdown('a\n\n- b'), 'a - b', 'data cannot start a paragraph or a list item')
  assert.equal(options.errorMessage, 'presend stopped this email. NHS number *** *** 5919 and date of birth **/**/1934 go to jane_doe@gmail.com: add [secure] to the subject. (1 more: see Review and fix.)')
})

test('long reports fit Outlook\'s 500 characters, and the way to send as it is always shows', () => {
  const client = { markdown: true, reviewButton: true, sendModeOverride: true }
  const long = { findings: Array.from({ length: 30 }, (_, i) => ({ rule: 'textspeak', severity: 'warn', field: 'body', message: `${i} ${'*_['.repeat(60)}` })) }
  const options = completedFor(long, { client })
  assert.ok(options.errorMessage.length <= MAX_ALERT && options.errorMessageMarkdown.length <= MAX_ALERT)
  assert.match(options.errorMessage, /\(29 more: see Review and fix\.\) You can still send it with Send Anyway\.$/)
  assert.match(options.errorMessageMarkdown, /more: see Review and fix\r$/)
  const old = completedFor(long, { client: { markdown: false, reviewButton: false, sendModeOverride: false } })
  assert.deepEqual(Object.keys(old).sort(), ['allowEvent', 'errorMessage'])
  assert.match(old.errorMessage, /select Send again\.$/)
  assert.deepEqual(completedFor({ findings: [{ severity: 'info', message: 'm' }] }, { client }), { allowEvent: true })
})

test('a blocked send moves to Bcc in one click, and then goes', async () => {
  const { Office, state, addin, send } = addinFor(flu)
  assert.match((await send()).errorMessageMarkdown, /\*\*Must fix:\*\*/)
  const { report } = await addin.checkItem()
  await applyFix(Office.context.mailbox.item, Office, report.findings.find((finding) => finding.rule === 'bulk-exposure').fix)
  assert.deepEqual(state.to.map((r) => r.emailAddress), ['reception.meadowbank@nhs.net'])
  assert.deepEqual(state.bcc.map((r) => r.emailAddress), ['jane.doe@gmail.com', 'bob.roe@hotmail.co.uk'])
  assert.equal(state.bcc[0].displayName, 'Jane Doe', 'display names travel with the address')
  assert.deepEqual(await send(), { allowEvent: true })
})

test('subject, address and footer fixes edit the item as Office.js would', async () => {
  const draft = {
    from: 'reception.meadowbank@nhs.net',
    to: ['Dr Other <am.other@nhs.net>'],
    cc: ['jane.doe@gmail.com'],
    subject: 'Your letter NHS number 943 476 5919',
    body: { html: '<html><body><p>Dear Jane,</p><div id="appendonsend"></div><hr><div id="divRplyFwdMsg">From: Jane</div></body></html>' },
  }
  const { Office, state, addin, send } = addinFor(draft, { served: JSON.stringify({ known_contacts: ['an.other@nhs.net'] }) })
  for (const rule of ['near-miss-recipient', 'pid-insecure', 'missing-footer']) {
    const { report } = await addin.checkItem()
    const finding = report.findings.find((candidate) => candidate.rule === rule)
    assert.ok(finding?.fix, `${rule} offers a fix`)
    await applyFix(Office.context.mailbox.item, Office, finding.fix)
  }
  assert.equal(state.to[0].emailAddress, 'an.other@nhs.net')
  assert.equal(state.to[0].displayName, 'Dr Other')
  assert.match(state.subject, /^\[secure\] Your letter/)
  assert.ok(state.html.indexOf('confidential') < state.html.indexOf('appendonsend'), 'the footer goes above the quoted history')
  const { report } = await addin.checkItem()
  assert.deepEqual(report.findings.map((finding) => finding.rule), ['pid-in-subject'], 'only the subject number is left')
  assert.equal((await send()).sendModeOverride, PROMPT_USER, 'a warning is all that is left')
})

test('a recipient remembered at send time is known in the task pane, through roaming settings', async () => {
  const roaming = fakeRoamingSettings()
  const first = addinFor({ from: 'a@nhs.net', to: ['d.okafor@nhs.net'], subject: 'Notes', body: { text: FOOTER } }, { roaming })
  assert.deepEqual(await first.send(), { allowEvent: true })
  // The task pane: another runtime (no OfficeRuntime.storage there), the same mailbox.
  const pane = fakeOffice({ from: 'a@nhs.net', to: ['d.okafro@nhs.net'], subject: 'Notes', body: { text: FOOTER } }, { roaming })
  const addin = createAddin({ presend, source: () => wasm, builtInPolicy: null, origin: ORIGIN, Office: pane.Office, root: { fetch: host().fetch, setTimeout, clearTimeout } })
  const { report } = await addin.checkItem()
  const miss = report.findings.find((finding) => finding.rule === 'near-miss-recipient')
  assert.match(miss.message, /d\.okafro@nhs\.net is not one of your contacts, but is one letter away from d\.okafor@nhs\.net/)
})

test('remembered recipients keep within Outlook\'s 32 KB of roaming settings, most recent kept', async () => {
  const many = Array.from({ length: 3000 }, (_, i) => `patient.number${i}@example-mail.co.uk`)
  const kept = mostRecentThatFit(many)
  assert.ok(JSON.stringify(kept).length <= MAX_REMEMBERED_CHARS)
  assert.equal(kept.at(-1), many.at(-1))
  const roaming = fakeRoamingSettings()
  const { send } = addinFor({ from: 'a@nhs.net', to: many.slice(0, 1500), subject: 'Notes', body: { text: FOOTER } }, { roaming, served: '{"max_visible_external": 5000, "rules": {"bulk-exposure": "off"}}' })
  assert.deepEqual(await send(), { allowEvent: true })
  assert.ok(roaming.saved.get('presend_sent_recipients').length > 100, 'saved within the limit rather than refused')
})

test('the practice policy is read from the add-in\'s origin at run time and kept as the last good copy', async () => {
  const storage = new Map()
  const served = JSON.stringify({ organisation_domains: ['meadowbank-practice.co.uk'] })
  const inside = { from: 'reception@meadowbank-practice.co.uk', to: ['gp1@meadowbank-practice.co.uk', 'gp2@meadowbank-practice.co.uk'], subject: 'Rota', body: { text: `Rota attached.\n\n${FOOTER}` } }
  const withPolicy = addinFor(inside, { served, storage })
  assert.deepEqual(await withPolicy.send(), { allowEvent: true }, 'the served policy makes the practice domain internal')
  assert.deepEqual(withPolicy.web.asked, [`${ORIGIN}/policy.json`], 'an absolute URL: the JavaScript-only runtime has no page to resolve against')
  // The host is down next time: the last good copy is the practice's policy, used quietly.
  assert.deepEqual(await addinFor(inside, { served: new Error('network down'), storage }).send(), { allowEvent: true })
})

test('a missing, invalid or unreachable policy falls back visibly, never silently weaker', async () => {
  const inside = { from: 'reception@meadowbank-practice.co.uk', to: ['gp1@meadowbank-practice.co.uk'], subject: 'Rota', body: { text: `Rota attached.\n\n${FOOTER}` } }
  const builtInPolicy = JSON.stringify({ organisation_domains: ['meadowbank-practice.co.uk'] })
  const missing = await addinFor(inside, { served: 404, builtInPolicy }).send()
  assert.equal(missing.sendModeOverride, PROMPT_USER)
  assert.match(missing.errorMessage, /The practice policy \(policy\.json\) is missing from the add-in's web host \(HTTP 404\)\. presend is checking with its built-in settings/)
  const invalid = await addinFor(inside, { served: '{"rules": {"txtspeak": "off"}}', builtInPolicy }).send()
  assert.match(invalid.errorMessage, /is not valid: invalid policy at `rules\.txtspeak`: unknown rule `txtspeak`; did you mean `textspeak`\?.*tell your practice manager/)
  assert.match(invalid.errorMessageMarkdown, /^- Note: The practice policy/m)
  const unreachable = await addinFor(inside, { served: new Error('no answer in 3 s'), builtInPolicy }).send()
  assert.match(unreachable.errorMessage, /could not be fetched \(no answer in 3 s\)\. presend is checking with its built-in settings/)
  // An invalid policy after a good one: the last good copy, still with the note.
  const storage = new Map()
  await addinFor(inside, { served: builtInPolicy, storage }).send()
  const stale = await addinFor(inside, { served: '{"max_visible_external": "two"}', storage }).send()
  assert.match(stale.errorMessage, /`max_visible_external`.*presend is checking with the last good copy of the practice policy/)
  // On a 1.12 client the note, like a warning, is sent past with a second Send.
  const old = addinFor(inside, { served: 404, mailboxVersion: '1.12' })
  assert.match((await old.send()).errorMessage, /select Send again\.$/)
  assert.deepEqual(await old.send(), { allowEvent: true })
})

test("in the browser runtimes an attachment's bytes are read, and a cloud link is reported unread", async () => {
  // The Word letter of a fixture (made by presend's Rust tests), with an NHS number inside.
  const eml = readFileSync(new URL('../../../fixtures/pid-insecure/fires/docx-letter-nhs-number-to-btinternet.eml', import.meta.url), 'latin1')
  const letter = /filename="Letter\.docx"[\s\S]*?\r\n\r\n([A-Za-z0-9+/=\r\n]+?)\r\n--/.exec(eml)[1].replace(/\s/g, '')
  const note = {
    from: 'Meadowbank Reception <reception.meadowbank@nhs.net>',
    to: ['Margaret Hughes <margaret.hughes@btinternet.com>'],
    subject: 'Your letter',
    body: { text: `Dear Mrs Hughes,\n\nYour letter is attached.\n\n${FOOTER}\n` },
  }
  const withLetter = { ...note, attachments: [{ name: 'Letter.docx', size: 2000, content_base64: letter }] }
  const read = await addinFor(withLetter, { readAttachments: true }).send()
  assert.equal(read.allowEvent, false)
  assert.match(read.errorMessage, /NHS number/, 'the NHS number inside the letter blocks it')
  assert.deepEqual(await addinFor(withLetter).send(), { allowEvent: true }, 'the lean runtime passes names only')
  const cloud = await addinFor({ ...note, attachments: [{ name: 'Letter.pdf', size: 2000, unread: 'unavailable' }] }, { readAttachments: true }).send()
  assert.match(cloud.errorMessage, /could not read the attachment/)
})

