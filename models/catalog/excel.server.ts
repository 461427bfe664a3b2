/**
 * ITA catalogs as Excel workbooks (exceljs): export, an empty template, and import. The
 * workbook layout comes from models/catalog-sheet.ts. Import reads and checks the whole workbook
 * before anything is saved.
 */
import ExcelJS from 'exceljs'
import {
  CATALOG_FIELDS,
  CATALOG_SHEET,
  catalogToWorkbook,
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
import type { ItaCatalog } from '#models/catalog/schema'
import { bi } from '#models/errors'

const README = 'README'
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEFEA' } }

function fillTable(ws: ExcelJS.Worksheet, cols: readonly Column[], rows: Record<string, Cell>[]) {
  ws.columns = cols.map((col) => ({ header: header(col), key: col.key, width: Math.min(60, Math.max(12, header(col).length + 2)) }))
  ws.getRow(1).font = { bold: true }
  ws.getRow(1).fill = HEADER_FILL
  ws.views = [{ state: 'frozen', ySplit: 1 }]
  for (const r of rows) ws.addRow(Object.fromEntries(cols.map((col) => [col.key, r[col.key] ?? null])))
  // drop-downs for closed vocabularies (LibreOffice and Excel both honour list validation)
  const last = Math.max(rows.length + 1, 500)
  cols.forEach((col, i) => {
    if (!col.values) return
    for (let row = 2; row <= last; row++)
      ws.getCell(`${columnLetter(i)}${row}`).dataValidation = { type: 'list', allowBlank: !col.required, formulae: [`"${col.values.join(',')}"`] }
  })
}

function build(wb: Workbook | null): ExcelJS.Workbook {
  const book = new ExcelJS.Workbook()
  book.creator = 'Saisaat'
  const meta = book.addWorksheet(CATALOG_SHEET)
  meta.columns = [
    { header: 'field', key: 'field', width: 18 },
    { header: 'value', key: 'value', width: 80 },
    { header: 'คำอธิบาย / meaning', key: 'label', width: 40 },
  ]
  meta.getRow(1).font = { bold: true }
  meta.getRow(1).fill = HEADER_FILL
  for (const f of CATALOG_FIELDS) meta.addRow({ field: f.key, value: wb?.catalog[f.key] ?? null, label: f.th })
  for (const name of Object.keys(SHEETS) as SheetName[]) fillTable(book.addWorksheet(name), SHEETS[name], wb?.tables[name] ?? [])
  const readme = book.addWorksheet(README)
  readme.columns = [{ header: 'แผ่นงาน / sheet', width: 14 }, { header: 'คอลัมน์ / column', width: 40 }, { header: 'กฎ / rule', width: 90 }]
  readme.getRow(1).font = { bold: true }
  readme.addRow(['elements', '', 'หนึ่งแถวต่อหนึ่งองค์ประกอบ ข้อมูลของข้อ (ข้อ ชื่อข้อ ...) ต้องเหมือนกันทุกแถวของข้อเดียวกัน / one row per required element; criterion cells must be equal on every row of the same criterion'])
  for (const name of Object.keys(SHEETS) as SheetName[])
    for (const col of SHEETS[name] as readonly Column[])
      readme.addRow([name, header(col), [col.required ? 'จำเป็น / required' : 'ไม่บังคับ / optional', col.type, col.values ? col.values.join(', ') : ''].filter(Boolean).join(' · ')])
  return book
}

export async function catalogToXlsx(catalog: ItaCatalog): Promise<Buffer> {
  return Buffer.from(await build(catalogToWorkbook(catalog)).xlsx.writeBuffer())
}

/** The empty workbook administrators fill in. */
export async function catalogTemplateXlsx(): Promise<Buffer> {
  return Buffer.from(await build(null).xlsx.writeBuffer())
}

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
    return { ok: false, issues: [{ sheet: '—', row: 0, column: '—', message: bi('ไฟล์นี้ไม่ใช่เวิร์กบุ๊ก Excel (.xlsx) ที่อ่านได้', 'this file is not a readable Excel (.xlsx) workbook') }] }
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
        issues.push({ sheet: CATALOG_SHEET, row: i + 2, column: 'A (field)', message: bi(`ต้องเป็น ${f.key} (อย่าย้ายหรือลบแถว)`, `must be ${f.key} (do not move or delete rows)`) })
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
      if (h === null && !col.required && cols.slice(i).every((c, j) => !c.required && cellValue(head.getCell(i + j + 1).value) === null)) return
      if (h !== header(col))
        issues.push({ sheet: name, row: 1, column: `${columnLetter(i)} (${col.key})`, message: bi(`หัวคอลัมน์ต้องเป็น "${header(col)}"`, `the header must be "${header(col)}"`) })
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
