import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { ReportsPage } from '#app/components/reports/page'
import { requirePermission } from '#app/utils/session.server'
import { REPORT_KINDS } from '#evidence/documents/sections.server'
import { listCatalogs } from '#models/catalog/catalog.server'
import { chosenFiscalYear } from '#models/dates'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

/**
 * The published KPI agreements, integrity-policy plans and improvement measures of a fiscal year (`?fy=`, default
 * the current one when it has any, else the latest), with their report downloads per round.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'catalog.read')
  const kinds: readonly string[] = REPORT_KINDS
  const published = (await listCatalogs(member.organization.id)).filter(
    (c) => c.status === 'published' && kinds.includes(c.kind),
  )
  const years = [...new Set(published.map((c) => c.fiscalYear))].sort((a, b) => b - a)
  const fiscalYear = years.length ? chosenFiscalYear(new URL(request.url).searchParams.get('fy'), years) : null
  const catalogs = published
    .filter((c) => c.fiscalYear === fiscalYear)
    .sort((a, b) => kinds.indexOf(a.kind) - kinds.indexOf(b.kind))
    .map((c) => ({
      id: c.id,
      kind: c.kind as (typeof REPORT_KINDS)[number],
      nameTh: c.nameTh,
      nameEn: c.nameEn,
      fiscalYear: c.fiscalYear,
    }))
  return json({ years, fiscalYear, catalogs })
}

export default function ReportsRoute() {
  return <ReportsPage {...useLoaderData<typeof loader>()} />
}
