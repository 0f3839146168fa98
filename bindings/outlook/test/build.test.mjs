// `npm run build -- --policy practice.json` validates the practice policy with presend
// itself before building it in, and refuses a bad one naming the key.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))

test('a bad practice policy stops the build, naming the key', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'presend-policy-'))
  try {
    const policy = join(scratch, 'practice.json')
    writeFileSync(policy, '{"organisation_domains": ["meadowbank-practice.nhs.uk"], "rules": {"txtspeak": "off"}}')
    const result = spawnSync(process.execPath, [join(here, '..', 'build.mjs'), '--policy', policy], { encoding: 'utf8' })
    assert.equal(result.status, 1)
    assert.match(result.stderr, /practice\.json: invalid policy at `rules\.txtspeak`: unknown rule `txtspeak`; did you mean `textspeak`\?/)
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
})
