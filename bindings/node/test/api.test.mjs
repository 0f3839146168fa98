// The package's API as a Node program uses it: errors, options, async, workers.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Worker } from 'node:worker_threads'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const presend = require('..')
const { Checker, rules, version } = presend

const LIMIT = 64 * 1024 * 1024
const draft = {
  from: 'Reception <reception.meadowbank@nhs.net>',
  to: ['jane.doe@gmail.com', { name: 'Bob Roe', address: 'bob.roe@hotmail.co.uk' }],
  subject: 'Flu clinic',
  body: { text: 'Dear all, NHS number 943 476 5919. See u Saturday.' },
}

test('version and rules describe the package', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  assert.equal(version(), pkg.version)
  const list = rules()
  const ids = list.map((rule) => rule.id)
  assert.ok(ids.includes('near-miss-recipient') && ids.includes('pid-insecure'))
  assert.equal(new Set(ids).size, ids.length)
  assert.ok(list.every((rule) => ['info', 'warn', 'block'].includes(rule.default_severity) && rule.guidance.length > 0))
})

test('a report has string enums and the CLI JSON member names', () => {
  const report = new Checker().check(draft)
  assert.equal(report.verdict, 'block')
  const textspeak = report.findings.find((finding) => finding.rule === 'textspeak')
  assert.equal(textspeak.severity, 'warn')
  assert.equal(textspeak.field, 'body')
  assert.equal(draft.body.text.slice(textspeak.span.utf16_start, textspeak.span.utf16_end), 'u')
  assert.equal(textspeak.fix.kind, 'replace-text')
  assert.equal(textspeak.fix.applicability, 'needs-review')
  const bulk = report.findings.find((finding) => finding.rule === 'bulk-exposure')
  assert.equal(bulk.fix.kind, 'move-to-bcc')
  assert.equal(bulk.fix.applicability, 'safe')
  assert.deepEqual(bulk.fix.addresses, ['jane.doe@gmail.com', 'bob.roe@hotmail.co.uk'])
  assert.ok(!('safe' in bulk.fix) && !('replacement' in bulk.fix), 'only the kind\'s own members')
})

test('each fix carries the applicability its rule declares', () => {
  const declared = new Map(rules().map((rule) => [rule.id, rule.fix]))
  assert.deepEqual(new Set(declared.values()), new Set(['none', 'safe', 'needs-review']))
  const findings = new Checker().check(draft).findings.filter((finding) => finding.fix)
  assert.ok(findings.length >= 2)
  for (const finding of findings) assert.equal(finding.fix.applicability, declared.get(finding.rule), finding.rule)
})

test('the benchmarks\' native baselines are not in the published package', () => {
  const checker = new Checker()
  assert.equal(checker.nativeNanosPerCheck, undefined)
  assert.equal(checker.nativeNanosPerJsonCheck, undefined)
})

test('patient data is masked unless asked for', () => {
  const checker = new Checker()
  assert.ok(!JSON.stringify(checker.check(draft)).includes('943 476 5919'))
  assert.ok(JSON.stringify(checker.check(draft, { showPid: true })).includes('943 476 5919'))
})

test('a bad policy throws an Error naming the key', () => {
  assert.throws(() => new Checker({ rules: { txtspeak: 'off' } }), /rules\.txtspeak.*did you mean `textspeak`/)
  assert.throws(() => new Checker('{"secure_domains": ["@nhs.net"]}'), /secure_domains\[0\]/)
  assert.throws(() => new Checker({ secure_domain: [] }), /secure_domain/)
  assert.throws(() => new Checker(42), /invalid policy/)
  assert.throws(() => new Checker('{'), /invalid policy/)
})

test('wrong types and bad drafts throw clear errors', () => {
  const checker = new Checker()
  assert.throws(() => checker.check({ subjct: 'x' }), /subjct/)
  assert.throws(() => checker.check({ to: [{ address: 'a@b.com', nmae: 'x' }] }), /to\[0\]\.nmae/)
  assert.throws(() => checker.check(42), /invalid draft/)
  assert.throws(() => checker.check('not json'), /invalid draft/)
  assert.throws(() => checker.checkMime(42))
  assert.throws(() => checker.checkMime(Buffer.alloc(0)), /no email message/)
  // A draft given as an object is located by its path, not by a place in text never seen.
  assert.throws(() => checker.check({ subject: 5 }), (error) => /`subject`/.test(error.message) && !/line/.test(error.message))
})

test('a draft JavaScript cannot write as JSON is refused, and the promise rejects', async () => {
  const checker = new Checker()
  const cyclic = { subject: 'x' }
  cyclic.self = cyclic
  assert.throws(() => checker.check({ subject: 1n }), /must be an object or a JSON string.*BigInt/)
  await assert.rejects(checker.checkAsync(cyclic), /must be an object or a JSON string/)
})

test('oversized input is refused with the limit named', () => {
  const checker = new Checker()
  assert.throws(() => checker.checkMime(Buffer.alloc(LIMIT + 1)), /over the limit/)
  assert.throws(() => checker.check({ body: { text: 'x'.repeat(LIMIT + 1) } }), /over the limit/)
})

test('100 concurrent async checks agree with the synchronous one', async () => {
  const checker = new Checker()
  const expected = checker.check(draft)
  const message = Buffer.from(
    'From: reception.meadowbank@nhs.net\r\nTo: a@gmail.com, b@gmail.com\r\nSubject: Hi\r\n\r\nthx\r\n',
  )
  const expectedMime = checker.checkMime(message)
  const results = await Promise.all(
    Array.from({ length: 100 }, (_, i) => (i % 2 ? checker.checkAsync(draft) : checker.checkMimeAsync(message))),
  )
  results.forEach((report, i) => assert.deepStrictEqual(report, i % 2 ? expected : expectedMime))
  await assert.rejects(checker.checkAsync({ subjct: 'x' }), /subjct/)
})

test('the addon loads and checks inside a worker thread', async () => {
  const source = `
    const { parentPort, workerData } = require('node:worker_threads')
    const { Checker } = require(workerData.path)
    parentPort.postMessage(new Checker().check(workerData.draft))`
  const path = require.resolve('..')
  const report = await new Promise((resolve, reject) => {
    const worker = new Worker(source, { eval: true, workerData: { path, draft } })
    worker.once('message', resolve)
    worker.once('error', reject)
  })
  assert.deepStrictEqual(report, JSON.parse(JSON.stringify(new Checker().check(draft))))
})
