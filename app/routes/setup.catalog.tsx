import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { SetupCatalog } from '#app/components/setup/catalog'
import { attempt, badRequest, startAction } from '#app/utils/forms.server'
import { requirePermission } from '#app/utils/session.server'
import { listBuiltInCatalogs, listCatalogs, startFromBuiltIn } from '#models/catalog/catalog.server'
import { fiscalYearOf } from '#models/dates'
import { beginSetup, finishSetupIfComplete, yearCatalogOf } from '#models/tenancy/setup.server'
import { publishCatalog } from '#models/work/catalog-changes.server'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

/** The ITA built-in of the fiscal year in progress (by the Bangkok date), the year's catalog, and last year's. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'catalog.manage')
  const fiscalYear = fiscalYearOf(new Date())
  const catalogs = await listCatalogs(member.organization.id)
  const builtIn = listBuiltInCatalogs().find((b) => b.kind === 'ita' && b.fiscalYear === fiscalYear) ?? null
  const lastYear = catalogs.find((c) => c.kind === 'ita' && c.fiscalYear === fiscalYear - 1 && c.status === 'published')
  return json({ fiscalYear, current: yearCatalogOf(catalogs, fiscalYear), builtIn, lastYear: lastYear ?? null })
}

export async function action(args: ActionFunctionArgs) {
  const { actor, form, intent } = await startAction(args, 'catalog.manage')
  if (intent !== 'start' && intent !== 'publish') throw badRequest()
  const result = await attempt(async () => {
    await beginSetup(actor)
    // a built-in is copied as a draft, then published at once: the set-up's step is "published"
    const id =
      intent === 'start'
        ? (await startFromBuiltIn(actor, String(form.get('key') ?? ''))).id
        : String(form.get('catalogId') ?? '')
    return publishCatalog(actor, id)
  })
  if (!result.ok) return result.response
  return redirect((await finishSetupIfComplete(actor)) ? '/' : '/setup/assignments')
}

export default function SetupCatalogRoute() {
  return <SetupCatalog {...useLoaderData<typeof loader>()} />
}
