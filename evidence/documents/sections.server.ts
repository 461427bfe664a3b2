/**
 * The official report bodies of an organization's year, from what was recorded: per KPI the
 * report in the government's per-KPI form with the engine's score, the integrity-policy plan and its progress
 * reports per unit, and the improvement-measures report. The package's index.pdf
 * includes them; the reports page downloads them on their own as PDF and Excel, both from the
 * same data (catalogReportData), so the two carry the same numbers.
 */
import { PDF_FONT_FAMILY, thaiFontCss, withPdfRenderer } from '#evidence/documents/pdf.server'
import { reportDocument } from '#evidence/documents/document'
import { kpiReportHtml, type KpiRoundReport } from '#evidence/documents/kpi-report'
import { kpiRoundScore, type KpiRoundScore } from '#evidence/documents/kpi-score'
import { measuresReportHtml, type MeasureResult } from '#evidence/documents/measures-report'
import { policyPlanHtml, progressReportHtml, type ProgressEntry } from '#evidence/documents/plan-report'
import { getCatalog, listCatalogs } from '#models/catalog/catalog.server'
import { getOrganizationById } from '#models/tenancy/organization.server'
import { compareThai } from '#models/order'
import type {
  ImprovementMeasuresCatalog,
  IntegrityPolicyCatalog,
  Kpi,
  KpiAgreementCatalog,
  Round,
} from '#models/catalog/schema'
import { listKpiReports, type KpiEvidenceRef, type KpiReport } from '#models/reporting/kpi-report.server'
import {
  getPlanContext,
  listProgress,
  type ProgressLine,
  type ProgressRecord,
} from '#models/reporting/progress-report.server'
import { listUnits } from '#models/tenancy/unit.server'

export interface ReportSection {
  key: string
  title: string
  html: string
}

export const REPORT_KINDS = ['kpi-agreement', 'integrity-policy', 'improvement-measures'] as const

const roundName = (round: number) => `รอบ ${round} เดือน`
const refs = (evidence: KpiEvidenceRef[]) =>
  evidence.map((e) => ({ title: e.deleted ? `${e.title} (ถูกลบ)` : e.title, ...(e.url ? { url: e.url } : {}) }))

export interface KpiReportLine {
  kpi: Kpi
  report: KpiReport | null
  score: KpiRoundScore
  /** What kpiReportHtml prints. */
  printed: KpiRoundReport
}

export type CatalogReportData =
  | {
      kind: 'kpi-agreement'
      catalogId: string
      catalog: KpiAgreementCatalog
      organizationName: string
      round: Round
      lines: KpiReportLine[]
    }
  | {
      kind: 'integrity-policy'
      catalogId: string
      catalog: IntegrityPolicyCatalog
      organizationName: string
      round: Round
      /** One progress report per reporting unit, in unit order; empty when nothing was reported. */
      units: {
        unitId: string | null
        unitName: string
        asOf: Date | null
        entries: (ProgressEntry & { line: ProgressLine })[]
      }[]
    }
  | {
      kind: 'improvement-measures'
      catalogId: string
      catalog: ImprovementMeasuresCatalog
      organizationName: string
      round: Round
      results: (MeasureResult & { line: ProgressLine; evidence: { title: string; url?: string }[] })[]
    }

/**
 * The recorded data of one report catalog for a round; null when the catalog is not one of the organization's report
 * catalogs.
 */
export async function catalogReportData(
  organizationId: string,
  catalogId: string,
  round: Round,
): Promise<CatalogReportData | null> {
  const stored = await getCatalog(organizationId, catalogId)
  if (!stored) return null
  const organizationName = (await getOrganizationById(organizationId))?.nameTh ?? ''
  const c = stored.content
  if (c.kind === 'kpi-agreement') {
    const reports = new Map((await listKpiReports(organizationId, stored.id, round)).map((r) => [r.kpiCode, r]))
    const lines = c.kpis.map((kpi): KpiReportLine => {
      const report = reports.get(kpi.code) ?? null
      const score = kpiRoundScore(kpi, c.scoreBelowLevel1, report)
      const printed: KpiRoundReport = {
        round,
        fiscalYear: c.fiscalYear,
        // the catalog names the role; the report names the person, when the coordinator gave one
        supervisor: {
          name: report?.supervisorName || kpi.supervisor.th,
          ...(report?.supervisorPhone ? { phone: report.supervisorPhone } : {}),
        },
        dataCollector: {
          name: report?.dataCollectorName || kpi.dataCollector.th,
          ...(report?.dataCollectorPhone ? { phone: report.dataCollectorPhone } : {}),
        },
        levelsDone: (report?.levelTexts ?? []).filter((l) => l.text),
        ...(report?.result !== null && report?.result !== undefined ? { result: report.result } : {}),
        explanation: report?.explanation ?? '',
        supportingFactors: report?.supportingFactors ?? '',
        obstacles: report?.obstacles ?? '',
        evidence: refs(report?.evidence ?? []),
        ...(report
          ? {
              certification: {
                status: report.certification,
                byName: report.certifiedByName,
                at: report.certifiedAt,
                note: report.certificationNote,
              },
            }
          : {}),
      }
      return { kpi, report, score, printed }
    })
    return { kind: 'kpi-agreement', catalogId: stored.id, catalog: c, organizationName, round, lines }
  }
  if (c.kind !== 'integrity-policy' && c.kind !== 'improvement-measures') return null
  const ctx = (await getPlanContext(organizationId, stored.id))!
  const progress = await listProgress(organizationId, stored.id, round)
  const at = (p: ProgressRecord) =>
    ctx.lines.findIndex((l) => l.itemCode === p.itemCode && l.activityCode === p.activityCode)
  const known = progress.filter((p) => at(p) >= 0).sort((a, b) => at(a) - at(b))
  // each record with the plan line it reports on
  const withLine = <T>(p: ProgressRecord, make: (line: (typeof ctx.lines)[number]) => T) => make(ctx.lines[at(p)])
  if (c.kind === 'improvement-measures') {
    const results = known.map((p) =>
      withLine(p, (line) => ({
        issueCode: line.groupCode,
        measureCode: line.measureCode,
        summary: p.summary,
        outcome: p.outcome,
        line,
        evidence: refs(p.evidence),
      })),
    )
    return { kind: 'improvement-measures', catalogId: stored.id, catalog: c, organizationName, round, results }
  }
  const unitOrder = await listUnits(organizationId)
  const unitIds = [...new Set(known.map((p) => p.unitId))].sort(
    (a, b) => unitOrder.findIndex((u) => u.id === a) - unitOrder.findIndex((u) => u.id === b),
  )
  const units = unitIds.map((unitId) => {
    const mine = known.filter((p) => p.unitId === unitId)
    return {
      unitId,
      unitName: unitOrder.find((u) => u.id === unitId)?.nameTh ?? '—',
      asOf: new Date(Math.max(...mine.map((p) => new Date(p.updatedAt).getTime()))),
      entries: mine.map((p) =>
        withLine(p, (line) => ({
          areaCode: line.groupCode,
          measureCode: line.measureCode,
          activityCode: line.activityCode,
          method: p.method,
          result: p.result,
          evidence: refs(p.evidence),
          line,
        })),
      ),
    }
  })
  return { kind: 'integrity-policy', catalogId: stored.id, catalog: c, organizationName, round, units }
}

