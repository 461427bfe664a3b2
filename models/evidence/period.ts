/**
 * Whether a document date fits the period rule of a required element. Pure: the evidence page
 * and the linking code show the same warning. A mismatch is a warning, never a refusal.
 */
import type { PeriodRule } from '#models/catalog/schema'
import { bi } from '#models/errors'
import { fiscalMonthOf, fiscalYearOf } from '#models/dates'

/** A bilingual warning, or null when the date fits (or there is no date or no rule). */
export function periodWarning(documentDate: Date | string | null, fiscalYear: number, rule: PeriodRule): string | null {
  if (!documentDate || rule === 'any') return null
  const fy = fiscalYearOf(documentDate)
  const month = fiscalMonthOf(documentDate)
  switch (rule) {
    case 'previous-fy':
      return fy === fiscalYear - 1
        ? null
        : bi(
            `วันที่เอกสารไม่อยู่ในปีงบประมาณ ${fiscalYear - 1} ตามที่องค์ประกอบกำหนด`,
            `document date is not in fiscal year ${fiscalYear - 1}, as the element requires`,
          )
    case 'first-half-current-fy':
      return fy === fiscalYear && month <= 6
        ? null
        : bi(
            `วันที่เอกสารไม่อยู่ในครึ่งแรกของปีงบประมาณ ${fiscalYear} (ต.ค.–มี.ค.)`,
            `document date is not in the first half of fiscal year ${fiscalYear} (Oct–Mar)`,
          )
    default: // current-fy, monthly-12, quarterly: each document lies within the fiscal year
      return fy === fiscalYear
        ? null
        : bi(
            `วันที่เอกสารไม่อยู่ในปีงบประมาณ ${fiscalYear} ตามที่องค์ประกอบกำหนด`,
            `document date is not in fiscal year ${fiscalYear}, as the element requires`,
          )
  }
}
