import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { KpiListPage, type KpiListData, type KpiRoundCell } from '#app/components/kpi/list-page'
import { requirePermission } from '#app/utils/session.server'
import { kpiRoundScore } from '#evidence/documents/kpi-score'
import { getCatalog, listCatalogs } from '#models/catalog/catalog.server'
import { chosenFiscalYear } from '#models/dates'
import { REPORTING_ROUNDS } from '#models/catalog/schema'
import { listKpiReports } from '#models/reporting/kpi-report.server'
import { formatScore } from '#scoring/index'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

/** The KPIs of the year's published performance agreements, with each round's certification and score. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'catalog.read')
  const organizationId = member.organization.id
  const agreements = (await listCatalogs(organizationId)).filter(
    (c) => c.kind === 'kpi-agreement' && c.status === 'published',
  )
  const years = [...new Set(agreements.map((c) => c.fiscalYear))].sort((a, b) => b - a)
  const fiscalYear = years.length ? chosenFiscalYear(new URL(request.url).searchParams.get('fy'), years) : null
  const catalogs: KpiListData['catalogs'] = []
  for (const summary of agreements.filter((c) => c.fiscalYear === fiscalYear)) {
    const stored = await getCatalog(organizationId, summary.id)
    if (stored?.content.kind !== 'kpi-agreement') continue
    const content = stored.content
    const reports = await listKpiReports(organizationId, stored.id)
    catalogs.push({
      id: stored.id,
      nameTh: stored.nameTh,
      nameEn: stored.nameEn,
      kpis: content.kpis.map((kpi) => ({
        code: kpi.code,
        nameTh: kpi.name.th,
        nameEn: kpi.name.en,
        weight: kpi.weight,
        rounds: REPORTING_ROUNDS.map((round): KpiRoundCell => {
          if (!kpi.reportingRounds.includes(round)) return { round, due: false, status: null, score: null }
          const report = reports.find((r) => r.kpiCode === kpi.code && r.round === round) ?? null
          return {
            round,
            due: true,
            status: report?.certification ?? null,
            score: report ? formatScore(kpiRoundScore(kpi, content.scoreBelowLevel1, report).score, 4) : null,
          }
        }),
      })),
    })
  }
  return json({ years, fiscalYear, catalogs })
}

export default function KpiListRoute() {
  return <KpiListPage {...useLoaderData<typeof loader>()} />
}
