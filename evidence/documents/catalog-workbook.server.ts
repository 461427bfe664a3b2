/**
 * ITA catalogs as Excel workbooks to download: the export of a catalog and the empty template administrators fill
 * in. The layout (sheets, columns, headers) comes from models/catalog/sheet.ts, which models/catalog/excel.server.ts
 * reads uploads back with.
 */
import { getCatalog } from '#models/catalog/catalog.server'
import {
  CATALOG_FIELDS,
  CATALOG_SHEET,
  catalogToWorkbook,
  columnLetter,
  header,
  SHEETS,
  type Cell,
  type Column,
  type SheetName,
  type Workbook,
} from '#models/catalog/sheet'
import type { ItaCatalog } from '#models/catalog/schema'
import { AppError, bi, notFound } from '#models/errors'
import { headerRow, newWorkbook, workbookBytes, type ExcelJS } from '#evidence/documents/workbook.server'

const README = 'README'

function fillTable(ws: ExcelJS.Worksheet, cols: readonly Column[], rows: Record<string, Cell>[]) {
  ws.columns = cols.map((col) => ({
    header: header(col),
    key: col.key,
    width: Math.min(60, Math.max(12, header(col).length + 2)),
  }))
  headerRow(ws.getRow(1))
  ws.views = [{ state: 'frozen', ySplit: 1 }]
  for (const r of rows) ws.addRow(Object.fromEntries(cols.map((col) => [col.key, r[col.key] ?? null])))
  // drop-downs for closed vocabularies (LibreOffice and Excel both honour list validation)
  const last = Math.max(rows.length + 1, 500)
  cols.forEach((col, i) => {
    if (!col.values) return
    for (let row = 2; row <= last; row++)
      ws.getCell(`${columnLetter(i)}${row}`).dataValidation = {
        type: 'list',
        allowBlank: !col.required,
        formulae: [`"${col.values.join(',')}"`],
      }
  })
}

function build(wb: Workbook | null): ExcelJS.Workbook {
  const book = newWorkbook()
  const meta = book.addWorksheet(CATALOG_SHEET)
  meta.columns = [
    { header: 'field', key: 'field', width: 18 },
    { header: 'value', key: 'value', width: 80 },
    { header: 'คำอธิบาย / meaning', key: 'label', width: 40 },
  ]
  headerRow(meta.getRow(1))
  for (const f of CATALOG_FIELDS) meta.addRow({ field: f.key, value: wb?.catalog[f.key] ?? null, label: f.th })
  for (const name of Object.keys(SHEETS) as SheetName[])
    fillTable(book.addWorksheet(name), SHEETS[name], wb?.tables[name] ?? [])
  const readme = book.addWorksheet(README)
  readme.columns = [
    { header: 'แผ่นงาน / sheet', width: 14 },
    { header: 'คอลัมน์ / column', width: 40 },
    { header: 'กฎ / rule', width: 90 },
  ]
  headerRow(readme.getRow(1), null)
  readme.addRow([
    'elements',
    '',
    'หนึ่งแถวต่อหนึ่งองค์ประกอบ ข้อมูลของข้อ (ข้อ ชื่อข้อ ' +
      '...) ต้องเหมือนกันทุกแถวของข้อเดียวกัน / one row per ' +
      'required element; criterion cells must be equal on ' +
      'every row of the same criterion',
  ])
  for (const name of Object.keys(SHEETS) as SheetName[])
    for (const col of SHEETS[name] as readonly Column[])
      readme.addRow([
        name,
        header(col),
        [col.required ? 'จำเป็น / required' : 'ไม่บังคับ / optional', col.type, col.values ? col.values.join(', ') : '']
          .filter(Boolean)
          .join(' · '),
      ])
  return book
}

export async function catalogToXlsx(catalog: ItaCatalog): Promise<Buffer> {
  return workbookBytes(build(catalogToWorkbook(catalog)))
}

/** The empty workbook administrators fill in. */
export async function catalogTemplateXlsx(): Promise<Buffer> {
  return workbookBytes(build(null))
}

/** A catalog as a file to download: JSON for every kind, Excel for ITA catalogs. */
export async function exportCatalogFile(
  organizationId: string,
  catalogId: string,
  format: 'json' | 'xlsx',
): Promise<{ fileName: string; bytes: Buffer }> {
  const c = await getCatalog(organizationId, catalogId)
  if (!c) throw notFound()
  const base = `${c.key}-v${c.version}`
  if (format === 'json') return { fileName: `${base}.json`, bytes: Buffer.from(JSON.stringify(c.content, null, 2)) }
  if (c.content.kind !== 'ita' && c.content.kind !== 'ita-variant')
    throw new AppError(
      bi('Excel ใช้ได้กับแค็ตตาล็อก ITA เท่านั้น กรุณาใช้ JSON', 'Excel is available for ITA catalogs only; please use JSON'),
      400,
    )
  return { fileName: `${base}.xlsx`, bytes: await catalogToXlsx(c.content) }
}

export async function catalogTemplateFile(): Promise<{ fileName: string; bytes: Buffer }> {
  return { fileName: 'แม่แบบแค็ตตาล็อก-ITA-template.xlsx', bytes: await catalogTemplateXlsx() }
}
