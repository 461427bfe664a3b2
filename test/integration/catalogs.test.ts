import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assignItems, confirmAssignment, listAssignments, listMyWork } from '#models/work/assignment.server'
import { listAuditEvents } from '#models/tenancy/audit.server'
import {
  builtInCatalogs,
  createNewVersion,
  getCatalog,
  listCatalogs,
  planRollover,
  rolloverMapping,
  getRolloverScreen,
  startFromBuiltIn,
  startNextYearFromCatalog,
} from '#models/catalog/catalog.server'
import {
  confirmRollover,
  deleteDraft,
  editDraft,
  publishCatalog,
  replaceDraftContent,
  importCatalogFile,
} from '#models/work/catalog-changes.server'
import type { ItaCatalog, KpiAgreementCatalog } from '#models/catalog/schema'
import ExcelJS from 'exceljs'
import { catalogToXlsx } from '#evidence/documents/catalog-workbook.server'
import { getOrganizationByCode } from '#models/tenancy/organization.server'
import { DEMO_ORG_CODE, seedDemo } from '#scripts/seed'
import { createUnit, listUnits } from '#models/tenancy/unit.server'
import { createTestOrg, type TestOrg } from '#test/support/fixtures'
import { provide, publishAndAssign, release } from '#test/support/kit'
import { refusal } from '#test/support/refusal'

let org: TestOrg
let other: TestOrg
beforeAll(async () => {
  ;({ org, other } = await provide({ org: 'cat', other: 'cat-other' }))
})
afterAll(release)

