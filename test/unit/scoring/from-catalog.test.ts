import { describe, expect, it } from 'vitest'
import { loadBuiltInCatalogs } from '#models/catalog/files.server'
import type { ItaCatalog, KpiAgreementCatalog } from '#models/catalog/schema'
import {
  formatScore,
  indicatorCode,
  itaCatalogFromCatalog,
  kpiFromCatalog,
  scoreIta,
  scoreMilestone,
  stepCode,
  weightedScore,
} from '#scoring/index'

const catalogs = loadBuiltInCatalogs()
const itaCatalogs = catalogs.filter((c): c is ItaCatalog => c.kind === 'ita')

describe('engine inputs from the built-in catalogs', () => {
  it.each(itaCatalogs.map((c) => [c.key, c] as const))(
    '%s scores 100 and its top band when everything passes, ' + '0 survey aside when nothing does',
    (_key, catalog) => {
      const engine = itaCatalogFromCatalog(catalog)
      const criteria = engine.tools.flatMap((t) =>
        t.indicators.flatMap((d) => (d.kind === 'checklist' ? d.subIndicators.flatMap((s) => s.criteria) : [])),
      )
      const surveys = engine.tools.flatMap((t) =>
        t.indicators.filter((d) => d.kind === 'survey').map((d) => ({ indicatorCode: d.code, score: 100 })),
      )
      const all = scoreIta(engine, { criteria: criteria.map((c) => ({ code: c.code, passed: true })), surveys })
      expect(all.total).toBeCloseTo(100, 9)
      expect(all.band.code).toBe(catalog.bands.levels[0].code)
      const none = scoreIta(engine, { criteria: criteria.map((c) => ({ code: c.code, passed: false })), surveys })
      const oit = catalog.tools.find((t) => t.code === 'OIT')!
      expect(none.total).toBeCloseTo(100 - oit.weight, 9)
    },
  )

  it('reproduces the AMLO per-KPI report: weight 2, level 5 reached → score 5.0000, weighted 0.1000', () => {
    const template = catalogs.find((c): c is KpiAgreementCatalog => c.kind === 'kpi-agreement')!
    const kpi = template.kpis.find((k) => k.weight === 2 && k.scoring.kind === 'milestone')!
    const engineKpi = kpiFromCatalog(kpi)
    if (engineKpi.kind !== 'milestone' || kpi.scoring.kind !== 'milestone') throw new Error('milestone expected')
    const allSteps = kpi.scoring.levels.flatMap((l) => l.steps.map((_, i) => stepCode(l.level, i)))
    const result = scoreMilestone(engineKpi, allSteps)
    expect(result.level).toBe(5)
    expect(formatScore(result.score, 4)).toBe('5.0000')
    expect(formatScore(weightedScore(result.score, kpi.weight), 4)).toBe('0.1000')
    // a step of level 2 missing stops at level 1, whatever is done above
    const withoutLevel2 = allSteps.filter((s) => s !== stepCode(2, 0))
    expect(scoreMilestone(engineKpi, withoutLevel2).level).toBe(1)
  })

  it('names indicators by their number', () => {
    expect(indicatorCode(9)).toBe('9')
  })
})
