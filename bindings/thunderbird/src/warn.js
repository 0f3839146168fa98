// The warning window: lists what presend found, in plain words, with a fix button
// where one exists; "Go back and edit" cancels the send, "Send anyway" lets it go
// (for blocking findings only when the practice allows it).
import { badgeOf, fixLabel, placeOf, shownFindings } from './addin-kit.js'

const api = globalThis.messenger ?? globalThis.browser
const session = new URLSearchParams(location.search).get('session')
const $ = (id) => document.getElementById(id)

/** How often the open window tells the background it is still waiting (under its 30 s idle limit). */
const HEARTBEAT_MS = 10_000


function render(view) {
  const list = $('findings')
  list.replaceChildren()
  if (view.gone) {
    window.close()
    return
  }
  if (view.error) {
    $('heading').textContent = 'presend could not check this email'
    $('summary').textContent = `${view.error}. Check the recipients and content yourself before sending, and tell your practice manager.`
  } else {
    const findings = shownFindings(view.report)
    const blocking = findings.filter((finding) => finding.severity === 'block').length
    $('heading').textContent = findings.length === 0 ? 'Nothing left to check' : 'Check this email before sending'
    $('summary').textContent =
      findings.length === 0
        ? 'The problems have been fixed. You can send it now.'
        : blocking > 0
          ? `${blocking} problem${blocking === 1 ? '' : 's'} must be fixed before this email is sent.`
          : 'Please look at these before sending.'
    view.report.findings.forEach((finding, index) => {
      if (finding.severity === 'info') return
      const item = document.createElement('li')
      item.className = finding.severity
      const badge = document.createElement('span')
      badge.className = 'badge'
      badge.textContent = badgeOf(finding)
      const message = document.createElement('span')
      message.textContent = finding.message
      item.append(badge, message)
      const where = document.createElement('div')
      where.className = 'where'
      where.append(placeOf(finding))
      if (finding.excerpt) {
        const excerpt = document.createElement('span')
        excerpt.className = 'excerpt'
        excerpt.textContent = finding.excerpt
        where.append(' ', excerpt)
      }
      item.append(where)
      if (view.fixable[index]) {
        const button = document.createElement('button')
        button.type = 'button'
        button.className = 'fix'
        button.textContent = fixLabel(finding.fix)
        button.addEventListener('click', async () => {
          button.disabled = true
          render(await api.runtime.sendMessage({ type: 'fix', session, index }))
        })
        item.append(button)
      }
      list.append(item)
    })
  }
  $('problem').hidden = !view.fixError
  $('problem').textContent = view.fixError ?? ''
  const cleared = view.report && !view.report.findings.some((finding) => finding.severity !== 'info')
  $('send').textContent = cleared ? 'Send now' : 'Send anyway'
  $('send').disabled = !view.allowSend && !cleared
  $('send').title = $('send').disabled ? 'Your practice does not allow sending with these problems.' : ''
}

$('edit').addEventListener('click', () => api.runtime.sendMessage({ type: 'decide', session, decision: 'edit' }))
$('send').addEventListener('click', () => api.runtime.sendMessage({ type: 'decide', session, decision: 'send' }))
// While this window is open the send waits in the background, which Thunderbird
// suspends after 30 s without an event. The window therefore sends the background a
// message every few seconds (each one an event, which restarts the idle time) for as
// long as it is open, and holds a port whose closing, with the window, tells the
// background the user has gone back to edit.
api.runtime.connect({ name: `presend-warning:${session}` })
setInterval(() => api.runtime.sendMessage({ type: 'waiting', session }).catch(() => {}), HEARTBEAT_MS)
api.runtime.sendMessage({ type: 'view', session }).then(render)
