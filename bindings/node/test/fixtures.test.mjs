// The shared golden fixtures give, through Node, exactly the reports the Rust tests
// expect: same findings, same JSON shape.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { Checker } = require('..')
const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'fixtures')

function* inputs(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) yield* inputs(path)
    else if (name.endsWith('.eml') || name.endsWith('.draft.json')) yield path
  }
}

const stem = (path) => path.replace(/\.draft\.json$|\.eml$/, '')
const checkers = new Map()
function checkerFor(path) {
  const own = `${stem(path)}.policy.json`
  const policyPath = existsSync(own) ? own : join(fixtures, 'policy.json')
  if (!checkers.has(policyPath)) checkers.set(policyPath, new Checker(JSON.parse(readFileSync(policyPath, 'utf8'))))
  return checkers.get(policyPath)
}

// Optional members come back as undefined; JSON leaves them out, as the CLI does.
const plain = (value) => JSON.parse(JSON.stringify(value))

test('every fixture gives its expected report', () => {
  let compared = 0
  const differences = []
  for (const path of inputs(fixtures)) {
    const checker = checkerFor(path)
    const report = path.endsWith('.eml')
      ? checker.checkMime(readFileSync(path))
      : checker.check(JSON.parse(readFileSync(path, 'utf8')))
    const expected = JSON.parse(readFileSync(`${stem(path)}.expected.json`, 'utf8'))
    try {
      assert.deepStrictEqual(plain(report), expected)
    } catch (error) {
      differences.push(`${path}\n${error.message}`)
    }
    compared++
  }
  assert.ok(compared > 200, `only ${compared} fixtures found under ${fixtures}`)
  assert.deepStrictEqual(differences, [])
})

test('a JSON draft may be given as an object or as its text', () => {
  const checker = new Checker()
  const draft = { from: 'reception@gmail.com', to: ['jane.doe@hotmail.co.uk'], subject: 'Hi' }
  assert.deepStrictEqual(plain(checker.check(JSON.stringify(draft))), plain(checker.check(draft)))
  assert.equal(checker.check(draft).verdict, 'block')
})
