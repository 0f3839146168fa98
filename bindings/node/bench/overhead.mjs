// The binding's per-call overhead: each draft is checked natively in a Rust loop
// (the baseline, measured in the same run) and through `checker.check()` from
// JavaScript, which adds converting the draft object in and the report object out.
// Run: npm run bench [-- iterations]
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createRequire } from 'node:module'
import { fixturesDir, sampleDrafts } from '../../fixtures.mjs'

const require = createRequire(import.meta.url)
// The bench build (npm run build:bench): the package plus its native baselines.
const { Checker } = require('./native')
const iterations = Number(process.argv[2] ?? 2000)

const drafts = sampleDrafts().map(({ name, text }) => ({ name, draft: JSON.parse(text) }))

const checker = new Checker(JSON.parse(readFileSync(join(fixturesDir, 'policy.json'), 'utf8')))
const rows = []
for (const { name, draft } of drafts) {
  for (let i = 0; i < 200; i++) checker.check(draft) // warm up
  const native = checker.nativeNanosPerCheck(draft, iterations)
  const started = process.hrtime.bigint()
  for (let i = 0; i < iterations; i++) checker.check(draft)
  const viaNode = Number(process.hrtime.bigint() - started) / iterations
  rows.push({ draft: name, 'native µs': (native / 1000).toFixed(2), 'node µs': (viaNode / 1000).toFixed(2), 'node/native': (viaNode / native).toFixed(2), 'overhead µs': ((viaNode - native) / 1000).toFixed(2) })
}
console.table(rows)
const ratios = rows.map((row) => Number(row['node/native'])).sort((a, b) => a - b)
console.log(`median node/native ratio over ${rows.length} drafts: ${ratios[Math.floor(ratios.length / 2)].toFixed(2)} (${iterations} iterations each)`)
