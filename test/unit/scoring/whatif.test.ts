import { describe, expect, it } from 'vitest'
import {
  scoreAgreement,
  scoreIta,
  whatIfAgreement,
  whatIfIta,
  type AgreementCatalog,
  type AgreementReport,
} from '#scoring/index'
import { SUBS, deepFreeze, input2564, ratingCatalog, ratingInput } from './fixtures'
import { catalog2564 } from './fixtures'

describe('whatIfIta', () => {
  it(
    'toggling criteria and changing survey estimates returns the new ' + 'total and band, leaving the input alone',
    () => {
      const cat = deepFreeze(ratingCatalog())
      const input = deepFreeze(ratingInput(95, 80, 90)) // total 90.5, ผ่าน (EIT 80)
      const snapshot = JSON.stringify(input)
      const w = whatIfIta(cat, input, {
        criteria: [
          { code: 'R19', passed: true },
          { code: 'R20', passed: true },
        ],
        surveys: [{ indicatorCode: 'E', score: 96 }],
      })
      expect(w.before.band.code).toBe('pass')
      expect(w.after.total).toBe(scoreIta(cat, ratingInput(95, 96, 100)).total)
      expect(w.after.band.code).toBe('excellent')
      expect(w.delta).toBeCloseTo(w.after.total - w.before.total, 12)
      expect(JSON.stringify(input)).toBe(snapshot)
    },
  )
  it('a criterion can be failed as well as passed', () => {
    const w = whatIfIta(catalog2564(), input2564(), { criteria: [{ code: SUBS['10.2'][0], passed: false }] })
    expect(w.delta).toBeCloseTo(-5, 10)
    expect(w.before.total).toBe(100)
  })
})

describe('whatIfAgreement', () => {
  const cat: AgreementCatalog = {
    kpis: [
      {
        code: 'M',
        kind: 'milestone',
        weight: 40,
        levels: [1, 2, 3, 4, 5].map((l) => ({ steps: [{ code: `s${l}` }] })),
      },
      { code: 'Q', kind: 'quantitative', weight: 60, thresholds: [80, 85, 90, 95, 100] },
    ],
  }
  const report: AgreementReport = deepFreeze({
    kpis: [
      { code: 'M', doneSteps: ['s1', 's2'] },
      { code: 'Q', result: 85 },
    ],
  })

  it('toggling steps on and off and changing a result', () => {
    const w = whatIfAgreement(cat, report, {
      steps: [
        { kpiCode: 'M', stepCode: 's3', done: true },
        { kpiCode: 'M', stepCode: 's1', done: false },
      ],
      results: [{ kpiCode: 'Q', result: 97.5 }],
    })
    expect(w.before.total).toBe(scoreAgreement(cat, report).total)
    expect(w.after.kpis.map((k) => k.score)).toEqual([0, 4.5]) // s1 undone → level 0
    expect(w.after.total).toBeCloseTo(2.7, 12)
    const w2 = whatIfAgreement(cat, report, { steps: [{ kpiCode: 'M', stepCode: 's3', done: true }] })
    expect(w2.after.kpis[0].level).toBe(3)
    expect(w2.delta).toBeCloseTo(0.4, 12)
  })
  it('an override can add a KPI the round did not report', () => {
    const w = whatIfAgreement(
      cat,
      { kpis: [{ code: 'M', doneSteps: ['s1'] }] },
      { results: [{ kpiCode: 'Q', result: 100 }] },
    )
    expect(w.before.complete).toBe(false)
    expect(w.after.complete).toBe(true)
    expect(w.after.total).toBeCloseTo(0.4 + 3, 12)
  })
  it('rejects a step toggle on a quantitative KPI and a result on a milestone KPI', () => {
    expect(() => whatIfAgreement(cat, report, { steps: [{ kpiCode: 'Q', stepCode: 's1', done: true }] })).toThrow(
      /not a milestone KPI/,
    )
    expect(() => whatIfAgreement(cat, report, { results: [{ kpiCode: 'M', result: 3 }] })).toThrow(
      /not a quantitative KPI/,
    )
  })
})
