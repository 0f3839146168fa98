// presend.wasm through presend.js, in Node: the shared fixtures give exactly the
// reports the native build gives (their .expected.json), and the loader's API
// behaves as the Node package's does.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

import { init, createChecker, rules, parseContacts } from '../presend.js'
import * as presend from '../presend.js'
import { fixtureInputs, policyPathFor, patientListFor, checkerOptionsFor, expectedFor } from '../../fixtures.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const wasmPath = join(here, '..', 'presend.wasm')

before(async () => {
  await init(readFileSync(wasmPath))
})

test('the module imports nothing from its host', () => {
  const module = new WebAssembly.Module(readFileSync(wasmPath))
  assert.deepEqual(WebAssembly.Module.imports(module), [])
})

test('every fixture gives the native report', () => {
  const checkers = new Map()
  const differences = []
  let compared = 0
  for (const path of fixtureInputs()) {
    const policyPath = policyPathFor(path)
    const key = `${policyPath} ${patientListFor(path)}`
    if (!checkers.has(key)) checkers.set(key, createChecker(readFileSync(policyPath, 'utf8'), checkerOptionsFor(path)))
    const checker = checkers.get(key)
    const report = path.endsWith('.eml')
      ? checker.checkMime(readFileSync(path))
      : checker.check(readFileSync(path, 'utf8'))
    const expected = expectedFor(path)
    try {
      assert.deepStrictEqual(report, expected)
    } catch (error) {
      differences.push(`${path}\n${error.message}`)
    }
    compared++
  }
  for (const checker of checkers.values()) checker.free()
  assert.ok(compared > 200, `only ${compared} fixtures found`)
  assert.deepStrictEqual(differences, [])
})

test('version and rules', () => {
  const cargo = readFileSync(join(here, '..', '..', '..', 'Cargo.toml'), 'utf8')
  assert.equal(presend.version, cargo.match(/^version = "(.*)"/m)[1])
  const ids = rules().map((rule) => rule.id)
  assert.ok(ids.includes('bulk-exposure') && ids.includes('marketing-opt-out'))
})

test('errors name the key or field and carry the status', () => {
  assert.throws(() => createChecker({ rules: { txtspeak: 'off' } }), (error) => {
    assert.match(error.message, /rules\.txtspeak.*did you mean `textspeak`/)
    assert.equal(error.status, 'PRESEND_INVALID_POLICY')
    return true
  })
  const checker = createChecker()
  assert.throws(() => checker.check({ to: [{ address: 'a@b.com', nmae: 'x' }] }), /to\[0\]\.nmae/)
  assert.throws(() => checker.check('not json'), (error) => error.status === 'PRESEND_INVALID_DRAFT')
  assert.throws(() => checker.checkMime(new Uint8Array(0)), (error) => error.status === 'PRESEND_INVALID_MESSAGE')
  assert.throws(() => checker.checkMime(new Uint8Array(64 * 1024 * 1024 + 1)), /over the limit/)
  checker.free()
  assert.throws(() => checker.check({}), /freed/)
})

test('patient data is masked unless asked for, and spans count UTF-16', () => {
  const checker = createChecker()
  const draft = { to: ['jane.doe@gmail.com'], body: { text: 'Café 😀 NHS number 943 476 5919, see u soon' } }
  const masked = checker.check(draft)
  assert.ok(!JSON.stringify(masked).includes('943 476 5919'))
  assert.ok(JSON.stringify(checker.check(draft, { showPid: true })).includes('943 476 5919'))
  const u = masked.findings.find((finding) => finding.rule === 'textspeak')
  assert.equal(draft.body.text.slice(u.span.utf16_start, u.span.utf16_end), 'u')
  checker.free()
})

test('memory is reused, not leaked, across many checks', () => {
  const checker = createChecker()
  const draft = { from: 'a@gmail.com', to: ['b@gmail.com', 'c@gmail.com'], body: { text: 'thx '.repeat(1000) } }
  for (let i = 0; i < 50; i++) checker.check(draft)
  const settled = presend.memoryBytes()
  for (let i = 0; i < 2000; i++) checker.check(draft)
  assert.equal(presend.memoryBytes(), settled, 'memory grew: something is not freed')
  checker.free()
})

test('contacts exports are read by the core reader', () => {
  const vcard = 'BEGIN:VCARD\r\nVERSION:4.0\r\nEMAIL;PREF=1:Jane.Doe@gmail.com\r\nEND:VCARD\r\n'
  assert.deepEqual(parseContacts(vcard, 'vcard'), ['Jane.Doe@gmail.com'])
  assert.deepEqual(parseContacts('Name,E-mail Address\nJane,jane.doe@gmail.com\n', 'csv'), ['jane.doe@gmail.com'])
  assert.throws(() => parseContacts('[1]', 'json'), (error) => error.status === 'PRESEND_INVALID_CONTACTS' && /JSON contacts at/.test(error.message))
  assert.throws(() => parseContacts('', 'ldif'), /unknown contacts format ldif/)
})
