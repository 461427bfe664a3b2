import { z } from 'zod'
import { msg, parseOrThrow, throwIf, type ScoringIssue } from './errors'
import { publishedScore } from './format'
import {
  itaCatalogSchema,
  itaInputSchema,
  type ScoringCatalog,
  type ItaInput,
  type ParsedScoringCatalog,
} from './schemas'

// Band limits are compared with this slack so that float noise (94.99999999999999 for a true 95) never drops a band.
const BAND_EPSILON = 1e-9

/** A band as shown to users. */
export interface BandRef {
  code: string
  label: { th: string; en: string }
}

/** A tool below the per-tool minimum of the next band. */
export interface ToolBlocker {
  tool: string
  score: number
  min: number
  /** Tool points (0–100 scale of that tool) still missing. */
  pointsNeeded: number
}

/** What separates the current band from the next one up. */
export interface BandGap {
  next: BandRef
  /** Total points still missing (0 when only tools block). */
  pointsNeeded: number
  /** Tools under the next band's per-tool minimum; empty when only the total blocks. */
  toolBlockers: ToolBlocker[]
}

/** One OIT sub-indicator: mean of its criteria (each 100 or 0). */
export interface SubIndicatorScore {
  code: string
  score: number
  passed: number
  count: number
}

/** One indicator: a survey score, or the mean of its sub-indicators. */
export interface IndicatorScore {
  code: string
  score: number
  subIndicators: SubIndicatorScore[] | null
}

/** One tool: mean of its indicators, and its contribution score × weight / 100 to the total. */
export interface ToolScore {
  code: string
  weight: number
  score: number
  contribution: number
  indicators: IndicatorScore[]
}

/**
 * A full ITA roll-up. `total` and each tool's `score` are the published figures (two decimals) that bands and
 * per-tool rules are applied to; indicators, sub-indicators and contributions keep full precision.
 */
export interface ItaResult {
  total: number
  band: BandRef
  /** Gap to the next band up; null at the top band. */
  nextBand: BandGap | null
  tools: ToolScore[]
}

interface CSub {
  code: string
  from: number
  to: number
}
interface CIndicator {
  code: string
  /** Slot in the survey array, or -1 for criteria indicators. */
  survey: number
  subs: CSub[] | null
}
interface CTool {
  code: string
  weight: number
  indicators: CIndicator[]
}
interface CBand extends BandRef {
  minTotal: number
  /** Minimum for a tool: the larger of minEveryTool and its minByTool entry (0 when neither is set). */
  toolMin: (tool: string) => number
}

/** Where an OIT criterion sits in the catalog. */
export interface CriterionPlace {
  toolCode: string
  indicatorCode: string
  subIndicatorCode: string
}

/** An ITA catalog validated once and flattened into arrays, for scoring many inputs cheaply. */
export class CompiledItaCatalog {
  /** @internal use compileItaCatalog */
  constructor(
    readonly catalog: ParsedScoringCatalog,
    readonly tools: CTool[],
    /** Criterion codes in flat order; sub-indicators own contiguous ranges. */
    readonly criteria: string[],
    readonly criterionIndex: Map<string, number>,
    readonly places: CriterionPlace[],
    readonly surveyCodes: string[],
    readonly surveyIndex: Map<string, number>,
    /** Bands from the most to the least demanding. */
    readonly bands: CBand[],
  ) {}
}

/** Validates an ITA catalog (weights, unique codes, bands) and flattens it for reuse. */
export function compileItaCatalog(catalog: ScoringCatalog | CompiledItaCatalog): CompiledItaCatalog {
  if (catalog instanceof CompiledItaCatalog) return catalog
  const c = parseOrThrow(itaCatalogSchema, catalog, 'catalog')
  const criteria: string[] = []
  const places: CriterionPlace[] = []
  const surveyCodes: string[] = []
  const tools = c.tools.map((t): CTool => ({
    code: t.code,
    weight: t.weight,
    indicators: t.indicators.map((d): CIndicator => {
      if (d.kind === 'survey') {
        surveyCodes.push(d.code)
        return { code: d.code, survey: surveyCodes.length - 1, subs: null }
      }
      const subs = d.subIndicators.map((s) => {
        const from = criteria.length
        for (const x of s.criteria) {
          criteria.push(x.code)
          places.push({ toolCode: t.code, indicatorCode: d.code, subIndicatorCode: s.code })
        }
        return { code: s.code, from, to: criteria.length }
      })
      return { code: d.code, survey: -1, subs }
    }),
  }))
  const bands = c.bands
    .map((b): CBand & { strictness: number } => {
      const every = b.minEveryTool ?? 0
      const byTool = b.minByTool ?? {}
      const toolMin = (t: string) => Math.max(every, byTool[t] ?? 0)
      const strictness = Math.max(every, ...Object.values(byTool))
      return { code: b.code, label: { th: b.label.th, en: b.label.en }, minTotal: b.minTotal, toolMin, strictness }
    })
    // Most demanding first: higher total minimum, then (same minimum) a stricter per-tool condition, e.g. ผ่านดี before
    // ผ่าน.
    .sort((a, b) => b.minTotal - a.minTotal || b.strictness - a.strictness)
  return new CompiledItaCatalog(
    c,
    tools,
    criteria,
    new Map(criteria.map((x, i) => [x, i])),
    places,
    surveyCodes,
    new Map(surveyCodes.map((x, i) => [x, i])),
    bands,
  )
}

