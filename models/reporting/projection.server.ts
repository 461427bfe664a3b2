/**
 * What the executive dashboard shows, gathered from the stores and scored by the engine: an
 * organization's published ITA catalog of a fiscal year, each criterion's workflow state (review
 * status, owner units, due date, overdue), the survey values, and projectIta's three scenarios
 * and ranking; the same for the previous fiscal year as the trend. Nothing here computes a score:
 * every number comes from scoring/.
 */
import { listAssignments } from '#models/work/assignment.server'
import { getCatalog, listCatalogs } from '#models/catalog/catalog.server'
import {
  itaConfidence,
  listCriteria,
  type ConfidenceLevel,
  type KpiAgreementCatalog,
  type Round,
} from '#models/catalog/schema'
import { fiscalYearOf } from '#models/dates'
import { listItems } from '#models/catalog/items'
import { itemCodesWithEvidence } from '#models/evidence/records.server'
import { listKpiProgress } from '#models/reporting/kpi-report.server'
import { deriveItemStatus, type ItemStatus } from '#models/work/review.server'
import { storedReviewStatuses } from '#models/work/review-store.server'
import {
  findItaCatalog,
  getSurveyView,
  listItaYears,
  type StoredItaCatalog,
  type SurveyView,
} from '#models/reporting/survey.server'
import { effectiveDueDate, isOverdue, unitDeadlinesByYear } from '#models/work/calendar.server'
import { listUnits } from '#models/tenancy/unit.server'
import type { Bilingual } from '#models/errors'
import {
  formatPath,
  itaCatalogFromCatalog,
  compileItaCatalog,
  kpiFromCatalog,
  ScoringError,
  projectIta,
  scoreAgreement,
  scoreMilestone,
  scoreQuantitative,
  stepCode,
  unconfirmedPoints,
  weightedScore,
  WEIGHT_TOLERANCE,
  type CriterionStatus,
  type ScoringCatalog,
  type ItaProjection,
  type Kpi,
  type KpiReport,
  type ProjectionInput,
  type UnconfirmedPoints,
} from '#scoring/index'

/** One OIT criterion as the dashboard lists it. */
export interface CriterionRow {
  code: string
  title: Bilingual
  toolCode: string
  indicatorCode: string
  subIndicatorCode: string
  status: ItemStatus
  /** Due date passed and not submitted (nor approved). */
  overdue: boolean
  dueDate: string | null
  units: Bilingual[]
  /** Known number, unknown content: left out of the projection and shown as "unknown", never as 0. */
  placeholder: boolean
  confidence: ConfidenceLevel
}

/** How sure the year's framework is, and how many projected points rest on what is not confirmed. */
export interface YearConfidence {
  weights: ConfidenceLevel
  bands: ConfidenceLevel
  /** The least sure of the sub-indicator groupings. */
  grouping: ConfidenceLevel
  /** Per scenario (see scoring/confidence.ts for what is counted). */
  unconfirmed: Record<'approvedOnly' | 'ifSubmittedApproved' | 'ifOverdueDelivered', UnconfirmedPoints>
}

/** An ITA year scored by the engine, with the inputs it was given (the browser's what-if starts from them). */
export interface ItaYear {
  catalog: { id: string; key: string; name: Bilingual; fiscalYear: number; provisional: boolean }
  /** The catalog in the engine's format. */
  engineCatalog: ScoringCatalog
  /** Names of tools, indicators and sub-indicators by engine code. */
  names: Record<string, Bilingual>
  criteria: CriterionRow[]
  surveys: SurveyView
  /** Survey indicators with neither an entered value nor last year's: scored as 0 (a lower bound). */
  surveysMissing: string[]
  input: ProjectionInput
  projection: ItaProjection
  confidence: YearConfidence
}

/** Last year as the trend shows it: its catalog and what its approved items alone score (the page needs no more). */
export interface ItaTrend {
  catalog: ItaYear['catalog']
  projection: Pick<ItaProjection, 'approvedOnly'>
}

export interface ItaDashboard {
  /** Fiscal years with a published ITA catalog, newest first. */
  years: number[]
  fiscalYear: number
  current: ItaYear | null
  /** Last fiscal year, for the trend; null when the organization has no ITA catalog for it (or it cannot be scored). */
  previous: ItaTrend | null
  /**
   * Why the year's catalog cannot be scored (the engine's issues, field and rule in both languages); null when it can.
   */
  invalid: Bilingual[] | null
}

