// Assembles the add-on: src/ plus presend.js and presend.wasm from bindings/wasm
// (build that first), zipped as dist/presend-thunderbird.xpi with its files at the
// root. No npm dependencies: Python's zipfile writes the archive, reproducibly (entries
// sorted, fixed timestamps and permissions), so a reviewer who rebuilds from the same
// sources gets the same bytes (test/reproducible.mjs).
//
// For a practice that hosts the add-on itself rather than installing it from
// addons.thunderbird.net: --update-url URL puts that update manifest's address in the
// add-on (browser_specific_settings.gecko.update_url, which ATN refuses, so the default
// build has none) and writes dist/update/: updates.json and the versioned .xpi it names,
// to publish together at that URL's folder. --version sets the add-on's version, --out
// another output folder.
import { cpSync, mkdirSync, rmSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { join, dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const here = dirname(fileURLToPath(import.meta.url))
const { values: options } = parseArgs({
  options: { 'update-url': { type: 'string' }, version: { type: 'string' }, out: { type: 'string' } },
})
const wasm = join(here, '..', 'wasm')
const dist = options.out ? resolve(options.out) : join(here, 'dist')
const out = join(dist, 'extension')
const xpi = join(dist, 'presend-thunderbird.xpi')
/** The end-to-end test's driver add-on (test/e2e/driver/manifest.json). */
const E2E_DRIVER = 'presend-e2e-driver@presend-project'

if (!existsSync(join(wasm, 'presend.wasm'))) {
  console.error('bindings/wasm/presend.wasm is missing: run bindings/wasm/build.sh first')
  process.exit(1)
}
rmSync(dist, { recursive: true, force: true })
mkdirSync(out, { recursive: true })
cpSync(join(here, 'src'), out, { recursive: true })
cpSync(join(wasm, 'presend.js'), join(out, 'presend.js'))
cpSync(join(wasm, 'presend.wasm'), join(out, 'presend.wasm'))
cpSync(join(wasm, 'addin-kit.js'), join(out, 'addin-kit.js')) // the file itself, over src/'s re-export
const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))
if (options.version) manifest.version = options.version
if (options['update-url']) manifest.browser_specific_settings.gecko.update_url = new URL(options['update-url']).href
writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)
const ZIP = `
import os, sys, zipfile
root, target = sys.argv[1], sys.argv[2]
names = sorted(os.path.relpath(os.path.join(d, f), root).replace(os.sep, '/') for d, _, fs in os.walk(root) for f in fs)
with zipfile.ZipFile(target, 'w') as archive:
    for name in names:
        info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        with open(os.path.join(root, name), 'rb') as source:
            archive.writestr(info, source.read(), compresslevel=9)
`
function pack(folder, target) {
  const zip = spawnSync('python3', ['-c', ZIP, folder, target], { stdio: 'inherit' })
  if (zip.status !== 0) process.exit(zip.status ?? 1)
  console.log(`built ${target}`)
}
pack(out, xpi)

// The end-to-end test's build: the same add-on, plus one listener that lets the
// test's driver add-on (and only it) send the messages the warning window sends, so a
// test can press a fix and "Send" as a user would. Thunderbird gives no other way to
// act inside another add-on's window. Never shipped: only presend-thunderbird.xpi is.
const e2e = join(dist, 'e2e')
cpSync(out, e2e, { recursive: true })
writeFileSync(
  join(e2e, 'background.js'),
  `${readFileSync(join(out, 'background.js'), 'utf8')}
// End-to-end test build only (build.mjs): the driver acts in the warning window's place.
api.runtime.onMessageExternal.addListener((message, sender) => (sender.id === ${JSON.stringify(E2E_DRIVER)} ? addon.onMessage(message) : undefined))
`,
)
pack(e2e, join(dist, 'presend-thunderbird-e2e.xpi'))

// Self-hosted updates: Mozilla's JSON update manifest, naming this version's .xpi beside
// it and its SHA-256, which Thunderbird checks before installing the update.
if (manifest.browser_specific_settings.gecko.update_url) {
  const { id, update_url: updateUrl, strict_min_version: minimum } = manifest.browser_specific_settings.gecko
  const name = `presend-thunderbird-${manifest.version}.xpi`
  mkdirSync(join(dist, 'update'))
  cpSync(xpi, join(dist, 'update', name))
  const update = {
    version: manifest.version,
    update_link: new URL(name, updateUrl).href,
    update_hash: `sha256:${createHash('sha256').update(readFileSync(xpi)).digest('hex')}`,
    applications: { gecko: { strict_min_version: minimum } },
  }
  writeFileSync(join(dist, 'update', 'updates.json'), `${JSON.stringify({ addons: { [id]: { updates: [update] } } }, null, 2)}\n`)
  console.log(`wrote ${join(dist, 'update')}: publish it at ${new URL('.', updateUrl).href}`)
}
