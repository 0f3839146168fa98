// docs/policy.schema.json (generated from the policy types, and kept in step by a
// cargo test) is what editors validate a practice's policy with: it must accept every
// policy presend accepts (the default, the starter policy, every fixture's) and refuse
// what presend refuses.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Ajv2020 from 'ajv/dist/2020.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '../../../..')
const presendBin = process.env.PRESEND_BIN || join(process.env.CARGO_TARGET_DIR || join(root, 'target'), 'debug/presend')

function presend(...args) {
  const run = spawnSync(presendBin, args, { cwd: root, encoding: 'utf8' })
  assert.equal(run.error, undefined, `${presendBin} runs (build it with cargo first)`)
  return run
}

const ajv = new Ajv2020({ allErrors: true, strict: true })
// schemars marks u32 fields with this format; it means a whole number that fits 32 bits.
ajv.addFormat('uint32', { type: 'number', validate: (n) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff })
const validPolicy = ajv.compile(JSON.parse(readFileSync(join(root, 'docs/policy.schema.json'), 'utf8')))

function policiesBelow(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return policiesBelow(path)
    return name.endsWith('policy.json') ? [path] : []
  })
}

test('the default policy, the starter policy and every fixture policy are valid', () => {
  const starter = presend('policy', 'init').stdout
  // The starter's comments are whole lines of its own making; JSON.parse needs them gone.
  const withoutComments = starter.split('\n').filter((line) => !/^\s*\/\//.test(line)).join('\n')
  const policies = [
    ['presend policy', JSON.parse(presend('policy').stdout)],
    ['presend policy init', JSON.parse(withoutComments)],
    ...policiesBelow(join(root, 'fixtures')).map((path) => [path, JSON.parse(readFileSync(path, 'utf8'))]),
  ]
  assert.ok(policies.length > 20, `${policies.length} policies`)
  for (const [name, policy] of policies) {
    assert.ok(validPolicy(policy), `${name}: ${JSON.stringify(validPolicy.errors)}`)
  }
})

test('what presend refuses, the schema refuses', () => {
  const refused = [
    { secure_domain: ['nhs.net'] },
    { max_visible_external: 'two' },
    { rules: { txtspeak: 'off' } },
    { rules: { textspeak: 'of' } },
    { consent: { 'jane.doe@gmail.com': ['results', 'bogus'] } },
    { pid_patterns: [{ name: 'EMIS number' }] },
  ]
  for (const policy of refused) {
    assert.equal(validPolicy(policy), false, JSON.stringify(policy))
    const check = spawnSync(presendBin, ['policy', 'check', '/dev/stdin'], { input: JSON.stringify(policy), encoding: 'utf8' })
    assert.equal(check.status, 2, `presend refuses ${JSON.stringify(policy)} too`)
  }
})
