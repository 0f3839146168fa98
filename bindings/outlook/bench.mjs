// How fast the add-in answers at Send, measured against the native core in the same run
// (the Node package's bench build, with its native baselines: run `npm run build:bench`
// in bindings/node first).
//
// 1. First verdict from nothing, as Outlook's runtimes start on every Send: a fresh
//    process loads the bundle into a fresh vm context, and the OnMessageSend handler
//    checks a draft to a patient with clinical detail (the costliest first check) until
//    event.completed. Classic Outlook's JavaScript-only runtime (launchevent.js, wasm2js)
//    is measured under `node --jitless`, the slowest engine it could be; the browser
//    runtime (commands.js, WebAssembly) with the JIT WebAssembly needs. The baseline is
//    the native core's first check in a fresh process.
// 2. Per check once warm, over one draft from each rule's fixtures, against native.
//
// Run: node bench.mjs [cold samples] [warm iterations]
import vm from 'node:vm'
import { spawnSync } from 'node:child_process'
import { readFileSync, statSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'
import { fakeOffice } from './test/fake-office.mjs'
import { sampleDrafts } from '../fixtures.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const require = createRequire(import.meta.url)
const FOOTER = 'CONFIDENTIALITY: This email and any attachments are confidential and intended solely for the named recipient.'
const PATIENT = {
  from: 'Meadowbank Reception <reception.meadowbank@nhs.net>',
  to: ['Jane Doe <jane.doe@gmail.com>'],
  subject: 'Your blood test',
  body: { text: `Dear Jane,\n\nYour HbA1c was 52 mmol/mol, so please increase your metformin to 1g twice a day. If the tingling gets worse, ring us.\n\n${FOOTER}` },
}

/** A runtime's global object: Office, a policy host and storage, and WebAssembly only where the runtime has it. */
function context(Office, { webAssembly }) {
  const stored = new Map()
  const sandbox = vm.createContext({
    Office,
    OfficeRuntime: { storage: { getItem: async (key) => stored.get(key) ?? null, setItem: async (key, value) => void stored.set(key, value) } },
    fetch: async () => ({ ok: true, status: 200, text: async () => '{}' }),
    console,
    setTimeout,
    clearTimeout,
  })
  if (!webAssembly) vm.runInContext('delete globalThis.WebAssembly', sandbox)
  return sandbox
}

const BUNDLES = {
  launchevent: { file: 'launchevent.js', webAssembly: false, node: ['--jitless'] },
  commands: { file: 'commands.js', webAssembly: true, node: [] },
}

/** In a child process: load one bundle from nothing and time its first verdict. */
async function coldRun(name) {
  const started = performance.now()
  if (name === 'native') {
    const { Checker } = require('../node')
    new Checker().check(PATIENT)
    return { load: 0, verdict: performance.now() - started }
  }
  const bundle = BUNDLES[name]
  const source = readFileSync(join(here, 'dist', bundle.file), 'utf8')
  const fake = fakeOffice(PATIENT)
  const sandbox = context(fake.Office, bundle)
  const loadStart = performance.now()
  vm.runInContext(source, sandbox, { filename: bundle.file })
  if (!fake.handlers.onMessageSendHandler) await new Promise((resolve) => setTimeout(resolve, 0)) // commands.js associates in Office.onReady
  const load = performance.now() - loadStart
  const checkStart = performance.now()
  const completed = await fake.send()
  if (completed.allowEvent !== false) throw new Error('the patient draft should have been stopped')
  return { load, verdict: performance.now() - checkStart }
}

const median = (values) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)]

function cold(name, samples) {
  const runs = []
  for (let i = 0; i < samples; i++) {
    const flags = name === 'native' ? [] : BUNDLES[name].node
    const child = spawnSync(process.execPath, [...flags, fileURLToPath(import.meta.url), '--cold', name], { encoding: 'utf8' })
    if (child.status !== 0) throw new Error(`${name}: ${child.stderr}`)
    runs.push(JSON.parse(child.stdout.trim().split('\n').at(-1)))
  }
  return { load: median(runs.map((run) => run.load)), verdict: median(runs.map((run) => run.verdict)), total: median(runs.map((run) => run.load + run.verdict)) }
}

async function warm(bundle, drafts, iterations) {
  const fake = fakeOffice({})
  const sandbox = context(fake.Office, bundle)
  vm.runInContext(readFileSync(join(here, 'dist', bundle.file), 'utf8'), sandbox)
  await new Promise((resolve) => setTimeout(resolve, 0))
  for (const draft of drafts) await sandbox.presendAddin.check(draft)
  const started = process.hrtime.bigint()
  for (let i = 0; i < iterations; i++) for (const draft of drafts) await sandbox.presendAddin.check(draft)
  return Number(process.hrtime.bigint() - started) / (iterations * drafts.length)
}

if (process.argv[2] === '--cold') {
  console.log(JSON.stringify(await coldRun(process.argv[3])))
} else {
  const samples = Number(process.argv[2] ?? 5)
  const iterations = Number(process.argv[3] ?? 100)
  const size = (file) => statSync(join(here, 'dist', file)).size
  console.log(`dist/launchevent.js ${size('launchevent.js')} bytes (wasm2js core); dist/commands.js ${size('commands.js')} bytes (wasm core)`)

  const native = cold('native', samples)
  console.log(`first verdict from nothing, median of ${samples} fresh processes (baseline: native core ${native.verdict.toFixed(1)} ms):`)
  for (const name of ['launchevent', 'commands']) {
    const run = cold(name, samples)
    const how = BUNDLES[name].node.length ? 'node --jitless, no WebAssembly' : 'node, WebAssembly'
    console.log(`  ${BUNDLES[name].file} (${how}): load ${run.load.toFixed(0)} ms + first verdict ${run.verdict.toFixed(0)} ms = ${run.total.toFixed(0)} ms (${(run.total / native.verdict).toFixed(1)}x native)`)
  }

  const drafts = sampleDrafts().map(({ text }) => JSON.parse(text))
  const { Checker } = require('../node/bench/native')
  const checker = new Checker()
  const nativeNanos = drafts.reduce((sum, draft) => sum + checker.nativeNanosPerCheck(draft, iterations), 0) / drafts.length
  const perCheck = {}
  for (const name of ['launchevent', 'commands']) perCheck[name] = await warm(BUNDLES[name], drafts, iterations)
  console.log(`per check once warm, ${drafts.length} drafts x ${iterations}: native ${(nativeNanos / 1000).toFixed(1)} µs; commands.js (wasm) ${(perCheck.commands / 1000).toFixed(1)} µs (${(perCheck.commands / nativeNanos).toFixed(2)}x); launchevent.js (wasm2js, with JIT) ${(perCheck.launchevent / 1000).toFixed(1)} µs (${(perCheck.launchevent / nativeNanos).toFixed(2)}x)`)
}
