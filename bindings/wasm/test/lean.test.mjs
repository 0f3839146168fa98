// presend-lean.wasm, the build Outlook's JavaScript-only runtime runs (through wasm2js):
// the same reports as the full build for every JSON draft fixture, and a plain error,
// not a crash, for the MIME call it leaves out. (Its own file: presend.js loads one
// module per process.)
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

import { init, createChecker } from '../presend.js'
import { fixtureInputs, policyPathFor, checkerOptionsFor, expectedFor } from '../../fixtures.mjs'

const here = dirname(fileURLToPath(import.meta.url))
before(() => init(readFileSync(join(here, '..', 'presend-lean.wasm'))))

test('every draft fixture gives the native report', () => {
  let compared = 0
  for (const path of fixtureInputs()) {
    if (!path.endsWith('.draft.json')) continue
    const checker = createChecker(readFileSync(policyPathFor(path), 'utf8'), checkerOptionsFor(path))
    assert.deepStrictEqual(checker.check(readFileSync(path, 'utf8')), expectedFor(path), path)
    checker.free()
    compared++
  }
  assert.ok(compared >= 50, `only ${compared} drafts`)
})

test('MIME is refused by name, with the invalid-message status', () => {
  const checker = createChecker()
  assert.throws(() => checker.checkMime('From: a@nhs.net\r\nTo: b@nhs.net\r\n\r\nHello\r\n'), (error) => {
    assert.equal(error.status, 'PRESEND_INVALID_MESSAGE')
    assert.match(error.message, /reads JSON drafts only/)
    return true
  })
})
