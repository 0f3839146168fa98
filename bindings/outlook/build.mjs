// Builds the Outlook add-in into dist/:
//   launchevent.js  the OnMessageSend handler for classic Outlook's JavaScript-only
//                   runtime: one ES2016 file, presend.wasm inlined, and the same module
//                   compiled to JavaScript (binaryen's wasm2js) for a runtime without
//                   WebAssembly, chosen at run time;
//   commands.html/.js   the same handler for the browser runtime (web, new Outlook, Mac);
//   taskpane.html/.js   "Review and fix": every finding with its one-click fix;
//   manifest.xml    with {ORIGIN} filled in.
//
//   node build.mjs [--policy practice.json] [--origin https://host/path]
//
// The policy is validated now, by presend itself, and built in.
import { build } from 'esbuild'
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync, mkdirSync, cpSync, statSync, existsSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as presend from '../wasm/presend.js'

const here = dirname(fileURLToPath(import.meta.url))
const args = process.argv.slice(2)
const option = (name) => {
  const at = args.indexOf(name)
  return at >= 0 ? args[at + 1] : undefined
}
const origin = (option('--origin') ?? 'https://localhost:3000').replace(/\/$/, '')
const policyPath = option('--policy')
const wasmPath = join(here, '..', 'wasm', 'presend.wasm')
if (!existsSync(wasmPath)) {
  console.error('bindings/wasm/presend.wasm is missing: run bindings/wasm/build.sh first')
  process.exit(1)
}

// The policy: validated by the same checker that will run it.
let policy = null
if (policyPath) {
  policy = readFileSync(policyPath, 'utf8')
  await presend.init(readFileSync(wasmPath))
  try {
    presend.createChecker(policy).free()
  } catch (error) {
    console.error(`${policyPath}: ${error.message}`)
    process.exit(1)
  }
}

// wasm2js, rebuilt only when presend.wasm changes (it takes a while). Its module is
// wrapped so that it is instantiated only when chosen, not whenever the file loads.
mkdirSync(join(here, 'build'), { recursive: true })
const wasm2jsPath = join(here, 'build', 'presend.wasm2js.mjs')
if (!existsSync(wasm2jsPath) || statSync(wasm2jsPath).mtimeMs < statSync(wasmPath).mtimeMs) {
  const raw = join(here, 'build', 'presend.wasm2js.raw.mjs')
  const run = spawnSync(join(here, 'node_modules', '.bin', 'wasm2js'), [wasmPath, '-O2', '--enable-bulk-memory', '--enable-sign-ext', '--enable-mutable-globals', '--enable-nontrapping-float-to-int', '-o', raw], { stdio: 'inherit' })
  if (run.status !== 0) process.exit(run.status ?? 1)
  const source = readFileSync(raw, 'utf8')
  const cut = source.indexOf('var retasmFunc = asmFunc(')
  if (cut < 0) throw new Error('unexpected wasm2js output: no asmFunc instantiation')
  writeFileSync(wasm2jsPath, `${source.slice(0, cut)}\n/** Instantiates the module: its exports, as the WebAssembly build's. */\nexport function instantiate() {\n  return asmFunc({});\n}\n`)
}

const dist = join(here, 'dist')
mkdirSync(dist, { recursive: true })
const common = {
  bundle: true,
  format: 'iife',
  target: 'es2016',
  loader: { '.wasm': 'binary' },
  // import.meta.url only names presend.wasm's default location, and the bundles pass the bytes.
  define: { __PRESEND_POLICY__: JSON.stringify(policy), 'import.meta.url': 'undefined' },
  legalComments: 'none',
  logLevel: 'warning',
}
await build({ ...common, entryPoints: [join(here, 'src', 'launchevent.js')], outfile: join(dist, 'launchevent.js'), minify: true })
await build({ ...common, entryPoints: [join(here, 'src', 'commands.js')], outfile: join(dist, 'commands.js'), minify: true })
await build({ ...common, entryPoints: [join(here, 'src', 'taskpane.js')], outfile: join(dist, 'taskpane.js'), minify: true })
for (const file of ['commands.html', 'taskpane.html', 'taskpane.css']) cpSync(join(here, 'src', file), join(dist, file))
for (const size of [16, 32, 64, 80, 128]) cpSync(join(here, 'assets', `icon-${size}.png`), join(dist, `icon-${size}.png`))
writeFileSync(join(dist, 'manifest.xml'), readFileSync(join(here, 'manifest.xml'), 'utf8').replaceAll('{ORIGIN}', origin))

for (const file of ['launchevent.js', 'commands.js', 'taskpane.js']) {
  console.log(`dist/${file}: ${statSync(join(dist, file)).size} bytes`)
}
