import { describe, expect, it } from 'vitest'
import { applyEdit, CatalogEditSchema, type CatalogEditInput } from '#models/catalog/edit'
import { loadBuiltInCatalogs } from '#models/catalog/files.server'
import { listItems, matchItems, overrideMatches, reportingRoundsOf } from '#models/catalog/items'
import {
  listCriteria,
  parseCatalog,
  type Catalog,
  type ImprovementMeasuresCatalog,
  type ItaCatalog,
  type IntegrityPolicyCatalog,
  type KpiAgreementCatalog,
} from '#models/catalog/schema'
import { AppError } from '#models/errors'

const builtIns = loadBuiltInCatalogs()
const byKey = <T extends Catalog>(key: string) => structuredClone(builtIns.find((c) => c.key === key)) as T
const kpis = () => byKey<KpiAgreementCatalog>('kpi-agreement-integrity-template')
const policy = () => byKey<IntegrityPolicyCatalog>('integrity-policy-plan')
const measures = () => byKey<ImprovementMeasuresCatalog>('improvement-measures-template')

/** Parses the form input and applies it, as editDraft does; the result must pass the full schema. */
function edit<T extends Catalog>(c: T, input: Record<string, unknown>): T {
  const parsed = CatalogEditSchema.safeParse(input as CatalogEditInput)
  if (!parsed.success)
    throw new AppError(parsed.error.issues[0].message, 400, {
      [String(parsed.error.issues[0].path[0])]: parsed.error.issues[0].message,
    })
  const out = applyEdit(c, parsed.data) as T
  const check = parseCatalog(out)
  if (!check.ok) throw new Error(`edit produced an invalid catalog: ${JSON.stringify(check.issues)}`)
  return out
}

