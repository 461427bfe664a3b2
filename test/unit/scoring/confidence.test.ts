import { describe, expect, it } from 'vitest'
import { loadBuiltInCatalogs } from '#models/catalog/files.server'
import { itaConfidence, listCriteria, type ItaCatalog } from '#models/catalog/schema'
import {
  itaCatalogFromCatalog,
  placeholderCodes,
  projectIta,
  ScoringError,
  scoreIta,
  unconfirmedPoints,
  type ProjectionInput,
} from '#scoring/index'

const y2569 = loadBuiltInCatalogs().find((c) => c.key === 'ita-nacc-2569') as ItaCatalog
const engineCodes = (c: ReturnType<typeof itaCatalogFromCatalog>) =>
  c.tools.flatMap((t) =>
    t.indicators.flatMap((d) =>
      d.kind === 'checklist' ? d.subIndicators.flatMap((s) => s.criteria.map((x) => x.code)) : [],
    ),
  )
const surveys100 = (c: ReturnType<typeof itaCatalogFromCatalog>) =>
  c.tools.flatMap((t) =>
    t.indicators.filter((d) => d.kind === 'survey').map((d) => ({ indicatorCode: d.code, score: 100 })),
  )

/**
 * A small catalog to count by hand. OIT 40 has one indicator with two sub-indicators:
 * 9.1 = A, B (each worth 40 / (2 × 2 × 1) = 10 points), 9.2 = C, D, E (each 40 / 6 ≈ 6.667 points), plus P, a
 * placeholder.
 */
const small = {
  fiscalYear: 2570,
  tools: [
    { code: 'IIT', weight: 30, indicators: [{ kind: 'survey' as const, number: 1 }] },
    { code: 'EIT', weight: 30, indicators: [{ kind: 'survey' as const, number: 2 }] },
    {
      code: 'OIT',
      weight: 40,
      indicators: [
        {
          kind: 'checklist' as const,
          number: 9,
          subIndicators: [
            { code: '9.1', criteria: [{ code: 'A' }, { code: 'B' }] },
            { code: '9.2', criteria: [{ code: 'C' }, { code: 'P', placeholder: true }, { code: 'D' }, { code: 'E' }] },
            { code: '9.3', criteria: [{ code: 'Q', placeholder: true }] },
          ],
        },
      ],
    },
  ],
  bands: {
    levels: [
      { code: 'pass', label: { th: 'ผ่าน', en: 'Pass' }, minTotal: 85 },
      { code: 'fail', label: { th: 'ไม่ผ่าน', en: 'Fail' }, minTotal: 0 },
    ],
  },
}
const engine = itaCatalogFromCatalog(small)
const surveys = [
  { indicatorCode: '1', score: 90 },
  { indicatorCode: '2', score: 80 },
]
const input = (approved: string[], submitted: string[] = []): ProjectionInput => ({
  criteria: ['A', 'B', 'C', 'D', 'E'].map((code) => ({
    code,
    status: approved.includes(code) ? 'approved' : submitted.includes(code) ? 'submitted' : 'in-progress',
  })),
  surveys,
})

describe('placeholders (known number, unknown content) are left out of projections', () => {
  it('drops a placeholder criterion, and a sub-indicator holding only placeholders', () => {
    expect(engineCodes(engine)).toEqual(['A', 'B', 'C', 'D', 'E'])
    const oit = engine.tools[2].indicators[0]
    expect(oit.kind === 'checklist' && oit.subIndicators.map((s) => s.code)).toEqual(['9.1', '9.2'])
    expect(placeholderCodes(small)).toEqual(['P', 'Q'])
  })

  it(
    'counts the known items only: everything known done gives OIT 100, not the 80 a placeholder scored 0 would ' +
      'give',
    () => {
      const r = scoreIta(engine, {
        criteria: ['A', 'B', 'C', 'D', 'E'].map((code) => ({ code, passed: true })),
        surveys,
      })
      expect(r.tools[2].score).toBe(100)
      expect(r.total).toBe(91) // 90 × 0.3 + 80 × 0.3 + 100 × 0.4
    },
  )

  it('leaves the built-in 2569 O7 out of the engine, and everything else in', () => {
    const e = itaCatalogFromCatalog(y2569)
    const all = listCriteria(y2569).map((x) => x.criterion.code)
    expect(engineCodes(e)).toEqual(all.filter((c) => c !== 'O7'))
    const r = scoreIta(e, { criteria: engineCodes(e).map((code) => ({ code, passed: true })), surveys: surveys100(e) })
    expect(r.total).toBe(100)
    // the engine refuses the placeholder's code rather than scoring it
    expect(() => scoreIta(e, { criteria: [{ code: 'O7', passed: true }], surveys: surveys100(e) })).toThrow(
      ScoringError,
    )
  })
})

