// The practice policy at run time: `policy.json`, served beside the add-in's own files,
// so a practice changes its policy by replacing one file, with no rebuild and no admin
// re-consent. presend never checks with a weaker policy in silence:
// - a served policy that presend accepts is used, and kept on this computer as the last
//   good copy;
// - when the host cannot be reached, the last good copy is used (it is the practice's
//   own policy); with none, the built-in policy is used and the user is told;
// - when policy.json is missing or invalid, the last good copy (or the built-in policy)
//   is used and the user is told, naming the problem, on every send until it is fixed.

export const POLICY_FILE = 'policy.json'
/** How long a send waits for policy.json before using the last good copy. */
export const FETCH_TIMEOUT_MS = 3000
const CACHE_KEY = 'presend.policy.last_good'

/**
 * Where policy.json is. A page (the browser runtime, the task pane) resolves it beside
 * itself; classic Outlook's JavaScript-only runtime has no page and needs an absolute
 * URL (Microsoft's "Activate add-ins with events": relative URLs are not supported
 * there), so it uses the origin the add-in was built for.
 */
export function policyUrl(root, origin) {
  const href = root.location && typeof root.location.href === 'string' ? root.location.href : ''
  if (/^https?:/i.test(href)) return href.replace(/[?#].*$/, '').replace(/[^/]*$/, '') + POLICY_FILE
  return `${origin.replace(/\/+$/, '')}/${POLICY_FILE}`
}

/**
 * This computer's store for the last good policy: OfficeRuntime.storage in classic
 * Outlook's JavaScript-only runtime (its only persistent store), localStorage in a
 * browser runtime, else memory for this session.
 */
export function deviceStore(root) {
  if (root.OfficeRuntime && root.OfficeRuntime.storage) return root.OfficeRuntime.storage
  try {
    if (root.localStorage) {
      const storage = root.localStorage
      return {
        getItem: (key) => Promise.resolve(storage.getItem(key)),
        setItem: (key, value) => Promise.resolve(storage.setItem(key, value)),
      }
    }
  } catch {
    // localStorage refused (storage partitioning, privacy settings): use memory.
  }
  const memory = new Map()
  return {
    getItem: (key) => Promise.resolve(memory.has(key) ? memory.get(key) : null),
    setItem: (key, value) => Promise.resolve(void memory.set(key, value)),
  }
}

function withTimeout(promise, ms, root) {
  if (typeof root.setTimeout !== 'function') return promise
  return new Promise((resolve, reject) => {
    const timer = root.setTimeout(() => reject(new Error(`no answer in ${ms / 1000} s`)), ms)
    promise.then(
      (value) => {
        root.clearTimeout(timer)
        resolve(value)
      },
      (error) => {
        root.clearTimeout(timer)
        reject(error)
      },
    )
  })
}

/**
 * Fetches policy.json: `{ status: 'found', text }`, `{ status: 'missing', reason }` (the
 * host answered that there is none) or `{ status: 'unreachable', reason }`.
 */
export async function fetchPolicy(root, url, timeoutMs = FETCH_TIMEOUT_MS) {
  if (typeof root.fetch !== 'function') return { status: 'unreachable', reason: 'this Outlook cannot fetch files' }
  try {
    const response = await withTimeout(root.fetch(url, { cache: 'no-cache', credentials: 'omit' }), timeoutMs, root)
    if (response.ok) return { status: 'found', text: await withTimeout(response.text(), timeoutMs, root) }
    if (response.status === 404 || response.status === 410) return { status: 'missing', reason: `HTTP ${response.status}` }
    return { status: 'unreachable', reason: `HTTP ${response.status}` }
  } catch (error) {
    return { status: 'unreachable', reason: (error && error.message) || String(error) }
  }
}

const TELL = 'tell your practice manager.'

/**
 * The policies to try, best first, each with the note the user must see when it is the
 * one in force. `fetched` is fetchPolicy's answer; `builtIn` the policy built into the
 * add-in (JSON text).
 */
export async function policyCandidates(fetched, store, builtIn) {
  let cached = null
  try {
    cached = await store.getItem(CACHE_KEY)
  } catch {
    // No cache on this computer: the built-in policy is the fallback.
  }
  const fallback = (why) => {
    const list = []
    if (typeof cached === 'string') list.push({ text: cached, source: 'last good copy', note: why && `${why} presend is checking with the last good copy of the practice policy: ${TELL}` })
    list.push({ text: builtIn, source: 'built-in', note: `${why || 'The practice policy could not be fetched.'} presend is checking with its built-in settings, which know nothing of this practice: ${TELL}` })
    return list
  }
  if (fetched.status === 'found') {
    return [{ text: fetched.text, source: 'served', note: null, cache: true }].concat(fallback(null))
  }
  if (fetched.status === 'missing') {
    return fallback(`The practice policy (${POLICY_FILE}) is missing from the add-in's web host (${fetched.reason}).`)
  }
  // Unreachable: the last good copy is the practice's own policy, used without a note.
  const list = fallback(`The practice policy (${POLICY_FILE}) could not be fetched (${fetched.reason}).`)
  if (list.length === 2) list[0].note = null
  return list
}

/** A served policy that presend rejected: the note that replaces the fallback's own. */
export function invalidNote(error, next) {
  const into = next.source === 'built-in' ? 'its built-in settings, which know nothing of this practice' : 'the last good copy of the practice policy'
  return `The practice policy (${POLICY_FILE}) is not valid: ${(error && error.message) || error}. presend is checking with ${into}: ${TELL}`
}

/** Keeps a policy presend accepted as this computer's last good copy. */
export function keepAsLastGood(store, text) {
  return Promise.resolve()
    .then(() => store.setItem(CACHE_KEY, text))
    .catch(() => {})
}
