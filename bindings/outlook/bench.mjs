// Per-check time of the handler bundle's two cores in a JavaScript-only context (as
// classic Outlook runs it): WebAssembly, and wasm2js where WebAssembly is absent,
// against the native check in the same run (bindings/node must be built).
// Run: node bench.mjs [iterations]
import vm from 'node:vm'
import { readFileSync, statSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'
import { sampleDrafts } from '../fixtures.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const iterations = Number(process.argv[2] ?? 200)
const native = new (createRequire(import.meta.url)('../node').Checker)()
const drafts = sampleDrafts().map(({ text }) => JSON.parse(text))

async function perCheck(webAssembly) {
  const context = vm.createContext({ Office: { actions: { associate() {} }, context: {} }, console, setTimeout })
  if (!webAssembly) vm.runInContext('delete globalThis.WebAssembly', context)
  vm.runInContext(readFileSync(join(here, 'dist', 'launchevent.js'), 'utf8'), context)
  for (const draft of drafts) await context.presendAddin.check(draft) // warm up
  const started = process.hrtime.bigint()
  for (let i = 0; i < iterations; i++) for (const draft of drafts) await context.presendAddin.check(draft)
  return Number(process.hrtime.bigint() - started) / (iterations * drafts.length)
}

const nativeNanos = drafts.reduce((sum, draft) => sum + native.nativeNanosPerCheck(draft, iterations), 0) / drafts.length
const wasmNanos = await perCheck(true)
const wasm2jsNanos = await perCheck(false)
const size = (file) => statSync(join(here, 'dist', file)).size
console.log(`dist/launchevent.js ${size('launchevent.js')} bytes (wasm inlined + wasm2js); dist/commands.js ${size('commands.js')} bytes`)
console.log(`mean per check over ${drafts.length} drafts x ${iterations}: native ${(nativeNanos / 1000).toFixed(1)} µs, wasm ${(wasmNanos / 1000).toFixed(1)} µs (${(wasmNanos / nativeNanos).toFixed(2)}x), wasm2js ${(wasm2jsNanos / 1000).toFixed(1)} µs (${(wasm2jsNanos / nativeNanos).toFixed(2)}x)`)
