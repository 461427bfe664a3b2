import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { CatalogPage } from '#app/components/catalog/page'
import { readCatalogUpload } from '#app/utils/catalog-upload.server'
import { forbidden, notFound } from '#app/utils/forms.server'
import { actorOf, requirePermission } from '#app/utils/session.server'
import { MULTI_VALUE_FIELDS, type CatalogEditInput } from '#models/catalog/edit'
import { CatalogImportError, createNewVersion, getCatalog, listCatalogs } from '#models/catalog/catalog.server'
import { deleteDraft, editDraft, importCatalogFile, publishCatalog } from '#models/work/catalog-changes.server'
import { AppError } from '#models/errors'
import { can } from '#models/tenancy/permissions'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'catalog.read')
  const catalog = await getCatalog(member.organization.id, params.catalogId ?? '')
  if (!catalog) throw notFound()
  const rolledOver = (await listCatalogs(member.organization.id)).some((c) => c.rolledFromId === catalog.id)
  return json({ catalog, rolledOver, canManage: can(member.membership, 'catalog.manage') })
}

/** A refusal of the page's forms: the message, field errors, and which form with what was typed. */
function refused(error: AppError, form: FormData | null) {
  const values: Record<string, string | string[]> = {}
  if (form)
    for (const key of new Set(form.keys())) {
      const all = form.getAll(key).filter((v): v is string => typeof v === 'string')
      values[key] = all.length > 1 || (MULTI_VALUE_FIELDS as readonly string[]).includes(key) ? all : (all[0] ?? '')
    }
  return json(
    {
      formError: error.message,
      fieldErrors: error.fieldErrors,
      formKey: form?.get('formKey')?.toString(),
      values,
      problems: error instanceof CatalogImportError ? error.problems : undefined,
    },
    { status: error.status },
  )
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requirePermission(request, 'catalog.manage')
  const actor = actorOf(member, request, context)
  const id = params.catalogId ?? ''
  let form: FormData | null = null
  try {
    if (request.headers.get('Content-Type')?.startsWith('multipart/form-data')) {
      const { file } = await readCatalogUpload(request)
      await importCatalogFile(actor, file, id)
      return redirect(`/catalogs/${id}`)
    }
    form = await request.formData()
    const intent = String(form.get('intent') ?? '')
    if (intent === 'publish') return (await publishCatalog(actor, id)) && redirect(`/catalogs/${id}`)
    if (intent === 'new-version') return redirect(`/catalogs/${(await createNewVersion(actor, id)).id}`)
    if (intent === 'delete') return (await deleteDraft(actor, id)) ?? redirect('/catalogs')
    const input: Record<string, string | string[]> = { op: intent }
    for (const key of new Set(form.keys())) {
      if (key === 'intent' || key === 'formKey') continue
      const all = form.getAll(key).map(String)
      input[key] = (MULTI_VALUE_FIELDS as readonly string[]).includes(key) ? all : all[0]
    }
    await editDraft(actor, id, input as CatalogEditInput)
    return redirect(`/catalogs/${id}`)
  } catch (error) {
    if (!(error instanceof AppError)) throw error
    if (error.status === 404) throw notFound(error.message)
    if (error.status === 403) throw forbidden(error.message)
    return refused(error, form)
  }
}

export default function CatalogRoute() {
  return <CatalogPage {...useLoaderData<typeof loader>()} />
}
