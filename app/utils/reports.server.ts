import { catalogReportData, reportRoundOf, type CatalogReportData } from '#evidence/documents/sections.server'
import { badRequest, notFound } from '#app/utils/responses.server'
import { bi } from '#models/errors'
import { requirePermission } from '#app/utils/session.server'

/** The report data of a catalog and round (?round=6|9|12) that a download route renders; 400/404 otherwise. */
export async function requireCatalogReport(
  request: Request,
  catalogId: string | undefined,
): Promise<CatalogReportData> {
  const member = await requirePermission(request, 'catalog.read')
  const round = reportRoundOf(new URL(request.url).searchParams.get('round'))
  if (!round) throw badRequest(bi('รอบการรายงาน: ต้องเป็น 6, 9 หรือ 12 เดือน', 'round: must be 6, 9 or 12'))
  const data = await catalogReportData(member.organization.id, catalogId ?? '', round)
  if (!data) throw notFound(bi('ไม่พบรายงาน', 'report not found'))
  return data
}
