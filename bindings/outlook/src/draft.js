// A presend draft from the message being composed, read through Office.js: the one
// place that knows both shapes.
import { officeCall } from './office.js'
import { MAX_ATTACHMENT_BYTES, base64Of } from '../../wasm/addin-kit.js'

/** How long one attachment's contents may take to arrive before it is reported unread:
 * Office.js's callback can fail to fire for a slow download, and the send must not wait
 * towards Outlook's five-second "taking longer than expected" dialog for one file. */
const ATTACHMENT_WAIT_MS = 3000

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

/**
 * The attachment's contents for presend to read, or why they cannot be had: a cloud
 * link (a URL, not bytes), a file too large to read at send time, a call that failed or
 * took too long. Never dropped in silence.
 */
function withContents(item, attachment, entry) {
  if (entry.unread) return Promise.resolve(entry)
  if (attachment.size > MAX_ATTACHMENT_BYTES) return Promise.resolve(Object.assign(entry, { unread: 'too-large' }))
  let timer
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve(null), ATTACHMENT_WAIT_MS)
  })
  const fetched = officeCall(item, 'getAttachmentContentAsync', attachment.id).catch(() => null)
  return Promise.race([fetched, timeout]).then((content) => {
    clearTimeout(timer)
    if (content && content.format === 'base64') entry.content_base64 = content.content
    else if (content && content.format === 'eml') {
      entry.content_base64 = base64Of(new TextEncoder().encode(content.content))
      entry.content_type = 'message/rfc822'
    } else if (!content || content.format === 'url') entry.unread = 'unavailable'
    return entry
  })
}

/**
 * The draft for the item being composed. With `readAttachments` (the browser runtimes,
 * whose full build reads PDF and Office files), each attachment's bytes are fetched for
 * presend to read; the JavaScript-only runtime's lean build reads none, so it passes
 * names and sizes only.
 */
export async function draftFromItem(item, Office, { readAttachments = false } = {}) {
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
    attachments: await Promise.all(
      (attachments || []).map((attachment) => {
        const entry = attachmentOf(attachment)
        return readAttachments ? withContents(item, attachment, entry) : entry
      }),
    ),
  }
  if (from && from.emailAddress) draft.from = mailbox(from)
  return draft
}
