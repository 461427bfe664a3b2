import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { CompletenessPage } from '#app/components/completeness/page'
import { answer, notFound } from '#app/utils/forms.server'
import { requirePermission } from '#app/utils/session.server'
import { getCompleteness, parseCompletenessFilters } from '#models/reporting/completeness.server'
import { AppError } from '#models/errors'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

/** Administrators, assessors and executives: the matrix of one catalog, filtered by the query string. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'dashboard.read')
  const url = new URL(request.url)
  try {
    const filters = parseCompletenessFilters(url.searchParams)
    return answer.ok({ data: await getCompleteness(member.organization.id, filters), query: url.search })
  } catch (error) {
    if (!(error instanceof AppError)) throw error
    if (error.status === 404) throw notFound(error.message)
    // a bad filter: the page says which and why; nothing is shown for it
    return json(
      { data: null, query: url.search, formError: error.message, fieldErrors: error.fieldErrors },
      { status: 400 },
    )
  }
}

export default function CompletenessRoute() {
  return <CompletenessPage {...useLoaderData<typeof loader>()} />
}
