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

void [blocking, verdict, firstSpan, later, ids, text]