const engineStatus = (s: ItemStatus): CriterionStatus => (s === 'carried' ? 'not-started' : s)

/** Engine-format catalog and display names of an organization's ITA catalog. */
function engineOf(catalog: StoredItaCatalog): { engineCatalog: ScoringCatalog; names: Record<string, Bilingual> } {
  const names: Record<string, Bilingual> = {}
  for (const t of catalog.content.tools) {
    names[t.code] = { th: t.name.th, en: t.name.en }
    for (const d of t.indicators) {
      names[String(d.number)] = { th: d.name.th, en: d.name.en }
      if (d.kind === 'checklist') for (const s of d.subIndicators) names[s.code] = { th: s.name.th, en: s.name.en }
    }
  }
  return { engineCatalog: itaCatalogFromCatalog(catalog.content), names }
}

/** Scores one ITA catalog of the organization as it stands at `now`. */
export async function projectItaYear(
  organizationId: string,
  catalog: StoredItaCatalog,
  now = new Date(),
): Promise<ItaYear> {
  const [assignments, reviews, withEvidence, units, surveys, deadlines] = await Promise.all([
    listAssignments(organizationId, catalog.id),
    // this catalog's statuses only, kept under the work stamp (every catalog's whole reviews were read at each load)
    storedReviewStatuses(organizationId, [catalog.id]),
    itemCodesWithEvidence(
      organizationId,
      catalog.id,
      listItems(catalog.content).map((i) => i.code),
    ),
    listUnits(organizationId),
    getSurveyView(organizationId, catalog),
    unitDeadlinesByYear(organizationId, [catalog.fiscalYear]),
  ])
  const unitDeadlines = deadlines.get(catalog.fiscalYear) ?? new Map<string, string>()
  const byCode = new Map(assignments.map((a) => [a.itemCode, a]))
  const stored = new Map([...reviews].map(([key, status]) => [key.slice(key.indexOf('|') + 1), status]))
  const unitById = new Map(units.map((u) => [u.id, u]))
  const confidence = itaConfidence(catalog.content)
  const criteria = listCriteria(catalog.content).map(({ tool, indicator, subIndicator, criterion }): CriterionRow => {
    const a = byCode.get(criterion.code) ?? null
    const s = stored.get(criterion.code)
    const status = deriveItemStatus(s, a?.status, withEvidence.has(criterion.code) ? 1 : 0)
    // the one due-date rule of the app: the assignment's date, else its units' deadline in the ITA calendar
    const dueDate = a ? effectiveDueDate(a.dueDate, a.unitIds, unitDeadlines) : null
    const conf = confidence.criteria[criterion.code]
    return {
      code: criterion.code,
      title: { th: criterion.title.th, en: criterion.title.en },
      toolCode: tool.code,
      indicatorCode: String(indicator.number),
      subIndicatorCode: subIndicator.code,
      status,
      overdue: isOverdue(dueDate, status, now),
      dueDate,
      units: (a?.unitIds ?? []).flatMap((id) => {
        const u = unitById.get(id)
        return u ? [{ th: u.nameTh, en: u.nameEn || u.nameTh }] : []
      }),
      placeholder: Boolean(criterion.placeholder),
      confidence: conf.level,
    }
  })
  const surveysMissing = surveys.values.filter((v) => v.value === null).map((v) => String(v.number))
  const input: ProjectionInput = {
    // placeholders are not in the engine's catalog (scoring/from-catalog.ts)
    criteria: criteria
      .filter((c) => !c.placeholder)
      .map((c) => ({
        code: c.code,
        status: engineStatus(c.status),
        overdue: c.overdue,
        owner:
          c.units
            .map((u) => u.th)
            .join(', ')
            .slice(0, 200) || undefined,
        dueDate: c.dueDate ?? undefined,
      })),
    surveys: surveys.values.map((v) => ({ indicatorCode: String(v.number), score: v.value ?? 0 })),
  }
  const { engineCatalog, names } = engineOf(catalog)
  // checked and compiled once for the projection and its three scenarios
  const compiled = compileItaCatalog(engineCatalog)
  const levels = {
    criteria: Object.fromEntries(criteria.map((c) => [c.code, c.confidence])),
    subIndicators: Object.fromEntries(Object.entries(confidence.subIndicators).map(([k, v]) => [k, v.level])),
    weights: confidence.weights.level,
    bands: confidence.bands.level,
  }
  const order: ConfidenceLevel[] = ['confirmed', 'one-source', 'unconfirmed']
  const grouping = Object.values(levels.subIndicators).reduce<ConfidenceLevel>(
    (worst, l) => (order.indexOf(l) > order.indexOf(worst) ? l : worst),
    'confirmed',
  )
  return {
    catalog: {
      id: catalog.id,
      key: catalog.key,
      name: { th: catalog.nameTh, en: catalog.nameEn || catalog.nameTh },
      fiscalYear: catalog.fiscalYear,
      provisional: catalog.provisional,
    },
    engineCatalog,
    names,
    criteria,
    surveys,
    surveysMissing,
    input,
    projection: projectIta(compiled, input),
    confidence: {
      weights: levels.weights,
      bands: levels.bands,
      grouping,
      unconfirmed: {
        approvedOnly: unconfirmedPoints(compiled, input, levels, 'approvedOnly'),
        ifSubmittedApproved: unconfirmedPoints(compiled, input, levels, 'ifSubmittedApproved'),
        ifOverdueDelivered: unconfirmedPoints(compiled, input, levels, 'ifOverdueDelivered'),
      },
    },
  }
}

