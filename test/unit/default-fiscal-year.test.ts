import { describe, expect, it } from 'vitest'
import { byFiscalYear, chosenFiscalYear, defaultFiscalYear, yearsForPicker } from '#models/dates'

// 1 Oct 2026 00:30 in Bangkok is already FY2570; 30 Sep 2026 23:30 in Bangkok is still 2569
const LAST_HOUR_2569 = new Date('2026-09-30T16:30:00Z')
const FIRST_HOUR_2570 = new Date('2026-09-30T17:30:00Z')

describe('the fiscal year a page opens on', () => {
  it('is the current one by the Bangkok date when it has a catalog', () => {
    expect(defaultFiscalYear([2570, 2569], FIRST_HOUR_2570)).toBe(2570)
    expect(defaultFiscalYear([2570, 2569], LAST_HOUR_2569)).toBe(2569)
  })

  it('else the year that just ended, else the newest there is, else the current one', () => {
    expect(defaultFiscalYear([2569, 2568], FIRST_HOUR_2570)).toBe(2569)
    // a year published ahead never wins over the year in progress or the one that ended
    expect(defaultFiscalYear([2571, 2568], FIRST_HOUR_2570)).toBe(2568)
    expect(defaultFiscalYear([2572, 2571], FIRST_HOUR_2570)).toBe(2572)
    expect(defaultFiscalYear([], FIRST_HOUR_2570)).toBe(2570)
  })

  it('takes the year asked for only when the page has it', () => {
    expect(chosenFiscalYear('2569', [2570, 2569], FIRST_HOUR_2570)).toBe(2569)
    expect(chosenFiscalYear('2560', [2570, 2569], FIRST_HOUR_2570)).toBe(2570)
    expect(chosenFiscalYear('abc', [2570, 2569], FIRST_HOUR_2570)).toBe(2570)
    expect(chosenFiscalYear(null, [2569, 2568], FIRST_HOUR_2570)).toBe(2569)
  })

  it('orders lists of several years with the default year first, each year keeping its order', () => {
    expect(yearsForPicker([2568, 2570, 2569, 2570], FIRST_HOUR_2570)).toEqual([2570, 2569, 2568])
    const rows = [
      { fiscalYear: 2569, code: 'a' },
      { fiscalYear: 2570, code: 'b' },
      { fiscalYear: 2569, code: 'c' },
      { fiscalYear: 2570, code: 'd' },
    ]
    expect(byFiscalYear(rows, FIRST_HOUR_2570).map((r) => r.code)).toEqual(['b', 'd', 'a', 'c'])
    expect(byFiscalYear(rows, LAST_HOUR_2569).map((r) => r.code)).toEqual(['a', 'c', 'b', 'd'])
  })
})
