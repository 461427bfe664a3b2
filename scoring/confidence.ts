import { z } from 'zod'
import { parseOrThrow } from './errors'
import { compileItaCatalog, inputArrays, resultFromArrays, type CompiledItaCatalog } from './ita'
import { projectionInputSchema, type ScoringCatalog, type ProjectionInput } from './schemas'

/** Same vocabulary as the catalog documents: several sources / one agency's pages only / inferred or unknown. */
export const CONFIDENCE_LEVELS = ['confirmed', 'one-source', 'unconfirmed'] as const
export type ConfidenceLevel = (typeof CONFIDENCE_LEVELS)[number]

const level = z.enum(CONFIDENCE_LEVELS)
const confidenceSchema = z.object({
  /** By criterion code; a code not listed is confirmed, a code the catalog lacks (a placeholder) is ignored. */
  criteria: z.record(level).default({}),
  /** Of the grouping, by sub-indicator code; same rules. */
  subIndicators: z.record(level).default({}),
  weights: level.default('confirmed'),
  bands: level.default('confirmed'),
})
export type ConfidenceInput = z.input<typeof confidenceSchema>

export type Scenario = 'approvedOnly' | 'ifSubmittedApproved' | 'ifOverdueDelivered'

/**
 * How much of a projected total rests on what is not confirmed. A criterion that scores 100 adds
 * weight ÷ (criteria in its sub-indicator × sub-indicators in its indicator × indicators in its tool) points.
 * - `criteria`: those points of scoring criteria whose own confidence is not `confirmed`;
 * - `grouping`: those of the other scoring criteria whose sub-indicator grouping is not `confirmed` (the
 *   grouping sets the size of each criterion's share);
 * - `items` = criteria + grouping: the points that would move if an item or its place turned out different;
 * - `points`: the headline, points resting on unconfirmed items, grouping or weights: the whole total when
 *   the tool weights are not confirmed (every point is weighted by them), else `items`.
 * Survey (IIT/EIT) points rest only on the weights. Band cut-offs do not move points; `bands` is reported
 * so the caller can say the band itself is unconfirmed.
 */
export interface UnconfirmedPoints {
  /** The scenario's published total. */
  total: number
  criteria: number
  grouping: number
  items: number
  points: number
  /** Scoring criteria counted in `criteria`, in catalog order. */
  criterionCodes: string[]
  weights: ConfidenceLevel
  bands: ConfidenceLevel
}

const SCENARIO_RULE: Record<Scenario, (s: ProjectionInput['criteria'][number]) => boolean> = {
  approvedOnly: (s) => s.status === 'approved',
  ifSubmittedApproved: (s) => s.status === 'approved' || s.status === 'submitted',
  ifOverdueDelivered: (s) => s.status === 'approved' || s.status === 'submitted' || Boolean(s.overdue),
}

/** The unconfirmed share of one scenario of a projection (same input as projectIta, same scenario rules). */
export function unconfirmedPoints(
  catalog: ScoringCatalog | CompiledItaCatalog,
  input: ProjectionInput,
  confidence: ConfidenceInput,
  scenario: Scenario = 'approvedOnly',
): UnconfirmedPoints {
  const c = compileItaCatalog(catalog)
  const p = parseOrThrow(projectionInputSchema, input, 'input')
  const conf = parseOrThrow(confidenceSchema, confidence, 'confidence')
  const rule = SCENARIO_RULE[scenario]
  // unknown or duplicate codes and missing surveys are refused exactly as projectIta refuses them
  const { passed, surveys } = inputArrays(
    c,
    { criteria: p.criteria.map((s) => ({ code: s.code, passed: rule(s) })), surveys: p.surveys },
    ['input'],
  )
  const total = resultFromArrays(c, passed, surveys).total
  let criteria = 0
  let grouping = 0
  const criterionCodes: string[] = []
  for (const tool of c.tools)
    for (const d of tool.indicators) {
      if (d.subs === null) continue
      for (const s of d.subs) {
        const share = tool.weight / ((s.to - s.from) * d.subs.length * tool.indicators.length)
        const groupingUnconfirmed = (conf.subIndicators[s.code] ?? 'confirmed') !== 'confirmed'
        for (let i = s.from; i < s.to; i++) {
          if (!passed[i]) continue
          const code = c.criteria[i]
          if ((conf.criteria[code] ?? 'confirmed') !== 'confirmed') {
            criteria += share
            criterionCodes.push(code)
          } else if (groupingUnconfirmed) grouping += share
        }
      }
    }
  const items = criteria + grouping
  return {
    total,
    criteria,
    grouping,
    items,
    points: conf.weights === 'confirmed' ? items : total,
    criterionCodes,
    weights: conf.weights,
    bands: conf.bands,
  }
}
