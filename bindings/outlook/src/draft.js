// A presend draft from the message being composed, read through Office.js: the one
// place that knows both shapes.
import { officeCall } from './office.js'

// Written without object spread: esbuild lowers it to helpers that call ES2017's
// Object.getOwnPropertyDescriptors, which classic Outlook's runtime need not have.
function mailbox(details) {
  const entry = { address: details.emailAddress }
  if (details.displayName && details.displayName !== details.emailAddress) entry.name = details.displayName
  return entry
}

function attachmentOf(attachment) {
  const entry = { name: attachment.name || '' }
  if (attachment.contentType) entry.content_type = attachment.contentType
  if (Number.isFinite(attachment.size)) entry.size = attachment.size
  // A cloud attachment (a OneDrive or SharePoint link) is a file Office.js cannot hand
  // over: presend reports it unchecked rather than take it as harmless.
  if (attachment.attachmentType === 'cloud') entry.unread = 'unavailable'
  return entry
}

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
  const draft = {
    to: (to || []).map(mailbox),
    cc: (cc || []).map(mailbox),
    bcc: (bcc || []).map(mailbox),
    subject: subject || '',
    body: type === html ? { html: content || '' } : { text: content || '' },
    attachments: (attachments || []).map(attachmentOf),
  }
  if (from && from.emailAddress) draft.from = mailbox(from)
  return draft
}