describe('catalogs on the real MongoDB-protocol server', () => {
  it(
    'copies the largest built-in catalog (ITA 2566, 120 KB) into an ' + 'organization and reads it back unchanged',
    async () => {
      const source = builtInCatalogs().find((c) => c.key === 'ita-nacc-2566')!
      const stored = await startFromBuiltIn(org.actor, 'ita-nacc-2566')
      expect(stored).toMatchObject({
        status: 'draft',
        version: 1,
        fiscalYear: 2566,
        sourceKey: 'ita-nacc-2566',
        provisional: source.provisional,
      })
      const read = await getCatalog(org.organization.id, stored.id)
      expect(read!.content).toEqual({ ...source, status: 'draft', version: 1 })
      // another organization cannot see it
      expect(await getCatalog(other.organization.id, stored.id)).toBeNull()
      expect(await listCatalogs(other.organization.id)).toEqual([])
    },
  )

  it('refuses an invalid edit of a draft with the path and rule, and changes nothing', async () => {
    const draft = await startFromBuiltIn(org.actor, 'ita-nacc-2569')
    const broken = structuredClone(draft.content) as ItaCatalog
    broken.tools[0].weight = 50
    await expect(replaceDraftContent(org.actor, draft.id, broken)).rejects.toThrow(/tool weights must sum to 100/)
    expect((await getCatalog(org.organization.id, draft.id))!.content).toEqual(draft.content)
    await deleteDraft(org.actor, draft.id)
    expect(await getCatalog(org.organization.id, draft.id)).toBeNull()
  })

  it('freezes a published catalog; a new version archives it when published and takes its assignments', async () => {
    const v1 = await publishAndAssign(org, 'ita-nacc-2568')
    await expect(replaceDraftContent(org.actor, v1.id, v1.content)).rejects.toThrow(/published/)
    await assignItems(org.actor, {
      catalogId: v1.id,
      itemCodes: ['O1', 'O2'],
      unitIds: [org.units[0].id],
      dueDate: '2025-03-31',
    })

    const v2 = await createNewVersion(org.actor, v1.id)
    expect(v2).toMatchObject({ version: 2, status: 'draft', previousVersionId: v1.id })
    await expect(createNewVersion(org.actor, v1.id)).rejects.toThrow(/draft \(version 2\) already exists/)
    const edited = structuredClone(v2.content) as ItaCatalog
    const firstCriterion = (
      edited.tools[2].indicators[0] as Extract<ItaCatalog['tools'][number]['indicators'][number], { kind: 'checklist' }>
    ).subIndicators[0].criteria
    firstCriterion.splice(1, 1) // drop O2
    await replaceDraftContent(org.actor, v2.id, edited)
    await publishCatalog(org.actor, v2.id)

    expect((await getCatalog(org.organization.id, v1.id))!.status).toBe('archived')
    expect((await listAssignments(org.organization.id, v2.id)).map((a) => a.itemCode)).toEqual(['O1'])
    expect((await listAssignments(org.organization.id, v1.id)).map((a) => a.itemCode)).toEqual(['O2'])
    const { events } = await listAuditEvents(org.organization.id, { targetType: 'catalog' })
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'catalog.start',
        'catalog.publish',
        'catalog.version',
        'catalog.update',
        'catalog.archive',
      ]),
    )
  })

  it('shows a coordinator only the items of their units, soonest due first', async () => {
    const catalog = await startFromBuiltIn(other.actor, 'ita-nacc-2569')
    const [mine, theirs] = other.units
    const assign = (itemCodes: string[], unitIds: string[], dueDate: string) =>
      assignItems(other.actor, { catalogId: catalog.id, itemCodes, unitIds, dueDate })
    await assign(['O3'], [mine.id], '2026-05-15')
    await assign(['O1', 'O2'], [mine.id, theirs.id], '2026-02-01')
    await assign(['O4'], [theirs.id], '2026-01-01')
    const work = await listMyWork(other.organization.id, { unitIds: [mine.id], userId: other.people.coordinator.id })
    expect(work.map((w) => [w.itemCode, w.dueDate])).toEqual([
      ['O1', '2026-01-31T17:00:00.000Z'],
      ['O2', '2026-01-31T17:00:00.000Z'],
      ['O3', '2026-05-14T17:00:00.000Z'],
    ])
    expect(work[0]).toMatchObject({ titleTh: 'โครงสร้าง หน้าที่และอำนาจ', status: 'active' })
    // the other organization's coordinator sees none of it, even with the same unit id
    expect(await listMyWork(org.organization.id, { unitIds: [mine.id], userId: org.people.coordinator.id })).toEqual([])

    // an item of many units names the first three, the coordinator's own first, and counts them all
    const more = []
    for (const n of [1, 2, 3]) more.push(await createUnit(other.actor, { nameTh: `กองที่ ${n}`, kind: 'division' }))
    await assign(['O5'], [theirs.id, ...more.map((u) => u.id), mine.id], '2026-06-01')
    const o5 = (
      await listMyWork(other.organization.id, { unitIds: [mine.id], userId: other.people.coordinator.id })
    ).find((w) => w.itemCode === 'O5')!
    expect(o5.unitCount).toBe(5)
    expect(o5.unitNames).toHaveLength(3)
    expect(o5.unitNames[0]).toEqual({ th: mine.nameTh, en: mine.nameEn })
  })

  it('refuses a bulk assignment naming an unknown unit, assigning nothing', async () => {
    const catalog = (await listCatalogs(other.organization.id))[0]
    const before = await listAssignments(other.organization.id, catalog.id)
    await expect(
      assignItems(other.actor, {
        catalogId: catalog.id,
        itemCodes: ['O8', 'O9'],
        unitIds: [org.units[0].id],
        dueDate: '2026-02-01',
      }),
    ).rejects.toThrow(/responsible units/)
    await expect(
      assignItems(other.actor, {
        catalogId: catalog.id,
        itemCodes: ['O8'],
        unitIds: [other.units[0].id],
        dueDate: '31/02/2569',
      }),
    ).rejects.toThrow(/due date/)
    expect(await listAssignments(other.organization.id, catalog.id)).toEqual(before)
  })

  it(
    'starts 2570 from 2569 with no file: the year-shifted draft, ' + 'what changed, then the usual rollover review',
    async () => {
      const own = await createTestOrg('shift')
      const y2569 = await startFromBuiltIn(own.actor, 'ita-nacc-2569')
      await publishCatalog(own.actor, y2569.id)
      await assignItems(own.actor, {
        catalogId: y2569.id,
        itemCodes: ['O11'],
        unitIds: [own.units[1].id],
        dueDate: '2026-04-30',
      })
      // no 2570 catalog yet: the screen offers the year shift instead of sending the administrator elsewhere
      expect((await getRolloverScreen(own.organization.id, y2569.id, null)).targets).toEqual([])

      const { catalog: y2570, changes } = await startNextYearFromCatalog(own.actor, y2569.id)
      expect(y2570).toMatchObject({ fiscalYear: 2570, status: 'draft', version: 1, key: 'ita-nacc-2570' })
      const o11 = (y2570.content as ItaCatalog).tools[2].indicators[0]
      expect(JSON.stringify(o11)).toContain('ประจำปีงบประมาณ พ.ศ. 2570')
      expect(changes.find((c) => c.itemCode === 'O11')).toMatchObject({
        before: expect.stringContaining('2569'),
        after: expect.stringContaining('2570'),
      })
      expect(y2570.provenanceTh).toContain(`${changes.length} แห่ง`)
      // a guess for a year not yet published: provisional, nothing more than unconfirmed, and /catalogs does not
      // offer the built-in 2570 again (its key is taken)
      expect([y2570.provisional, y2570.sourceKey]).toEqual([true, 'ita-nacc-2570'])
      expect(JSON.stringify(y2570.content)).not.toMatch(/"level":"(confirmed|one-source)"/)

      const screen = await getRolloverScreen(own.organization.id, y2569.id, y2570.id)
      expect(screen.yearShift).toEqual(changes)
      expect(screen.plan!.rows.every((r) => r.change === 'same' || r.change === 'changed')).toBe(true)
      const { carried } = await confirmRollover(own.actor, y2569.id, y2570.id)
      expect(carried).toBe(1)
      const [a] = await listAssignments(own.organization.id, y2570.id)
      expect(a).toMatchObject({ itemCode: 'O11', status: 'carried', dueDate: '2027-04-29T17:00:00.000Z' })

      // a second year shift is refused: the 2570 catalog exists and is reviewed instead
      await expect(startNextYearFromCatalog(own.actor, y2569.id)).rejects.toThrow(/already exists/)
      const audit = await listAuditEvents(own.organization.id, {})
      expect(audit.events.map((e) => e.action)).toContain('catalog.year-shift')
      // another organization cannot year-shift this one's catalog
      await expect(startNextYearFromCatalog(other.actor, y2569.id)).rejects.toThrow()
    },
  )

  it('rolls 2568 over to 2569: carried assignments need re-confirmation, 2568 stays as it was', async () => {
    org = await createTestOrg('roll')
    const y2568 = await publishAndAssign(org, 'ita-nacc-2568')
    // O14 (the 2568 HR plan) has no 2569 counterpart by title; 2569 O9 keeps 2568 O9's wording, so O9 would carry
    await assignItems(org.actor, {
      catalogId: y2568.id,
      itemCodes: ['O16', 'O14'],
      unitIds: [org.units[1].id],
      dueDate: '2025-04-30',
    })
    const y2569 = await startFromBuiltIn(org.actor, 'ita-nacc-2569')

    const plan = await planRollover(org.organization.id, y2568.id, y2569.id)
    const row = (from: string) => plan.rows.find((r) => r.fromCode === from)
    expect(row('O16')).toMatchObject({ change: 'renumbered', toCode: 'O15' })
    expect(row('O2')).toMatchObject({ change: 'same', toCode: 'O2' })
    expect(row('O14')).toMatchObject({ change: 'dropped', toCode: null })
    expect(row('O9')).toMatchObject({ change: 'same', toCode: 'O9' })
    expect(
      plan.rows.filter((r) => ['O5', 'O6', 'O7'].includes(r.fromCode ?? '')).map((r) => [r.change, r.toCode]),
    ).toEqual([
      ['same', 'O5'],
      ['same', 'O6'],
      ['same', 'O7'],
    ])
    expect(plan.rows.some((r) => r.change === 'new' && r.toCode === 'O25')).toBe(true)

    const { carried, mapping } = await confirmRollover(org.actor, y2568.id, y2569.id)
    expect(carried).toBe(1)
    expect(mapping.O16).toBe('O15')
    expect(await rolloverMapping(org.organization.id, y2568.id, y2569.id)).toEqual(mapping)
    const [c] = await listAssignments(org.organization.id, y2569.id)
    expect(c).toMatchObject({
      itemCode: 'O15',
      status: 'carried',
      unitIds: [org.units[1].id],
      dueDate: '2026-04-29T17:00:00.000Z',
      carriedFrom: { catalogId: y2568.id, itemCode: 'O16' },
    })
    const work = await listMyWork(org.organization.id, {
      unitIds: [org.units[1].id],
      userId: org.people.coordinator.id,
    })
    expect(work.map((w) => [w.itemCode, w.status])).toEqual([['O15', 'carried']])
    await expect(confirmRollover(org.actor, y2568.id, y2569.id)).rejects.toThrow(/already/)
    // last year is untouched
    expect((await listAssignments(org.organization.id, y2568.id)).map((a) => [a.itemCode, a.status]).sort()).toEqual([
      ['O14', 'active'],
      ['O16', 'active'],
    ])
    expect((await getCatalog(org.organization.id, y2568.id))!.status).toBe('published')
    expect((await confirmAssignment(org.actor, c.id)).status).toBe('active')
  })

  it('refuses a rollover into a catalog of the wrong fiscal year', async () => {
    const a = await startFromBuiltIn(org.actor, 'ita-nacc-2566')
    const b = (await listCatalogs(org.organization.id)).find((c) => c.fiscalYear === 2569)!
    await expect(planRollover(org.organization.id, a.id, b.id)).rejects.toThrow(/must be for 2567/)
  })

  it('imports an Excel workbook as a new draft, and refuses one with a bad row without saving anything', async () => {
    const source = builtInCatalogs().find((c) => c.key === 'ita-nacc-2568')! as ItaCatalog
    const good = await catalogToXlsx({ ...source, key: 'ita-from-excel' })
    const imported = await importCatalogFile(other.actor, { name: 'แค็ตตาล็อก.xlsx', bytes: good })
    expect(imported).toMatchObject({ key: 'ita-from-excel', status: 'draft', itemCount: 26 })
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(good as unknown as ArrayBuffer)
    book.getWorksheet('catalog')!.getCell('B3').value = 'ita-from-excel-2'
    book.getWorksheet('elements')!.getRow(12).getCell(17).value = 0 // minCount
    const bad = Buffer.from(await book.xlsx.writeBuffer())
    const before = await listCatalogs(other.organization.id)
    const error = await importCatalogFile(other.actor, { name: 'bad.xlsx', bytes: bad }).catch((e) => e)
    expect(error.problems).toEqual([
      expect.stringMatching(
        new RegExp(
          /^แผ่นงาน elements แถว 12 คอลัมน์ Q \(minCount\): ต้องไม่น้อยกว่า 1.* \/ /.source +
            /sheet elements row 12 column Q \(minCount\): must be at least 1/.source,
        ),
      ),
    ])
    expect(await listCatalogs(other.organization.id)).toEqual(before)
  })

  it('edits a KPI agreement draft item by item: a refused weight changes nothing, a saved KPI is audited', async () => {
    const own = await createTestOrg('kpi-edit')
    const draft = await startFromBuiltIn(own.actor, 'kpi-agreement-integrity-template')
    const kpi = {
      op: 'kpi.add' as const,
      code: '7.3',
      nameTh: 'ระดับความสำเร็จของการเปิดเผยข้อมูล',
      nameEn: 'Open data success level',
      descriptionTh: 'การเปิดเผยข้อมูลตามเกณฑ์ OIT',
      supervisorTh: 'รองอธิบดี',
      dataCollectorTh: 'กลุ่มงานประชาสัมพันธ์',
      reportingRounds: ['6', '9', '12'],
      scoringKind: 'milestone' as const,
      level1: 'แต่งตั้งคณะทำงาน',
      level2: 'รวบรวมข้อมูล',
      level3: 'เผยแพร่ข้อมูล',
      level4: 'ตรวจสอบความครบถ้วน',
      level5: 'รายงานผู้บริหาร',
    }
    const error = await refusal(() => editDraft(own.actor, draft.id, { ...kpi, weight: '96.5' }))
    expect(error.message).toMatch(
      new RegExp(
        /^น้ำหนัก: .*ต้องไม่เกิน 100 \(จะเป็น 100\.5\) \/ /.source +
          /weight: the weights of all KPIs must not sum above 100 \(would be 100\.5\)$/.source,
      ),
    )
    expect(error.fieldErrors.weight).toBeDefined()
    expect((await getCatalog(own.organization.id, draft.id))!.content).toEqual(draft.content)

    const saved = await editDraft(own.actor, draft.id, { ...kpi, weight: '5' })
    expect((saved.content as KpiAgreementCatalog).kpis.map((k) => [k.code, k.weight])).toEqual([
      ['7.1', 2],
      ['7.2', 2],
      ['7.3', 5],
    ])
    expect(saved.itemCount).toBe(3)
    const { events } = await listAuditEvents(own.organization.id, { targetType: 'catalog' })
    expect(events.find((e) => e.action === 'catalog.kpi.add')).toBeDefined()
    // another organization's administrator cannot edit it
    await expect(editDraft(other.actor, draft.id, { op: 'kpi.delete', code: '7.1' })).rejects.toMatchObject({
      status: 404,
    })
    // an assigned KPI is not deleted from under its unit
    await assignItems(own.actor, {
      catalogId: draft.id,
      itemCodes: ['7.3'],
      unitIds: [own.units[0].id],
      dueDate: '2026-09-30',
    })
    await expect(editDraft(own.actor, draft.id, { op: 'kpi.delete', code: '7.3' })).rejects.toThrow(
      /cannot delete: 7\.3 is assigned/,
    )
    expect(((await getCatalog(own.organization.id, draft.id))!.content as KpiAgreementCatalog).kpis).toHaveLength(3)
  })

  it(
    'assigns KPIs with a due date per reporting round; "due" is the next one; a missing round is refused, ' +
      'nothing assigned',
    async () => {
      const own = await createTestOrg('kpi-assign')
      const catalog = await startFromBuiltIn(own.actor, 'kpi-agreement-integrity-template')
      const [unit] = own.units
      const base = { catalogId: catalog.id, itemCodes: ['7.1', '7.2'], unitIds: [unit.id] }
      // the dates of the 6-, 9- and 12-month rounds, in that order
      const rounds = ['6', '9', '12'] as const
      const dueDates = (...dates: string[]) => dates.map((dueDate, i) => ({ round: rounds[i], dueDate }))
      const missing = await refusal(() =>
        assignItems(own.actor, {
          ...base,
          dueDates: dueDates('2026-03-31', '2026-06-30'),
        }),
      )
      expect(missing.message).toMatch(/due date of the 12-month round: required \(7\.1 reports at this round\)/)
      expect(missing.fieldErrors).toHaveProperty('dueDate.12')
      const backwards = await refusal(() =>
        assignItems(own.actor, {
          ...base,
          dueDates: dueDates('2026-03-31', '2026-02-28', '2026-09-30'),
        }),
      )
      expect(backwards.fieldErrors).toHaveProperty('dueDate.9')
      const unreal = await refusal(() =>
        assignItems(own.actor, {
          ...base,
          dueDates: dueDates('2026-02-31', '2026-06-30', '2026-09-30'),
        }),
      )
      expect(unreal.fieldErrors).toHaveProperty('dueDate.6')
      expect(await listAssignments(own.organization.id, catalog.id)).toEqual([])

      await assignItems(own.actor, {
        ...base,
        dueDates: dueDates('2026-03-31', '2026-06-30', '2026-09-30'),
      })
      const [a] = await listAssignments(own.organization.id, catalog.id)
      expect(a.dueDates).toEqual([
        { round: '6', dueDate: '2026-03-30T17:00:00.000Z' },
        { round: '9', dueDate: '2026-06-29T17:00:00.000Z' },
        { round: '12', dueDate: '2026-09-29T17:00:00.000Z' },
      ])
      const who = { unitIds: [unit.id], userId: own.people.coordinator.id }
      // on 1 May 2026 the 6-month round is past: the next due date is the 9-month one, not overdue
      const may = await listMyWork(own.organization.id, who, new Date('2026-05-01T00:00:00+07:00'))
      expect(may.map((w) => [w.itemCode, w.dueDate, w.overdue])).toEqual([
        ['7.1', '2026-06-29T17:00:00.000Z', false],
        ['7.2', '2026-06-29T17:00:00.000Z', false],
      ])
      expect(may[0].dueDates).toHaveLength(3)
      // after the last round the last date stays, overdue
      const later = await listMyWork(own.organization.id, who, new Date('2026-10-15T00:00:00+07:00'))
      expect(later.map((w) => [w.dueDate, w.overdue])).toEqual([
        ['2026-09-29T17:00:00.000Z', true],
        ['2026-09-29T17:00:00.000Z', true],
      ])
    },
  )

  it('moves every item of a unit to another unit in one bulk assignment', async () => {
    const own = await createTestOrg('by-unit')
    const catalog = await startFromBuiltIn(own.actor, 'ita-nacc-2569')
    const [first, second] = own.units
    await assignItems(own.actor, {
      catalogId: catalog.id,
      itemCodes: ['O1', 'O2'],
      unitIds: [first.id],
      dueDate: '2026-02-01',
    })
    await assignItems(own.actor, {
      catalogId: catalog.id,
      itemCodes: ['O3'],
      unitIds: [second.id],
      dueDate: '2026-02-01',
    })
    const moved = await assignItems(own.actor, {
      catalogId: catalog.id,
      fromUnitIds: [first.id],
      unitIds: [second.id],
      dueDate: '2026-03-01',
    })
    expect(moved.map((a) => a.itemCode).sort()).toEqual(['O1', 'O2'])
    const all = await listAssignments(own.organization.id, catalog.id)
    expect(all.every((a) => a.unitIds.length === 1 && a.unitIds[0] === second.id)).toBe(true)
    expect(all.find((a) => a.itemCode === 'O3')!.dueDate).toBe('2026-01-31T17:00:00.000Z') // not chosen: unchanged
  })

  it("confirms a rollover with the administrator's overrides: carries along the chosen pairs only", async () => {
    const own = await createTestOrg('roll-override')
    const y2568 = await startFromBuiltIn(own.actor, 'ita-nacc-2568')
    await publishCatalog(own.actor, y2568.id)
    await assignItems(own.actor, {
      catalogId: y2568.id,
      itemCodes: ['O14', 'O2', 'O16'],
      unitIds: [own.units[0].id],
      dueDate: '2025-04-30',
    })
    const y2569 = await startFromBuiltIn(own.actor, 'ita-nacc-2569')
    // O14 was dropped by the proposal: the administrator says O25 continues it; O2 is declared new
    const overrides = { O25: 'O14', O2: null }
    const plan = await planRollover(own.organization.id, y2568.id, y2569.id, overrides)
    expect(plan.rows.find((r) => r.toCode === 'O25')).toMatchObject({ fromCode: 'O14', overridden: true })
    await expect(confirmRollover(own.actor, y2568.id, y2569.id, { O25: 'O16' })).rejects.toThrow(
      /O16 is chosen for both O15 and O25/,
    )
    expect(await listAssignments(own.organization.id, y2569.id)).toEqual([])

    const { carried, mapping } = await confirmRollover(own.actor, y2568.id, y2569.id, overrides)
    expect(carried).toBe(2)
    expect(mapping).toMatchObject({ O14: 'O25', O16: 'O15' })
    expect(mapping.O2).toBeUndefined()
    expect(
      (await listAssignments(own.organization.id, y2569.id))
        .map((a) => [a.itemCode, a.status, a.carriedFrom?.itemCode])
        .sort(),
    ).toEqual([
      ['O15', 'carried', 'O16'],
      ['O25', 'carried', 'O14'],
    ])
    expect(await rolloverMapping(own.organization.id, y2568.id, y2569.id)).toEqual(mapping)
    const { events } = await listAuditEvents(own.organization.id, { targetType: 'catalog' })
    expect(events.find((e) => e.action === 'catalog.rollover')!.changes).toMatchObject({
      overrides: { after: expect.arrayContaining(['O14 → O25', '— → O2']) },
    })
  })

  it(
    'seeds the demo agency in the year of its date (ITA 2570 rolled over from 2569 on 2 Dec 2026), calendars ' +
      'and assignments, once',
    async () => {
      const now = new Date('2026-12-02T03:00:00Z')
      await seedDemo({ now })
      await seedDemo({ now })
      const demo = (await getOrganizationByCode(DEMO_ORG_CODE))!
      // the demo also holds other frameworks (KPIs, seeded by their own feature): ITA is checked here
      const catalogs = (await listCatalogs(demo.id)).filter((c) => c.kind === 'ita')
      expect(catalogs.map((c) => [c.key, c.status, c.fiscalYear])).toEqual([
        ['ita-nacc-2570', 'published', 2570],
        ['ita-nacc-2569', 'published', 2569],
      ])
      expect(catalogs[0].rolledFromId).toBe(catalogs[1].id)
      for (const c of catalogs) expect(await listAssignments(demo.id, c.id)).toHaveLength(c.itemCount)
      const units = new Map((await listUnits(demo.id)).map((u) => [u.nameTh, u.id]))
      const work = await listMyWork(demo.id, {
        unitIds: [units.get('กองคลัง')!, units.get('กลุ่มงานประชาสัมพันธ์')!],
        userId: demo.id,
      })
      const codes = work.filter((w) => w.catalogId === catalogs[0].id).map((w) => w.itemCode)
      expect(codes).toEqual(['O1', 'O2', 'O3', 'O4', 'O11', 'O12'])
    },
  )
})
