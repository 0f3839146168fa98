// A presend draft from Thunderbird's compose details: the one place that knows the
// shape of both.

/** Recipients as presend reads them: `"Name <address>"` strings. */
export function recipientList(recipients) {
  if (!recipients) return []
  const list = Array.isArray(recipients) ? recipients : [recipients]
  return list.filter((recipient) => typeof recipient === 'string' && recipient.trim() !== '')
}

/**
 * The draft for `details` (from compose.onBeforeSend or getComposeDetails) and the
 * compose window's attachments (compose.listAttachments). Recipients given as
 * address-book references must already be resolved to strings (see resolveRecipients).
 */
export function draftFromCompose(details, attachments = []) {
  const body = details.isPlainText
    ? { text: details.plainTextBody ?? '' }
    : { html: details.body ?? '', ...(details.plainTextBody ? { text: details.plainTextBody } : {}) }
  return {
    ...(details.from ? { from: details.from } : {}),
    to: recipientList(details.to),
    cc: recipientList(details.cc),
    bcc: recipientList(details.bcc),
    subject: details.subject ?? '',
    body,
    attachments: attachments.map((attachment) => ({
      name: attachment.name ?? '',
      ...(Number.isFinite(attachment.size) ? { size: attachment.size } : {}),
    })),
  }
}

/** The bare address of a recipient string (`Name <a@b>` or `a@b`), lower case. */
export function addressOf(recipient) {
  const match = /<([^<>]+)>\s*$/.exec(recipient)
  return (match ? match[1] : recipient).trim().toLowerCase()
}

/**
 * Recipients with address-book references ({id, type: 'contact'|'mailingList'})
 * replaced by their addresses, using `lookup(id, type)` → string[] of recipients.
 */
export async function resolveRecipients(recipients, lookup) {
  const resolved = []
  for (const recipient of Array.isArray(recipients) ? recipients : recipients ? [recipients] : []) {
    if (typeof recipient === 'string') resolved.push(recipient)
    else if (recipient && recipient.id) resolved.push(...(await lookup(recipient.id, recipient.type)))
  }
  return resolved
}
