// Managed roll-out, end to end: a practice's IT sets presend's policy through
// Thunderbird's enterprise policies (policies.json, "3rdparty" → "Extensions" → the
// add-on's id, read by the add-on as storage.managed). This writes policies.json into
// the Thunderbird installation's distribution/ folder (restoring whatever was there),
// runs real Thunderbird headless, and sends a message whose only problem is textspeak,
// with textspeak turned off by the managed policy: it must reach the SMTP sink with no
// warning. (send-time.json sends the same kind of message without the policy and
// expects it stopped, so the policy is what lets it through.) Needs write access to the
// installation, as an IT deployment has; its last line is "N passed, N failed".
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { runE2E } from './run.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const ID = 'presend@presend-project'
const thunderbird = process.env.THUNDERBIRD ?? '/usr/lib/thunderbird/thunderbird'
const policies = path.join(path.dirname(fs.realpathSync(thunderbird)), 'distribution', 'policies.json')

/** What a practice's IT deploys: the presend policy, with one rule turned off. */
export const MANAGED = {
  policies: {
    '3rdparty': {
      Extensions: {
        [ID]: { policy: { organisation_domains: ['meadowbank-practice.nhs.uk'], rules: { textspeak: 'off' } } },
      },
    },
  },
}

const FOOTER =
  'CONFIDENTIALITY: This email and any attachments are confidential and intended solely for the named recipient. If you are not the intended recipient, please tell the sender and delete it.'
const scenario = [
  {
    name: 'textspeak-under-managed-policy',
    to: ['sarah.patel@nhs.net'],
    cc: [],
    subject: 'Rota for next week (managed)',
    body: `Thx Sarah, c u 2moro at the practice meeting.\n\nKind regards\nMeadowbank Reception\n\n${FOOTER}\n`,
    expect: 'delivered',
  },
]

const previous = fs.existsSync(policies) ? fs.readFileSync(policies) : null
const madeFolder = !fs.existsSync(path.dirname(policies))
let outcome = { passed: 0, failed: scenario.length }
try {
  fs.mkdirSync(path.dirname(policies), { recursive: true })
  fs.writeFileSync(policies, `${JSON.stringify(MANAGED, null, 2)}\n`)
  console.log(`wrote ${policies}`)
  outcome = await runE2E({ xpi: path.join(here, '..', '..', 'dist', 'presend-thunderbird-e2e.xpi'), id: ID, scenario, timeoutMs: 120000, thunderbird })
} catch (error) {
  console.log(`managed-policy run failed: ${error.message}`)
} finally {
  if (previous) fs.writeFileSync(policies, previous)
  else fs.rmSync(policies, { force: true })
  if (madeFolder) fs.rmSync(path.dirname(policies), { recursive: true, force: true })
}
console.log(`${outcome.passed} passed, ${outcome.failed} failed`)
process.exit(outcome.failed === 0 && outcome.passed > 0 ? 0 : 1)
