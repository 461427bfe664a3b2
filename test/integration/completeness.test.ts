/**
 * The completeness matrix and its Excel export against the real MongoDB-protocol server: after
 * each step of the review cycle (submit, return, resubmit, approve) the matrix's statuses,
 * evidence counts and percentages equal what the database says item by item, and the workbook,
 * read back with exceljs, carries the same numbers. Filters and due dates (the round deadline of
 * the unit when the assignment has none) are checked too.
 */
import ExcelJS from 'exceljs'
import mongoose from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listAssignments } from '#models/work/assignment.server'
import type { Actor } from '#models/tenancy/audit.server'
import {
  getCompleteness,
  parseCompletenessFilters,
  STATUS_TH,
  type Completeness,
} from '#models/reporting/completeness.server'
import { completenessWorkbook } from '#evidence/documents/completeness-workbook.server'
import { deleteEvidence, restoreEvidence, unlinkEvidence } from '#models/evidence/records.server'
import { approveItem, chooseAnswer, getItemReview, returnItem, submitItem } from '#models/work/review.server'
import { saveCalendar } from '#models/work/calendar.server'
import type { TestOrg } from '#test/support/fixtures'
import { actorsOf, giveEvidence, provide, publishAndAssign, release } from '#test/support/kit'
import { refusal } from '#test/support/refusal'

let org: TestOrg
let other: TestOrg
let catalogId: string
let coordinator: Actor
let assessor: Actor
const ASSIGNED = ['O1', 'O2', 'O3']
// due dates two years either side of today: the server refuses any more than five years away
const YEAR = new Date().getUTCFullYear()

beforeAll(async () => {
  ;({ org, other } = await provide({ org: 'complete', other: 'complete-other' }))
  const [finance, pr] = org.units.map((u) => u.id)
  const catalog = await publishAndAssign(
    org,
    'ita-nacc-2569',
    { itemCodes: ['O1'], dueDate: `${YEAR + 2}-03-31` },
    { itemCodes: ['O2'], unitIds: [finance, pr], dueDate: `${YEAR - 2}-01-15`, ownerIds: [org.people.coordinator.id] },
    { itemCodes: ['O3'], unitIds: [pr], dueDate: `${YEAR + 2}-01-01` },
  )
  catalogId = catalog.id
  // why: assignments made before due dates were required, or carried without one, have none;
  // the screen cannot make such an assignment any more, so the test writes it directly
  await mongoose
    .model('Assignment')
    .collection.updateOne(
      { organizationId: new mongoose.Types.ObjectId(org.organization.id), itemCode: 'O3' },
      { $set: { dueDate: null } },
    )
  await saveCalendar(org.actor, {
    fiscalYear: catalog.fiscalYear,
    phases: [],
    unitDeadlines: [{ unitId: pr, dueDate: `${YEAR - 2}-02-01` }],
  })
  ;({ coordinator, assessor } = actorsOf(org))
})
afterAll(release)

const give = (itemCode: string, elementIds: string[]) => giveEvidence(coordinator, catalogId, itemCode, elementIds)

const load = (query = '') =>
  getCompleteness(
    org.organization.id,
    parseCompletenessFilters(new URLSearchParams(`catalog=${catalogId}&${query}`)),
  ) as Promise<Completeness>

/** What the database says, item by item, through the item page's own reader (one query per element). */
async function expected() {
  const items = await Promise.all(
    ASSIGNED.map(async (code) => (await getItemReview(org.organization.id, catalogId, code))!),
  )
  const approved = items.filter((i) => i.status === 'approved').length
  const required = items.reduce((s, i) => s + i.elements.length, 0)
  const covered = items.reduce((s, i) => s + i.elements.filter((e) => !e.short).length, 0)
  return {
    rows: Object.fromEntries(
      items.map((i) => [
        i.itemCode,
        {
          status: i.status,
          covered: i.elements.filter((e) => !e.short).length,
          required: i.elements.length,
          evidence: new Set(i.elements.flatMap((e) => e.evidence.map((x) => x.id))).size,
        },
      ]),
    ),
    approvedPct: Math.round((approved / items.length) * 1000) / 10,
    evidencePct: Math.round((covered / required) * 1000) / 10,
    approved,
  }
}

