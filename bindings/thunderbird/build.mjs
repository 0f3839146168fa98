// Assembles the add-on: src/ plus presend.js and presend.wasm from bindings/wasm
// (build that first), zipped as dist/presend-thunderbird.xpi with its files at the
// root. No npm dependencies: Python's zipfile writes the archive.
import { cpSync, mkdirSync, rmSync, existsSync, readdirSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const wasm = join(here, '..', 'wasm')
const out = join(here, 'dist', 'extension')
const xpi = join(here, 'dist', 'presend-thunderbird.xpi')

if (!existsSync(join(wasm, 'presend.wasm'))) {
  console.error('bindings/wasm/presend.wasm is missing: run bindings/wasm/build.sh first')
  process.exit(1)
}
rmSync(join(here, 'dist'), { recursive: true, force: true })
mkdirSync(out, { recursive: true })
cpSync(join(here, 'src'), out, { recursive: true })
cpSync(join(wasm, 'presend.js'), join(out, 'presend.js'))
cpSync(join(wasm, 'presend.wasm'), join(out, 'presend.wasm'))
const files = readdirSync(out)
const zip = spawnSync('python3', ['-m', 'zipfile', '-c', xpi, ...files], { cwd: out, stdio: 'inherit' })
if (zip.status !== 0) process.exit(zip.status ?? 1)
console.log(`built ${xpi}`)