/** Checks an input against the catalog (unknown, duplicate and missing codes) and turns it into flat arrays. */
export function inputArrays(
  c: CompiledItaCatalog,
  input: z.output<typeof itaInputSchema>,
  prefix: (string | number)[],
): { passed: Uint8Array; surveys: Float64Array } {
  const issues: ScoringIssue[] = []
  const passed = new Uint8Array(c.criteria.length)
  const seen = new Uint8Array(c.criteria.length)
  input.criteria.forEach((x, i) => {
    const k = c.criterionIndex.get(x.code)
    if (k === undefined)
      issues.push(
        msg.unknown([...prefix, 'criteria', i, 'code'], x.code, {
          th: 'รายการข้อ OIT ของปีนี้',
          en: 'catalog of OIT criteria',
        }),
      )
    else if (seen[k]) issues.push(msg.duplicate([...prefix, 'criteria', i, 'code'], x.code))
    else {
      seen[k] = 1
      passed[k] = x.passed ? 1 : 0
    }
  })
  const sv = surveyArray(c, input.surveys, prefix)
  issues.push(...sv.issues)
  throwIf(issues)
  return { passed, surveys: sv.surveys }
}

function surveyArray(
  c: CompiledItaCatalog,
  list: { indicatorCode: string; score: number }[],
  prefix: (string | number)[],
) {
  const issues: ScoringIssue[] = []
  const surveys = new Float64Array(c.surveyCodes.length).fill(NaN)
  list.forEach((s, i) => {
    const k = c.surveyIndex.get(s.indicatorCode)
    const p = [...prefix, 'surveys', i, 'indicatorCode']
    if (k === undefined)
      issues.push(
        msg.unknown(p, s.indicatorCode, { th: 'รายการตัวชี้วัดแบบสำรวจ (IIT/EIT)', en: 'survey (IIT/EIT) indicators' }),
      )
    else if (!Number.isNaN(surveys[k])) issues.push(msg.duplicate(p, s.indicatorCode))
    else surveys[k] = s.score
  })
  surveys.forEach((v, k) => {
    if (Number.isNaN(v)) {
      const code = c.surveyCodes[k]
      issues.push(
        msg.missing(
          [...prefix, 'surveys'],
          `ไม่มีคะแนนแบบสำรวจของตัวชี้วัด "${code}"`,
          `Missing survey score for indicator "${code}"`,
        ),
      )
    }
  })
  return { issues, surveys }
}

/**
 * The roll-up: criterion 100/0 → sub-indicator mean → indicator mean → tool mean → Σ tool × weight / 100.
 * Writes the published tool scores into `toolScores` and returns the published total (both rounded to two decimals,
 * as NACC publishes them); every caller (projections, ranking) goes through here, so a "gain" is exactly the
 * difference the shown totals would make.
 */
export function rollUp(
  c: CompiledItaCatalog,
  passed: Uint8Array,
  surveys: Float64Array,
  toolScores: Float64Array,
): number {
  let weighted = 0
  for (let t = 0; t < c.tools.length; t++) {
    const tool = c.tools[t]
    let sumInd = 0
    for (const d of tool.indicators) {
      if (d.subs === null) sumInd += surveys[d.survey]
      else {
        let sumSub = 0
        for (const s of d.subs) {
          let k = 0
          for (let i = s.from; i < s.to; i++) k += passed[i]
          sumSub += (100 * k) / (s.to - s.from)
        }
        sumInd += sumSub / d.subs.length
      }
    }
    const score = sumInd / tool.indicators.length
    toolScores[t] = publishedScore(score)
    // Multiply by the whole-number weight and divide once: 75.6×0.3 + 99.6×0.3 + 81.1×0.4 gives 84.99999999999999, this
    // gives 85. The total comes from full-precision tool scores, then is rounded like them.
    weighted += score * tool.weight
  }
  return publishedScore(weighted / 100)
}

