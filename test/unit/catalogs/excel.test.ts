import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { catalogFromXlsx } from '#models/catalog/excel.server'
import { catalogTemplateXlsx, catalogToXlsx } from '#evidence/documents/catalog-workbook.server'
import { loadBuiltInCatalogs } from '#models/catalog/files.server'
import type { ItaCatalog } from '#models/catalog/schema'
import { describeIssue, SHEETS } from '#models/catalog/sheet'
import { localize } from '#models/errors'

const itas = loadBuiltInCatalogs().filter((c): c is ItaCatalog => c.kind === 'ita')

/** Opens a workbook, lets the test edit it as a person would in a spreadsheet, saves it again. */
async function edit(bytes: Buffer, change: (book: ExcelJS.Workbook) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(bytes as unknown as ArrayBuffer)
  change(book)
  return Buffer.from(await book.xlsx.writeBuffer())
}
const col = (key: string) => SHEETS.elements.findIndex((c) => c.key === key) + 1

describe('catalogs as Excel workbooks', () => {
  it.each(itas.map((c) => [c.key, c] as const))('round-trips %s without loss', async (_key, catalog) => {
    const result = await catalogFromXlsx(await catalogToXlsx(catalog))
    expect(result).toEqual({ ok: true, catalog })
  })

  it(
    'takes an edited workbook: a reworded criterion on every row of it, a new element row, numbers typed as ' + 'text',
    async () => {
      const catalog = itas.find((c) => c.key === 'ita-nacc-2569')!
      const edited = await edit(await catalogToXlsx(catalog), (book) => {
        const ws = book.getWorksheet('elements')!
        ws.eachRow((row, n) => {
          if (n > 1 && row.getCell(col('criterionCode')).value === 'O1')
            row.getCell(col('titleTh')).value = 'โครงสร้างและอำนาจหน้าที่ (ปรับปรุง)'
        })
        const copy = ws.getRow(2).values as ExcelJS.CellValue[]
        const added = ws.insertRow(3, copy)
        added.getCell(col('titleTh')).value = 'โครงสร้างและอำนาจหน้าที่ (ปรับปรุง)'
        added.getCell(col('elementId')).value = 'e9'
        added.getCell(col('textTh')).value = 'ทำเนียบผู้บริหาร ปั้น ญี่ปุ่น ฎีกา'
        added.getCell(col('minCount')).value = '2'
        added.getCell(col('fileTypes')).value = 'pdf,png'
      })
      const result = await catalogFromXlsx(edited)
      if (!result.ok) throw new Error(result.issues.map(describeIssue).join('\n'))
      const o1 = result.catalog.tools[2].indicators[0]
      if (o1.kind !== 'checklist') throw new Error('expected checklist')
      const criterion = o1.subIndicators[0].criteria[0]
      expect(criterion.title.th).toBe('โครงสร้างและอำนาจหน้าที่ (ปรับปรุง)')
      expect(criterion.elements[1]).toMatchObject({
        id: 'e9',
        text: { th: 'ทำเนียบผู้บริหาร ปั้น ญี่ปุ่น ฎีกา' },
        minCount: 2,
        fileTypes: ['pdf', 'png'],
      })
      expect(criterion.elements).toHaveLength(
        catalog.tools[2].indicators[0].kind === 'checklist'
          ? catalog.tools[2].indicators[0].subIndicators[0].criteria[0].elements.length + 1
          : 0,
      )
    },
  )

  it('refuses a workbook with a bad row, naming the sheet, row, column and rule', async () => {
    const catalog = itas.find((c) => c.key === 'ita-nacc-2568')!
    const bad = await edit(await catalogToXlsx(catalog), (book) => {
      book.getWorksheet('elements')!.getRow(7).getCell(col('evidenceKind')).value = 'photo'
      book.getWorksheet('elements')!.getRow(9).getCell(col('minCount')).value = 'สอง'
    })
    const result = await catalogFromXlsx(bad)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.issues).toEqual([
      {
        sheet: 'elements',
        row: 7,
        column: 'P (evidenceKind)',
        message: expect.stringMatching(/must be one of file, url, text/),
      },
      { sheet: 'elements', row: 9, column: 'Q (minCount)', message: expect.stringMatching(/must be a number/) },
    ])
    expect(localize(describeIssue(result.issues[0]), 'th')).toMatch(
      /^แผ่นงาน elements แถว 7 คอลัมน์ P \(evidenceKind\): ต้องเป็นค่าใดค่าหนึ่งใน/,
    )
  })

  it('maps a rule of the whole catalog back to the cell: a duplicated element id', async () => {
    const catalog = itas.find((c) => c.key === 'ita-nacc-2569')!
    const bad = await edit(await catalogToXlsx(catalog), (book) => {
      const ws = book.getWorksheet('elements')!
      ws.getRow(3).getCell(col('elementId')).value = ws.getRow(2).getCell(col('elementId')).value
    })
    const result = await catalogFromXlsx(bad)
    expect(result).toMatchObject({
      ok: false,
      issues: [
        { sheet: 'elements', row: 3, column: 'M (elementId)', message: expect.stringMatching(/duplicate code: e1/) },
      ],
    })
  })

  it('reports a criterion whose repeated cells disagree', async () => {
    const catalog = itas.find((c) => c.key === 'ita-nacc-2569')!
    const bad = await edit(await catalogToXlsx(catalog), (book) => {
      book.getWorksheet('elements')!.getRow(3).getCell(col('titleTh')).value = 'ชื่ออื่น'
    })
    expect(await catalogFromXlsx(bad)).toMatchObject({
      ok: false,
      issues: [
        { sheet: 'elements', row: 3, column: 'F (titleTh)', message: expect.stringMatching(/differs from row 2/) },
      ],
    })
  })

  it('offers a template whose headers the import accepts, and which asks for the required fields', async () => {
    const result = await catalogFromXlsx(await catalogTemplateXlsx())
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.issues.every((i) => !/header/.test(i.message))).toBe(true)
    expect(result.issues[0]).toMatchObject({
      sheet: 'catalog',
      row: 2,
      column: 'B (kind)',
      message: expect.stringMatching(/required/),
    })
  })

  it('refuses a file that is not a workbook', async () => {
    expect(await catalogFromXlsx(Buffer.from('not a zip'))).toMatchObject({
      ok: false,
      issues: [{ message: expect.stringMatching(/not a readable Excel/) }],
    })
  })
})