/**
 * The dashboard's ITA part for a fiscal year (default: the current fiscal year when it has a
 * published ITA catalog, else the newest year that has one).
 */
export async function getItaDashboard(
  organizationId: string,
  fiscalYear: number | null,
  now = new Date(),
): Promise<ItaDashboard> {
  const years = await listItaYears(organizationId)
  const today = fiscalYearOf(now)
  const year = fiscalYear ?? (years.includes(today) ? today : (years.find((y) => y < today) ?? years[0] ?? today))
  const catalog = years.includes(year) ? await findItaCatalog(organizationId, year) : null
  if (!catalog) return { years, fiscalYear: year, current: null, previous: null, invalid: null }
  const before = await findItaCatalog(organizationId, year - 1, { orArchived: true })
  // an edited catalog the engine refuses (weights not summing to 100…) is reported, not a server error
  const scored = (c: StoredItaCatalog) =>
    projectItaYear(organizationId, c, now).catch((error: unknown) => {
      if (error instanceof ScoringError) return error
      throw error
    })
  const [current, previous] = await Promise.all([scored(catalog), before ? scored(before) : null])
  if (current instanceof ScoringError) {
    const invalid = current.issues.map((i) => ({
      th: `${formatPath(i.path)}: ${i.th}`,
      en: `${formatPath(i.path)}: ${i.en}`,
    }))
    return { years, fiscalYear: year, current: null, previous: null, invalid }
  }
  return {
    years,
    fiscalYear: year,
    current,
    // its criteria, inputs and catalog would be a third of the dashboard's data, for two figures
    previous:
      previous && !(previous instanceof ScoringError)
        ? { catalog: previous.catalog, projection: { approvedOnly: previous.projection.approvedOnly } }
        : null,
    invalid: null,
  }
}

// ---- KPI agreement ------------------------------------------------------------------------

type Certification = 'pending' | 'approved' | 'not-approved'

/** One KPI row in the shape of the government's per-KPI report table: weight, result, score, weighted score. */
export interface KpiRow {
  code: string
  name: Bilingual
  weight: number
  kind: 'milestone' | 'quantitative'
  reported: boolean
  /** Milestone level reached, null for quantitative or unreported KPIs. */
  level: number | null
  result: number | null
  score: number | null
  weightedScore: number | null
  certification: Certification | null
  /** Done step codes (stepCode(level, i)), for the what-if. */
  stepsDone: string[]
  /** A milestone KPI's steps by level, for the what-if. */
  steps: { code: string; level: number; label: Bilingual }[]
}

/** A published performance agreement of the year, scored by the engine for its latest reported round. */
export interface KpiTable {
  catalog: { id: string; name: Bilingual; fiscalYear: number }
  round: Round | null
  floor: 0 | 1
  /** The KPIs in the engine's format (the browser's what-if re-scores them). */
  engineKpis: Kpi[]
  rows: KpiRow[]
  /** Σ weighted scores of the reported KPIs. */
  total: number
  reportedWeight: number
  /** Σ weights of the agreement's KPIs (100 for a whole agreement; a template may hold fewer). */
  catalogWeight: number
  /** Σ score × weight / Σ reported weights, null when nothing is reported. */
  renormalised: number | null
  complete: boolean
}

/**
 * The engine scores a whole agreement (weights summing to 100); a catalog may hold only some KPIs.
 * Rescaling the weights to 100 leaves the renormalised result unchanged (it divides by the
 * reported weights), so it can come from the engine for any catalog.
 */
