/**
 * Which period an evidence covers — "ธันวาคม 2567", "ไตรมาสที่ 2/2568", "ต.ค. 67 – มี.ค. 68", "FY2569" — and
 * which months and quarters of a fiscal year that fills. Read from what the coordinator set, else the document
 * date, else the title, else the file name. Pure (no I/O): the item page's coverage grid and server code give
 * the same answer.
 *
 * Reading text prefers precision over recall: a wrong month in a grid misleads more than an empty cell, so text
 * that could mean two things gives null. In particular:
 * - abbreviations (ม.ค., มค, Jan, May) count only with a year next to them, as one end of a range, or after
 *   "เดือน"; never inside longer words or abbreviations ("ทรัพยากร", "มีคุณภาพ", "ก.พ.ร.", "ก.ค.ศ.");
 * - a month with no year takes its year from a fiscal year the text names ("ประจำเดือนตุลาคม ปีงบประมาณ 2568"),
 *   else from the fiscal year being assessed — but only when the text has no year at all; then the result says
 *   `yearAssumed`. Without either it is null;
 * - "12/2567" and "03/2568" are months, but not after a number word ("คำสั่งที่ 12/2568", "ครั้งที่ 03/2568",
 *   "ใบสั่งซื้อ 12/2568"); a one-digit "5/2568" is a document number unless "เดือน" comes before it;
 * - quarters and halves are of the fiscal year (Q1 = ต.ค.–ธ.ค.): with a Buddhist-era year, or a CE year after
 *   "FY"; "Q4 2024" could be a calendar quarter and gives null;
 * - a lone year counts only after a year word ("ปีงบประมาณ", "ประจำปี", "ปี", "FY"): "พ.ร.บ. … พ.ศ. 2540" is null;
 * - several different periods of the same strength give null, unless one of them follows "เดือน";
 * - a day date ("ณ วันที่ 31 ธ.ค. 2567") is the weakest reading: its month counts only when nothing else does.
 * Two-digit years are Buddhist era from 40 ("ม.ค. 68" = 2568 BE); below 40 they are Christian era only with an
 * explicit "FY"/"ค.ศ." or, after an English month, when written "Jan-25"/"Jan25"; "Dec 15" is no year.
 */
import { BE_OFFSET, THAI_MONTHS, THAI_MONTHS_SHORT, bangkokDayValue, fiscalYearRange } from '#models/dates'

/** How the period was written: one month, a run of months, a fiscal quarter or half, one or several fiscal years. */
export type PeriodKind = 'month' | 'months' | 'quarter' | 'half' | 'fiscal-year' | 'fiscal-years'
export type PeriodSource = 'coordinator' | 'document-date' | 'title' | 'file-name'

/** A run of whole months, Christian era, both ends included. */
export interface CoveredPeriod {
  /** First month, 'YYYY-MM' (Christian era). */
  from: string
  /** Last month, 'YYYY-MM' (Christian era); equal to `from` for one month. */
  to: string
  kind: PeriodKind
  source: PeriodSource
  /** The text named no year: the year is the fiscal year being assessed. A screen should say so. */
  yearAssumed?: true
}

export interface TextContext {
  /** The fiscal year (BE) being assessed: the year of a month or quarter written without one. */
  fiscalYear?: number
}

// ---- months as numbers ------------------------------------------------------------------------
// A month is ceYear * 12 + (month - 1): ranges and fiscal years become plain integer arithmetic.

const monthIndex = (ceYear: number, month: number) => ceYear * 12 + month - 1
const monthKey = (index: number) =>
  `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`
const indexOfKey = (key: string) => monthIndex(Number(key.slice(0, 4)), Number(key.slice(5, 7)))

/** October that opens a fiscal year (BE), as a month index. */
function fiscalYearStart(fiscalYear: number): number {
  return indexOfKey(bangkokDayValue(fiscalYearRange(fiscalYear).start))
}

/** The calendar month (1–12) placed in a fiscal year: ธันวาคม in FY2568 is December 2024. */
function monthInFiscalYear(month: number, fiscalYear: number): number {
  return fiscalYearStart(fiscalYear) + ((month + 2) % 12)
}

// ---- years ------------------------------------------------------------------------------------

/** Plausible years only: a number outside this is not a year (BE 2493–2743). */
const MIN_CE = 1950
const MAX_CE = 2200
/** Two-digit years from here up are Buddhist era: BE 2540–2599 and CE 2000–2039 cannot be confused. */
const TWO_DIGIT_BE_FROM = 40

