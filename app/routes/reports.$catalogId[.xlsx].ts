import type { LoaderFunctionArgs } from '@remix-run/node'
import { fileDownload } from '#app/utils/downloads.server'
import { requireCatalogReport } from '#app/utils/reports.server'
import { catalogReportWorkbook } from '#evidence/documents/excel.server'
import { reportFileStem } from '#evidence/documents/sections.server'

/**
 * The KPI, plan or measures report of a catalog for a round (?round=6|9|12), as an Excel workbook with the PDF's
 * numbers.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const data = await requireCatalogReport(request, params.catalogId)
  return fileDownload(await catalogReportWorkbook(data), `${reportFileStem(data)}.xlsx`, 'xlsx')
}
