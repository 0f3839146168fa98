// Known contacts for near-miss detection: the user's address books, and everyone the
// user has sent to from this Thunderbird (kept in the extension's local storage on
// this computer only; never sent anywhere).

/** Email addresses in a vCard (EMAIL properties, folded lines joined). */
export function emailsFromVCard(vCard) {
  const unfolded = vCard.replace(/\r?\n[ \t]/g, '')
  const emails = []
  for (const line of unfolded.split(/\r?\n/)) {
    const match = /^(?:[^:;.]+\.)?EMAIL(?:;[^:]*)?:(.+)$/i.exec(line)
    if (match && match[1].includes('@')) emails.push(match[1].trim().toLowerCase())
  }
  return emails
}

/** Every address in every address book, via the addressBooks API (Thunderbird 128+). */
export async function addressBookEmails(api) {
  const emails = new Set()
  const books = await api.addressBooks.list(true)
  const visit = (node) => {
    for (const contact of node.contacts ?? []) {
      if (contact.vCard) emailsFromVCard(contact.vCard).forEach((email) => emails.add(email))
      for (const key of ['PrimaryEmail', 'SecondEmail']) {
        const value = contact.properties?.[key]
        if (value && value.includes('@')) emails.add(value.toLowerCase())
      }
    }
    for (const list of node.mailingLists ?? []) visit(list)
  }
  books.forEach(visit)
  return [...emails]
}

/** Most sent-to addresses remembered. */
export const MAX_REMEMBERED = 20000

/** `remembered` with `addresses` added, most recent last, capped. */
export function remember(remembered, addresses) {
  const set = new Set(remembered)
  for (const address of addresses) {
    set.delete(address)
    set.add(address)
  }
  const all = [...set]
  return all.slice(Math.max(0, all.length - MAX_REMEMBERED))
}
