import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { notFound } from '#app/utils/responses.server'
import { requirePermission } from '#app/utils/session.server'
import { getCatalog } from '#models/catalog/catalog.server'
import { parseLibraryQuery, searchLibrary } from '#models/evidence/search.server'

/**
 * The inline picker's search of the library, as the library searches (`q`: words of the title, file name or extracted
 * text; `unit`, `type`, `from`, `to`): live evidence usable in the item's fiscal year, 30 at most. JSON for the
 * item page's picker.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'evidence.upload')
  const catalog = await getCatalog(member.organization.id, params.catalogId!)
  if (!catalog) throw notFound()
  const query = parseLibraryQuery(new URL(request.url).searchParams)
  const found = await searchLibrary(member.organization.id, { ...query, item: '', page: 1 }, { pageSize: 60 })
  return json({
    results: found.rows
      .map((r) => r.evidence)
      .filter((e) => e.fiscalYear === null || e.fiscalYear === catalog.fiscalYear)
      .slice(0, 30)
      .map((e) => ({
        id: e.id,
        title: e.title,
        type: e.type,
        fileName: e.current?.fileName ?? null,
        documentDate: e.documentDate,
      })),
  })
}
