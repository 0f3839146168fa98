// One-click fixes: the change to Thunderbird's compose details that carries out a
// presend fix. Returns the details to pass to compose.setComposeDetails, or null
// when the fix cannot be applied to this message.
import { addressOf, recipientList } from './draft.mjs'
import { insertHtmlParagraph, insertPlainText, spliceUtf16 } from '../addin-kit.js'

export function changesFor(fix, details) {
  switch (fix.kind) {
    case 'move-to-bcc': {
      const moving = new Set(fix.addresses.map((address) => address.toLowerCase()))
      const stays = (list) => recipientList(list).filter((recipient) => !moving.has(addressOf(recipient)))
      const moved = [...recipientList(details.to), ...recipientList(details.cc)].filter((recipient) =>
        moving.has(addressOf(recipient)),
      )
      const to = stays(details.to)
      if (fix.to && !to.some((recipient) => addressOf(recipient) === fix.to.toLowerCase())) {
        // The sender's own address, with their display name when the compose window has it.
        const own = details.from && addressOf(details.from) === fix.to.toLowerCase() ? details.from : fix.to
        to.unshift(own)
      }
      return { to, cc: stays(details.cc), bcc: [...recipientList(details.bcc), ...moved] }
    }
    case 'replace-address': {
      const list = recipientList(details[fix.field])
      const from = fix.from.toLowerCase()
      if (!list.some((recipient) => addressOf(recipient) === from)) return null
      return {
        [fix.field]: list.map((recipient) =>
          addressOf(recipient) === from ? recipient.replace(/[^<>\s]+@[^<>\s]+(?=>?\s*$)/, fix.to) : recipient,
        ),
      }
    }
    case 'add-subject-tag':
      return { subject: `${fix.tag} ${details.subject ?? ''}`.trim() }
    case 'append-text':
      return appendText(details, fix)
    case 'replace-text': {
      if (fix.field === 'subject') return { subject: spliceUtf16(details.subject ?? '', fix.span, fix.replacement) }
      // Spans point into the plain text presend read; only a plain-text message is that text.
      if (fix.field === 'body' && details.isPlainText) {
        return { plainTextBody: spliceUtf16(details.plainTextBody ?? '', fix.span, fix.replacement) }
      }
      return null
    }
    default:
      return null
  }
}

function appendText(details, fix) {
  if (details.isPlainText) {
    return { plainTextBody: insertPlainText(details.plainTextBody ?? '', fix.at, fix.text) }
  }
  const body = insertHtmlParagraph(details.body ?? '', fix)
  return body === null ? null : { body }
}
