/**
 * index.pdf of a submission package, rendered by Chromium and read back with pdftotext: the
 * memo counts the criteria of the table it refers to, and the cover, memo and table write their
 * numbers in Thai digits throughout, as the memo always did.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { indexPdfBody } from '#evidence/package/documents'
import { PDF_FONT_FAMILY, thaiFontCss, withPdfRenderer } from '#evidence/documents/pdf.server'
import { reportDocument } from '#evidence/documents/document'
import { samplePackageContent } from '#test/support/package-content'

const dir = mkdtempSync(path.join(tmpdir(), 'package-index-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const content = samplePackageContent()
let file: string
const pages = (first: number, last?: number) =>
  execFileSync('pdftotext', ['-f', String(first), ...(last ? ['-l', String(last)] : []), file, '-'], {
    encoding: 'utf8',
  })
const squash = (s: string) => s.replace(/\s+/g, '')

beforeAll(async () => {
  const html = reportDocument(indexPdfBody(content, { sections: [], fileCount: 16 }), {
    title: 'index',
    fontCss: thaiFontCss(),
    fontFamily: PDF_FONT_FAMILY,
  })
  const pdf = await withPdfRenderer((r) => r.render(html, content.generatedAt))
  file = path.join(dir, 'index.pdf')
  writeFileSync(file, pdf)
})

describe('index.pdf', () => {
  it('counts in the memo the approved criteria of the table, out of the criteria in it', () => {
    const all = pages(1)
    // the criteria table: one row per OIT criterion, each starting with its code
    const inTable = content.catalogs[0].items.filter((i) => squash(all).includes(squash(`${i.code} ${i.titleTh}`)))
    expect(inTable).toHaveLength(23)
    const approved = content.catalogs[0].items.filter((i) => i.status === 'approved').length
    expect(approved).toBe(15)
    expect(squash(pages(2, 2))).toContain(squash('จำนวน ๑๕ ข้อ จากทั้งหมด ๒๓ ข้อ รวม ๑๖ ไฟล์'))
  })

  it('writes every number of the cover and the memo in Thai digits', () => {
    const coverAndMemo = pages(1, 2)
    expect(coverAndMemo).toContain('จัดทำจากข้อมูล ณ ๒ ธ.ค. ๒๕๖๙ ๑๑:๐๕')
    expect(coverAndMemo).toContain('ประจำปีงบประมาณ พ.ศ. ๒๕๖๙')
    // SHA-256 is the name of the hash, not a number
    expect(coverAndMemo.replace(/SHA-?\s*256/g, '').match(/[0-9]+/g)).toBeNull()
  })

  it('writes the table heading and approval dates in Thai digits too', () => {
    const table = pages(3)
    expect(table).toContain('แบบตรวจ OIT ปี ๒๕๖๙')
    expect(table).toContain('๒๐ พ.ย. ๒๕๖๙')
    expect(table).not.toMatch(/\b20 พ\.ย\. 2569/)
  })
})
