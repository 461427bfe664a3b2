import { z } from 'zod'
import { addIssue, issue, msg } from './errors'

/** Weights must sum to 100 within this tolerance: it absorbs float noise such as 33.3 + 33.3 + 33.4, nothing more. */
export const WEIGHT_TOLERANCE = 1e-9

const code = z.string().trim().min(1).max(64)
const label = z.string().max(500).optional()
const score100 = z.number().finite().min(0).max(100)
const weight = z.number().finite().gt(0).max(100)
// ISO date (YYYY-MM-DD, optionally with a time); kept as text so ties sort lexicographically and nothing depends on
// time zones.
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'Expected an ISO date YYYY-MM-DD')

type Path = (string | number)[]

/** Reports the second and later occurrences of each code. */
function checkUnique(ctx: z.RefinementCtx, items: { code: string; path: Path }[]): void {
  const seen = new Set<string>()
  for (const { code, path } of items) {
    if (seen.has(code)) addIssue(ctx, msg.duplicate(path, code))
    seen.add(code)
  }
}

function checkWeights(ctx: z.RefinementCtx, weights: number[], path: Path): void {
  const sum = weights.reduce((a, b) => a + b, 0)
  if (Math.abs(sum - 100) > WEIGHT_TOLERANCE) addIssue(ctx, msg.weightsSum(path, sum))
}

/** The entries of a list whose weights sum to 100, each with its own code. */
function checkWeightedCodes(ctx: z.RefinementCtx, entries: { code: string; weight: number }[], key: string): void {
  checkWeights(
    ctx,
    entries.map((e) => e.weight),
    [key],
  )
  checkUnique(
    ctx,
    entries.map((e, i) => ({ code: e.code, path: [key, i, 'code'] })),
  )
}

// ---------- ITA catalog ----------

const criterion = z.object({ code, name: label })
const subIndicator = z.object({ code, name: label, criteria: z.array(criterion).min(1) })
// Same vocabulary as the catalog documents: an indicator is either a survey score (IIT/EIT) or a checklist of criteria
// (OIT).
const surveyIndicator = z.object({ code, name: label, kind: z.literal('survey') })
const checklistIndicator = z.object({
  code,
  name: label,
  kind: z.literal('checklist'),
  subIndicators: z.array(subIndicator).min(1),
})
const tool = z.object({
  code,
  name: label,
  weight,
  indicators: z.array(z.discriminatedUnion('kind', [surveyIndicator, checklistIndicator])).min(1),
})
const bilingual = z.object({ th: z.string().min(1), en: z.string().min(1) })

/**
 * A result band or rating: reached when total ≥ minTotal, every tool ≥ minEveryTool, and each tool named in minByTool ≥
 * its minimum.
 */
export const bandSchema = z.object({
  code,
  label: bilingual,
  minTotal: score100,
  minEveryTool: score100.optional(),
  minByTool: z.record(code, score100).optional(),
})

export const itaCatalogSchema = z
  .object({
    fiscalYear: z.number().int().min(2500).max(2700).optional(),
    tools: z.array(tool).min(1),
    bands: z.array(bandSchema).min(1),
  })
  .superRefine((c, ctx) => {
    checkWeightedCodes(ctx, c.tools, 'tools')
    // Indicator, sub-indicator and criterion codes are unique across the whole catalog: inputs refer to them by code
    // alone.
    const ind: { code: string; path: Path }[] = []
    const sub: { code: string; path: Path }[] = []
    const crit: { code: string; path: Path }[] = []
    c.tools.forEach((t, ti) =>
      t.indicators.forEach((d, di) => {
        ind.push({ code: d.code, path: ['tools', ti, 'indicators', di, 'code'] })
        if (d.kind !== 'checklist') return
        d.subIndicators.forEach((s, si) => {
          const sp: Path = ['tools', ti, 'indicators', di, 'subIndicators', si]
          sub.push({ code: s.code, path: [...sp, 'code'] })
          s.criteria.forEach((x, xi) => crit.push({ code: x.code, path: [...sp, 'criteria', xi, 'code'] }))
        })
      }),
    )
    checkUnique(ctx, ind)
    checkUnique(ctx, sub)
    checkUnique(ctx, crit)
    checkUnique(
      ctx,
      c.bands.map((b, i) => ({ code: b.code, path: ['bands', i, 'code'] })),
    )
    const tools = new Set(c.tools.map((t) => t.code))
    c.bands.forEach((b, bi) => {
      for (const k of Object.keys(b.minByTool ?? {})) {
        if (!tools.has(k))
          addIssue(ctx, msg.unknown(['bands', bi, 'minByTool', k], k, { th: 'รายการแบบวัด', en: 'list of tools' }))
      }
    })
    // Without an unconditional floor band some totals would have no band at all.
    const unconditional = (b: (typeof c.bands)[number]) =>
      b.minTotal === 0 && !b.minEveryTool && Object.values(b.minByTool ?? {}).every((v) => v === 0)
    if (!c.bands.some(unconditional)) {
      addIssue(
        ctx,
        issue(
          'invalid',
          ['bands'],
          'ต้องมีระดับผลการประเมินอย่างน้อยหนึ่งระดับที่เริ่มที่ 0 และไม่มีเงื่อนไขคะแนนรายแบบวัด',
          'Bands need a fallback band with minTotal 0 and no per-tool minimum',
        ),
      )
    }
  })

