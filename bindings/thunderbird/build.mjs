// Assembles the add-on: src/ plus presend.js and presend.wasm from bindings/wasm
// (build that first), zipped as dist/presend-thunderbird.xpi with its files at the
// root. No npm dependencies: Python's zipfile writes the archive, reproducibly (entries
// sorted, fixed timestamps and permissions), so a reviewer who rebuilds from the same
// sources gets the same bytes (test/reproducible.mjs).
import { cpSync, mkdirSync, rmSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const wasm = join(here, '..', 'wasm')
const out = join(here, 'dist', 'extension')
const xpi = join(here, 'dist', 'presend-thunderbird.xpi')
/** The end-to-end test's driver add-on (test/e2e/driver/manifest.json). */
const E2E_DRIVER = 'presend-e2e-driver@presend-project'

if (!existsSync(join(wasm, 'presend.wasm'))) {
  console.error('bindings/wasm/presend.wasm is missing: run bindings/wasm/build.sh first')
  process.exit(1)
}
rmSync(join(here, 'dist'), { recursive: true, force: true })
mkdirSync(out, { recursive: true })
cpSync(join(here, 'src'), out, { recursive: true })
cpSync(join(wasm, 'presend.js'), join(out, 'presend.js'))
cpSync(join(wasm, 'presend.wasm'), join(out, 'presend.wasm'))
cpSync(join(wasm, 'addin-kit.js'), join(out, 'addin-kit.js')) // the file itself, over src/'s re-export
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
const e2e = join(here, 'dist', 'e2e')
cpSync(out, e2e, { recursive: true })
writeFileSync(
  join(e2e, 'background.js'),
  `${readFileSync(join(out, 'background.js'), 'utf8')}
// End-to-end test build only (build.mjs): the driver acts in the warning window's place.
api.runtime.onMessageExternal.addListener((message, sender) => (sender.id === ${JSON.stringify(E2E_DRIVER)} ? addon.onMessage(message) : undefined))
`,
)
pack(e2e, join(here, 'dist', 'presend-thunderbird-e2e.xpi'))
