import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { MyWorkPage } from '#app/components/inbox/my-work'
import { requirePermission } from '#app/utils/session.server'
import { yearsForPicker } from '#models/dates'
import { listMyWorkWithReview } from '#models/work/review.server'
import { withEffectiveDueDates } from '#models/work/calendar.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'work.read')
  // the due-date rule (a unit's round deadline when the assignment has none) and overdue after the due day
  const work = await listMyWorkWithReview(member.organization.id, {
    unitIds: member.membership.unitIds,
    userId: member.user.id,
  })
  const dated = await withEffectiveDueDates(member.organization.id, work)
  // grouped by fiscal year, the year in progress first; each group soonest due first
  const years = yearsForPicker(dated.map((w) => w.fiscalYear))
  return json({
    groups: years.map((fiscalYear) => ({ fiscalYear, work: dated.filter((w) => w.fiscalYear === fiscalYear) })),
  })
}

export default function MyWorkRoute() {
  return <MyWorkPage {...useLoaderData<typeof loader>()} />
}

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'
