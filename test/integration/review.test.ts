import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { carryAssignments, confirmAssignment, listAssignments } from '#models/work/assignment.server'
import { listAuditEvents, type Actor } from '#models/tenancy/audit.server'
import { startFromBuiltIn } from '#models/catalog/catalog.server'
import { publishCatalog } from '#models/work/catalog-changes.server'
import { AppError } from '#models/errors'
import { createTextEvidence, deleteEvidence, linkEvidence } from '#models/evidence/records.server'
import { resolveOrganizationTarget } from '#models/evidence/targets.server'
import {
  approveItem,
  commentOnItem,
  getItemOutline,
  getItemReview,
  listMyWorkOfYear,
  listReviews,
  returnItem,
  submitItem,
} from '#models/work/review.server'
import type { TestOrg } from '#test/support/fixtures'
import { actorsOf, giveEvidence, provide, publishAndAssign, release } from '#test/support/kit'
import { rejection as refusal } from '#test/support/refusal'

let org: TestOrg
let other: TestOrg
let catalogId: string
let coordinator: Actor
let assessor: Actor

beforeAll(async () => {
  ;({ org, other } = await provide({ org: 'review', other: 'review-other' }))
  catalogId = (await publishAndAssign(org, 'ita-nacc-2569', { itemCodes: ['O1', 'O2', 'O3'] })).id
  ;({ coordinator, assessor } = actorsOf(org))
})
afterAll(release)

/** Links one new text evidence item to each element given; returns their ids. */
const give = (itemCode: string, elementIds: string[]) => giveEvidence(coordinator, catalogId, itemCode, elementIds)

const allTicks = async (itemCode: string) =>
  (await getItemReview(org.organization.id, catalogId, itemCode))!.elements.map((e) => ({
    elementId: e.id,
    ticked: true,
  }))

