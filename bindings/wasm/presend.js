// presend for WebAssembly: a dependency-free ES module over presend.wasm, with the
// same calls as the Node package. Works in browsers, add-ins (Thunderbird, Outlook)
// and Node.
//
//   import { init, createChecker, rules, version } from './presend.js'
//   await init()                         // fetches ./presend.wasm beside this file
//   const checker = createChecker({ known_contacts: ['an.other@nhs.net'] })
//   const report = checker.check({ to: ['am.other@nhs.net'], subject: 'Referral' })
//
// presend.wasm is libpresend (crates/presend-ffi) built for wasm32: this module speaks
// the same C ABI as C hosts do (crates/presend-ffi/include/presend.h), so the rules,
// errors and reports are those of every other presend binding.

const OK = 0
/** Flag: show patient-identifiable data as written instead of masked. */
const SHOW_PID = 1
// TextEncoder and TextDecoder are absent from some add-in runtimes (Outlook's
// JavaScript-only runtime): a small UTF-8 codec stands in for them there.
const encoder = typeof TextEncoder === 'function' ? new TextEncoder() : { encode: encodeUtf8 }
const decoder = typeof TextDecoder === 'function' ? new TextDecoder('utf-8', { fatal: false }) : { decode: decodeUtf8 }

function encodeUtf8(text) {
  const out = []
  for (const ch of text) {
    let code = ch.codePointAt(0)
    if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd // a lone surrogate
    if (code < 0x80) out.push(code)
    else if (code < 0x800) out.push(0xc0 | (code >> 6), 0x80 | (code & 63))
    else if (code < 0x10000) out.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63))
    else out.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 63), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63))
  }
  return new Uint8Array(out)
}

function decodeUtf8(bytes) {
  let text = ''
  for (let i = 0; i < bytes.length; ) {
    const byte = bytes[i]
    const extra = byte >= 0xf0 ? 3 : byte >= 0xe0 ? 2 : byte >= 0xc0 ? 1 : 0
    let code = extra === 0 ? byte : byte & (0x3f >> extra)
    for (let k = 1; k <= extra; k++) code = (code << 6) | (bytes[i + k] & 63)
    text += String.fromCodePoint(byte >= 0x80 && byte < 0xc0 ? 0xfffd : code)
    i += extra + 1
  }
  return text
}

let exports = null
let scratch = 0 // 8 bytes of module memory for out-parameters

/** presend's version, once `init` has run. */
export let version = ''

/**
 * Loads presend.wasm. `source` may be a URL (or string), a Response, the bytes
 * (ArrayBuffer or typed array), or a compiled WebAssembly.Module; by default the
 * presend.wasm beside this module is fetched. Where a host has no WebAssembly at all,
 * `source` may instead be the exports of the same module compiled to JavaScript by
 * binaryen's wasm2js. Safe to call more than once.
 */
export async function init(source = new URL('./presend.wasm', import.meta.url)) {
  if (exports) return
  if (source && typeof source.presend_checker_new === 'function') {
    // wasm2js output: the same functions and memory, as plain JavaScript.
    exports = source
    scratch = exports.presend_alloc(8)
    version = readCString(exports.presend_version())
    return
  }
  let module
  if (source instanceof WebAssembly.Module) {
    module = source
  } else if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
    module = await WebAssembly.compile(source)
  } else {
    const response = source instanceof Response ? source : await fetch(source)
    if (!response.ok) throw new Error(`presend: cannot load ${response.url || source}: HTTP ${response.status}`)
    module = await WebAssembly.compile(await response.arrayBuffer())
  }
  // The module imports nothing: no host functions, no WASI.
  const instance = await WebAssembly.instantiate(module, {})
  exports = instance.exports
  scratch = exports.presend_alloc(8)
  version = readCString(exports.presend_version())
}

function ready() {
  if (!exports) throw new Error('presend: call and await init() before using the checker')
  return exports
}

const bytes = () => new Uint8Array(exports.memory.buffer)
const view = () => new DataView(exports.memory.buffer)

function readCString(pointer) {
  const memory = bytes()
  const end = memory.indexOf(0, pointer)
  return decoder.decode(memory.subarray(pointer, end < 0 ? memory.length : end))
}

/** Copies input into module memory; NULL for input over the limit, which presend refuses by length. */
function withInput(data, body) {
  const input = typeof data === 'string' ? encoder.encode(data) : data
  const limit = 64 * 1024 * 1024
  if (input.length > limit) return body(0, input.length)
  const pointer = exports.presend_alloc(input.length)
  try {
    bytes().set(input, pointer)
    return body(pointer, input.length)
  } finally {
    exports.presend_dealloc(pointer, input.length)
  }
}

