import { z } from 'zod'
import { msg, parseOrThrow, throwIf, type ScoringIssue } from './errors'
import {
  agreementCatalogSchema,
  agreementReportSchema,
  floorSchema,
  milestoneKpiCheckedSchema,
  quantitativeKpiSchema,
  WEIGHT_TOLERANCE,
  type AgreementCatalog,
  type AgreementReport,
  type Floor,
  type MilestoneKpi,
  type ParsedAgreementCatalog,
  type ParsedKpi,
  type QuantitativeKpi,
} from './schemas'

type Direction = 'ascending' | 'descending'

/** Level reached (0–5) and score (level, or the floor when level 1 is not reached). */
export interface MilestoneScore {
  level: number
  score: number
}

/** One KPI's contribution to the agreement; numbers are full precision (round only with formatScore). */
export interface KpiScore {
  code: string
  kind: 'milestone' | 'quantitative'
  weight: number
  /** Milestone level reached, null for quantitative KPIs. */
  level: number | null
  /** Measured result, null for milestone KPIs. */
  result: number | null
  score: number
  weightedScore: number
}

/** An agreement's result for one round. */
export interface AgreementResult {
  round: 6 | 9 | 12 | null
  /** Reported KPIs in catalog order. */
  kpis: KpiScore[]
  /** Sum of weighted scores of the reported KPIs (0–5 once every KPI is reported). */
  total: number
  /** Sum of the reported KPIs' weights. */
  reportedWeight: number
  /**
   * total rescaled to the reported weights (Σ weighted / Σ reported weights × 100), on the 0–5 scale; null if nothing
   * reported.
   */
  renormalised: number | null
  /** Every KPI of the catalog was reported. */
  complete: boolean
}

// ---------- core formulas (no validation; inputs already checked) ----------

/** Quantitative score; the descending case is mirrored onto the ascending one so both share one formula. */
function quantitative(thresholds: readonly number[], direction: Direction, result: number, floor: Floor): number {
  const s = direction === 'ascending' ? 1 : -1
  const r = s * result
  if (r < s * thresholds[0]) return floor
  if (r >= s * thresholds[4]) return 5
  for (let l = 1; l < 5; l++) {
    const hi = s * thresholds[l]
    if (r < hi) {
      const lo = s * thresholds[l - 1]
      return l + (r - lo) / (hi - lo)
    }
  }
  return 5 // unreachable: r < T5 implies some interval matched
}

// ---------- public single-KPI functions ----------

const stepCodes = z.array(z.string().trim().min(1))
const optionsSchema = z.object({ floor: floorSchema }).default({})
const resultSchema = z.number().finite()

/** Level reached = highest L with every step of levels 1…L done; score = L, or `floor` (default 0) when L = 0. */
export function scoreMilestone(
  kpi: MilestoneKpi,
  doneSteps: readonly string[],
  options?: { floor?: Floor },
): MilestoneScore {
  const k = parseOrThrow(milestoneKpiCheckedSchema, kpi, 'kpi')
  const done = parseOrThrow(stepCodes, doneSteps, 'doneSteps')
  const { floor } = parseOrThrow(optionsSchema, options, 'options')
  const levelOf = new Map(k.levels.flatMap((l, li) => l.steps.map((s) => [s.code, li] as const)))
  const counts = new Array<number>(5).fill(0)
  throwIf(under(['doneSteps'], countDoneSteps(levelOf, done, counts)))
  const level = levelFromCounts(
    k.levels.map((l) => l.steps.length),
    counts,
  )
  return { level, score: level === 0 ? floor : level }
}

/**
 * L + (result − T_L)/(T_{L+1} − T_L) between thresholds; 5 at or beyond T5; `floor` before T1; mirrored when lower is
 * better.
 */
export function scoreQuantitative(kpi: QuantitativeKpi, result: number, options?: { floor?: Floor }): number {
  const k = parseOrThrow(quantitativeKpiSchema, kpi, 'kpi')
  const r = parseOrThrow(resultSchema, result, 'result')
  const { floor } = parseOrThrow(optionsSchema, options, 'options')
  return quantitative(k.thresholds, k.direction, r, floor)
}

const weightedArgs = z.object({ score: z.number().finite().min(0).max(5), weight: z.number().finite().min(0).max(100) })

/** score × weight / 100 at full precision (the seed's 5 × 2 % = 0.1); round only for display. */
export function weightedScore(score: number, weight: number): number {
  const a = parseOrThrow(weightedArgs, { score, weight }, 'args')
  return (a.score * a.weight) / 100
}

// ---------- agreements ----------

interface CompiledKpi {
  kpi: ParsedKpi
  /** Milestone only: step code → level index (0-based). */
  levelOf: Map<string, number> | null
  /** Milestone only: number of steps per level. */
  stepsPerLevel: number[] | null
}

/** An agreement catalog validated once and indexed, for scoring many reports cheaply. */
export class CompiledAgreement {
  /** @internal use compileAgreement */
  constructor(
    readonly catalog: ParsedAgreementCatalog,
    readonly kpis: CompiledKpi[],
    readonly index: Map<string, number>,
  ) {}
}

