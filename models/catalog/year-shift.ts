/**
 * The year shift: next fiscal year's catalog made from this year's, when NACC has not yet published the new
 * framework. Element period rules are relative (current-fy, previous-fy, monthly-12 …) and reporting rounds are
 * fiscal months, so they carry over as they are; what moves is the fiscal year, the key and every Buddhist-era
 * year written in the content's text ("ประจำปีงบประมาณ พ.ศ. 2569" → "2570", "ตุลาคม 2567 – กันยายน 2568" →
 * "ตุลาคม 2568 – กันยายน 2569"). Source notes (`note`, `provenance`) describe where the content came from and keep
 * their years. Pure: no I/O, so the built-in file generator, its test and the rollover screen share it.
 */
import type { Catalog } from './schema'

/** One text the shift changed, for the "what changed" list shown before the rollover review. */
export interface YearShiftChange {
  /** JSON path in the catalog, e.g. `tools.2.indicators.0.subIndicators.1.criteria.3.title.th`. */
  path: string
  /** The item code the text belongs to, when it belongs to one (criterion, KPI, measure, activity). */
  itemCode: string | null
  before: string
  after: string
}

const THAI_DIGITS = '๐๑๒๓๔๕๖๗๘๙'
const toArabic = (s: string) => s.replace(/[๐-๙]/g, (d) => String(THAI_DIGITS.indexOf(d)))
const toThai = (s: string) => s.replace(/[0-9]/g, (d) => THAI_DIGITS[Number(d)])

// A standalone four-digit number from 2500 to 2699 (Arabic or Thai digits) is read as a Buddhist-era year; only
// years near the catalog's own year move, so the years of laws and regulations ("พ.ร.บ. … พ.ศ. ๒๕๔๐") stay.
export const SHIFT_WINDOW = 3
const BE_YEAR = /(?<![0-9๐-๙.,])([2๒][5๕][0-9๐-๙]{2})(?![0-9๐-๙]|[.,][0-9๐-๙])/g
// Fields whose years are the source's, not the assessed year's.
const SOURCE_FIELDS = new Set(['note', 'provenance'])
// Identifiers: never rewritten (reviews and evidence links are keyed by them).
const ID_FIELDS = new Set(['code', 'id', 'key', 'basedOn'])

/** Moves every Buddhist-era year within SHIFT_WINDOW years of `fiscalYear` by `years`, keeping Thai digits Thai. */
export function shiftYearsInText(text: string, fiscalYear: number, years: number): string {
  return text.replace(BE_YEAR, (match) => {
    const year = Number(toArabic(match))
    if (Math.abs(year - fiscalYear) > SHIFT_WINDOW) return match
    const shifted = String(year + years)
    return /[๐-๙]/.test(match) ? toThai(shifted) : shifted
  })
}

/** `ita-nacc-2569` → `ita-nacc-2570`; a key without the year gets it appended. */
export function shiftedKey(key: string, fromYear: number, toYear: number): string {
  const suffix = `-${fromYear}`
  return key.endsWith(suffix) ? `${key.slice(0, -suffix.length)}-${toYear}` : `${key}-${toYear}`
}

/**
 * The catalog of `catalog.fiscalYear + years`, with the list of texts that changed. Version, status and
 * provenance are left to the caller (a draft of the organization, or a built-in file).
 */
export function shiftCatalogYear(catalog: Catalog, years = 1): { catalog: Catalog; changes: YearShiftChange[] } {
  const changes: YearShiftChange[] = []
  const walk = (value: unknown, path: string[], itemCode: string | null, inSource: boolean): unknown => {
    if (typeof value === 'string') {
      const field = path[path.length - 1]
      if (inSource || ID_FIELDS.has(field)) return value
      const after = shiftYearsInText(value, catalog.fiscalYear, years)
      if (after !== value) changes.push({ path: path.join('.'), itemCode, before: value, after })
      return after
    }
    if (Array.isArray(value)) return value.map((v, i) => walk(v, [...path, String(i)], itemCode, inSource))
    if (value && typeof value === 'object') {
      const obj = value as Record<string, unknown>
      const code = typeof obj.code === 'string' ? obj.code : itemCode
      return Object.fromEntries(
        Object.entries(obj).map(([k, v]) => [k, walk(v, [...path, k], code, inSource || SOURCE_FIELDS.has(k))]),
      )
    }
    return value
  }
  const toYear = catalog.fiscalYear + years
  const shifted = walk(catalog, [], null, false) as Catalog
  // the key and year are identifiers, set here rather than by the text rule (keys keep the field order of the source)
  return {
    catalog: { ...shifted, key: shiftedKey(catalog.key, catalog.fiscalYear, toYear), fiscalYear: toYear },
    changes,
  }
}
