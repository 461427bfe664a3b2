import type { LoaderFunctionArgs } from '@remix-run/node'
import { contentDisposition } from '#app/utils/catalog-upload.server'
import { requirePermission } from '#app/utils/session.server'
import { completenessWorkbook, getCompleteness, parseCompletenessFilters } from '#models/reporting/completeness.server'
import { AppError, notFound } from '#models/errors'

/** The completeness matrix as Excel, with the filters of the screen (same query string, same numbers). */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'dashboard.read')
  try {
    const data = await getCompleteness(member.organization.id, parseCompletenessFilters(new URL(request.url).searchParams))
    if (!data) throw notFound()
    const bytes = await completenessWorkbook(data)
    return new Response(new Uint8Array(bytes), {
      headers: {
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': contentDisposition(`ความครบถ้วน-${data.catalog.key}-${data.catalog.fiscalYear}.xlsx`),
        'Cache-Control': 'no-store',
      },
    })
  } catch (error) {
    if (error instanceof AppError) return new Response(error.message, { status: error.status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
    throw error
  }
}