async function readWorkbook(c: Completeness) {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load((await completenessWorkbook(c)) as unknown as ArrayBuffer)
  const matrix = wb.getWorksheet('ตารางความครบถ้วน')!
  const header = (matrix.getRow(1).values as unknown[]).slice(1)
  const rows: Record<
    string,
    {
      status: unknown
      evidence: unknown
      covered: unknown
      required: unknown
      fill: string | undefined
      units: Record<string, unknown>
    }
  > = {}
  matrix.eachRow((row, n) => {
    if (n === 1) return
    const v = row.values as unknown[]
    rows[String(v[1])] = {
      status: v[4],
      evidence: v[5],
      covered: v[6],
      required: v[7],
      fill: (row.getCell(4).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb,
      units: Object.fromEntries(header.slice(9).map((name, i) => [String(name), v[10 + i]])),
    }
  })
  const summary = wb.getWorksheet('สรุป')!
  let overall: unknown[] = []
  summary.eachRow((row) => {
    if ((row.values as unknown[])[1] === 'รวมทั้งหมด') overall = (row.values as unknown[]).slice(1)
  })
  return { header, rows, overall }
}

async function agree(step: string) {
  const c = await load()
  const want = await expected()
  expect(
    c.rows.map((r) => r.itemCode),
    step,
  ).toEqual(ASSIGNED)
  for (const r of c.rows) {
    expect(
      { status: r.status, covered: r.elementsCovered, required: r.elementsRequired, evidence: r.evidenceCount },
      `${step} ${r.itemCode}`,
    ).toEqual(want.rows[r.itemCode])
  }
  expect(c.overall.approvedPct, step).toBe(want.approvedPct)
  expect(c.overall.evidencePct, step).toBe(want.evidencePct)
  expect(c.overall.approved, step).toBe(want.approved)

  const xlsx = await readWorkbook(c)
  for (const r of c.rows) {
    expect(xlsx.rows[r.itemCode].status, `${step} excel ${r.itemCode}`).toBe(STATUS_TH[want.rows[r.itemCode].status])
    expect([xlsx.rows[r.itemCode].evidence, xlsx.rows[r.itemCode].covered, xlsx.rows[r.itemCode].required]).toEqual([
      want.rows[r.itemCode].evidence,
      want.rows[r.itemCode].covered,
      want.rows[r.itemCode].required,
    ])
  }
  // overall line: items, approved, approved %, elements, covered, evidence %
  expect(xlsx.overall.slice(1, 7), `${step} excel summary`).toEqual([
    ASSIGNED.length,
    want.approved,
    want.approvedPct,
    c.overall.elementsRequired,
    c.overall.elementsCovered,
    want.evidencePct,
  ])
  return { c, xlsx }
}

describe('completeness matrix and Excel export', () => {
  it('agree with the database after submit, return, resubmit and approve', async () => {
    const start = await agree('nothing linked')
    expect(start.c.overall.byStatus['not-started']).toBe(3)
    expect(start.c.overall.approvedPct).toBe(0)
    expect(start.c.unassigned).toBeGreaterThan(0)

    await give('O1', ['e1', 'e2', 'e3', 'link'])
    const [o2e1] = await give('O2', ['e1'])
    const linked = await agree('evidence linked')
    expect(linked.c.rows.find((r) => r.itemCode === 'O1')).toMatchObject({
      status: 'in-progress',
      elementsCovered: 4,
      elementsRequired: 4,
      evidenceCount: 4,
    })
    expect(linked.c.rows.find((r) => r.itemCode === 'O2')).toMatchObject({
      status: 'in-progress',
      elementsCovered: 1,
      elementsRequired: 3,
    })

    await submitItem(coordinator, catalogId, 'O1', { comment: 'พร้อม' })
    expect((await agree('submitted')).c.overall.byStatus.submitted).toBe(1)

    await returnItem(assessor, catalogId, 'O1', { comment: 'แก้ไขเอกสาร' })
    const returned = await agree('returned')
    expect(returned.xlsx.rows.O1.status).toBe('ส่งกลับให้แก้ไข')
    expect(returned.xlsx.rows.O1.fill).toBe('FFFFC9C9')

    await submitItem(coordinator, catalogId, 'O1')
    await agree('resubmitted')
    const ticks = (await getItemReview(org.organization.id, catalogId, 'O1'))!.elements.map((e) => ({
      elementId: e.id,
      ticked: true,
    }))
    await approveItem(assessor, catalogId, 'O1', { ticks })
    const approved = await agree('approved')
    expect(approved.c.overall.approvedPct).toBe(33.3)
    expect(approved.c.groups).toEqual([
      expect.objectContaining({ group: 'OIT · 9.1', items: 3, approved: 1, approvedPct: 33.3 }),
    ])
    // the matrix has a cell under each responsible unit, named in the workbook's header
    expect(approved.c.rows.find((r) => r.itemCode === 'O2')!.cells).toHaveProperty(org.units[1].id)
    expect(approved.xlsx.header.slice(9).sort()).toEqual([org.units[0].nameTh, org.units[1].nameTh].sort())
    expect(approved.xlsx.rows.O1.units[org.units[0].nameTh]).toBe('อนุมัติแล้ว')
    expect(approved.xlsx.rows.O1.units[org.units[1].nameTh] ?? null).toBeNull()

    // where the lead unit left evidence out of the item's answer, it no longer covers its element
    await chooseAnswer(coordinator, org.people.coordinator.membership, catalogId, 'O2', o2e1, false)
    const answered = await agree('answer chosen')
    expect(answered.c.rows.find((r) => r.itemCode === 'O2')).toMatchObject({ elementsCovered: 0, evidenceCount: 1 })

    // deleted evidence no longer counts
    const [gone] = await give('O3', ['e1'])
    expect((await load()).rows.find((r) => r.itemCode === 'O3')!.evidenceCount).toBe(1)
    await deleteEvidence(coordinator, gone, 30)
    await agree('evidence deleted')
    // the links are read by key since the first load: a restore and an unlink show on the next load
    await restoreEvidence(org.actor, gone)
    expect((await agree('evidence restored')).c.rows.find((r) => r.itemCode === 'O3')!.evidenceCount).toBe(1)
    await unlinkEvidence(coordinator, gone, { catalogId, itemCode: 'O3', elementId: 'e1' })
    expect((await agree('evidence unlinked')).c.rows.find((r) => r.itemCode === 'O3')!.evidenceCount).toBe(0)
  })

  it('takes the unit’s round deadline when the assignment has no due date, and flags overdue items', async () => {
    const c = await load()
    const o3 = c.rows.find((r) => r.itemCode === 'O3')!
    expect(o3.dueDate).toBe(new Date(`${YEAR - 2}-02-01T00:00:00+07:00`).toISOString())
    expect(o3.overdue).toBe(true)
    expect(c.rows.find((r) => r.itemCode === 'O1')!.overdue).toBe(false) // approved, and due in two years
    const overdueOnly = await load('overdue=on')
    expect(overdueOnly.rows.map((r) => r.itemCode).sort()).toEqual(['O2', 'O3'])
    expect(overdueOnly.overall.overdue).toBe(2)
    const dueRange = await load(`dueFrom=${YEAR - 2}-01-01&dueTo=${YEAR - 2}-01-31`)
    expect(dueRange.rows.map((r) => r.itemCode)).toEqual(['O2'])
  })

  it('filters by status, unit and owner, with the percentages of what is shown', async () => {
    const byUnit = await load(`unit=${org.units[1].id}`)
    expect(byUnit.rows.map((r) => r.itemCode)).toEqual(['O2', 'O3'])
    expect(byUnit.units.map((u) => u.id)).toEqual([org.units[1].id])
    expect(byUnit.overall.approvedPct).toBe(0)
    const approved = await load('status=approved')
    expect(approved.rows.map((r) => r.itemCode)).toEqual(['O1'])
    expect(approved.overall.approvedPct).toBe(100)
    const owned = await load(`owner=${org.people.coordinator.id}`)
    expect(owned.rows.map((r) => r.itemCode)).toEqual(['O2'])
    expect(owned.options.owners.map((o) => o.id)).toEqual([org.people.coordinator.id])
  })

  it(
    'refuses a bad filter naming the field and the rule, and ' + 'answers 404 for another organization’s catalog',
    async () => {
      expect((await refusal(() => load('status=lost'))).fieldErrors.status).toMatch(/status: unknown status/)
      expect((await refusal(() => load('dueFrom=31-02-2569'))).fieldErrors.dueFrom).toMatch(
        /due from: Feb 2569 BE has no day 31/,
      )
      expect((await refusal(() => load('dueFrom=2026-02-01&dueTo=2026-01-01'))).fieldErrors.dueTo).toMatch(
        /must not be before/,
      )
      expect((await refusal(() => load('unit=nope'))).fieldErrors.unit).toMatch(/unit: not a valid id/)
      const foreign = await refusal(() =>
        getCompleteness(other.organization.id, parseCompletenessFilters(new URLSearchParams(`catalog=${catalogId}`))),
      )
      expect(foreign.status).toBe(404)
      // an organization without catalogs has no dashboard yet (the screen says so)
      expect(await getCompleteness(other.organization.id, parseCompletenessFilters(new URLSearchParams()))).toBeNull()
      expect((await listAssignments(org.organization.id, catalogId)).length).toBe(3)
    },
  )
})
