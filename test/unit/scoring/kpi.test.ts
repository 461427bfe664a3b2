import { describe, expect, it } from 'vitest'
import {
  formatScore,
  scoreAgreement,
  scoreMilestone,
  scoreQuantitative,
  weightedScore,
  type AgreementCatalog,
  type MilestoneKpi,
  type QuantitativeKpi,
} from '#scoring/index'

// Seed 001: KPI 7.2.1 "ระดับความสำเร็จของการดำเนินการตามมาตรการ/แผนปฏิบัติการป้องกันการทุจริต", FY2550, weight 2 %.
// Level 1 has three bullets (review 2549 results, analyse risks, summarise complaints); levels 2–5 one step each.
const seedKpi: MilestoneKpi = {
  code: '7.2.1',
  name: 'ระดับความสำเร็จของการดำเนินการตามมาตรการ/แผนปฏิบัติการป้องกันการทุจริต',
  kind: 'milestone',
  weight: 2,
  levels: [
    {
      steps: [
        { code: '1a', label: 'ทบทวนผลการดำเนินงาน 2549' },
        { code: '1b', label: 'วิเคราะห์ความเสี่ยง' },
        { code: '1c', label: 'สรุปข้อร้องเรียน' },
      ],
    },
    { steps: [{ code: '2', label: 'จัดทำมาตรการ/แผน 2550' }] },
    { steps: [{ code: '3', label: 'ดำเนินการตามมาตรการ/แผน' }] },
    { steps: [{ code: '4', label: 'ตอบสนองต่อข้อร้องเรียน' }] },
    { steps: [{ code: '5', label: 'สรุปผลและข้อเสนอแนะ 2551' }] },
  ],
}
const allSeedSteps = ['1a', '1b', '1c', '2', '3', '4', '5']

describe('the AMLO per-KPI report (weight 2 %, level 5 reached)', () => {
  it('scores 5 and weighs 0.1, displayed as 5.0000 and 0.1000', () => {
    const m = scoreMilestone(seedKpi, allSeedSteps)
    expect(m).toEqual({ level: 5, score: 5 })
    const w = weightedScore(m.score, seedKpi.weight)
    expect(w).toBe(0.1)
    expect(formatScore(m.score)).toBe('5.0000')
    expect(formatScore(w)).toBe('0.1000')
  })

  it('inside an agreement where it is the only KPI reported: total 0.1, renormalised 5', () => {
    const catalog: AgreementCatalog = {
      kpis: [seedKpi, { code: 'other', kind: 'quantitative', weight: 98, thresholds: [1, 2, 3, 4, 5] }],
    }
    const r = scoreAgreement(catalog, { round: 12, kpis: [{ code: '7.2.1', doneSteps: allSeedSteps }] })
    expect(r.kpis).toHaveLength(1)
    expect(r.kpis[0]).toMatchObject({ code: '7.2.1', level: 5, score: 5, weightedScore: 0.1 })
    expect(r.total).toBe(0.1)
    expect(r.reportedWeight).toBe(2)
    expect(r.renormalised).toBe(5)
    expect(r.complete).toBe(false)
    expect(r.round).toBe(12)
  })

  it('one missing level-1 bullet drops the KPI to the floor', () => {
    expect(scoreMilestone(seedKpi, ['1a', '1b', '2', '3', '4', '5'])).toEqual({ level: 0, score: 0 })
    expect(scoreMilestone(seedKpi, ['1a', '1b', '2', '3', '4', '5'], { floor: 1 })).toEqual({ level: 0, score: 1 })
    // A later level done without an earlier one does not count.
    expect(scoreMilestone(seedKpi, ['1a', '1b', '1c', '2', '4', '5']).level).toBe(2)
  })
})

// Reference §7.3 worked example.
const ex73: AgreementCatalog = {
  kpis: [
    { code: 'A', name: 'ร้อยละการเบิกจ่ายงบประมาณ', kind: 'quantitative', weight: 20, thresholds: [80, 85, 90, 95, 100] },
    {
      code: 'B',
      name: 'ระดับความสำเร็จของการยกระดับ ITA',
      kind: 'milestone',
      weight: 30,
      levels: ['plan', 'map', 'publish', 'selfcheck', 'ita95'].map((code) => ({ steps: [{ code }] })),
    },
    { code: 'C', name: 'คะแนน ITA ของหน่วยงาน', kind: 'quantitative', weight: 50, thresholds: [75, 80, 85, 90, 95] },
  ],
}

