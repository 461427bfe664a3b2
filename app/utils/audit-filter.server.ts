import type { AuditFilter } from '#models/audit.server'

/** Midnight in Bangkok of a YYYY-MM-DD (CE) date from a date picker, or undefined. */
function bangkokDay(value: string | null, offsetDays = 0): Date | undefined {
  const m = value ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null
  if (!m) return undefined
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + offsetDays) - 7 * 3600_000)
}

/** The audit filter in the URL: ?actor=&action=&target=&from=YYYY-MM-DD&to=YYYY-MM-DD (inclusive days). */
export function auditFilterFromUrl(url: URL): AuditFilter & { raw: Record<string, string> } {
  const get = (k: string) => url.searchParams.get(k)?.slice(0, 100) ?? ''
  const raw = { actor: get('actor'), action: get('action'), target: get('target'), from: get('from'), to: get('to') }
  return {
    raw,
    actorId: raw.actor || undefined,
    action: raw.action || undefined,
    targetType: raw.target || undefined,
    from: bangkokDay(raw.from),
    to: bangkokDay(raw.to, 1),
  }
}
