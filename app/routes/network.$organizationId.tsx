import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { NetworkDashboard } from '#app/components/network/dashboard'
import { notFound } from '#app/utils/forms.server'
import { actorOf, requireMember } from '#app/utils/session.server'
import { defaultFiscalYear } from '#models/dates'
import { getItaDashboard, getKpiTables } from '#models/reporting/projection.server'
import { listItaYears } from '#models/reporting/survey.server'
import { findDescendant, mayViewNetwork, recordDashboardRead } from '#models/reporting/network.server'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

/** The dashboard of one organization beneath the viewer's, read-only; any other organization is not found. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const member = await requireMember(request)
  if (!mayViewNetwork(member.membership)) throw notFound()
  const child = await findDescendant(member.organization.id, params.organizationId ?? '')
  if (!child) throw notFound()
  const asked = Number(new URL(request.url).searchParams.get('year'))
  const year = Number.isInteger(asked) && asked >= 2500 && asked <= 2700 ? asked : null
  const now = new Date()
  const ita = await getItaDashboard(child.id, year ?? defaultFiscalYear(await listItaYears(child.id), now), now)
  const kpis = await getKpiTables(child.id, ita.fiscalYear)
  await recordDashboardRead(actorOf(member, request, context), member.organization, child, ita.fiscalYear)
  return json({
    ...ita,
    kpis,
    now: now.toISOString(),
    canManageSurveys: false,
    canManageCatalogs: false,
    readOnly: true,
    child: { th: child.nameTh, en: child.nameEn || child.nameTh },
    parent: { th: member.organization.nameTh, en: member.organization.nameEn || member.organization.nameTh },
  })
}

export default function NetworkChildDashboard() {
  return <NetworkDashboard data={useLoaderData<typeof loader>()} />
}