/** Survey result (0–100) for one IIT/EIT indicator. */
export const surveyScoreSchema = z.object({ indicatorCode: code, score: score100 })

/** The inputs of one ITA scoring: which OIT criteria pass (absent = fail) and every survey indicator's score. */
export const itaInputSchema = z.object({
  criteria: z.array(z.object({ code, passed: z.boolean() })),
  surveys: z.array(surveyScoreSchema),
})

/** Workflow state of one OIT criterion. */
export const criterionStatusSchema = z.enum(['approved', 'submitted', 'returned', 'in-progress', 'not-started'])

/** Per-criterion state for projections; owner and dueDate are passed through to the ranking untouched. */
export const criterionStateSchema = z.object({
  code,
  status: criterionStatusSchema,
  overdue: z.boolean().default(false),
  owner: z.string().max(200).optional(),
  dueDate: isoDate.optional(),
})

export const projectionInputSchema = z.object({
  criteria: z.array(criterionStateSchema),
  surveys: z.array(surveyScoreSchema),
})

export const itaOverridesSchema = z.object({
  criteria: z.array(z.object({ code, passed: z.boolean() })).default([]),
  surveys: z.array(surveyScoreSchema).default([]),
})

// ---------- Performance agreement (KPIs) ----------

const step = z.object({ code, label })
export const milestoneKpiSchema = z.object({
  code,
  name: label,
  weight,
  kind: z.literal('milestone'),
  levels: z.array(z.object({ steps: z.array(step).min(1) })).length(5),
})
const quantitativeBase = z.object({
  code,
  name: label,
  weight,
  kind: z.literal('quantitative'),
  direction: z.enum(['ascending', 'descending']).default('ascending'),
  thresholds: z.array(z.number().finite()).length(5),
})

/**
 * Thresholds strictly ascending (higher is better) or strictly descending (lower is better); equal ones would divide by
 * zero.
 */
function checkThresholds(ctx: z.RefinementCtx, k: z.output<typeof quantitativeBase>, base: Path): void {
  const up = k.direction === 'ascending'
  for (let j = 1; j < 5; j++) {
    const prev = k.thresholds[j - 1]
    const t = k.thresholds[j]
    if (up ? t > prev : t < prev) continue
    addIssue(
      ctx,
      issue(
        'thresholds_order',
        [...base, 'thresholds', j],
        `เกณฑ์ระดับ ${j + 1} (${t}) ต้อง${up ? 'มากกว่า' : 'น้อยกว่า'}เกณฑ์ระดับ ${j} (${prev}) เพราะตัวชี้วัดนี้${
          up ? 'ค่ามากยิ่งดี' : 'ค่าน้อยยิ่งดี'
        }`,
        `Threshold T${j + 1} (${t}) must be ${up ? 'greater' : 'less'} than T${j} (${prev}) because ` +
          `${up ? 'higher' : 'lower'} is better`,
      ),
    )
  }
}

