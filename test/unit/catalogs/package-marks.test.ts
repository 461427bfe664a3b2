import { describe, expect, it } from 'vitest'
import { indexPdfBody } from '#evidence/package/documents'
import { loadBuiltInCatalogs } from '#models/catalog/files.server'
import type { StoredCatalog } from '#models/catalog/catalog.server'
import { samplePackageContent } from '#test/support/package-content'

describe("the package index's criteria table", () => {
  it('marks each item that is not confirmed, and a placeholder as of unknown content', () => {
    const content = samplePackageContent()
    const built = loadBuiltInCatalogs().find((c) => c.key === 'ita-nacc-2569')!
    const ita = content.catalogs[0]
    ita.catalog = { ...ita.catalog, content: built } as StoredCatalog
    const titles: Record<string, string> = {
      O1: 'โครงสร้าง หน้าที่และอำนาจ',
      O2: 'ข้อมูลผู้บริหาร',
      O7: 'ข้อ O7 (ยังไม่ทราบเนื้อหา)',
    }
    ita.items = ita.items.slice(0, 7).map((i) => ({ ...i, titleTh: titles[i.code] ?? i.titleTh }))
    const html = indexPdfBody(content, { sections: [], fileCount: 0 })
    expect(html).toContain('<b>O1</b> โครงสร้าง หน้าที่และอำนาจ (จากแหล่งเดียว)')
    expect(html).toContain('<b>O2</b> ข้อมูลผู้บริหาร (ยังไม่ยืนยัน)')
    expect(html).toContain('<b>O7</b> ข้อ O7 (ยังไม่ทราบเนื้อหา) (ยังไม่ทราบเนื้อหา)')
    // a final catalog that states no confidence reads as confirmed: no marks
    const bare = JSON.parse(
      JSON.stringify(built, (k, v) => (['confidence', 'placeholder', 'provisional'].includes(k) ? undefined : v)),
    )
    ita.catalog = { ...ita.catalog, content: { ...bare, provisional: false } } as StoredCatalog
    expect(indexPdfBody(content, { sections: [], fileCount: 0 })).toContain('<b>O2</b> ข้อมูลผู้บริหาร</td>')
  })
})
