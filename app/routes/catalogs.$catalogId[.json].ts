import type { LoaderFunctionArgs } from '@remix-run/node'
import { fileDownload } from '#app/utils/downloads.server'
import { attempt } from '#app/utils/forms.server'
import { requirePermission } from '#app/utils/session.server'
import { exportCatalogFile } from '#evidence/documents/catalog-workbook.server'

/** The whole catalog as JSON, importable again. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'catalog.read')
  const result = await attempt(() => exportCatalogFile(member.organization.id, params.catalogId ?? '', 'json'))
  if (!result.ok) return result.response
  return fileDownload(result.value.bytes, result.value.fileName, 'json')
}
