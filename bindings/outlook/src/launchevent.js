// The OnMessageSend handler for classic Outlook on Windows, which runs it in a
// JavaScript-only runtime (no DOM, possibly no WebAssembly). Bundled to one ES2016
// file with presend.wasm inlined and the same module compiled to JavaScript by
// wasm2js, chosen at run time.
import * as presend from '../../wasm/presend.js'
import wasmBytes from '../../wasm/presend.wasm'
import { instantiate as instantiateWasm2js } from '../build/presend.wasm2js.mjs'
import { createAddin } from './addin.js'
import { localStore } from './contacts.js'
import { root } from './globals.js'

const withWebAssembly = typeof WebAssembly === 'object' && typeof WebAssembly.instantiate === 'function'
const addin = createAddin({
  presend,
  source: () => (withWebAssembly ? wasmBytes : instantiateWasm2js()),
  policy: __PRESEND_POLICY__,
  Office: root.Office,
  store: localStore(root),
})

root.Office.actions.associate('onMessageSendHandler', addin.onMessageSend)

// For diagnostics and the add-in's tests: which core runs, and a direct check.
root.presendAddin = {
  core: withWebAssembly ? 'wasm' : 'wasm2js',
  check: (draft) => addin.checker().then((checker) => checker.check(draft)),
}
