// Builds the Outlook add-in into dist/, once for a deployment:
//   launchevent.js   the OnMessageSend handler for classic Outlook's JavaScript-only
//                    runtime: one ES2016 file holding presend-lean.wasm compiled to
//                    JavaScript by binaryen's wasm2js (no WebAssembly needed);
//   commands.html/.js   the same handler for the browser runtime (web, new Outlook, Mac),
//                    on presend.wasm;
//   taskpane.html/.js   "Review and fix": every finding with its one-click fix;
//   policy.json      the practice policy the add-in reads at run time (replace it on the
//                    host to change the policy; no rebuild);
//   .well-known/microsoft-officeaddins-allowed.json   lets the JavaScript-only handler
//                    fetch policy.json (it must be served at the root of the origin);
//   manifest.xml     for the Microsoft 365 admin centre.
//
//   node build.mjs [--origin https://host/path] [--id GUID] [--policy practice.json] [--version 1.2.3] [--out DIR]
//
// --origin is where dist/ is served (HTTPS; default https://localhost:3000 for
// development). --id is the manifest's <Id>; by default it is derived from the origin, so
// each deployment has its own and a rebuild for the same origin keeps it. --policy is
// validated by presend, built in as the fallback, and written as the first policy.json.
import { build } from 'esbuild'
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync, mkdirSync, cpSync, statSync, existsSync } from 'node:fs'
import { join, dirname, resolve, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as presend from '../wasm/presend.js'

const here = dirname(fileURLToPath(import.meta.url))
const wasmDir = join(here, '..', 'wasm')
const WASM2JS_FEATURES = ['--enable-bulk-memory', '--enable-sign-ext', '--enable-mutable-globals', '--enable-nontrapping-float-to-int']

/**
 * The memory the JavaScript-only handler reserves once and never replaces: 64 MiB, which
 * checks a draft with about 7 MB of body text (a check needs about nine bytes per byte).
 *
 * wasm2js reads memory through typed-array views that it replaces when memory grows,
 * and evaluates `HEAPU8[f()]` by taking the view before calling f: when f grows memory,
 * the read comes from the old buffer. That gave a wrong message category in a report
 * (runtimes.test.mjs found it). So the views are made once over this reservation and
 * growing only moves the page count; past it, growing fails as running out of memory
 * does, and the handler tells the sender the message was not checked.
 */
export const RESERVED_MEMORY_BYTES = 64 * 1024 * 1024

/** A build that cannot go on: reported in one line, never a stack trace. */
class BuildError extends Error {}

function parseArguments(args) {
  const known = new Set(['--origin', '--id', '--policy', '--version', '--out'])
  const options = {}
  for (let i = 0; i < args.length; i += 2) {
    if (!known.has(args[i])) throw new BuildError(`unknown option ${args[i]}; the options are ${[...known].join(', ')}`)
    if (args[i + 1] === undefined || args[i + 1].startsWith('--')) throw new BuildError(`${args[i]} needs a value`)
    options[args[i].slice(2)] = args[i + 1]
  }
  return options
}

/** The origin dist/ is served from: HTTPS (plain HTTP only on this machine, for development), no query. */
export function checkedOrigin(text) {
  let url
  try {
    url = new URL(text)
  } catch {
    throw new BuildError(`--origin ${text} is not a URL; give where dist/ will be served, e.g. https://addins.example.nhs.uk/presend`)
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) throw new BuildError(`--origin must be an https:// URL (Outlook loads add-ins over HTTPS only), not ${text}`)
  if (url.search || url.hash) throw new BuildError(`--origin must not have a query or fragment: ${text}`)
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}

/** A name-based (version 5) UUID of the origin: stable for one deployment, different for another. */
export function idForOrigin(origin) {
  const namespace = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex') // RFC 4122's URL namespace
  const hash = createHash('sha1').update(namespace).update(origin).digest()
  hash[6] = (hash[6] & 0x0f) | 0x50
  hash[8] = (hash[8] & 0x3f) | 0x80
  const hex = hash.subarray(0, 16).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

function checkedId(text) {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text)) throw new BuildError(`--id must be a GUID like 5f3c8a52-9d4e-4b7a-8a61-2c0e9b7d4f10, not ${text}`)
  return text.toLowerCase()
}

