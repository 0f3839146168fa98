// The add-in's behaviour through Office.js (the faithful stand-in): one-click fixes
// change the item as Office.js would and the re-check clears them; a checker that
// cannot load never lets mail through in silence; remembered recipients become known
// contacts; long reports fit Outlook's alert.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

import * as presend from '../../wasm/presend.js'
import { createAddin } from '../src/addin.js'
import { applyFix } from '../src/fixes.js'
import { completedFor, MAX_ALERT } from '../src/alert.js'
import { fakeOffice, send } from './fake-office.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const wasm = readFileSync(join(here, '..', '..', 'wasm', 'presend.wasm'))
before(() => presend.init(wasm))

const FOOTER =
  'CONFIDENTIALITY: This email and any attachments are confidential and intended solely for the named recipient. If you are not the intended recipient, please tell the sender and delete it.'

function memoryStore() {
  const stored = new Map()
  return { getItem: async (key) => stored.get(key) ?? null, setItem: async (key, value) => stored.set(key, value) }
}

function addinFor(draft, { policy = null, store = memoryStore(), loader = presend } = {}) {
  const fake = fakeOffice(draft)
  const addin = createAddin({ presend: loader, source: () => wasm, policy, Office: fake.Office, store })
  fake.Office.actions.associate('onMessageSendHandler', addin.onMessageSend)
  return { ...fake, addin, store }
}

const flu = {
  from: 'Meadowbank Reception <reception.meadowbank@nhs.net>',
  to: ['Jane Doe <jane.doe@gmail.com>', 'bob.roe@hotmail.co.uk'],
  subject: 'Flu clinic on Saturday',
  body: { text: `Dear all,\n\nThe flu clinic is on Saturday.\n\n${FOOTER}\n` },
}

test('a blocked send moves to Bcc in one click, and then goes', async () => {
  const { Office, handlers, state, addin } = addinFor(flu)
  const stopped = await send(handlers)
  assert.equal(stopped.allowEvent, false)
  assert.match(stopped.errorMessage, /^presend stopped this email\. 2 people outside the practice/)
  assert.match(stopped.errorMessageMarkdown, /\*\*Must fix:\*\*/)
  const { report } = await addin.checkItem()
  const fix = report.findings.find((finding) => finding.rule === 'bulk-exposure').fix
  await applyFix(Office.context.mailbox.item, Office, fix)
  assert.deepEqual(state.to.map((r) => r.emailAddress), ['reception.meadowbank@nhs.net'])
  assert.deepEqual(state.bcc.map((r) => r.emailAddress), ['jane.doe@gmail.com', 'bob.roe@hotmail.co.uk'])
  assert.equal(state.bcc[0].displayName, 'Jane Doe', 'display names travel with the address')
  assert.deepEqual(await send(handlers), { allowEvent: true })
})

test('subject, address and footer fixes edit the item as Office.js would', async () => {
  const policy = JSON.stringify({ known_contacts: ['an.other@nhs.net'] })
  const draft = {
    from: 'reception.meadowbank@nhs.net',
    to: ['Dr Other <am.other@nhs.net>'],
    cc: ['jane.doe@gmail.com'],
    subject: 'Your letter NHS number 943 476 5919',
    body: { html: '<html><body><p>Dear Jane,</p><div id="appendonsend"></div><hr><div id="divRplyFwdMsg">From: Jane</div></body></html>' },
  }
  const { Office, handlers, state, addin } = addinFor(draft, { policy })
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
  const completed = await send(handlers)
  assert.equal(completed.allowEvent, false)
})

test('a checker that cannot load stops the send with an explanation', async () => {
  const broken = { init: async () => { throw new Error('WebAssembly.instantiate: out of memory') }, createChecker: () => null }
  const { handlers } = addinFor(flu, { loader: broken })
  const completed = await send(handlers)
  assert.equal(completed.allowEvent, false)
  assert.match(completed.errorMessage, /presend could not check this email \(WebAssembly.instantiate: out of memory\)/)
  const badPolicy = addinFor(flu, { policy: '{"rules": {"txtspeak": "off"}}' })
  assert.match((await send(badPolicy.handlers)).errorMessage, /rules\.txtspeak/)
})

test('recipients of allowed sends become known contacts for near misses', async () => {
  const store = memoryStore()
  const first = addinFor({ from: 'a@nhs.net', to: ['d.okafor@nhs.net'], subject: 'Notes', body: { text: FOOTER } }, { store })
  assert.deepEqual(await send(first.handlers), { allowEvent: true })
  const later = addinFor({ from: 'a@nhs.net', to: ['d.okafro@nhs.net'], subject: 'Notes', body: { text: FOOTER } }, { store })
  const completed = await send(later.handlers)
  assert.equal(completed.allowEvent, false)
  assert.match(completed.errorMessage, /d\.okafro@nhs\.net is not one of your contacts/)
})

test('alerts fit Outlook and older clients get what they support', () => {
  const long = { findings: Array.from({ length: 30 }, () => ({ severity: 'warn', message: 'x'.repeat(120) })) }
  const options = completedFor(long, { markdown: true })
  assert.ok(options.errorMessage.length <= MAX_ALERT && options.errorMessageMarkdown.length <= MAX_ALERT)
  assert.match(options.errorMessage, /29 more problems/)
  const old = completedFor(long, { markdown: false, taskPane: false })
  assert.equal(old.errorMessageMarkdown, undefined)
  assert.equal(old.commandId, undefined)
  assert.deepEqual(completedFor({ findings: [{ severity: 'info', message: 'm' }] }), { allowEvent: true })
})
