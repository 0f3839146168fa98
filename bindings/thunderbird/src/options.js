// The options page: paste or load the policy, validated by presend itself (so the
// error names the bad key) before it is saved to local storage.
import * as presend from './presend.js'
import { loadSettings } from './lib/addon.mjs'

const api = globalThis.messenger ?? globalThis.browser
const $ = (id) => document.getElementById(id)

async function show() {
  const settings = await loadSettings(api)
  const { policy: local } = await api.storage.local.get('policy')
  const text = settings.managed ? JSON.stringify(settings.policy, null, 2) : typeof local === 'string' ? local : local ? JSON.stringify(local, null, 2) : ''
  $('policy').value = text
  $('override').checked = settings.allowBlockOverride
  $('managed').hidden = !settings.managed
  for (const id of ['policy', 'file', 'override', 'save']) $(id).disabled = settings.managed
}

$('file').addEventListener('change', async () => {
  const [file] = $('file').files
  if (file) $('policy').value = await file.text()
})

$('save').addEventListener('click', async () => {
  const text = $('policy').value.trim()
  try {
    await presend.init(api.runtime.getURL('presend.wasm'))
    presend.createChecker(text === '' ? undefined : text).free()
  } catch (error) {
    $('status').textContent = `Not saved: ${error.message}`
    return
  }
  await api.storage.local.set({ policy: text === '' ? undefined : text, allow_block_override: $('override').checked })
  $('status').textContent = 'Saved. presend will use it for the next email you send.'
})

show()
