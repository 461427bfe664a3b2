/**
 * Dates as Thai agencies read them: Buddhist era (BE = CE + 543), Bangkok time, fiscal years
 * from 1 October to 30 September named by the BE year they end in. Every screen, report and
 * export formats dates through these functions. Pure: safe in the browser and on the server.
 */

import { z } from 'zod'
import { bi, type Locale } from '#models/errors'

export type { Locale }

export const TIME_ZONE = 'Asia/Bangkok'
export const BE_OFFSET = 543

type DateStyle = 'short' | 'long' | 'datetime'

/** A stored date as the ISO text loaders send, or null. */
export function isoOrNull(value: Date | string | null | undefined): string | null {
  return value ? new Date(value).toISOString() : null
}

/**
 * The Bangkok calendar day of an instant as 'YYYY-MM-DD', the value of a date input (Thailand has no daylight saving).
 */
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

/**
 * The fiscal year a page opens on, among the years it can show (those with a published catalog): the current
 * one by the Bangkok date when it is there, else the newest year before it (the year that just ended), else the
 * newest there is; the current year when there is none. Every page with a year picker uses this one rule.
 */
export function defaultFiscalYear(availableYears: readonly number[], now: Date = new Date()): number {
  const today = fiscalYearOf(now)
  if (availableYears.includes(today)) return today
  const sorted = [...new Set(availableYears)].sort((a, b) => b - a)
  return sorted.find((y) => y < today) ?? sorted[0] ?? today
}

/** The year asked for in the query string (`param`) when it is one of `availableYears`, else the default year. */
export function chosenFiscalYear(
  asked: string | null,
  availableYears: readonly number[],
  now: Date = new Date(),
): number {
  const year = Number(asked)
  return Number.isInteger(year) && availableYears.includes(year) ? year : defaultFiscalYear(availableYears, now)
}

/**
 * Rows of several years in the order of yearsForPicker (the default year first); a stable sort, so each year keeps its
 * order.
 */
export function byFiscalYear<T extends { fiscalYear: number }>(rows: readonly T[], now: Date = new Date()): T[] {
  const order = yearsForPicker(
    rows.map((r) => r.fiscalYear),
    now,
  )
  return [...rows].sort((a, b) => order.indexOf(a.fiscalYear) - order.indexOf(b.fiscalYear))
}

/** Years newest first, the default one first of all: the order of lists grouped by year. */
export function yearsForPicker(availableYears: readonly number[], now: Date = new Date()): number[] {
  const first = defaultFiscalYear(availableYears, now)
  return [first, ...[...new Set(availableYears)].filter((y) => y !== first).sort((a, b) => b - a)]
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

// ---- typed dates ----------------------------------------------------------------------------
// One parser for every date box, in the browser (as the person types) and on the server (the
// hidden ISO value, or the visible text when JavaScript did not run): Thai readers type
// Buddhist-era years, and a BE year taken for a CE one lands 543 years off.

/** A bilingual message part: callers put the field's name in front. */
export interface DayMessage {
  th: string
  en: string
}

export type DayParse = { ok: true; value: string | null } | { ok: false; error: DayMessage }

export const THAI_MONTHS = [
  'มกราคม',
  'กุมภาพันธ์',
  'มีนาคม',
  'เมษายน',
  'พฤษภาคม',
  'มิถุนายน',
  'กรกฎาคม',
  'สิงหาคม',
  'กันยายน',
  'ตุลาคม',
  'พฤศจิกายน',
  'ธันวาคม',
]
export const THAI_MONTHS_SHORT = [
  'ม.ค.',
  'ก.พ.',
  'มี.ค.',
  'เม.ย.',
  'พ.ค.',
  'มิ.ย.',
  'ก.ค.',
  'ส.ค.',
  'ก.ย.',
  'ต.ค.',
  'พ.ย.',
  'ธ.ค.',
]
const EN_MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
]
const EN_MONTHS_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** Month names without dots or spaces ("ม.ค." and "มค" alike), lower case, to month numbers. */
const MONTH_BY_NAME = new Map<string, number>()
for (let i = 0; i < 12; i++) {
  for (const name of [THAI_MONTHS[i], THAI_MONTHS_SHORT[i], EN_MONTHS[i], EN_MONTHS[i].slice(0, 3)])
    MONTH_BY_NAME.set(name.replace(/[.\s]/g, '').toLowerCase(), i + 1)
}
MONTH_BY_NAME.set('sept', 9)

