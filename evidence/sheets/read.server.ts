/**
 * Reads the first worksheet of an uploaded .xlsx file (exceljs) or a .csv file (csv-parse: UTF-8, BOM allowed,
 * comma or semicolon) into rows keyed by the import's columns, found by their headers in row 1. A file that
 * cannot be read, a missing required column or an unknown one is refused naming the sheet, row and column; the
 * rules of the values themselves are the model's (models/tenancy/unit.server.ts, setup.server.ts).
 */
import { parse as parseCsv } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { bi } from '#models/errors'
import { SheetRefusal, type SheetColumn, type SheetProblem, type SheetRows } from '#models/tenancy/sheet-rows'

/** At most this many data rows: a set-up sheet lists an agency's units or people, not a register. */
export const MAX_SHEET_ROWS = 2000

const normal = (text: string) => text.normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ')

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (v instanceof Date) return v.toISOString().slice(0, 10)
  if (typeof v === 'object') {
    if ('result' in v && v.result !== undefined) return cellText(v.result as ExcelJS.CellValue)
    if ('richText' in v) return v.richText.map((t) => t.text).join('')
    if ('text' in v) return String(v.text)
  }
  return String(v)
}

const unreadable = (sheet: string, kind: 'xlsx' | 'csv'): SheetRefusal =>
  new SheetRefusal([
    {
      sheet,
      row: 0,
      column: '—',
      rule:
        kind === 'xlsx'
          ? bi('ไฟล์นี้ไม่ใช่เวิร์กบุ๊ก Excel (.xlsx) ที่อ่านได้', 'this file is not a readable Excel (.xlsx) workbook')
          : bi('อ่านไฟล์ CSV นี้ไม่ได้ (ต้องเป็น UTF-8 คั่นด้วยจุลภาค)', 'this CSV file cannot be read (UTF-8, comma-separated)'),
    },
  ])

async function xlsxGrid(name: string, bytes: Uint8Array): Promise<{ sheet: string; grid: string[][] }> {
  const book = new ExcelJS.Workbook()
  try {
    await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer)
  } catch {
    throw unreadable(name, 'xlsx')
  }
  const ws = book.worksheets[0]
  if (!ws) throw unreadable(name, 'xlsx')
  const grid: string[][] = []
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    const values: string[] = []
    row.eachCell({ includeEmpty: true }, (cell, col) => (values[col - 1] = cellText(cell.value).trim()))
    grid[n - 1] = Array.from(values, (v) => v ?? '')
  })
  return { sheet: ws.name, grid: Array.from(grid, (r) => r ?? []) }
}

function csvGrid(name: string, bytes: Uint8Array): { sheet: string; grid: string[][] } {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\ufeff/, '')
  } catch {
    throw unreadable(name, 'csv')
  }
  const firstLine = text.split(/\r?\n/, 1)[0] ?? ''
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ','
  try {
    const grid = parseCsv(text, { delimiter, relax_column_count: true, skip_empty_lines: false }) as string[][]
    return { sheet: name, grid: grid.map((r) => r.map((c) => c.trim())) }
  } catch {
    throw unreadable(name, 'csv')
  }
}

/**
 * The rows of an uploaded sheet under the given columns. Empty rows are skipped (their numbers are kept, so a
 * problem names the row the spreadsheet shows). Refused whole when a required column is missing, a header is
 * unknown or repeated, or there is no data row.
 */
export async function readSheet(file: { name: string; bytes: Uint8Array }, columns: SheetColumn[]): Promise<SheetRows> {
  const lower = file.name.toLowerCase()
  if (!lower.endsWith('.xlsx') && !lower.endsWith('.csv'))
    throw new SheetRefusal([
      {
        sheet: file.name,
        row: 0,
        column: '—',
        rule: bi('ไฟล์: รับเฉพาะ .xlsx หรือ .csv', 'file: only .xlsx or .csv files are taken'),
      },
    ])
  const { sheet, grid } = lower.endsWith('.xlsx')
    ? await xlsxGrid(file.name, file.bytes)
    : csvGrid(file.name, file.bytes)
  const problems: SheetProblem[] = []
  const header = grid[0] ?? []
  const keyAt: (string | null)[] = header.map(() => null)
  header.forEach((text, i) => {
    if (!text) return
    const column = columns.find((c) => c.headers.some((h) => normal(h) === normal(text)))
    if (!column)
      problems.push({
        sheet,
        row: 1,
        column: text,
        rule: bi(
          `ไม่รู้จักคอลัมน์นี้ (ใช้ได้: ${columns.map((c) => c.headers[0]).join(', ')})`,
          `unknown column (expected: ${columns.map((c) => c.headers[0]).join(', ')})`,
        ),
      })
    else if (keyAt.includes(column.key))
      problems.push({ sheet, row: 1, column: text, rule: bi('คอลัมน์นี้ซ้ำ', 'this column appears twice') })
    else keyAt[i] = column.key
  })
  for (const c of columns)
    if (c.required && !keyAt.includes(c.key))
      problems.push({
        sheet,
        row: 1,
        column: c.headers[0],
        rule: bi('ไม่พบคอลัมน์ที่จำเป็นนี้', 'this required column is missing'),
      })
  if (problems.length) throw new SheetRefusal(problems)
  const rows: SheetRows['rows'] = []
  grid.slice(1).forEach((cells, i) => {
    if (cells.every((c) => !c)) return
    const values: Record<string, string> = Object.fromEntries(columns.map((c) => [c.key, '']))
    cells.forEach((c, col) => {
      const key = keyAt[col]
      if (key) values[key] = c
      else if (c)
        problems.push({
          sheet,
          row: i + 2,
          column: header[col] || `#${col + 1}`,
          rule: bi('มีข้อมูลในคอลัมน์ที่ไม่มีหัวคอลัมน์', 'a value in a column without a header'),
        })
    })
    rows.push({ row: i + 2, values })
  })
  if (rows.length === 0)
    problems.push({ sheet, row: 2, column: '—', rule: bi('ไม่มีข้อมูลใต้หัวคอลัมน์', 'no data rows under the header') })
  if (rows.length > MAX_SHEET_ROWS)
    problems.push({
      sheet,
      row: rows[MAX_SHEET_ROWS].row,
      column: '—',
      rule: bi(`ได้ไม่เกิน ${MAX_SHEET_ROWS} แถว`, `at most ${MAX_SHEET_ROWS} rows`),
    })
  if (problems.length) throw new SheetRefusal(problems)
  return { sheet, rows }
}
