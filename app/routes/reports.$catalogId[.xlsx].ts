import type { LoaderFunctionArgs } from '@remix-run/node'
import { contentDisposition } from '#app/utils/catalog-upload.server'
import { requireCatalogReport } from '#app/utils/reports.server'
import { catalogReportWorkbook } from '#evidence/documents/excel.server'
import { reportFileStem } from '#evidence/documents/sections.server'

/** The KPI, plan or measures report of a catalog for a round (?round=6|9|12), as an Excel workbook with the PDF's numbers. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const data = await requireCatalogReport(request, params.catalogId)
  const bytes = await catalogReportWorkbook(data)
  return new Response(new Uint8Array(bytes), {
    headers: { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Content-Disposition': contentDisposition(`${reportFileStem(data)}.xlsx`), 'Cache-Control': 'no-store' },
  })
}
