// The task pane behind "Review and fix": every finding in plain words with its
// one-click fix, re-checked after each fix.
import * as presend from '../../wasm/presend.js'
import wasmBytes from '../../wasm/presend.wasm'
import { createAddin } from './addin.js'
import { applyFix } from './fixes.js'
import { root } from './globals.js'
import { shownFindings, badgeOf, placeOf, isFixable, fixLabel, sameFindingIn } from '../../wasm/addin-kit.js'

const $ = (id) => root.document.getElementById(id)

/** Problems with presend's own set-up (a practice policy that could not be read), above the findings. */
export function renderNotes(notes) {
  const list = $('notes')
  list.replaceChildren()
  for (const note of notes) {
    const item = root.document.createElement('li')
    item.textContent = note
    list.append(item)
  }
  list.hidden = notes.length === 0
}

export function render(report, onFix) {
  const findings = shownFindings(report)
  const blocking = findings.filter((finding) => finding.severity === 'block').length
  $('heading').textContent = findings.length ? 'Fix these before sending' : 'Nothing left to fix'
  $('summary').textContent = findings.length
    ? `${findings.length} problem${findings.length === 1 ? '' : 's'}${blocking ? `, ${blocking} that must be fixed` : ''}.`
    : 'You can send this email now.'
  const list = $('findings')
  list.replaceChildren()
  for (const finding of findings) {
    const item = root.document.createElement('li')
    item.className = finding.severity
    const badge = root.document.createElement('span')
    badge.className = 'badge'
    badge.textContent = badgeOf(finding)
    item.append(badge, finding.message)
    const where = root.document.createElement('div')
    where.className = 'where'
    where.append(placeOf(finding))
    if (finding.excerpt) {
      const excerpt = root.document.createElement('span')
      excerpt.className = 'excerpt'
      excerpt.textContent = finding.excerpt
      where.append(' ', excerpt)
    }
    item.append(where)
    if (isFixable(finding)) {
      const button = root.document.createElement('button')
      button.type = 'button'
      button.textContent = fixLabel(finding.fix)
      button.addEventListener('click', () => onFix(finding, button))
      item.append(button)
    }
    list.append(item)
  }
}

root.Office.onReady(() => {
  const Office = root.Office
  const addin = createAddin({ presend, source: () => wasmBytes, builtInPolicy: __PRESEND_POLICY__, origin: __PRESEND_ORIGIN__, Office, root, readAttachments: true })
  const refresh = async (problem) => {
    $('problem').hidden = !problem
    $('problem').textContent = problem || ''
    try {
      const { report, notes } = await addin.checkItem()
      renderNotes(notes)
      render(report, async (finding, button) => {
        button.disabled = true
        let problem
        try {
          // The pane stays open while the user types: fix the message as it is now, with
          // places (spans, the HTML insertion point) from a check of that message.
          const now = (await addin.checkItem()).report
          const current = sameFindingIn(now, report, finding)
          if (current) await applyFix(Office.context.mailbox.item, Office, current.fix)
        } catch (error) {
          problem = error.message
        }
        await refresh(problem)
      })
    } catch (error) {
      $('heading').textContent = 'presend could not check this email'
      $('summary').textContent = `It has NOT been checked (${error.message}). Check it yourself before sending, and tell your practice manager.`
    }
  }
  $('recheck').addEventListener('click', refresh)
  refresh()
})