/** The manifest's four-part version from a.b.c (or a.b.c.d). */
function checkedVersion(text) {
  const parts = text.split('.')
  if (parts.length < 3 || parts.length > 4 || !parts.every((part) => /^\d{1,5}$/.test(part))) throw new BuildError(`--version must be like 1.2.3, not ${text}`)
  return parts.concat(['0']).slice(0, 4).join('.')
}

/** The practice policy, validated by the same checker that will run it. */
async function checkedPolicy(path) {
  if (!path) return null
  let text
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new BuildError(`${path}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`)
  }
  await presend.init(readFileSync(join(wasmDir, 'presend.wasm')))
  try {
    presend.createChecker(text).free()
  } catch (error) {
    throw new BuildError(`${path}: ${error.message}`)
  }
  const consent = JSON.parse(text).consent
  if (consent && Object.keys(consent).length > 0) {
    console.warn(`warning: ${path} has a consent register of patient addresses; it is served as dist/policy.json and built into the add-in, where anyone who can reach the host can read it. Keep patient data out of a served policy unless the host is restricted to the practice.`)
  }
  return text
}

/** wasm2js's output with its memory reserved once (see RESERVED_MEMORY_BYTES). */
export function withReservedMemory(source) {
  const replace = (text, pattern, replacement, what) => {
    if (!pattern.test(text)) throw new BuildError(`unexpected wasm2js output: no ${what}`)
    return text.replace(pattern, replacement)
  }
  const initial = /var buffer = new ArrayBuffer\((\d+)\);/.exec(source)
  if (!initial) throw new BuildError('unexpected wasm2js output: no initial memory')
  if (Number(initial[1]) > RESERVED_MEMORY_BYTES) throw new BuildError(`presend-lean.wasm starts with ${initial[1]} bytes of memory, more than the ${RESERVED_MEMORY_BYTES} reserved`)
  let out = replace(source, /var buffer = new ArrayBuffer\(\d+\);/, `var buffer = new ArrayBuffer(${RESERVED_MEMORY_BYTES}); var memoryPages = ${Number(initial[1]) >> 16};`, 'initial memory')
  out = replace(out, /function __wasm_memory_size\(\) \{\s*return buffer\.byteLength >> 16;\s*\}/, 'function __wasm_memory_size() { return memoryPages; }', 'memory.size')
  out = replace(
    out,
    /function __wasm_memory_grow\(pagesToAdd\) \{[\s\S]*?return oldPages;\s*\}/,
    `function __wasm_memory_grow(pagesToAdd) {
  pagesToAdd = pagesToAdd | 0;
  var oldPages = memoryPages;
  var newPages = oldPages + pagesToAdd | 0;
  if (pagesToAdd < 0 || newPages > ${RESERVED_MEMORY_BYTES >> 16}) return -1;
  memoryPages = newPages;
  return oldPages;
 }`,
    'memory.grow'
  )
  return out
}

