// The add-in only XML manifest, checked offline: well-formed (xmllint), and each
// element the Smart Alerts documentation requires is there and points at files the
// build writes. (Microsoft's XSDs are not available offline here, so this is a
// structural test rather than schema validation.)
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { readFileSync, existsSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { TASKPANE_COMMAND } from '../src/alert.js'

const here = dirname(fileURLToPath(import.meta.url))
const manifest = join(here, '..', 'dist', 'manifest.xml')

function xpath(expression) {
  const result = spawnSync('xmllint', ['--xpath', expression, manifest], { encoding: 'utf8' })
  return result.status === 0 ? result.stdout.trim() : ''
}
const local = (name) => `*[local-name()='${name}']`

test('the manifest is well-formed XML', () => {
  const result = spawnSync('xmllint', ['--noout', manifest], { encoding: 'utf8' })
  assert.equal(result.status, 0, result.stderr)
})

test('OnMessageSend is wired to the handler with SoftBlock and requirement set 1.12', () => {
  const launch = `//${local('LaunchEvent')}`
  assert.equal(xpath(`string(${launch}/@Type)`), 'OnMessageSend')
  assert.equal(xpath(`string(${launch}/@FunctionName)`), 'onMessageSendHandler')
  assert.equal(xpath(`string(${launch}/@SendMode)`), 'SoftBlock')
  assert.ok(Number(xpath(`string(//${local('Sets')}[@DefaultMinVersion]/@DefaultMinVersion)`)) >= 1.12)
  assert.equal(xpath(`string(//${local('ExtensionPoint')}[@*[local-name()='type']='LaunchEvent']/${local('SourceLocation')}/@resid)`), 'WebViewRuntime.Url')
  const source = readFileSync(join(here, '..', 'src', 'launchevent.js'), 'utf8')
  assert.match(source, /associate\('onMessageSendHandler'/)
})

test('both runtimes and the task pane point at built files', () => {
  const url = (id) => xpath(`string(//${local('Url')}[@id='${id}']/@DefaultValue)`)
  assert.equal(xpath(`string(//${local('Runtime')}/${local('Override')}[@type='javascript']/@resid)`), 'JSRuntime.Url')
  for (const [id, file] of [['WebViewRuntime.Url', 'commands.html'], ['JSRuntime.Url', 'launchevent.js'], ['TaskPane.Url', 'taskpane.html']]) {
    assert.ok(url(id).startsWith('https://') && url(id).endsWith(`/${file}`), `${id}: ${url(id)}`)
    assert.ok(existsSync(join(here, '..', 'dist', file)), `dist/${file}`)
  }
  assert.equal(xpath(`string(//${local('Control')}[@id='${TASKPANE_COMMAND}']/@id)`), TASKPANE_COMMAND, 'commandId names the task pane button')
  assert.equal(xpath(`string(//${local('Permissions')})`), 'ReadWriteItem')
  assert.ok(!/\{(ORIGIN|ID|VERSION)\}/.test(readFileSync(manifest, 'utf8')))
  assert.match(xpath(`string(//${local('Id')})`), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
})
