import type { LoaderFunctionArgs } from '@remix-run/node'
import { contentDisposition } from '#app/utils/catalog-upload.server'
import { requirePermission } from '#app/utils/session.server'
import { catalogReportWorkbook } from '#evidence/reports/excel.server'
import { catalogReportData, reportFileStem, reportRoundOf } from '#evidence/reports/sections.server'

/** The KPI, plan or measures report of a catalog for a round (?round=6|9|12), as an Excel workbook with the PDF's numbers. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'catalog.read')
  const round = reportRoundOf(new URL(request.url).searchParams.get('round'))
  if (!round) throw new Response('รอบการรายงาน: ต้องเป็น 6, 9 หรือ 12 เดือน / round: must be 6, 9 or 12', { status: 400 })
  const data = await catalogReportData(member.organization.id, params.catalogId ?? '', round)
  if (!data) throw new Response('ไม่พบรายงาน / report not found', { status: 404 })
  const bytes = await catalogReportWorkbook(data)
  return new Response(new Uint8Array(bytes), {
    headers: { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Content-Disposition': contentDisposition(`${reportFileStem(data)}.xlsx`), 'Cache-Control': 'no-store' },
  })
}