describe('reference §7.3 worked example', () => {
  const r = scoreAgreement(ex73, {
    kpis: [
      { code: 'A', result: 92.5 },
      { code: 'B', doneSteps: ['plan', 'map', 'publish', 'selfcheck'] },
      { code: 'C', result: 88.6 },
    ],
  })
  it('per-KPI scores and weighted scores', () => {
    const shown = r.kpis.map((k) => [k.code, formatScore(k.score), formatScore(k.weightedScore)])
    expect(shown).toEqual([
      ['A', '3.5000', '0.7000'],
      ['B', '4.0000', '1.2000'],
      ['C', '3.7200', '1.8600'],
    ])
    expect(r.kpis[1].level).toBe(4)
  })
  it('total 3.7600 of 5, complete, renormalised equal to total', () => {
    expect(formatScore(r.total)).toBe('3.7600')
    expect(r.total).toBeCloseTo(3.76, 12)
    expect(r.complete).toBe(true)
    expect(r.renormalised).toBe(r.total)
  })
  it('a 6-month round reporting only A and B renormalises by 50 % of weight', () => {
    const half = scoreAgreement(ex73, {
      round: 6,
      kpis: [
        { code: 'A', result: 92.5 },
        { code: 'B', doneSteps: ['plan', 'map', 'publish', 'selfcheck'] },
      ],
    })
    expect(half.total).toBeCloseTo(1.9, 12)
    expect(half.reportedWeight).toBe(50)
    expect(half.renormalised).toBeCloseTo(3.8, 12) // (0.7 + 1.2) / 50 × 100
    expect(half.complete).toBe(false)
  })
  it('no KPI reported: total 0 and no renormalised value', () => {
    const none = scoreAgreement(ex73, { kpis: [] })
    expect(none).toMatchObject({ total: 0, reportedWeight: 0, renormalised: null, complete: false })
  })
})

describe('quantitative scoring', () => {
  const up: QuantitativeKpi = { code: 'q', kind: 'quantitative', weight: 100, thresholds: [80, 85, 90, 95, 100] }
  const down: QuantitativeKpi = {
    code: 'd',
    kind: 'quantitative',
    weight: 100,
    direction: 'descending',
    thresholds: [30, 25, 20, 15, 10],
  }
  it('hits each level exactly at its threshold and interpolates between', () => {
    expect([80, 85, 90, 95, 100].map((t) => scoreQuantitative(up, t))).toEqual([1, 2, 3, 4, 5])
    expect(scoreQuantitative(up, 81)).toBeCloseTo(1.2, 12)
    expect(scoreQuantitative(up, 120)).toBe(5)
  })
  it('below T1 scores the floor (0 by default, 1 when configured)', () => {
    expect(scoreQuantitative(up, 79.99)).toBe(0)
    expect(scoreQuantitative(up, 79.99, { floor: 1 })).toBe(1)
  })
  it('descending (lower is better) mirrors the ascending case', () => {
    expect([30, 25, 20, 15, 10].map((t) => scoreQuantitative(down, t))).toEqual([1, 2, 3, 4, 5])
    expect(scoreQuantitative(down, 22.5)).toBeCloseTo(2.5, 12)
    expect(scoreQuantitative(down, 31)).toBe(0)
    expect(scoreQuantitative(down, 5)).toBe(5)
  })
  it('the floor set on the agreement catalog applies to every KPI', () => {
    const cat: AgreementCatalog = {
      floor: 1,
      kpis: [
        { ...up, weight: 50 },
        { ...seedKpi, code: 'm', weight: 50 },
      ],
    }
    const r = scoreAgreement(cat, {
      kpis: [
        { code: 'q', result: 10 },
        { code: 'm', doneSteps: [] },
      ],
    })
    expect(r.kpis.map((k) => k.score)).toEqual([1, 1])
    expect(r.total).toBe(1)
  })
})

describe('rounding happens once, at display', () => {
  // Five KPIs of 20 % each scoring 3.5002: each weighted 0.70004 shows as "0.7000", yet the total is 3.5002.
  const cat: AgreementCatalog = {
    kpis: ['a', 'b', 'c', 'd', 'e'].map((code) => ({
      code,
      kind: 'quantitative' as const,
      weight: 20,
      thresholds: [80, 85, 90, 95, 100],
    })),
  }
  const r = scoreAgreement(cat, { kpis: ['a', 'b', 'c', 'd', 'e'].map((code) => ({ code, result: 92.501 })) })
  it('keeps full precision in the total', () => {
    expect(r.kpis.every((k) => formatScore(k.weightedScore) === '0.7000')).toBe(true)
    const sumOfDisplayed = r.kpis.reduce((a, k) => a + Number(formatScore(k.weightedScore)), 0)
    expect(formatScore(sumOfDisplayed)).toBe('3.5000')
    expect(formatScore(r.total)).toBe('3.5002')
    expect(r.total).toBeCloseTo(3.5002, 10)
  })
})

describe('formatScore', () => {
  it('pads and rounds half away from zero on the decimal digits', () => {
    expect(formatScore(5)).toBe('5.0000')
    expect(formatScore(0)).toBe('0.0000')
    expect(formatScore(1.005, 2)).toBe('1.01') // (1.005).toFixed(2) is "1.00"
    expect(formatScore(98.045, 2)).toBe('98.05')
    expect(formatScore(3.719999999999999)).toBe('3.7200')
    expect(formatScore(-0.00005)).toBe('-0.0001')
    expect(formatScore(-0.00004)).toBe('0.0000')
    expect(formatScore(1e-7)).toBe('0.0000')
    expect(formatScore(93.466666, 2)).toBe('93.47')
  })
})
