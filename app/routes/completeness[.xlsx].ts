import type { LoaderFunctionArgs } from '@remix-run/node'
import { fileDownload } from '#app/utils/downloads.server'
import { errorResponse, notFound } from '#app/utils/forms.server'
import { requirePermission } from '#app/utils/session.server'
import { getCompleteness, parseCompletenessFilters } from '#models/reporting/completeness.server'
import { completenessWorkbook } from '#evidence/documents/completeness-workbook.server'
import { AppError } from '#models/errors'

/** The completeness matrix as Excel, with the filters of the screen (same query string, same numbers). */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'dashboard.read')
  try {
    const data = await getCompleteness(
      member.organization.id,
      parseCompletenessFilters(new URL(request.url).searchParams),
    )
    if (!data) return notFound()
    const bytes = await completenessWorkbook(data)
    return fileDownload(bytes, `ความครบถ้วน-${data.catalog.key}-${data.catalog.fiscalYear}.xlsx`, 'xlsx')
  } catch (error) {
    if (error instanceof AppError) return errorResponse(error)
    throw error
  }
}