describe('points resting on what is not confirmed', () => {
  it(
    'sums the shares of passing criteria that are not confirmed, ' + 'then those only their grouping makes unsure',
    () => {
      // A (10 points) one-source, C (6.667) unconfirmed, D confirmed in an unconfirmed grouping (6.667),
      // B confirmed and approved too
      const u = unconfirmedPoints(engine, input(['A', 'B', 'C', 'D']), {
        criteria: { A: 'one-source', C: 'unconfirmed', E: 'unconfirmed', P: 'unconfirmed' },
        subIndicators: { '9.2': 'unconfirmed' },
      })
      expect(u.criterionCodes).toEqual(['A', 'C'])
      expect(u.criteria).toBeCloseTo(10 + 40 / 6, 9)
      expect(u.grouping).toBeCloseTo(40 / 6, 9)
      expect(u.items).toBeCloseTo(10 + 80 / 6, 9)
      expect(u.points).toBeCloseTo(u.items, 12) // weights confirmed
      expect(u.total).toBe(projectIta(engine, input(['A', 'B', 'C', 'D'])).approvedOnly.total)
      expect(u.weights).toBe('confirmed')
    },
  )

  it('with unconfirmed weights, every projected point rests on them', () => {
    const u = unconfirmedPoints(engine, input(['A']), { weights: 'unconfirmed', bands: 'unconfirmed' })
    expect(u.items).toBe(0)
    expect(u.points).toBe(u.total)
    expect(u.total).toBe(61) // 27 + 24 + 10
    expect(u.bands).toBe('unconfirmed')
  })

  it('follows the scenarios of the projection', () => {
    const i = input(['A'], ['C'])
    const p = projectIta(engine, i)
    const conf = { criteria: { C: 'unconfirmed' as const } }
    expect(unconfirmedPoints(engine, i, conf, 'approvedOnly')).toMatchObject({
      total: p.approvedOnly.total,
      criteria: 0,
    })
    expect(unconfirmedPoints(engine, i, conf, 'ifSubmittedApproved').total).toBe(p.ifSubmittedApproved.total)
    expect(unconfirmedPoints(engine, i, conf, 'ifSubmittedApproved').criteria).toBeCloseTo(40 / 6, 9)
  })

  it('refuses a bad confidence level or an unknown criterion with the field named', () => {
    expect(() => unconfirmedPoints(engine, input([]), { weights: 'maybe' as never })).toThrow(/confidence\.weights/)
    expect(() =>
      unconfirmedPoints(engine, { ...input([]), criteria: [{ code: 'Z', status: 'approved' }] }, {}),
    ).toThrow(/Unknown code "Z"/)
  })

  it('on the built-in 2569 every OIT point is unsure, and the weights make the whole total so', () => {
    const e = itaCatalogFromCatalog(y2569)
    const conf = itaConfidence(y2569)
    const levels = {
      criteria: Object.fromEntries(Object.entries(conf.criteria).map(([k, v]) => [k, v.level])),
      subIndicators: Object.fromEntries(Object.entries(conf.subIndicators).map(([k, v]) => [k, v.level])),
      weights: conf.weights.level,
      bands: conf.bands.level,
    }
    const all: ProjectionInput = {
      criteria: engineCodes(e).map((code) => ({ code, status: 'approved' })),
      surveys: surveys100(e),
    }
    const u = unconfirmedPoints(e, all, levels)
    expect(u.total).toBe(100)
    expect(u.items).toBeCloseTo(40, 9) // all of OIT
    expect(u.points).toBe(100)
    expect(levels.weights).toBe('unconfirmed')
  })
})
