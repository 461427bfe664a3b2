import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { NetworkPage } from '#app/components/network/page'
import { notFound } from '#app/utils/forms.server'
import { actorOf, requireMember } from '#app/utils/session.server'
import { AppError } from '#models/errors'
import { getNetworkView, mayViewNetwork, parseNetworkQuery } from '#models/reporting/network.server'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

/**
 * Administrators and executives of an organization with organizations beneath it: their figures, read-only. Anyone
 * else (a child's administrator included) gets 404, so the page does not say whether a network exists.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const member = await requireMember(request)
  if (!mayViewNetwork(member.membership)) throw notFound()
  const url = new URL(request.url)
  try {
    const query = parseNetworkQuery(url.searchParams)
    const view = await getNetworkView(actorOf(member, request, context), member.organization, query)
    if (!view) throw notFound()
    return json({ view, search: url.search, formError: null })
  } catch (error) {
    if (!(error instanceof AppError)) throw error
    // a bad filter: the page names the field and the rule, and shows nothing for it
    return json({ view: null, search: url.search, formError: error.message }, { status: error.status })
  }
}

export default function NetworkRoute() {
  return <NetworkPage {...useLoaderData<typeof loader>()} />
}
