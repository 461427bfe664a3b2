/**
 * Engine inputs from catalog documents (the JSON format of models/catalog/built-in). The engine imports
 * nothing of the project, so the catalog shape is described here structurally: any object of
 * that shape works, and a change of the catalog format shows up as a type error here.
 */
import type { AgreementCatalog, Floor, ScoringCatalog, Kpi } from './schemas'

interface Text {
  th: string
  en?: string
}

export interface CatalogItaLike {
  fiscalYear?: number
  tools: {
    code: string
    weight: number
    name?: Text
    indicators: (
      | { kind: 'survey'; number: number; name?: Text }
      | {
          kind: 'checklist'
          number: number
          name?: Text
          subIndicators: {
            code: string
            name?: Text
            criteria: { code: string; title?: Text; placeholder?: boolean }[]
          }[]
        }
    )[]
  }[]
  bands: { levels: { code: string; label: { th: string; en: string }; minTotal: number; minEveryTool?: number }[] }
}

export interface CatalogKpiLike {
  code: string
  name: Text
  weight: number
  scoring:
    | { kind: 'milestone'; levels: { level: number; steps: Text[] }[] }
    | { kind: 'quantitative'; direction: 'ascending' | 'descending'; thresholds: number[] }
}

/** The code of step `index` (0-based) of `level` (1–5): steps have no codes in catalogs. */
export const stepCode = (level: number, index: number) => `L${level}.${index + 1}`

/** Indicators are numbered in catalogs (9, 10); the engine refers to them by code ("9"). */
export const indicatorCode = (n: number) => String(n)

/** Codes of the placeholder criteria (known number, unknown content) that projections leave out. */
export function placeholderCodes(c: CatalogItaLike): string[] {
  return c.tools.flatMap((t) =>
    t.indicators.flatMap((d) =>
      d.kind === 'checklist'
        ? d.subIndicators.flatMap((s) => s.criteria.filter((x) => x.placeholder).map((x) => x.code))
        : [],
    ),
  )
}

/**
 * The engine's catalog. Placeholder criteria are left out, so an unknown item is neither a 0 nor a 100 but
 * absent: its sub-indicator is the mean of the known items. A sub-indicator holding only placeholders is
 * dropped (and an indicator left with none), since a mean of nothing has no value.
 */
export function itaCatalogFromCatalog(c: CatalogItaLike): ScoringCatalog {
  return {
    fiscalYear: c.fiscalYear,
    tools: c.tools.map((t) => ({
      code: t.code,
      name: t.name?.th,
      weight: t.weight,
      indicators: t.indicators.flatMap((d): ScoringCatalog['tools'][number]['indicators'] => {
        if (d.kind === 'survey') return [{ kind: 'survey' as const, code: indicatorCode(d.number), name: d.name?.th }]
        const subIndicators = d.subIndicators.flatMap((s) => {
          const criteria = s.criteria.filter((x) => !x.placeholder).map((x) => ({ code: x.code, name: x.title?.th }))
          return criteria.length ? [{ code: s.code, name: s.name?.th, criteria }] : []
        })
        return subIndicators.length
          ? [{ kind: 'checklist' as const, code: indicatorCode(d.number), name: d.name?.th, subIndicators }]
          : []
      }),
    })),
    bands: c.bands.levels.map((b) => ({
      code: b.code,
      label: b.label,
      minTotal: b.minTotal,
      minEveryTool: b.minEveryTool,
    })),
  }
}

export function kpiFromCatalog(k: CatalogKpiLike): Kpi {
  if (k.scoring.kind === 'milestone') {
    const levels = [...k.scoring.levels].sort((a, b) => a.level - b.level)
    return {
      code: k.code,
      name: k.name.th,
      weight: k.weight,
      kind: 'milestone',
      levels: levels.map((l) => ({ steps: l.steps.map((s, i) => ({ code: stepCode(l.level, i), name: s.th })) })),
    } as Kpi
  }
  return {
    code: k.code,
    name: k.name.th,
    weight: k.weight,
    kind: 'quantitative',
    direction: k.scoring.direction,
    thresholds: k.scoring.thresholds,
  } as Kpi
}

/**
 * A template may hold only some KPIs of an agreement (weights under 100); the engine scores a
 * whole agreement, so callers pass the KPIs that make up 100 or score KPIs one by one.
 */
export function agreementFromCatalog(c: { kpis: CatalogKpiLike[]; scoreBelowLevel1: Floor }): AgreementCatalog {
  return { floor: c.scoreBelowLevel1, kpis: c.kpis.map(kpiFromCatalog) } as AgreementCatalog
}
