import { Readable } from 'node:stream'
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from '@remix-run/node'
import { stringify } from 'csv-stringify'
import { auditFilterFromUrl } from '#app/utils/audit-filter.server'
import { requirePermission } from '#app/utils/session.server'
import { iterateAuditEvents } from '#models/audit.server'
import { formatDate } from '#models/dates'

const COLUMNS = [
  'เวลา (พ.ศ.) / time (BE)', 'เวลา ISO / time ISO', 'ผู้ดำเนินการ / person', 'การดำเนินการ / action',
  'ประเภทรายการ / target type', 'รหัสรายการ / target id', 'รายการ / target', 'การเปลี่ยนแปลง / changes', 'IP', 'User agent',
]

/** The filtered audit trail as CSV, streamed, with a BOM so Excel reads the Thai text. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'audit.read')
  const filter = auditFilterFromUrl(new URL(request.url))
  const events = iterateAuditEvents(member.organization.id, filter)
  const rows = Readable.from(
    (async function* () {
      for await (const e of events) {
        yield [formatDate(e.at, 'th', { style: 'datetime' }), e.at, e.actorName, e.action, e.targetType, e.targetId ?? '', e.targetLabel, JSON.stringify(e.changes), e.ip, e.userAgent]
      }
    })(),
  )
  const csv = rows.pipe(stringify({ bom: true, header: true, columns: COLUMNS }))
  const day = new Date().toISOString().slice(0, 10)
  return new Response(createReadableStreamFromReadable(csv), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="audit-${member.organization.code}-${day}.csv"`,
      'Cache-Control': 'no-store',
    },
  })
}
