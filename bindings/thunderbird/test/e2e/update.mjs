// Self-hosted updates, end to end: a practice that hosts presend itself (build.mjs
// --update-url) must be able to ship a new version and have every Thunderbird take it
// without anyone touching it. This builds the add-on twice, 0.1.0 and 0.1.1, both naming
// an update manifest on a local server; installs 0.1.0 in a fresh profile; serves the
// 0.1.1 build's dist/update/ folder; and runs real Thunderbird headless until its
// background update check has fetched updates.json, checked the .xpi's hash and
// installed 0.1.1 (the profile's extensions.json says so). Then again with the .xpi
// altered after its hash was published: Thunderbird must refuse it and keep 0.1.0. Its
// last line is "N passed, N failed".
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { spawn, spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { userJs, stopThunderbird } from './run.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const ID = 'presend@presend-project'
const thunderbird = process.env.THUNDERBIRD ?? '/usr/lib/thunderbird/thunderbird'
const TIMEOUT_MS = 150000
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

// Thunderbird checks add-on updates once a day (the defaults of the first two prefs are
// already true); the timer prefs make the first check come seconds after start-up. The
// test's server is plain HTTP on 127.0.0.1, which only extensions.checkUpdateSecurity
// false allows; a practice serves updates.json over HTTPS and sets none of these.
const UPDATE_PREFS = `
user_pref("extensions.update.enabled", true);
user_pref("extensions.update.autoUpdateDefault", true);
user_pref("extensions.update.interval", 5);
user_pref("app.update.timerFirstInterval", 2000);
user_pref("app.update.timerMinimumDelay", 2);
user_pref("extensions.checkUpdateSecurity", false);
`

function versionIn(profile) {
  try {
    const state = JSON.parse(fs.readFileSync(path.join(profile, 'extensions.json'), 'utf8'))
    return state.addons.find((addon) => addon.id === ID)?.version ?? null
  } catch {
    return null // not written yet
  }
}

let passed = 0
let failed = 0
const check = (ok, what) => {
  if (ok) passed++
  else failed++
  console.log(`${ok ? 'ok     ' : 'FAILED '} ${what}`)
}

/** One Thunderbird run from 0.1.0, served the 0.1.1 update (altered when `tamper`). */
async function session(tamper) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'presend-update-'))
  const requests = []
  const server = http.createServer((request, response) => {
    requests.push(request.url)
    const file = path.join(scratch, 'v2', 'update', path.basename(new URL(request.url, 'http://x').pathname))
    if (!fs.existsSync(file)) return response.writeHead(404).end()
    let data = fs.readFileSync(file)
    if (tamper && file.endsWith('.xpi')) data = Buffer.concat([data, Buffer.from('altered')])
    const type = file.endsWith('.json') ? 'application/json' : 'application/x-xpinstall'
    response.writeHead(200, { 'content-type': type }).end(data)
  })
  let child = null
  let exited = null
  try {
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
    const updateUrl = `http://127.0.0.1:${server.address().port}/presend/updates.json`
    for (const [folder, version] of [['v1', '0.1.0'], ['v2', '0.1.1']]) {
      const built = spawnSync(process.execPath, [path.join(here, '..', '..', 'build.mjs'), '--update-url', updateUrl, '--version', version, '--out', path.join(scratch, folder)], { stdio: 'ignore' })
      if (built.status !== 0) throw new Error(`build of ${version} failed`)
    }
    const profile = path.join(scratch, 'profile')
    fs.mkdirSync(path.join(profile, 'extensions'), { recursive: true })
    fs.mkdirSync(path.join(scratch, 'home'))
    fs.writeFileSync(path.join(profile, 'user.js'), userJs(1).replace(/^user_pref\("extensions\.update\..*$/gm, '') + UPDATE_PREFS)
    fs.copyFileSync(path.join(scratch, 'v1', 'presend-thunderbird.xpi'), path.join(profile, 'extensions', `${ID}.xpi`))
    child = spawn(thunderbird, ['--headless', '--no-remote', '-profile', profile], {
      env: { ...process.env, HOME: path.join(scratch, 'home'), MOZ_HEADLESS: '1', MOZ_CRASHREPORTER_DISABLE: '1', MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' },
      stdio: ['ignore', 'ignore', 'ignore'],
      detached: true,
    })
    exited = new Promise((resolve) => child.once('exit', resolve))
    const started = Date.now()
    let first = null
    let fetched = null
    while (Date.now() - started < TIMEOUT_MS && child.exitCode === null) {
      await sleep(1000)
      const version = versionIn(profile)
      first ??= version
      if (version === '0.1.1') break
      if (requests.some((url) => url.endsWith('.xpi'))) fetched ??= Date.now()
      // Given the altered file, wait long enough for an install to have happened.
      if (tamper && fetched && Date.now() - fetched > 15000) break
    }
    const last = versionIn(profile)
    const label = tamper ? 'altered update' : 'update'
    check(first === '0.1.0', `${label}: 0.1.0 installed first (extensions.json said ${first})`)
    check(requests.some((url) => url.endsWith('.xpi')), `${label}: Thunderbird fetched updates.json and the .xpi it names (${requests.join(', ') || 'no requests'})`)
    if (tamper) check(last === '0.1.0', `${label}: refused for its hash, 0.1.0 kept (extensions.json says ${last})`)
    else check(last === '0.1.1', `${label}: 0.1.1 installed by Thunderbird's own update check after ${((Date.now() - started) / 1000).toFixed(0)} s (extensions.json says ${last})`)
  } catch (error) {
    failed++
    console.log(`update run failed: ${error.message}`)
  } finally {
    if (child) await stopThunderbird(child, exited)
    server.close()
    fs.rmSync(scratch, { recursive: true, force: true })
  }
}

await session(false)
await session(true)
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed === 0 && passed > 0 ? 0 : 1)
