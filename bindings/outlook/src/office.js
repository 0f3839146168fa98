// Office.js calls as promises. Callback-style only: that is what every Outlook offers,
// the JavaScript-only runtime of classic Outlook included.

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
