import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { OrganizationsPage } from '#app/components/platform/organizations'
import { operatorActorOf, requireOperator } from '#app/utils/session.server'
import { listOrganizationsForOperators } from '#models/tenancy/operator.server'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

/** The operators' console: every organization's metadata, searched by code or name. 404 for anyone else. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const operator = await requireOperator(request)
  const params = new URL(request.url).searchParams
  const q = (params.get('q') ?? '').slice(0, 100)
  const organizations = await listOrganizationsForOperators(operatorActorOf(operator, request, context), { q })
  // after a delete the console comes back here naming the organization deleted
  const deleted = (params.get('deleted') ?? '').slice(0, 40) || null
  return json({ organizations, q, deleted })
}

export default function PlatformConsole() {
  const { organizations, q, deleted } = useLoaderData<typeof loader>()
  return <OrganizationsPage organizations={organizations} q={q} deleted={deleted} />
}