type Era = 'be' | 'ce' | null
const eraOf = (text: string | undefined): Era => (!text ? null : text.startsWith('พ') ? 'be' : 'ce')

interface Year {
  ce: number
  /** The era the digits are in: a CE year next to a quarter could be a calendar quarter. */
  written: 'be' | 'ce'
}

/** Digits to a year; `twoDigitCe` allows "25" = 2025 (else two digits below 40 are no year). */
function readYear(digits: string, era: Era, twoDigitCe: boolean): Year | null {
  const y = Number(digits)
  let year: Year
  if (digits.length === 2) {
    if (era === 'ce' || (era === null && y < TWO_DIGIT_BE_FROM)) {
      if (!twoDigitCe && era !== 'ce') return null
      year = { ce: 2000 + y, written: 'ce' }
    } else year = { ce: 2500 + y - BE_OFFSET, written: 'be' }
  } else if (era === 'be' || (era === null && y >= 2400)) year = { ce: y - BE_OFFSET, written: 'be' }
  else year = { ce: y, written: 'ce' }
  return year.ce >= MIN_CE && year.ce <= MAX_CE ? year : null
}

// ---- text -------------------------------------------------------------------------------------

const THAI_LETTER = /[\u0E01-\u0E4E]/
const isThaiLetter = (c: string | undefined) => c !== undefined && THAI_LETTER.test(c)
const isLatinLetter = (c: string | undefined) => c !== undefined && /[A-Za-z]/.test(c)

