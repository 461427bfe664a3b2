import { describe, expect, it } from 'vitest'
import { ScoringError, scoreAgreement, scoreIta, scoreOrganizations, type AgreementCatalog } from '#scoring/index'
import { SUBS, catalog2564, input2564 } from './fixtures'

const agreement: AgreementCatalog = {
  kpis: [
    { code: 'M', kind: 'milestone', weight: 50, levels: [1, 2, 3, 4, 5].map((l) => ({ steps: [{ code: `s${l}` }] })) },
    { code: 'Q', kind: 'quantitative', weight: 50, thresholds: [80, 85, 90, 95, 100] },
  ],
}

describe('scoreOrganizations', () => {
  const orgs = [
    {
      organizationId: 'a',
      ita: input2564([], 100, 100),
      agreement: {
        kpis: [
          { code: 'M', doneSteps: ['s1', 's2'] },
          { code: 'Q', result: 90 },
        ],
      },
    },
    { organizationId: 'b', ita: input2564([SUBS['9.1'][0]], 80, 70) },
    { organizationId: 'c', ita: { criteria: [{ code: 'O999', passed: true }], surveys: input2564().surveys } },
    { organizationId: 'd', agreement: { kpis: [{ code: 'Q', result: 100 }] } },
  ]
  const r = scoreOrganizations({ ita: catalog2564(), agreement }, orgs)

  it('gives the same results as scoring each organization alone', () => {
    expect(r.results[0].ita).toEqual({ ok: true, value: scoreIta(catalog2564(), orgs[0].ita!) })
    expect(r.results[1].ita).toEqual({ ok: true, value: scoreIta(catalog2564(), orgs[1].ita!) })
    expect(r.results[0].agreement).toEqual({ ok: true, value: scoreAgreement(agreement, orgs[0].agreement!) })
    expect(r.results[3].ita).toBeNull()
  })
  it('an invalid organization fails alone, with a path into the organizations list', () => {
    const c = r.results[2].ita!
    expect(c.ok).toBe(false)
    if (c.ok) return
    expect(c.issues[0]).toMatchObject({
      kind: 'unknown_code',
      path: ['organizations', 2, 'ita', 'criteria', 0, 'code'],
    })
  })
  it('summarises totals and bands', () => {
    expect(r.ita).toMatchObject({ scored: 2, failed: 1, max: 100 })
    expect(r.ita!.min).toBe((r.results[1].ita as { value: { total: number } }).value.total)
    expect(r.ita!.bands.AA).toBe(1)
    expect(Object.values(r.ita!.bands).reduce((a, b) => a + b, 0)).toBe(2)
    expect(r.agreement).toMatchObject({ scored: 2, failed: 0 })
    expect(r.agreement!.mean).toBeCloseTo((2.5 + 2.5) / 2, 12)
  })
  it('rejects duplicate organization ids and a missing catalog', () => {
    expect(() => scoreOrganizations({ ita: catalog2564() }, [orgs[1], orgs[1]])).toThrow(ScoringError)
    expect(() => scoreOrganizations({}, [orgs[1]])).toThrow(/no ITA catalog/)
  })
})
