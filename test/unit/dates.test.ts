import { describe, expect, it } from 'vitest'
import {
  bangkokDayValue,
  fiscalMonthOf,
  fiscalQuarterOf,
  fiscalYearOf,
  fiscalYearRange,
  formatDate,
  formatFiscalYear,
} from '#models/dates'

describe('Buddhist-era dates', () => {
  it('formats a date as Thai readers expect', () => {
    expect(formatDate('2026-11-22T03:00:00Z', 'th')).toBe('22 พ.ย. 2569')
    expect(formatDate('2026-11-22T03:00:00Z', 'th', { style: 'long' })).toBe('22 พฤศจิกายน 2569')
    expect(formatDate('2026-11-22T03:00:00Z', 'en')).toBe('22 Nov 2569 BE')
    expect(formatDate('2026-11-22T03:00:00Z', 'th', { thaiDigits: true })).toBe('๒๒ พ.ย. ๒๕๖๙')
  })

  it('uses Bangkok time, not the server clock: 23:30 UTC is already the next day', () => {
    expect(formatDate('2026-09-30T17:30:00Z', 'th')).toBe('1 ต.ค. 2569')
  })

  it('shows a dash for an invalid date instead of "Invalid Date"', () => {
    expect(formatDate('not a date')).toBe('—')
  })

  it('names fiscal years', () => {
    expect(formatFiscalYear(2569, 'th')).toBe('ปีงบประมาณ พ.ศ. 2569')
    expect(formatFiscalYear(2569, 'en')).toBe('Fiscal year 2569 BE')
  })

  it('puts 1 October in the next fiscal year, in Bangkok time', () => {
    expect(fiscalYearOf('2025-09-30T16:59:59Z')).toBe(2568) // 23:59:59 on 30 Sep in Bangkok
    expect(fiscalYearOf('2025-09-30T17:00:00Z')).toBe(2569) // 00:00 on 1 Oct in Bangkok
    expect(fiscalYearOf('2026-09-30T12:00:00Z')).toBe(2569)
  })

  it('gives the range of a fiscal year', () => {
    const { start, end } = fiscalYearRange(2569)
    expect(start.toISOString()).toBe('2025-09-30T17:00:00.000Z')
    expect(end.toISOString()).toBe('2026-09-30T17:00:00.000Z')
    expect(fiscalYearOf(start)).toBe(2569)
    expect(fiscalYearOf(new Date(end.getTime() - 1))).toBe(2569)
    expect(fiscalYearOf(end)).toBe(2570)
  })

  it('counts months and quarters from October', () => {
    expect(fiscalMonthOf('2025-10-15T00:00:00Z')).toBe(1)
    expect(fiscalMonthOf('2026-01-15T00:00:00Z')).toBe(4)
    expect(fiscalMonthOf('2026-09-15T00:00:00Z')).toBe(12)
    expect(fiscalQuarterOf('2025-12-31T00:00:00Z')).toBe(1)
    expect(fiscalQuarterOf('2026-04-01T00:00:00Z')).toBe(3)
    expect(fiscalQuarterOf('2026-09-01T00:00:00Z')).toBe(4)
  })
})

describe('date input values', () => {
  it('give the Bangkok calendar day, not the UTC one', () => {
    expect(bangkokDayValue('2026-03-30T17:00:00Z')).toBe('2026-03-31') // Bangkok midnight starting 31 March
    expect(bangkokDayValue('2026-03-31T16:59:59Z')).toBe('2026-03-31')
    expect(bangkokDayValue('2026-03-31T17:00:00Z')).toBe('2026-04-01')
  })
})
