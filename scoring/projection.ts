import { parseOrThrow } from './errors'
import {
  compileItaCatalog,
  inputArrays,
  resultFromArrays,
  rollUp,
  type CompiledItaCatalog,
  type CriterionPlace,
  type ItaResult,
} from './ita'
import { projectionInputSchema, type CriterionStatus, type ScoringCatalog, type ProjectionInput } from './schemas'

/** A criterion not yet approved, with what approving it alone would add to the "approved only" total. */
export interface RankedCriterion extends CriterionPlace {
  code: string
  status: CriterionStatus
  overdue: boolean
  owner: string | null
  dueDate: string | null
  /** Total points gained, computed by re-running the roll-up (not an estimate). */
  gain: number
  totalIfApproved: number
}

/** Three scenarios (each with its band and gap to the next band) and the ranked list of criteria to push. */
export interface ItaProjection {
  /** Only approved criteria score 100. */
  approvedOnly: ItaResult
  /** Approved plus every submitted criterion. */
  ifSubmittedApproved: ItaResult
  /** Approved, submitted, and every overdue criterion delivered. */
  ifOverdueDelivered: ItaResult
  /**
   * Non-approved criteria, largest gain first; ties by due date (none last), then code in natural order (O2 before
   * O10).
   */
  ranking: RankedCriterion[]
}

// Gains of criteria in equally sized sub-indicators can differ by one ulp depending on the path; treat them as ties.
const GAIN_TIE = 1e-9
const natural = new Intl.Collator('en', { numeric: true })

/** Projects an ITA from the workflow state of each criterion (criteria not listed count as not started). */
export function projectIta(catalog: ScoringCatalog | CompiledItaCatalog, input: ProjectionInput): ItaProjection {
  const c = compileItaCatalog(catalog)
  const p = parseOrThrow(projectionInputSchema, input, 'input')
  // Reuse the plain-input checks (unknown/duplicate codes, surveys); indexes are preserved, so issue paths match
  // `input`.
  const { surveys } = inputArrays(
    c,
    { criteria: p.criteria.map((s) => ({ code: s.code, passed: false })), surveys: p.surveys },
    ['input'],
  )
  const n = c.criteria.length
  const state = new Array<(typeof p.criteria)[number] | undefined>(n)
  for (const s of p.criteria) state[c.criterionIndex.get(s.code)!] = s
  const a = new Uint8Array(n)
  const b = new Uint8Array(n)
  const o = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    const s = state[i]
    if (!s) continue
    a[i] = s.status === 'approved' ? 1 : 0
    b[i] = a[i] || s.status === 'submitted' ? 1 : 0
    o[i] = b[i] || s.overdue ? 1 : 0
  }
  const approvedOnly = resultFromArrays(c, a, surveys)
  const tmp = new Float64Array(c.tools.length)
  const ranking: RankedCriterion[] = []
  for (let i = 0; i < n; i++) {
    if (a[i]) continue
    a[i] = 1
    const totalIfApproved = rollUp(c, a, surveys, tmp)
    a[i] = 0
    const s = state[i]
    ranking.push({
      code: c.criteria[i],
      ...c.places[i],
      status: s?.status ?? 'not-started',
      overdue: s?.overdue ?? false,
      owner: s?.owner ?? null,
      dueDate: s?.dueDate ?? null,
      gain: totalIfApproved - approvedOnly.total,
      totalIfApproved,
    })
  }
  ranking.sort((x, y) => {
    if (Math.abs(x.gain - y.gain) > GAIN_TIE) return y.gain - x.gain
    if (x.dueDate !== y.dueDate)
      return x.dueDate === null ? 1 : y.dueDate === null ? -1 : x.dueDate < y.dueDate ? -1 : 1
    return natural.compare(x.code, y.code)
  })
  return {
    approvedOnly,
    ifSubmittedApproved: resultFromArrays(c, b, surveys),
    ifOverdueDelivered: resultFromArrays(c, o, surveys),
    ranking,
  }
}