/** Validates an agreement catalog (weights sum to 100, thresholds ordered, unique codes) and indexes it for reuse. */
export function compileAgreement(catalog: AgreementCatalog | CompiledAgreement): CompiledAgreement {
  if (catalog instanceof CompiledAgreement) return catalog
  const c = parseOrThrow(agreementCatalogSchema, catalog, 'catalog')
  const kpis = c.kpis.map((kpi): CompiledKpi => {
    if (kpi.kind === 'quantitative') return { kpi, levelOf: null, stepsPerLevel: null }
    return {
      kpi,
      levelOf: new Map(kpi.levels.flatMap((l, li) => l.steps.map((s) => [s.code, li] as const))),
      stepsPerLevel: kpi.levels.map((l) => l.steps.length),
    }
  })
  return new CompiledAgreement(c, kpis, new Map(c.kpis.map((k, i) => [k.code, i])))
}

/** Counts done steps per level; returns issues for unknown and repeated step codes, with paths relative to the list. */
function countDoneSteps(levelOf: Map<string, number>, done: readonly string[], counts: number[]): ScoringIssue[] {
  const issues: ScoringIssue[] = []
  for (let j = 0; j < done.length; j++) {
    const s = done[j]
    const li = levelOf.get(s)
    if (li === undefined) issues.push(msg.unknown([j], s, { th: 'ขั้นตอนของตัวชี้วัดนี้', en: "KPI's steps" }))
    else if (done.indexOf(s) !== j)
      issues.push(msg.duplicate([j], s)) // lists are short: indexOf beats allocating a Set
    else counts[li]++
  }
  return issues
}

const under = (base: (string | number)[], issues: ScoringIssue[]) =>
  issues.map((i) => ({ ...i, path: [...base, ...i.path] }))

function levelFromCounts(stepsPerLevel: number[], counts: number[]): number {
  let level = 0
  while (level < 5 && counts[level] === stepsPerLevel[level]) level++
  return level
}

/** Scores a report already parsed by zod against a compiled catalog; `prefix` names the argument in issue paths. */
export function scoreAgreementParsed(
  c: CompiledAgreement,
  report: z.output<typeof agreementReportSchema>,
  prefix: (string | number)[],
): AgreementResult {
  const issues: ScoringIssue[] = []
  const entries: (KpiScore | undefined)[] = new Array(c.kpis.length)
  const floor = c.catalog.floor
  // Plain loop without per-item closures: it runs 200 000 times in a ministry roll-up.
  for (let i = 0; i < report.kpis.length; i++) {
    const r = report.kpis[i]
    const idx = c.index.get(r.code)
    if (idx === undefined) {
      issues.push(msg.unknown([...prefix, 'kpis', i, 'code'], r.code, { th: 'คำรับรองฯ', en: 'agreement' }))
      continue
    }
    if (entries[idx]) {
      issues.push(msg.duplicate([...prefix, 'kpis', i, 'code'], r.code))
      continue
    }
    const { kpi, levelOf, stepsPerLevel } = c.kpis[idx]
    let score: number
    let level: number | null = null
    if (kpi.kind === 'milestone') {
      if (!r.doneSteps) {
        issues.push(
          msg.missing(
            [...prefix, 'kpis', i, 'doneSteps'],
            `ตัวชี้วัด "${r.code}" เป็นแบบระดับขั้นความสำเร็จ ต้องระบุขั้นตอนที่ทำแล้ว (doneSteps)`,
            `KPI "${r.code}" is a milestone KPI: doneSteps is required`,
          ),
        )
        continue
      }
      const counts = [0, 0, 0, 0, 0]
      const bad = countDoneSteps(levelOf!, r.doneSteps, counts)
      if (bad.length) {
        issues.push(...under([...prefix, 'kpis', i, 'doneSteps'], bad))
        continue
      }
      level = levelFromCounts(stepsPerLevel!, counts)
      score = level === 0 ? floor : level
    } else {
      if (r.result === undefined) {
        issues.push(
          msg.missing(
            [...prefix, 'kpis', i, 'result'],
            `ตัวชี้วัด "${r.code}" เป็นแบบเชิงปริมาณ ต้องระบุผลการดำเนินงาน (result)`,
            `KPI "${r.code}" is a quantitative KPI: result is required`,
          ),
        )
        continue
      }
      score = quantitative(kpi.thresholds, kpi.direction, r.result, floor)
    }
    entries[idx] = {
      code: kpi.code,
      kind: kpi.kind,
      weight: kpi.weight,
      level,
      result: kpi.kind === 'quantitative' ? r.result! : null,
      score,
      weightedScore: (score * kpi.weight) / 100,
    }
  }
  throwIf(issues)
  const kpis = entries.filter((e): e is KpiScore => e !== undefined)
  // Sum score×weight first and divide once: one rounding step fewer than summing the per-KPI weighted scores.
  let sw = 0
  let w = 0
  for (const k of kpis) {
    sw += k.score * k.weight
    w += k.weight
  }
  const total = sw / 100
  const complete = kpis.length === c.kpis.length
  return {
    round: report.round ?? null,
    kpis,
    total,
    reportedWeight: w,
    // When complete the two must agree exactly on screen, so reuse total rather than dividing by a float-noisy Σw.
    renormalised: kpis.length === 0 ? null : complete && Math.abs(w - 100) <= WEIGHT_TOLERANCE ? total : sw / w,
    complete,
  }
}

/**
 * Scores one round's report: per-KPI score and weighted score, total, and the total renormalised to the reported
 * weights.
 */
export function scoreAgreement(
  catalog: AgreementCatalog | CompiledAgreement,
  report: AgreementReport,
): AgreementResult {
  const c = compileAgreement(catalog)
  return scoreAgreementParsed(c, parseOrThrow(agreementReportSchema, report, 'report'), ['report'])
}
