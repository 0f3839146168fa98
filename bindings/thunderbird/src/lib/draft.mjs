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
 * compose window's attachments (compose.listAttachments, each with `contentBase64`, its
 * bytes, or `unread`, why they could not be had). Recipients given as
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
      ...(attachment.contentBase64 ? { content_base64: attachment.contentBase64 } : {}),
      ...(attachment.unread ? { unread: attachment.unread } : {}),
    })),
  }
}

/** The bare address of a recipient string (`Name <a@b>` or `a@b`), lower case. */
export function addressOf(recipient) {
  const match = /<([^<>]+)>\s*$/.exec(recipient)
  return (match ? match[1] : recipient).trim().toLowerCase()
}

/**
 * A mailing list as Thunderbird gives it in compose details: `ListName <ListName>`,
 * a mailbox whose "address" has no @ (the ComposeRecipient type in Thunderbird's
 * compose schema). Thunderbird expands it only after Send, so presend must do it first.
 */
export function isListEntry(recipient) {
  const match = /<([^<>]*)>\s*$/.exec(recipient)
  return Boolean(match) && !match[1].includes('@')
}

/** The name a recipient is shown by: a list's name, or the text of a reference. */
function labelOf(recipient) {
  if (typeof recipient === 'string') return recipient.replace(/\s*<[^<>]*>\s*$/, '').replace(/^"|"$/g, '').trim() || recipient
  return `${recipient.type === 'mailingList' ? 'mailing list' : 'contact'} ${recipient.nodeId ?? recipient.id}`
}

/**
 * Every recipient form Thunderbird gives at send time, expanded to addresses:
 * address strings as they are; `ListName <ListName>` through `expand.list(entry)`;
 * address-book references (`{nodeId, type}` in Manifest V3, `{id, type}` before it)
 * through `expand.node(id, type)`. Each expander returns recipient strings, or none
 * when it cannot read the list. Returns the addresses and the names of whatever could
 * not be expanded, which the caller must report: an unread list is never a silent pass.
 */
export async function resolveRecipients(recipients, expand) {
  const resolved = []
  const unresolved = []
  for (const recipient of Array.isArray(recipients) ? recipients : recipients ? [recipients] : []) {
    let members
    if (typeof recipient === 'string') {
      if (!isListEntry(recipient)) {
        resolved.push(recipient)
        continue
      }
      members = await expand.list(recipient).catch(() => [])
    } else if (recipient && (recipient.nodeId || recipient.id)) {
      members = await expand.node(recipient.nodeId ?? recipient.id, recipient.type).catch(() => [])
    } else {
      continue
    }
    if (members.length > 0) resolved.push(...members)
    else unresolved.push(labelOf(recipient))
  }
  return { resolved, unresolved }
}
