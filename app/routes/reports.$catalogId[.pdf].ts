import type { LoaderFunctionArgs } from '@remix-run/node'
import { contentDisposition } from '#app/utils/catalog-upload.server'
import { requireCatalogReport } from '#app/utils/reports.server'
import { catalogReportPdf, reportFileStem } from '#evidence/documents/sections.server'

/** The KPI, plan or measures report of a catalog for a round (?round=6|9|12), as a Thai PDF. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const data = await requireCatalogReport(request, params.catalogId)
  const pdf = await catalogReportPdf(data)
  return new Response(new Uint8Array(pdf), {
    headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': contentDisposition(`${reportFileStem(data)}.pdf`), 'Cache-Control': 'no-store' },
  })
}
