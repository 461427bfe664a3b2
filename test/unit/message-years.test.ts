/**
 * Years in messages: a {year} placeholder always receives the whole formatted fiscal year
 * ("ปีงบประมาณ พ.ศ. 2570" / "Fiscal year 2570 BE", from formatFiscalYear), so no message says
 * "fiscal year" before it (that printed "ปีงบประมาณ ปีงบประมาณ พ.ศ. 2570"), and Thai text after a
 * placeholder that ends in a number is set apart by a space ("พ.ศ. 2568ให้เทียบ" read as one word).
 */
import { describe, expect, it } from 'vitest'
import { MESSAGES, translate } from '#app/i18n'
import { formatFiscalYear } from '#models/dates'

const NUMERIC = /\{(year|fiscalYear|count|round|from|to|number|n|total|days)\}/

describe('years in messages', () => {
  it('never names the fiscal year before a {year} placeholder', () => {
    const doubled = [...Object.entries(MESSAGES.th), ...Object.entries(MESSAGES.en)]
      .filter(([, text]) => /(ปีงบประมาณ|พ\.ศ\.|fiscal year|FY)\s*\{year\}/i.test(text))
      .map(([key, text]) => `${key}: ${text}`)
    expect(doubled).toEqual([])
  })

  it('puts a space between a number placeholder and the Thai word after it', () => {
    const glued = Object.entries(MESSAGES.th)
      .filter(([, text]) => new RegExp(`${NUMERIC.source}[\\u0E00-\\u0E7F]`).test(text))
      .map(([key, text]) => `${key}: ${text}`)
    expect(glued).toEqual([])
  })

  it('reads naturally with a formatted year', () => {
    const year = formatFiscalYear(2570, 'th')
    expect(translate('th', 'rollover.chooseTarget', { year })).toBe('แค็ตตาล็อกของปีงบประมาณ พ.ศ. 2570')
    expect(translate('th', 'dash.trend.none', { year: formatFiscalYear(2568, 'th') })).toBe(
      'ไม่มีแค็ตตาล็อก ITA ของปีงบประมาณ พ.ศ. 2568 ให้เทียบ',
    )
    expect(translate('en', 'catalogs.rollover', { year: formatFiscalYear(2570, 'en') })).toBe(
      'Start Fiscal year 2570 BE from this one',
    )
  })
})
