/** Small HTML helpers for reports: escaping, Thai digits, fiscal-month labels. */

import { THAI_MONTHS_SHORT } from '#models/dates'

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  )
}

const THAI_DIGITS = '๐๑๒๓๔๕๖๗๘๙'

/** Arabic digits in a text replaced by Thai digits (official documents often use them). */
export function thaiDigits(text: string): string {
  return text.replace(/[0-9]/g, (d) => THAI_DIGITS[Number(d)])
}

/** Escaped text with line breaks kept. */
export function paragraphs(text: string | undefined | null): string {
  return escapeHtml(text ?? '').replace(/\r?\n/g, '<br>')
}

// the fiscal year starts in October: fiscal month 1 is ต.ค.
const FISCAL_MONTHS_TH = [...THAI_MONTHS_SHORT.slice(9), ...THAI_MONTHS_SHORT.slice(0, 9)]

/** "ต.ค. – ธ.ค." style label for fiscal months (October = 1), or "ไตรมาสที่ 1 – 2" for quarters. */
export function periodLabel(period: { unit: 'month' | 'quarter'; values: number[] } | undefined): string {
  if (!period || period.values.length === 0) return '—'
  const values = [...period.values].sort((a, b) => a - b)
  const contiguous = values.every((v, i) => i === 0 || v === values[i - 1] + 1)
  if (period.unit === 'quarter') {
    return contiguous && values.length > 1 ? `ไตรมาสที่ ${values[0]} – ${values.at(-1)}` : `ไตรมาสที่ ${values.join(', ')}`
  }
  const names = values.map((v) => FISCAL_MONTHS_TH[v - 1])
  return contiguous && values.length > 2 ? `${names[0]} – ${names.at(-1)}` : names.join(', ')
}

/** A table's header cells, each with a width when one is given ('15%'); labels are literal HTML. */
export function headerCells(columns: readonly (readonly [label: string, width?: string])[]): string {
  return columns
    .map(([label, width]) => (width ? `<th style="width:${width}">${label}</th>` : `<th>${label}</th>`))
    .join('')
}

/** Plain cells of already-escaped HTML, side by side (no white space between them, as in one long line). */
export function cells(values: readonly string[], className?: string): string {
  const open = className ? `<td class="${className}">` : '<td>'
  return values.map((v) => `${open}${v}</td>`).join('')
}
