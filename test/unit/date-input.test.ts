import { describe, expect, it } from 'vitest'
import { checkDayInput, dayField, dayWindowError, formatDayInput, parseDayInput } from '#models/dates'

/** What a person types into a date box → the calendar day stored (CE), or null when refused. */
const TABLE: [string, string | null][] = [
  // Buddhist era, four digits, day first
  ['31/01/2570', '2027-01-31'],
  ['31/1/2570', '2027-01-31'],
  ['1/2/2570', '2027-02-01'],
  ['31.01.2570', '2027-01-31'],
  ['31-01-2570', '2027-01-31'],
  ['31 01 2570', '2027-01-31'],
  ['  31 / 01 / 2570 ', '2027-01-31'],
  // Buddhist era, two digits
  ['31/1/70', '2027-01-31'],
  ['31/01/69', '2026-01-31'],
  ['31 ม.ค. 70', '2027-01-31'],
  // Thai month names, abbreviated with or without dots, and spelled out
  ['31 ม.ค. 2570', '2027-01-31'],
  ['31 มค 2570', '2027-01-31'],
  ['31ม.ค.2570', '2027-01-31'],
  ['31 มกราคม 2570', '2027-01-31'],
  ['1 ต.ค. 2569', '2026-10-01'],
  ['30 กันยายน 2570', '2027-09-30'],
  ['15 พ.ย. 2569', '2026-11-15'],
  ['31 ธันวาคม พ.ศ. 2569', '2026-12-31'],
  ['31 ม.ค. 2570 พ.ศ.', '2027-01-31'],
  // Thai digits
  ['๓๑/๐๑/๒๕๗๐', '2027-01-31'],
  ['๓๑ ม.ค. ๒๕๗๐', '2027-01-31'],
  // Christian era between 1900 and 2200 is accepted as such
  ['31/01/2027', '2027-01-31'],
  ['2027-01-31', '2027-01-31'],
  ['31 Jan 2027', '2027-01-31'],
  ['January 31, 2027', '2027-01-31'],
  ['31 มกราคม ค.ศ. 2027', '2027-01-31'],
  // ISO form with a Buddhist-era year is still Buddhist era
  ['2570-01-31', '2027-01-31'],
  // leap years are the Christian era's: 2567 BE = 2024 CE
  ['29/02/2567', '2024-02-29'],
  // refused: days that do not exist, months that do not exist, years in neither era, nonsense
  ['29/02/2570', null],
  ['31/02/2570', null],
  ['31/04/2570', null],
  ['0/01/2570', null],
  ['31/13/2570', null],
  ['31 มกรา 2570', null],
  ['31/01/2300', null],
  ['31/01/1800', null],
  ['31/01/570', null],
  ['2570', null],
  ['tomorrow', null],
  ['31/01', null],
]

describe('parseDayInput: one parser for every date box', () => {
  it.each(TABLE)('%j → %j', (text, expected) => {
    const r = parseDayInput(text)
    expect(r.ok ? r.value : null).toBe(expected)
    if (expected === null) expect(r.ok).toBe(false)
  })

  it('reads an empty box as "no date", not as a mistake', () => {
    expect(parseDayInput('')).toEqual({ ok: true, value: null })
    expect(parseDayInput('   ')).toEqual({ ok: true, value: null })
    expect(parseDayInput(undefined)).toEqual({ ok: true, value: null })
  })

  it('says why in Thai and English', () => {
    const r = parseDayInput('31/02/2570')
    expect(r).toEqual({ ok: false, error: { th: 'ไม่มีวันที่ 31 ในกุมภาพันธ์ 2570', en: 'Feb 2570 BE has no day 31' } })
    const month = parseDayInput('31 มกรา 2570')
    expect(!month.ok && month.error.en).toMatch(/unknown month "มกรา"/)
  })

  it('shows a day back the way the box reads it, and reads that back to the same day', () => {
    expect(formatDayInput('2027-01-31', 'th')).toBe('31 ม.ค. 2570')
    expect(formatDayInput('2027-01-31', 'en')).toBe('31 Jan 2570')
    for (const day of ['2027-01-31', '2026-02-28', '2024-02-29', '2025-10-01']) {
      for (const locale of ['th', 'en'] as const) {
        const r = parseDayInput(`${formatDayInput(day, locale)} ${locale === 'en' ? 'BE' : ''}`)
        expect(r.ok && r.value).toBe(day)
      }
    }
  })
})

describe('the five-year window around today', () => {
  const now = new Date('2026-12-02T03:00:00Z')

  it('refuses a BE year typed where the box expected CE: 2570 read as CE is 543 years ahead', () => {
    expect(dayWindowError('2027-01-31', now)).toBeNull()
    expect(dayWindowError('2570-01-31', now)?.th).toBe(
      '31 ม.ค. 3113 อยู่ห่างจากวันนี้เกิน 5 ปี (รับได้ 2 ธ.ค. 2564 – 2 ธ.ค. 2574) ตรวจปี พ.ศ. อีกครั้ง',
    )
    const r = checkDayInput('31/01/3113', now)
    expect(r.ok).toBe(false)
  })

  it('takes the edges of the window and refuses the day beyond either', () => {
    expect(checkDayInput('2/12/2574', now)).toEqual({ ok: true, value: '2031-12-02' })
    expect(checkDayInput('3/12/2574', now).ok).toBe(false)
    expect(checkDayInput('2/12/2564', now)).toEqual({ ok: true, value: '2021-12-02' })
    expect(checkDayInput('1/12/2564', now).ok).toBe(false)
  })

  it('as a form field: names the field in both languages', () => {
    const schema = dayField({ th: 'กำหนดส่ง', en: 'due date' })
    const far = schema.safeParse('31/01/2600')
    expect(far.success).toBe(false)
    expect(far.error?.issues[0].message).toMatch(
      /^กำหนดส่ง: 31 ม\.ค\. 2600 อยู่ห่างจากวันนี้เกิน 5 ปี .* \/ due date: 31 Jan 2600 BE is more than 5 years from today/,
    )
    // a CE year pushed through the BE rule twice (2570 + 543) is not a year of either era
    expect(schema.safeParse('31/01/3113').error?.issues[0].message).toBe(
      'กำหนดส่ง: ปี 3113 ไม่ถูกต้อง: ใช้ปี พ.ศ. (เช่น 2570) หรือ ค.ศ. 1900–2200 / due date: year 3113 is not valid: ' +
        'use a Buddhist-era year (e.g. 2570) or 1900–2200 CE',
    )
    expect(schema.parse('')).toBeNull()
  })
})