/** Thai digits to ASCII, no zero-width spaces, no file extension, underscores as spaces. */
function normalize(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u200B-\u200D\uFEFF]/g, '')
    .replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50))
    .replace(/\.[A-Za-z][A-Za-z0-9]{0,4}$/, '') // ".pdf"; a letter first, so "ธ.ค.68" keeps its year
    .replace(/[_+]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

const EN_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

interface MonthName {
  month: number
  /** A full name stands alone; an abbreviation needs a year, a range or "เดือน". */
  full: boolean
  english: boolean
}
const MONTH_NAMES = new Map<string, MonthName>() // lower case, without dots
const thaiFull: string[] = []
const thaiShort: string[] = []
const thaiPlain: string[] = []
const englishFull: string[] = []
const englishShort: string[] = []
for (let i = 0; i < 12; i++) {
  const month = i + 1
  for (const name of [THAI_MONTHS[i], ...(month === 7 ? ['กรกฏาคม'] : []), ...(month === 2 ? ['กุมภาพันธ'] : [])]) {
    thaiFull.push(name)
    MONTH_NAMES.set(name, { month, full: true, english: false })
  }
  thaiShort.push(escape(THAI_MONTHS_SHORT[i]).replace(/\\\.$/, '\\.?')) // "ม.ค." or "ม.ค"
  const plain = THAI_MONTHS_SHORT[i].replace(/\./g, '')
  thaiPlain.push(plain) // "มค"
  MONTH_NAMES.set(plain, { month, full: false, english: false })
  englishFull.push(EN_MONTHS[i])
  // "May" is both, and an English word: it needs a year like the abbreviations
  MONTH_NAMES.set(EN_MONTHS[i].toLowerCase(), { month, full: month !== 5, english: true })
  englishShort.push(EN_MONTHS[i].slice(0, 3))
  MONTH_NAMES.set(EN_MONTHS[i].slice(0, 3).toLowerCase(), { month, full: false, english: true })
}
englishShort.unshift('Sept')
MONTH_NAMES.set('sept', { month: 9, full: false, english: true })
const byLength = (a: string, b: string) => b.length - a.length
const MONTH_NAME_RE = new RegExp(
  [...thaiFull.sort(byLength), ...thaiShort, ...thaiPlain.sort(byLength), ...englishFull, ...englishShort].join('|'),
  'gi',
)

/** After a month name: its year ("ธ.ค. 67", "ธันวาคม พ.ศ. 2567", "ธันวาคม ปี 2567", "Dec-24", "ธันวาคม-2567"). */
const YEAR_AFTER_MONTH = /(,?\s?|[-']|\.\s?)(?:ปี\s?)?(?:(พ\.?\s?ศ\.?|ค\.?\s?ศ\.?)\s?)?(\d{4}|\d{2})(?!\d)(?![./:]\d)/y
/** After an English month: "Dec 31, 2024". */
const DAY_YEAR_AFTER_MONTH = /\s(\d{1,2}),?\s(\d{4})(?!\d)/y
/** Before a month: its day ("31 ธ.ค.", "วันที่ 1 ต.ค."). */
const DAY_BEFORE = /(?<![\dA-Za-z])(\d{1,2})\s?$/
/** Before a date: it dates the document rather than naming the period ("ข้อมูล ณ วันที่ 31 ธ.ค. 67"). */
const AS_OF = /(?:ณ|ลงวันที่|as of|dated)\s?(?:วันที่\s?)?$/i
const MARKED = /เดือน\s?$/
/** Between the two ends of a range. */
const RANGE_SEP = /^\s?(?:-|–|—|~|ถึง|จนถึง|to|through|until)\s?(?:เดือน\s?)?$/i
const RANGE_AHEAD = /^\s?(?:-|–|—|~|ถึง|จนถึง|to\s)/i
/** A number before "N/YYYY" that makes it a document or meeting number: "คำสั่งที่ 12/2568", "ครั้งที่ 3/2568". */
const NUMBER_WORD =
  /(?:ที่|เลข|ครั้ง|ฉบับ|คำสั่ง|ประกาศ|ประชุม|หนังสือ|มติ|สัญญา|ใบสั่ง(?:ซื้อ|จ้าง)?|ทะเบียน|รหัส|เล่ม|(?:^|[\s(])ว\.?|no\.?|#)\s?$/i

interface MonthToken {
  start: number
  end: number
  month: number
  ce: number | null
  /** A day goes with it ("31 ธ.ค. 67", "15/12/2567"), or "ณ" in front: a date, not a period. */
  date: boolean
  /** "เดือน" in front: the period the title is about. */
  marked: boolean
  /** An abbreviation with no year: it counts only as one end of a range. */
  weak: boolean
  /** Digits where its year would be that are no year we trust ("Dec 24": day or 2024?): no year may be lent. */
  unreadYear?: boolean
}

function monthNameTokens(text: string): MonthToken[] {
  const tokens: MonthToken[] = []
  for (const m of text.matchAll(MONTH_NAME_RE)) {
    const name = m[0]
    const at = m.index
    const nameEnd = at + name.length
    const before = text.slice(0, at)
    const after = text.slice(nameEnd)
    const info = MONTH_NAMES.get(name.replace(/\./g, '').toLowerCase())
    if (!info) continue
    const marked = MARKED.test(before)
    if (info.english) {
      if (isLatinLetter(before.at(-1)) || isLatinLetter(after[0])) continue // "Decision", "Mayor"
      if (info.month === 5 && name !== 'May' && name !== 'MAY') continue // the verb "may"
    } else if (!info.full) {
      if (isThaiLetter(before.at(-1)) && !marked) continue // "ทรัพยากร", "สมค"
      if (/(?:^|[^\u0E01-\u0E4E])[\u0E01-\u0E4E]\.$/.test(before)) continue // "ส.ก.พ.", "อ.ก.พ."
      if (/^[\u0E01-\u0E4E]\./.test(after)) continue // "ก.พ.ร.", "ก.ค.ศ."
      if (!name.endsWith('.') && isThaiLetter(after[0]) && !RANGE_AHEAD.test(after)) continue // "มีคุณภาพ"
    }

    let end = nameEnd
    let ce: number | null = null
    let date = false
    let unreadYear = false
    if (info.english) {
      DAY_YEAR_AFTER_MONTH.lastIndex = nameEnd
      const d = DAY_YEAR_AFTER_MONTH.exec(text)
      const year = d && Number(d[1]) >= 1 && Number(d[1]) <= 31 ? readYear(d[2], null, false) : null
      if (d && year) [ce, end, date] = [year.ce, nameEnd + d[0].length, true]
    }
    if (ce === null) {
      YEAR_AFTER_MONTH.lastIndex = nameEnd
      const y = YEAR_AFTER_MONTH.exec(text)
      // a two-digit CE year only as "Jan-25"/"Jan25": "Dec 15" is a day
      const year = y && readYear(y[3], eraOf(y[2]), info.english && /^[-']?$/.test(y[1]))
      if (y && year) [ce, end] = [year.ce, nameEnd + y[0].length]
      else if (y) unreadYear = true
    }
    let start = at
    const day = DAY_BEFORE.exec(before)
    const previousEnd = tokens.at(-1)?.end ?? 0
    if (day && Number(day[1]) >= 1 && Number(day[1]) <= 31 && day.index >= previousEnd)
      [start, date] = [day.index, true]
    if (AS_OF.test(text.slice(0, start))) date = true
    const weak = !info.full && ce === null && !marked
    if (weak && !RANGE_AHEAD.test(text.slice(end)) && !RANGE_SEP.test(text.slice(previousEnd, start))) continue
    tokens.push({ start, end, month: info.month, ce, date, marked, weak, unreadYear })
  }
  return tokens
}

/** "2567-12", "12/2567", "15/12/2567": months written in digits; always with a four-digit year (a day's may be two). */
function numericTokens(text: string): MonthToken[] {
  const tokens: MonthToken[] = []
  const blocked = (at: number) => {
    const before = text.slice(0, at)
    if (MARKED.test(before)) return false
    return NUMBER_WORD.test(before) || isThaiLetter(before.at(-1)) || isLatinLetter(before.at(-1))
  }
  const push = (start: number, end: number, month: number, year: Year | null, date: boolean) => {
    if (!year || month < 1 || month > 12 || blocked(start)) return
    tokens.push({
      start,
      end,
      month,
      ce: year.ce,
      date: date || AS_OF.test(text.slice(0, start)),
      marked: MARKED.test(text.slice(0, start)),
      weak: false,
    })
  }
  for (const m of text.matchAll(/(?<![\d./])(?<!\d-)(\d{4})[-./](\d{1,2})(?!\d)(?![./]\d{3})([-./]\d{1,2}(?!\d))?/g))
    push(m.index, m.index + m[0].length, Number(m[2]), readYear(m[1], null, false), m[3] !== undefined)
  // "5/2568" is how documents are numbered; a month is written "05/2568" or "12/2567", or follows "เดือน"
  for (const m of text.matchAll(/(?<![\d./-])(\d{1,2})[-./](\d{4})(?![\d./-])/g))
    if (m[1].length === 2 || MARKED.test(text.slice(0, m.index)))
      push(m.index, m.index + m[0].length, Number(m[1]), readYear(m[2], null, false), false)
  for (const m of text.matchAll(/(?<![\d./-])(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?![\d./-])/g))
    if (Number(m[1]) >= 1 && Number(m[1]) <= 31)
      push(m.index, m.index + m[0].length, Number(m[3]), readYear(m[4], null, true), true)
  return tokens
}

// ---- quarters, halves, years ------------------------------------------------------------------

interface Found {
  from: number
  to: number
  kind: PeriodKind
  marked?: boolean
  yearAssumed?: boolean
}

/** A year right after a quarter or half: "ไตรมาสที่ 2/2568", "Q1/68", "6 เดือนแรก 2569". 'ambiguous' for a CE one. */
const ATTACHED_YEAR = /(?:\s?[/-]\s?|\s?)(?:(พ\.?\s?ศ\.?|ค\.?\s?ศ\.?)\s?)?(\d{4}|\d{2})(?!\d)/y
function attachedFiscalYear(text: string, at: number): number | 'ambiguous' | null {
  ATTACHED_YEAR.lastIndex = at
  const m = ATTACHED_YEAR.exec(text)
  const year = m && readYear(m[2], eraOf(m[1]), true)
  if (!year) return null
  return year.written === 'be' ? year.ce + BE_OFFSET : 'ambiguous'
}

interface FiscalYearToken {
  found: Found
  /** The one fiscal year named, for a quarter, half or month without a year; null for a span or a calendar year. */
  fiscalYear: number | null
  /** "ปีงบประมาณ", "FY": a budget year for sure (unlike "ปี", which may be a calendar year). */
  strong: boolean
}

// a year word, an optional era, the year, and an optional second year of a span
const FY_THAI = new RegExp(
  /(ปีงบประมาณ|ปีงบฯ|ปีงบ\.?|งบประมาณ|ปีปฏิทิน|ประจำปี|ปี)\s?(?:(พ\.?\s?ศ\.?)\s?)?/.source +
    /(\d{4}|\d{2})(?!\d)(?:\s?[-–—]\s?(\d{4})(?!\d))?/.source,
  'g',
)
const FY_ENGLISH = new RegExp(
  /(?<![A-Za-z])(FY|fiscal\s?year|budget\s?year|calendar\s?year)\s?[-.:]?\s?/.source +
    /(\d{4}|\d{2})(?!\d)(?:\s?[-–—/]\s?(\d{4}|\d{2})(?!\d))?/.source,
  'gi',
)

function fiscalYearTokens(text: string): FiscalYearToken[] {
  const tokens: FiscalYearToken[] = []
  const add = (word: string, first: Year | null, lastDigits: string | undefined, thai: boolean) => {
    if (!first) return
    if (thai && first.written !== 'be') return // "ปี 2024", "ปี 10 เดือน"
    const calendar = /ปฏิทิน|calendar/i.test(word)
    const strong = /งบ|FY|fiscal|budget/i.test(word)
    // a CE year is a fiscal year only after "FY"/"fiscal year": FY2025 = FY2568 BE
    const fy = first.ce + BE_OFFSET
    if (lastDigits !== undefined) {
      if (lastDigits.length !== 4) return // "FY 2024/25": whose convention? none
      const last = readYear(lastDigits, null, false)
      if (!last || last.written !== first.written || last.ce <= first.ce || last.ce - first.ce > 10 || calendar) return
      tokens.push({
        found: { from: fiscalYearStart(fy), to: fiscalYearStart(last.ce + BE_OFFSET) + 11, kind: 'fiscal-years' },
        fiscalYear: null,
        strong,
      })
      return
    }
    if (calendar)
      tokens.push({
        found: { from: monthIndex(first.ce, 1), to: monthIndex(first.ce, 12), kind: 'months' },
        fiscalYear: null,
        strong,
      })
    else
      tokens.push({
        found: { from: fiscalYearStart(fy), to: fiscalYearStart(fy) + 11, kind: 'fiscal-year' },
        fiscalYear: fy,
        strong,
      })
  }
  for (const m of text.matchAll(FY_THAI)) add(m[1], readYear(m[3], eraOf(m[2]), false), m[4], true)
  for (const m of text.matchAll(FY_ENGLISH)) add(m[1], readYear(m[2], null, true), m[3], false)
  return tokens
}

const distinct = (values: number[]) => [...new Set(values)]

// ---- reading a text ---------------------------------------------------------------------------

/**
 * The period a title or file name names, or null when it names none or could mean two. `source` is 'title';
 * `context.fiscalYear` dates a month or quarter written without a year when the text has no year at all.
 */
export function periodFromText(text: string | null | undefined, context: TextContext = {}): CoveredPeriod | null {
  const found = readText(normalize(text ?? ''), context)
  if (!found) return null
  return {
    from: monthKey(found.from),
    to: monthKey(found.to),
    kind: found.kind,
    source: 'title',
    ...(found.yearAssumed ? { yearAssumed: true } : {}),
  }
}

function readText(text: string, context: TextContext): Found | null {
  if (!text) return null
  const fiscalYears = fiscalYearTokens(text)
  const named = distinct(fiscalYears.filter((t) => t.fiscalYear !== null).map((t) => t.fiscalYear!))
  const namedStrong = distinct(fiscalYears.filter((t) => t.strong && t.fiscalYear !== null).map((t) => t.fiscalYear!))
  const bareYears = distinct(
    [...text.matchAll(/(?<!\d)(\d{4})(?!\d)/g)]
      .map((m) => Number(m[1]))
      .filter((y) => y >= 2400 && y - BE_OFFSET <= MAX_CE),
  )
  const anyYear = [...text.matchAll(/(?<!\d)(\d{4})(?!\d)/g)].some((m) => readYear(m[1], null, false) !== null)

  const monthTokens = [...monthNameTokens(text), ...numericTokens(text)].sort((a, b) => a.start - b.start)
  const tokens = monthTokens.filter((t, i) => i === 0 || t.start >= monthTokens[i - 1].end) // no overlaps
  const textHasYear = anyYear || tokens.some((t) => t.ce !== null || t.unreadYear) || fiscalYears.length > 0
  const fromContext = (): { fy: number; assumed: boolean } | null =>
    !textHasYear && context.fiscalYear ? { fy: context.fiscalYear, assumed: true } : null
  // a month without a year: only a budget year the text names for sure ("ธันวาคม ปี 2567" is a calendar year)
  const monthFiscalYear =
    namedStrong.length === 1 && named.length === 1 ? { fy: namedStrong[0], assumed: false } : fromContext()
  // a quarter or half: any one fiscal year named, else one Buddhist-era year anywhere ("2568_Q1_สขร")
  const periodFiscalYear = (attached: number | 'ambiguous' | null, contextAllowed = true) => {
    if (attached === 'ambiguous') return null
    if (attached !== null) return { fy: attached, assumed: false }
    if (named.length === 1) return { fy: named[0], assumed: false }
    if (named.length === 0 && bareYears.length === 1) return { fy: bareYears[0], assumed: false }
    return contextAllowed ? fromContext() : null
  }

  // level 1: months and ranges of months; level 5: day dates
  const months: Found[] = []
  const dates: Found[] = []
  for (let i = 0; i < tokens.length; i++) {
    const a = tokens[i]
    const b = tokens[i + 1]
    if (b && RANGE_SEP.test(text.slice(a.end, b.start))) {
      const range = resolveRange(a, b, monthFiscalYear)
      if (range) {
        months.push({ ...range, marked: a.marked })
        i++
        continue
      }
    }
    if (a.weak) continue
    let index: number | null = null
    let assumed = false
    if (a.ce !== null) index = monthIndex(a.ce, a.month)
    else if (monthFiscalYear)
      [index, assumed] = [monthInFiscalYear(a.month, monthFiscalYear.fy), monthFiscalYear.assumed]
    if (index === null) continue
    ;(a.date ? dates : months).push({ from: index, to: index, kind: 'month', marked: a.marked, yearAssumed: assumed })
  }

  // level 2: fiscal quarters
  const quarters: Found[] = []
  // a quarter in Thai or English, and an optional last quarter of a range
  const QUARTER = new RegExp(
    /(?:ไตรมาส\s?(?:ที่\s?)?([1-4]|แรก)|(?<![A-Za-z0-9])Q([1-4])|(?<![A-Za-z])quarter\s?([1-4]))(?![0-9])/.source +
      /(?:\s?(?:-|–|ถึง|และ)\s?(?:ไตรมาส\s?(?:ที่\s?)?|Q)?([1-4])(?![0-9]))?/.source,
    'gi',
  )
  for (const m of text.matchAll(QUARTER)) {
    const first = m[1] === 'แรก' ? 1 : Number(m[1] ?? m[2] ?? m[3])
    const last = m[4] ? Number(m[4]) : first
    if (last < first) continue
    const fy = periodFiscalYear(attachedFiscalYear(text, m.index + m[0].length))
    if (!fy) continue
    const start = fiscalYearStart(fy.fy)
    quarters.push({
      from: start + (first - 1) * 3,
      to: start + last * 3 - 1,
      kind: first === last ? 'quarter' : 'months',
      yearAssumed: fy.assumed,
    })
  }

  // level 3: halves and the rounds of 3, 6, 9 and 12 months counted from October
  const halves: Found[] = []
  const addRound = (months: number, second: boolean, fy: { fy: number; assumed: boolean } | null) => {
    if (!fy) return
    const start = fiscalYearStart(fy.fy)
    const kind: PeriodKind = months === 3 ? 'quarter' : months === 6 ? 'half' : months === 12 ? 'fiscal-year' : 'months'
    halves.push(
      second
        ? { from: start + 6, to: start + 11, kind: 'half', yearAssumed: fy.assumed }
        : { from: start, to: start + months - 1, kind, yearAssumed: fy.assumed },
    )
  }
  for (const m of text.matchAll(/(รอบ\s?)?(?<!\d)(3|6|9|12)\s?เดือน(?:\s?(แรก|หลัง))?/g)) {
    if (!m[1] && !m[3]) continue // "ระยะเวลา 6 เดือน" names no period
    if (m[3] === 'หลัง' && m[2] !== '6') continue
    addRound(Number(m[2]), m[3] === 'หลัง', periodFiscalYear(attachedFiscalYear(text, m.index + m[0].length)))
  }
  for (const m of text.matchAll(/ครึ่ง(?:ปี)?(?:งบประมาณ)?\s?(แรก|หลัง)/g))
    addRound(6, m[1] === 'หลัง', periodFiscalYear(attachedFiscalYear(text, m.index + m[0].length)))
  for (const m of text.matchAll(/(?<![A-Za-z])(first|second|1st|2nd)\s?half(?![A-Za-z])/gi))
    addRound(6, /^(second|2nd)$/i.test(m[1]), periodFiscalYear(attachedFiscalYear(text, m.index + m[0].length)))
  // "H1" alone is too common a code to trust without a year in the text
  for (const m of text.matchAll(/(?<![A-Za-z0-9])H([12])(?![A-Za-z0-9])/g))
    addRound(6, m[1] === '2', periodFiscalYear(attachedFiscalYear(text, m.index + m[0].length), false))

  for (const level of [months, quarters, halves, fiscalYears.map((t) => t.found), dates]) {
    if (level.length === 0) continue
    return only(level) ?? only(level.filter((f) => f.marked))
  }
  return null
}

/** The one period a list holds (several readings of the same run count once), else null. */
function only(list: Found[]): Found | null {
  const runs = new Map(list.map((f) => [`${f.from}:${f.to}`, f]))
  return runs.size === 1 ? [...runs.values()][0] : null
}

/** "ต.ค. 67 – มี.ค. 68", "ต.ค.–ธ.ค. 2567", "ตุลาคม – มีนาคม ปีงบประมาณ 2568": a missing year from the other end. */
function resolveRange(a: MonthToken, b: MonthToken, fy: { fy: number; assumed: boolean } | null): Found | null {
  let from: number
  let to: number
  let assumed = false
  if (a.ce !== null && b.ce !== null) [from, to] = [monthIndex(a.ce, a.month), monthIndex(b.ce, b.month)]
  else if (a.ce === null && b.ce !== null)
    [from, to] = [monthIndex(b.ce - (a.month > b.month ? 1 : 0), a.month), monthIndex(b.ce, b.month)]
  else if (a.ce !== null && b.ce === null)
    [from, to] = [monthIndex(a.ce, a.month), monthIndex(a.ce + (b.month < a.month ? 1 : 0), b.month)]
  else if (fy) [from, to, assumed] = [monthInFiscalYear(a.month, fy.fy), monthInFiscalYear(b.month, fy.fy), fy.assumed]
  else return null
  if (to < from || to - from >= 36) return null
  return { from, to, kind: from === to ? 'month' : 'months', yearAssumed: assumed }
}

// ---- an evidence ------------------------------------------------------------------------------

export interface CoverageInput {
  /** The period the coordinator typed on the evidence (its periodFrom/periodTo); either end alone is one month. */
  setByCoordinator?: { from?: Date | string | null; to?: Date | string | null } | null
  documentDate?: Date | string | null
  title?: string | null
  fileName?: string | null
  /** The fiscal year (BE) being assessed: the year of a month written without one. */
  fiscalYear?: number
}

/** The Bangkok month of an instant as an index, or null for no or an invalid date. */
function monthOfDate(value: Date | string | null | undefined): number | null {
  if (!value) return null
  const date = value instanceof Date ? value : new Date(value)
  return Number.isNaN(date.getTime()) ? null : indexOfKey(bangkokDayValue(date))
}

/**
 * The period an evidence covers: what the coordinator set, else the month of the document date, else what its
 * title names, else what its file name names; null when none says.
 */
export function coveredPeriod(input: CoverageInput): CoveredPeriod | null {
  const from = monthOfDate(input.setByCoordinator?.from)
  const to = monthOfDate(input.setByCoordinator?.to)
  if (from !== null || to !== null) {
    const [a, b] = [from ?? to!, to ?? from!]
    return {
      from: monthKey(Math.min(a, b)),
      to: monthKey(Math.max(a, b)),
      kind: a === b ? 'month' : 'months',
      source: 'coordinator',
    }
  }
  const dated = monthOfDate(input.documentDate)
  if (dated !== null) return { from: monthKey(dated), to: monthKey(dated), kind: 'month', source: 'document-date' }
  const context = { fiscalYear: input.fiscalYear }
  const fromTitle = periodFromText(input.title, context)
  if (fromTitle) return fromTitle
  const fromFile = periodFromText(input.fileName, context)
  return fromFile && { ...fromFile, source: 'file-name' }
}

// ---- a fiscal year's grid ---------------------------------------------------------------------

export interface FiscalCoverage {
  /** The fiscal year's months the period covers: 1 (ต.ค.) … 12 (ก.ย.), ascending. */
  months: number[]
  /**
   * Quarters all three of whose months are covered: 1 (ต.ค.–ธ.ค.) … 4 (ก.ค.–ก.ย.). A quarter's months touched are in
   * `months`.
   */
  quarters: number[]
  /** 'none': within the fiscal year; 'partly': spills over its start or end; 'entirely': misses it. */
  outside: 'none' | 'partly' | 'entirely'
}

/** Which months and quarters of a fiscal year (BE) a period fills, and whether it lies outside the year. */
export function fiscalMonthsCovered(period: Pick<CoveredPeriod, 'from' | 'to'>, fiscalYear: number): FiscalCoverage {
  const start = fiscalYearStart(fiscalYear)
  const from = indexOfKey(period.from)
  const to = indexOfKey(period.to)
  const months: number[] = []
  for (let m = Math.max(from, start); m <= Math.min(to, start + 11); m++) months.push(m - start + 1)
  const quarters = [1, 2, 3, 4].filter((q) => [0, 1, 2].every((k) => months.includes((q - 1) * 3 + k + 1)))
  const outside = months.length === 0 ? 'entirely' : from < start || to > start + 11 ? 'partly' : 'none'
  return { months, quarters, outside }
}

// ---- an element's grid ------------------------------------------------------------------------

/** The period rules that get a grid: twelve months, the first six, or four quarters of the fiscal year. */
export const GRID_RULES = ['monthly-12', 'first-half-current-fy', 'quarterly'] as const
export type GridRule = (typeof GRID_RULES)[number]
export const isGridRule = (rule: string): rule is GridRule => (GRID_RULES as readonly string[]).includes(rule)

export interface GridEvidence {
  id: string
  title: string
  fileName?: string | null
  periodFrom?: string | null
  periodTo?: string | null
  documentDate?: string | null
}

export interface CoverageGrid {
  rule: GridRule
  /** 'month': cells 1 (ต.ค.) … 12 or 6; 'quarter': cells 1 … 4 (Q1 = ต.ค.–ธ.ค.). */
  unit: 'month' | 'quarter'
  /** One per month or quarter asked for, in fiscal order: which evidence fills it. */
  cells: { index: number; evidenceIds: string[] }[]
  /** Cells no evidence fills. */
  gaps: number[]
  /** Evidence whose period lies (partly or entirely) outside the fiscal year. */
  outside: { id: string; entirely: boolean }[]
  /** Evidence whose period nothing says. */
  unknown: string[]
  /** Each evidence's period and where it came from. */
  periods: Record<string, CoveredPeriod>
}

/**
 * The grid of an element whose rule asks for months or quarters: each cell filled by the evidence covering it, the
 * gaps, and the evidence outside the fiscal year or of no known period. A quarter is filled by evidence covering all
 * its months together (three monthly reports fill it as one quarterly report does).
 */
export function coverageGrid(rule: GridRule, fiscalYear: number, evidence: GridEvidence[]): CoverageGrid {
  const unit = rule === 'quarterly' ? 'quarter' : 'month'
  const size = rule === 'monthly-12' ? 12 : rule === 'first-half-current-fy' ? 6 : 4
  const months = new Map<number, string[]>()
  const outside: CoverageGrid['outside'] = []
  const unknown: string[] = []
  const periods: Record<string, CoveredPeriod> = {}
  for (const e of evidence) {
    const period = coveredPeriod({
      setByCoordinator: e.periodFrom || e.periodTo ? { from: e.periodFrom, to: e.periodTo } : null,
      documentDate: e.documentDate,
      title: e.title,
      fileName: e.fileName,
      fiscalYear,
    })
    if (!period) {
      unknown.push(e.id)
      continue
    }
    periods[e.id] = period
    const covered = fiscalMonthsCovered(period, fiscalYear)
    if (covered.outside !== 'none') outside.push({ id: e.id, entirely: covered.outside === 'entirely' })
    for (const m of covered.months) months.set(m, [...(months.get(m) ?? []), e.id])
  }
  const cells = Array.from({ length: size }, (_, i) => {
    if (unit === 'month') return { index: i + 1, evidenceIds: months.get(i + 1) ?? [] }
    const three = [1, 2, 3].map((k) => months.get(i * 3 + k) ?? [])
    const full = three.every((ids) => ids.length > 0)
    return { index: i + 1, evidenceIds: full ? [...new Set(three.flat())] : [] }
  })
  return {
    rule,
    unit,
    cells,
    gaps: cells.filter((c) => !c.evidenceIds.length).map((c) => c.index),
    outside,
    unknown,
    periods,
  }
}
