/**
 * The one workbook helper every generated Excel file goes through (exceljs): the workbook with its creator, the
 * header row style (bold on a light fill), solid fills, the titled Thai report sheet (TH Sarabun New, a merged
 * title row over a bordered header row) and the bytes. Dates in cells are formatted by models/dates (Buddhist era).
 */
import ExcelJS from 'exceljs'
import { formatDate } from '#models/dates'

export type { ExcelJS }

/** The fill of header rows in the catalog and completeness workbooks. */
export const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEFEA' } }

export const solidFill = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } })

/** A new workbook signed by the app; `created` pins its creation time (the data's time, not the download's). */
export function newWorkbook(created?: Date): ExcelJS.Workbook {
  const book = new ExcelJS.Workbook()
  book.creator = 'Saisaat'
  if (created) book.created = created
  return book
}

/** Styles a header row: bold, on the header fill unless `fill` is null. */
export function headerRow<R extends ExcelJS.Row>(row: R, fill: ExcelJS.Fill | null = HEADER_FILL): R {
  row.font = { bold: true }
  if (fill) row.fill = fill
  return row
}

/** A Bangkok date in the Buddhist era, as Thai readers write it ("22 พ.ย. 2569"); null stays an empty cell. */
export const thaiDate = (value: Date | string | null | undefined): string | null =>
  value ? formatDate(value, 'th') : null

export async function workbookBytes(book: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await book.xlsx.writeBuffer())
}

const FONT = 'TH Sarabun New'

export type ReportColumn = { header: string; width: number; numFmt?: string }

/** A sheet of a Thai report form: the title merged over the columns, then the bordered header, then the rows. */
export function reportSheet(
  book: ExcelJS.Workbook,
  name: string,
  title: string,
  columns: ReportColumn[],
  rows: (string | number | null)[][],
): ExcelJS.Worksheet {
  const ws = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 2 }] })
  ws.columns = columns.map((c) => ({
    width: c.width,
    style: {
      font: { name: FONT, size: 14 },
      alignment: { vertical: 'top', wrapText: true },
      ...(c.numFmt ? { numFmt: c.numFmt } : {}),
    },
  }))
  const head = ws.addRow([title])
  head.font = { name: FONT, size: 16, bold: true }
  ws.mergeCells(1, 1, 1, columns.length)
  const header = ws.addRow(columns.map((c) => c.header))
  header.eachCell((cell) => {
    cell.font = { name: FONT, size: 14, bold: true }
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true }
    cell.fill = solidFill('FFF0F0F0')
    cell.border = {
      top: { style: 'thin' },
      bottom: { style: 'thin' },
      left: { style: 'thin' },
      right: { style: 'thin' },
    }
  })
  for (const r of rows) ws.addRow(r)
  return ws
}
