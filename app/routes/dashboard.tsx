import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { DashboardPage } from '#app/components/dashboard/page'
import { requirePermission } from '#app/utils/session.server'
import { defaultFiscalYear } from '#models/dates'
import { can } from '#models/tenancy/permissions'
import { getItaDashboard, getKpiTables } from '#models/reporting/projection.server'
import { listItaYears } from '#models/reporting/survey.server'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'dashboard.read')
  const asked = Number(new URL(request.url).searchParams.get('year'))
  const year = Number.isInteger(asked) && asked >= 2500 && asked <= 2700 ? asked : null
  const now = new Date()
  // the year in progress when it has a published ITA catalog, else the latest (the rule of every year picker)
  const ita = await getItaDashboard(
    member.organization.id,
    year ?? defaultFiscalYear(await listItaYears(member.organization.id), now),
    now,
  )
  const kpis = await getKpiTables(member.organization.id, ita.fiscalYear)
  return json({
    ...ita,
    kpis,
    now: now.toISOString(),
    canManageSurveys: can(member.membership, 'survey.manage'),
    canManageCatalogs: can(member.membership, 'catalog.manage'),
  })
}

export default function Dashboard() {
  return <DashboardPage data={useLoaderData<typeof loader>()} />
}
