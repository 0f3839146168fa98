// The OnMessageSend handler for classic Outlook on Windows, which runs it in a
// JavaScript-only runtime: one file, no imports, no DOM, no localStorage, and perhaps no
// WebAssembly. It carries one copy of the core, presend-lean.wasm compiled to
// JavaScript by binaryen's wasm2js, so it runs the same everywhere and stays small
// enough to load on every Send (the runtime starts afresh each time).
import * as presend from '../../wasm/presend.js'
import { instantiate } from '../build/presend-lean.wasm2js.mjs'
import { createAddin } from './addin.js'
import { root } from './globals.js'

// The module is instantiated once: a checker made again (after a failure, or when the
// policy is re-read) reuses it rather than allocating a second copy of its memory.
let instance = null
const addin = createAddin({
  presend,
  source: () => instance || (instance = instantiate()),
  builtInPolicy: __PRESEND_POLICY__,
  origin: __PRESEND_ORIGIN__,
  Office: root.Office,
  root,
})

// Code in Office.onReady does not run for event handlers in this runtime (Microsoft's
// "Activate add-ins with events"), so the handler is associated at load.
root.Office.actions.associate('onMessageSendHandler', addin.onMessageSend)

// For diagnostics and the add-in's tests: which core runs, and a direct check.
root.presendAddin = {
  core: 'wasm2js',
  check: (draft) => addin.checker().then((made) => made.checker.check(draft)),
}