function renormalisedOf(floor: 0 | 1, kpis: Kpi[], catalogWeight: number, reports: KpiReport[]): number | null {
  if (reports.length === 0) return null
  const scale = 100 / catalogWeight
  return scoreAgreement(
    { floor, kpis: kpis.map((k) => ({ ...k, weight: k.weight * scale })) as Kpi[] },
    { kpis: reports },
  ).renormalised
}

export function scoreKpiTable(
  catalog: { id: string; nameTh: string; nameEn: string; fiscalYear: number; content: KpiAgreementCatalog },
  progress: Awaited<ReturnType<typeof listKpiProgress>>,
): KpiTable {
  const c = catalog.content
  const floor = c.scoreBelowLevel1
  const engineKpis = c.kpis.map(kpiFromCatalog)
  const round = progress.reduce<Round | null>((r, p) => (r === null || p.round > r ? p.round : r), null)
  const byCode = new Map(progress.filter((p) => p.round === round).map((p) => [p.kpiCode, p]))
  const reports: KpiReport[] = []
  const rows = c.kpis.map((k, i): KpiRow => {
    const kpi = engineKpis[i]
    const p = byCode.get(k.code)
    const steps =
      k.scoring.kind === 'milestone'
        ? k.scoring.levels.flatMap((l) =>
            l.steps.map((st, j) => ({
              code: stepCode(l.level, j),
              level: l.level,
              label: { th: st.th, en: st.en ?? st.th },
            })),
          )
        : []
    const known = new Set(steps.map((st) => st.code))
    // steps of an older wording of the catalog are not counted
    const stepsDone = (p?.stepsDone ?? []).filter((x) => known.has(x))
    const base = {
      code: k.code,
      name: { th: k.name.th, en: k.name.en },
      weight: k.weight,
      kind: k.scoring.kind,
      certification: p?.certification ?? null,
      stepsDone,
      steps,
    }
    if (p && kpi.kind === 'milestone') {
      const m = scoreMilestone(kpi, stepsDone, { floor })
      reports.push({ code: k.code, doneSteps: stepsDone })
      return {
        ...base,
        reported: true,
        level: m.level,
        result: null,
        score: m.score,
        weightedScore: weightedScore(m.score, k.weight),
      }
    }
    if (p && kpi.kind === 'quantitative' && p.result !== undefined) {
      const score = scoreQuantitative(kpi, p.result, { floor })
      reports.push({ code: k.code, result: p.result })
      return {
        ...base,
        reported: true,
        level: null,
        result: p.result,
        score,
        weightedScore: weightedScore(score, k.weight),
      }
    }
    return { ...base, reported: false, level: null, result: null, score: null, weightedScore: null }
  })
  const catalogWeight = c.kpis.reduce((a, k) => a + k.weight, 0)
  const reported = rows.filter((r) => r.reported)
  const whole = Math.abs(catalogWeight - 100) <= WEIGHT_TOLERANCE
  return {
    catalog: {
      id: catalog.id,
      name: { th: catalog.nameTh, en: catalog.nameEn || catalog.nameTh },
      fiscalYear: catalog.fiscalYear,
    },
    round,
    floor,
    engineKpis,
    rows,
    // a whole agreement is totalled by the engine; a partial one is the sum of its KPIs' weighted scores
    total: whole
      ? scoreAgreement({ floor, kpis: engineKpis }, { kpis: reports }).total
      : reported.reduce((a, r) => a + r.weightedScore!, 0),
    reportedWeight: reported.reduce((a, r) => a + r.weight, 0),
    catalogWeight,
    renormalised: renormalisedOf(floor, engineKpis, catalogWeight, reports),
    complete: reported.length === rows.length,
  }
}

/** Every published performance agreement of the fiscal year, scored from its KPI round reports. */
export async function getKpiTables(organizationId: string, fiscalYear: number): Promise<KpiTable[]> {
  const summaries = (await listCatalogs(organizationId)).filter(
    (c) => c.kind === 'kpi-agreement' && c.status === 'published' && c.fiscalYear === fiscalYear,
  )
  const out: KpiTable[] = []
  for (const s of summaries) {
    const catalog = await getCatalog(organizationId, s.id)
    if (!catalog || catalog.content.kind !== 'kpi-agreement') continue
    out.push(scoreKpiTable({ ...catalog, content: catalog.content }, await listKpiProgress(organizationId, catalog.id)))
  }
  return out
}
