import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  RATING_BANDS_2567,
  projectIta,
  publishedScore,
  scoreAgreement,
  scoreIta,
  scoreMilestone,
  scoreQuantitative,
  whatIfAgreement,
  whatIfIta,
  type AgreementCatalog,
  type CriterionState,
  type ScoringCatalog,
  type MilestoneKpi,
} from '#scoring/index'
import { deepFreeze } from './fixtures'

const RUNS = { numRuns: 200 }

// ---------- generators ----------

/** A milestone KPI with 1–3 steps per level. */
const milestoneKpi = fc
  .array(fc.integer({ min: 1, max: 3 }), { minLength: 5, maxLength: 5 })
  .map((sizes): MilestoneKpi => ({
    code: 'm',
    kind: 'milestone',
    weight: 100,
    levels: sizes.map((n, l) => ({ steps: Array.from({ length: n }, (_, s) => ({ code: `L${l + 1}S${s + 1}` })) })),
  }))
const stepsOf = (k: MilestoneKpi) => k.levels.flatMap((l) => l.steps.map((s) => s.code))

/** Five distinct ascending thresholds. */
const ascending = fc
  .uniqueArray(fc.integer({ min: -1000, max: 1000 }), { minLength: 5, maxLength: 5 })
  .map((a) => [...a].sort((x, y) => x - y).map((x) => x / 10))
const result = fc.double({ min: -200, max: 200, noNaN: true })
const floor = fc.constantFrom(0 as const, 1 as const)

/** Integer weights > 0 summing to exactly 100, for n KPIs or tools. */
const weights = (n: number) =>
  fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: n - 1, maxLength: n - 1 }).map((cuts) => {
    const c = [0, ...[...cuts].sort((a, b) => a - b), 100]
    return c.slice(1).map((v, i) => v - c[i])
  })

/**
 * A random ITA catalog: 1–3 survey tools and one criteria tool with random sub-indicator sizes, plus the rating bands.
 */
const itaCatalog = fc
  .record({
    surveyIndicators: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
    oit: fc.array(fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 }), {
      minLength: 1,
      maxLength: 3,
    }),
  })
  .chain(({ surveyIndicators, oit }) =>
    weights(surveyIndicators.length + 1).map((w): ScoringCatalog => {
      let n = 0
      return {
        tools: [
          ...surveyIndicators.map((k, t) => ({
            code: `S${t}`,
            weight: w[t],
            indicators: Array.from({ length: k }, (_, i) => ({ code: `S${t}.${i}`, kind: 'survey' as const })),
          })),
          {
            code: 'OIT',
            weight: w[surveyIndicators.length],
            indicators: oit.map((subs, i) => ({
              code: `I${i}`,
              kind: 'checklist' as const,
              subIndicators: subs.map((size, s) => ({
                code: `I${i}.${s}`,
                criteria: Array.from({ length: size }, () => ({ code: `O${++n}` })),
              })),
            })),
          },
        ],
        bands: [...RATING_BANDS_2567],
      }
    }),
  )
const indicatorsOf = (c: ScoringCatalog) => c.tools.flatMap((t) => t.indicators)
const criteriaOf = (c: ScoringCatalog) =>
  indicatorsOf(c).flatMap((d) =>
    d.kind === 'checklist' ? d.subIndicators.flatMap((s) => s.criteria.map((x) => x.code)) : [],
  )
const surveyCodesOf = (c: ScoringCatalog) => indicatorsOf(c).flatMap((d) => (d.kind === 'survey' ? [d.code] : []))

/** A catalog plus one input for it. */
const itaCase = itaCatalog.chain((catalog) => {
  const crit = criteriaOf(catalog)
  const sv = surveyCodesOf(catalog)
  return fc
    .record({
      passed: fc.array(fc.boolean(), { minLength: crit.length, maxLength: crit.length }),
      scores: fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: sv.length, maxLength: sv.length }),
    })
    .map(({ passed, scores }) => ({
      catalog,
      input: {
        criteria: crit.map((code, i) => ({ code, passed: passed[i] })),
        surveys: sv.map((indicatorCode, i) => ({ indicatorCode, score: scores[i] })),
      },
    }))
})

const status = fc.constantFrom('approved', 'submitted', 'returned', 'in-progress', 'not-started') as fc.Arbitrary<
  CriterionState['status']
>

// ---------- KPI properties ----------

