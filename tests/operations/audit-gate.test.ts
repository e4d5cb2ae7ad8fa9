import t from 'tap'
import { type AllowEntry, judgeAudit } from '../../scripts/audit-judge.ts'

/** A report in the shape `npm audit --json` (npm 7 and later) prints: one direct advisory, one inherited. */
const report = {
  auditReportVersion: 2,
  vulnerabilities: {
    'bad-lib': {
      name: 'bad-lib',
      severity: 'high',
      isDirect: false,
      via: [
        {
          source: 1101,
          name: 'bad-lib',
          title: 'Prototype pollution',
          url: 'https://github.com/advisories/GHSA-aaaa-bbbb-cccc',
          severity: 'high',
          range: '<2.0.1',
        },
      ],
      effects: ['uses-bad-lib'],
    },
    'uses-bad-lib': { name: 'uses-bad-lib', severity: 'high', isDirect: true, via: ['bad-lib'], effects: [] },
    'mild-lib': {
      name: 'mild-lib',
      severity: 'moderate',
      via: [{ source: 1102, name: 'mild-lib', title: 'ReDoS', url: 'https://github.com/advisories/GHSA-dddd', severity: 'moderate' }],
    },
  },
  metadata: { vulnerabilities: { info: 0, low: 0, moderate: 1, high: 2, critical: 0, total: 3 } },
}
const entry: AllowEntry = {
  advisory: 'https://github.com/advisories/GHSA-aaaa-bbbb-cccc',
  package: 'bad-lib',
  reason: 'only reachable through an option Cyswllt never passes',
  reviewBy: '2027-03-01',
}

t.test('a high advisory fails the gate once, a moderate one does not', async (t) => {
  const verdict = judgeAudit(report, [], '2026-12-03')
  t.equal(verdict.unreachable, null)
  t.equal(verdict.serious, 1, 'the inherited entry points at the same advisory and is not counted twice')
  t.equal(verdict.problems.length, 1)
  t.match(verdict.problems[0], /high: bad-lib: Prototype pollution/)
})

t.test('an allowlisted advisory passes while its review date holds, and fails after it', async (t) => {
  t.same(judgeAudit(report, [entry], '2026-12-03').problems, [])
  t.match(judgeAudit(report, [entry], '2027-03-02').problems, [/was due for review on 2027-03-01/])
  t.match(judgeAudit(report, [{ ...entry, reason: ' ' }], '2026-12-03').problems, [/gives no reason/])
})

t.test('no report from the advisory service is named, never taken for a clean audit', async (t) => {
  const verdict = judgeAudit(
    { message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk', statusCode: 405 },
    [],
    '2026-12-03',
  )
  t.match(verdict.unreachable, /405 Method Not Allowed/)
  t.equal(verdict.advisories, 0)
})