/** presend-lean.wasm as JavaScript, rebuilt only when the wasm changes (it takes a while). */
function wasm2js() {
  const wasm = join(wasmDir, 'presend-lean.wasm')
  const out = join(here, 'build', 'presend-lean.wasm2js.mjs')
  if (existsSync(out) && statSync(out).mtimeMs >= statSync(wasm).mtimeMs) return
  mkdirSync(join(here, 'build'), { recursive: true })
  const bin = (tool) => join(here, 'node_modules', '.bin', tool)
  // wasm-opt first: wasm2js on its own stops at some of rustc's unaligned stores.
  const optimised = join(here, 'build', 'presend-lean.opt.wasm')
  const raw = join(here, 'build', 'presend-lean.wasm2js.raw.mjs')
  for (const [tool, args] of [
    ['wasm-opt', [wasm, '-Oz', ...WASM2JS_FEATURES, '-o', optimised]],
    ['wasm2js', [optimised, '-Oz', ...WASM2JS_FEATURES, '-o', raw]],
  ]) {
    const run = spawnSync(bin(tool), args, { stdio: ['ignore', 'inherit', 'inherit'] })
    if (run.status !== 0) throw new BuildError(`${tool} failed on ${wasm}`)
  }
  // Wrapped so that the module is instantiated when the handler first checks, not at load.
  const source = withReservedMemory(readFileSync(raw, 'utf8'))
  const cut = source.indexOf('var retasmFunc = asmFunc(')
  if (cut < 0) throw new BuildError('unexpected wasm2js output: no asmFunc instantiation')
  writeFileSync(out, `${source.slice(0, cut)}\n/** Instantiates the module: its exports, as the WebAssembly build's. */\nexport function instantiate() {\n  return asmFunc({});\n}\n`)
}

async function main() {
  const options = parseArguments(process.argv.slice(2))
  const origin = checkedOrigin(options.origin ?? 'https://localhost:3000')
  const id = options.id ? checkedId(options.id) : idForOrigin(origin)
  const packageVersion = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8')).version
  const version = checkedVersion(options.version ?? packageVersion)
  for (const file of ['presend.wasm', 'presend-lean.wasm']) {
    if (!existsSync(join(wasmDir, file))) throw new BuildError(`bindings/wasm/${file} is missing: run bindings/wasm/build.sh first`)
  }
  const policy = await checkedPolicy(options.policy)
  wasm2js()

  const dist = options.out ? resolve(options.out) : join(here, 'dist')
  mkdirSync(join(dist, '.well-known'), { recursive: true })
  const common = {
    bundle: true,
    format: 'iife',
    target: 'es2016',
    loader: { '.wasm': 'binary' },
    // import.meta.url only names presend.wasm's default location; the bundles pass the core in.
    define: { __PRESEND_POLICY__: JSON.stringify(policy), __PRESEND_ORIGIN__: JSON.stringify(origin), 'import.meta.url': 'undefined' },
    legalComments: 'none',
    logLevel: 'warning',
    minify: true,
  }
  for (const entry of ['launchevent.js', 'commands.js', 'taskpane.js']) {
    await build({ ...common, entryPoints: [join(here, 'src', entry)], outfile: join(dist, entry) })
  }
  for (const file of ['commands.html', 'taskpane.html', 'taskpane.css']) cpSync(join(here, 'src', file), join(dist, file))
  for (const size of [16, 32, 64, 80, 128]) cpSync(join(here, 'assets', `icon-${size}.png`), join(dist, `icon-${size}.png`))
  writeFileSync(join(dist, 'policy.json'), policy ?? '{}\n')
  writeFileSync(join(dist, '.well-known', 'microsoft-officeaddins-allowed.json'), `${JSON.stringify({ allowed: [`${origin}/launchevent.js`] }, null, 2)}\n`)
  const manifest = readFileSync(join(here, 'manifest.xml'), 'utf8').replaceAll('{ORIGIN}', origin).replaceAll('{ID}', id).replaceAll('{VERSION}', version)
  writeFileSync(join(dist, 'manifest.xml'), manifest)

  const shown = relative(process.cwd(), dist) || '.'
  console.log(`built ${shown}/ for ${origin} (Id ${id}, version ${version})`)
  for (const file of ['launchevent.js', 'commands.js', 'taskpane.js']) console.log(`  ${shown}/${file}: ${statSync(join(dist, file)).size} bytes`)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`presend-outlook build: ${error instanceof BuildError ? error.message : error.stack || error}`)
    process.exit(1)
  })
}
