/**
 * The inbox badge reads the organization's work summary by key (models/work/work-state.server.ts): after
 * every change that moves work between people (assign, unassign, submit, return, approve, a due date moved
 * in the round calendar) the very next count is right, for the coordinator, the assessor and the administrator.
 * Every count here is read after a count that stored the summary, so a write that did not mark it stale
 * would show the old number. Submit and return leave the stored summary (assignments, catalogs, deadlines) as it is:
 * the reviews are read again on their own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import mongoose from 'mongoose'
import { assignItems, listAssignments, removeAssignment } from '#models/work/assignment.server'
import { inboxCount, type Who } from '#models/work/reminder.server'
import { approveItem, getItemReview, returnItem, submitItem } from '#models/work/review.server'
import { deleteEvidence } from '#models/evidence/records.server'
import { getCompleteness, parseCompletenessFilters } from '#models/reporting/completeness.server'
import type { TestOrg } from '#test/support/fixtures'
import { actorsOf, giveEvidence, provide, publishAndAssign, release } from '#test/support/kit'

let org: TestOrg
let catalogId: string
const now = new Date()
/** The Bangkok calendar day `days` from now, as YYYY-MM-DD. */
const dayIn = (days: number) => new Date(now.getTime() + days * 86_400_000 + 7 * 3600_000).toISOString().slice(0, 10)

const who = (role: 'coordinator' | 'assessor' | 'admin'): Who => ({
  role,
  userId: org.people[role].id,
  unitIds: role === 'coordinator' ? [org.units[0].id] : [],
})
/** The token of the organization's stored work summary (it changes each time the summary is rebuilt). */
const storedToken = async () =>
  (
    await mongoose.connection
      .collection('work_summaries')
      .findOne({ _id: org.organization.id as unknown as mongoose.Types.ObjectId })
  )?.token
const counts = async () => ({
  coordinator: await inboxCount(org.organization.id, who('coordinator'), now),
  assessor: await inboxCount(org.organization.id, who('assessor'), now),
  admin: await inboxCount(org.organization.id, who('admin'), now),
})

beforeAll(async () => {
  ;({ org } = await provide({ org: 'work-summary' }))
  catalogId = (await publishAndAssign(org, 'ita-nacc-2569', { itemCodes: ['O1'], dueDate: dayIn(3) })).id
})
afterAll(release)

describe('the inbox badge after each change', () => {
  it('counts assign, submit, return, approve and unassign at once', async () => {
    const { coordinator, assessor } = actorsOf(org)
    // O1 is due in 3 days: the coordinator's unit has it to do
    expect(await counts()).toEqual({ coordinator: 1, assessor: 0, admin: 0 })

    await assignItems(org.actor, { catalogId, itemCodes: ['O2'], unitIds: [org.units[0].id], dueDate: dayIn(5) })
    expect(await counts()).toEqual({ coordinator: 2, assessor: 0, admin: 0 })

    const elements = (await getItemReview(org.organization.id, catalogId, 'O1'))!.elements.map((e) => e.id)
    await giveEvidence(coordinator, catalogId, 'O1', elements)
    const planned = await storedToken()
    await submitItem(coordinator, catalogId, 'O1')
    // submitted: no longer due for the coordinator, waiting for the assessor
    expect(await counts()).toEqual({ coordinator: 1, assessor: 1, admin: 0 })

    await returnItem(assessor, catalogId, 'O1', { comment: 'ขอเอกสารเพิ่ม' })
    expect(await counts()).toEqual({ coordinator: 2, assessor: 0, admin: 0 })
    // reviews are read again on their own: the stored summary of assignments was neither rebuilt nor rewritten
    expect(await storedToken()).toBe(planned)

    await submitItem(coordinator, catalogId, 'O1')
    expect(await counts()).toEqual({ coordinator: 1, assessor: 1, admin: 0 })

    await approveItem(assessor, catalogId, 'O1', { ticks: elements.map((elementId) => ({ elementId, ticked: true })) })
    expect(await counts()).toEqual({ coordinator: 1, assessor: 0, admin: 0 })

    const o2 = (await listAssignments(org.organization.id, catalogId)).find((a) => a.itemCode === 'O2')!
    await removeAssignment(org.actor, o2.id)
    expect(await counts()).toEqual({ coordinator: 0, assessor: 0, admin: 0 })
  })

  it('keeps one organization’s changes out of another’s summary, and reads the stored summary by key', async () => {
    const before = await counts()
    const summaries = mongoose.connection.collection('work_summaries')
    const stored = await summaries.findOne({ _id: org.organization.id as unknown as mongoose.Types.ObjectId })
    expect(stored).not.toBeNull()
    // an unrelated organization's write bumps only its own token
    const other = new mongoose.Types.ObjectId().toString()
    await mongoose.model('Assignment').deleteMany({ organizationId: new mongoose.Types.ObjectId(other) })
    expect(await counts()).toEqual(before)
    const again = await summaries.findOne({ _id: org.organization.id as unknown as mongoose.Types.ObjectId })
    expect(again?.token).toBe(stored?.token)
  })
})

describe('the completeness matrix after an evidence change', () => {
  it('counts a deleted evidence item out on the next load', async () => {
    const { coordinator } = actorsOf(org)
    await assignItems(org.actor, { catalogId, itemCodes: ['O3'], unitIds: [org.units[0].id], dueDate: dayIn(9) })
    const element = (await getItemReview(org.organization.id, catalogId, 'O3'))!.elements[0].id
    const [first] = await giveEvidence(coordinator, catalogId, 'O3', [element, element])
    const filters = parseCompletenessFilters(new URLSearchParams(`catalog=${catalogId}`))
    const row = async () =>
      (await getCompleteness(org.organization.id, filters))!.rows.find((r) => r.itemCode === 'O3')!
    expect((await row()).evidenceCount).toBe(2)
    // the second load is served from the stored links; the delete must make the next one read them again
    expect((await row()).evidenceCount).toBe(2)
    await deleteEvidence(coordinator, first, 30)
    expect((await row()).evidenceCount).toBe(1)
  })
})
