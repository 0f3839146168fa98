// The golden fixtures (../fixtures) as the JavaScript packages' tests and benchmarks
// read them: one walk, one rule for which policy applies, one sample of drafts.
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

export const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures')

/** Every fixture input (`.eml`, `.draft.json`) below `dir`, in name order. */
export function* fixtureInputs(dir = fixturesDir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) yield* fixtureInputs(path)
    else if (name.endsWith('.eml') || name.endsWith('.draft.json')) yield path
  }
}

const stem = (path) => path.replace(/\.draft\.json$|\.eml$/, '')

/** The policy a fixture is checked under: its own NAME.policy.json, else fixtures/policy.json. */
export function policyPathFor(path) {
  const own = `${stem(path)}.policy.json`
  return existsSync(own) ? own : join(fixturesDir, 'policy.json')
}

/**
 * The patient list a fixture is checked with, or null: NAME.patients.csv, else
 * patients.csv in its directory or the one above (a rule's list), as the Rust tests and
 * `presend test` find it.
 */
export function patientListFor(path) {
  const dir = dirname(path)
  const candidates = [`${stem(path)}.patients.csv`, join(dir, 'patients.csv'), join(dir, '..', 'patients.csv')]
  return candidates.find((candidate) => existsSync(candidate)) ?? null
}

/** A checker's options for a fixture: its patient list's text, when it has one. */
export function checkerOptionsFor(path) {
  const list = patientListFor(path)
  return list ? { patients: readFileSync(list, 'utf8') } : {}
}

/** The report the native build gives for a fixture. */
export function expectedFor(path) {
  return JSON.parse(readFileSync(`${stem(path)}.expected.json`, 'utf8'))
}

/** One `.draft.json` from each rule's fires/ and quiet/, for benchmarks. */
export function sampleDrafts() {
  const drafts = []
  for (const rule of readdirSync(fixturesDir).sort()) {
    for (const kind of ['fires', 'quiet']) {
      const dir = join(fixturesDir, rule, kind)
      if (!existsSync(dir)) continue
      const name = readdirSync(dir).sort().find((file) => file.endsWith('.draft.json'))
      if (name) drafts.push({ name: `${rule}/${kind}/${name}`, text: readFileSync(join(dir, name), 'utf8') })
    }
  }
  return drafts
}
