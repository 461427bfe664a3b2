import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { MyWorkPage } from '#app/components/inbox/my-work'
import { requirePermission } from '#app/utils/session.server'
import { listMyWorkOfYear } from '#models/work/review.server'
import { withEffectiveDueDates } from '#models/work/calendar.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'work.read')
  // one fiscal year at a time (`?year=`, else the year in progress); a year not offered falls back to the default
  const asked = Number(new URL(request.url).searchParams.get('year'))
  const { years, fiscalYear, work } = await listMyWorkOfYear(
    member.organization.id,
    { unitIds: member.membership.unitIds, userId: member.user.id },
    Number.isInteger(asked) && asked > 0 ? asked : null,
  )
  // the due-date rule (a unit's round deadline when the assignment has none) and overdue after the due day
  const dated = await withEffectiveDueDates(member.organization.id, work)
  return json({ years, groups: fiscalYear === null ? [] : [{ fiscalYear, work: dated }] })
}

export default function MyWorkRoute() {
  return <MyWorkPage {...useLoaderData<typeof loader>()} />
}

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'
