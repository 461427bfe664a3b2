import { bangkokDayValue } from '#models/dates'
import { Readable } from 'node:stream'
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from '@remix-run/node'
import { csvChunks, CSV_CONTENT_TYPE } from '#evidence/documents/csv'
import { auditFilterFromUrl } from '#app/utils/audit-filter.server'
import { errorResponse } from '#app/utils/responses.server'
import { requirePermission } from '#app/utils/session.server'
import { iterateAuditEvents } from '#models/tenancy/audit.server'
import { formatDate } from '#models/dates'
import { AppError } from '#models/errors'

const COLUMNS = [
  'เวลา (พ.ศ.) / time (BE)',
  'เวลา ISO / time ISO',
  'ผู้ดำเนินการ / person',
  'การดำเนินการ / action',
  'ประเภทรายการ / target type',
  'รหัสรายการ / target id',
  'รายการ / target',
  'การเปลี่ยนแปลง / changes',
  'IP',
  'User agent',
]

/** The filtered audit trail as CSV (evidence/documents/csv.ts), streamed, with a BOM so Excel reads the Thai text. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'audit.read')
  let filter: ReturnType<typeof auditFilterFromUrl>
  try {
    filter = auditFilterFromUrl(new URL(request.url))
  } catch (error) {
    // a bad date in the filter: say which and why, export nothing
    if (error instanceof AppError) return errorResponse(error)
    throw error
  }
  const events = iterateAuditEvents(member.organization.id, filter)
  const rows = (async function* () {
    for await (const e of events) {
      yield [
        formatDate(e.at, 'th', { style: 'datetime' }),
        e.at,
        e.actorName,
        e.action,
        e.targetType,
        e.targetId ?? '',
        e.targetLabel,
        JSON.stringify(e.changes),
        e.ip,
        e.userAgent,
      ]
    }
  })()
  // names, labels and user agents come from users: the writer neutralises formulas and quotes line breaks
  const csv = Readable.from(csvChunks(COLUMNS, rows))
  // the day people are in, not UTC's (before 07:00 in Bangkok UTC is still yesterday)
  const day = bangkokDayValue(new Date())
  return new Response(createReadableStreamFromReadable(csv), {
    headers: {
      'Content-Type': CSV_CONTENT_TYPE,
      'Content-Disposition': `attachment; filename="audit-${member.organization.code}-${day}.csv"`,
      'Cache-Control': 'no-store',
    },
  })
}
