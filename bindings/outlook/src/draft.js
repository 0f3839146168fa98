// A presend draft from the message being composed, read through Office.js: the one
// place that knows both shapes.
import { officeCall } from './office.js'

const mailbox = (details) => ({
  ...(details.displayName && details.displayName !== details.emailAddress ? { name: details.displayName } : {}),
  address: details.emailAddress,
})

export async function draftFromItem(item, Office) {
  const text = Office.CoercionType.Text
  const html = Office.CoercionType.Html
  // An HTML message is read as HTML: its structure (blockquotes, Outlook's reply
  // markers) is how presend tells the sender's own text from the quoted history.
  const type = await officeCall(item.body, 'getTypeAsync').catch(() => text)
  const [from, to, cc, bcc, subject, content, attachments] = await Promise.all([
    item.from ? officeCall(item.from, 'getAsync').catch(() => null) : null,
    officeCall(item.to, 'getAsync'),
    officeCall(item.cc, 'getAsync'),
    item.bcc ? officeCall(item.bcc, 'getAsync') : [],
    officeCall(item.subject, 'getAsync'),
    officeCall(item.body, 'getAsync', type === html ? html : text),
    officeCall(item, 'getAttachmentsAsync').catch(() => []),
  ])
  return {
    ...(from && from.emailAddress ? { from: mailbox(from) } : {}),
    to: (to || []).map(mailbox),
    cc: (cc || []).map(mailbox),
    bcc: (bcc || []).map(mailbox),
    subject: subject || '',
    body: type === html ? { html: content || '' } : { text: content || '' },
    attachments: (attachments || []).map((attachment) => ({
      name: attachment.name || '',
      ...(attachment.contentType ? { content_type: attachment.contentType } : {}),
      ...(Number.isFinite(attachment.size) ? { size: attachment.size } : {}),
    })),
  }
}
