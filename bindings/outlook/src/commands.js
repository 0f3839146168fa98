// The OnMessageSend handler for Outlook on the web, new Outlook and Mac, which load
// commands.html in a browser runtime with WebAssembly.
import * as presend from '../../wasm/presend.js'
import wasmBytes from '../../wasm/presend.wasm'
import { createAddin } from './addin.js'
import { root } from './globals.js'

root.Office.onReady(() => {
  const addin = createAddin({ presend, source: () => wasmBytes, builtInPolicy: __PRESEND_POLICY__, origin: __PRESEND_ORIGIN__, Office: root.Office, root, readAttachments: true })
  root.Office.actions.associate('onMessageSendHandler', addin.onMessageSend)
  root.presendAddin = { core: 'wasm', check: (draft) => addin.checker().then((made) => made.checker.check(draft)) }
})
