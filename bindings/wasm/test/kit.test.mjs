// The add-in kit both add-ins build from (addin-kit.js): shown findings and their
// words, fixes that are one click, edits at UTF-16 spans, remembered recipients, and a
// checker made once, again after a failure, and freed when replaced.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import * as kit from '../addin-kit.js'

test('findings are shown with their badge and place; info is not shown', () => {
  const report = {
    findings: [
      { severity: 'block', field: 'to', address: 'am.other@nhs.net', fix: { kind: 'replace-address' } },
      { severity: 'warn', field: 'body', fix: { kind: 'rewrite-everything' } },
      { severity: 'info', field: 'subject' },
    ],
  }
  const shown = kit.shownFindings(report)
  assert.deepEqual(shown.map(kit.badgeOf), ['Must fix', 'Check'])
  assert.deepEqual(shown.map(kit.placeOf), ['To: am.other@nhs.net', 'Message'])
  assert.deepEqual(report.findings.map(kit.isFixable), [true, false, false])
})

test('a fix that needs review asks the sender to check it; a safe one is its title', () => {
  assert.equal(kit.fixLabel({ title: 'Move 2 recipients to Bcc', applicability: 'safe' }), 'Move 2 recipients to Bcc')
  assert.equal(
    kit.fixLabel({ title: 'Send to an.other@nhs.net instead', applicability: 'needs-review' }),
    'Send to an.other@nhs.net instead (check it is right first)',
  )
  assert.match(kit.fixLabel({ title: 'Something new', applicability: 'someday' }), /check it is right first/)
})

test('edits count UTF-16 units, as presend\'s spans do for JavaScript hosts', () => {
  const subject = 'Flu 🩺 clinic 2moro'
  const at = subject.indexOf('2moro')
  assert.equal(kit.spliceUtf16(subject, { utf16_start: at, utf16_end: at + 5 }, 'tomorrow'), 'Flu 🩺 clinic tomorrow')
  assert.equal(kit.insertPlainText('Hello.\n> quoted', { utf16_start: 6 }, 'FOOTER'), 'Hello.\n\nFOOTER\n\n> quoted')
  assert.equal(kit.escapeHtml('<b>"A&B"</b>'), '&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;')
  const html = '<p>🩺</p><blockquote>old</blockquote>'
  const quote = html.indexOf('<blockquote')
  assert.equal(kit.insertHtmlParagraph(html, { text: 'A<B', html_at: { utf16_start: quote } }), '<p>🩺</p><p>A&lt;B</p><blockquote>old</blockquote>')
  assert.equal(kit.insertHtmlParagraph(html, { text: 'x' }), null, 'no place given: no guess')
  assert.equal(kit.insertHtmlParagraph('<p>short</p>', { text: 'x', html_at: { utf16_start: quote } }), null, 'a place past the end is for another body')
  assert.equal(kit.insertHtmlParagraph('<p>edited since</p><blockquote>', { text: 'x', html_at: { utf16_start: quote } }), null, 'never inside a tag or a word')
})

test('a finding is found again in a later report by rule, place and fix, in order', () => {
  const finding = (rule, address, kind = 'replace-address') => ({ rule, field: 'to', address, fix: { kind } })
  const before = { findings: [finding('near-miss-recipient', 'am.other@nhs.net'), finding('txtspeak', undefined, 'replace-text'), finding('txtspeak', undefined, 'replace-text')] }
  const now = { findings: [finding('txtspeak', undefined, 'replace-text'), finding('txtspeak', undefined, 'replace-text'), finding('near-miss-recipient', 'am.other@nhs.net')] }
  assert.equal(kit.sameFindingIn(now, before, before.findings[0]), now.findings[2])
  assert.equal(kit.sameFindingIn(now, before, before.findings[2]), now.findings[1])
  assert.equal(kit.sameFindingIn({ findings: [now.findings[0]] }, before, before.findings[2]), undefined, 'fixed since')
  assert.equal(kit.sameFindingIn(now, before, finding('near-miss-recipient', 'x@nhs.net')), undefined)
})

test('remembered recipients keep the most recent, once each, within the cap', () => {
  assert.deepEqual(kit.remember(['a', 'b', 'c'], ['a', 'd'], 3), ['c', 'a', 'd'])
})

test('the checker is made once, again after a failure or when too old, and the old one freed', async () => {
  let clock = 0
  const freed = []
  let made = 0
  let fail = true
  const make = async () => {
    const id = ++made
    if (fail) throw new Error('could not load')
    return { id, free: () => freed.push(id) }
  }
  const cached = kit.cachedChecker(make, { maxAgeMs: 100, now: () => clock })
  await assert.rejects(cached.get(), /could not load/)
  await Promise.resolve()
  fail = false
  const first = await cached.get()
  assert.equal(first.id, 2, 'a failure is tried again at the next use')
  assert.equal(await cached.get(), first, 'and then kept')
  clock = 101
  const second = await cached.get()
  assert.equal(second.id, 3, 'made again once older than maxAgeMs')
  await Promise.resolve()
  assert.deepEqual(freed, [2], 'the replaced checker is freed')
  cached.invalidate()
  assert.equal((await cached.get()).id, 4)
})
