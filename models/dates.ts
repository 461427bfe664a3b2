/**
 * Dates as Thai agencies read them: Buddhist era (BE = CE + 543), Bangkok time, fiscal years
 * from 1 October to 30 September named by the BE year they end in. Every screen, report and
 * export formats dates through these functions. Pure: safe in the browser and on the server.
 */

export type Locale = 'th' | 'en'

export const TIME_ZONE = 'Asia/Bangkok'
export const BE_OFFSET = 543

type DateStyle = 'short' | 'long' | 'datetime'

/** A stored date as the ISO text loaders send, or null. */
export function isoOrNull(value: Date | string | null | undefined): string | null {
  return value ? new Date(value).toISOString() : null
}

/** The Bangkok calendar day of an instant as 'YYYY-MM-DD', the value of a date input (Thailand has no daylight saving). */
export function bangkokDayValue(value: Date | string): string {
  return new Date(new Date(value).getTime() + 7 * 3600_000).toISOString().slice(0, 10)
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(locale: Locale, style: DateStyle, thaiDigits: boolean): Intl.DateTimeFormat {
  const key = `${locale}:${style}:${thaiDigits}`
  let f = formatters.get(key)
  if (!f) {
    const tag = locale === 'th' ? `th-TH-u-ca-buddhist${thaiDigits ? '-nu-thai' : '-nu-latn'}` : 'en-GB-u-ca-buddhist'
    const options: Intl.DateTimeFormatOptions =
      style === 'datetime'
        ? { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
        : { day: 'numeric', month: style, year: 'numeric' }
    // an explicit time zone keeps server and browser output identical (no hydration mismatch)
    f = new Intl.DateTimeFormat(tag, { ...options, timeZone: TIME_ZONE })
    formatters.set(key, f)
  }
  return f
}

/** "22 พ.ย. 2569" (th) or "22 Nov 2569 BE" (en); style long spells the month, datetime adds the time. */
export function formatDate(
  value: Date | string | number,
  locale: Locale = 'th',
  options: { style?: DateStyle; thaiDigits?: boolean } = {},
): string {
  const date = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(date.getTime())) return '—'
  return formatter(locale, options.style ?? 'short', options.thaiDigits ?? false).format(date)
}

/** "ปีงบประมาณ พ.ศ. 2569" (th) or "Fiscal year 2569 BE" (en). */
export function formatFiscalYear(fiscalYear: number, locale: Locale = 'th'): string {
  return locale === 'th' ? `ปีงบประมาณ พ.ศ. ${fiscalYear}` : `Fiscal year ${fiscalYear} BE`
}

/** The calendar parts of an instant in Bangkok time. */
function bangkokParts(date: Date): { year: number; month: number; day: number } {
  const bangkok = new Date(date.getTime() + 7 * 3600_000) // Thailand has no daylight saving time
  return { year: bangkok.getUTCFullYear(), month: bangkok.getUTCMonth() + 1, day: bangkok.getUTCDate() }
}

/** The fiscal year (BE) an instant falls in: 1 Oct 2025 – 30 Sep 2026 (Bangkok time) is 2569. */
export function fiscalYearOf(value: Date | string | number): number {
  const { year, month } = bangkokParts(value instanceof Date ? value : new Date(value))
  return year + BE_OFFSET + (month >= 10 ? 1 : 0)
}

/** The first and last instants of a fiscal year (BE), in Bangkok time: [start, end). */
export function fiscalYearRange(fiscalYear: number): { start: Date; end: Date } {
  const ce = fiscalYear - BE_OFFSET
  return {
    start: new Date(Date.UTC(ce - 1, 9, 1) - 7 * 3600_000),
    end: new Date(Date.UTC(ce, 9, 1) - 7 * 3600_000),
  }
}

/** Month number within the fiscal year: October = 1 … September = 12. */
export function fiscalMonthOf(value: Date | string | number): number {
  const { month } = bangkokParts(value instanceof Date ? value : new Date(value))
  return ((month + 2) % 12) + 1
}

/** Quarter within the fiscal year: Oct–Dec = 1 … Jul–Sep = 4. */
export function fiscalQuarterOf(value: Date | string | number): number {
  return Math.ceil(fiscalMonthOf(value) / 3)
}
