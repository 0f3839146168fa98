// One-click fixes in the task pane, carried out through Office.js as a user's own
// edits would be.
import { officeCall } from './office.js'
import { insertHtmlParagraph, insertPlainText, spliceUtf16 } from '../../wasm/addin-kit.js'

const same = (a, b) => a.toLowerCase() === b.toLowerCase()
const details = (list) => list.map(({ displayName, emailAddress }) => ({ displayName, emailAddress }))

export async function applyFix(item, Office, fix) {
  switch (fix.kind) {
    case 'move-to-bcc': {
      const moving = (recipient) => fix.addresses.some((address) => same(address, recipient.emailAddress))
      const to = await officeCall(item.to, 'getAsync')
      const cc = await officeCall(item.cc, 'getAsync')
      const moved = [...to, ...cc].filter(moving)
      const keptTo = details(to.filter((recipient) => !moving(recipient)))
      if (fix.to && !keptTo.some((recipient) => same(recipient.emailAddress, fix.to))) keptTo.unshift({ emailAddress: fix.to })
      await officeCall(item.to, 'setAsync', keptTo)
      await officeCall(item.cc, 'setAsync', details(cc.filter((recipient) => !moving(recipient))))
      await officeCall(item.bcc, 'addAsync', details(moved))
      return
    }
    case 'replace-address': {
      const field = item[fix.field]
      const list = await officeCall(field, 'getAsync')
      await officeCall(
        field,
        'setAsync',
        list.map((recipient) =>
          same(recipient.emailAddress, fix.from)
            ? { displayName: recipient.displayName === recipient.emailAddress ? fix.to : recipient.displayName, emailAddress: fix.to }
            : { displayName: recipient.displayName, emailAddress: recipient.emailAddress },
        ),
      )
      return
    }
    case 'add-subject-tag': {
      const subject = await officeCall(item.subject, 'getAsync')
      await officeCall(item.subject, 'setAsync', `${fix.tag} ${subject || ''}`.trim())
      return
    }
    case 'replace-text': {
      if (fix.field === 'subject') {
        const subject = (await officeCall(item.subject, 'getAsync')) || ''
        await officeCall(item.subject, 'setAsync', spliceUtf16(subject, fix.span, fix.replacement))
        return
      }
      throw new Error('Edit this wording in the message itself.')
    }
    case 'append-text': {
      const type = await officeCall(item.body, 'getTypeAsync')
      if (type === Office.CoercionType.Html) {
        const html = insertHtmlParagraph(await officeCall(item.body, 'getAsync', Office.CoercionType.Html), fix)
        if (html === null) throw new Error('The message changed while this was open; try the fix again.')
        await officeCall(item.body, 'setAsync', html, { coercionType: Office.CoercionType.Html })
      } else {
        const text = await officeCall(item.body, 'getAsync', Office.CoercionType.Text)
        await officeCall(item.body, 'setAsync', insertPlainText(text, fix.at, fix.text), { coercionType: Office.CoercionType.Text })
      }
      return
    }
    default:
      throw new Error('presend has no automatic fix for this; edit the message by hand.')
  }
}
