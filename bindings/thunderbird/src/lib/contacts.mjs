// Known contacts for near-miss detection: the user's address books, and everyone the
// user has sent to from this Thunderbird (kept in the extension's local storage on
// this computer only; never sent anywhere). vCards are read by presend's own contacts
// reader (`presend.parseContacts`, the same one as the CLI's --contacts), not a
// second parser in JavaScript.
import { remember } from '../addin-kit.js'

/** The email addresses in a vCard, lower case, by presend's reader; none if it cannot read it. */
export function emailsFromVCard(presend, vCard) {
  try {
    return presend.parseContacts(vCard, 'vcard').map((email) => email.toLowerCase())
  } catch {
    return []
  }
}

/** Every address in every address book, via the addressBooks API (Thunderbird 128+). */
export async function addressBookEmails(api, presend) {
  const emails = new Set()
  const books = await api.addressBooks.list(true)
  const visit = (node) => {
    for (const contact of node.contacts ?? []) {
      if (contact.vCard) emailsFromVCard(presend, contact.vCard).forEach((email) => emails.add(email))
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
export function rememberSent(remembered, addresses) {
  return remember(remembered, addresses, MAX_REMEMBERED)
}
