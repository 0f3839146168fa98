// The handler bundle as classic Outlook runs it: parsed as ES2016, then run in a Node
// vm context holding only what the JavaScript-only runtime offers (no DOM, no
// TextEncoder, no fetch), once with WebAssembly and once without (the wasm2js path).
// Over the shared fixtures' drafts, its findings equal the native build's, and its
// decisions follow them.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import vm from 'node:vm'
import { readFileSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'
import * as acorn from 'acorn'
import { fakeOffice, send } from './fake-office.mjs'
import { fixtureInputs } from '../../fixtures.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const bundlePath = join(here, '..', 'dist', 'launchevent.js')
const native = new (createRequire(import.meta.url)('../../node').Checker)()

function* drafts() {
  for (const path of fixtureInputs()) {
    if (path.endsWith('.draft.json')) yield { path, draft: JSON.parse(readFileSync(path, 'utf8')) }
  }
}
const plain = (value) => JSON.parse(JSON.stringify(value))
const attention = (report) => report.findings.some((finding) => finding.severity !== 'info')

/** A context like classic Outlook's JavaScript-only runtime, with the bundle loaded. */
function jsRuntime({ webAssembly }) {
  const { Office, handlers } = fakeOffice({})
  const stored = new Map()
  const context = vm.createContext({
    Office,
    OfficeRuntime: { storage: { getItem: async (key) => stored.get(key) ?? null, setItem: async (key, value) => stored.set(key, value) } },
    console,
    setTimeout,
    clearTimeout,
  })
  if (!webAssembly) vm.runInContext('delete globalThis.WebAssembly', context)
  vm.runInContext(readFileSync(bundlePath, 'utf8'), context, { filename: 'launchevent.js' })
  return { context, Office, handlers }
}

test('the handler bundle is ES2016', () => {
  const source = readFileSync(bundlePath, 'utf8')
  assert.doesNotThrow(() => acorn.parse(source, { ecmaVersion: 2016, sourceType: 'script' }))
  assert.throws(() => acorn.parse('let x = a ?? b', { ecmaVersion: 2016 }), 'acorn refuses newer syntax')
})

for (const webAssembly of [true, false]) {
  const core = webAssembly ? 'wasm' : 'wasm2js'
  test(`in the JavaScript-only runtime via ${core}, findings equal native and decisions follow them`, async () => {
    const { context, Office, handlers } = jsRuntime({ webAssembly })
    assert.equal(context.presendAddin.core, core)
    assert.equal(typeof context.TextEncoder, 'undefined')
    let compared = 0
    for (const { path, draft } of drafts()) {
      const expected = plain(native.check(draft))
      assert.deepStrictEqual(plain(await context.presendAddin.check(draft)), expected, path)
      Office.context.mailbox.item = fakeOffice(draft).Office.context.mailbox.item
      const completed = await send(handlers)
      assert.equal(completed.allowEvent, !attention(expected), `${path}: ${completed.errorMessage}`)
      if (!completed.allowEvent) {
        const first = expected.findings.find((finding) => finding.severity !== 'info')
        assert.ok(completed.errorMessage.includes(first.message.slice(0, 60)), `${path}: ${completed.errorMessage}`)
        assert.ok(completed.errorMessage.length <= 500)
        assert.equal(completed.commandId, 'presendShowTaskPane')
      }
      compared++
    }
    assert.ok(compared >= 40, `only ${compared} drafts`)
  })
}
