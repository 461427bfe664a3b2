import type { LoaderFunctionArgs } from '@remix-run/node'
import { fileDownload } from '#app/utils/downloads.server'
import { requirePermission } from '#app/utils/session.server'
import { catalogTemplateFile } from '#evidence/documents/catalog-workbook.server'

/**
 * The empty workbook an administrator fills in to import a catalog. An index route on purpose:
 * the router ranks catalogs.$catalogId[.xlsx] (":catalogId.xlsx") as static too, and on a tie that
 * route answered /catalogs/template.xlsx with 404; the index bonus makes this route win
 * (test/unit/route-ranking.test.ts).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'catalog.manage')
  const { fileName, bytes } = await catalogTemplateFile()
  return fileDownload(bytes, fileName, 'xlsx')
}
