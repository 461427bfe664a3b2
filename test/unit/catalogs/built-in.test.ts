import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { BUILT_IN_CATALOG_DIR, loadBuiltInCatalogs } from '#models/catalog/files.server'
import { listCriteria, parseCatalog, type Catalog, type ItaCatalog } from '#models/catalog/schema'

const catalogs = loadBuiltInCatalogs()
const byKey = (key: string) => {
  const c = catalogs.find((x) => x.key === key)
  if (!c) throw new Error(`missing built-in catalog ${key}`)
  return c
}
const ita = (key: string) => {
  const c = byKey(key)
  if (c.kind !== 'ita') throw new Error(`${key} is not an ITA catalog`)
  return c
}
const codes = (c: ItaCatalog, sub: string) =>
  listCriteria(c)
    .filter((x) => x.subIndicator.code === sub)
    .map((x) => x.criterion.code)
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `O${from + i}`)

describe('built-in catalogs', () => {
  it('all load and validate, one per file, named by their key', () => {
    expect(catalogs.map((c) => c.key)).toEqual([
      'improvement-measures-template',
      'integrity-policy-plan',
      'ita-nacc-2566',
      'ita-nacc-2568',
      'ita-nacc-2569',
      'ita-nacc-2570',
      'kpi-agreement-integrity-template',
    ])
  })

  it.each(catalogs.map((c) => [c.key, c] as const))(
    '%s round-trips through parse → JSON → ' + 'parse unchanged',
    (key, catalog) => {
      const file = readFileSync(path.join(BUILT_IN_CATALOG_DIR, `${key}.json`), 'utf8')
      const again = parseCatalog(JSON.parse(JSON.stringify(catalog)))
      expect(again).toEqual({ ok: true, catalog })
      // The files are exactly what export writes (2-space JSON in schema key order), so a
      // re-export of an unchanged catalog produces no diff.
      expect(JSON.stringify(catalog, null, 2) + '\n').toBe(file)
    },
  )
})

describe('ITA 2566', () => {
  const c = ita('ita-nacc-2566')

  it('is final, with IIT 30 / EIT 30 / OIT 40 and letter bands AA–F', () => {
    expect(c.provisional).toBe(false)
    expect(c.fiscalYear).toBe(2566)
    expect(c.tools.map((t) => [t.code, t.weight])).toEqual([
      ['IIT', 30],
      ['EIT', 30],
      ['OIT', 40],
    ])
    expect(c.bands.scheme).toBe('letter')
    expect(c.bands.levels.map((b) => [b.code, b.minTotal])).toEqual([
      ['AA', 95],
      ['A', 85],
      ['B', 75],
      ['C', 65],
      ['D', 55],
      ['E', 50],
      ['F', 0],
    ])
  })

  it('has survey indicators 1–5 (IIT) and 6–8 (EIT)', () => {
    const numbers = (code: string) => c.tools.find((t) => t.code === code)!.indicators.map((i) => [i.number, i.kind])
    expect(numbers('IIT')).toEqual([1, 2, 3, 4, 5].map((n) => [n, 'survey']))
    expect(numbers('EIT')).toEqual([6, 7, 8].map((n) => [n, 'survey']))
  })

  it('has exactly 43 OIT criteria in indicators 9 and 10 with the 2566 sub-indicator boundaries', () => {
    const all = listCriteria(c)
    expect(all).toHaveLength(43)
    expect(all.map((x) => x.criterion.code)).toEqual(range(1, 43))
    expect(all.every((x) => x.tool.code === 'OIT')).toBe(true)
    expect(all.filter((x) => x.indicator.number === 9)).toHaveLength(30)
    expect(all.filter((x) => x.indicator.number === 10)).toHaveLength(13)
    expect(codes(c, '9.1')).toEqual(range(1, 10))
    expect(codes(c, '9.2')).toEqual(range(11, 18))
    expect(codes(c, '9.3')).toEqual(range(19, 22))
    expect(codes(c, '9.4')).toEqual(range(23, 26))
    expect(codes(c, '9.5')).toEqual(range(27, 30))
    expect(codes(c, '10.1')).toEqual(range(31, 41))
    expect(codes(c, '10.2')).toEqual(range(42, 43))
  })

  it('quotes the element lines the reference gives', () => {
    const o2 = listCriteria(c).find((x) => x.criterion.code === 'O2')!.criterion
    expect(o2.elements.map((e) => e.text.th)).toContain('ผู้บริหารแต่ละคนมีรูปถ่าย')
    const o19 = listCriteria(c).find((x) => x.criterion.code === 'O19')!.criterion
    expect(o19.provisional).toBeUndefined()
    expect(o19.elements.map((e) => e.period)).toContain('current-fy')
    // Every item is answered in ITAS with a link to the agency's website.
    expect(listCriteria(c).every((x) => x.criterion.elements.some((e) => e.evidenceKind === 'url'))).toBe(true)
  })
})

