import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { catalogFromXlsx } from '#models/catalog/excel.server'
import { catalogToXlsx } from '#evidence/documents/catalog-workbook.server'
import { loadBuiltInCatalogs } from '#models/catalog/files.server'
import { itaConfidence, listCriteria, parseCatalog, resolveConfidence, type ItaCatalog } from '#models/catalog/schema'
import { SHEETS } from '#models/catalog/sheet'

const builtIn = (key: string) => structuredClone(loadBuiltInCatalogs().find((c) => c.key === key)) as ItaCatalog

/** The catalog as an older export would have it: no confidence, placeholder, optional or related-catalog fields. */
function withoutNewFields(c: ItaCatalog): ItaCatalog {
  const { confidence: _a, weightsConfidence: _b, ...rest } = c
  const { confidence: _c, ...bands } = c.bands
  return JSON.parse(
    JSON.stringify({ ...rest, bands }, (k, v) =>
      ['confidence', 'placeholder', 'optional', 'relatedCatalogKey'].includes(k) ? undefined : v,
    ),
  )
}

describe('confidence in the catalog schema', () => {
  it(
    'is optional: older JSON parses, and absent confidence reads as unconfirmed in a provisional catalog, ' +
      'confirmed otherwise',
    () => {
      const old = withoutNewFields(builtIn('ita-nacc-2569'))
      const parsed = parseCatalog(old)
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues))
      expect(parsed.catalog).toEqual(old) // nothing is filled in on parse: stored documents stay as given
      const c = itaConfidence(parsed.catalog as ItaCatalog)
      expect([c.catalog, c.weights, c.bands, c.criteria.O1].map((x) => [x.level, x.explicit])).toEqual([
        ['unconfirmed', false],
        ['unconfirmed', false],
        ['unconfirmed', false],
        ['unconfirmed', false],
      ])
      const final = { ...old, provisional: false }
      expect(itaConfidence(final).weights.level).toBe('confirmed')
      // a criterion flagged provisional is unconfirmed even in a final catalog
      expect(resolveConfidence(final, undefined, { provisional: true }).level).toBe('unconfirmed')
      expect(resolveConfidence(final, undefined, {}).note.en).toMatch(/not marked provisional/)
    },
  )

  it('keeps what a catalog states, and lists its placeholders', () => {
    const c = itaConfidence(builtIn('ita-nacc-2569'))
    expect(c.criteria.O5).toMatchObject({ level: 'one-source', explicit: true })
    expect(c.placeholders).toEqual(['O7'])
  })

  it(
    'refuses an unknown level, a level without its source note, a confirmed placeholder and a criterion whose ' +
      'elements are all optional',
    () => {
      const c = builtIn('ita-nacc-2569')
      const o7 = listCriteria(c).find((x) => x.criterion.code === 'O7')!.criterion
      const o1 = listCriteria(c).find((x) => x.criterion.code === 'O1')!.criterion
      o7.confidence = { level: 'confirmed', note: { th: 'ยืนยัน' } }
      o1.elements.forEach((e) => (e.optional = true))
      ;(c as { weightsConfidence: unknown }).weightsConfidence = { level: 'sure', note: { th: 'x' } }
      ;(c.bands as { confidence: unknown }).confidence = { level: 'confirmed' }
      const r = parseCatalog(c)
      expect(r.ok).toBe(false)
      if (r.ok) return
      expect(r.issues).toEqual(
        expect.arrayContaining([
          { path: 'weightsConfidence.level', message: expect.stringMatching(/not an allowed value: "sure"/) },
          { path: 'bands.confidence.note', message: expect.stringMatching(/required/) },
        ]),
      )
      // the cross-field rules run once the shape is valid
      delete (c as { weightsConfidence?: unknown }).weightsConfidence
      delete (c.bands as { confidence?: unknown }).confidence
      const again = parseCatalog(c)
      expect(again.ok ? [] : again.issues.map((i) => i.message)).toEqual([
        expect.stringMatching(/needs at least one required \(not optional\) element/), // O1
        expect.stringMatching(/a placeholder cannot be confirmed/), // O7
      ])
    },
  )
})

describe('confidence in Excel workbooks', () => {
  it('imports a workbook exported before the confidence columns existed, as a catalog without them', async () => {
    const old = withoutNewFields(builtIn('ita-nacc-2568'))
    const book = new ExcelJS.Workbook()
    await book.xlsx.load((await catalogToXlsx(old)) as unknown as ArrayBuffer)
    // drop the appended columns and rows, as an older export had none of them
    const first = SHEETS.elements.findIndex((c) => c.key === 'elementOptional') + 1
    book.getWorksheet('elements')!.spliceColumns(first, SHEETS.elements.length - first + 1)
    const meta = book.getWorksheet('catalog')!
    meta.spliceRows(meta.actualRowCount - 8, 9)
    const result = await catalogFromXlsx(Buffer.from(await book.xlsx.writeBuffer()))
    expect(result).toEqual({ ok: true, catalog: old })
  })

  it('names the cell of a confidence level typed without its source note', async () => {
    const book = new ExcelJS.Workbook()
    await book.xlsx.load((await catalogToXlsx(builtIn('ita-nacc-2569'))) as unknown as ArrayBuffer)
    const ws = book.getWorksheet('elements')!
    const col = (key: string) => SHEETS.elements.findIndex((c) => c.key === key) + 1
    ws.eachRow((row, n) => {
      if (n > 1 && row.getCell(col('criterionCode')).value === 'O2') {
        row.getCell(col('criterionConfidenceNoteTh')).value = null
        row.getCell(col('criterionConfidenceNoteEn')).value = null
      }
    })
    const result = await catalogFromXlsx(Buffer.from(await book.xlsx.writeBuffer()))
    expect(result).toMatchObject({
      ok: false,
      issues: [
        {
          sheet: 'elements',
          column: expect.stringMatching(/criterionConfidenceNoteTh/),
          message: expect.stringMatching(/required/),
        },
      ],
    })
  })
})
