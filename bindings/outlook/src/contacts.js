// Recipients this user has sent to, as known contacts for near-miss detection. Kept
// on this computer only: OfficeRuntime.storage in Outlook's runtimes, else
// localStorage. Never sent anywhere.

const KEY = 'presend.sent_recipients'
/** Most addresses remembered. */
export const MAX_REMEMBERED = 20000

export function localStore(globals) {
  if (globals.OfficeRuntime && globals.OfficeRuntime.storage) return globals.OfficeRuntime.storage
  if (globals.localStorage) {
    const storage = globals.localStorage
    return {
      getItem: async (key) => storage.getItem(key),
      setItem: async (key, value) => storage.setItem(key, value),
    }
  }
  const memory = new Map() // no storage at all: remembered for this session only
  return { getItem: async (key) => memory.get(key) ?? null, setItem: async (key, value) => memory.set(key, value) }
}

export async function sentRecipients(store) {
  try {
    const saved = JSON.parse((await store.getItem(KEY)) || '[]')
    return Array.isArray(saved) ? saved : []
  } catch {
    return []
  }
}

export async function rememberRecipients(store, draft) {
  const seen = new Set(await sentRecipients(store))
  for (const mailbox of [...draft.to, ...draft.cc, ...draft.bcc]) {
    const address = mailbox.address.toLowerCase()
    seen.delete(address)
    seen.add(address)
  }
  const all = [...seen]
  await store.setItem(KEY, JSON.stringify(all.slice(Math.max(0, all.length - MAX_REMEMBERED))))
}
