import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assignItems, confirmAssignment, listAssignments, listMyWork } from '#models/assignment.server'
import { listAuditEvents } from '#models/audit.server'
import {
  builtInCatalogs,
  confirmRollover,
  createNewVersion,
  deleteDraft,
  getCatalog,
  listCatalogs,
  planRollover,
  publishCatalog,
  replaceDraftContent,
  rolloverMapping,
  importCatalogFile,
  startFromBuiltIn,
} from '#models/catalog.server'
import type { ItaCatalog } from '#models/catalog-schema'
import ExcelJS from 'exceljs'
import { catalogToXlsx } from '#models/catalog-excel.server'
import { getOrganizationByCode } from '#models/organization.server'
import { DEMO_ORG_CODE, seedDemo } from '#scripts/seed'
import { listUnits } from '#models/unit.server'
import { createTestOrg, type TestOrg } from '#test/support/fixtures'
import { useTestDatabase } from '#test/support/services'

let cleanup: () => Promise<void>
let org: TestOrg
let other: TestOrg
beforeAll(async () => {
  ;({ cleanup } = await useTestDatabase())
  org = await createTestOrg('cat')
  other = await createTestOrg('cat-other')
})
afterAll(() => cleanup())

describe('catalogs on the real MongoDB-protocol server', () => {
  it('copies the largest built-in catalog (ITA 2566, 120 KB) into an organization and reads it back unchanged', async () => {
    const source = builtInCatalogs().find((c) => c.key === 'ita-nacc-2566')!
    const stored = await startFromBuiltIn(org.actor, 'ita-nacc-2566')
    expect(stored).toMatchObject({ status: 'draft', version: 1, fiscalYear: 2566, sourceKey: 'ita-nacc-2566', provisional: source.provisional })
    const read = await getCatalog(org.organization.id, stored.id)
    expect(read!.content).toEqual({ ...source, status: 'draft', version: 1 })
    // another organization cannot see it
    expect(await getCatalog(other.organization.id, stored.id)).toBeNull()
    expect(await listCatalogs(other.organization.id)).toEqual([])
  })

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
    const v1 = await startFromBuiltIn(org.actor, 'ita-nacc-2568')
    await publishCatalog(org.actor, v1.id)
    await expect(replaceDraftContent(org.actor, v1.id, v1.content)).rejects.toThrow(/published/)
    await assignItems(org.actor, { catalogId: v1.id, itemCodes: ['O1', 'O2'], unitIds: [org.units[0].id], dueDate: '2025-03-31' })

    const v2 = await createNewVersion(org.actor, v1.id)
    expect(v2).toMatchObject({ version: 2, status: 'draft', previousVersionId: v1.id })
    await expect(createNewVersion(org.actor, v1.id)).rejects.toThrow(/draft \(version 2\) already exists/)
    const edited = structuredClone(v2.content) as ItaCatalog
    const firstCriterion = (edited.tools[2].indicators[0] as Extract<ItaCatalog['tools'][number]['indicators'][number], { kind: 'checklist' }>).subIndicators[0].criteria
    firstCriterion.splice(1, 1) // drop O2
    await replaceDraftContent(org.actor, v2.id, edited)
    await publishCatalog(org.actor, v2.id)

    expect((await getCatalog(org.organization.id, v1.id))!.status).toBe('archived')
    expect((await listAssignments(org.organization.id, v2.id)).map((a) => a.itemCode)).toEqual(['O1'])
    expect((await listAssignments(org.organization.id, v1.id)).map((a) => a.itemCode)).toEqual(['O2'])
    const { events } = await listAuditEvents(org.organization.id, { targetType: 'catalog' })
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['catalog.start', 'catalog.publish', 'catalog.version', 'catalog.update', 'catalog.archive']))
  })

  it('shows a coordinator only the items of their units, soonest due first', async () => {
    const catalog = await startFromBuiltIn(other.actor, 'ita-nacc-2569')
    const [mine, theirs] = other.units
    await assignItems(other.actor, { catalogId: catalog.id, itemCodes: ['O3'], unitIds: [mine.id], dueDate: '2026-05-15' })
    await assignItems(other.actor, { catalogId: catalog.id, itemCodes: ['O1', 'O2'], unitIds: [mine.id, theirs.id], dueDate: '2026-02-01' })
    await assignItems(other.actor, { catalogId: catalog.id, itemCodes: ['O4'], unitIds: [theirs.id], dueDate: '2026-01-01' })
    const work = await listMyWork(other.organization.id, { unitIds: [mine.id], userId: other.people.coordinator.id })
    expect(work.map((w) => [w.itemCode, w.dueDate])).toEqual([
      ['O1', '2026-01-31T17:00:00.000Z'],
      ['O2', '2026-01-31T17:00:00.000Z'],
      ['O3', '2026-05-14T17:00:00.000Z'],
    ])
    expect(work[0]).toMatchObject({ titleTh: 'โครงสร้าง หน้าที่และอำนาจ', status: 'active' })
    // the other organization's coordinator sees none of it, even with the same unit id
    expect(await listMyWork(org.organization.id, { unitIds: [mine.id], userId: org.people.coordinator.id })).toEqual([])
  })

  it('refuses a bulk assignment naming an unknown unit, assigning nothing', async () => {
    const catalog = (await listCatalogs(other.organization.id))[0]
    const before = await listAssignments(other.organization.id, catalog.id)
    await expect(
      assignItems(other.actor, { catalogId: catalog.id, itemCodes: ['O8', 'O9'], unitIds: [org.units[0].id], dueDate: '2026-02-01' }),
    ).rejects.toThrow(/responsible units/)
    await expect(assignItems(other.actor, { catalogId: catalog.id, itemCodes: ['O8'], unitIds: [other.units[0].id], dueDate: '31/02/2569' })).rejects.toThrow(
      /due date/,
    )
    expect(await listAssignments(other.organization.id, catalog.id)).toEqual(before)
  })

  it('rolls 2568 over to 2569: carried assignments need re-confirmation, 2568 stays as it was', async () => {
    org = await createTestOrg('roll')
    const y2568 = await startFromBuiltIn(org.actor, 'ita-nacc-2568')
    await publishCatalog(org.actor, y2568.id)
    await assignItems(org.actor, { catalogId: y2568.id, itemCodes: ['O16', 'O9'], unitIds: [org.units[1].id], dueDate: '2025-04-30' })
    const y2569 = await startFromBuiltIn(org.actor, 'ita-nacc-2569')

    const plan = await planRollover(org.organization.id, y2568.id, y2569.id)
    const row = (from: string) => plan.rows.find((r) => r.fromCode === from)
    expect(row('O16')).toMatchObject({ change: 'renumbered', toCode: 'O15' })
    expect(row('O2')).toMatchObject({ change: 'same', toCode: 'O2' })
    expect(row('O9')).toMatchObject({ change: 'dropped', toCode: null })
    expect(plan.rows.some((r) => r.change === 'new' && r.toCode === 'O25')).toBe(true)

    const { carried, mapping } = await confirmRollover(org.actor, y2568.id, y2569.id)
    expect(carried).toBe(1)
    expect(mapping.O16).toBe('O15')
    expect(await rolloverMapping(org.organization.id, y2568.id, y2569.id)).toEqual(mapping)
    const [c] = await listAssignments(org.organization.id, y2569.id)
    expect(c).toMatchObject({ itemCode: 'O15', status: 'carried', unitIds: [org.units[1].id], dueDate: '2026-04-29T17:00:00.000Z', carriedFrom: { catalogId: y2568.id, itemCode: 'O16' } })
    const work = await listMyWork(org.organization.id, { unitIds: [org.units[1].id], userId: org.people.coordinator.id })
    expect(work.map((w) => [w.itemCode, w.status])).toEqual([['O15', 'carried']])
    await expect(confirmRollover(org.actor, y2568.id, y2569.id)).rejects.toThrow(/already/)
    // last year is untouched
    expect((await listAssignments(org.organization.id, y2568.id)).map((a) => [a.itemCode, a.status]).sort()).toEqual([['O16', 'active'], ['O9', 'active']])
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
    expect(imported).toMatchObject({ key: 'ita-from-excel', status: 'draft', itemCount: 23 })
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(good as unknown as ArrayBuffer)
    book.getWorksheet('catalog')!.getCell('B3').value = 'ita-from-excel-2'
    book.getWorksheet('elements')!.getRow(12).getCell(17).value = 0 // minCount
    const bad = Buffer.from(await book.xlsx.writeBuffer())
    const before = await listCatalogs(other.organization.id)
    const error = await importCatalogFile(other.actor, { name: 'bad.xlsx', bytes: bad }).catch((e) => e)
    expect(error.problems).toEqual([expect.stringMatching(/^แผ่นงาน elements แถว 12 คอลัมน์ Q \(minCount\): ต้องไม่น้อยกว่า 1.* \/ sheet elements row 12 column Q \(minCount\): must be at least 1/)])
    expect(await listCatalogs(other.organization.id)).toEqual(before)
  })

  it('seeds the demo agency with ITA 2569, its calendar and assignments, once', async () => {
    await seedDemo()
    await seedDemo()
    const demo = (await getOrganizationByCode(DEMO_ORG_CODE))!
    const catalogs = await listCatalogs(demo.id)
    expect(catalogs.map((c) => [c.key, c.status, c.fiscalYear])).toEqual([['ita-nacc-2569', 'published', 2569]])
    expect(await listAssignments(demo.id, catalogs[0].id)).toHaveLength(catalogs[0].itemCount)
    const units = new Map((await listUnits(demo.id)).map((u) => [u.nameTh, u.id]))
    const work = await listMyWork(demo.id, { unitIds: [units.get('กองคลัง')!, units.get('กลุ่มงานประชาสัมพันธ์')!], userId: demo.id })
    expect(work.map((w) => w.itemCode)).toEqual(['O1', 'O2', 'O3', 'O4', 'O11', 'O12'])
  })
})
