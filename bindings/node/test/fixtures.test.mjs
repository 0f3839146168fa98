// The shared golden fixtures give, through Node, exactly the reports the Rust tests
// expect: same findings, same JSON shape.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fixtureInputs, policyPathFor, patientListFor, checkerOptionsFor, expectedFor } from '../../fixtures.mjs'

const require = createRequire(import.meta.url)
const { Checker } = require('..')

const checkers = new Map()
function checkerFor(path) {
  const policyPath = policyPathFor(path)
  const key = `${policyPath} ${patientListFor(path)}`
  if (!checkers.has(key)) checkers.set(key, new Checker(JSON.parse(readFileSync(policyPath, 'utf8')), checkerOptionsFor(path)))
  return checkers.get(key)
}

// Optional members come back as undefined; JSON leaves them out, as the CLI does.
const plain = (value) => JSON.parse(JSON.stringify(value))

test('every fixture gives its expected report', () => {
  let compared = 0
  const differences = []
  for (const path of fixtureInputs()) {
    const checker = checkerFor(path)
    const report = path.endsWith('.eml')
      ? checker.checkMime(readFileSync(path))
      : checker.check(JSON.parse(readFileSync(path, 'utf8')))
    const expected = expectedFor(path)
    try {
      assert.deepStrictEqual(plain(report), expected)
    } catch (error) {
      differences.push(`${path}\n${error.message}`)
    }
    compared++
  }
  assert.ok(compared > 200, `only ${compared} fixtures found`)
  assert.deepStrictEqual(differences, [])
})

test('a JSON draft may be given as an object or as its text', () => {
  const checker = new Checker()
  const draft = { from: 'reception@gmail.com', to: ['jane.doe@hotmail.co.uk'], subject: 'Hi' }
  assert.deepStrictEqual(plain(checker.check(JSON.stringify(draft))), plain(checker.check(draft)))
  assert.equal(checker.check(draft).verdict, 'block')
})

test('a patient list that cannot be read is refused, naming what is missing', () => {
  assert.throws(() => new Checker(undefined, { patients: 'Name,NHS number\nA B,9434765919\n' }), /no email address column/)
})
