import { describe, expect, it } from 'vitest'
import { loadBuiltInCatalogs } from '#models/catalog/files.server'
import { nextYearBuiltIn } from '#models/catalog/next-year'
import { listCriteria, type Catalog, type ItaCatalog } from '#models/catalog/schema'
import { shiftCatalogYear, shiftYearsInText, shiftedKey } from '#models/catalog/year-shift'

const builtIns = loadBuiltInCatalogs()
const byKey = (key: string) => builtIns.find((c) => c.key === key)!

describe('the year shift', () => {
  it.each([
    ['ประจำปีงบประมาณ พ.ศ. 2569', 'ประจำปีงบประมาณ พ.ศ. 2570'],
    ['ตุลาคม 2567 – กันยายน 2568', 'ตุลาคม 2568 – กันยายน 2569'],
    ['Monthly procurement summary, FY2569', 'Monthly procurement summary, FY2570'],
    ['ปีงบประมาณ พ.ศ. ๒๕๖๘', 'ปีงบประมาณ พ.ศ. ๒๕๖๙'],
    // laws keep their years: far from the catalog's year
    ['พระราชบัญญัติข้อมูลข่าวสารของราชการ พ.ศ. ๒๕๔๐', 'พระราชบัญญัติข้อมูลข่าวสารของราชการ พ.ศ. ๒๕๔๐'],
    ['ระเบียบว่าด้วยการพัสดุ พ.ศ. 2560', 'ระเบียบว่าด้วยการพัสดุ พ.ศ. 2560'],
    // not years: amounts, parts of longer numbers, decimals
    ['วงเงิน 12569 บาท', 'วงเงิน 12569 บาท'],
    ['2,569 บาท', '2,569 บาท'],
    ['ข้อ 2569.5', 'ข้อ 2569.5'],
    ['12 เดือน', '12 เดือน'],
  ])('%s → %s', (before, after) => {
    expect(shiftYearsInText(before, 2569, 1)).toBe(after)
  })

  it('moves the key and fiscal year, keeps codes, ids and source notes, and lists what changed', () => {
    const from = byKey('ita-nacc-2569') as ItaCatalog
    const { catalog, changes } = shiftCatalogYear(from)
    expect(catalog.key).toBe('ita-nacc-2570')
    expect(catalog.fiscalYear).toBe(2570)
    expect(catalog.provenance).toEqual(from.provenance)
    const codes = (c: Catalog) =>
      listCriteria(c as ItaCatalog).map((x) => [x.criterion.code, x.criterion.elements.map((e) => [e.id, e.period])])
    expect(codes(catalog)).toEqual(codes(from))
    const o11 = changes.find((c) => c.itemCode === 'O11' && c.path.endsWith('title.th'))!
    expect(o11.before).toContain('2569')
    expect(o11.after).toContain('2570')
    expect(changes.every((c) => c.before !== c.after)).toBe(true)
    expect(changes.some((c) => /(^|\.)note\.|provenance/.test(c.path))).toBe(false)
  })

  it('names a key without a year by appending the new one', () => {
    expect(shiftedKey('ita-nacc-2569', 2569, 2570)).toBe('ita-nacc-2570')
    expect(shiftedKey('kpi-agreement-integrity-template', 2569, 2570)).toBe('kpi-agreement-integrity-template-2570')
  })
})

describe('the built-in ITA 2570', () => {
  it(
    'is exactly the year shift of the built-in 2569 (run `npm run ' + 'catalogs:next-year` after changing 2569)',
    () => {
      expect(byKey('ita-nacc-2570')).toEqual(nextYearBuiltIn(byKey('ita-nacc-2569')))
    },
  )
  it('is provisional, for 2570, and says the NACC 2570 framework was not yet published', () => {
    const c = byKey('ita-nacc-2570')
    expect([c.fiscalYear, c.status, c.provisional]).toEqual([2570, 'published', true])
    expect(c.provenance.th).toContain('ยังไม่ได้เผยแพร่กรอบการประเมิน ITA 2570')
    expect(c.provenance.en).toContain('had not yet published the ITA 2570 framework')
  })
})

describe('confidence of a year NACC has not published', () => {
  it('is unconfirmed everywhere in the built-in 2570, each note saying what was known for 2569', () => {
    const text = JSON.stringify(byKey('ita-nacc-2570'))
    expect(text).not.toMatch(/"level":"(confirmed|one-source)"/)
    expect(JSON.stringify(byKey('ita-nacc-2569'))).toMatch(/"level":"one-source"/)
    expect(text).toContain('ปี 2569: จากแหล่งเดียว')
  })
})
