import { describe, expect, it } from 'vitest'
import { compileItaCatalog, projectIta, scoreIta, type CriterionState, type ScoringCatalog } from '#scoring/index'
import { ALL_CRITERIA, SUBS, catalog2564, input2564 } from './fixtures'

const cat = compileItaCatalog(catalog2564())
const surveys = input2564([], 90, 90).surveys

// Everything approved except a handful of criteria in named states.
function states(overrides: Record<string, Omit<CriterionState, 'code'>>): CriterionState[] {
  return ALL_CRITERIA.map((code) => ({ code, ...(overrides[code] ?? { status: 'approved' as const }) }))
}

describe('projection scenarios', () => {
  const o = SUBS['10.2'] // 2 items
  const t = SUBS['10.1'] // 8 items
  const p = projectIta(cat, {
    surveys,
    criteria: states({
      [o[0]]: { status: 'submitted' },
      [o[1]]: { status: 'in-progress', overdue: true, owner: 'กองคลัง', dueDate: '2025-03-31' },
      [t[0]]: { status: 'returned' },
      [t[1]]: { status: 'not-started' },
    }),
  })
  const failing = (codes: string[]) => scoreIta(cat, input2564(codes, 90, 90)).total

  it('approved only: every non-approved criterion scores 0', () => {
    expect(p.approvedOnly.total).toBe(failing([o[0], o[1], t[0], t[1]]))
  })
  it('if every submitted item is approved', () => {
    expect(p.ifSubmittedApproved.total).toBe(failing([o[1], t[0], t[1]]))
  })
  it('if every overdue item is delivered (approved + submitted + overdue)', () => {
    expect(p.ifOverdueDelivered.total).toBe(failing([t[0], t[1]]))
  })
  it('scenarios are ordered and each carries a band', () => {
    expect(p.approvedOnly.total).toBeLessThan(p.ifSubmittedApproved.total)
    expect(p.ifSubmittedApproved.total).toBeLessThan(p.ifOverdueDelivered.total)
    expect(p.approvedOnly.band.code).toBe('B') // 27 + 27 + (100 + (75 + 0)/2)/2 × 0.4 = 81.5
    expect(p.ifOverdueDelivered.band.code).toBe('A')
  })
  it(
    'ranking lists only non-approved criteria, biggest exact gain first, with owner and due date carried ' + 'through',
    () => {
      // o[1] and o[0] tie on gain; o[1] has a due date, so it comes first.
      expect(p.ranking.map((r) => r.code)).toEqual([o[1], o[0], t[0], t[1]])
      expect(p.ranking[0]).toMatchObject({
        code: o[1],
        status: 'in-progress',
        overdue: true,
        owner: 'กองคลัง',
        dueDate: '2025-03-31',
        toolCode: 'OIT',
        indicatorCode: '10',
        subIndicatorCode: '10.2',
      })
      expect(p.ranking[2]).toMatchObject({ owner: null, dueDate: null, status: 'returned' })
      // One 10.2 item = 50 sub points → 25 indicator → 12.5 OIT → 5 total points; one 10.1 item = 1.25 total points.
      expect(p.ranking[0].gain).toBeCloseTo(5, 10)
      expect(p.ranking[2].gain).toBeCloseTo(1.25, 10)
      for (const r of p.ranking) {
        const approvedNow = p.ranking.filter((x) => x.code !== r.code).map((x) => x.code)
        expect(r.totalIfApproved).toBe(failing(approvedNow))
        expect(r.gain).toBe(r.totalIfApproved - p.approvedOnly.total)
      }
    },
  )
})

describe('ranking ties', () => {
  it('equal gains: earlier due date first, no due date last, then code in natural order', () => {
    const small: ScoringCatalog = {
      tools: [
        { code: 'IIT', weight: 50, indicators: [{ code: '1', kind: 'survey' }] },
        {
          code: 'OIT',
          weight: 50,
          indicators: [
            {
              code: '9',
              kind: 'checklist',
              subIndicators: [{ code: '9.1', criteria: ['O10', 'O2', 'O1', 'O3', 'O4'].map((code) => ({ code })) }],
            },
          ],
        },
      ],
      bands: [{ code: 'all', label: { th: 'ทั้งหมด', en: 'All' }, minTotal: 0 }],
    }
    const p = projectIta(small, {
      surveys: [{ indicatorCode: '1', score: 50 }],
      criteria: [
        { code: 'O3', status: 'submitted', dueDate: '2025-05-01' },
        { code: 'O4', status: 'submitted', dueDate: '2025-04-01' },
      ],
    })
    expect(p.ranking.map((r) => r.code)).toEqual(['O4', 'O3', 'O1', 'O2', 'O10'])
    expect(new Set(p.ranking.map((r) => r.gain)).size).toBe(1)
    // Criteria absent from the input are treated as not started.
    expect(p.ranking[2]).toMatchObject({ status: 'not-started', overdue: false })
  })
})