describe('item review on the real MongoDB-protocol server', () => {
  it('goes not started → in progress, and refuses a submission naming the elements short of evidence', async () => {
    expect((await getItemReview(org.organization.id, catalogId, 'O1'))!.status).toBe('not-started')
    await give('O1', ['e1'])
    const item = (await getItemReview(org.organization.id, catalogId, 'O1'))!
    expect(item.status).toBe('in-progress')
    expect(item.elements.map((e) => [e.id, e.evidence.length, e.short])).toEqual([
      ['e1', 1, false],
      ['e2', 0, true],
      ['e3', 0, true],
      ['link', 0, true],
    ])

    const error = await refusal(submitItem(coordinator, catalogId, 'O1'))
    expect(error.status).toBe(400)
    expect(error.message).toMatch(/หลักฐานยังไม่ครบในองค์ประกอบ e2 "หน้าที่และอำนาจ.*\(มี 0 จาก 1\)/)
    expect(error.message).toMatch(/e3 .*link /)
    expect(error.message).not.toMatch(/e1 "/)
    expect(Object.keys(error.fieldErrors)).toEqual(['element.e2', 'element.e3', 'element.link'])
    expect((await getItemReview(org.organization.id, catalogId, 'O1'))!.status).toBe('in-progress')
  })

  it('counts live evidence only: evidence in the bin does not count', async () => {
    const [id] = await give('O3', ['e1'])
    const who = { unitIds: [org.units[0].id], userId: coordinator.userId! }
    expect(
      (await listMyWorkOfYear(org.organization.id, who, 2569)).work.find((w) => w.itemCode === 'O3')!.reviewStatus,
    ).toBe('in-progress')
    await deleteEvidence(coordinator, id, 30)
    expect(
      (await listMyWorkOfYear(org.organization.id, who, 2569)).work.find((w) => w.itemCode === 'O3')!.reviewStatus,
    ).toBe('not-started')
    const item = (await getItemReview(org.organization.id, catalogId, 'O3'))!
    expect(item.elements.find((e) => e.id === 'e1')!.evidence).toEqual([])
  })

  it('submits, returns with a comment, resubmits and approves; each step audited', async () => {
    await give('O1', ['e2', 'e3', 'link'])
    await submitItem(coordinator, catalogId, 'O1', { comment: 'พร้อมตรวจ' })
    let item = (await getItemReview(org.organization.id, catalogId, 'O1'))!
    expect(item.status).toBe('submitted')
    expect(item.submittedByName).toBe(coordinator.userName)
    expect((await listReviews(org.organization.id)).map((r) => r.itemCode)).toEqual(['O1'])
    expect((await refusal(submitItem(coordinator, catalogId, 'O1'))).status).toBe(409)

    // a return needs a comment
    const noComment = await refusal(returnItem(assessor, catalogId, 'O1', { comment: '  ' }))
    expect(noComment.status).toBe(400)
    expect(noComment.fieldErrors.comment).toMatch(/ความเห็นถึงผู้ประสานงาน: จำเป็นต้องกรอก/)
    await returnItem(assessor, catalogId, 'O1', {
      comment: 'แผนผังไม่เป็นปัจจุบัน',
      ticks: [{ elementId: 'e2', ticked: true, note: 'ครบ' }],
    })
    item = (await getItemReview(org.organization.id, catalogId, 'O1'))!
    expect(item.status).toBe('returned')
    expect(item.returnComment).toMatchObject({
      kind: 'return',
      text: 'แผนผังไม่เป็นปัจจุบัน',
      authorName: assessor.userName,
      role: 'assessor',
    })
    expect(item.elements.find((e) => e.id === 'e2')).toMatchObject({ ticked: true, note: 'ครบ' })
    // cannot approve a returned item
    expect((await refusal(approveItem(assessor, catalogId, 'O1', { ticks: await allTicks('O1') }))).status).toBe(409)

    await commentOnItem(coordinator, catalogId, 'O1', 'coordinator', { text: 'แก้ไขแผนผังแล้ว' })
    await submitItem(coordinator, catalogId, 'O1')
    item = (await getItemReview(org.organization.id, catalogId, 'O1'))!
    expect(item.status).toBe('submitted')
    expect(item.returnComment).toBeNull()

    // approving with an unticked element needs a reason, which names them
    const noReason = await refusal(
      approveItem(assessor, catalogId, 'O1', { ticks: [{ elementId: 'e1', ticked: true }] }),
    )
    expect(noReason.message).toMatch(/องค์ประกอบ e2, e3, link ยังไม่ได้ทำเครื่องหมาย/)
    expect(noReason.fieldErrors.reason).toBeTruthy()
    expect((await getItemReview(org.organization.id, catalogId, 'O1'))!.status).toBe('submitted')
    const unknownElement = await refusal(
      approveItem(assessor, catalogId, 'O1', { ticks: [{ elementId: 'zz', ticked: true }] }),
    )
    expect(unknownElement.message).toMatch(/zz/)

    await approveItem(assessor, catalogId, 'O1', { ticks: await allTicks('O1') })
    item = (await getItemReview(org.organization.id, catalogId, 'O1'))!
    expect(item.status).toBe('approved')
    expect(item.approvedByName).toBe(assessor.userName)
    expect(Date.now() - new Date(item.approvedAt!).getTime()).toBeLessThan(60_000)
    expect(item.comments.map((c) => [c.kind, c.role])).toEqual([
      ['submit', 'coordinator'],
      ['return', 'assessor'],
      ['comment', 'coordinator'],
      ['submit', 'coordinator'],
      ['approve', 'assessor'],
    ])

    const { events } = await listAuditEvents(org.organization.id, { targetType: 'review' })
    const steps = events
      .reverse()
      .map((e) => [e.action, e.changes.status?.before ?? null, e.changes.status?.after ?? null])
    expect(steps).toEqual([
      ['review.submit', 'in-progress', 'submitted'],
      ['review.return', 'submitted', 'returned'],
      ['review.comment', null, null],
      ['review.submit', 'returned', 'submitted'],
      ['review.approve', 'submitted', 'approved'],
    ])
    expect(events.every((e) => e.targetLabel === 'ita-nacc-2569 O1')).toBe(true)
  })

  it('approves with an unticked element when a reason is recorded', async () => {
    await give('O2', ['e1', 'e2', 'link'])
    await submitItem(coordinator, catalogId, 'O2')
    await approveItem(assessor, catalogId, 'O2', {
      ticks: [
        { elementId: 'e1', ticked: true },
        { elementId: 'e2', ticked: true },
      ],
      reason: 'ลิงก์ตรวจจากเว็บไซต์แล้ว',
    })
    const item = (await getItemReview(org.organization.id, catalogId, 'O2'))!
    expect(item).toMatchObject({ status: 'approved', approvalReason: 'ลิงก์ตรวจจากเว็บไซต์แล้ว' })
    expect(item.elements.find((e) => e.id === 'link')!.ticked).toBe(false)
    const who = { unitIds: [org.units[0].id], userId: coordinator.userId! }
    const { work } = await listMyWorkOfYear(org.organization.id, who, 2569)
    expect(Object.fromEntries(work.map((w) => [w.itemCode, w.reviewStatus]))).toEqual({
      O1: 'approved',
      O2: 'approved',
      O3: 'not-started',
    }) // O3's only evidence is in the bin
    // approved work is no longer late; work not yet delivered still is (due 31 March 2026)
    const late = new Date('2026-04-01T00:00:00+07:00') < new Date()
    expect(Object.fromEntries(work.map((w) => [w.itemCode, w.overdue]))).toEqual({ O1: false, O2: false, O3: late })
  })

  it("shows my work one fiscal year at a time, with each year's count", async () => {
    await publishAndAssign(org, 'ita-nacc-2570', { itemCodes: ['O5'], dueDate: '2027-03-31' })
    const who = { unitIds: [org.units[0].id], userId: coordinator.userId! }
    const first = await listMyWorkOfYear(org.organization.id, who, null)
    // the year in progress (or the nearest) first, and only its work on the page
    expect(first.fiscalYear).toBe(first.years[0].fiscalYear)
    expect(first.work.every((w) => w.fiscalYear === first.fiscalYear)).toBe(true)
    expect(first.years.find((y) => y.fiscalYear === 2570)?.count).toBe(1)
    const y2569 = await listMyWorkOfYear(org.organization.id, who, 2569)
    expect(y2569.fiscalYear).toBe(2569)
    expect(y2569.work.map((w) => w.itemCode).sort()).toEqual(['O1', 'O2', 'O3'])
    expect(y2569.years.find((y) => y.fiscalYear === 2569)?.count).toBe(3)
    // a year without work falls back to the first
    expect((await listMyWorkOfYear(org.organization.id, who, 2001)).fiscalYear).toBe(first.fiscalYear)
  })

  it('lets only one of two simultaneous approvals win', async () => {
    const catalog = await publishAndAssign(org, 'ita-nacc-2568', { itemCodes: ['O1'], dueDate: '2025-03-31' })
    const item = (await getItemReview(org.organization.id, catalog.id, 'O1'))!
    for (const e of item.elements) {
      for (let n = 0; n < e.minCount; n++) {
        const ev = await createTextEvidence(coordinator, { title: `2568 ${e.id} ${n}`, html: '<p>x</p>' })
        await linkEvidence(
          coordinator,
          ev.id,
          { catalogId: catalog.id, itemCode: 'O1', elementId: e.id },
          { resolveTarget: resolveOrganizationTarget },
        )
      }
    }
    const ticks = item.elements.map((e) => ({ elementId: e.id, ticked: true }))
    const second = { ...assessor, userName: 'ผู้ตรวจคนที่สอง' }
    const oneWins = (results: PromiseSettledResult<unknown>[]) => {
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
      const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
      expect(lost.reason).toBeInstanceOf(AppError)
      expect((lost.reason as AppError).status).toBe(409)
    }
    // several rounds, since a race that is lost by chance proves nothing
    for (let round = 0; round < 4; round++) {
      oneWins(
        await Promise.allSettled([
          submitItem(coordinator, catalog.id, 'O1'),
          submitItem(coordinator, catalog.id, 'O1'),
        ]),
      )
      oneWins(
        await Promise.allSettled([
          returnItem(assessor, catalog.id, 'O1', { comment: `รอบ ${round} ก` }),
          returnItem(second, catalog.id, 'O1', { comment: `รอบ ${round} ข` }),
        ]),
      )
    }
    await submitItem(coordinator, catalog.id, 'O1')
    // both from the item as one page read it (the item route's action hands its outline on): still one wins
    const outline = (await getItemOutline(org.organization.id, catalog.id, 'O1'))!
    oneWins(
      await Promise.allSettled([
        approveItem(assessor, catalog.id, 'O1', { ticks }, outline),
        approveItem(second, catalog.id, 'O1', { ticks }, outline),
      ]),
    )
    // an outline read before the approval does not let a return through
    const late = await refusal(returnItem(assessor, catalog.id, 'O1', { comment: 'ช้าไป' }, outline))
    expect(late.status).toBe(409)
    const final = (await getItemReview(org.organization.id, catalog.id, 'O1'))!
    expect(final.status).toBe('approved')
    expect(final.comments.filter((c) => c.kind === 'return')).toHaveLength(4)
    const { events } = await listAuditEvents(org.organization.id, { targetType: 'review' })
    const mine = events.filter((e) => e.targetLabel === 'ita-nacc-2568 O1').map((e) => e.action)
    expect(mine.filter((a) => a === 'review.approve')).toHaveLength(1)
    expect(mine.filter((a) => a === 'review.return')).toHaveLength(4)
    expect(mine.filter((a) => a === 'review.submit')).toHaveLength(5)
  })

  it(
    'shows a carried item as needing re-confirmation, and refuses its submission until an administrator ' +
      'confirms it',
    async () => {
      const next = await startFromBuiltIn(org.actor, 'ita-nacc-2566')
      await publishCatalog(org.actor, next.id)
      expect(await carryAssignments(org.actor, catalogId, next.id, { O3: 'O1' })).toBe(1)
      expect((await getItemReview(org.organization.id, next.id, 'O1'))!.status).toBe('carried')
      const error = await refusal(submitItem(coordinator, next.id, 'O1'))
      expect(error.status).toBe(409)
      expect(error.message).toMatch(/ยกมาจากปีก่อน.*ยืนยันการมอบหมาย/)
      const [carried] = await listAssignments(org.organization.id, next.id)
      await confirmAssignment(org.actor, carried.id)
      expect((await getItemReview(org.organization.id, next.id, 'O1'))!.status).toBe('not-started')
    },
  )

  it('is not found from another organization, and nothing changes', async () => {
    const before = await getItemReview(org.organization.id, catalogId, 'O3')
    expect(await getItemReview(other.organization.id, catalogId, 'O1')).toBeNull()
    const outsider = { ...other.actor, userId: other.people.assessor.id, userName: 'outsider' }
    // an outline of this organization's item handed to another organization's transition is not used
    const outline = (await getItemOutline(org.organization.id, catalogId, 'O3'))!
    for (const attempt of [
      () => submitItem(outsider, catalogId, 'O3', {}, outline),
      () => commentOnItem(outsider, catalogId, 'O3', 'assessor', { text: 'x' }, outline),
      () => submitItem(outsider, catalogId, 'O3'),
      () => returnItem(outsider, catalogId, 'O1', { comment: 'x' }),
      () => approveItem(outsider, catalogId, 'O1', { reason: 'x' }),
      () => commentOnItem(outsider, catalogId, 'O3', 'assessor', { text: 'x' }),
    ]) {
      expect((await refusal(attempt())).status).toBe(404)
    }
    expect(await listReviews(other.organization.id, ['submitted', 'returned', 'approved', 'in-progress'])).toEqual([])
    expect(await getItemReview(org.organization.id, catalogId, 'O3')).toEqual(before)
    expect(await getItemReview(org.organization.id, 'not-an-id', 'O1')).toBeNull()
    expect(await getItemReview(org.organization.id, catalogId, 'O999')).toBeNull()
  })
})
