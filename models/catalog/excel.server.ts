/**
 * Reading an uploaded ITA catalog workbook (exceljs). The workbook layout comes from models/catalog/sheet.ts; the
 * export and the empty template are written by evidence/documents/catalog-workbook.server.ts. Import reads and
 * checks the whole workbook before anything is saved.
 */
import ExcelJS from 'exceljs'
import {
  CATALOG_FIELDS,
  CATALOG_SHEET,
  columnLetter,
  header,
  SHEETS,
  workbookToCatalog,
  type Cell,
  type Column,
  type SheetIssue,
  type SheetName,
  type Workbook,
  type WorkbookResult,
} from '#models/catalog/sheet'
import { bi } from '#models/errors'

/** A cell's value as the import reads it: formulas by their result, rich text as plain text. */
function cellValue(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v
  if (v instanceof Date) return v.toISOString()
  if (typeof v === 'object') {
    if ('result' in v && v.result !== undefined) return cellValue(v.result as ExcelJS.CellValue)
    // LibreOffice saves booleans as TRUE()/FALSE() formulas, and exceljs drops a cached false result
    if ('formula' in v && typeof v.formula === 'string') {
      const literal = /^\s*(TRUE|FALSE)\(\)\s*$/i.exec(v.formula)
      return literal ? literal[1].toUpperCase() === 'TRUE' : null
    }
    if ('richText' in v) return v.richText.map((t) => t.text).join('')
    if ('text' in v) return String(v.text)
  }
  return String(v)
}

export type XlsxResult = WorkbookResult

/** Reads a workbook; every problem names the sheet, row, column and rule. */
export async function catalogFromXlsx(bytes: Uint8Array): Promise<XlsxResult> {
  const book = new ExcelJS.Workbook()
  try {
    await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer)
  } catch {
    return {
      ok: false,
      issues: [
        {
          sheet: '—',
          row: 0,
          column: '—',
          message: bi('ไฟล์นี้ไม่ใช่เวิร์กบุ๊ก Excel (.xlsx) ที่อ่านได้', 'this file is not a readable Excel (.xlsx) workbook'),
        },
      ],
    }
  }
  const issues: SheetIssue[] = []
  const wb: Workbook = { catalog: {}, tables: { tools: [], indicators: [], elements: [], bands: [] } }
  const meta = book.getWorksheet(CATALOG_SHEET)
  if (!meta) issues.push({ sheet: CATALOG_SHEET, row: 0, column: '—', message: bi('ไม่พบแผ่นงานนี้', 'sheet is missing') })
  else
    CATALOG_FIELDS.forEach((f, i) => {
      const row = meta.getRow(i + 2)
      const field = cellValue(row.getCell(1).value)
      // a workbook exported before optional fields were added simply lacks their rows
      if (field === null && !f.required && i >= meta.actualRowCount - 1) return
      if (field !== f.key)
        issues.push({
          sheet: CATALOG_SHEET,
          row: i + 2,
          column: 'A (field)',
          message: bi(`ต้องเป็น ${f.key} (อย่าย้ายหรือลบแถว)`, `must be ${f.key} (do not move or delete rows)`),
        })
      wb.catalog[f.key] = cellValue(row.getCell(2).value)
    })
  for (const name of Object.keys(SHEETS) as SheetName[]) {
    const ws = book.getWorksheet(name)
    if (!ws) {
      issues.push({ sheet: name, row: 0, column: '—', message: bi('ไม่พบแผ่นงานนี้', 'sheet is missing') })
      continue
    }
    const cols: readonly Column[] = SHEETS[name]
    const head = ws.getRow(1)
    cols.forEach((col, i) => {
      const h = cellValue(head.getCell(i + 1).value)
      // a workbook exported before optional columns were added (they are appended) simply lacks them
      if (
        h === null &&
        !col.required &&
        cols.slice(i).every((c, j) => !c.required && cellValue(head.getCell(i + j + 1).value) === null)
      )
        return
      if (h !== header(col))
        issues.push({
          sheet: name,
          row: 1,
          column: `${columnLetter(i)} (${col.key})`,
          message: bi(`หัวคอลัมน์ต้องเป็น "${header(col)}"`, `the header must be "${header(col)}"`),
        })
    })
    const rows: Record<string, Cell>[] = []
    for (let r = 2; r <= ws.rowCount; r++) {
      const row = ws.getRow(r)
      const values = Object.fromEntries(cols.map((col, i) => [col.key, cellValue(row.getCell(i + 1).value)]))
      rows.push(values)
    }
    // trailing empty rows (kept by spreadsheets after deletions) are not data
    while (rows.length && Object.values(rows[rows.length - 1]).every((v) => v === null || v === '')) rows.pop()
    wb.tables[name] = rows
  }
  if (issues.length) return { ok: false, issues }
  return workbookToCatalog(wb)
}
