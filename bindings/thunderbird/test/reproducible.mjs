// Reproducible build: builds presend.wasm and the add-on again from a copy of the
// sources in another directory, with its own cargo target directory, and checks that
// both are byte-identical to the ones built here (run `bindings/wasm/build.sh` and
// `npm run build` first). This is what an addons.thunderbird.net reviewer does: rebuild
// from source and compare. Its last line is "N passed, N failed".
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, mkdtempSync, readFileSync, rmSync, mkdirSync } from 'node:fs'
import { tmpdir, homedir } from 'node:os'
import { join, dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..', '..')
const scratch = mkdtempSync(join(tmpdir(), 'presend-rebuild-'))
const copy = join(scratch, 'elsewhere', 'presend')

function run(command, args, cwd, env = {}) {
  const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } })
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed in ${cwd}`)
}

const digest = (path) => createHash('sha256').update(readFileSync(path)).digest('hex')
let passed = 0
let failed = 0
try {
  // The tracked sources as they are in the working tree, in a directory of another name.
  const listed = spawnSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    mkdirSync(dirname(join(copy, file)), { recursive: true })
    cpSync(join(root, file), join(copy, file))
  }
  run('bindings/wasm/build.sh', [], copy, { CARGO_TARGET_DIR: join(scratch, 'target') })
  run(process.execPath, ['bindings/thunderbird/build.mjs'], copy)
  // A reviewer's machine has another home and checkout: neither may be in the module.
  const wasm = readFileSync(join(root, 'bindings/wasm/presend.wasm'))
  const cargoHome = process.env.CARGO_HOME ?? join(homedir(), '.cargo')
  for (const path of [cargoHome, resolve(root), homedir()]) {
    if (wasm.includes(Buffer.from(path))) {
      failed++
      console.log(`DIFFERS bindings/wasm/presend.wasm embeds this machine's path ${path}`)
    } else {
      passed++
      console.log(`clean   bindings/wasm/presend.wasm names no ${path}`)
    }
  }
  for (const file of ['bindings/wasm/presend.wasm', 'bindings/thunderbird/dist/presend-thunderbird.xpi']) {
    const [ours, theirs] = [digest(join(root, file)), digest(join(copy, file))]
    if (ours === theirs) {
      passed++
      console.log(`same    ${file} (sha256 ${ours})`)
    } else {
      failed++
      console.log(`DIFFERS ${file}: here ${ours}, rebuilt elsewhere ${theirs}`)
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