describe('ITA 2568 and 2569', () => {
  it.each(['ita-nacc-2568', 'ita-nacc-2569'])('%s is provisional, says why, and uses the rating bands', (key) => {
    const c = ita(key)
    expect(c.provisional).toBe(true)
    expect(c.provenance.en).toMatch(/unconfirmed|not been read/)
    expect(c.bands.scheme).toBe('rating')
    expect(c.bands.levels.map((b) => [b.label.th, b.minTotal, b.minEveryTool])).toEqual([
      ['ผ่านดีเยี่ยม', 95, 95],
      ['ผ่านดี', 85, 85],
      ['ผ่าน', 85, undefined],
      ['ต้องปรับปรุง', 70, undefined],
      ['ต้องปรับปรุงโดยด่วน', 0, undefined],
    ])
  })

  it('holds every item the reference knows for each year, O7 as a placeholder', () => {
    expect(listCriteria(ita('ita-nacc-2568')).map((x) => x.criterion.code)).toEqual(range(1, 26))
    expect(listCriteria(ita('ita-nacc-2569')).map((x) => x.criterion.code)).toEqual(range(1, 26))
    const o25 = listCriteria(ita('ita-nacc-2569')).find((x) => x.criterion.code === 'O25')!.criterion
    expect(o25.title.th).toBe('การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร')
  })
})

describe('ITA 2568 and 2569: the corrections of the reference update (§9)', () => {
  const find = (key: string, code: string) => listCriteria(ita(key)).find((x) => x.criterion.code === code)!
  const years = ['ita-nacc-2568', 'ita-nacc-2569']

  it.each(years)(
    '%s: O5 strategic plan in 9.1, O6 operation plan and O7 ' + 'placeholder in 9.2, placement unconfirmed',
    (key) => {
      const o5 = find(key, 'O5')
      expect([o5.subIndicator.code, o5.criterion.title.th]).toEqual(['9.1', 'แผนยุทธศาสตร์หรือแผนพัฒนาหน่วยงาน'])
      // one agency's 2569 pages name O5; 2568's is derived from them
      expect(o5.criterion.confidence!.level).toBe(key === 'ita-nacc-2569' ? 'one-source' : 'unconfirmed')
      const o6 = find(key, 'O6')
      expect([o6.subIndicator.code, o6.criterion.title.th, o6.criterion.confidence!.level]).toEqual([
        '9.2',
        'แผนดำเนินงานและการใช้งบประมาณประจำปี',
        'unconfirmed',
      ])
      expect(o6.criterion.elements.map((e) => e.period)).toContain('current-fy')
      const o7 = find(key, 'O7')
      expect([o7.subIndicator.code, o7.criterion.placeholder, o7.criterion.confidence!.level]).toEqual([
        '9.2',
        true,
        'unconfirmed',
      ])
      for (const x of [o5, o6]) expect(x.criterion.note!.en).toMatch(/Placement .* unconfirmed/)
      expect(codes(ita(key), '9.1')).toEqual(range(1, 5))
      expect(codes(ita(key), '9.2').slice(0, 3)).toEqual(['O6', 'O7', 'O8'])
    },
  )

  it('2569 O8 and O9 keep the 2568 wording, and O9 the 2568 elements (1)–(6)', () => {
    for (const code of ['O8', 'O9'])
      expect(find('ita-nacc-2569', code).criterion.title).toEqual(find('ita-nacc-2568', code).criterion.title)
    expect(find('ita-nacc-2569', 'O8').criterion.title.th).toBe('คู่มือหรือแนวทางการปฏิบัติงานของเจ้าหน้าที่')
    expect(find('ita-nacc-2569', 'O9').criterion.title.th).toBe('คู่มือหรือแนวทางการขอรับบริการสำหรับผู้รับบริการหรือผู้มาติดต่อ')
    const o9 = find('ita-nacc-2569', 'O9').criterion.elements
    expect(o9).toEqual(find('ita-nacc-2568', 'O9').criterion.elements)
    expect(o9.map((e) => e.id)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'link'])
    expect(o9[4].text.th).toMatch(/ค่าธรรมเนียม/)
  })

  it('2569 O11: monthly summaries of the first half of the fiscal year, quarterly bundles accepted', () => {
    const files = find('ita-nacc-2569', 'O11').criterion.elements.filter((e) => e.evidenceKind === 'file')
    expect(files.map((e) => e.period)).toEqual(['first-half-current-fy', 'first-half-current-fy'])
    expect(files[0].text.th).toMatch(/6 เดือนแรก.*รับไฟล์รวมรายไตรมาส/)
    expect(files[0].text.en).toMatch(/quarterly bundles .* accepted/)
  })

  it('2569 O22: the risk-plan report required, the per-risk-area reports optional', () => {
    const els = find('ita-nacc-2569', 'O22').criterion.elements
    expect(els.filter((e) => !e.optional).map((e) => e.id)).toEqual(['e1', 'link'])
    expect(els.filter((e) => e.optional).map((e) => e.text.en)).toEqual([
      expect.stringMatching(/use of position and authority/),
      expect.stringMatching(/personnel management/),
      expect.stringMatching(/another risk area/),
    ])
  })

  it('2569 O26: the columns of the measures report, and a link to the improvement-measures catalog', () => {
    const o26 = find('ita-nacc-2569', 'O26').criterion
    const texts = o26.elements.map((e) => e.text.th).join(' | ')
    for (const column of [
      'ประเด็น',
      'มาตรการ',
      'ขั้นตอนหรือวิธีการปฏิบัติ',
      'ระยะเวลา',
      'ไตรมาส',
      'ผู้รับผิดชอบ',
      'สรุปผลการดำเนินการ',
      'ผลลัพธ์',
    ])
      expect(texts).toContain(column)
    expect(o26.elements.filter((e) => e.id !== 'link').every((e) => e.period === 'previous-fy')).toBe(true)
    expect(byKey(o26.relatedCatalogKey!).kind).toBe('improvement-measures')
  })

  it('2568 O22 takes documents of any date (no source gives its year)', () => {
    expect(find('ita-nacc-2568', 'O22').criterion.elements.map((e) => e.period)).toEqual(['any', 'any'])
  })
})

