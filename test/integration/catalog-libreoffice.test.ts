/**
 * The Excel round-trip through a real spreadsheet program: LibreOffice Calc (headless) opens the
 * exported workbook and saves it with its own writer, as an agency's staff would after editing.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, describe, expect, it } from 'vitest'
import { catalogFromXlsx } from '#models/catalog/excel.server'
import { catalogToXlsx } from '#evidence/documents/catalog-workbook.server'
import { loadBuiltInCatalogs } from '#models/catalog/files.server'
import type { ItaCatalog } from '#models/catalog/schema'
import { SHEETS } from '#models/catalog/sheet'

const dir = mkdtempSync(path.join(tmpdir(), 'lo-test-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const itas = loadBuiltInCatalogs().filter((c): c is ItaCatalog => c.kind === 'ita')

/** Saves the workbook through LibreOffice: xlsx → ods → xlsx, both with LibreOffice's writers. */
function throughLibreOffice(bytes: Buffer, name: string): Buffer {
  const input = path.join(dir, `${name}.xlsx`)
  writeFileSync(input, bytes)
  const profile = `-env:UserInstallation=file://${path.join(dir, 'profile')}`
  const run = (args: string[]) =>
    execFileSync('soffice', [profile, '--headless', '--norestore', ...args, '--outdir', path.join(dir, 'out')], {
      stdio: 'pipe',
      timeout: 120_000,
    })
  run(['--convert-to', 'ods', input])
  run(['--convert-to', 'xlsx:Calc MS Excel 2007 XML', path.join(dir, 'out', `${name}.ods`)])
  return readFileSync(path.join(dir, 'out', `${name}.xlsx`))
}

describe('catalog workbooks saved by LibreOffice', () => {
  it.each(itas.map((c) => [c.key, c] as const))('%s comes back without loss', async (key, catalog) => {
    const saved = throughLibreOffice(await catalogToXlsx(catalog), key)
    expect(Buffer.compare(saved, await catalogToXlsx(catalog))).not.toBe(0) // really rewritten
    expect(await catalogFromXlsx(saved)).toEqual({ ok: true, catalog })
  })

  it('a workbook with a bad row is refused with the sheet, row and column named', async () => {
    const catalog = itas.find((c) => c.key === 'ita-nacc-2569')!
    const book = new ExcelJS.Workbook()
    await book.xlsx.load((await catalogToXlsx(catalog)) as unknown as ArrayBuffer)
    const column = SHEETS.elements.findIndex((c) => c.key === 'evidenceKind') + 1
    book.getWorksheet('elements')!.getRow(5).getCell(column).value = 'ภาพถ่าย'
    const saved = throughLibreOffice(Buffer.from(await book.xlsx.writeBuffer()), 'bad')
    const result = await catalogFromXlsx(saved)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.issues).toHaveLength(1)
    expect(result.issues[0]).toMatchObject({ sheet: 'elements', row: 5 })
  })
})
