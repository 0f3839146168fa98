// Per-check time of presend.wasm (in Node's WebAssembly engine) against the native
// build, measured in the same run on the same drafts. The native baseline is the
// Node package's `nativeNanosPerCheck` (a Rust loop, no JavaScript), so build
// bindings/node first. Run: node bench.mjs [iterations]
import { readFileSync, statSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'
import { init, createChecker } from './presend.js'
import { fixturesDir, sampleDrafts } from '../fixtures.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const iterations = Number(process.argv[2] ?? 1000)
const require = createRequire(import.meta.url)
const native = require('../node')

await init(readFileSync(join(here, 'presend.wasm')))
const policy = readFileSync(join(fixturesDir, 'policy.json'), 'utf8')
const wasmChecker = createChecker(policy)
const nativeChecker = new native.Checker(policy)

const drafts = sampleDrafts()

const rows = []
for (const { name, text } of drafts) {
  const draft = JSON.parse(text)
  for (let i = 0; i < 100; i++) wasmChecker.check(text)
  const nativeNanos = nativeChecker.nativeNanosPerCheck(draft, iterations)
  const started = process.hrtime.bigint()
  for (let i = 0; i < iterations; i++) wasmChecker.check(text)
  const wasmNanos = Number(process.hrtime.bigint() - started) / iterations
  rows.push({ draft: name, 'native µs': (nativeNanos / 1000).toFixed(1), 'wasm µs': (wasmNanos / 1000).toFixed(1), 'wasm/native': (wasmNanos / nativeNanos).toFixed(2) })
}
console.table(rows)
const ratios = rows.map((row) => Number(row['wasm/native'])).sort((a, b) => a - b)
const size = statSync(join(here, 'presend.wasm')).size
console.log(`presend.wasm: ${size} bytes (${(size / 1024 / 1024).toFixed(2)} MiB)`)
console.log(`median wasm/native over ${rows.length} drafts: ${ratios[Math.floor(ratios.length / 2)].toFixed(2)} (${iterations} iterations each; wasm includes JSON in and out)`)