const STATUS_NAMES = [
  'PRESEND_OK',
  'PRESEND_NULL_ARGUMENT',
  'PRESEND_INVALID_UTF8',
  'PRESEND_INVALID_POLICY',
  'PRESEND_INVALID_DRAFT',
  'PRESEND_INVALID_MESSAGE',
  'PRESEND_INPUT_TOO_LARGE',
  'PRESEND_INTERNAL_ERROR',
  'PRESEND_INVALID_ARGUMENT',
  'PRESEND_INVALID_CONTACTS',
  'PRESEND_INVALID_PATIENTS',
]

function failure(status) {
  const length = exports.presend_last_error(0, 0)
  const buffer = exports.presend_alloc(length + 1)
  let message
  try {
    exports.presend_last_error(buffer, length + 1)
    message = readCString(buffer)
  } finally {
    exports.presend_dealloc(buffer, length + 1)
  }
  const error = new Error(message || STATUS_NAMES[status] || `presend status ${status}`)
  error.status = STATUS_NAMES[status] ?? status
  return error
}

/** Runs a call whose last argument is a `char **` out-parameter; returns the string. */
function callForString(call) {
  const status = call(scratch)
  if (status !== OK) throw failure(status)
  const pointer = view().getUint32(scratch, true)
  try {
    return readCString(pointer)
  } finally {
    exports.presend_string_free(pointer)
  }
}

const registry = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry((handle) => exports.presend_checker_free(handle))
  : null

/**
 * Compiles a practice policy (an object or JSON text; omitted for the embedded
 * default). Throws an Error naming the bad key, e.g. `rules.txtspeak`. Options:
 * `{ patients }`, the practice's patient list as CSV text (email address, NHS number,
 * name, date of birth), for the wrong-patient rule; held in the module's memory only.
 */
export function createChecker(policy, { patients } = {}) {
  const wasm = ready()
  const withOptional = (data, body) => (data === undefined || data === null ? body(0, 0) : withInput(data, body))
  const policyText = policy === undefined || policy === null ? null : typeof policy === 'string' ? policy : JSON.stringify(policy)
  const status = withOptional(policyText, (policyPointer, policyLength) =>
    withOptional(patients, (patientsPointer, patientsLength) =>
      wasm.presend_checker_new_with_patients(policyPointer, policyLength, patientsPointer, patientsLength, scratch),
    ),
  )
  if (status !== OK) throw failure(status)
  let handle = view().getUint32(scratch, true)
  const checker = {
    /**
     * Checks a draft (an object or JSON text) as the add-ins build it. Options:
     * `{ showPid: true }` to show patient data unmasked. Returns the report
     * `{verdict, findings}`; throws naming the bad field of a malformed draft.
     */
    check(draft, options = {}) {
      const text = typeof draft === 'string' ? draft : JSON.stringify(draft)
      return JSON.parse(
        callForString((out) =>
          withInput(text, (pointer, length) =>
            wasm.presend_checker_check_json_with_flags(live(), pointer, length, flags(options), out),
          ),
        ),
      )
    },
    /** Checks an RFC 5322 message: a Uint8Array (or ArrayBuffer) of its bytes, or a string. */
    checkMime(message, options = {}) {
      const data = message instanceof ArrayBuffer ? new Uint8Array(message) : message
      return JSON.parse(
        callForString((out) =>
          withInput(data, (pointer, length) =>
            wasm.presend_checker_check_mime_with_flags(live(), pointer, length, flags(options), out),
          ),
        ),
      )
    },
    /** Frees the checker now rather than when it is garbage-collected. */
    free() {
      if (handle) {
        registry?.unregister(checker)
        wasm.presend_checker_free(handle)
        handle = 0
      }
    },
  }
  function live() {
    if (!handle) throw new Error('presend: this checker has been freed')
    return handle
  }
  registry?.register(checker, handle, checker)
  return checker
}

function flags(options) {
  return options && options.showPid ? SHOW_PID : 0
}

/** The module's memory in bytes: for diagnostics (it grows, and is never given back). */
export function memoryBytes() {
  return ready().memory.buffer.byteLength
}

/** The formats `parseContacts` reads, as the C ABI numbers them (PRESEND_CONTACTS_*). */
const CONTACT_FORMATS = { csv: 0, vcard: 1, json: 2 }

/**
 * The addresses in a contacts export, read by presend's own reader (the CLI's
 * `--contacts`): `format` is 'csv', 'vcard' or 'json'. Returns an array of addresses;
 * throws naming where a malformed export goes wrong (status PRESEND_INVALID_CONTACTS).
 */
export function parseContacts(text, format) {
  const wasm = ready()
  if (!(format in CONTACT_FORMATS)) throw new Error(`presend: unknown contacts format ${format}; use csv, vcard or json`)
  return JSON.parse(
    callForString((out) => withInput(text, (pointer, length) => wasm.presend_contacts_json(CONTACT_FORMATS[format], pointer, length, out))),
  )
}

/** Every rule: `[{id, default_severity, summary, guidance}]`. */
export function rules() {
  const wasm = ready()
  return JSON.parse(callForString((out) => wasm.presend_rules_json(out)))
}
