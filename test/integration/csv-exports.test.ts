/**
 * Every CSV the app writes (the audit trail, the package's itas-links.csv) read back by
 * csv-parse and by a real spreadsheet program (LibreOffice Calc, headless): the same rows, a
 * criterion's several URLs in one cell, and no cell that the spreadsheet runs as a formula.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { itasLinksCsv } from '#evidence/package/documents'
import { recordAudit } from '#models/tenancy/audit.server'
import type { TestOrg } from '#test/support/fixtures'
import { provide, release, sessionCookie } from '#test/support/kit'
import { samplePackageContent } from '#test/support/package-content'
import { testEnv } from '#test/support/services'

const dir = mkdtempSync(path.join(tmpdir(), 'csv-test-'))
let org: TestOrg
let cookie: string

const FORMULA_LEAD = /^[=+\-@\t\r]/

beforeAll(async () => {
  Object.assign(process.env, testEnv())
  ;({ org } = await provide({ org: 'csv' }))
  cookie = await sessionCookie(org.organization.id, org.people.admin.id)
})
afterAll(async () => {
  await release()
  rmSync(dir, { recursive: true, force: true })
})

const readCsv = (text: string) => parse(text, { bom: true }) as string[][]

/**
 * The CSV opened by LibreOffice Calc (UTF-8, comma, quotes) and saved as xlsx: each cell as shown, and whether it is a
 * formula.
 */
async function throughLibreOffice(text: string, name: string): Promise<{ rows: string[][]; formulas: number }> {
  const input = path.join(dir, `${name}.csv`)
  writeFileSync(input, text)
  const profile = `-env:UserInstallation=file://${path.join(dir, 'profile')}`
  execFileSync(
    'soffice',
    [
      profile,
      '--headless',
      '--norestore',
      '--infilter=CSV:44,34,76,1,,1033,false,false',
      '--convert-to',
      'xlsx',
      '--outdir',
      path.join(dir, 'out'),
      input,
    ],
    { stdio: 'pipe', timeout: 120_000 },
  )
  const book = new ExcelJS.Workbook()
  await book.xlsx.readFile(path.join(dir, 'out', `${name}.xlsx`))
  const sheet = book.worksheets[0]
  const rows: string[][] = []
  let formulas = 0
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const cells: string[] = []
    for (let c = 1; c <= sheet.columnCount; c++) {
      const cell = row.getCell(c)
      if (cell.formula) formulas++
      cells.push(cell.text)
    }
    rows.push(cells)
  })
  return { rows, formulas }
}

describe('itas-links.csv', () => {
  const csv = itasLinksCsv(samplePackageContent())

  it('has one row per criterion, several URLs in one cell, formula-like text neutralised', async () => {
    expect(csv.startsWith('\ufeff')).toBe(true)
    const rows = readCsv(csv)
    expect(rows).toHaveLength(1 + 23)
    expect(rows[1].slice(0, 3)).toEqual([
      'O1',
      'โครงสร้าง หน้าที่และอำนาจ',
      'https://www.example.go.th/about\nhttps://www.example.go.th/org\nhttps://www.example.go.th/duty',
    ])
    expect(rows[3].slice(0, 3)).toEqual([
      'O3',
      'อำนาจหน้าที่ "ตามกฎหมาย", และภารกิจ',
      'https://www.example.go.th/law?a=1,2',
    ])
    expect(rows[2][1]).toBe(`'=HYPERLINK("https://evil.example","ข้อมูลผู้บริหาร")`)
    expect(rows[2][3]).toMatch(/^อนุมัติโดย @ผู้ตรวจ \+1 เมื่อ /)
    expect(rows.flat().filter((cell) => FORMULA_LEAD.test(cell))).toEqual([])
  })

  it('reads the same in Python, whose reader ends a row at any line break outside quotes', () => {
    const input = path.join(dir, 'itas-links-python.csv')
    writeFileSync(input, csv)
    const script =
      'import csv, json, sys\nwith open(sys.argv[1], encoding="utf-8-sig", newline="") as f: ' +
      'print(json.dumps(list(csv.reader(f))))'
    expect(JSON.parse(execFileSync('python3', ['-c', script, input], { encoding: 'utf8' }))).toEqual(readCsv(csv))
  })

  it('reads the same in LibreOffice Calc, with no formula', async () => {
    const calc = await throughLibreOffice(csv, 'itas-links')
    // a bare line feed between two URLs must not start a new row
    expect(calc.rows).toHaveLength(1 + 23)
    expect(calc.formulas).toBe(0)
    expect(calc.rows).toEqual(readCsv(csv))
  })
})

describe('the audit trail CSV', () => {
  it('keeps each event on one row, in csv-parse and LibreOffice, with user text neutralised', async () => {
    const actor = {
      organizationId: org.organization.id,
      userId: org.people.admin.id,
      userName: '=cmd|" /C calc"!A0',
      ip: '127.0.0.1',
      userAgent: '@SUM(1+1)*cmd',
    }
    await recordAudit(actor, {
      action: 'unit.update',
      targetType: 'unit',
      targetId: org.units[0].id,
      targetLabel: '+กองคลัง\nบรรทัดสอง, "คำพูด"',
      changes: { nameTh: { before: 'ก', after: '-ข' } },
    })
    const { loader } = await import('#app/routes/admin.audit[.csv]')
    const response = await loader({
      request: new Request('http://app.test/admin/audit.csv', { headers: { Cookie: cookie } }),
      params: {},
      context: {},
    } as never)
    expect(response.status).toBe(200)
    const text = await response.text()
    const rows = readCsv(text)
    const header = rows[0]
    expect(header[0]).toBe('เวลา (พ.ศ.) / time (BE)')
    const row = rows.find((r) => r[3] === 'unit.update')!
    expect(row[2]).toBe(`'=cmd|" /C calc"!A0`)
    expect(row[6]).toBe(`'+กองคลัง\nบรรทัดสอง, "คำพูด"`)
    expect(row[9]).toBe(`'@SUM(1+1)*cmd`)
    expect(rows.every((r) => r.length === header.length)).toBe(true)
    expect(rows.flat().filter((cell) => FORMULA_LEAD.test(cell))).toEqual([])

    const calc = await throughLibreOffice(text, 'audit')
    expect(calc.formulas).toBe(0)
    expect(calc.rows).toEqual(rows)
  })
})
