// presend for Thunderbird: checks every message at send time (compose.onBeforeSend)
// with presend.wasm, and holds the send while the user reads what is wrong.
// Listeners are registered at once, as an event page must; the checker loads lazily.
import * as presend from './presend.js'
import { createAddon } from './lib/addon.mjs'

const api = globalThis.messenger ?? globalThis.browser

let loadError = null
const loading = presend.init(api.runtime.getURL('presend.wasm')).catch((error) => {
  loadError = error
})

const addon = createAddon(api, {
  presend: {
    parseContacts: (text, format) => presend.parseContacts(text, format),
    createChecker(policy) {
      // A checker that failed to load is reported at send time, never skipped.
      if (loadError) throw new Error(`presend could not load its checker (${loadError.message ?? loadError})`)
      return presend.createChecker(policy)
    },
  },
})

api.compose.onBeforeSend.addListener(async (tab, details) => {
  await loading
  return addon.onBeforeSend(tab, details)
})
api.compose.onAfterSend.addListener((tab, info) => addon.onAfterSend(tab, info))
api.runtime.onMessage.addListener((message) => addon.onMessage(message))
api.windows.onRemoved.addListener((windowId) => addon.onWindowRemoved(windowId))
api.runtime.onConnect.addListener((port) => addon.onConnect(port))
api.storage.onChanged.addListener(() => addon.invalidate())
for (const event of ['onCreated', 'onUpdated', 'onDeleted']) {
  api.addressBooks?.contacts?.[event]?.addListener(() => addon.invalidate())
}