const MIN_CE_YEAR = 1900
const MAX_CE_YEAR = 2200
/** A four-digit year from here up is Buddhist era; 1900–2200 is Christian era; between is neither. */
const MIN_BE_YEAR = 2400

const ERA_BE = /(?:พ\.?\s*ศ\.?|\bB\.?\s*E\.?)/i
const ERA_CE = /(?:ค\.?\s*ศ\.?|\bC\.?\s*E\.?|\bA\.?\s*D\.?)/i

const READABLE: DayMessage = {
  th: 'อ่านเป็นวันที่ไม่ได้ พิมพ์เช่น 31/01/2570 หรือ 31 ม.ค. 2570',
  en: 'not a date we can read: type e.g. 31/01/2570 or 31 Jan 2570',
}

function daysInMonth(ceYear: number, month: number): number {
  return new Date(Date.UTC(ceYear, month, 0)).getUTCDate()
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/**
 * A typed date to "YYYY-MM-DD" (Christian era, the calendar day as typed), or why not.
 * Day first, as Thai dates are written: "31/01/2570", "31/1/70", "31.01.2570", "31 ม.ค. 70",
 * "31 มกราคม 2570", "๓๑ ม.ค. ๒๕๗๐", "31 Jan 2027", "2027-01-31". Two-digit years are Buddhist era
 * (70 → 2570); a four-digit year from 2400 is Buddhist era, 1900–2200 is Christian era, and "พ.ศ."
 * or "ค.ศ." next to the year says which outright. Empty text is "no date" (value null).
 */
export function parseDayInput(input: string | null | undefined): DayParse {
  let text = (input ?? '')
    .replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50))
    .replace(/\s+/g, ' ')
    .trim()
  if (!text) return { ok: true, value: null }
  let era: 'be' | 'ce' | null = null
  if (ERA_BE.test(text)) era = 'be'
  else if (ERA_CE.test(text)) era = 'ce'
  text = text.replace(ERA_BE, ' ').replace(ERA_CE, ' ').replace(/,/g, ' ').replace(/\s+/g, ' ').trim()

  let year: string, month: number, day: number
  let m: RegExpExecArray | null
  if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text))) {
    ;[year, month, day] = [m[1], Number(m[2]), Number(m[3])]
  } else if ((m = /^(\d{1,2})\s?[/.\- ]\s?(\d{1,2})\s?[/.\- ]\s?(\d{2}|\d{4})$/.exec(text))) {
    ;[day, month, year] = [Number(m[1]), Number(m[2]), m[3]]
  } else if (
    (m = /^(\d{1,2})\s?([^\d\s][^\d]*?)\s?(\d{2}|\d{4})$/.exec(text)) ||
    (m = /^([^\d\s][^\d]*?)\s?(\d{1,2})\s(\d{4})$/.exec(text))
  ) {
    // "31 ม.ค. 2570" or, English style, "Jan 31 2027"
    const [dayText, name] = /^\d/.test(m[1]) ? [m[1], m[2]] : [m[2], m[1]]
    const found = MONTH_BY_NAME.get(name.replace(/[.\s]/g, '').toLowerCase())
    if (!found)
      return {
        ok: false,
        error: {
          th: `ไม่รู้จักเดือน "${name.trim()}" (เช่น ม.ค. หรือ มกราคม)`,
          en: `unknown month "${name.trim()}" (e.g. ม.ค., มกราคม or Jan)`,
        },
      }
    ;[day, month, year] = [Number(dayText), found, m[3]]
  } else {
    return { ok: false, error: READABLE }
  }

  let ceYear: number
  const y = Number(year)
  if (year.length === 2) ceYear = era === 'ce' ? 2000 + y : 2500 + y - BE_OFFSET
  else if (era === 'be') ceYear = y - BE_OFFSET
  else if (era === 'ce') ceYear = y
  else if (y >= MIN_BE_YEAR) ceYear = y - BE_OFFSET
  else ceYear = y
  if (ceYear < MIN_CE_YEAR || ceYear > MAX_CE_YEAR)
    return {
      ok: false,
      error: {
        th: `ปี ${year} ไม่ถูกต้อง: ใช้ปี พ.ศ. (เช่น 2570) หรือ ค.ศ. ${MIN_CE_YEAR}–${MAX_CE_YEAR}`,
        en: `year ${year} is not valid: use a Buddhist-era year (e.g. 2570) or ${MIN_CE_YEAR}–${MAX_CE_YEAR} CE`,
      },
    }
  if (month < 1 || month > 12)
    return { ok: false, error: { th: `ไม่มีเดือนที่ ${month}`, en: `there is no month ${month}` } }
  if (day < 1 || day > daysInMonth(ceYear, month))
    return {
      ok: false,
      error: {
        th: `ไม่มีวันที่ ${day} ใน${THAI_MONTHS[month - 1]} ${ceYear + BE_OFFSET}`,
        en: `${EN_MONTHS_SHORT[month - 1]} ${ceYear + BE_OFFSET} BE has no day ${day}`,
      },
    }
  return { ok: true, value: `${pad(ceYear, 4)}-${pad(month)}-${pad(day)}` }
}

