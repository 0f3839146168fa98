// The handler bundle as classic Outlook runs it: parsed as ES2016, then run in a Node vm
// context holding only what the JavaScript-only runtime promises: no DOM, no
// WebAssembly, no TextEncoder, no localStorage, and none of the built-ins newer than
// ES2016 (Object.values/entries/getOwnPropertyDescriptors/fromEntries, padStart,
// trimStart, replaceAll, flat, at, Promise.prototype.finally, allSettled, globalThis, …).
// Each fixture's practice policy is served as policy.json. Over every draft fixture, on a
// Mailbox 1.15 client and on a 1.12-only one (through the strict Office.js stand-in),
// the bundle's report equals the native build's golden report and its decision follows:
// allowed when nothing needs attention; a block stopped under SoftBlock; warnings
// stopped with Send Anyway (1.15) or let through at the second Send (1.12).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import vm from 'node:vm'
import { readFileSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as acorn from 'acorn'
import { fakeOffice, fakeRoamingSettings } from './fake-office.mjs'
import { CONTROLS } from './manifest-controls.mjs'
import { fixtureInputs, policyPathFor, patientListFor, expectedFor } from '../../fixtures.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const bundlePath = join(here, '..', 'dist', 'launchevent.js')

/** Built-ins newer than ES2016, by where they live in a realm. */
const NEWER_THAN_ES2016 = {
  Object: ['values', 'entries', 'getOwnPropertyDescriptors', 'fromEntries', 'hasOwn'],
  'String.prototype': ['padStart', 'padEnd', 'trimStart', 'trimEnd', 'trimLeft', 'trimRight', 'replaceAll', 'matchAll', 'at'],
  'Array.prototype': ['flat', 'flatMap', 'at', 'findLast', 'findLastIndex'],
  'Promise.prototype': ['finally'],
  Promise: ['allSettled', 'any'],
}

/** A context like classic Outlook's JavaScript-only runtime, serving `policy` as policy.json, with the bundle loaded. */
export function jsRuntime(policy, Office) {
  const stored = new Map()
  const context = vm.createContext({
    Office,
    OfficeRuntime: { storage: { getItem: async (key) => stored.get(key) ?? null, setItem: async (key, value) => void stored.set(key, value) } },
    fetch: async () => ({ ok: true, status: 200, text: async () => policy }),
    console,
    setTimeout,
    clearTimeout,
  })
  const deletions = Object.entries(NEWER_THAN_ES2016).flatMap(([owner, names]) => names.map((name) => `delete ${owner}.${name};`))
  vm.runInContext(`${deletions.join('\n')}\ndelete globalThis.WebAssembly; delete globalThis.TextEncoder; delete globalThis.TextDecoder; delete globalThis.globalThis;`, context)
  vm.runInContext(readFileSync(bundlePath, 'utf8'), context, { filename: 'launchevent.js' })
  return context
}

const plain = (value) => JSON.parse(JSON.stringify(value))

function draftFixturesByPolicy() {
  const groups = new Map()
  for (const path of fixtureInputs()) {
    // The add-ins never hold a patient list (it is patient data, never fetched from
    // their web host): wrong-patient's fixtures are the CLI's, C's and Node's to check.
    if (!path.endsWith('.draft.json') || patientListFor(path)) continue
    const policyPath = policyPathFor(path)
    if (!groups.has(policyPath)) groups.set(policyPath, [])
    groups.get(policyPath).push(path)
  }
  return groups
}

test('the handler bundle is ES2016 syntax', () => {
  const source = readFileSync(bundlePath, 'utf8')
  assert.doesNotThrow(() => acorn.parse(source, { ecmaVersion: 2016, sourceType: 'script' }))
  assert.throws(() => acorn.parse('let x = a ?? b', { ecmaVersion: 2016 }), 'acorn refuses newer syntax')
})

test('the stand-in runtime really lacks the newer built-ins', () => {
  const { Office } = fakeOffice({})
  const context = jsRuntime('{}', Office)
  assert.equal(vm.runInContext('typeof Object.getOwnPropertyDescriptors + typeof [].at + typeof Promise.prototype.finally + typeof WebAssembly + typeof globalThis', context), 'undefinedundefinedundefinedundefinedundefined')
  assert.equal(context.presendAddin.core, 'wasm2js')
})

for (const mailboxVersion of ['1.15', '1.12']) {
  test(`Mailbox ${mailboxVersion}: in the JavaScript-only runtime, reports equal the native build's and decisions follow them`, async () => {
    let compared = 0
    for (const [policyPath, paths] of draftFixturesByPolicy()) {
      const fake = fakeOffice({}, { mailboxVersion, controls: CONTROLS })
      const context = jsRuntime(readFileSync(policyPath, 'utf8'), fake.Office)
      for (const path of paths) {
        const draft = JSON.parse(readFileSync(path, 'utf8'))
        const expected = expectedFor(path)
        assert.deepStrictEqual(plain(await context.presendAddin.check(draft)), expected, path)
        fake.load(draft)
        fake.Office.context.roamingSettings = fakeRoamingSettings()
        const shown = expected.findings.filter((finding) => finding.severity === 'warn' || finding.severity === 'block')
        const completed = plain(await fake.send()) // made in the runtime's realm
        if (shown.length === 0) {
          assert.deepEqual(completed, { allowEvent: true }, path)
        } else {
          const blocked = shown.some((finding) => finding.severity === 'block')
          assert.equal(completed.allowEvent, false, path)
          assert.ok(completed.errorMessage.includes(shown[0].message.slice(0, 60)), `${path}: ${completed.errorMessage}`)
          if (blocked) {
            assert.equal(completed.sendModeOverride, undefined, `${path}: a block stays under SoftBlock`)
            assert.equal((await fake.send()).allowEvent, false, `${path}: a block stops the second Send too`)
          } else if (mailboxVersion === '1.15') {
            assert.equal(completed.sendModeOverride, 'promptUser', `${path}: warnings offer Send Anyway`)
          } else {
            assert.deepEqual(plain(await fake.send()), { allowEvent: true }, `${path}: warnings go at the second Send`)
          }
          if (mailboxVersion === '1.15') assert.equal(completed.commandId, 'presendShowTaskPane')
        }
        compared++
      }
    }
    assert.ok(compared >= 50, `only ${compared} drafts`)
  })
}

test('in the JavaScript-only runtime, memory is reserved once: a draft that grows it is checked as natively, one past it fails openly', async () => {
  // wasm2js replaced its memory views when memory grew, and read through a view it had
  // taken before the call that grew it: a report then held bytes of the old memory.
  const presend = await import('../../wasm/presend.js')
  await presend.init(readFileSync(join(here, '..', '..', 'wasm', 'presend.wasm')))
  const policy = readFileSync(join(here, '..', '..', '..', 'fixtures', 'policy.json'), 'utf8')
  const line = 'Dear Jane, your blood test results are back. NHS number 943 476 5919. thx, c u 2moro\n'
  const draftOf = (bytes) => ({ from: 'reception@meadowbank-practice.nhs.uk', to: ['jane.doe@gmail.com'], subject: 'Results', body: { text: line.repeat(Math.ceil(bytes / line.length)) } })

  const { Office } = fakeOffice({})
  const context = jsRuntime(policy, Office)
  const grown = draftOf(2 * 1024 * 1024) // about 20 MB of memory, from 1.5 MB at the start
  const native = presend.createChecker(policy).check(grown)
  assert.ok(native.findings.length > 3)
  assert.deepStrictEqual(plain(await context.presendAddin.check(grown)), plain(native))

  const tooBig = draftOf(12 * 1024 * 1024) // over 64 MiB of memory
  await assert.rejects(context.presendAddin.check(tooBig), 'past the reservation the check fails, and the handler says the message was not checked')
})
