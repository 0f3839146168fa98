// `npm run build` for a deployment: --origin and --id land in the manifest (an Id of its
// own per origin, stable across rebuilds), the policy is validated by presend and
// written as the served policy.json, the JavaScript-only handler is allowed to fetch it
// (the well-known file), and every mistake stops the build with one line naming it.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync, readFileSync, rmSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { idForOrigin } from '../build.mjs'

const here = dirname(fileURLToPath(import.meta.url))
let scratch
before(() => {
  scratch = mkdtempSync(join(tmpdir(), 'presend-outlook-build-'))
})
after(() => rmSync(scratch, { recursive: true, force: true }))

function buildWith(...args) {
  return spawnSync(process.execPath, [join(here, '..', 'build.mjs'), ...args], { encoding: 'utf8' })
}

function policyFile(name, text) {
  const path = join(scratch, name)
  writeFileSync(path, text)
  return path
}

test('a deployment build writes its origin, its own Id, the served policy and the well-known file', () => {
  const out = join(scratch, 'dist')
  const policy = '{"organisation_domains": ["meadowbank-practice.nhs.uk"]}\n'
  const result = buildWith('--origin', 'https://addins.example.nhs.uk/presend/', '--policy', policyFile('practice.json', policy), '--version', '2.3.4', '--out', out)
  assert.equal(result.status, 0, result.stderr)
  const manifest = readFileSync(join(out, 'manifest.xml'), 'utf8')
  const id = idForOrigin('https://addins.example.nhs.uk/presend')
  assert.match(manifest, new RegExp(`<Id>${id}</Id>`))
  assert.match(manifest, /<Version>2\.3\.4\.0<\/Version>/)
  assert.match(manifest, /DefaultValue="https:\/\/addins\.example\.nhs\.uk\/presend\/launchevent\.js"/)
  assert.doesNotMatch(manifest, /\{(ORIGIN|ID|VERSION)\}/)
  assert.equal(readFileSync(join(out, 'policy.json'), 'utf8'), policy)
  assert.deepEqual(JSON.parse(readFileSync(join(out, '.well-known', 'microsoft-officeaddins-allowed.json'), 'utf8')), { allowed: ['https://addins.example.nhs.uk/presend/launchevent.js'] })
  assert.ok(readFileSync(join(out, 'launchevent.js'), 'utf8').includes('"https://addins.example.nhs.uk/presend"'), 'the handler knows its origin')
})

test('each origin has its own stable Id; --id overrides it', () => {
  assert.equal(idForOrigin('https://a.example/presend'), idForOrigin('https://a.example/presend'))
  assert.notEqual(idForOrigin('https://a.example/presend'), idForOrigin('https://b.example/presend'))
  assert.match(idForOrigin('https://a.example/presend'), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  const out = join(scratch, 'with-id')
  assert.equal(buildWith('--id', '5F3C8A52-9D4E-4B7A-8A61-2C0E9B7D4F10', '--out', out).status, 0)
  assert.match(readFileSync(join(out, 'manifest.xml'), 'utf8'), /<Id>5f3c8a52-9d4e-4b7a-8a61-2c0e9b7d4f10<\/Id>/)
  assert.equal(readFileSync(join(out, 'policy.json'), 'utf8'), '{}\n', 'no --policy: presend\'s defaults are served')
})

test('mistakes stop the build in one line, naming what is wrong', () => {
  const cases = [
    [['--policy', policyFile('bad.json', '{"rules": {"txtspeak": "off"}}')], /bad\.json: invalid policy at `rules\.txtspeak`: unknown rule `txtspeak`; did you mean `textspeak`\?/],
    [['--policy', join(scratch, 'absent.json')], /absent\.json: no such file/],
    [['--origin', 'http://addins.example.nhs.uk'], /--origin must be an https:\/\/ URL/],
    [['--origin', 'not a url'], /--origin not a url is not a URL/],
    [['--id', '1234'], /--id must be a GUID/],
    [['--version', 'latest'], /--version must be like 1\.2\.3/],
    [['--polcy', 'x.json'], /unknown option --polcy/],
    [['--origin'], /--origin needs a value/],
  ]
  for (const [args, message] of cases) {
    const out = join(scratch, 'refused')
    const result = buildWith(...args, '--out', out)
    assert.equal(result.status, 1, args.join(' '))
    assert.match(result.stderr, message)
    assert.equal(result.stderr.trim().split('\n').length, 1, `one line for ${args.join(' ')}: ${result.stderr}`)
    assert.ok(!existsSync(join(out, 'manifest.xml')), 'nothing is half-built')
  }
})
