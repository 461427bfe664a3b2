/**
 * One KPI's round score as the report prints it, computed by the scoring engine (nothing else
 * computes scores). Pure: the report form in the browser shows the same live score.
 */
import type { Kpi } from '#models/catalog/schema'
import {
  kpiFromCatalog,
  scoreMilestone,
  scoreQuantitative,
  weightedScore,
  type MilestoneKpi,
  type QuantitativeKpi,
} from '#scoring/index'
import type { KpiScoreLine } from '#evidence/documents/kpi-report'

export interface KpiRoundScore extends KpiScoreLine {
  /** Milestone level reached (0–5); null for quantitative KPIs or when nothing is reported. */
  level: number | null
  reported: boolean
}

/**
 * The score of a KPI for what a round reports: level reached from the steps done, or the
 * interpolated score of the result. Unreported: the catalog's floor, performance "—".
 */
export function kpiRoundScore(
  kpi: Kpi,
  floor: 0 | 1,
  entry: { stepsDone: readonly string[]; result: number | null } | null,
): KpiRoundScore {
  const engineKpi = kpiFromCatalog(kpi)
  if (!entry || (kpi.scoring.kind === 'quantitative' && entry.result === null)) {
    return {
      performance: '—',
      score: floor,
      weightedScore: weightedScore(floor, kpi.weight),
      level: null,
      reported: false,
    }
  }
  if (kpi.scoring.kind === 'milestone') {
    const { level, score } = scoreMilestone(engineKpi as MilestoneKpi, entry.stepsDone, { floor })
    return { performance: String(level), score, weightedScore: weightedScore(score, kpi.weight), level, reported: true }
  }
  const score = scoreQuantitative(engineKpi as QuantitativeKpi, entry.result!, { floor })
  return {
    performance: `${entry.result} ${kpi.scoring.unit.th}`,
    score,
    weightedScore: weightedScore(score, kpi.weight),
    level: null,
    reported: true,
  }
}
