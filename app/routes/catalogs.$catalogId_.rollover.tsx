import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { RolloverPage } from '#app/components/catalog/rollover'
import { answer, attempt, startAction } from '#app/utils/forms.server'
import { requirePermission } from '#app/utils/session.server'
import type { RolloverOverrides } from '#models/catalog/items'
import { getRolloverScreen, planRollover, startNextYearFromCatalog } from '#models/catalog/catalog.server'
import { confirmRollover } from '#models/work/catalog-changes.server'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'catalog.manage')
  const to = new URL(request.url).searchParams.get('to')
  const result = await attempt(() => getRolloverScreen(member.organization.id, params.catalogId ?? '', to))
  if (!result.ok) return result.response
  return json(result.value)
}

/** The review form's choices: "match.<new code>" = the old code it continues, or "" for new. */
function overridesOf(form: FormData): RolloverOverrides {
  const out: RolloverOverrides = {}
  for (const [key, value] of form.entries())
    if (key.startsWith('match.') && typeof value === 'string') out[key.slice('match.'.length)] = value || null
  return out
}

export async function action(args: ActionFunctionArgs) {
  const { organizationId, actor, form, intent } = await startAction(args, 'catalog.manage')
  const to = String(form.get('to') ?? '')
  const from = args.params.catalogId ?? ''
  const overrides = overridesOf(form)
  if (intent === 'year-shift') {
    const result = await attempt(() => startNextYearFromCatalog(actor, from))
    if (!result.ok) return result.response
    return redirect(`/catalogs/${from}/rollover?to=${result.value.catalog.id}`)
  }
  if (intent === 'preview') {
    const result = await attempt(() => planRollover(organizationId, from, to, overrides))
    if (!result.ok) return result.response
    return answer.ok({ plan: result.value })
  }
  const result = await attempt(() => confirmRollover(actor, from, to, overrides))
  if (!result.ok) return result.response
  return redirect(`/assignments?catalogId=${to}&carried=${result.value.carried}`)
}

export default function RolloverRoute() {
  return <RolloverPage data={useLoaderData<typeof loader>()} />
}