function refusal(run: () => unknown): AppError {
  try {
    run()
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
  throw new Error('expected a refusal')
}

const newKpi = {
  op: 'kpi.add',
  code: '7.3',
  nameTh: 'ร้อยละของเรื่องร้องเรียนที่ได้รับการแก้ไข',
  nameEn: 'Share of complaints resolved',
  weight: '3',
  descriptionTh: 'เรื่องร้องเรียนการทุจริตที่ได้รับการแก้ไขภายในปีงบประมาณ',
  supervisorTh: 'รองอธิบดี',
  dataCollectorTh: 'ศูนย์ปฏิบัติการต่อต้านการทุจริต',
  baseline: '2567: 80\n2568: 85.5 ตามรายงานประจำปี',
  reportingRounds: ['6', '12'],
  scoringKind: 'quantitative',
  direction: 'ascending',
  unitTh: 'ร้อยละ',
  t1: '60',
  t2: '70',
  t3: '80',
  t4: '90',
  t5: '100',
}

describe('authoring a KPI agreement item by item', () => {
  it('adds a quantitative KPI with its baseline, rounds and thresholds, after the existing ones', () => {
    const c = edit(kpis(), newKpi)
    const k = c.kpis.at(-1)!
    expect(k).toEqual({
      code: '7.3',
      name: { th: newKpi.nameTh, en: newKpi.nameEn },
      weight: 3,
      description: { th: newKpi.descriptionTh },
      supervisor: { th: 'รองอธิบดี' },
      dataCollector: { th: 'ศูนย์ปฏิบัติการต่อต้านการทุจริต' },
      baseline: [
        { fiscalYear: 2567, value: 80 },
        { fiscalYear: 2568, value: 85.5, note: { th: 'ตามรายงานประจำปี' } },
      ],
      reportingRounds: [6, 12],
      scoring: {
        kind: 'quantitative',
        direction: 'ascending',
        unit: { th: 'ร้อยละ' },
        thresholds: [60, 70, 80, 90, 100],
      },
    })
  })

  it('changes a KPI to milestone levels, keeping its evidence and the English of unchanged texts', () => {
    const before = kpis().kpis[0]
    const c = edit(kpis(), {
      ...newKpi,
      op: 'kpi.update',
      code: before.code,
      supervisorTh: before.supervisor.th,
      scoringKind: 'milestone',
      level1: 'ทบทวนแผน',
      level2: 'จัดทำแผน\nเสนอผู้บริหาร',
      level3: 'ดำเนินการ',
      level4: 'ติดตามผล',
      level5: 'รายงานผล',
    })
    const k = c.kpis[0]
    expect(k.scoring).toEqual({
      kind: 'milestone',
      levels: [
        { level: 1, steps: [{ th: 'ทบทวนแผน' }] },
        { level: 2, steps: [{ th: 'จัดทำแผน' }, { th: 'เสนอผู้บริหาร' }] },
        { level: 3, steps: [{ th: 'ดำเนินการ' }] },
        { level: 4, steps: [{ th: 'ติดตามผล' }] },
        { level: 5, steps: [{ th: 'รายงานผล' }] },
      ],
    })
    expect(k.supervisor).toEqual(before.supervisor) // same Thai: its English stays
    expect(k.evidence).toEqual(before.evidence)
  })

  it('refuses a weight that takes the sum above 100, naming the weight field', () => {
    const error = refusal(() => edit(kpis(), { ...newKpi, weight: '97' }))
    expect(error.fieldErrors.weight).toMatch(
      /น้ำหนักรวมทุกตัวชี้วัดต้องไม่เกิน 100 \(จะเป็น 101\).* \/ weight: .*must not sum above 100 \(would be 101\)/,
    )
  })

  it(
    'refuses a level without steps, thresholds out of order, a bad baseline line and a duplicate code, each ' +
      'naming its field',
    () => {
      const milestone = {
        ...newKpi,
        scoringKind: 'milestone',
        level1: 'a',
        level2: 'b',
        level3: '',
        level4: 'd',
        level5: 'e',
      }
      expect(refusal(() => edit(kpis(), milestone)).fieldErrors).toHaveProperty('level3')
      expect(refusal(() => edit(kpis(), { ...newKpi, t4: '75' })).fieldErrors.t4).toMatch(/must be above level 3/)
      expect(refusal(() => edit(kpis(), { ...newKpi, baseline: 'ปีก่อน 80' })).fieldErrors.baseline).toMatch(
        /must be "BE year: value"/,
      )
      expect(refusal(() => edit(kpis(), { ...newKpi, code: '7.1' })).fieldErrors.code).toMatch(/7\.1 already exists/)
      expect(refusal(() => edit(kpis(), { ...newKpi, reportingRounds: [] })).message).toMatch(
        /reporting rounds: choose at least one/,
      )
      expect(refusal(() => edit(kpis(), { ...newKpi, weight: 'สาม' })).message).toMatch(/weight: must be a number/)
    },
  )

  it('reorders and deletes KPIs, but never the last one', () => {
    let c = edit(kpis(), newKpi)
    c = edit(c, { op: 'kpi.move', code: '7.3', direction: 'up' })
    expect(c.kpis.map((k) => k.code)).toEqual(['7.1', '7.3', '7.2'])
    c = edit(c, { op: 'kpi.delete', code: '7.1' })
    c = edit(c, { op: 'kpi.delete', code: '7.2' })
    expect(refusal(() => edit(c, { op: 'kpi.delete', code: '7.3' })).message).toMatch(/at least one KPI/)
  })

  it('adds, edits and removes evidence of a KPI', () => {
    let c = edit(kpis(), newKpi)
    c = edit(c, {
      op: 'element.add',
      code: '7.3',
      id: 'e1',
      textTh: 'รายงานผลการแก้ไขเรื่องร้องเรียน',
      evidenceKind: 'file',
      minCount: '1',
      period: 'current-fy',
      fileTypes: 'pdf, xlsx',
    })
    expect(c.kpis.at(-1)!.evidence).toEqual([
      {
        id: 'e1',
        text: { th: 'รายงานผลการแก้ไขเรื่องร้องเรียน' },
        evidenceKind: 'file',
        minCount: 1,
        period: 'current-fy',
        fileTypes: ['pdf', 'xlsx'],
      },
    ])
    c = edit(c, { op: 'element.delete', code: '7.3', elementId: 'e1' })
    expect(c.kpis.at(-1)!.evidence).toEqual([])
  })
})

describe('authoring ITA criteria and elements', () => {
  const ita = () => byKey<ItaCatalog>('ita-nacc-2569')
  const criterion = (c: ItaCatalog, code: string) => listCriteria(c).find((x) => x.criterion.code === code)!.criterion

  it('clears the provisional flag, sets an English description, and keeps or removes an element note', () => {
    const c0 = ita()
    const o1 = criterion(c0, 'O1')
    expect(o1.provisional).toBe(true)
    let c = edit(c0, {
      op: 'criterion.update',
      code: 'O1',
      titleTh: o1.title.th,
      titleEn: o1.title.en,
      descriptionTh: 'คำอธิบาย',
      descriptionEn: 'Description',
    })
    expect(criterion(c, 'O1')).toMatchObject({ description: { th: 'คำอธิบาย', en: 'Description' } })
    expect(criterion(c, 'O1').provisional).toBeUndefined()
    const el = {
      ...o1.elements[0],
      textTh: o1.elements[0].text.th,
      minCount: String(o1.elements[0].minCount),
      fileTypes: o1.elements[0].fileTypes?.join(','),
    }
    c = edit(c, { op: 'element.update', code: 'O1', elementId: el.id, ...el, noteTh: 'ต้องลงนามโดยหัวหน้าส่วนราชการ' })
    expect(criterion(c, 'O1').elements[0].note).toEqual({ th: 'ต้องลงนามโดยหัวหน้าส่วนราชการ' })
    c = edit(c, { op: 'element.update', code: 'O1', elementId: el.id, ...el }) // no note field: kept
    expect(criterion(c, 'O1').elements[0].note).toEqual({ th: 'ต้องลงนามโดยหัวหน้าส่วนราชการ' })
    c = edit(c, { op: 'element.update', code: 'O1', elementId: el.id, ...el, noteTh: '' })
    expect(criterion(c, 'O1').elements[0].note).toBeUndefined()
  })

  it("sets, keeps and removes a criterion's confidence; a level needs its source", () => {
    const c0 = byKey<ItaCatalog>('ita-nacc-2569')
    const o2 = criterion(c0, 'O2')
    const base = { op: 'criterion.update', code: 'O2', titleTh: o2.title.th, titleEn: o2.title.en, provisional: 'on' }
    // a form without the field keeps what is stored
    expect(criterion(edit(c0, base), 'O2').confidence).toEqual(o2.confidence)
    const checked = edit(c0, { ...base, confidence: 'confirmed', confidenceNoteTh: 'ตรวจกับคู่มือ ITA 2569 หน้า 12 แล้ว' })
    expect(criterion(checked, 'O2').confidence).toEqual({
      level: 'confirmed',
      note: { th: 'ตรวจกับคู่มือ ITA 2569 หน้า 12 แล้ว' },
    })
    expect(
      refusal(() => edit(c0, { ...base, confidence: 'confirmed', confidenceNoteTh: '' })).fieldErrors,
    ).toHaveProperty('confidenceNoteTh')
    expect(refusal(() => edit(c0, { ...base, confidence: 'sure' })).message).toMatch(
      /confidence: must be confirmed, one-source, unconfirmed/,
    )
    expect(criterion(edit(checked, { ...base, confidence: '' }), 'O2').confidence).toBeUndefined()
  })

  it(
    'refuses a criterion code already used elsewhere in the catalog, or a code with spaces, naming the code ' + 'field',
    () => {
      const add = {
        op: 'criterion.add',
        subCode: '9.1',
        titleTh: 'ข้อใหม่',
        titleEn: 'New item',
        id: 'e1',
        textTh: 'เอกสาร',
        evidenceKind: 'file',
        minCount: '1',
        period: 'any',
      }
      expect(refusal(() => edit(ita(), { ...add, code: 'O20' })).fieldErrors.code).toMatch(/O20 already exists/)
      expect(refusal(() => edit(ita(), { ...add, code: 'O 99' })).message).toMatch(/^ข้อ: ใช้ได้เฉพาะ/)
      expect(criterion(edit(ita(), { ...add, code: 'O99' }), 'O99').elements).toHaveLength(1)
    },
  )
})

describe('authoring integrity-policy and improvement-measures plans', () => {
  it(
    'adds an activity with steps, quarters, host and supporting ' + 'units, indicator and target, then its evidence',
    () => {
      const area = policy().policyAreas[0]
      const m = area.measures[0]
      let c = edit(policy(), {
        op: 'activity.add',
        groupCode: area.code,
        measureCode: m.code,
        code: '9',
        nameTh: 'อบรมเจ้าหน้าที่เรื่องผลประโยชน์ทับซ้อน',
        steps: 'จัดทำหลักสูตร\n\nจัดอบรม',
        periodUnit: 'quarter',
        periodValues: ['3', 'q2', 'q1'],
        hostUnit: 'กองการเจ้าหน้าที่',
        supportUnits: 'ศูนย์ปฏิบัติการต่อต้านการทุจริต\nทุกหน่วยงาน',
        indicatorTh: 'ร้อยละของเจ้าหน้าที่ที่ผ่านการอบรม',
        targetTh: 'ร้อยละ 80',
      })
      const a = c.policyAreas[0].measures[0].activities.at(-1)!
      expect(a).toEqual({
        code: '9',
        name: { th: 'อบรมเจ้าหน้าที่เรื่องผลประโยชน์ทับซ้อน' },
        steps: [{ th: 'จัดทำหลักสูตร' }, { th: 'จัดอบรม' }],
        period: { unit: 'quarter', values: [1, 2] }, // the month box "3" belongs to the other unit
        hostUnit: 'กองการเจ้าหน้าที่',
        supportUnits: ['ศูนย์ปฏิบัติการต่อต้านการทุจริต', 'ทุกหน่วยงาน'],
        indicator: { th: 'ร้อยละของเจ้าหน้าที่ที่ผ่านการอบรม' },
        target: { th: 'ร้อยละ 80' },
        evidence: [],
      })
      c = edit(c, {
        op: 'element.add',
        code: `${area.code}/${m.code}/9`,
        id: 'e1',
        textTh: 'รายชื่อผู้เข้าอบรม',
        evidenceKind: 'file',
        minCount: '1',
        period: 'current-fy',
      })
      expect(c.policyAreas[0].measures[0].activities.at(-1)!.evidence.map((e) => e.id)).toEqual(['e1'])
      expect(
        refusal(() =>
          edit(c, {
            op: 'activity.update',
            groupCode: area.code,
            measureCode: m.code,
            code: '9',
            nameTh: 'x',
            periodUnit: 'month',
            periodValues: ['13'],
          }),
        ).fieldErrors,
      ).toHaveProperty('periodValues')
    },
  )

  it('adds an issue with its first measure, edits, reorders and deletes measures', () => {
    let c = edit(measures(), {
      op: 'group.add',
      code: '8',
      nameTh: 'การเปิดเผยข้อมูล',
      nameEn: 'Open data',
      measureCode: '1',
      measureNameTh: 'เผยแพร่ข้อมูลบนเว็บไซต์',
    })
    expect(c.issues.at(-1)).toEqual({
      code: '8',
      name: { th: 'การเปิดเผยข้อมูล', en: 'Open data' },
      measures: [{ code: '1', name: { th: 'เผยแพร่ข้อมูลบนเว็บไซต์' }, activities: [] }],
    })
    c = edit(c, {
      op: 'measure.add',
      groupCode: '8',
      code: '2',
      nameTh: 'ตอบคำถามผ่านช่องทางออนไลน์',
      indicatorTh: 'ตอบภายใน 3 วัน',
    })
    c = edit(c, { op: 'measure.move', groupCode: '8', code: '2', direction: 'up' })
    expect(c.issues.at(-1)!.measures.map((m) => m.code)).toEqual(['2', '1'])
    c = edit(c, { op: 'measure.update', groupCode: '8', code: '2', nameTh: 'ตอบคำถามออนไลน์' })
    expect(c.issues.at(-1)!.measures[0]).toEqual({ code: '2', name: { th: 'ตอบคำถามออนไลน์' }, activities: [] })
    c = edit(c, { op: 'measure.delete', groupCode: '8', code: '2' })
    expect(refusal(() => edit(c, { op: 'measure.delete', groupCode: '8', code: '1' })).message).toMatch(
      /needs at least one measure/,
    )
    expect(listItems(c).at(-1)!.code).toBe('8/1')
  })
})

describe('reporting rounds of assignable items', () => {
  it(
    'gives a KPI its own rounds with the usual deadlines of the fiscal year, a plan its report deadlines, ITA ' +
      'none',
    () => {
      const k = reportingRoundsOf(edit(kpis(), newKpi))
      expect(k.rounds.map((r) => [r.round, r.suggested])).toEqual([
        ['6', '2026-03-31'],
        ['9', '2026-06-30'],
        ['12', '2026-09-30'],
      ])
      expect(k.byItem.get('7.3')).toEqual(['6', '12'])
      const p = reportingRoundsOf(policy())
      expect(p.rounds.map((r) => [r.round, r.suggested])).toEqual([
        ['r1', `${policy().fiscalYear - 543}-04-04`],
        ['annual', `${policy().fiscalYear - 543}-08-31`],
      ])
      expect(reportingRoundsOf(byKey('ita-nacc-2569')).rounds).toEqual([])
    },
  )
})

describe('overriding the proposed rollover matching', () => {
  const from = listItems(byKey('ita-nacc-2568'))
  const to = listItems(byKey('ita-nacc-2569'))
  const proposed = matchItems(from, to)

  it('pairs a new item with the old item the administrator chose, and frees what it was paired with', () => {
    // 2568 O14 (the HR plan) is dropped by the proposal; 2568 O9 is not (2569 O9 keeps its wording)
    expect(proposed.find((r) => r.fromCode === 'O14')).toMatchObject({ change: 'dropped' })
    const rows = overrideMatches(proposed, from, to, { O25: 'O14', O2: null })
    expect(rows.find((r) => r.toCode === 'O25')).toMatchObject({
      fromCode: 'O14',
      change: 'renumbered',
      overridden: true,
    })
    expect(rows.find((r) => r.toCode === 'O2')).toMatchObject({ fromCode: null, change: 'new', overridden: true })
    expect(rows.find((r) => r.fromCode === 'O2')).toMatchObject({ change: 'dropped', toCode: null })
    expect(rows.filter((r) => r.fromCode === 'O14')).toHaveLength(1)
    // every old and new item still appears exactly once
    const codes = (side: 'toCode' | 'fromCode') => rows.flatMap((r) => (r[side] ? [r[side]] : [])).sort()
    expect(codes('toCode')).toEqual(to.map((i) => i.code).sort())
    expect(codes('fromCode')).toEqual(from.map((i) => i.code).sort())
  })

  it('refuses one old item for two new ones, and unknown codes', () => {
    const o15 = proposed.find((r) => r.toCode === 'O15')!.fromCode!
    const error = refusal(() => overrideMatches(proposed, from, to, { O25: o15 }))
    expect(error.message).toMatch(new RegExp(`${o15} is chosen for both O15 and O25`))
    expect(error.fieldErrors).toHaveProperty('match.O25')
    expect(refusal(() => overrideMatches(proposed, from, to, { O25: 'O99' })).message).toMatch(
      /O99 is not an item of last year/,
    )
    expect(refusal(() => overrideMatches(proposed, from, to, { O99: 'O1' })).message).toMatch(
      /O99 is not an item of the new year/,
    )
  })
})