describe('milestone KPI properties', () => {
  it('score stays in 0..5 (floor..5) and more completed steps never lower it', () => {
    fc.assert(
      fc.property(
        milestoneKpi,
        fc.array(fc.boolean(), { minLength: 15, maxLength: 15 }),
        fc.array(fc.boolean(), { minLength: 15, maxLength: 15 }),
        floor,
        (k, a, extra, f) => {
          const all = stepsOf(k)
          const some = all.filter((_, i) => a[i])
          const more = all.filter((_, i) => a[i] || extra[i])
          const s1 = scoreMilestone(k, some, { floor: f })
          const s2 = scoreMilestone(k, more, { floor: f })
          expect(s1.score).toBeGreaterThanOrEqual(f)
          expect(s2.score).toBeLessThanOrEqual(5)
          expect(s2.level).toBeGreaterThanOrEqual(s1.level)
          expect(s2.score).toBeGreaterThanOrEqual(s1.score)
        },
      ),
      RUNS,
    )
  })
  it('level = number of leading levels whose steps are all done', () => {
    fc.assert(
      fc.property(milestoneKpi, fc.integer({ min: 0, max: 5 }), (k, l) => {
        // Done: all steps of levels 1..l, plus every step of the levels after l+1 (which must not count).
        const done = k.levels.flatMap((lv, i) => (i === l ? [] : lv.steps.map((s) => s.code)))
        expect(scoreMilestone(k, done).level).toBe(l)
      }),
      RUNS,
    )
  })
})

