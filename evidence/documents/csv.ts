/**
 * The one CSV writer of the app (audit trail, itas-links.csv): every file the app writes
 * opens the same in Excel, LibreOffice and csv-parse.
 * - A cell that starts with = + - @ tab or CR is prefixed with an apostrophe: a spreadsheet would
 *   otherwise run it as a formula (CSV injection); people's names and titles come from users.
 * - A cell holding a comma, a quote, CR or LF is quoted (RFC 4180): a bare LF inside a field
 *   splits the row in LibreOffice and Python even though records end with CRLF.
 * - UTF-8 with a BOM, so that Excel reads Thai text; records end with CRLF.
 */

export type CsvValue = string | number | boolean | null | undefined

const FORMULA_START = /^[=+\-@\t\r]/
const NEEDS_QUOTES = /[",\r\n]/

export const CSV_BOM = '\ufeff'
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8'

/** One field: numbers as they are, text neutralised and quoted when needed. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  const text = FORMULA_START.test(value) ? `'${value}` : value
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** One record, CRLF-terminated. */
export function csvRecord(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`
}

/** A whole file: BOM, header, rows. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  let out = CSV_BOM + csvRecord(header)
  for (const row of rows) out += csvRecord(row)
  return out
}

/** The same, record by record, for files too large to hold (the audit trail). */
export async function* csvChunks(
  header: readonly string[],
  rows: AsyncIterable<readonly CsvValue[]>,
): AsyncGenerator<string> {
  yield CSV_BOM + csvRecord(header)
  for await (const row of rows) yield csvRecord(row)
}
