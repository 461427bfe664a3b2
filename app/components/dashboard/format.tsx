import { createContext, useCallback, useContext } from 'react'
import { useLocale } from '#app/utils/i18n'
import { formatDate } from '#models/dates'
import type { Bilingual } from '#models/errors'
import { formatScore } from '#scoring/index'

/** Whether the dashboard shows Thai digits (๐–๙); chosen with a switch on the page. */
export const ThaiDigitsContext = createContext(false)

const THAI_DIGITS = '๐๑๒๓๔๕๖๗๘๙'
const toThai = (s: string) => s.replace(/\d/g, (d) => THAI_DIGITS[Number(d)])

/** Numbers as the dashboard shows them: rounded once by the engine's formatScore, in Thai digits when chosen. */
export function useNumber() {
  const thai = useContext(ThaiDigitsContext)
  return useCallback(
    (n: number, decimals = 2) => (thai ? toThai(formatScore(n, decimals)) : formatScore(n, decimals)),
    [thai],
  )
}

/** Any text with its digits in the chosen form. */
export function useDigits() {
  const thai = useContext(ThaiDigitsContext)
  return useCallback((s: string | number) => (thai ? toThai(String(s)) : String(s)), [thai])
}

/** A date in the Buddhist era, in Thai digits when chosen. */
export function useBeDate() {
  const thai = useContext(ThaiDigitsContext)
  const locale = useLocale()
  return useCallback(
    (iso: string, style: 'short' | 'long' | 'datetime' = 'short') =>
      formatDate(iso, locale, { style, thaiDigits: thai && locale === 'th' }),
    [thai, locale],
  )
}

/** The reader's half of a { th, en } text; English falls back to Thai when missing. */
export function usePickText() {
  const locale = useLocale()
  return (x: Bilingual | undefined | null) => (x ? (locale === 'en' ? x.en || x.th : x.th) : '')
}