/** "2027-01-31" → "31 ม.ค. 2570" (th) or "31 Jan 2570" (en): how a date box shows its day; "" if not a day. */
export function formatDayInput(value: string | null | undefined, locale: Locale = 'th'): string {
  const m = value ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null
  if (!m) return ''
  const month = Number(m[2]) - 1
  return `${Number(m[3])} ${(locale === 'th' ? THAI_MONTHS_SHORT : EN_MONTHS_SHORT)[month]} ${Number(m[1]) + BE_OFFSET}`
}

/** How far from today, either way, a typed date may be: further is a typing slip (a BE year read as CE). */
export const DAY_WINDOW_YEARS = 5

/** The same calendar day `years` away (29 Feb → 28 Feb). */
function shiftYears(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number)
  return `${pad(y + years, 4)}-${pad(m)}-${pad(Math.min(d, daysInMonth(y + years, m)))}`
}

/**
 * Why a "YYYY-MM-DD" day is outside the sane window around today (Bangkok), or null when inside. `pastYears`
 * widens the window backwards for dates of documents, which may be decades old (a law still in force).
 */
export function dayWindowError(
  day: string,
  now: Date = new Date(),
  years = DAY_WINDOW_YEARS,
  pastYears = years,
): DayMessage | null {
  const today = bangkokDayValue(now)
  const [from, to] = [shiftYears(today, -pastYears), shiftYears(today, years)]
  if (day >= from && day <= to) return null
  const far = day > to ? years : pastYears
  return {
    th:
      `${formatDayInput(day, 'th')} อยู่ห่างจากวันนี้เกิน ${far} ปี (รับได้ ${formatDayInput(from, 'th')} – ` +
      `${formatDayInput(to, 'th')}) ตรวจปี พ.ศ. อีกครั้ง`,
    en:
      `${formatDayInput(day, 'en')} BE is more than ${far} years from today (accepted: ` +
      `${formatDayInput(from, 'en')} – ${formatDayInput(to, 'en')} BE); check the year`,
  }
}

/** How far back the date of a document may go: old orders and laws stay in force for decades. */
export const DOCUMENT_PAST_YEARS = 100

/** parseDayInput, then the window around today: what every date field of the app accepts. */
export function checkDayInput(
  input: string | null | undefined,
  now: Date = new Date(),
  pastYears = DAY_WINDOW_YEARS,
): DayParse {
  const parsed = parseDayInput(input)
  if (!parsed.ok || parsed.value === null) return parsed
  const outside = dayWindowError(parsed.value, now, DAY_WINDOW_YEARS, pastYears)
  return outside ? { ok: false, error: outside } : parsed
}

/** "ชื่อช่อง: เหตุผล / field: reason", the form of every refusal message. */
export function dayFieldMessage(label: DayMessage, error: DayMessage): string {
  return bi(`${label.th}: ${error.th}`, `${label.en}: ${error.en}`)
}

/**
 * The zod field of a date box: typed text or "YYYY-MM-DD" in, the checked "YYYY-MM-DD" out (null
 * when empty); a refusal names the field in Thai and English and says why.
 */
export function dayField(label: DayMessage, { pastYears = DAY_WINDOW_YEARS }: { pastYears?: number } = {}) {
  return z
    .string()
    .default('')
    .transform((text, ctx) => {
      const r = checkDayInput(text, new Date(), pastYears)
      if (r.ok) return r.value
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: dayFieldMessage(label, r.error) })
      return z.NEVER
    })
}