function meets(b: CBand, total: number, tools: CTool[], toolScores: Float64Array): boolean {
  if (total < b.minTotal - BAND_EPSILON) return false
  for (let t = 0; t < tools.length; t++) if (toolScores[t] < b.toolMin(tools[t].code) - BAND_EPSILON) return false
  return true
}

/** Index (in c.bands) of the band reached; the schema guarantees an unconditional band at 0. */
export function bandIndex(c: CompiledItaCatalog, total: number, toolScores: Float64Array): number {
  for (let i = 0; i < c.bands.length; i++) if (meets(c.bands[i], total, c.tools, toolScores)) return i
  return c.bands.length - 1
}

function ref(b: CBand): BandRef {
  return { code: b.code, label: { ...b.label } }
}

/** Builds the detailed result from arrays (used by every public ITA function). */
export function resultFromArrays(c: CompiledItaCatalog, passed: Uint8Array, surveys: Float64Array): ItaResult {
  const toolScores = new Float64Array(c.tools.length)
  const total = rollUp(c, passed, surveys, toolScores)
  const bi = bandIndex(c, total, toolScores)
  const tools = c.tools.map((t, ti): ToolScore => {
    const indicators = t.indicators.map((d): IndicatorScore => {
      if (d.subs === null) return { code: d.code, score: surveys[d.survey], subIndicators: null }
      const subs = d.subs.map((s): SubIndicatorScore => {
        let k = 0
        for (let i = s.from; i < s.to; i++) k += passed[i]
        return { code: s.code, score: (100 * k) / (s.to - s.from), passed: k, count: s.to - s.from }
      })
      return { code: d.code, score: subs.reduce((a, s) => a + s.score, 0) / subs.length, subIndicators: subs }
    })
    const exact = indicators.reduce((a, d) => a + d.score, 0) / indicators.length
    return { code: t.code, weight: t.weight, score: toolScores[ti], contribution: (exact * t.weight) / 100, indicators }
  })
  let nextBand: BandGap | null = null
  if (bi > 0) {
    const next = c.bands[bi - 1]
    const toolBlockers: ToolBlocker[] = []
    c.tools.forEach((t, ti) => {
      const min = next.toolMin(t.code)
      if (toolScores[ti] < min - BAND_EPSILON)
        toolBlockers.push({ tool: t.code, score: toolScores[ti], min, pointsNeeded: min - toolScores[ti] })
    })
    const gap = next.minTotal - total
    nextBand = { next: ref(next), pointsNeeded: gap > BAND_EPSILON ? gap : 0, toolBlockers }
  }
  return { total, band: ref(c.bands[bi]), nextBand, tools }
}

const s100 = z.number().finite().min(0).max(100)
const bandArgs = z.object({ total: s100, toolScores: z.record(s100) })

/** Scores one organization's ITA: OIT criteria 100/0 rolled up, IIT/EIT from survey scores, weighted total and band. */
export function scoreIta(catalog: ScoringCatalog | CompiledItaCatalog, input: ItaInput): ItaResult {
  const c = compileItaCatalog(catalog)
  const { passed, surveys } = inputArrays(c, parseOrThrow(itaInputSchema, input, 'input'), ['input'])
  return resultFromArrays(c, passed, surveys)
}

/**
 * Band (or rating) for a given total and tool scores (taken as published: rounded to two decimals first), using the
 * catalog's band scheme.
 */
export function bandFor(
  catalog: ScoringCatalog | CompiledItaCatalog,
  total: number,
  toolScores: Record<string, number>,
): BandRef {
  const c = compileItaCatalog(catalog)
  const args = parseOrThrow(bandArgs, { total, toolScores }, 'args')
  const issues: ScoringIssue[] = []
  const arr = new Float64Array(c.tools.length)
  c.tools.forEach((t, i) => {
    const v = args.toolScores[t.code]
    if (v === undefined)
      issues.push(
        msg.missing(
          ['args', 'toolScores', t.code],
          `ไม่มีคะแนนของแบบวัด "${t.code}"`,
          `Missing score for tool "${t.code}"`,
        ),
      )
    else arr[i] = v
  })
  for (const k of Object.keys(args.toolScores)) {
    if (!c.tools.some((t) => t.code === k))
      issues.push(msg.unknown(['args', 'toolScores', k], k, { th: 'รายการแบบวัด', en: 'list of tools' }))
  }
  throwIf(issues)
  for (let i = 0; i < arr.length; i++) arr[i] = publishedScore(arr[i])
  return ref(c.bands[bandIndex(c, publishedScore(args.total), arr)])
}