describe('confidence of the built-in ITA catalogs', () => {
  const itas = catalogs.filter((c): c is ItaCatalog => c.kind === 'ita')

  it.each(itas.map((c) => [c.key, c] as const))(
    '%s states it for the catalog, weights, bands, every ' + 'grouping and every criterion',
    (_key, c) => {
      expect([c.confidence, c.weightsConfidence, c.bands.confidence].every((x) => x && x.note.th && x.note.en)).toBe(
        true,
      )
      for (const { subIndicator, criterion } of listCriteria(c)) {
        expect(subIndicator.confidence, subIndicator.code).toBeDefined()
        expect(criterion.confidence?.note.th, criterion.code).toBeTruthy()
      }
    },
  )

  it(
    '2566 weights and grouping confirmed; 2568 onwards weights, the ' + '70 cut-off and the grouping unconfirmed',
    () => {
      const c66 = ita('ita-nacc-2566')
      expect([c66.weightsConfidence!.level, c66.confidence!.level]).toEqual(['confirmed', 'confirmed'])
      expect(listCriteria(c66).every((x) => x.subIndicator.confidence!.level === 'confirmed')).toBe(true)
      expect(listCriteria(c66).find((x) => x.criterion.code === 'O42')!.criterion.confidence!.level).toBe('unconfirmed')
      for (const key of ['ita-nacc-2568', 'ita-nacc-2569', 'ita-nacc-2570']) {
        const c = ita(key)
        expect(c.weightsConfidence!.level, key).toBe('unconfirmed')
        expect(c.bands.confidence!.level, key).toBe('unconfirmed')
        expect(c.bands.confidence!.note.en).toMatch(/70 cut-off/)
        expect(listCriteria(c).every((x) => x.subIndicator.confidence!.level === 'unconfirmed')).toBe(true)
        // nothing of these years is confirmed item by item
        expect(listCriteria(c).some((x) => x.criterion.confidence!.level === 'confirmed')).toBe(false)
      }
    },
  )
})

describe('KPI agreement template', () => {
  const c = byKey('kpi-agreement-integrity-template') as Extract<Catalog, { kind: 'kpi-agreement' }>

  it('holds KPIs 7.1 and 7.2 as five-level milestones reported at 6, 9 and 12 months', () => {
    expect(c.kind).toBe('kpi-agreement')
    expect(c.fiscalYear).toBe(2569)
    expect(c.kpis.map((k) => [k.code, k.weight, k.reportingRounds])).toEqual([
      ['7.1', 2, [6, 9, 12]],
      ['7.2', 2, [6, 9, 12]],
    ])
    for (const k of c.kpis) {
      if (k.scoring.kind !== 'milestone') throw new Error(`${k.code} should be a milestone KPI`)
      expect(k.scoring.levels.map((l) => l.level)).toEqual([1, 2, 3, 4, 5])
      for (const l of k.scoring.levels) expect(l.steps.length).toBeGreaterThan(0)
    }
  })
})

describe('integrity policy plan and improvement measures', () => {
  it(
    'the policy plan has the six policy areas of the Cooperative Promotion Department policy with host units ' +
      'and indicators',
    () => {
      const c = byKey('integrity-policy-plan')
      if (c.kind !== 'integrity-policy') throw new Error('wrong kind')
      expect(c.policyAreas.map((a) => a.code)).toEqual(['1', '2', '3', '4', '5', '6'])
      const activities = c.policyAreas.flatMap((a) => a.measures.flatMap((m) => m.activities))
      expect(activities.filter((a) => a.hostUnit).length).toBeGreaterThan(20)
      expect(c.reportingRounds?.map((r) => [r.dueMonth, r.dueDay])).toEqual([
        [7, 4],
        [11, 31],
      ])
    },
  )

  it('the improvement-measures template has seven issues with quarter periods', () => {
    const c = byKey('improvement-measures-template')
    if (c.kind !== 'improvement-measures') throw new Error('wrong kind')
    expect(c.issues).toHaveLength(7)
    const activities = c.issues.flatMap((i) => i.measures.flatMap((m) => m.activities))
    expect(activities.every((a) => a.period?.unit === 'quarter' && a.steps.length > 0 && a.responsible?.length)).toBe(
      true,
    )
  })
})
