// Per-check time of presend.wasm (in Node's WebAssembly engine) against the native
// build, measured in the same run on the same drafts. The native baselines come from
// the Node package (Rust loops, no JavaScript), so build bindings/node first:
//   - the same work: the draft's JSON read, checked and the report written as JSON,
//     which is what one call into presend.wasm does (`nativeNanosPerJsonCheck`);
//   - the check alone, the draft already read (`nativeNanosPerCheck`).
// The WebAssembly time is the whole call from JavaScript: the text copied in, the
// call, and the report read back and parsed. Run: node bench.mjs [iterations]
import { readFileSync, statSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'
import { init, createChecker } from './presend.js'
import { fixturesDir, sampleDrafts } from '../fixtures.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const iterations = Number(process.argv[2] ?? 1000)
const require = createRequire(import.meta.url)
// The Node package's bench build (npm run build:bench in bindings/node), which has
// the native baselines the published package leaves out.
const native = require('../node/bench/native')

await init(readFileSync(join(here, 'presend.wasm')))
const policy = readFileSync(join(fixturesDir, 'policy.json'), 'utf8')
const wasmChecker = createChecker(policy)
const nativeChecker = new native.Checker(policy)

const drafts = sampleDrafts()

const rows = []
for (const { name, text } of drafts) {
  const draft = JSON.parse(text)
  for (let i = 0; i < 100; i++) wasmChecker.check(text)
  const checkNanos = nativeChecker.nativeNanosPerCheck(draft, iterations)
  const callNanos = nativeChecker.nativeNanosPerJsonCheck(text, iterations)
  const started = process.hrtime.bigint()
  for (let i = 0; i < iterations; i++) wasmChecker.check(text)
  const wasmNanos = Number(process.hrtime.bigint() - started) / iterations
  rows.push({
    draft: name,
    'native check µs': (checkNanos / 1000).toFixed(1),
    'native call µs': (callNanos / 1000).toFixed(1),
    'wasm call µs': (wasmNanos / 1000).toFixed(1),
    'wasm/native': (wasmNanos / callNanos).toFixed(2),
    'wasm/check': (wasmNanos / checkNanos).toFixed(2)
  })
}
console.table(rows)
const median = (column) => {
  const sorted = rows.map((row) => Number(row[column])).sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)].toFixed(2)
}
const size = statSync(join(here, 'presend.wasm')).size
console.log(`presend.wasm: ${size} bytes (${(size / 1024 / 1024).toFixed(2)} MiB)`)
console.log(`median wasm/native over ${rows.length} drafts: ${median('wasm/native')} (the same call: JSON in, check, JSON out; ${iterations} iterations each)`)
console.log(`median wasm call / native check alone: ${median('wasm/check')}`)
