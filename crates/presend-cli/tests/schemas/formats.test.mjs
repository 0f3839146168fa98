// presend's machine-readable outputs, checked by the tools their readers use:
// SARIF against the SARIF 2.1.0 schema (the final rtm.5 schema, as Microsoft's SARIF
// SDK ships it), JUnit XML parsed by xmllint.
//
// Runs the binary `cargo test` built (target/debug/presend, or $PRESEND_BIN).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import AjvDraft04 from 'ajv-draft-04'
import addFormats from 'ajv-formats'

const root = join(dirname(fileURLToPath(import.meta.url)), '../../../..')
const presendBin = process.env.PRESEND_BIN || join(process.env.CARGO_TARGET_DIR || join(root, 'target'), 'debug/presend')
const require = createRequire(import.meta.url)

/** Runs presend from the repository root; returns its exit status and output. */
function presend(...args) {
  const run = spawnSync(presendBin, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 })
  assert.equal(run.error, undefined, `${presendBin} runs (build it with cargo first)`)
  return { status: run.status, stdout: run.stdout, stderr: run.stderr }
}

const sarifSchema = JSON.parse(
  readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
)
// unicodeRegExp off: the published schema's `language` pattern has a stray `]` that
// only JavaScript's Unicode mode rejects.
const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false })
addFormats(ajv)
const validSarif = ajv.compile(sarifSchema)

/** Fails with the schema's complaints, not just "invalid". */
function assertValid(validate, value, what) {
  const ok = validate(value)
  assert.ok(ok, `${what}:\n${JSON.stringify(validate.errors, null, 2)}`)
}

test('SARIF for every fixture, a message with every rule and an unreadable input is valid SARIF 2.1.0', () => {
  const run = presend(
    'check', '--format', 'sarif', '--policy', 'crates/presend-cli/tests/data/policy.json',
    'fixtures', 'crates/presend-cli/tests/data/everything-wrong.eml', 'no-such-file.eml',
  )
  assert.equal(run.status, 2, 'the unreadable input is an error')
  const log = JSON.parse(run.stdout)
  assertValid(validSarif, log, 'presend check --format sarif')
  const [sarifRun] = log.runs
  assert.ok(sarifRun.results.length > 100, `results for the fixtures: ${sarifRun.results.length}`)
  const rules = presend('rules', '--format', 'json')
  assert.deepEqual(sarifRun.tool.driver.rules.map((rule) => rule.id), JSON.parse(rules.stdout).map((rule) => rule.id))
  for (const result of sarifRun.results) {
    assert.ok(result.locations[0].physicalLocation.region.startLine >= 1, 'every result has a line (code scanning needs one)')
  }
})

test('the schema check itself rejects a SARIF log with a wrong level', () => {
  const run = presend('check', '--format', 'sarif', 'crates/presend-cli/tests/data/everything-wrong.eml')
  const log = JSON.parse(run.stdout)
  log.runs[0].results[0].level = 'block'
  assert.equal(validSarif(log), false)
})

test('JUnit output is well-formed XML, with one test case per message', () => {
  const run = presend(
    'check', '--format', 'junit', '--show-pid', '--policy', 'crates/presend-cli/tests/data/policy.json',
    'fixtures', 'crates/presend-cli/tests/data/everything-wrong.eml', 'no-such-file.eml',
  )
  assert.equal(run.status, 2)
  const parsed = execFileSync('xmllint', ['--xpath', 'count(//testcase)', '-'], { input: run.stdout, encoding: 'utf8' })
  const messages = presend('check', '--format', 'json', 'fixtures', 'crates/presend-cli/tests/data/everything-wrong.eml')
  assert.equal(Number(parsed), JSON.parse(messages.stdout).reports.length + 1)
})
