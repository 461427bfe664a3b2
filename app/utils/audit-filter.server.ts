import type { AuditFilter } from '#models/tenancy/audit.server'
import { dayField } from '#models/dates'
import { AppError, bi, fromZod } from '#models/errors'
import { z } from 'zod'

/** Midnight in Bangkok of a checked "YYYY-MM-DD" day, `offsetDays` later, or undefined. */
function bangkokDay(value: string | null, offsetDays = 0): Date | undefined {
  if (!value) return undefined
  const [y, m, d] = value.split('-').map(Number)
  return new Date(Date.UTC(y, m - 1, d + offsetDays) - 7 * 3600_000)
}

const RangeSchema = z.object({
  from: dayField({ th: 'ช่วงวันที่ (ตั้งแต่)', en: 'date range (from)' }),
  to: dayField({ th: 'ช่วงวันที่ (ถึง)', en: 'date range (to)' }),
})

/**
 * The audit filter in the URL: ?actor=&action=&target=&from=&to= (inclusive days, read by the
 * date boxes' parser). A date that is not one, or is far from today, is refused naming the field.
 */
export function auditFilterFromUrl(url: URL): AuditFilter & { raw: Record<string, string> } {
  const get = (k: string) => url.searchParams.get(k)?.slice(0, 100) ?? ''
  const raw = { actor: get('actor'), action: get('action'), target: get('target'), from: get('from'), to: get('to') }
  const range = RangeSchema.safeParse({ from: raw.from, to: raw.to })
  if (!range.success) throw fromZod(range.error)
  const { from, to } = range.data
  if (from && to && to < from)
    throw new AppError(bi('ช่วงวันที่ (ถึง): ต้องไม่ก่อนวันเริ่ม', 'date range (to): must not be before "from"'), 400, {
      to: bi('ต้องไม่ก่อนวันเริ่ม', 'must not be before "from"'),
    })
  return {
    raw: { ...raw, from: from ?? '', to: to ?? '' },
    actorId: raw.actor || undefined,
    action: raw.action || undefined,
    targetType: raw.target || undefined,
    from: bangkokDay(from),
    to: bangkokDay(to, 1),
  }
}
