/**
 * index.pdf says how sure each criterion is: rendered by Chromium from the built-in ITA 2569
 * catalog (O2 unconfirmed, O7 of unknown content, O1 from one source) and read back with
 * pdftotext, each criterion's title carries its mark; a criterion confirmed against the manual
 * carries none.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PackageContent, PackageItem } from '#evidence/package/content.server'
import { indexPdfBody } from '#evidence/package/documents'
import { PDF_FONT_FAMILY, thaiFontCss, withPdfRenderer } from '#evidence/documents/pdf.server'
import { reportDocument } from '#evidence/documents/document'
import { listCriteria, type ItaCatalog } from '#models/catalog/schema'
import { builtInCatalogs, type StoredCatalog } from '#models/catalog/catalog.server'
import type { Organization } from '#models/tenancy/organization.server'

const dir = mkdtempSync(path.join(tmpdir(), 'package-index-confidence-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const squash = (s: string) => s.replace(/\s+/g, '')

// the built-in 2569 catalog, with O3 confirmed as an organization would after checking the manual
const builtIn = builtInCatalogs().find((c) => c.key === 'ita-nacc-2569') as ItaCatalog
const content: ItaCatalog = structuredClone(builtIn)
for (const { criterion } of listCriteria(content))
  if (criterion.code === 'O3')
    criterion.confidence = { level: 'confirmed', note: { th: 'ตรงกับคู่มือฉบับเผยแพร่', en: 'matches the published manual' } }
const titles = Object.fromEntries(listCriteria(content).map(({ criterion }) => [criterion.code, criterion.title.th]))
const CODES = ['O1', 'O2', 'O3', 'O7']

let text: string
beforeAll(async () => {
  const catalog = {
    id: 'c2569',
    key: content.key,
    kind: 'ita',
    nameTh: 'ITA 2569',
    version: 1,
    fiscalYear: 2569,
    content,
  } as unknown as StoredCatalog
  const items: (PackageItem & { group: string })[] = CODES.map((code) => ({
    catalogId: 'c2569',
    catalogKey: content.key,
    code,
    titleTh: titles[code],
    status: 'in-progress',
    folder: `OIT/${code}`,
    group: 'OIT',
    approvedByName: '',
    approvedAt: null,
    elements: [],
  }))
  const pkg: PackageContent = {
    organization: { id: 'org', code: 'sample', nameTh: 'กรมตัวอย่าง', nameEn: 'Sample Department' } as Organization,
    fiscalYear: 2569,
    round: 12,
    catalogs: [{ catalog, items }],
    generatedAt: new Date('2026-12-02T04:05:00.000Z'),
  }
  const html = reportDocument(indexPdfBody(pkg, { sections: [], fileCount: 0 }), {
    title: 'index',
    fontCss: thaiFontCss(),
    fontFamily: PDF_FONT_FAMILY,
  })
  const file = path.join(dir, 'index.pdf')
  writeFileSync(file, await withPdfRenderer((r) => r.render(html, pkg.generatedAt)))
  // the criteria table: from the third page on (cover, memo)
  text = squash(execFileSync('pdftotext', ['-f', '3', file, '-'], { encoding: 'utf8' }))
})

describe('index.pdf marks how sure each criterion is', () => {
  it('marks unconfirmed, unknown and one-source criteria next to their titles', () => {
    expect(text).toContain(squash(`O2 ${titles.O2} (ยังไม่ยืนยัน)`))
    expect(text).toContain(squash(`O7 ${titles.O7} (ยังไม่ทราบเนื้อหา)`))
    expect(text).toContain(squash(`O1 ${titles.O1} (จากแหล่งเดียว)`))
  })

  it('marks nothing next to a confirmed criterion', () => {
    expect(text).toContain(squash(`O3 ${titles.O3}`))
    expect(text).not.toContain(squash(`O3 ${titles.O3} (`))
  })
})