describe('quantitative KPI properties', () => {
  it('ascending: within floor..5, and a higher result never lowers the score', () => {
    fc.assert(
      fc.property(ascending, result, result, floor, (t, r1, r2, f) => {
        const k = { code: 'q', kind: 'quantitative' as const, weight: 100, thresholds: t }
        const [lo, hi] = r1 <= r2 ? [r1, r2] : [r2, r1]
        const a = scoreQuantitative(k, lo, { floor: f })
        const b = scoreQuantitative(k, hi, { floor: f })
        expect(a).toBeGreaterThanOrEqual(f)
        expect(b).toBeLessThanOrEqual(5)
        expect(b).toBeGreaterThanOrEqual(a)
      }),
      RUNS,
    )
  })
  it('descending: a higher result never raises the score, and mirrors the ascending KPI exactly', () => {
    fc.assert(
      fc.property(ascending, result, result, floor, (t, r1, r2, f) => {
        const down = {
          code: 'd',
          kind: 'quantitative' as const,
          weight: 100,
          direction: 'descending' as const,
          thresholds: t.map((x) => -x),
        }
        const up = { code: 'u', kind: 'quantitative' as const, weight: 100, thresholds: t }
        const [lo, hi] = r1 <= r2 ? [r1, r2] : [r2, r1]
        expect(scoreQuantitative(down, hi, { floor: f })).toBeLessThanOrEqual(scoreQuantitative(down, lo, { floor: f }))
        expect(scoreQuantitative(down, -r1, { floor: f })).toBe(scoreQuantitative(up, r1, { floor: f }))
      }),
      RUNS,
    )
  })
  it('between T_L and T_L+1 the score is L + (result − T_L)/(T_L+1 − T_L)', () => {
    fc.assert(
      fc.property(
        ascending,
        fc.integer({ min: 1, max: 4 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (t, l, frac) => {
          const r = t[l - 1] + frac * (t[l] - t[l - 1])
          fc.pre(r < t[l])
          const s = scoreQuantitative({ code: 'q', kind: 'quantitative', weight: 1, thresholds: t }, r)
          expect(s).toBeCloseTo(l + (r - t[l - 1]) / (t[l] - t[l - 1]), 9)
          expect(Math.floor(s + 1e-12)).toBeGreaterThanOrEqual(l)
        },
      ),
      RUNS,
    )
  })
})

describe('agreement properties', () => {
  const agreementCase = fc.integer({ min: 1, max: 12 }).chain((n) =>
    fc.record({
      w: weights(n),
      t: fc.array(ascending, { minLength: n, maxLength: n }),
      r: fc.array(result, { minLength: n, maxLength: n }),
      reported: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
      f: floor,
    }),
  )
  it(
    'total = Σ score × weight / 100 from unrounded scores, within 0..5; renormalised = Σ weighted / Σ reported ' +
      'weights × 100',
    () => {
      fc.assert(
        fc.property(agreementCase, ({ w, t, r, reported, f }) => {
          const cat: AgreementCatalog = {
            floor: f,
            kpis: w.map((weight, i) => ({ code: `k${i}`, kind: 'quantitative' as const, weight, thresholds: t[i] })),
          }
          const all = scoreAgreement(cat, { kpis: r.map((result, i) => ({ code: `k${i}`, result })) })
          const expected = r.reduce(
            (a, x, i) => a + (scoreQuantitative(cat.kpis[i] as never, x, { floor: f }) * w[i]) / 100,
            0,
          )
          expect(all.total).toBeCloseTo(expected, 12)
          expect(all.total).toBeGreaterThanOrEqual(f - 1e-12)
          expect(all.total).toBeLessThanOrEqual(5 + 1e-12)
          expect(all.renormalised).toBe(all.total)
          const part = scoreAgreement(cat, {
            kpis: r.flatMap((result, i) => (reported[i] ? [{ code: `k${i}`, result }] : [])),
          })
          const rw = w.reduce((a, x, i) => a + (reported[i] ? x : 0), 0)
          expect(part.reportedWeight).toBe(rw)
          if (rw === 0) expect(part.renormalised).toBeNull()
          else {
            expect(part.renormalised!).toBeCloseTo((part.kpis.reduce((a, k) => a + k.weightedScore, 0) / rw) * 100, 10)
            expect(part.renormalised!).toBeLessThanOrEqual(5 + 1e-12)
          }
        }),
        RUNS,
      )
    },
  )
})

// ---------- ITA properties ----------

describe('ITA properties', () => {
  it('total, tools, indicators and sub-indicators stay within 0..100', () => {
    fc.assert(
      fc.property(itaCase, ({ catalog, input }) => {
        const r = scoreIta(catalog, input)
        expect(r.total).toBeGreaterThanOrEqual(0)
        expect(r.total).toBeLessThanOrEqual(100 + 1e-9)
        for (const t of r.tools) {
          expect(t.score).toBeGreaterThanOrEqual(0)
          expect(t.score).toBeLessThanOrEqual(100 + 1e-9)
          for (const d of t.indicators) for (const s of d.subIndicators ?? []) expect(s.score).toBeLessThanOrEqual(100)
        }
        // the published total is the full-precision Σ contributions rounded to two decimals
        expect(r.total).toBe(publishedScore(r.tools.reduce((a, t) => a + t.contribution, 0)))
      }),
      RUNS,
    )
  })
  it('passing one more criterion never lowers the total', () => {
    fc.assert(
      fc.property(itaCase, fc.nat(), ({ catalog, input }, pick) => {
        const i = pick % input.criteria.length
        const more = { ...input, criteria: input.criteria.map((c, j) => (j === i ? { ...c, passed: true } : c)) }
        expect(scoreIta(catalog, more).total).toBeGreaterThanOrEqual(scoreIta(catalog, input).total)
      }),
      RUNS,
    )
  })
})

describe('what-if never mutates its input', () => {
  it('ITA', () => {
    fc.assert(
      fc.property(
        itaCase,
        fc.array(fc.tuple(fc.nat(), fc.boolean()), { maxLength: 5 }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        ({ catalog, input }, toggles, est) => {
          const codes = [...new Set(toggles.map(([i]) => input.criteria[i % input.criteria.length].code))]
          const overrides = {
            criteria: codes.map((code, j) => ({ code, passed: toggles[j][1] })),
            surveys: [{ indicatorCode: input.surveys[0].indicatorCode, score: est }],
          }
          const before = JSON.stringify([catalog, input, overrides])
          deepFreeze(catalog)
          deepFreeze(input)
          deepFreeze(overrides)
          const w = whatIfIta(catalog, input, overrides)
          expect(JSON.stringify([catalog, input, overrides])).toBe(before)
          expect(w.before).toEqual(scoreIta(catalog, input))
          expect(w.after.total).toBeGreaterThanOrEqual(0)
        },
      ),
      { numRuns: 100 },
    )
  })
  it('agreement', () => {
    fc.assert(
      fc.property(
        milestoneKpi,
        fc.array(fc.boolean(), { minLength: 15, maxLength: 15 }),
        fc.array(fc.tuple(fc.nat(), fc.boolean()), { maxLength: 6 }),
        (k, done, toggles) => {
          const steps = stepsOf(k)
          const catalog: AgreementCatalog = {
            kpis: [
              { ...k, weight: 60 },
              { code: 'q', kind: 'quantitative', weight: 40, thresholds: [1, 2, 3, 4, 5] },
            ],
          }
          const report = { kpis: [{ code: 'm', doneSteps: steps.filter((_, i) => done[i]) }] }
          const overrides = {
            steps: toggles.map(([i, d]) => ({ kpiCode: 'm', stepCode: steps[i % steps.length], done: d })),
            results: [{ kpiCode: 'q', result: 3 }],
          }
          const before = JSON.stringify([catalog, report, overrides])
          const w = whatIfAgreement(deepFreeze(catalog), deepFreeze(report), deepFreeze(overrides))
          expect(JSON.stringify([catalog, report, overrides])).toBe(before)
          expect(w.after.kpis.find((x) => x.code === 'q')!.score).toBe(3)
        },
      ),
      { numRuns: 100 },
    )
  })
})

describe('projection properties', () => {
  const projectionCase = itaCase.chain(({ catalog, input }) =>
    fc
      .array(fc.record({ status, overdue: fc.boolean(), day: fc.option(fc.integer({ min: 1, max: 28 })) }), {
        minLength: input.criteria.length,
        maxLength: input.criteria.length,
      })
      .map((st) => ({
        catalog,
        surveys: input.surveys,
        criteria: input.criteria.map(({ code }, i): CriterionState => ({
          code,
          status: st[i].status,
          overdue: st[i].overdue,
          ...(st[i].day ? { dueDate: `2025-03-${String(st[i].day).padStart(2, '0')}`, owner: `unit-${i}` } : {}),
        })),
      })),
  )
  it('approved-only ≤ if-submitted ≤ if-overdue-delivered, for the total and every tool', () => {
    fc.assert(
      fc.property(projectionCase, ({ catalog, surveys, criteria }) => {
        const p = projectIta(catalog, { surveys, criteria })
        expect(p.approvedOnly.total).toBeLessThanOrEqual(p.ifSubmittedApproved.total)
        expect(p.ifSubmittedApproved.total).toBeLessThanOrEqual(p.ifOverdueDelivered.total)
        p.approvedOnly.tools.forEach((t, i) => {
          expect(t.score).toBeLessThanOrEqual(p.ifSubmittedApproved.tools[i].score)
          expect(p.ifSubmittedApproved.tools[i].score).toBeLessThanOrEqual(p.ifOverdueDelivered.tools[i].score)
        })
      }),
      RUNS,
    )
  })
  it(
    'ranking: exactly the non-approved criteria, gains equal the full roll-up difference, sorted by gain then ' +
      'due date',
    () => {
      fc.assert(
        fc.property(projectionCase, ({ catalog, surveys, criteria }) => {
          const p = projectIta(catalog, { surveys, criteria })
          const approved = new Set(criteria.filter((c) => c.status === 'approved').map((c) => c.code))
          expect(p.ranking.map((r) => r.code).sort()).toEqual(
            criteria
              .filter((c) => !approved.has(c.code))
              .map((c) => c.code)
              .sort(),
          )
          for (const r of p.ranking) {
            const passed = criteria.map((c) => ({ code: c.code, passed: approved.has(c.code) || c.code === r.code }))
            expect(r.totalIfApproved).toBe(scoreIta(catalog, { criteria: passed, surveys }).total)
            expect(r.gain).toBeGreaterThan(0)
            const src = criteria.find((c) => c.code === r.code)!
            expect(r.owner).toBe(src.owner ?? null)
            expect(r.dueDate).toBe(src.dueDate ?? null)
          }
          for (let i = 1; i < p.ranking.length; i++) {
            const [a, b] = [p.ranking[i - 1], p.ranking[i]]
            expect(a.gain).toBeGreaterThanOrEqual(b.gain - 1e-9)
            if (Math.abs(a.gain - b.gain) <= 1e-9 && a.dueDate !== null && b.dueDate !== null)
              expect(a.dueDate <= b.dueDate).toBe(true)
            if (Math.abs(a.gain - b.gain) <= 1e-9 && a.dueDate === null) expect(b.dueDate).toBeNull()
          }
        }),
        RUNS,
      )
    },
  )
})
