import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { REVIEW_LIST_STATUSES, ReviewList } from '#app/components/review/list'
import { requirePermission } from '#app/utils/session.server'
import { byFiscalYear } from '#models/dates'
import { listReviews } from '#models/work/review.server'

/** The assessor's list: items waiting for review (or returned, or approved), oldest submission first. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'review.decide')
  const asked = new URL(request.url).searchParams.get('status')
  const status = REVIEW_LIST_STATUSES.find((s) => s === asked) ?? 'submitted'
  // the year in progress first, then earlier years (each oldest submission first)
  return json({ status, rows: byFiscalYear(await listReviews(member.organization.id, [status])) })
}

export default function ReviewRoute() {
  return <ReviewList {...useLoaderData<typeof loader>()} />
}

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'