export const quantitativeKpiSchema = quantitativeBase.superRefine((k, ctx) => checkThresholds(ctx, k, []))
const kpi = z.discriminatedUnion('kind', [milestoneKpiSchema, quantitativeBase])

function checkSteps(ctx: z.RefinementCtx, k: z.output<typeof milestoneKpiSchema>, base: Path): void {
  checkUnique(
    ctx,
    k.levels.flatMap((l, li) =>
      l.steps.map((s, si) => ({ code: s.code, path: [...base, 'levels', li, 'steps', si, 'code'] })),
    ),
  )
}

export const milestoneKpiCheckedSchema = milestoneKpiSchema.superRefine((k, ctx) => checkSteps(ctx, k, []))

/** Below level 1 a KPI scores `floor`: 0 or 1 depending on the year's convention (reference §7.2). */
export const floorSchema = z.union([z.literal(0), z.literal(1)]).default(0)

export const agreementCatalogSchema = z
  .object({ floor: floorSchema, kpis: z.array(kpi).min(1) })
  .superRefine((c, ctx) => {
    checkWeightedCodes(ctx, c.kpis, 'kpis')
    c.kpis.forEach((k, i) =>
      k.kind === 'milestone' ? checkSteps(ctx, k, ['kpis', i]) : checkThresholds(ctx, k, ['kpis', i]),
    )
  })

/** One KPI's reported progress: done step codes for a milestone KPI, the measured result for a quantitative one. */
export const kpiReportSchema = z.object({
  code,
  doneSteps: z.array(code).optional(),
  result: z.number().finite().optional(),
})

/** A round's report; KPIs not listed are not reported this round (the renormalised result ignores their weight). */
export const agreementReportSchema = z.object({
  round: z.union([z.literal(6), z.literal(9), z.literal(12)]).optional(),
  kpis: z.array(kpiReportSchema),
})

export const agreementOverridesSchema = z.object({
  steps: z.array(z.object({ kpiCode: code, stepCode: code, done: z.boolean() })).default([]),
  results: z.array(z.object({ kpiCode: code, result: z.number().finite() })).default([]),
})

// ---------- Public types (input = what callers pass; defaults may be omitted) ----------

/** ITA catalog for one framework × year: tools with weights, indicators, OIT criteria, and the band scheme. */
export type ScoringCatalog = z.input<typeof itaCatalogSchema>
/** One band or rating definition. */
export type Band = z.input<typeof bandSchema>
/** Inputs of one ITA scoring. */
export type ItaInput = z.input<typeof itaInputSchema>
/** One IIT/EIT indicator's survey score. */
export type SurveyScore = z.input<typeof surveyScoreSchema>
/** Workflow status of an OIT criterion. */
export type CriterionStatus = z.output<typeof criterionStatusSchema>
/** One criterion's workflow state with passthrough owner/due date. */
export type CriterionState = z.input<typeof criterionStateSchema>
/** Inputs of an ITA projection. */
export type ProjectionInput = z.input<typeof projectionInputSchema>
/** What-if changes to an ITA input. */
export type ItaOverrides = z.input<typeof itaOverridesSchema>
/** A performance agreement: the KPIs with weights summing to 100, and the below-level-1 floor. */
export type AgreementCatalog = z.input<typeof agreementCatalogSchema>
/** A milestone KPI: five levels, each a list of steps. */
export type MilestoneKpi = z.input<typeof milestoneKpiSchema>
/** A quantitative KPI: five thresholds T1…T5 and a direction. */
export type QuantitativeKpi = z.input<typeof quantitativeKpiSchema>
/** Any KPI of an agreement. */
export type Kpi = MilestoneKpi | QuantitativeKpi
/** One KPI's reported progress. */
export type KpiReport = z.input<typeof kpiReportSchema>
/** One reporting round's progress for some or all KPIs. */
export type AgreementReport = z.input<typeof agreementReportSchema>
/** What-if changes to an agreement report. */
export type AgreementOverrides = z.input<typeof agreementOverridesSchema>
/** Below-level-1 score convention. */
export type Floor = 0 | 1

export type ParsedScoringCatalog = z.output<typeof itaCatalogSchema>
export type ParsedAgreementCatalog = z.output<typeof agreementCatalogSchema>
export type ParsedKpi = ParsedAgreementCatalog['kpis'][number]
