// Office.js as the add-in uses it: callback calls as promises, and what this Outlook
// client supports. Callback-style only: that is what every Outlook offers, the
// JavaScript-only runtime of classic Outlook included.

/** Calls `target[method](...args, callback)` and resolves with the AsyncResult's value. */
export function officeCall(target, method, ...args) {
  return new Promise((resolve, reject) => {
    target[method](...args, (result) => {
      if (result && result.status === 'failed') {
        reject(new Error((result.error && result.error.message) || `${method} failed`))
      } else {
        resolve(result ? result.value : undefined)
      }
    })
  })
}

/**
 * The Mailbox requirement sets that change what presend may ask of Outlook
 * (Microsoft's Smart Alerts walkthrough and SmartAlertsEventCompletedOptions):
 * - 1.11: `item.sessionData`, which remembers a "Send again" across two sends of one item;
 * - 1.14: `sendModeOverride` (Send Anyway for warnings and failures), and `cancelLabel`
 *   with `commandId` (the Review and fix button);
 * - 1.15: `errorMessageMarkdown`.
 * Smart Alerts itself needs 1.12, so every client that runs the handler has 1.11.
 */
export function clientOf(Office) {
  const requirements = Office && Office.context && Office.context.requirements
  const supports = (version) => {
    try {
      return Boolean(requirements && requirements.isSetSupported('Mailbox', version))
    } catch {
      return false
    }
  }
  return {
    sessionData: supports('1.11'),
    sendModeOverride: supports('1.14'),
    reviewButton: supports('1.14'),
    markdown: supports('1.15'),
  }
}
