// The OnMessageSend handler for Outlook on the web, new Outlook and Mac, which load
// commands.html in a browser runtime with WebAssembly.
import * as presend from '../../wasm/presend.js'
import wasmBytes from '../../wasm/presend.wasm'
import { createAddin } from './addin.js'
import { localStore } from './contacts.js'
import { root } from './globals.js'

root.Office.onReady(() => {
  const addin = createAddin({ presend, source: () => wasmBytes, policy: __PRESEND_POLICY__, Office: root.Office, store: localStore(root) })
  root.Office.actions.associate('onMessageSendHandler', addin.onMessageSend)
  root.presendAddin = { core: 'wasm', check: (draft) => addin.checker().then((checker) => checker.check(draft)) }
})
