// Type-checked (tsc --noEmit) by test/package.test.mjs: how a TypeScript host uses
// the package, so the shipped declarations stay usable.
import { Checker, rules, version, type Draft, type Finding, type Report } from '..'

const checker = new Checker({ organisation_domains: ['meadowbank-practice.nhs.uk'], rules: { textspeak: 'info' } })
const draft: Draft = {
  from: 'Reception <reception.meadowbank@nhs.net>',
  to: ['jane.doe@gmail.com', { name: 'Bob Roe', address: 'bob.roe@hotmail.co.uk' }],
  subject: 'Flu clinic',
  body: { text: 'Dear all', html: '<p>Dear all</p>' },
  attachments: [{ name: 'letter.pdf', content_type: 'application/pdf', size: 48213 }],
}
const report: Report = checker.check(draft, { showPid: false })
const blocking: Finding[] = report.findings.filter((finding) => finding.severity === 'block')
const verdict: 'block' | 'warn' | 'pass' = report.verdict
const firstSpan: number | undefined = report.findings[0]?.span?.utf16_start
const later: Promise<Report> = checker.checkMimeAsync(Buffer.from('From: a@nhs.net\r\n\r\nHi'))
const ids: string[] = rules().map((rule) => rule.id)
const text: string = version()

// A fix is a union on `kind`: checking `kind` narrows to that kind's members.
const applied: string[] = report.findings.flatMap(({ fix }): string[] => {
  if (!fix || fix.applicability !== 'safe') return []
  switch (fix.kind) {
    case 'move-to-bcc':
      return fix.addresses
    case 'replace-address':
      return [fix.to]
    case 'append-text':
      return [fix.text, String(fix.html_at?.utf16_start)]
    case 'add-subject-tag':
      return [fix.tag]
    case 'replace-text':
      return [fix.replacement]
  }
})
const unnarrowed = report.findings[0]?.fix
// @ts-expect-error: only a move-to-bcc fix has `addresses`; check `kind` first.
const addresses = unnarrowed?.addresses

void [blocking, verdict, firstSpan, later, ids, text, applied, addresses]
