import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { CatalogsPage } from '#app/components/catalog/list-page'
import { readCatalogUpload } from '#app/utils/catalog-upload.server'
import { forbidden, notFound } from '#app/utils/forms.server'
import { actorOf, requirePermission } from '#app/utils/session.server'
import { can } from '#models/tenancy/permissions'
import { CatalogImportError, listBuiltInCatalogs, listCatalogs, startFromBuiltIn } from '#models/catalog/catalog.server'
import { importCatalogFile } from '#models/work/catalog-changes.server'
import { AppError } from '#models/errors'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'catalog.read')
  const catalogs = await listCatalogs(member.organization.id)
  return json({ catalogs, builtIns: listBuiltInCatalogs(), canManage: can(member.membership, 'catalog.manage') })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const member = await requirePermission(request, 'catalog.manage')
  const actor = actorOf(member, request, context)
  const isUpload = request.headers.get('Content-Type')?.startsWith('multipart/form-data')
  try {
    if (isUpload) {
      const { file } = await readCatalogUpload(request)
      return redirect(`/catalogs/${(await importCatalogFile(actor, file)).id}`)
    }
    const form = await request.formData()
    return redirect(`/catalogs/${(await startFromBuiltIn(actor, String(form.get('key') ?? ''))).id}`)
  } catch (error) {
    // an import refusal carries every problem (sheet, row, column, rule): the screen lists them all
    if (!(error instanceof AppError)) throw error
    if (error.status === 404) throw notFound(error.message)
    if (error.status === 403) throw forbidden(error.message)
    return json(
      {
        formError: error.message,
        fieldErrors: error.fieldErrors,
        problems: error instanceof CatalogImportError ? error.problems : undefined,
      },
      { status: error.status },
    )
  }
}

export default function CatalogsRoute() {
  return <CatalogsPage {...useLoaderData<typeof loader>()} />
}
