import type { LoaderFunctionArgs } from '@remix-run/node'
import { contentDisposition } from '#app/utils/catalog-upload.server'
import { requirePermission } from '#app/utils/session.server'
import { attempt } from '#app/utils/forms.server'
import { exportCatalogFile } from '#models/catalog/catalog.server'

/** The catalog as an Excel workbook, one row per required element, importable again. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'catalog.read')
  const result = await attempt(() => exportCatalogFile(member.organization.id, params.catalogId ?? '', 'xlsx'))
  if (!result.ok) return result.response
  return new Response(new Uint8Array(result.value.bytes), {
    headers: { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Content-Disposition': contentDisposition(result.value.fileName), 'Cache-Control': 'no-store' },
  })
}