/** The report bodies of one catalog's data, ready for reportDocument. */
export function reportSections(data: CatalogReportData): ReportSection[] {
  switch (data.kind) {
    case 'kpi-agreement':
      return data.lines.map((l) => ({
        key: `kpi:${data.catalogId}:${l.kpi.code}`,
        title: `ตัวชี้วัดที่ ${l.kpi.code} ${l.kpi.name.th} (${roundName(data.round)})`,
        html: kpiReportHtml(l.kpi, l.printed, l.score),
      }))
    case 'integrity-policy': {
      const plan = {
        key: `plan:${data.catalogId}`,
        title: data.catalog.name.th,
        html: policyPlanHtml(data.catalog, data.organizationName),
      }
      const progress = (
        data.units.length ? data.units : [{ unitId: null, unitName: '—', asOf: null, entries: [] }]
      ).map((u) => ({
        key: `progress:${data.catalogId}:${u.unitId ?? 'none'}`,
        title: `แบบรายงานผลการดำเนินงาน ${u.unitName} (${roundName(data.round)})`,
        html: progressReportHtml(data.catalog, {
          organizationName: data.organizationName,
          unitName: u.unitName,
          asOf: u.asOf,
          roundName: roundName(data.round),
          entries: u.entries,
        }),
      }))
      return [plan, ...progress]
    }
    case 'improvement-measures':
      return [
        {
          key: `measures:${data.catalogId}`,
          title: `${data.catalog.name.th} (${roundName(data.round)})`,
          html: measuresReportHtml(data.catalog, {
            organizationName: data.organizationName,
            fiscalYear: data.catalog.fiscalYear,
            results: data.results,
          }),
        },
      ]
  }
}

/**
 * For each published KPI-agreement, integrity-policy and improvement-measures catalog of the
 * fiscal year, the report bodies of the round (in that order of kinds, then by name).
 */
export async function organizationReportSections(
  organizationId: string,
  fiscalYear: number,
  round: 6 | 9 | 12,
): Promise<{ key: string; title: string; html: string }[]> {
  const catalogs = (await listCatalogs(organizationId))
    .filter(
      (c) =>
        c.status === 'published' && c.fiscalYear === fiscalYear && (REPORT_KINDS as readonly string[]).includes(c.kind),
    )
    .sort(
      (a, b) =>
        REPORT_KINDS.indexOf(a.kind as (typeof REPORT_KINDS)[number]) -
          REPORT_KINDS.indexOf(b.kind as (typeof REPORT_KINDS)[number]) || compareThai(a.nameTh, b.nameTh),
    )
  const out: ReportSection[] = []
  for (const c of catalogs) {
    const data = await catalogReportData(organizationId, c.id, round)
    if (data) out.push(...reportSections(data))
  }
  return out
}

/** One catalog's reports of a round as one PDF (KPI reports portrait, plan tables landscape). */
export async function catalogReportPdf(data: CatalogReportData, now = new Date()): Promise<Buffer> {
  const body = reportSections(data)
    .map((s, i) => (i === 0 ? s.html : `<div class="page-break"></div>${s.html}`))
    .join('\n')
  const html = reportDocument(body, {
    title: data.catalog.name.th,
    fontCss: thaiFontCss(),
    fontFamily: PDF_FONT_FAMILY,
    landscape: data.kind !== 'kpi-agreement',
  })
  return withPdfRenderer((r) => r.render(html, now))
}

/** The download file name stem: the catalog key, fiscal year and round. */
export function reportFileStem(data: CatalogReportData): string {
  return `${data.catalog.key}-${data.catalog.fiscalYear}-round-${data.round}`
}

/** The round asked in a download's query (?round=6|9|12); the annual report (12) when absent; null when invalid. */
export function reportRoundOf(value: string | null): Round | null {
  if (value === null || value === '') return 12
  const n = Number(value)
  return n === 6 || n === 9 || n === 12 ? n : null
}
